/**
 * At most N imports and M exports at a time per user (per address for anonymous exports): one client cannot
 * take the server's memory or CPU from everyone else. Counts live in this process; a slot is given back when
 * the work ends, however it ends.
 * @module
 */
import { AppError } from '../core/errors.js'

export interface ConcurrencyLimitOptions {
  /** Imports (sync or job) one user may run at once. */
  readonly importsPerUser: number
  /** Exports one user, or one anonymous address, may run at once. */
  readonly exportsPerUser: number
  /** What a refused client is told to wait, in seconds (the Retry-After header). */
  readonly retryAfterSeconds: number
}

export const DEFAULT_CONCURRENCY_LIMITS: ConcurrencyLimitOptions = { importsPerUser: 2, exportsPerUser: 3, retryAfterSeconds: 10 }

export class ConcurrencyLimits {
  readonly options: ConcurrencyLimitOptions
  readonly #running = new Map<string, number>()

  constructor(options: ConcurrencyLimitOptions = DEFAULT_CONCURRENCY_LIMITS) {
    this.options = options
  }

  /**
   * Takes a slot for `who` (`user:<id>` or `ip:<address>`), or throws `limit.busy` (429). The returned function
   * gives it back; calling it twice is harmless.
   */
  acquire(kind: 'import' | 'export', who: string): () => void {
    const limit = kind === 'import' ? this.options.importsPerUser : this.options.exportsPerUser
    const key = `${kind}|${who}`
    const running = this.#running.get(key) ?? 0
    if (running >= limit) throw new AppError('limit.busy', { kind, limit, retryAfter: this.options.retryAfterSeconds })
    this.#running.set(key, running + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.#running.get(key) ?? 1) - 1
      if (left <= 0) this.#running.delete(key)
      else this.#running.set(key, left)
    }
  }

  running(kind: 'import' | 'export', who: string): number {
    return this.#running.get(`${kind}|${who}`) ?? 0
  }
}
