/**
 * Opens the embedded store (better-sqlite3 through Kysely) and brings its schema up to date.
 * @module
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type Driver, type MigrationProvider, type SqliteDialectConfig } from 'kysely'

import { AppError, causeCode } from '../core/errors.js'
import type { Database } from './db-types.js'
import { migrations, type DialectName } from './migrations/index.js'
import type { Store, StoreTarget } from './store.js'
import { guardedDriver, StoreHealth } from './store-faults.js'

export type { Store, StoreTarget } from './store.js'
export { describeTarget } from './store.js'

export async function migrate(db: Kysely<Database>, dialect: DialectName, options: { schema?: string } = {}): Promise<void> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations(dialect)) }
  // Name the schema of Kysely's own migration tables, or on PostgreSQL it finds another schema's and stops.
  const { error, results } = await new Migrator({ db, provider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) }).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new AppError('store.migration_failed', { migration: failed }, { cause: error })
  }
}

export async function openSqliteStore(file: string, options: { create: boolean } = { create: true }): Promise<Store> {
  let sqlite: SqliteDatabase.Database
  try {
    if (file !== ':memory:' && options.create) mkdirSync(dirname(file), { recursive: true })
    sqlite = new SqliteDatabase(file, { fileMustExist: !options.create })
    // WAL keeps readers going during an import; a crash mid-import rolls back to the last commit.
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    // Never wait for a lock inside the synchronous driver (it would stop the event loop): a busy store fails at
    // once and store-faults.ts retries asynchronously, then answers store.busy.
    sqlite.pragma('busy_timeout = 0')
    // In WAL mode NORMAL keeps the database consistent after a crash and only risks the last commits on power
    // loss; FULL syncs the WAL on every commit, which a bulk import pays for many times over.
    sqlite.pragma('synchronous = NORMAL')
  } catch (e) {
    if (!options.create) throw new AppError('store.not_initialised', { db: file }, { cause: e })
    throw new AppError('store.unavailable', { db: file, reason: causeCode(e, 'SQLITE_CANTOPEN') }, { cause: e })
  }
  const health = new StoreHealth()
  const db = new Kysely<Database>({ dialect: new GuardedSqliteDialect({ database: sqlite }, sqlite, health) })
  await migrate(db, 'sqlite')
  return { db, dialect: 'sqlite', location: file, sqlite, health, close: () => db.destroy() }
}

/** Kysely's SQLite dialect with its driver wrapped (see store-faults.ts). */
class GuardedSqliteDialect extends SqliteDialect {
  readonly #sqlite: SqliteDatabase.Database
  readonly #health: StoreHealth

  constructor(config: SqliteDialectConfig, sqlite: SqliteDatabase.Database, health: StoreHealth) {
    super(config)
    this.#sqlite = sqlite
    this.#health = health
  }

  override createDriver(): Driver {
    return guardedDriver(super.createDriver(), { sqlite: this.#sqlite, health: this.#health })
  }
}

/** Opens either kind of store and migrates it to the latest schema. */
export async function openStoreTarget(target: StoreTarget, options: { create: boolean }): Promise<Store> {
  if (target.kind === 'sqlite') return openSqliteStore(target.file, options)
  const { openPostgresStore } = await import('./postgres-store.js')
  return openPostgresStore(target.url, { ...(target.schema ? { schema: target.schema } : {}), create: options.create })
}
