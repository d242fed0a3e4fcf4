import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package root: plans/ and data/ ship beside src/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const DEFAULT_PLAN = resolve(PACKAGE_ROOT, 'plans/jiangsu-2021-2025.yaml')
export const BUNDLED_DATA = resolve(PACKAGE_ROOT, 'data/observations')

import type { StoreTarget } from '../store/open-store.js'

/** Database file: --db, else URBMON_DB, else urbmon.db in URBMON_DATA_DIR (default ./data). */
export function databasePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.URBMON_DB ?? join(env.URBMON_DATA_DIR ?? 'data', 'urbmon.db'))
}

/** PostgreSQL when --database-url or URBMON_DATABASE_URL is given, else the embedded SQLite file. */
export function storeTarget(flags: { db?: string; databaseUrl?: string }, env: NodeJS.ProcessEnv): StoreTarget {
  const url = flags.databaseUrl ?? env.URBMON_DATABASE_URL
  if (url) return { kind: 'postgres', url, ...(env.URBMON_DATABASE_SCHEMA ? { schema: env.URBMON_DATABASE_SCHEMA } : {}) }
  return { kind: 'sqlite', file: databasePath(flags.db, env) }
}
