/**
 * Concurrent writers on one store, on SQLite and PostgreSQL alike: every acknowledged write is in the store once,
 * with its revision and its audit entry; a lost race is a version conflict (409), never a rewind, a duplicate
 * version or a 500. Several Store instances share the target (on PostgreSQL each has its own pool of connections;
 * on SQLite a second handle on the same file competes for the write lock).
 */
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'

import type { ImportMeta } from '../../src/app/ports/imports.js'
import type { ChangeStamp, DraftInput } from '../../src/app/ports/observations.js'
import { isAppError } from '../../src/core/errors.js'
import type { CandidateObservation } from '../../src/ingest/index.js'
import { ObservationRepo } from '../../src/store/observation-repo.js'
import { openStoreTarget, type Store } from '../../src/store/open-store.js'
import { dropFreshStores, STORES, type TestStore } from '../helpers/stores.js'

afterAll(dropFreshStores)

const AT = '2026-01-01T00:00:00.000Z'
const STAMP: ChangeStamp = { by: 'tester', at: AT, origin: '127.0.0.1' }

function cell(region: string, value: number): CandidateObservation {
  return {
    indicator: 'resident_pop',
    region,
    period: '2020',
    year: 2020,
    value,
    valueText: String(value),
    unit: '万人',
    raw: String(value),
    source: 'bulletin',
    note: null,
    location: { file: 'c.csv', row: 2, column: 'D' },
  }
}

function importMeta(name: string): ImportMeta {
  return { fileName: name, sha256: name, format: 'csv', layout: 'long', source: null, by: 'tester', at: AT, status: 'draft', warnings: 0, origin: 'cli' }
}

function draft(region: string, value: number, version: number): DraftInput {
  return { indicator: 'resident_pop', region, period: '2020', year: 2020, source: 'bulletin', value, valueText: String(value), unit: '万人', note: `w${value}`, version }
}

/** Several handles on one fresh target: the first is also used to look at the result. */
async function openMany(s: TestStore, n: number): Promise<Store[]> {
  const target = await s.fresh()
  const stores: Store[] = []
  // One after the other: the first runs the migrations, the others find them done.
  for (let i = 0; i < n; i++) stores.push(await openStoreTarget(target, { create: true }))
  return stores
}

const closeAll = (stores: ReadonlyArray<Store>) => Promise.all(stores.map((s) => s.close()))

/** A refusal the contract allows under contention: a lost race (409). Anything else fails the test. */
function expectConflict(e: unknown): void {
  expect(isAppError(e) ? e.code : e).toBe('observation.version_conflict')
}

async function revisionsOf(store: Store, region: string) {
  return store.db
    .selectFrom('observation_revisions as r')
    .innerJoin('observations as o', 'o.id', 'r.observation_id')
    .select(['r.version', 'r.value', 'r.action', 'r.import_id', 'r.note'])
    .where('o.region', '=', region)
    .orderBy('r.version')
    .execute()
}

describe.each(STORES)('concurrent writers on $name', (s) => {
  it('20 concurrent imports of one cell: 20 distinct versions, in order, never a rewind', async () => {
    const stores = await openMany(s, 4)
    try {
      const repos = stores.map((st) => new ObservationRepo(st))
      // The cell exists first, as in the field report: 20 updates racing on one row.
      await repos[0]!.applyImport([cell('320100', 899)], importMeta('first.csv'))
      const values = Array.from({ length: 20 }, (_, i) => 900 + i)
      const settled = await Promise.allSettled(values.map((v, i) => repos[i % repos.length]!.applyImport([cell('320100', v)], importMeta(`f${i}.csv`))))
      const acknowledged = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      for (const r of settled) if (r.status === 'rejected') expectConflict(r.reason)
      // Imports are "last import wins": each is serialised on the cell's row and none is refused.
      expect(acknowledged).toHaveLength(20)
      for (const o of acknowledged) expect(o.updated).toBe(1)

      const revisions = await revisionsOf(stores[0]!, '320100')
      expect(revisions.map((r) => r.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1))
      // Every import has exactly one revision, and the cell is its latest.
      expect(new Set(revisions.map((r) => r.import_id)).size).toBe(21)
      expect(
        revisions
          .slice(1)
          .map((r) => r.value)
          .sort(),
      ).toEqual(values)
      const [row] = await repos[0]!.find({ regions: ['320100'] })
      expect(row).toMatchObject({ version: 21, value: revisions.at(-1)!.value })
      const audit = await stores[0]!.db.selectFrom('audit_log').select('action').execute()
      expect(audit.filter((a) => a.action === 'import')).toHaveLength(21)
    } finally {
      await closeAll(stores)
    }
  })

  it('50 concurrent writers (drafts, imports, publishing) on 3 cells, first writes racing: exact accounting', async () => {
    const stores = await openMany(s, s.name === 'postgres' ? 5 : 2)
    try {
      const repos = stores.map((st) => new ObservationRepo(st))
      const regions = ['320100', '320200', '320300']
      /** What each acknowledged write says it did: cell, version, value (a publish keeps the value it found). */
      const acked: Array<{ region: string; version: number; value: number; kind: 'draft' | 'import' | 'publish'; importId?: number }> = []
      let conflicts = 0
      const unexpected: unknown[] = []
      const attempt = async (work: () => Promise<void>) => {
        try {
          await work()
        } catch (e) {
          if (isAppError(e) && e.code === 'observation.version_conflict') conflicts++
          else unexpected.push(e)
        }
      }
      const writer = async (w: number) => {
        const repo = repos[w % repos.length]!
        for (let k = 0; k < 5; k++) {
          const region = regions[(w + k) % regions.length]!
          // Distinct values everywhere, so no write is a no-op and every acknowledged one has its own revision.
          const value = 1000 + w * 10 + k
          if (w % 10 === 9) {
            await attempt(async () => {
              const o = await repo.applyImport([cell(region, value)], importMeta(`w${w}k${k}.csv`))
              acked.push({ region, version: -1, value, kind: 'import', importId: o.importId })
            })
          } else if (w % 10 === 8) {
            await attempt(async () => {
              const moved = await repo.moveStatus({ region, indicator: 'resident_pop' }, { action: 'publish', to: 'published' }, STAMP, (c) => c)
              for (const m of moved) acked.push({ region: m.region, version: m.version + 1, value: m.value, kind: 'publish' })
            })
          } else {
            await attempt(async () => {
              // Read the version, then write against it: a writer that lost the race gets a conflict.
              const [current] = await repo.find({ regions: [region] })
              const saved = await repo.writeDraft(draft(region, value, current?.version ?? 0), STAMP)
              acked.push({ region, version: saved.version, value, kind: 'draft' })
            })
          }
        }
      }
      await Promise.all(Array.from({ length: 50 }, (_, w) => writer(w)))
      expect(unexpected).toEqual([])
      expect(acked.length).toBeGreaterThan(0)

      const look = stores[0]!
      let revisionsTotal = 0
      for (const region of regions) {
        const revisions = await revisionsOf(look, region)
        revisionsTotal += revisions.length
        // One revision per version, 1…n without a gap: no write was lost, none acknowledged twice.
        expect(revisions.map((r) => r.version)).toEqual(revisions.map((_, i) => i + 1))
        for (const a of acked.filter((x) => x.region === region)) {
          const rev = a.kind === 'import' ? revisions.filter((r) => r.import_id === a.importId) : revisions.filter((r) => r.version === a.version)
          expect(rev, `${a.kind} ${region} v${a.version}`).toHaveLength(1)
          expect(rev[0]!.value).toBe(a.value)
          expect(rev[0]!.action).toBe(a.kind === 'publish' ? 'status' : a.kind === 'draft' ? (a.version === 1 ? 'create' : 'update') : rev[0]!.version === 1 ? 'create' : 'update')
        }
        const [row] = await new ObservationRepo(look).find({ regions: [region] })
        if (revisions.length === 0) continue
        const latest = revisions.at(-1)!
        expect(row).toMatchObject({ version: latest.version, value: latest.value, note: latest.note })
      }
      // Every acknowledged write and nothing else: one revision each (a publish one per row it moved).
      expect(revisionsTotal).toBe(acked.length)
      const audit = await look.db.selectFrom('audit_log').select('action').execute()
      const byAction = (a: string) => audit.filter((x) => x.action === a).length
      expect(byAction('import')).toBe(acked.filter((a) => a.kind === 'import').length)
      expect(byAction('observation.publish')).toBe(acked.filter((a) => a.kind === 'publish').length)
      expect(byAction('observation.create') + byAction('observation.update')).toBe(acked.filter((a) => a.kind === 'draft').length)
      expect(audit).toHaveLength(acked.length)
      // Contention was real: some writers lost a race.
      expect(conflicts).toBeGreaterThan(0)
    } finally {
      await closeAll(stores)
    }
  })

  it('migration 005 repairs duplicate versions the unchecked writer left: renumbered in write order, none lost', async () => {
    const target = await s.fresh()
    const before = await openStoreTarget(target, { create: true })
    try {
      const repo = new ObservationRepo(before)
      await repo.applyImport([cell('320100', 1)], importMeta('a.csv'))
      await repo.applyImport([cell('320100', 2)], importMeta('b.csv'))
      // Back to schema 004 (005, 006 and 007 undone), then the damage of the field report: a second revision of version 2, the cell at 2.
      await sql`drop index revisions_one_per_version`.execute(before.db)
      await sql`create index revisions_by_observation on observation_revisions (observation_id, version)`.execute(before.db)
      await sql`delete from kysely_migration where name = '005_one_revision_per_version'`.execute(before.db)
      // Migrations after 005 are undone too, so 005 runs again in its place (Kysely keeps them in order).
      await sql`delete from kysely_migration where name = '006_login_attempts_usernames'`.execute(before.db)
      await sql`drop table login_attempts`.execute(before.db)
      await sql`drop index if exists users_username_ci`.execute(before.db)
      await sql`delete from kysely_migration where name = '012_survey_responses'`.execute(before.db)
      await sql`drop table survey_responses`.execute(before.db)
      await sql`drop table survey_tokens`.execute(before.db)
      await sql`delete from kysely_migration where name = '011_evaluation_rounds'`.execute(before.db)
      for (const t of ['round_ratings', 'round_reviews', 'round_self_evaluations', 'round_evidence', 'evaluation_rounds']) await sql`drop table ${sql.table(t)}`.execute(before.db)
      await sql`delete from kysely_migration where name = '010_observation_comments'`.execute(before.db)
      await sql`drop table observation_comments`.execute(before.db)
      await sql`delete from kysely_migration where name = '009_data_requests'`.execute(before.db)
      await sql`drop table data_requests`.execute(before.db)
      await sql`delete from kysely_migration where name = '008_observation_comments'`.execute(before.db)
      await sql`alter table observation_revisions drop column review_comment`.execute(before.db)
      await sql`delete from kysely_migration where name = '007_source_grades'`.execute(before.db)
      for (const t of ['sources', 'source_hosts', 'series_sources']) await sql`drop table ${sql.table(t)}`.execute(before.db)
      await sql`alter table observations drop column confidence`.execute(before.db)
      await sql`alter table observation_revisions drop column confidence`.execute(before.db)
      await sql`insert into observation_revisions (observation_id, version, action, indicator, region, period, source, value, value_text, unit, raw_value, note, status, previous_value, changed_at, changed_by, import_id, origin)
        select observation_id, 2, action, indicator, region, period, source, 3, '3', unit, raw_value, note, status, previous_value, changed_at, changed_by, import_id, origin
        from observation_revisions where version = 2`.execute(before.db)
    } finally {
      await before.close()
    }
    const after = await openStoreTarget(target, { create: true })
    try {
      const revisions = await revisionsOf(after, '320100')
      expect(revisions.map((r) => [r.version, r.value])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ])
      const [row] = await new ObservationRepo(after).find({})
      expect(row?.version).toBe(3)
      // The next write gets a fresh version.
      await new ObservationRepo(after).applyImport([cell('320100', 4)], importMeta('c.csv'))
      expect((await revisionsOf(after, '320100')).map((r) => r.version)).toEqual([1, 2, 3, 4])
    } finally {
      await after.close()
    }
  })
})
