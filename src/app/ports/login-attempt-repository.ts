/**
 * Sign-in attempts, kept by the store so the throttle survives restarts and is shared by every server on one
 * store. An attempt is recorded before its password is checked: a burst of concurrent guesses cannot all pass the
 * check while none has been recorded yet.
 * @module
 */

/** One throttle key (`user:<ip>|<name>`, `addr:<ip>`, `account:<name>`) and how many attempts it may have. */
export interface ThrottleKey {
  readonly key: string
  readonly limit: number
}

export type Reservation =
  /** Recorded under every key; `ids` are the rows to release when the password turns out right. */
  | { readonly allowed: true; readonly ids: ReadonlyArray<number> }
  /** Some key has `limit` attempts since `since`; `oldest` is the earliest of them, when the wait ends from. */
  | { readonly allowed: false; readonly oldest: string }

export interface LoginAttemptRepository {
  /**
   * Atomically, for all keys at once: when any key has reached its limit of attempts at or after `since`,
   * records nothing and says so; otherwise records one attempt at `at` under every key. Attempts older than
   * `since` are dropped on the way.
   */
  reserve(keys: ReadonlyArray<ThrottleKey>, at: string, since: string): Promise<Reservation>
  /** A successful sign-in: forgets its own reservation and every attempt under `clearKeys`. */
  release(ids: ReadonlyArray<number>, clearKeys: ReadonlyArray<string>): Promise<void>
}
