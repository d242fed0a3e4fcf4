/**
 * The store handle and where it lives: shared by the SQLite opener (open-store.ts) and the PostgreSQL one
 * (postgres-store.ts) without either importing the other.
 * @module
 */
import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'

import type { Database } from './db-types.js'
import type { DialectName } from './migrations/index.js'
import type { StoreHealth } from './store-faults.js'

/** Where the data lives: an embedded SQLite file, or a PostgreSQL database (optionally one schema of it). */
export type StoreTarget = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string }

export interface Store {
  readonly db: Kysely<Database>
  readonly dialect: DialectName
  readonly location: string
  /** The embedded database's own handle, for bulk writes that would drown in per-query overhead. */
  readonly sqlite?: SqliteDatabase.Database
  /** PostgreSQL's bulk path: one pooled connection at a time, for `COPY … FROM STDIN` beside Kysely's queries. */
  readonly postgres?: PostgresSessions
  /** The last write fault (a full disk, a read-only file), for the health check. */
  readonly health: StoreHealth
  close(): Promise<void>
}

/** One PostgreSQL connection, held for the duration of a piece of work (an import's transaction). */
export interface PostgresSession {
  /** Kysely on this connection only: a transaction begun here is the one `copyIn` writes into. */
  readonly db: Kysely<Database>
  /** Runs `statement` (`COPY … FROM STDIN`, text format) on this connection with `data` as its input. */
  copyIn(statement: string, data: string): Promise<void>
}

export interface PostgresSessions {
  withSession<T>(work: (session: PostgresSession) => Promise<T>): Promise<T>
}

/** How a store is named in messages: the file, or the database URL without its password. */
export function describeTarget(target: StoreTarget): string {
  if (target.kind === 'sqlite') return target.file
  try {
    const u = new URL(target.url)
    if (u.password) u.password = '***'
    return u.toString() + (target.schema ? ` (schema ${target.schema})` : '')
  } catch {
    return 'postgres'
  }
}
