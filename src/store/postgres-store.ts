/**
 * PostgreSQL store: the same schema and migrations as SQLite, through Kysely's PostgresDialect over `pg`.
 * @module
 */
import { AppError } from '../core/errors.js'
import type { Store } from './open-store.js'

export async function openPostgresStore(url: string, _options: { schema?: string; create: boolean }): Promise<Store> {
  throw new AppError('store.unavailable', { db: url, detail: 'PostgreSQL support is being added' })
}
