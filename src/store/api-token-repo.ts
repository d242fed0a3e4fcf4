/**
 * API tokens on either store, found by their digest.
 * @module
 */
import type { Kysely } from 'kysely'

import type { ApiTokenInfo, ApiTokenRepository, NewApiToken } from '../app/ports/api-token-repository.js'
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
      await trx
        .insertInto('api_tokens')
        .values({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt, last_used_at: null, revoked_at: null })
        .execute()
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

  async list(userId: number): Promise<ApiTokenInfo[]> {
    const rows = await this.#db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).orderBy('id').execute()
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }))
  }

  async revoke(tokenId: number, userId: number, at: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', tokenId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) return false
      await insertAudit(trx, audit)
      return true
    })
  }
}
