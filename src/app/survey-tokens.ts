/**
 * The public form's single-use token: HMAC-SHA256 with a server secret over the questionnaire, the region, the
 * time it was issued and a random nonce. It proves the form was loaded from this server for that questionnaire and
 * region, expires (2 hours by default) and is spent once: its nonce is stored as used with the response.
 * The secret is URBMON_SURVEY_SECRET when set (several servers, or tokens that outlive a restart), else random per
 * process. Nothing in a token names a person.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

import { AppError } from '../core/errors.js'

export const DEFAULT_TOKEN_TTL_MS = 2 * 3600_000
/** A token issued this far in the future (another server's clock) is still accepted. */
const CLOCK_SKEW_MS = 60_000

export interface VerifiedToken {
  readonly nonce: string
  readonly issuedAt: number
  readonly expiresAt: number
}

interface Payload {
  readonly q: string
  readonly r: string
  readonly t: number
  readonly n: string
}

const isPayload = (v: unknown): v is Payload =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Payload).q === 'string' &&
  typeof (v as Payload).r === 'string' &&
  Number.isInteger((v as Payload).t) &&
  typeof (v as Payload).n === 'string' &&
  /^[A-Za-z0-9_-]{16,64}$/.test((v as Payload).n)

export class SurveyTokens {
  readonly ttlMs: number
  readonly #secret: Buffer

  constructor(secret?: string, ttlMs: number = DEFAULT_TOKEN_TTL_MS) {
    this.#secret = secret ? Buffer.from(secret, 'utf8') : randomBytes(32)
    this.ttlMs = ttlMs
  }

  #sign(payload: string): Buffer {
    return createHmac('sha256', this.#secret).update(payload).digest()
  }

  issue(questionnaire: string, region: string, nowMs: number): string {
    const payload = Buffer.from(JSON.stringify({ q: questionnaire, r: region, t: nowMs, n: randomBytes(16).toString('base64url') } satisfies Payload)).toString('base64url')
    return `${payload}.${this.#sign(payload).toString('base64url')}`
  }

  /** Throws survey.token_invalid (forged, damaged, another questionnaire or region) or survey.token_expired. */
  verify(token: string, questionnaire: string, region: string, nowMs: number): VerifiedToken {
    const invalid = () => new AppError('survey.token_invalid')
    const [payload, signature, ...rest] = token.split('.')
    if (!payload || !signature || rest.length > 0 || token.length > 1000) throw invalid()
    const given = Buffer.from(signature, 'base64url')
    const expected = this.#sign(payload)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid()
    let p: unknown
    try {
      p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    } catch {
      throw invalid()
    }
    if (!isPayload(p) || p.q !== questionnaire || p.r !== region || p.t > nowMs + CLOCK_SKEW_MS) throw invalid()
    if (nowMs - p.t > this.ttlMs) throw new AppError('survey.token_expired', { hours: Math.round((this.ttlMs / 3600_000) * 10) / 10 })
    return { nonce: p.n, issuedAt: p.t, expiresAt: p.t + this.ttlMs }
  }
}
