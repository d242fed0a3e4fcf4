/**
 * PostgreSQL store: the same schema and migrations as SQLite, through Kysely's PostgresDialect over `pg`.
 * Optionally one schema of the database, so several stores (a province and its test copies) can share it.
 * @module
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import { CompiledQuery, Kysely, Migrator, PostgresDialect, sql, type DatabaseConnection, type Driver, type MigrationProvider } from 'kysely'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'

import { AppError, causeCode, isAppError } from '../core/errors.js'
import type { Database } from './db-types.js'
import { migrations } from './migrations/index.js'
import { describeTarget, type PostgresSession, type PostgresSessions, type Store } from './store.js'
import { asStoreError, guardedDriver, StoreHealth, storeFault } from './store-faults.js'

/** How long a statement waits for a row another transaction holds before answering store.busy (ms). */
const LOCK_TIMEOUT_MS = 5000

/** Lower-case identifiers only: the name is spliced into SQL, and quoting rules differ between tools. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/

const INT8_OID = 20
const NUMERIC_OID = 1700

// count(*) and sum() over integers come back as int8, avg() as numeric: `pg` returns both as strings to keep
// full precision. Our counts and ids stay far below 2^53, so numbers are what the rest of the code expects.
// pg-types declares its parsers' results as `any`; a parser maps the text a column arrives in to a value.
const defaultTypeParser: (oid: number, format?: 'text' | 'binary') => (value: string) => unknown = pg.types.getTypeParser
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (oid === INT8_OID || oid === NUMERIC_OID) && format !== 'binary' ? (value: string) => Number(value) : defaultTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}

export interface PostgresStoreOptions {
  readonly schema?: string
  readonly create: boolean
}

/**
 * Connects, makes sure the schema exists (or creates it when `create`), and migrates it to the latest version.
 * A failure to connect is `store.unavailable`, naming the database without its password.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<Store> {
  const { schema } = options
  const location = describeTarget({ kind: 'postgres', url, ...(schema !== undefined ? { schema } : {}) })
  const unavailable = (e: unknown) => connectionError(e, url, location)
  if (!isPostgresUrl(url)) throw new AppError('store.bad_url', { url: withoutPassword(url) })
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('store.bad_schema_name', { schema })
  }

  const pool = new pg.Pool({ connectionString: url, types, connectionTimeoutMillis: 10_000, application_name: 'urbmon', lock_timeout: LOCK_TIMEOUT_MS })
  // An idle connection that the server drops must not crash the process; the next query reports the failure.
  pool.on('error', () => {})
  dropConnectionsThatFailed(pool)
  const health = new StoreHealth()
  // Every connection Kysely hands out, in transactions too, resolves our unqualified table names in the schema.
  const onCreateConnection =
    schema !== undefined ? { onCreateConnection: async (c: DatabaseConnection) => void (await c.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`))) } : {}
  const db = new Kysely<Database>({ dialect: new GuardedPostgresDialect(health, { pool, ...onCreateConnection }) })

  try {
    await sql`select 1`.execute(db)
  } catch (e) {
    await db.destroy().catch(() => {})
    throw unavailable(e)
  }

  try {
    const current = schema ?? (await currentSchema(db))
    if (schema !== undefined) await ensureSchema(db, schema, options.create, location)
    await migratePostgres(db, current)
  } catch (e) {
    await db.destroy().catch(() => {})
    throw e instanceof AppError ? e : unavailable(e)
  }
  const postgres = sessions(pool, health, onCreateConnection)
  return { db, dialect: 'postgres', location, postgres, health, close: () => db.destroy() }
}

/**
 * Work on one connection of the pool, reached both through Kysely (bound to that connection alone) and raw, for
 * `COPY … FROM STDIN` (pg-copy-streams), which Kysely cannot issue: both write into the same transaction.
 */
function sessions(pool: pg.Pool, health: StoreHealth, onCreateConnection: { onCreateConnection?: (c: DatabaseConnection) => Promise<void> }): PostgresSessions {
  return {
    async withSession<T>(work: (session: PostgresSession) => Promise<T>): Promise<T> {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (e) {
        throw asStoreError(e)
      }
      let lost: Error | undefined
      const noteLost = (e: unknown) => {
        if (storeFault(e)?.code === 'store.unreachable') lost = e instanceof Error ? e : new Error('connection lost')
      }
      // Kysely releases its connection after each query or transaction: here the session keeps it until the end.
      const held = { query: client.query.bind(client), release: () => {} } as unknown as pg.PoolClient
      const db = new Kysely<Database>({
        dialect: new GuardedPostgresDialect(health, { pool: { connect: () => Promise.resolve(held), end: () => Promise.resolve() }, ...onCreateConnection }),
      })
      const session: PostgresSession = {
        db,
        async copyIn(statement: string, data: string): Promise<void> {
          try {
            await pipeline(Readable.from([Buffer.from(data, 'utf8')]), client.query(copyFrom(statement)))
          } catch (e) {
            health.noteFault(e)
            throw asStoreError(e)
          }
        },
      }
      try {
        return await work(session)
      } catch (e) {
        noteLost(e)
        // Kysely has rolled its transaction back; should that have failed, the connection must not go back to the
        // pool inside an aborted transaction (a second ROLLBACK outside one is only a warning).
        if (!lost) await client.query('ROLLBACK').catch((r: unknown) => void (lost = r instanceof Error ? r : new Error('rollback failed')))
        throw e
      } finally {
        await db.destroy()
        // A connection whose server went away is dropped, not handed to the next request.
        client.release(lost)
      }
    },
  }
}

/** Kysely's PostgreSQL dialect with its driver wrapped (see store-faults.ts). */
class GuardedPostgresDialect extends PostgresDialect {
  readonly #health: StoreHealth

  constructor(health: StoreHealth, config: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(config)
    this.#health = health
  }

  override createDriver(): Driver {
    return guardedDriver(super.createDriver(), { health: this.#health })
  }
}

/**
 * The migrations, with Kysely's bookkeeping tables in the store's own schema. Kysely looks for its table in
 * every schema when none is named, so a second schema of the same database would skip creating it.
 */
export async function migratePostgres(db: Kysely<Database>, schema: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations('postgres')) }
  const { error, results } = await new Migrator({ db, provider, migrationTableSchema: schema }).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new AppError('store.migration_failed', { migration: failed }, { cause: error })
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
  const name = rows[0]?.schema
  if (!name) throw new AppError('store.no_schema')
  return name
}

async function ensureSchema(db: Kysely<Database>, schema: string, create: boolean, location: string): Promise<void> {
  const exists = async () => (await sql<{ n: number }>`select count(*) as n from pg_namespace where nspname = ${schema}`.execute(db)).rows[0]?.n === 1
  if (await exists()) return
  if (!create) throw new AppError('store.not_initialised', { db: location })
  try {
    await db.schema.createSchema(schema).ifNotExists().execute()
  } catch (e) {
    // Two processes creating it at once: `if not exists` can still fail with a unique violation.
    if (!(await exists())) throw e
  }
}

/**
 * What went wrong connecting, as a code with the host or user it concerns; never the driver's message (it can
 * quote the password). Node's network errors can be AggregateErrors, one per address tried.
 */
function connectionError(error: unknown, url: string, location: string): AppError {
  // The guarded driver already named a lost connection; opening says more (which host, which refusal).
  const e = isAppError(error) && error.code === 'store.unreachable' ? error.cause : error
  const first = e instanceof AggregateError && e.errors.length > 0 ? (e.errors[0] as unknown) : e
  const code = causeCode(e, causeCode(first, /timeout/i.test(first instanceof Error ? first.message : '') ? 'timeout' : 'unknown'))
  const u = parsedUrl(url)
  const host = u ? `${u.hostname || 'localhost'}:${u.port || '5432'}` : location
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'timeout'].includes(code)) {
    return new AppError('store.connection_failed', { db: location, host, reason: code }, { cause: e })
  }
  // PostgreSQL's SQLSTATEs: 28P01/28000 the password or pg_hba refuse the user, 3D000 no such database.
  if (code === '28P01' || code === '28000') return new AppError('store.auth_failed', { db: location, user: u ? decodeURIComponent(u.username) : '' }, { cause: e })
  if (code === '3D000') return new AppError('store.database_missing', { db: location, database: u ? decodeURIComponent(u.pathname.slice(1)) : '' }, { cause: e })
  return new AppError('store.unavailable', { db: location, reason: code }, { cause: e })
}

function parsedUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** pg reads only URLs; anything else it would take for a host name and fail on later, with a confusing message. */
function isPostgresUrl(url: string): boolean {
  const u = parsedUrl(url)
  return u !== undefined && (u.protocol === 'postgres:' || u.protocol === 'postgresql:')
}

function withoutPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@')
}

/**
 * A connection whose query met the server going away (57P01 after pg_terminate_backend, a reset socket) goes
 * back to the pool dead but, for a moment, still "queryable"; Kysely releases it without an error, so the
 * next request could be handed it. Released with an error instead, the pool drops it and opens a new one.
 */
function dropConnectionsThatFailed(pool: pg.Pool): void {
  const lost = new WeakSet<pg.PoolClient>()
  const watched = new WeakSet<pg.PoolClient>()
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>
  const connectChecked = async (): Promise<pg.PoolClient> => {
    const client = await connect()
    if (!watched.has(client)) {
      watched.add(client)
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
      Object.assign(client, {
        query: (...args: unknown[]) => {
          const result = query(...args)
          // A submittable (a COPY stream) is returned as it is: its errors arrive as events, seen by its caller.
          if (!(result instanceof Promise)) return result
          return result.catch((e: unknown) => {
            if (storeFault(e)?.code === 'store.unreachable') lost.add(client)
            throw e
          })
        },
      })
    }
    // The pool gives each checkout a release of its own, so this one is wrapped every time. Kysely releases with
    // `release(false)`, so a falsy argument (not only a missing one) must give way to the lost mark: otherwise a
    // client whose server went away goes back to the pool whenever its socket's end has not been seen yet.
    const release = client.release.bind(client)
    Object.assign(client, { release: (err?: Error | boolean) => release(err || (lost.has(client) ? new Error('connection lost') : undefined)) })
    return client
  }
  Object.assign(pool, { connect: connectChecked })
}
