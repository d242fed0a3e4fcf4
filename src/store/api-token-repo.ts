/**
 * API tokens on either store, found by their digest.
 * @module
 */
import type { Kysely } from 'kysely'

import type { ApiTokenRepository, NewApiToken } from '../app/ports/api-token-repository.js'
import type { AuditEntry } from '../app/ports/audit-entry.js'
import type { User } from '../app/ports/user-repository.js'
import { insertAudit } from './audit-writer.js'
import type { Database } from './db-types.js'
import { toUser, USER_COLUMNS } from './user-repo.js'

export class KyselyApiTokenRepository implements ApiTokenRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async create(t: NewApiToken, audit: AuditEntry): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('api_tokens').values({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt, last_used_at: null, revoked_at: null }).execute()
      await insertAudit(trx, audit)
    })
  }

  async findActive(tokenHash: string): Promise<{ tokenId: number; user: User } | undefined> {
    const r = await this.#db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id as token_id', ...USER_COLUMNS])
      .where('t.token_hash', '=', tokenHash)
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst()
    return r ? { tokenId: r.token_id, user: toUser(r) } : undefined
  }

  async markUsed(tokenId: number, at: string): Promise<void> {
    await this.#db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute()
  }
}
