/**
 * Every observation streamed into columns: better-sqlite3's raw iterator on SQLite (a narrow SELECT read as
 * arrays, one small array per row), id-keyed pages through Kysely on PostgreSQL.
 * @module
 */
import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'

import type { Confidence } from '../core/source-grade.js'
import type { ColumnScan, ColumnSink, ObservationColumns } from '../app/ports/observation-columns.js'
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
