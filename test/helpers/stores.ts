/**
 * The stores every contract test runs against: SQLite always, PostgreSQL when URBMON_TEST_DATABASE_URL names a
 * database the tests may use (`.ci/run` starts one). Each `fresh()` is an empty, isolated store: a new SQLite
 * file, or a new randomly named schema of the test database. `dropFreshStores()` (call it in `afterAll`)
 * removes the ones this process made; schemas left by a crashed run are dropped a day later.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'

import type { StoreTarget } from '../../src/store/open-store.js'

export interface TestStore {
  readonly name: 'sqlite' | 'postgres'
  fresh(): Promise<StoreTarget>
}

export const PG_URL = process.env.URBMON_TEST_DATABASE_URL

const SCHEMA_PREFIX = 'urbmon_t_'
const STALE_AFTER_MS = 24 * 60 * 60 * 1000

const madeFiles: string[] = []
const madeSchemas: string[] = []
let staleDropped = false

const sqlite: TestStore = {
  name: 'sqlite',
  fresh: () => {
    const file = join(mkdtempSync(join(tmpdir(), 'urbmon-contract-')), 'test.db')
    madeFiles.push(file)
    return Promise.resolve({ kind: 'sqlite', file })
  },
}

function postgres(url: string): TestStore {
  return {
    name: 'postgres',
    fresh: async () => {
      if (!staleDropped) {
        staleDropped = true
        await dropStaleSchemas(url)
      }
      // The creation time in the name lets a later run tell abandoned schemas from those of a run in progress.
      const schema = `${SCHEMA_PREFIX}${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`
      madeSchemas.push(schema)
      return { kind: 'postgres', url, schema }
    },
  }
}

export const STORES: ReadonlyArray<TestStore> = PG_URL ? [sqlite, postgres(PG_URL)] : [sqlite]

/** The CLI's global arguments and environment that point it at a target. */
export function cliTarget(target: StoreTarget): { args: string[]; env: NodeJS.ProcessEnv } {
  if (target.kind === 'sqlite') return { args: ['--db', target.file], env: {} }
  return { args: ['--database-url', target.url], env: target.schema ? { URBMON_DATABASE_SCHEMA: target.schema } : {} }
}

/** Runs SQL on the test database outside any store (to look at or drop schemas). */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function dropFreshStores(): Promise<void> {
  for (const file of madeFiles.splice(0)) rmSync(dirname(file), { recursive: true, force: true })
  const schemas = madeSchemas.splice(0)
  if (PG_URL && schemas.length > 0) {
    await withPgClient(PG_URL, async (c) => {
      for (const s of schemas) await c.query(`drop schema if exists "${s}" cascade`)
    })
  }
}

async function dropStaleSchemas(url: string): Promise<void> {
  await withPgClient(url, async (c) => {
    const { rows } = await c.query<{ nspname: string }>('select nspname from pg_namespace where left(nspname, $1) = $2', [SCHEMA_PREFIX.length, SCHEMA_PREFIX])
    for (const { nspname } of rows) {
      const created = parseInt(nspname.slice(SCHEMA_PREFIX.length).split('_')[0] ?? '', 36)
      if (Number.isFinite(created) && Date.now() - created > STALE_AFTER_MS) await c.query(`drop schema if exists "${nspname}" cascade`)
    }
  })
}

/** Another process's import, as far as the store can tell: a second handle on the file holding the write lock. */
export function holdSqliteWriteLock(file: string): { release(): void } {
  const other = new SqliteDatabase(file)
  other.exec('BEGIN IMMEDIATE')
  return {
    release: () => {
      if (other.inTransaction) other.exec('ROLLBACK')
      other.close()
    },
  }
}
