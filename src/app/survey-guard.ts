/**
 * Abuse resistance for the public survey form without tracking anyone. An address is known here only as a salted
 * hash (the salt is random per process and never leaves memory), and the counters live in memory only: nothing
 * about who answered is ever written to disk. Two rules: at most `limit` accepted responses per address in
 * `windowMs` (a flood is refused with the seconds to wait, and not counted), and the same answers from the same
 * address within `duplicateWindowMs` are refused as a duplicate. A restart forgets both, which is the price of
 * keeping no record of people.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'

import { AppError } from '../core/errors.js'

export interface SurveyGuardOptions {
  /** Accepted responses per address per window (default 5; URBMON_SURVEY_RATE_LIMIT). */
  readonly limit: number
  readonly windowMs: number
  readonly duplicateWindowMs: number
}

export const DEFAULT_SURVEY_GUARD: SurveyGuardOptions = { limit: 5, windowMs: 10 * 60_000, duplicateWindowMs: 60 * 60_000 }

/** Beyond this many addresses in memory, the oldest are forgotten (a bound on memory, not a rule). */
const MAX_KEYS = 100_000

export class SurveyGuard {
  readonly options: SurveyGuardOptions
  readonly #salt = randomBytes(32)
  /** Address key → times (ms) of its accepted responses within the window. */
  readonly #hits = new Map<string, number[]>()
  /** Address key → answer fingerprint → when it was accepted. */
  readonly #seen = new Map<string, Map<string, number>>()

  constructor(options: Partial<SurveyGuardOptions> = {}) {
    this.options = { ...DEFAULT_SURVEY_GUARD, ...options }
  }

  /** The address as this process knows it: a salted hash, never stored. */
  keyOf(address: string): string {
    return createHash('sha256').update(this.#salt).update(address).digest('base64url')
  }

  /**
   * Takes one of the address's slots for a response about to be written, or throws `survey.rate_limited` (429) with
   * the seconds until the oldest slot frees. The returned function gives the slot back (the write failed).
   */
  reserve(key: string, nowMs: number): () => void {
    const { limit, windowMs } = this.options
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > nowMs - windowMs)
    if (hits.length >= limit) {
      this.#hits.set(key, hits)
      const oldest = hits[0] ?? nowMs
      throw new AppError('survey.rate_limited', { retryAfter: Math.max(1, Math.ceil((oldest + windowMs - nowMs) / 1000)), limit, minutes: Math.round(windowMs / 60_000) })
    }
    hits.push(nowMs)
    this.#hits.delete(key)
    this.#hits.set(key, hits)
    this.#bound(this.#hits)
    return () => {
      const list = this.#hits.get(key)
      const i = list?.lastIndexOf(nowMs) ?? -1
      if (list && i >= 0) list.splice(i, 1)
    }
  }

  /** The same answers from this address within the duplicate window. */
  isDuplicate(key: string, fingerprint: string, nowMs: number): boolean {
    const at = this.#seen.get(key)?.get(fingerprint)
    return at !== undefined && at > nowMs - this.options.duplicateWindowMs
  }

  remember(key: string, fingerprint: string, nowMs: number): void {
    const seen = this.#seen.get(key) ?? new Map<string, number>()
    for (const [f, t] of seen) if (t <= nowMs - this.options.duplicateWindowMs) seen.delete(f)
    seen.set(fingerprint, nowMs)
    this.#seen.delete(key)
    this.#seen.set(key, seen)
    this.#bound(this.#seen)
  }

  #bound(map: Map<string, unknown>): void {
    while (map.size > MAX_KEYS) {
      const first = map.keys().next()
      if (first.done) break
      map.delete(first.value)
    }
  }
}
