/**
 * PostgreSQL's bulk import path (COPY into a staging table, then set-based statements) against the embedded
 * store's writer: the same imports leave every stored row the same — observations, revisions, imports, audit —
 * with text that COPY's format must escape (tabs, newlines, backslashes, `\N`, `\.`) in notes, sources, raw
 * cells and origins, and doubles that must come back bit for bit. Then two concurrent imports of overlapping
 * cells, existing and new: the later one wins, every version is used once. Runs when URBMON_TEST_DATABASE_URL
 * is set.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'

import type { ChunkOutcome, ImportMeta, ImportWriter } from '../../src/app/ports/imports.js'
import type { CandidateObservation } from '../../src/ingest/index.js'
import { copyField } from '../../src/store/import-writer.js'
import { ObservationRepo } from '../../src/store/observation-repo.js'
import { openStoreTarget, type Store } from '../../src/store/open-store.js'
import { dropFreshStores, PG_URL, STORES } from '../helpers/stores.js'

afterAll(dropFreshStores)

const AT = '2026-01-01T00:00:00.000Z'

interface Cell {
  readonly region: string
  readonly period?: string
  readonly value: number
  readonly valueText?: string
  readonly note?: string | null
  readonly source?: string
  readonly raw?: string
  readonly confidence?: 'high' | 'medium' | 'low' | null
  readonly file?: string
}

function obs(c: Cell, row: number): CandidateObservation {
  const period = c.period ?? '2020'
  return {
    indicator: 'resident_pop',
    region: c.region,
    period,
    year: Number(period.slice(0, 4)),
    value: c.value,
    valueText: c.valueText ?? String(c.value),
    unit: '万人',
    raw: c.raw ?? `${c.value}万人`,
    source: c.source ?? 'bulletin',
    note: c.note ?? null,
    ...(c.confidence !== undefined ? { confidence: c.confidence } : {}),
    location: { file: c.file ?? 'a.csv', row, column: 'D' },
  }
}

function meta(fileName: string, status: 'draft' | 'published' = 'draft', at = AT): ImportMeta {
  return { fileName, sha256: fileName, format: 'csv', layout: 'long', source: null, by: 'cli:tester', at, status, warnings: 0, origin: 'cli' }
}

const TRICKY = 'tab\there, newline\nthere, cr\r, backslash \\ and \\N and \\. and \\t literally; "quoted" \'single\' 中文 🏙'

/** The first import: text COPY must escape, doubles that must survive, a note-less and a confidence-less cell. */
const FIRST: Cell[] = [
  { region: '320100', value: 931.47, valueText: '931.470', note: TRICKY, confidence: 'high' },
  { region: '320200', value: 0.1 + 0.2, valueText: '0.30000000000000004', note: 'a\\b\\\\c' },
  { region: '320300', value: 1e-7, note: '\\N' },
  { region: '320400', value: 1.7976931348623157e308, raw: 'raw\twith tab\\', note: '\\.' },
  { region: '320500', value: -123456789.12345679, source: 'src\twith\\tab\nand line', note: null },
  { region: '320600', value: 5e-324, note: '', confidence: 'low', file: 'C:\\data\\"odd"\tname.csv' },
  { region: '320700', period: '2020Q3', value: 42, note: '\n' },
  { region: '320800', value: 123456789012345, note: 'trailing backslash \\' },
]

/** The second import, published: identical, changed value, changed note only, a null note kept, new cells. */
const SECOND: Cell[] = [
  { region: '320100', value: 931.47, valueText: '931.470', note: TRICKY, confidence: 'high' }, // unchanged
  { region: '320200', value: 0.3, valueText: '0.3', note: 'a\\b\\\\c' }, // value changed: 0.30000000000000004 → 0.3
  { region: '320300', value: 1e-7, note: 'now\ta note' }, // note changed only
  { region: '320400', value: 1.7976931348623157e308, raw: 'raw\twith tab\\', note: null }, // no note: keeps '\.' → unchanged
  { region: '320500', value: -123456789.12345679, source: 'src\twith\\tab\nand line', confidence: 'medium' }, // confidence stated → updated
  { region: '320600', value: 5e-324, confidence: null, file: 'C:\\data\\"odd"\tname.csv' }, // nothing stated → unchanged
  { region: '320900', value: 7, note: 'new\\one\t' },
  { region: '321000', value: 8, note: null, source: 'another \\ source' },
]

async function importAll(store: Store): Promise<Array<{ outcome: unknown; chunks: ChunkOutcome[] }>> {
  const repo = new ObservationRepo(store)
  const out: Array<{ outcome: unknown; chunks: ChunkOutcome[] }> = []
  const runs: Array<[Cell[], ImportMeta]> = [
    [FIRST, meta('first.csv')],
    [SECOND, meta('second.csv', 'published', '2026-01-02T00:00:00.000Z')],
    // The same file again: nothing changes, no revision, one more import and audit entry.
    [SECOND, meta('second-again.csv', 'published', '2026-01-03T00:00:00.000Z')],
  ]
  for (const [cells, m] of runs) {
    const chunks: ChunkOutcome[] = []
    const rows = cells.map((c, i) => obs(c, i + 2))
    const outcome = await repo.importSession(m, async (writer) => {
      // Two chunks, so the staging table is emptied and refilled between them.
      chunks.push(await writer.write(rows.slice(0, 3)))
      chunks.push(await writer.write(rows.slice(3)))
      return { commit: true }
    })
    out.push({ outcome, chunks })
  }
  return out
}

/** Every stored row the imports touch, in a store-independent order (revision ids differ: SQLite writes a create's revision at the end). */
async function storedRows(store: Store) {
  const observations = await store.db.selectFrom('observations').selectAll().orderBy('id').execute()
  const revisions = (await store.db.selectFrom('observation_revisions').selectAll().orderBy('observation_id').orderBy('version').execute()).map(({ id: _id, ...r }) => r)
  const imports = await store.db.selectFrom('imports').selectAll().orderBy('id').execute()
  const audit = (await store.db.selectFrom('audit_log').selectAll().where('action', '=', 'import').orderBy('id').execute()).map(({ id: _id, ...a }) => a)
  return { observations, revisions, imports, audit }
}

async function withStore<T>(target: Awaited<ReturnType<(typeof STORES)[number]['fresh']>>, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStoreTarget(target, { create: true })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

describe('COPY text fields', () => {
  it('escapes backslash, tab, newline and carriage return, and writes null as \\N', () => {
    expect(copyField(null)).toBe('\\N')
    expect(copyField(undefined)).toBe('\\N')
    expect(copyField('')).toBe('')
    expect(copyField('\\N')).toBe('\\\\N')
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e')
    expect(copyField('中文 "x"')).toBe('中文 "x"')
  })
})

describe.skipIf(!PG_URL)('PostgreSQL bulk import (COPY) against the embedded writer', () => {
  const [sqlite, postgres] = STORES

  it('stores every row as the SQLite writer does: observations, revisions, imports, audit; the same counts and revised cells', async () => {
    const onSqlite = await withStore(await sqlite!.fresh(), async (store) => ({ runs: await importAll(store), rows: await storedRows(store) }))
    const onPostgres = await withStore(await postgres!.fresh(), async (store) => ({ runs: await importAll(store), rows: await storedRows(store) }))

    expect(onPostgres.runs).toEqual(onSqlite.runs)
    expect(onPostgres.rows).toEqual(onSqlite.rows)

    // And what that is, stated by hand.
    expect(onPostgres.runs.map((r) => r.outcome)).toEqual([
      { importId: 1, created: 8, updated: 0, unchanged: 0 },
      { importId: 2, created: 2, updated: 3, unchanged: 3 },
      { importId: 3, created: 0, updated: 0, unchanged: 8 },
    ])
    // Revision warnings name the cells whose value moved, with the old value.
    expect(onPostgres.runs[1]!.chunks.flatMap((c) => c.revised.map((r) => [r.observation.region, r.old]))).toEqual([['320200', 0.1 + 0.2]])
    const { observations, revisions, imports, audit } = onPostgres.rows
    const byRegion = new Map(observations.map((o) => [o.region, o]))
    expect(byRegion.get('320100')).toMatchObject({ note: TRICKY, value: 931.47, value_text: '931.470', confidence: 'high', version: 1, status: 'draft', import_id: 1 })
    expect(byRegion.get('320200')).toMatchObject({ value: 0.3, value_text: '0.3', version: 2, status: 'published', published_value: 0.3, published_at: '2026-01-02T00:00:00.000Z' })
    expect(byRegion.get('320300')).toMatchObject({ value: 1e-7, note: 'now\ta note', version: 2 })
    expect(byRegion.get('320400')).toMatchObject({ value: 1.7976931348623157e308, raw_value: 'raw\twith tab\\', note: '\\.', version: 1, published_value: null })
    expect(byRegion.get('320500')).toMatchObject({ value: -123456789.12345679, source: 'src\twith\\tab\nand line', confidence: 'medium', note: null, version: 2 })
    expect(byRegion.get('320600')).toMatchObject({ value: 5e-324, note: '', confidence: 'low', version: 1 })
    expect(byRegion.get('320700')).toMatchObject({ period: '2020Q3', year: 2020, note: '\n' })
    expect(byRegion.get('320800')).toMatchObject({ value: 123456789012345, note: 'trailing backslash \\' })
    expect(byRegion.get('320900')).toMatchObject({ note: 'new\\one\t', version: 1, import_id: 2, status: 'published', published_value: 7 })
    expect(byRegion.get('321000')).toMatchObject({ source: 'another \\ source', note: null })
    // One revision per created or changed cell, naming the import and the row it came from.
    expect(revisions).toHaveLength(8 + 2 + 3)
    const update = revisions.find((r) => r.action === 'update' && r.region === '320200')
    expect(update).toMatchObject({ version: 2, value: 0.3, previous_value: 0.1 + 0.2, import_id: 2, status: 'published', changed_at: '2026-01-02T00:00:00.000Z' })
    expect(JSON.parse(revisions.find((r) => r.region === '320600')!.origin!)).toEqual({ file: 'C:\\data\\"odd"\tname.csv', row: 7, column: 'D' })
    expect(revisions.find((r) => r.region === '320100')).toMatchObject({ action: 'create', note: TRICKY, previous_value: null, confidence: 'high' })
    expect(imports.map((i) => [i.created, i.updated, i.unchanged])).toEqual([
      [8, 0, 0],
      [2, 3, 3],
      [0, 0, 8],
    ])
    expect(audit).toHaveLength(3)
  })

  it('rolls the whole import back, staging table included, when one chunk fails', async () => {
    await withStore(await postgres!.fresh(), async (store) => {
      const repo = new ObservationRepo(store)
      await repo.applyImport([obs({ region: '320100', value: 1 }, 2)], meta('a.csv'))
      await expect(
        repo.importSession(meta('b.csv'), async (writer) => {
          await writer.write([obs({ region: '320200', value: 2 }, 2), obs({ region: '320100', value: 3 }, 3)])
          // A NUL cannot be stored in PostgreSQL text: the COPY of this chunk fails.
          await writer.write([obs({ region: '320300', value: 4, note: 'a\u0000b' }, 4)])
          return { commit: true }
        }),
      ).rejects.toMatchObject({ code: 'store.nul_in_text' })
      expect((await repo.find({})).map((o) => [o.region, o.value, o.version])).toEqual([['320100', 1, 1]])
      expect(await repo.count()).toEqual({ observations: 1, revisions: 1, imports: 1 })
      // The same connection serves the next import: no staging table left over.
      expect(await repo.applyImport([obs({ region: '320200', value: 2 }, 2)], meta('c.csv'))).toMatchObject({ created: 1 })
    })
  })

  it('refuses a cell written twice in one import, within a chunk and across chunks', async () => {
    await withStore(await postgres!.fresh(), async (store) => {
      const repo = new ObservationRepo(store)
      const twice = (split: boolean) =>
        repo.importSession(meta('twice.csv'), async (writer) => {
          const rows = [obs({ region: '320100', value: 1 }, 2), obs({ region: '320100', value: 2 }, 3)]
          if (split) for (const r of rows) await writer.write([r])
          else await writer.write(rows)
          return { commit: true }
        })
      await expect(twice(false)).rejects.toThrow(/cell written twice/)
      await expect(twice(true)).rejects.toThrow(/cell written twice/)
      expect(await repo.count()).toEqual({ observations: 0, revisions: 0, imports: 0 })
    })
  })

  it('two concurrent imports of overlapping cells, stored and new: the later wins, versions never reused', async () => {
    const target = await postgres!.fresh()
    const [one, two, look] = [await openStoreTarget(target, { create: true }), await openStoreTarget(target, { create: true }), await openStoreTarget(target, { create: true })]
    try {
      const base = new ObservationRepo(look)
      await base.applyImport([obs({ region: 'e1', value: 1 }, 2), obs({ region: 'e2', value: 2 }, 3)], meta('base.csv'))

      let releaseA!: () => void
      const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve))
      let aWrote!: () => void
      const aHasWritten = new Promise<void>((resolve) => (aWrote = resolve))
      const chunksOfB: ChunkOutcome[] = []
      // A: updates e1 and e2, creates n1, then holds its locks until B is waiting on them.
      const a = new ObservationRepo(one).importSession(meta('a.csv'), async (writer: ImportWriter) => {
        await writer.write([obs({ region: 'e1', value: 10 }, 2), obs({ region: 'e2', value: 20 }, 3), obs({ region: 'n1', value: 30 }, 4)])
        aWrote()
        await aMayCommit
        return { commit: true }
      })
      await aHasWritten
      // B: creates n1 too (its insert waits for A, then finds A's row: revised), creates n3, then revises e2 and e1.
      const b = new ObservationRepo(two).importSession(meta('b.csv'), async (writer) => {
        chunksOfB.push(await writer.write([obs({ region: 'n1', value: 31 }, 2), obs({ region: 'n3', value: 41 }, 3)]))
        chunksOfB.push(await writer.write([obs({ region: 'e2', value: 21 }, 4), obs({ region: 'e1', value: 11 }, 5)]))
        return { commit: true }
      })
      // Until B waits on a lock A holds (its insert of n1), A does not commit.
      for (;;) {
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%import_stage%'`.execute(look.db)
        if ((rows[0]?.n ?? 0) > 0) break
        await new Promise((r) => setTimeout(r, 20))
      }
      releaseA()
      expect(await a).toMatchObject({ created: 1, updated: 2, unchanged: 0 })
      expect(await b).toMatchObject({ created: 1, updated: 3, unchanged: 0 })
      expect(chunksOfB.map((c) => c.revised.map((r) => [r.observation.region, r.old]))).toEqual([
        [['n1', 30]],
        [
          ['e2', 20],
          ['e1', 10],
        ],
      ])

      const cells = (await base.find({})).map((o) => [o.region, o.value, o.version])
      expect(cells.sort()).toEqual([
        ['e1', 11, 3],
        ['e2', 21, 3],
        ['n1', 31, 2],
        ['n3', 41, 1],
      ])
      const revisions = await look.db
        .selectFrom('observation_revisions as r')
        .innerJoin('imports as i', 'i.id', 'r.import_id')
        .select(['r.region', 'r.version', 'r.action', 'r.value', 'r.previous_value', 'i.file_name'])
        .orderBy('r.region')
        .orderBy('r.version')
        .execute()
      expect(revisions.map((r) => [r.region, r.version, r.action, r.value, r.previous_value, r.file_name])).toEqual([
        ['e1', 1, 'create', 1, null, 'base.csv'],
        ['e1', 2, 'update', 10, 1, 'a.csv'],
        ['e1', 3, 'update', 11, 10, 'b.csv'],
        ['e2', 1, 'create', 2, null, 'base.csv'],
        ['e2', 2, 'update', 20, 2, 'a.csv'],
        ['e2', 3, 'update', 21, 20, 'b.csv'],
        ['n1', 1, 'create', 30, null, 'a.csv'],
        ['n1', 2, 'update', 31, 30, 'b.csv'],
        ['n3', 1, 'create', 41, null, 'b.csv'],
      ])
      const audit = await look.db.selectFrom('audit_log').select('action').where('action', '=', 'import').execute()
      expect(audit).toHaveLength(3)
    } finally {
      await Promise.all([one.close(), two.close(), look.close()])
    }
  })
})
