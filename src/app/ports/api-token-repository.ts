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

/** A token as its owner sees it: never the token itself. */
export interface ApiTokenInfo {
  readonly id: number
  readonly name: string
  readonly createdAt: string
  readonly lastUsedAt: string | null
  readonly revokedAt: string | null
}

export interface ApiTokenRepository {
  create(token: NewApiToken, audit: AuditEntry): Promise<void>
  /** The account (disabled or not) of a token that is not revoked. */
  findActive(tokenHash: string): Promise<{ readonly tokenId: number; readonly user: User } | undefined>
  markUsed(tokenId: number, at: string): Promise<void>
  /** The account's tokens, revoked ones too, oldest first. */
  list(userId: number): Promise<ApiTokenInfo[]>
  /** Revokes one token of the account; false when it has no such token that is not already revoked. */
  revoke(tokenId: number, userId: number, at: string, audit: AuditEntry): Promise<boolean>
}
