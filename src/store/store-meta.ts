/**
 * The store's kind, place and data version.
 * @module
 */
import { randomBytes } from 'node:crypto'

import type SqliteDatabase from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'

import type { StoreMeta, StoreState } from '../app/ports/store-meta.js'
import type { Database } from './db-types.js'
import type { Store } from './open-store.js'
import { isSqliteBusy, storeFault, type StoreHealth } from './store-faults.js'

const totalChanges = new WeakMap<object, SqliteDatabase.Statement>()

export class KyselyStoreMeta implements StoreMeta {
  readonly kind: StoreMeta['kind']
  readonly location: string
  readonly file: string | undefined
  readonly #db: Kysely<Database>
  readonly #sqlite: SqliteDatabase.Database | undefined
  readonly #health: StoreHealth | undefined

  constructor(store: Pick<Store, 'db' | 'sqlite' | 'dialect' | 'location'> & { health?: StoreHealth }) {
    this.kind = store.dialect
    this.location = store.location
    this.file = store.dialect === 'sqlite' && store.location !== ':memory:' ? store.location : undefined
    this.#db = store.db
    this.#sqlite = store.sqlite
    this.#health = store.health
  }

  async state(): Promise<StoreState> {
    const sqlite = this.#sqlite
    if (sqlite) {
      if (sqlite.readonly) return 'read_only'
      // This process is writing (an import): other writes queue behind it.
      if (sqlite.inTransaction) return 'busy'
      // Take the write lock and give it back at once: synchronous, so no other query of ours lands in between.
      try {
        sqlite.exec('BEGIN IMMEDIATE')
        sqlite.exec('ROLLBACK')
      } catch (e) {
        if (isSqliteBusy(e)) return 'busy'
        return storeFault(e)?.code === 'store.read_only' ? 'read_only' : 'unreachable'
      }
      return this.#health?.lastFault ?? 'ok'
    }
    try {
      const { rows } = await sql<{ ro: string }>`select current_setting('transaction_read_only') as ro`.execute(this.#db)
      if (rows[0]?.ro === 'on') return 'read_only'
    } catch (e) {
      const code = storeFault(e)?.code
      return code === 'store.busy' ? 'busy' : 'unreachable'
    }
    return this.#health?.lastFault ?? 'ok'
  }

  async ping(): Promise<void> {
    await this.#db.selectFrom('meta').select('key').limit(1).execute()
  }

  /** Two primary-key look-ups in one statement (one round trip to a database server), no scan. */
  async dataVersion(): Promise<string> {
    const { rows } = await sql<{ rev: number | string | null; audit: number | string | null }>`
      SELECT (SELECT max(id) FROM observation_revisions) AS rev, (SELECT max(id) FROM audit_log) AS audit`.execute(this.#db)
    return `${String(rows[0]?.rev ?? 0)}:${String(rows[0]?.audit ?? 0)}`
  }

  /**
   * SQLite's `data_version` moves when another connection commits, `total_changes()` when this one writes;
   * both are counters in memory, no table is read. They restart with the connection.
   */
  changeStamp(): string | undefined {
    const sqlite = this.#sqlite
    if (!sqlite) return undefined
    const dataVersion = Number(sqlite.pragma('data_version', { simple: true }))
    let stmt = totalChanges.get(sqlite)
    if (!stmt) {
      stmt = sqlite.prepare('SELECT total_changes()').pluck()
      totalChanges.set(sqlite, stmt)
    }
    const changes = Number(stmt.get())
    return `s:${dataVersion}:${changes}`
  }

  async storeId(): Promise<string> {
    const row = await this.#db.selectFrom('meta').select('value').where('key', '=', 'store_id').executeTakeFirst()
    if (row) return row.value
    const id = randomBytes(12).toString('hex')
    await this.#db
      .insertInto('meta')
      .values({ key: 'store_id', value: id })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute()
    return (await this.#db.selectFrom('meta').select('value').where('key', '=', 'store_id').executeTakeFirstOrThrow()).value
  }
}
