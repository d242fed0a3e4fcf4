/**
 * Status and warnings are recomputed only when data changed: the cache key carries the store's latest revision
 * id, so every write (in this process or another one on PostgreSQL) invalidates it.
 * @module
 */
import type { Context } from './context.js'

export class ComputeCache {
  readonly #entries = new Map<string, { version: string; value: Promise<unknown> }>()
  readonly #max: number

  constructor(max = 200) {
    this.#max = max
  }

  async dataVersion(ctx: Context): Promise<string> {
    // Every change to a value appends a revision or an audit entry (imports, entries, review steps, restores),
    // and both tables only grow: their largest ids name the data's state. Two primary-key look-ups, no scan.
    const [rev, audit] = await Promise.all([
      ctx.store.db.selectFrom('observation_revisions').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow(),
      ctx.store.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow(),
    ])
    return `${String(rev.id ?? 0)}:${String(audit.id ?? 0)}`
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
