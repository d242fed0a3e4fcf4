/**
 * Accounts on either store. A row becomes a `User` here; its regions column is parsed through its schema.
 * @module
 */
import type { Kysely, Selectable } from 'kysely'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type { NewUserRecord, User, UserRepository } from '../app/ports/user-repository.js'
import { insertAudit } from './audit-writer.js'
import type { Database, UserTable } from './db-types.js'
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

  constructor(db: Kysely<Database>) {
    this.#db = db
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
        .values({ username: u.username, display_name: u.displayName, password_hash: u.passwordHash, role: u.role, regions: writeStringList(u.regions), department: u.department, disabled: 0, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow()
      await insertAudit(trx, audit)
      return inserted
    })
    return toUser(row)
  }

  async setDisabled(username: string, disabled: boolean, at: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('users').set({ disabled: disabled ? 1 : 0, updated_at: at }).where('username', '=', username).executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) return false
      if (disabled) {
        const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
        await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute()
      }
      await insertAudit(trx, audit)
      return true
    })
  }

  async setPasswordHash(username: string, passwordHash: string, at: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('username', '=', username).executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) return false
      const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
      await insertAudit(trx, audit)
      return true
    })
  }
}
