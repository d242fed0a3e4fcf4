/**
 * Status and warnings are recomputed only when data changed: the cache key carries the store's data version,
 * so every write (in this process or another one on PostgreSQL) invalidates it.
 * @module
 */
import type { Context } from './context.js'

/**
 * The data's state as a string that changes with every change to a value: each one appends a revision or an
 * audit entry (imports, entries, review steps, restores), and both tables only grow, so their largest ids name
 * the state. Two primary-key look-ups, no scan.
 */
export async function dataVersion(ctx: Pick<Context, 'storeMeta'>): Promise<string> {
  return ctx.storeMeta.dataVersion()
}

export class ComputeCache {
  readonly #entries = new Map<string, { version: string; value: Promise<unknown> }>()
  readonly #max: number

  constructor(max = 200) {
    this.#max = max
  }

  async dataVersion(ctx: Context): Promise<string> {
    // The embedded store's change counters are cheaper for the in-process cache (the columnar copy, kept across
    // processes, uses dataVersion).
    return ctx.storeMeta.changeStamp() ?? dataVersion(ctx)
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
