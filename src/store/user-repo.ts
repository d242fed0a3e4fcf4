/**
 * Accounts on either store. A row becomes a `User` here; its regions column is parsed through its schema.
 * @module
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type { AccountChange, NewUserRecord, User, UserRepository } from '../app/ports/user-repository.js'
import type { Role } from '../core/roles.js'
import { insertAudit } from './audit-writer.js'
import type { Database, UserTable } from './db-types.js'
import type { DialectName } from './migrations/index.js'
import { readStringList, writeStringList } from './string-list-column.js'

/** The columns a `User` is made of, also when they come from a join. */
export type UserColumns = Pick<Selectable<UserTable>, 'id' | 'username' | 'display_name' | 'role' | 'regions' | 'department' | 'disabled'>

export const USER_COLUMNS = ['u.id', 'u.username', 'u.display_name', 'u.role', 'u.regions', 'u.department', 'u.disabled'] as const

export function toUser(r: UserColumns): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    regions: readStringList(r.regions),
    department: r.department,
    disabled: r.disabled !== 0,
  }
}

export class KyselyUserRepository implements UserRepository {
  readonly #db: Kysely<Database>
  readonly #dialect: DialectName

  constructor(db: Kysely<Database>, dialect: DialectName) {
    this.#db = db
    this.#dialect = dialect
  }

  async getIgnoringCase(username: string): Promise<User | undefined> {
    const r = await this.#db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .orderBy('id')
      .executeTakeFirst()
    return r ? toUser(r) : undefined
  }

  async caseClashes(): Promise<string[][]> {
    const groups = new Map<string, string[]>()
    for (const r of await this.#db.selectFrom('users').select('username').orderBy('username').execute()) {
      const key = r.username.toLowerCase()
      groups.set(key, [...(groups.get(key) ?? []), r.username])
    }
    return [...groups.values()].filter((g) => g.length > 1)
  }

  /**
   * Whether the change would leave no enabled admin. On PostgreSQL the enabled admins' rows are locked first, so
   * two admins disabling each other at once cannot both pass; SQLite runs one write transaction at a time.
   */
  async #wouldRemoveLastAdmin(trx: Transaction<Database>, username: string): Promise<boolean> {
    let admins = trx.selectFrom('users').select(['id', 'username']).where('role', '=', 'admin').where('disabled', '=', 0)
    if (this.#dialect === 'postgres') admins = admins.forUpdate()
    const enabled = await admins.execute()
    return enabled.length === 1 && enabled[0]?.username === username
  }

  async setRole(username: string, role: Role, at: string, audit: AuditEntry): Promise<AccountChange> {
    return this.#db.transaction().execute(async (trx) => {
      if (role !== 'admin' && (await this.#wouldRemoveLastAdmin(trx, username))) return 'last_admin'
      const r = await trx.updateTable('users').set({ role, updated_at: at }).where('username', '=', username).executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) return 'not_found'
      await insertAudit(trx, audit)
      return 'changed'
    })
  }

  async list(): Promise<User[]> {
    return (await this.#db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser)
  }

  async get(username: string): Promise<User | undefined> {
    const r = await this.#db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
    return r ? toUser(r) : undefined
  }

  async credentials(username: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const r = await this.#db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
    return r ? { user: toUser(r), passwordHash: r.password_hash } : undefined
  }

  async create(u: NewUserRecord, at: string, audit: AuditEntry): Promise<User> {
    const row = await this.#db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.displayName,
          password_hash: u.passwordHash,
          role: u.role,
          regions: writeStringList(u.regions),
          department: u.department,
          disabled: 0,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await insertAudit(trx, audit)
      return inserted
    })
    return toUser(row)
  }

  async setDisabled(username: string, disabled: boolean, at: string, audit: AuditEntry): Promise<AccountChange> {
    return this.#db.transaction().execute(async (trx) => {
      if (disabled && (await this.#wouldRemoveLastAdmin(trx, username))) return 'last_admin'
      const r = await trx
        .updateTable('users')
        .set({ disabled: disabled ? 1 : 0, updated_at: at })
        .where('username', '=', username)
        .executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) return 'not_found'
      if (disabled) {
        const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
        await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute()
      }
      await insertAudit(trx, audit)
      return 'changed'
    })
  }

  async setPasswordHash(username: string, passwordHash: string, at: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('username', '=', username).executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) return false
      const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
      // A new password ends everything the old one opened: sessions and API tokens.
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
      await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute()
      await insertAudit(trx, audit)
      return true
    })
  }

  async setProfile(
    username: string,
    profile: { readonly displayName?: string; readonly regions?: ReadonlyArray<string>; readonly department?: string | null },
    at: string,
    audit: AuditEntry,
  ): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('users')
        .set({
          ...(profile.displayName !== undefined ? { display_name: profile.displayName } : {}),
          ...(profile.regions !== undefined ? { regions: writeStringList([...profile.regions]) } : {}),
          ...(profile.department !== undefined ? { department: profile.department } : {}),
          updated_at: at,
        })
        .where('username', '=', username)
        .executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) return false
      await insertAudit(trx, audit)
      return true
    })
  }
}
