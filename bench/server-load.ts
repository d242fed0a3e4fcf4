/**
 * API under load (autocannon): cached status reads and observation queries at 50 and 200 concurrent clients,
 * beside a baseline in the same run — GET /api/health, the framework's floor on this machine.
 * Usage: npm run bench [-- --json FILE] [-- --seconds N]. PostgreSQL too when URBMON_BENCH_DATABASE_URL is set.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'

import autocannon from 'autocannon'

import { openContext } from '../src/app/context.js'
import { main } from '../src/cli/main.js'
import { buildServer } from '../src/http/server.js'
import type { StoreTarget } from '../src/store/open-store.js'

const args = process.argv.slice(2)
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 8

const quiet = { out: () => undefined, err: (t: string) => process.stderr.write(`${t}\n`), env: {}, now: () => new Date(), readStdin: async () => 'bench-admin-password\n' }

async function prepare(target: StoreTarget): Promise<void> {
  const flags = target.kind === 'sqlite' ? ['--db', target.file] : ['--database-url', target.url]
  const code = await main([...flags, 'init', '--admin-password-stdin'], quiet)
  if (code !== 0) throw new Error('init failed')
}

interface Row {
  store: string
  endpoint: string
  connections: number
  requestsPerSec: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

async function measure(store: string, url: string, endpoint: string, connections: number): Promise<Row> {
  const r = await autocannon({ url: url + endpoint, connections, duration: seconds, pipelining: 1 })
  return { store, endpoint, connections, requestsPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx }
}

async function run(name: string, target: StoreTarget): Promise<Row[]> {
  await prepare(target)
  const ctx = await openContext(target)
  const app = await buildServer({ ctx })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const rows: Row[] = []
  try {
    // Warm the status cache: the first computation (with bootstrap forecasts) is the expensive one.
    await fetch(`${address}/api/status`)
    for (const connections of [50, 200]) {
      for (const endpoint of ['/api/health', '/api/status', '/api/observations?indicator=resident_pop', '/api/observations?region=320100&year=2017-2024']) {
        rows.push(await measure(name, address, endpoint, connections))
      }
    }
  } finally {
    await app.close()
    await ctx.close()
  }
  return rows
}

const dir = mkdtempSync(join(tmpdir(), 'urbmon-bench-'))
const rows = await run('sqlite', { kind: 'sqlite', file: join(dir, 'bench.db') })
if (process.env.URBMON_BENCH_DATABASE_URL) rows.push(...(await run('postgres', { kind: 'postgres', url: process.env.URBMON_BENCH_DATABASE_URL, schema: `bench_${Date.now()}` })))

const baseline = new Map(rows.filter((r) => r.endpoint === '/api/health').map((r) => [`${r.store}|${r.connections}`, r]))
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; ${seconds} s per run`)
console.log('store     endpoint                                         conns   req/s   p50 ms   p99 ms  errors  non-2xx  vs /api/health req/s')
for (const r of rows) {
  const base = baseline.get(`${r.store}|${r.connections}`)!
  console.log(
    `${r.store.padEnd(9)} ${r.endpoint.padEnd(48)} ${String(r.connections).padStart(5)} ${String(r.requestsPerSec).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.non2xx).padStart(8)}  ${(r.requestsPerSec / base.requestsPerSec).toFixed(2)}×`,
  )
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, seconds, rows }, null, 2))
