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

/** What a change of an account came to: `last_admin` when it would have left no enabled admin (nothing changed). */
export type AccountChange = 'changed' | 'not_found' | 'last_admin'

export interface UserRepository {
  /** Every account, by user name. */
  list(): Promise<User[]>
  get(username: string): Promise<User | undefined>
  /** The account whose name equals `username` ignoring case (user names are unique that way). */
  getIgnoringCase(username: string): Promise<User | undefined>
  /** Names that differ only in case, from stores older than that rule: each group sorted, for an admin to resolve. */
  caseClashes(): Promise<string[][]>
  /** The account with its password hash, to check a password against. */
  credentials(username: string): Promise<{ readonly user: User; readonly passwordHash: string } | undefined>
  create(user: NewUserRecord, at: string, audit: AuditEntry): Promise<User>
  /**
   * Disabling also ends the account's sessions and revokes its API tokens. Refused (`last_admin`) when it would
   * disable the last enabled admin: checked inside the transaction, with the admins' rows locked on PostgreSQL.
   */
  setDisabled(username: string, disabled: boolean, at: string, audit: AuditEntry): Promise<AccountChange>
  /** A new role (and, for a reporter, its scope); refused like `setDisabled` for the last enabled admin. */
  setRole(username: string, role: Role, at: string, audit: AuditEntry): Promise<AccountChange>
  /** Also ends the account's sessions and revokes its API tokens. False when there is no such account. */
  setPasswordHash(username: string, passwordHash: string, at: string, audit: AuditEntry): Promise<boolean>
  /** A new display name, regions or department (those given), with its audit entry; false when there is no such account. */
  setProfile(
    username: string,
    profile: { readonly displayName?: string; readonly regions?: ReadonlyArray<string>; readonly department?: string | null },
    at: string,
    audit: AuditEntry,
  ): Promise<boolean>
}
