/**
 * Sign-in attempts on either store. The check and the record are one atomic step: on SQLite an IMMEDIATE
 * transaction on the raw handle (it takes the write lock before reading, so another process on the same file
 * waits), on PostgreSQL a transaction holding an advisory lock per key, taken in key order so two attempts never
 * wait on each other.
 * @module
 */
import { sql, type Kysely } from 'kysely'

import type { LoginAttemptRepository, Reservation, ThrottleKey } from '../app/ports/login-attempt-repository.js'
import type { Database } from './db-types.js'
import type { Store } from './store.js'

export class KyselyLoginAttemptRepository implements LoginAttemptRepository {
  readonly #db: Kysely<Database>
  readonly #sqlite: Store['sqlite']

  constructor(store: Pick<Store, 'db' | 'sqlite'>) {
    this.#db = store.db
    this.#sqlite = store.sqlite
  }

  async reserve(keys: ReadonlyArray<ThrottleKey>, at: string, since: string): Promise<Reservation> {
    // A key already at its limit is refused by one plain read, without a transaction or a lock: a burst of
    // guesses then costs the store one query each. Below the limit the locked step below checks again.
    const full = await this.#atLimit(keys, since)
    if (full) return full
    const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const sqlite = this.#sqlite
    if (sqlite) {
      const prune = sqlite.prepare('DELETE FROM login_attempts WHERE key = ? AND at < ?')
      const recent = sqlite.prepare<[string, string], { n: number; oldest: string | null }>('SELECT count(*) AS n, min(at) AS oldest FROM login_attempts WHERE key = ? AND at >= ?')
      const insert = sqlite.prepare<[string, string]>('INSERT INTO login_attempts (key, at) VALUES (?, ?)')
      return sqlite
        .transaction((): Reservation => {
          for (const k of sorted) {
            prune.run(k.key, since)
            const r = recent.get(k.key, since)
            if (r && r.n >= k.limit && r.oldest) return { allowed: false, oldest: r.oldest }
          }
          return { allowed: true, ids: sorted.map((k) => Number(insert.run(k.key, at).lastInsertRowid)) }
        })
        .immediate()
    }
    return this.#db.transaction().execute(async (trx): Promise<Reservation> => {
      for (const k of sorted) await sql`SELECT pg_advisory_xact_lock(hashtext(${k.key}))`.execute(trx)
      for (const k of sorted) {
        await trx.deleteFrom('login_attempts').where('key', '=', k.key).where('at', '<', since).execute()
        const r = await trx
          .selectFrom('login_attempts')
          .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
          .where('key', '=', k.key)
          .where('at', '>=', since)
          .executeTakeFirst()
        if (r && Number(r.n) >= k.limit && r.oldest) return { allowed: false, oldest: r.oldest }
      }
      const ids: number[] = []
      for (const k of sorted) ids.push((await trx.insertInto('login_attempts').values({ key: k.key, at }).returning('id').executeTakeFirstOrThrow()).id)
      return { allowed: true, ids }
    })
  }

  async #atLimit(keys: ReadonlyArray<ThrottleKey>, since: string): Promise<Reservation | undefined> {
    const counts = await this.#db
      .selectFrom('login_attempts')
      .select((eb) => ['key', eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
      .where(
        'key',
        'in',
        keys.map((k) => k.key),
      )
      .where('at', '>=', since)
      .groupBy('key')
      .execute()
    for (const c of counts) {
      const limit = keys.find((k) => k.key === c.key)?.limit ?? Infinity
      if (Number(c.n) >= limit) return { allowed: false, oldest: c.oldest }
    }
    return undefined
  }

  async release(ids: ReadonlyArray<number>, clearKeys: ReadonlyArray<string>): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      if (ids.length)
        await trx
          .deleteFrom('login_attempts')
          .where('id', 'in', [...ids])
          .execute()
      if (clearKeys.length)
        await trx
          .deleteFrom('login_attempts')
          .where('key', 'in', [...clearKeys])
          .execute()
    })
  }
}
