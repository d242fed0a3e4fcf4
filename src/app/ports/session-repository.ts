/**
 * Browser sessions. A session is stored under the digest of its cookie's token, never the token itself.
 * @module
 */
import type { User } from './user-repository.js'

export interface SessionRecord {
  /** sha256 of the session cookie's token. */
  readonly id: string
  readonly userId: number
  readonly csrfToken: string
  readonly createdAt: string
  readonly expiresAt: string
  readonly ip: string | null
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>
  /** The session's account (disabled or not) and what the caller checks: its CSRF token and expiry. */
  find(id: string): Promise<{ readonly user: User; readonly csrfToken: string; readonly expiresAt: string } | undefined>
  delete(id: string): Promise<void>
}
