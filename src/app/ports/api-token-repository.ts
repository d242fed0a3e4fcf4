/**
 * API tokens for machines. A token is stored as its digest; a revoked token is kept, for the record.
 * @module
 */
import type { AuditEntry } from './audit-entry.js'
import type { User } from './user-repository.js'

export interface NewApiToken {
  readonly userId: number
  readonly name: string
  /** sha256 of the token. */
  readonly tokenHash: string
  readonly createdAt: string
}

export interface ApiTokenRepository {
  create(token: NewApiToken, audit: AuditEntry): Promise<void>
  /** The account (disabled or not) of a token that is not revoked. */
  findActive(tokenHash: string): Promise<{ readonly tokenId: number; readonly user: User } | undefined>
  markUsed(tokenId: number, at: string): Promise<void>
}
