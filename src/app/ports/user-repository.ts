/**
 * What the account service needs from a store: accounts, their password hashes, and the changes to them, each
 * written with its audit entry in one transaction.
 * @module
 */
import type { Role } from '../../core/roles.js'
import type { AuditEntry } from './audit-entry.js'

export interface User {
  readonly id: number
  readonly username: string
  readonly displayName: string
  readonly role: Role
  /** Region codes a reporter may write (with their children). */
  readonly regions: ReadonlyArray<string>
  readonly department: string | null
  readonly disabled: boolean
}

export interface NewUserRecord {
  readonly username: string
  readonly displayName: string
  readonly passwordHash: string
  readonly role: Role
  readonly regions: ReadonlyArray<string>
  readonly department: string | null
}

export interface UserRepository {
  /** Every account, by user name. */
  list(): Promise<User[]>
  get(username: string): Promise<User | undefined>
  /** The account with its password hash, to check a password against. */
  credentials(username: string): Promise<{ readonly user: User; readonly passwordHash: string } | undefined>
  create(user: NewUserRecord, at: string, audit: AuditEntry): Promise<User>
  /** Disabling also ends the account's sessions and revokes its API tokens. False when there is no such account. */
  setDisabled(username: string, disabled: boolean, at: string, audit: AuditEntry): Promise<boolean>
  /** Also ends the account's sessions. False when there is no such account. */
  setPasswordHash(username: string, passwordHash: string, at: string, audit: AuditEntry): Promise<boolean>
}
