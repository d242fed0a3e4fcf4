/**
 * Write latency under concurrent writers: `node --import tsx bench/write-step.ts <sqlite-file | postgres-url> [schema]`.
 * Opens a fresh store, then times single-value writes (ObservationRepo.writeDraft, each a transaction with its
 * revision and audit entry): first 1 writer (the baseline), then 50 concurrent writers, each on its own cell with
 * the version it last wrote (on PostgreSQL each of 5 Store instances has its own pool). Prints, as its last line,
 * {"one": {p50, p99, writes}, "fifty": {p50, p99, writes, conflicts, busy}} in ms.
 * @module
 */
import { ObservationRepo } from '../src/store/observation-repo.js'
import { openStoreTarget, type Store, type StoreTarget } from '../src/store/open-store.js'

const [where, schema] = process.argv.slice(2)
if (!where) throw new Error('usage: write-step.ts <sqlite-file | postgres-url> [schema]')
const target: StoreTarget = where.startsWith('postgres') ? { kind: 'postgres', url: where, ...(schema ? { schema } : {}) } : { kind: 'sqlite', file: where }
const WRITES_EACH = 20
const stamp = { by: 'bench', at: '2026-01-01T00:00:00.000Z', origin: 'bench' }

function percentile(sorted: ReadonlyArray<number>, p: number): number {
  return Math.round((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) * 10) / 10
}

async function run(repos: ReadonlyArray<ObservationRepo>, writers: number, offset: number) {
  const times: number[] = []
  let conflicts = 0
  let busy = 0
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const repo = repos[w % repos.length]
      if (!repo) throw new Error('no store') // impossible: at least one is open
      let version = 0
      for (let k = 0; k < WRITES_EACH; k++) {
        const value = offset + w * 1000 + k
        const started = performance.now()
        try {
          const saved = await repo.writeDraft(
            {
              indicator: 'gdp',
              region: `9${String(offset + w).padStart(5, '0')}`,
              period: '2020',
              year: 2020,
              source: 'bench',
              value,
              valueText: String(value),
              unit: '亿元',
              note: null,
              version,
            },
            stamp,
          )
          version = saved.version
          times.push(performance.now() - started)
        } catch (e) {
          const code = (e as { code?: string }).code
          if (code === 'observation.version_conflict') conflicts++
          else if (code === 'store.busy') busy++
          else throw e
        }
      }
    }),
  )
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p99: percentile(times, 99), writes: times.length, conflicts, busy }
}

const stores: Store[] = []
try {
  for (let i = 0; i < (target.kind === 'postgres' ? 5 : 1); i++) stores.push(await openStoreTarget(target, { create: true }))
  const repos = stores.map((s) => new ObservationRepo(s))
  const one = await run(repos.slice(0, 1), 1, 0)
  const fifty = await run(repos, 50, 100)
  console.log(JSON.stringify({ one, fifty }))
} finally {
  for (const s of stores) await s.close()
}
