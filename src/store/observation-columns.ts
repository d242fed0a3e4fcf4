/**
 * Every observation streamed into columns: better-sqlite3's raw iterator on SQLite (a narrow SELECT read as
 * arrays, one small array per row), id-keyed pages through Kysely on PostgreSQL.
 * @module
 */
import { setImmediate as pause } from 'node:timers/promises'

import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'

import type { Confidence } from '../core/source-grade.js'
import type { ChangesSince, ColumnChanges, ColumnScan, ColumnSink, ObservationColumns } from '../app/ports/observation-columns.js'
import type { Database } from './db-types.js'
import type { Store } from './open-store.js'

const PAGE = 50_000

type ColumnRow = [string, string, string, number, number, string, number, number, string, Confidence | null]

export class StoreObservationColumns implements ObservationColumns {
  readonly #db: Kysely<Database>
  readonly #sqlite: SqliteDatabase.Database | undefined

  constructor(store: Pick<Store, 'db' | 'sqlite'>) {
    this.#db = store.db
    this.#sqlite = store.sqlite
  }

  async scan<S extends ColumnSink>(options: ColumnScan, open: (expectedRows: number) => S): Promise<S> {
    if (this.#sqlite) return scanSqlite(this.#sqlite, options, open)
    const sink = open(1 << 16)
    const statuses = options.statuses ?? []
    let after = 0
    for (;;) {
      let q = this.#db
        .selectFrom('observations')
        .select(['id', 'indicator', 'region', 'period', 'year', 'source', 'version', 'updated_at', 'value', 'published_value', 'confidence'])
        .where('id', '>', after)
      if (statuses.length) q = q.where('status', 'in', [...statuses])
      const rows = await q.orderBy('id').limit(PAGE).execute()
      for (const r of rows) {
        const value = options.value === 'published' ? r.published_value : r.value
        if (value !== null) sink.add(r.indicator, r.region, r.period, r.year, value, r.source, r.id, r.version, r.updated_at, r.confidence)
      }
      const last = rows.at(-1)
      if (rows.length < PAGE || !last) break
      after = last.id
    }
    return sink
  }

  async changesSince<S extends ColumnSink>(since: ChangesSince, open: (expectedRows: number) => S): Promise<ColumnChanges<S>> {
    if (this.#sqlite) return changesSqlite(this.#sqlite, since, open)
    const revised =
      since.observationId > 0
        ? (
            await this.#db
              .selectFrom('observation_revisions')
              .select('observation_id')
              .distinct()
              .where('id', '>', since.revision)
              .where('observation_id', '<=', since.observationId)
              .execute()
          )
            .map((r) => Number(r.observation_id))
            .sort((a, b) => a - b)
        : []
    const current = open(1 << 10)
    const published = open(1 << 10)
    let largestId = since.observationId
    const add = (r: ChangedRow) => {
      const id = Number(r.id)
      if (r.value !== null) current.add(r.indicator, r.region, r.period, r.year, r.value, r.source, id, r.version, r.updated_at, r.confidence)
      if (r.published_value !== null) published.add(r.indicator, r.region, r.period, r.year, r.published_value, r.source, id, r.version, r.updated_at, r.confidence)
      if (id > largestId) largestId = id
    }
    const select = this.#db
      .selectFrom('observations')
      .select(['id', 'indicator', 'region', 'period', 'year', 'source', 'version', 'updated_at', 'value', 'published_value', 'confidence'])
    for (let i = 0; i < revised.length; i += PAGE) {
      for (const r of await select
        .where('id', 'in', revised.slice(i, i + PAGE))
        .orderBy('id')
        .execute())
        add(r)
    }
    for (;;) {
      const rows = await select.where('id', '>', largestId).orderBy('id').limit(PAGE).execute()
      for (const r of rows) add(r)
      if (rows.length < PAGE) break
    }
    return { revised, current, published, largestId }
  }
}

interface ChangedRow {
  id: number | string
  indicator: string
  region: string
  period: string
  year: number
  source: string
  version: number
  updated_at: string
  value: number | null
  published_value: number | null
  confidence: Confidence | null
}

/** Revisions looked at, and observations read, between two pauses. */
const REVISION_PAGE = 200_000
const ROW_PAGE = 20_000

type ChangedSqliteRow = [number, string, string, string, number, number | null, number | null, string, number, string, Confidence | null]

async function changesSqlite<S extends ColumnSink>(sqlite: SqliteDatabase.Database, since: ChangesSince, open: (expectedRows: number) => S): Promise<ColumnChanges<S>> {
  const largestRevision = Number(sqlite.prepare('SELECT coalesce(max(id), 0) FROM observation_revisions').pluck().get())
  const revisedSet = new Set<number>()
  if (since.observationId > 0) {
    // Rows created since need no revision look-up (their ids are above since.observationId); only older rows do.
    const stmt = sqlite.prepare('SELECT observation_id FROM observation_revisions WHERE id > ? AND id <= ? AND observation_id <= ?').pluck()
    for (let from = since.revision; from < largestRevision; from += REVISION_PAGE) {
      for (const id of stmt.iterate(from, from + REVISION_PAGE, since.observationId) as IterableIterator<number>) revisedSet.add(id)
      await pause()
    }
  }
  const revised = Float64Array.from(revisedSet).sort()
  const largestId = Number(sqlite.prepare('SELECT coalesce(max(id), 0) FROM observations').pluck().get())
  const expected = revised.length + Math.max(0, largestId - since.observationId)
  const current = open(expected)
  const published = open(expected)
  const add = (r: ChangedSqliteRow) => {
    if (r[5] !== null) current.add(r[1], r[2], r[3], r[4], r[5], r[7], r[0], r[8], r[9], r[10])
    if (r[6] !== null) published.add(r[1], r[2], r[3], r[4], r[6], r[7], r[0], r[8], r[9], r[10])
  }
  const columns = 'id, indicator, region, period, year, value, published_value, source, version, updated_at, confidence'
  const range = sqlite.prepare(`SELECT ${columns} FROM observations WHERE id > ? AND id <= ? ORDER BY id`).raw(true)
  if (revised.length > since.observationId / 8) {
    // Most older rows changed (a re-import of everything): one pass over them beats a look-up each.
    for (let from = 0; from < since.observationId; from += ROW_PAGE) {
      for (const r of range.iterate(from, Math.min(from + ROW_PAGE, since.observationId)) as IterableIterator<ChangedSqliteRow>) if (revisedSet.has(r[0])) add(r)
      await pause()
    }
  } else {
    const one = sqlite.prepare(`SELECT ${columns} FROM observations WHERE id = ?`).raw(true)
    for (let i = 0; i < revised.length; i++) {
      const r = one.get(revised[i]) as ChangedSqliteRow | undefined
      if (r) add(r)
      if (i % ROW_PAGE === ROW_PAGE - 1) await pause()
    }
  }
  for (let from = since.observationId; from < largestId; from += ROW_PAGE) {
    for (const r of range.iterate(from, Math.min(from + ROW_PAGE, largestId)) as IterableIterator<ChangedSqliteRow>) add(r)
    await pause()
  }
  return { revised: Array.from(revised), current, published, largestId }
}

function scanSqlite<S extends ColumnSink>(sqlite: SqliteDatabase.Database, options: ColumnScan, open: (expectedRows: number) => S): S {
  const valueColumn = options.value === 'published' ? 'published_value' : 'value'
  const statuses = options.statuses ?? []
  const where = [`${valueColumn} IS NOT NULL`, ...(statuses.length ? [`status IN (${statuses.map(() => '?').join(', ')})`] : [])].join(' AND ')
  const count = Number(
    sqlite
      .prepare(`SELECT count(*) FROM observations WHERE ${where}`)
      .pluck()
      .get(...statuses),
  )
  const sink = open(count)
  const stmt = sqlite.prepare(`SELECT indicator, region, period, year, ${valueColumn}, source, id, version, updated_at, confidence FROM observations WHERE ${where}`).raw(true)
  // The columns are those of the SELECT above, in its order.
  for (const row of stmt.iterate(...statuses) as IterableIterator<ColumnRow>) {
    sink.add(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9])
  }
  return sink
}
