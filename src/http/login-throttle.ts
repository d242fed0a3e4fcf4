/**
 * Brute-force protection for sign-in: after 5 failures for one user name from one address within 15 minutes
 * (or 20 from one address for any names), further attempts are refused until the window has passed.
 * @module
 */
const WINDOW_MS = 15 * 60_000
const PER_USER = 5
const PER_ADDRESS = 20

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  #recent(key: string): number[] {
    const cutoff = this.#now() - WINDOW_MS
    const list = (this.#failures.get(key) ?? []).filter((t) => t > cutoff)
    if (list.length) this.#failures.set(key, list)
    else this.#failures.delete(key)
    return list
  }

  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(ip: string, username: string): number {
    const user = this.#recent(`u:${ip}|${username.toLowerCase()}`)
    const addr = this.#recent(`a:${ip}`)
    const blocking = user.length >= PER_USER ? user : addr.length >= PER_ADDRESS ? addr : undefined
    const oldest = blocking?.[0]
    if (oldest === undefined) return 0
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - this.#now()) / 1000))
  }

  fail(ip: string, username: string): void {
    const t = this.#now()
    for (const key of [`u:${ip}|${username.toLowerCase()}`, `a:${ip}`]) this.#failures.set(key, [...this.#recent(key), t])
  }

  succeed(ip: string, username: string): void {
    this.#failures.delete(`u:${ip}|${username.toLowerCase()}`)
  }
}
