/**
 * Browser sessions on either store, found by the digest of their cookie's token.
 * @module
 */
import type { Kysely } from 'kysely'

import type { SessionRecord, SessionRepository } from '../app/ports/session-repository.js'
import type { User } from '../app/ports/user-repository.js'
import type { Database } from './db-types.js'
import { toUser, USER_COLUMNS } from './user-repo.js'

export class KyselySessionRepository implements SessionRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async create(s: SessionRecord): Promise<void> {
    await this.#db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt, ip: s.ip }).execute()
  }

  async find(id: string): Promise<{ user: User; csrfToken: string; expiresAt: string } | undefined> {
    const r = await this.#db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([...USER_COLUMNS, 's.csrf_token', 's.expires_at'])
      .where('s.id', '=', id)
      .executeTakeFirst()
    return r ? { user: toUser(r), csrfToken: r.csrf_token, expiresAt: r.expires_at } : undefined
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', id).execute()
  }
}
