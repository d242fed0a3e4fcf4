/**
 * Status and warnings are recomputed only when data changed: the cache key carries the store's data version,
 * so every write (in this process or another one on PostgreSQL) invalidates it.
 * @module
 */
import { sql } from 'kysely'

import type { Context } from './context.js'

/**
 * The data's state as a string that changes with every change to a value: each one appends a revision or an
 * audit entry (imports, entries, review steps, restores), and both tables only grow, so their largest ids name
 * the state. Two primary-key look-ups, no scan.
 */
export async function dataVersion(ctx: Pick<Context, 'store'>): Promise<string> {
  // One statement, one round trip to a database server.
  const { rows } = await sql<{ rev: number | string | null; audit: number | string | null }>`
    SELECT (SELECT max(id) FROM observation_revisions) AS rev, (SELECT max(id) FROM audit_log) AS audit`.execute(ctx.store.db)
  return `${String(rows[0]?.rev ?? 0)}:${String(rows[0]?.audit ?? 0)}`
}

/**
 * A cheaper stamp for the in-process cache on the embedded store: SQLite's `data_version` moves when another
 * connection commits, `total_changes()` when this one writes; both are counters in memory, no table is read.
 * (Not for anything kept across processes: they restart with the connection. The columnar copy uses dataVersion.)
 */
const totalChanges = new WeakMap<object, { get(): unknown }>()

function changeStamp(ctx: Pick<Context, 'store'>): string | undefined {
  const sqlite = ctx.store.sqlite
  if (!sqlite) return undefined
  const dataVersion = sqlite.pragma('data_version', { simple: true }) as number
  let stmt = totalChanges.get(sqlite)
  if (!stmt) {
    stmt = sqlite.prepare('SELECT total_changes()').pluck()
    totalChanges.set(sqlite, stmt)
  }
  const changes = stmt.get() as number
  return `s:${dataVersion}:${changes}`
}

export class ComputeCache {
  readonly #entries = new Map<string, { version: string; value: Promise<unknown> }>()
  readonly #max: number

  constructor(max = 200) {
    this.#max = max
  }

  async dataVersion(ctx: Context): Promise<string> {
    return changeStamp(ctx) ?? dataVersion(ctx)
  }

  async get<T>(ctx: Context, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.dataVersion(ctx)
    const hit = this.#entries.get(key)
    if (hit && hit.version === version) return hit.value as Promise<T>
    const value = compute()
    this.#entries.set(key, { version, value })
    value.catch(() => this.#entries.delete(key))
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string)
    return value
  }
}
