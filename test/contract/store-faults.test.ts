/**
 * The store's faults as codes, on the store itself: a full disk (SQLite's max_page_count reached), a read-only
 * store (query_only), another process holding the write lock, a NUL character on PostgreSQL, a lost PostgreSQL
 * connection, and a backup holding a NUL restored into PostgreSQL.
 */
import SqliteDatabase from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'

import type { ChangeStamp, DraftInput } from '../../src/app/ports/observations.js'
import { backupStore, restoreStore } from '../../src/store/backup.js'
import { ObservationRepo } from '../../src/store/observation-repo.js'
import { openStoreTarget, type Store } from '../../src/store/open-store.js'
import { KyselyStoreMeta } from '../../src/store/store-meta.js'
import { dropFreshStores, PG_URL, STORES, withPgClient } from '../helpers/stores.js'

afterAll(dropFreshStores)

const STAMP: ChangeStamp = { by: 'tester', at: '2026-01-01T00:00:00.000Z', origin: 'cli' }
const draft = (note: string | null, value = 931.47, version = 0): DraftInput => ({
  indicator: 'resident_pop',
  region: '320100',
  period: '2020',
  year: 2020,
  source: 'bulletin',
  value,
  valueText: String(value),
  unit: '万人',
  note,
  version,
})

const sqliteStore = STORES.find((s) => s.name === 'sqlite')!

async function openSqlite(): Promise<Store> {
  return openStoreTarget(await sqliteStore.fresh(), { create: true })
}

describe('SQLite faults', () => {
  it('a full disk is store.full, nothing kept, and health says full until a write succeeds', async () => {
    const store = await openSqlite()
    try {
      const repo = new ObservationRepo(store)
      await repo.writeDraft(draft('a'), STAMP)
      const pages = Number(store.sqlite!.pragma('page_count', { simple: true }))
      store.sqlite!.pragma(`max_page_count = ${pages}`)
      await expect(repo.writeDraft(draft('x'.repeat(200_000), 1, 1), STAMP)).rejects.toMatchObject({ code: 'store.full' })
      expect(await new KyselyStoreMeta(store).state()).toBe('full')
      const [row] = await repo.find({})
      expect(row).toMatchObject({ version: 1, note: 'a' })
      store.sqlite!.pragma(`max_page_count = ${pages * 100}`)
      await repo.writeDraft(draft('b', 2, 1), STAMP)
      expect(await new KyselyStoreMeta(store).state()).toBe('ok')
    } finally {
      await store.close()
    }
  })

  it('a read-only store is store.read_only, in the health state too', async () => {
    const store = await openSqlite()
    try {
      store.sqlite!.pragma('query_only = 1')
      await expect(new ObservationRepo(store).writeDraft(draft('a'), STAMP)).rejects.toMatchObject({ code: 'store.read_only' })
      expect(await new KyselyStoreMeta(store).state()).toBe('read_only')
    } finally {
      await store.close()
    }
  })

  it('another process holding the write lock: the write waits without blocking, then store.busy; health says busy meanwhile', async () => {
    const store = await openSqlite()
    const other = new SqliteDatabase(store.location)
    try {
      other.exec('BEGIN IMMEDIATE')
      let ticks = 0
      const timer = setInterval(() => ticks++, 10)
      const write = new ObservationRepo(store).writeDraft(draft('a'), STAMP).then(
        () => 'written',
        (e: unknown) => (e as { code?: string }).code,
      )
      expect(await new KyselyStoreMeta(store).state()).toBe('busy')
      const outcome = await write
      clearInterval(timer)
      expect(outcome).toBe('store.busy')
      // The event loop kept turning while the write waited (a synchronous busy wait would leave ticks at 0).
      expect(ticks).toBeGreaterThan(10)
      other.exec('ROLLBACK')
      expect((await new ObservationRepo(store).writeDraft(draft('a'), STAMP)).version).toBe(1)
    } finally {
      other.close()
      await store.close()
    }
  })
})

describe.runIf(PG_URL)('PostgreSQL faults', () => {
  const pgStore = STORES.find((s) => s.name === 'postgres')!

  it('a NUL character in text is store.nul_in_text, not a 500', async () => {
    const store = await openStoreTarget(await pgStore.fresh(), { create: true })
    try {
      await expect(new ObservationRepo(store).writeDraft(draft('a\u0000b'), STAMP)).rejects.toMatchObject({ code: 'store.nul_in_text' })
      expect(await new ObservationRepo(store).find({})).toEqual([])
    } finally {
      await store.close()
    }
  })

  // On a loaded machine the server's 57P01 arrives before the socket's end, so only our lost mark keeps the dead
  // client out of the pool (it once failed here in CI when Kysely's `release(false)` overrode the mark).
  it('a lost connection is store.unreachable; the next request reconnects', async () => {
    const store = await openStoreTarget(await pgStore.fresh(), { create: true })
    try {
      const repo = new ObservationRepo(store)
      await repo.writeDraft(draft('a'), STAMP)
      // The server ends this store's connection in the middle of a query (only that one: it is marked).
      const running = sql`select pg_sleep(30) as urbmon_fault_probe`.execute(store.db)
      const caught = running.then(
        () => undefined,
        (e: unknown) => e,
      )
      await withPgClient(PG_URL!, async (c) => {
        for (let i = 0; i < 100; i++) {
          const { rowCount } = await c.query("select pg_terminate_backend(pid) from pg_stat_activity where query like '%as urbmon_fault_probe%' and pid <> pg_backend_pid()")
          if (rowCount) return
          await new Promise((r) => setTimeout(r, 20))
        }
      })
      expect(await caught).toMatchObject({ code: 'store.unreachable' })
      expect(await repo.find({})).toHaveLength(1)
      expect(await new KyselyStoreMeta(store).state()).toBe('ok')
    } finally {
      await store.close()
    }
  })

  it('a SQLite backup whose old revision holds a NUL is refused by PostgreSQL naming table, row and column; nothing restored', async () => {
    const from = await openSqlite()
    const lines: string[] = []
    try {
      const repo = new ObservationRepo(from)
      await repo.writeDraft(draft('a\u0000b'), STAMP)
      await repo.writeDraft(draft('clean', 2, 1), STAMP)
      await sql`update observations set note = 'clean'`.execute(from.db)
      await backupStore(from, (l) => lines.push(l))
    } finally {
      await from.close()
    }
    const to = await openStoreTarget(await pgStore.fresh(), { create: true })
    try {
      await expect(restoreStore(to, lines)).rejects.toMatchObject({ code: 'backup.invalid', params: { reason: 'nul', table: 'observation_revisions', column: 'note', id: '1' } })
      expect(await new ObservationRepo(to).count()).toEqual({ observations: 0, revisions: 0, imports: 0 })
    } finally {
      await to.close()
    }
  })
})
