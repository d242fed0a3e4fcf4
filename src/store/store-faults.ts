/**
 * The store's faults as our codes, and waiting for a busy store without blocking the event loop.
 *
 * SQLite runs with `busy_timeout = 0`: a statement that meets another process's write lock fails at once
 * (SQLITE_BUSY) instead of sleeping inside the synchronous driver, which would freeze every request of this
 * process. Transactions start with `BEGIN IMMEDIATE` (taking the write lock up front, so a transaction never
 * fails half-way on a lock) and that `BEGIN` — or a statement outside a transaction — is retried here, with a
 * short growing pause between attempts, for a bounded time; then the caller gets `store.busy` (HTTP 503 with
 * Retry-After). Inside a transaction nothing is retried: the work is the caller's to repeat.
 *
 * Every Kysely query goes through {@link guardedDriver}, which maps driver errors; the raw SQLite handle's
 * bulk import path maps its own with {@link storeFault}.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises'

import type SqliteDatabase from 'better-sqlite3'
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely'

import { AppError, causeCode, isAppError } from '../core/errors.js'

import type { StoreState } from '../app/ports/store-meta.js'

/** How long a write waits for another process's lock before answering `store.busy`. */
export const BUSY_WAIT_MS = 5000
/** What a refused client is told to wait (seconds). */
export const RETRY_AFTER_S = 2

const code = (e: unknown) => causeCode(e, '')

export function isSqliteBusy(e: unknown): boolean {
  const c = code(e)
  return c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED')
}

// PostgreSQL SQLSTATEs (appendix A of its manual): what a write meets when it loses to another.
const PG_BUSY = new Set(['40001', '40P01', '55P03', '57014'])
// The server going away: admin/crash shutdown, cannot connect now, and the connection exceptions (class 08).
const PG_GONE = new Set(['57P01', '57P02', '57P03'])
const NET_GONE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

/** The fault a driver error is, as our code; undefined for anything else (a bug, or a constraint the caller handles). */
export function storeFault(e: unknown): AppError | undefined {
  if (isAppError(e)) return e
  const c = code(e)
  if (isSqliteBusy(e) || PG_BUSY.has(c)) return new AppError('store.busy', { retryAfter: RETRY_AFTER_S }, { cause: e })
  // SQLite: the disk, or max_page_count, reached; PostgreSQL 53100 disk_full.
  if (c === 'SQLITE_FULL' || c === '53100') return new AppError('store.full', {}, { cause: e })
  // SQLite: a read-only file or mount; PostgreSQL 25006: a read-only transaction (a hot standby, default_transaction_read_only).
  if (c.startsWith('SQLITE_READONLY') || c === '25006') return new AppError('store.read_only', {}, { cause: e })
  if (PG_GONE.has(c) || c.startsWith('08') || NET_GONE.has(c)) return new AppError('store.unreachable', { reason: c }, { cause: e })
  // pg's own errors when the socket closed under it carry no code, only these messages.
  if (e instanceof Error && /Connection terminated|not queryable|connection error/i.test(e.message))
    return new AppError('store.unreachable', { reason: 'connection_lost' }, { cause: e })
  // 22021 (invalid byte sequence: 0x00 in text), 22P05 (\u0000 in jsonb): PostgreSQL keeps no NUL in text.
  if (c === '22021' || c === '22P05') return new AppError('store.nul_in_text', {}, { cause: e })
  return undefined
}

export const asStoreError = (e: unknown): unknown => storeFault(e) ?? e

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY, pausing a little longer each time (1, 2, 4 … 50 ms,
 * with jitter so competing processes do not retry in step), for at most `budgetMs`; then `store.busy`.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, budgetMs = BUSY_WAIT_MS): Promise<T> {
  const deadline = Date.now() + budgetMs
  let pause = 1
  for (;;) {
    try {
      return await attempt()
    } catch (e) {
      if (!isSqliteBusy(e)) throw e
      if (Date.now() + pause > deadline) throw new AppError('store.busy', { retryAfter: RETRY_AFTER_S }, { cause: e })
      await sleep(pause * (0.5 + Math.random()))
      pause = Math.min(pause * 2, 50)
    }
  }
}

/** Health of the store, remembered from the last write: a full disk shows only when a write meets it. */
export class StoreHealth {
  #lastFault: StoreState = 'ok'

  noteFault(e: unknown): void {
    const f = storeFault(e)
    if (f?.code === 'store.full') this.#lastFault = 'full'
    else if (f?.code === 'store.read_only') this.#lastFault = 'read_only'
  }

  noteSuccess(): void {
    this.#lastFault = 'ok'
  }

  get lastFault(): StoreState {
    return this.#lastFault
  }
}

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    readonly outsideTransaction: () => boolean,
    readonly health: StoreHealth,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      // A statement outside a transaction failed without effect, so trying it again is safe.
      return this.outsideTransaction() ? await retryWhileBusy(() => this.inner.executeQuery<R>(query)) : await this.inner.executeQuery<R>(query)
    } catch (e) {
      this.health.noteFault(e)
      throw asStoreError(e)
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize)
    } catch (e) {
      throw asStoreError(e)
    }
  }
}

const unwrap = (c: DatabaseConnection): DatabaseConnection => (c instanceof GuardedConnection ? c.inner : c)

/**
 * Wraps a Kysely driver: driver errors become our codes, and on SQLite transactions begin IMMEDIATE (deferred
 * for read-only ones, which must not take the write lock: a backup would hold every writer off).
 */
export function guardedDriver(inner: Driver, options: { sqlite?: SqliteDatabase.Database; health: StoreHealth }): Driver {
  const { sqlite, health } = options
  const outside = () => sqlite !== undefined && !sqlite.inTransaction
  const mapped = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (e) {
      health.noteFault(e)
      throw asStoreError(e)
    }
  }
  return {
    init: () => inner.init(),
    acquireConnection: async () => new GuardedConnection(await mapped(() => inner.acquireConnection()), outside, health),
    beginTransaction: (c: DatabaseConnection, settings: TransactionSettings) =>
      sqlite
        ? mapped(() => retryWhileBusy(() => unwrap(c).executeQuery(CompiledQuery.raw(settings.accessMode === 'read only' ? 'begin' : 'begin immediate'))).then(() => undefined))
        : mapped(() => inner.beginTransaction(unwrap(c), settings)),
    commitTransaction: async (c: DatabaseConnection) => {
      await mapped(() => inner.commitTransaction(unwrap(c)))
      health.noteSuccess()
    },
    rollbackTransaction: (c: DatabaseConnection) => mapped(() => inner.rollbackTransaction(unwrap(c))),
    ...savepoints(inner, mapped),
    releaseConnection: (c: DatabaseConnection) => inner.releaseConnection(unwrap(c)),
    destroy: () => inner.destroy(),
  } satisfies Driver
}

/** The savepoint methods the inner driver has, with their errors mapped. */
function savepoints(inner: Driver, mapped: <T>(work: () => Promise<T>) => Promise<T>): Pick<Driver, 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint'> {
  const savepoint = inner.savepoint?.bind(inner)
  const rollbackToSavepoint = inner.rollbackToSavepoint?.bind(inner)
  const releaseSavepoint = inner.releaseSavepoint?.bind(inner)
  return {
    ...(savepoint ? { savepoint: (c, name, compile) => mapped(() => savepoint(unwrap(c), name, compile)) } : {}),
    ...(rollbackToSavepoint ? { rollbackToSavepoint: (c, name, compile) => mapped(() => rollbackToSavepoint(unwrap(c), name, compile)) } : {}),
    ...(releaseSavepoint ? { releaseSavepoint: (c, name, compile) => mapped(() => releaseSavepoint(unwrap(c), name, compile)) } : {}),
  }
}
