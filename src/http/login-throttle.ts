/**
 * Brute-force protection for sign-in. Within 15 minutes an address may try one user name 5 times, any names 20
 * times, and one user name may be tried 50 times from all addresses together. The attempt is recorded in the store
 * *before* the password is checked and forgotten when it was right, so a concurrent burst of guesses gets exactly
 * the allowance; the store keeps the count across restarts and for every server on it.
 * @module
 */
import type { LoginAttemptRepository } from '../app/ports/login-attempt-repository.js'

export const THROTTLE_WINDOW_MS = 15 * 60_000
export const PER_USER_AND_ADDRESS = 5
export const PER_ADDRESS = 20
export const PER_ACCOUNT = 50

export type Admission = { readonly allowed: true; readonly ticket: Ticket } | { readonly allowed: false; readonly retryAfter: number }

/** What a successful sign-in hands back to forget its attempt. */
export interface Ticket {
  readonly ids: ReadonlyArray<number>
  readonly userKey: string
}

export class LoginThrottle {
  readonly #attempts: LoginAttemptRepository
  readonly #now: () => number
  /** The reservations for one user name, one after another in this process (see `admit`). */
  readonly #queues = new Map<string, Promise<unknown>>()

  constructor(attempts: LoginAttemptRepository, now: () => number = Date.now) {
    this.#attempts = attempts
    this.#now = now
  }

  /** Records an attempt, or says how many seconds to wait when one of its keys has used its allowance. */
  async admit(ip: string, username: string): Promise<Admission> {
    const name = username.toLowerCase()
    // The store's step is atomic on its own (and so across servers); queueing one name's attempts here as well
    // means that once its allowance is used, the rest of a burst is refused by the store's cheap read instead
    // of a thousand transactions waiting on one lock.
    return this.#serially(name, () => this.#admit(ip, name))
  }

  async #serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(key) ?? Promise.resolve()).then(work, work)
    const tail = run.catch(() => undefined)
    this.#queues.set(key, tail)
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key)
    })
    return run
  }

  async #admit(ip: string, name: string): Promise<Admission> {
    const now = this.#now()
    const userKey = `user:${ip}|${name}`
    const r = await this.#attempts.reserve(
      [
        { key: userKey, limit: PER_USER_AND_ADDRESS },
        { key: `addr:${ip}`, limit: PER_ADDRESS },
        { key: `account:${name}`, limit: PER_ACCOUNT },
      ],
      new Date(now).toISOString(),
      new Date(now - THROTTLE_WINDOW_MS).toISOString(),
    )
    if (r.allowed) return { allowed: true, ticket: { ids: r.ids, userKey } }
    return { allowed: false, retryAfter: Math.max(1, Math.ceil((Date.parse(r.oldest) + THROTTLE_WINDOW_MS - now) / 1000)) }
  }

  /** The password was right: this attempt does not count, nor do this address's earlier failures for the name. */
  async succeeded(ticket: Ticket): Promise<void> {
    await this.#attempts.release(ticket.ids, [ticket.userKey])
  }
}
