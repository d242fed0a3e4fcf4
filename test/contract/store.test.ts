/**
 * One contract for every store: what the rest of urbmon relies on must hold on SQLite and on PostgreSQL alike.
 * PostgreSQL runs when URBMON_TEST_DATABASE_URL is set (see test/helpers/stores.ts and .ci/run).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'

import { isAppError } from '../../src/core/errors.js'
import type { CandidateObservation } from '../../src/ingest/index.js'
import { backupStore, restoreStore } from '../../src/store/backup.js'
import type { ImportMeta } from '../../src/app/ports/imports.js'
import { ObservationRepo } from '../../src/store/observation-repo.js'
import { taskAndAccountRepos } from '../../src/store/task-and-account-repos.js'
import { openStoreTarget, type Store, type StoreTarget } from '../../src/store/open-store.js'
import { dropFreshStores, STORES, type TestStore } from '../helpers/stores.js'

afterAll(dropFreshStores)

const AT = '2026-01-01T00:00:00.000Z'

function obs(region: string, year: number, value: number, source = 'bulletin', indicator = 'resident_pop'): CandidateObservation {
  return {
    indicator,
    region,
    period: String(year),
    year,
    value,
    valueText: String(value),
    unit: '万人',
    raw: `${value}万人`,
    source,
    note: null,
    location: { file: 'test.csv', row: 2, column: 'D' },
  }
}

function meta(fileName: string): ImportMeta {
  return { fileName, sha256: fileName, format: 'csv', layout: 'long', source: null, by: 'cli:tester', at: AT, status: 'published', warnings: 0, origin: 'cli' }
}

async function open(target: StoreTarget): Promise<Store> {
  return openStoreTarget(target, { create: true })
}

async function withFresh<T>(s: TestStore, fn: (store: Store, target: StoreTarget) => Promise<T>): Promise<T> {
  const target = await s.fresh()
  const store = await open(target)
  try {
    return await fn(store, target)
  } finally {
    await store.close()
  }
}

async function count(store: Store, table: 'observations' | 'observation_revisions' | 'imports' | 'audit_log' | 'meta'): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(store.db)
  return Number(rows[0]?.n)
}

async function backupLines(store: Store): Promise<string[]> {
  const lines: string[] = []
  await backupStore(store, (l) => lines.push(l))
  return lines
}

/** The backup without its header: every row of every table, which two stores must share to hold the same data. */
const rowsOf = (lines: ReadonlyArray<string>) => lines.slice(1)

describe.each(STORES)('store contract on $name', (s) => {
  it('runs the migrations again without changing anything', async () => {
    const target = await s.fresh()
    const first = await open(target)
    await first.db.insertInto('meta').values({ key: 'probe', value: '1' }).execute()
    const tablesBefore = (await first.db.introspection.getTables()).map((t) => `${t.schema ?? ''}.${t.name}`).sort()
    await first.close()
    for (let i = 0; i < 2; i++) {
      const again = await open(target)
      try {
        expect((await again.db.introspection.getTables()).map((t) => `${t.schema ?? ''}.${t.name}`).sort()).toEqual(tablesBefore)
        expect(await again.db.selectFrom('meta').selectAll().execute()).toEqual([{ key: 'probe', value: '1' }])
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db)
        expect(applied.rows.map((r) => r.name)).toEqual([
          '001_initial',
          '002_accounts_audit_workflow',
          '003_tasks',
          '004_lean_indexes',
          '005_one_revision_per_version',
          '006_login_attempts_usernames',
          '007_source_grades',
          '008_observation_comments',
          '009_data_requests',
          '010_observation_comments',
          '011_evaluation_rounds',
          '012_survey_responses',
        ])
      } finally {
        await again.close()
      }
    }
  })

  it('migration 006 does not fail on user names that differ only in case: it keeps them, skips the index, and they are reported', async () => {
    const target = await s.fresh()
    const first = await open(target)
    // Back to a store of migration 004 holding Admin beside admin, as urbmon once accepted.
    await sql`DROP INDEX users_username_ci`.execute(first.db)
    await first.db.schema.dropTable('login_attempts').execute()
    await sql`DELETE FROM kysely_migration WHERE name = '006_login_attempts_usernames'`.execute(first.db)
    // 007–012 are undone too, so 006 runs again in its place (Kysely keeps migrations in order).
    await sql`DELETE FROM kysely_migration WHERE name = '012_survey_responses'`.execute(first.db)
    await first.db.schema.dropTable('survey_responses').execute()
    await first.db.schema.dropTable('survey_tokens').execute()
    await sql`DELETE FROM kysely_migration WHERE name = '011_evaluation_rounds'`.execute(first.db)
    for (const t of ['round_ratings', 'round_reviews', 'round_self_evaluations', 'round_evidence', 'evaluation_rounds']) await first.db.schema.dropTable(t).execute()
    await sql`DELETE FROM kysely_migration WHERE name = '010_observation_comments'`.execute(first.db)
    await first.db.schema.dropTable('observation_comments').execute()
    await sql`DELETE FROM kysely_migration WHERE name = '009_data_requests'`.execute(first.db)
    await first.db.schema.dropTable('data_requests').execute()
    await sql`DELETE FROM kysely_migration WHERE name = '008_observation_comments'`.execute(first.db)
    await sql`ALTER TABLE observation_revisions DROP COLUMN review_comment`.execute(first.db)
    await sql`DELETE FROM kysely_migration WHERE name = '007_source_grades'`.execute(first.db)
    for (const t of ['sources', 'source_hosts', 'series_sources']) await first.db.schema.dropTable(t).execute()
    await sql`ALTER TABLE observations DROP COLUMN confidence`.execute(first.db)
    await sql`ALTER TABLE observation_revisions DROP COLUMN confidence`.execute(first.db)
    const user = (username: string) => ({
      username,
      display_name: username,
      password_hash: 'h',
      role: 'admin' as const,
      regions: '[]',
      department: null,
      disabled: 0,
      created_at: 'T',
      updated_at: 'T',
    })
    await first.db
      .insertInto('users')
      .values([user('admin'), user('Admin'), user('viewer')])
      .execute()
    await first.close()
    const again = await open(target)
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db)
      expect(applied.rows.map((r) => r.name)).toContain('006_login_attempts_usernames')
      expect((await again.db.selectFrom('users').select('username').orderBy('username').execute()).map((r) => r.username)).toEqual(['Admin', 'admin', 'viewer'])
      expect(await taskAndAccountRepos(again).users.caseClashes()).toEqual([['Admin', 'admin']])
      expect(await again.db.selectFrom('login_attempts').selectAll().execute()).toEqual([])
    } finally {
      await again.close()
    }
  })

  it('applies an import whole; identical values are unchanged, a changed one is a revision keeping the previous value', async () => {
    await withFresh(s, async (store) => {
      const repo = new ObservationRepo(store)
      expect(await repo.applyImport([obs('320100', 2020, 931.47), obs('320100', 2021, 942.34)], meta('v1.csv'))).toEqual({ importId: 1, created: 2, updated: 0, unchanged: 0 })
      expect(await repo.applyImport([obs('320100', 2020, 931.47), obs('320100', 2021, 942.34)], meta('v1.csv'))).toEqual({ importId: 2, created: 0, updated: 0, unchanged: 2 })
      expect(await repo.applyImport([obs('320100', 2021, 942.35)], meta('v2.csv'))).toEqual({ importId: 3, created: 0, updated: 1, unchanged: 0 })
      // A second source of the same cell is another row, listed before the first in history (by source).
      await repo.applyImport([obs('320100', 2021, 942.3, 'annual report')], meta('v3.csv'))

      const history = await repo.history('resident_pop', '320100', '2021')
      expect(history.map((r) => [r.source, r.version, r.action, r.value, r.previousValue, r.fileName])).toEqual([
        ['annual report', 1, 'create', 942.3, null, 'v3.csv'],
        ['bulletin', 1, 'create', 942.34, null, 'v1.csv'],
        ['bulletin', 2, 'update', 942.35, 942.34, 'v2.csv'],
      ])
      const [row] = await repo.find({ indicators: ['resident_pop'], years: [2021], regions: ['320100'] }).then((r) => r.filter((x) => x.source === 'bulletin'))
      expect(row).toMatchObject({ value: 942.35, version: 2, year: 2021, importId: 3, publishedValue: 942.35 })
      expect(typeof row?.id).toBe('number')
      expect(await repo.count()).toEqual({ observations: 3, revisions: 4, imports: 4 })
      // The counts in the imports row and the audit log's detail are numbers on both stores.
      const imp = await store.db.selectFrom('imports').selectAll().where('id', '=', 2).executeTakeFirstOrThrow()
      expect([imp.created, imp.updated, imp.unchanged]).toEqual([0, 0, 2])
    })
  })

  it('leaves nothing behind when a write inside an import fails', async () => {
    await withFresh(s, async (store) => {
      const repo = new ObservationRepo(store)
      await repo.applyImport([obs('320100', 2020, 931.47)], meta('v1.csv'))
      const before = await backupLines(store)
      // The same new cell twice in one batch: the second insert breaks the unique cell constraint mid-transaction.
      await expect(repo.applyImport([obs('320200', 2020, 746.21), obs('320100', 2019, 850), obs('320100', 2019, 851)], meta('dup.csv'))).rejects.toThrow()
      expect(rowsOf(await backupLines(store))).toEqual(rowsOf(before))
      // The failed import's id is not reused in a way that breaks the next import.
      const next = await repo.applyImport([obs('320200', 2020, 746.21)], meta('v2.csv'))
      expect(next.created).toBe(1)
    })
  })

  it('drops the region index for a bulk load and has it back after the commit, and after a rollback', async () => {
    await withFresh(s, async (store) => {
      const repo = new ObservationRepo(store)
      const indexes = async () =>
        store.dialect === 'sqlite'
          ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observations'`.execute(store.db)).rows.map((r) => r.name)
          : (await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'observations' AND schemaname = current_schema()`.execute(store.db)).rows.map(
              (r) => r.name,
            )
      expect(await indexes()).toContain('observations_by_region')
      const years = Array.from({ length: 30 }, (_, i) => 1995 + i)
      const outcome = await repo.importSession({ ...meta('bulk.csv'), bulk: true }, async (writer) => {
        await writer.write(years.map((y) => obs('320100', y, 800 + y / 10)))
        return { commit: true }
      })
      expect(outcome?.created).toBe(30)
      expect(await indexes()).toContain('observations_by_region')
      const rolledBack = await repo.importSession({ ...meta('bulk2.csv'), bulk: true }, async (writer) => {
        await writer.write(years.map((y) => obs('320200', y, 700 + y / 10)))
        return { commit: false }
      })
      expect(rolledBack).toBeUndefined()
      expect(await indexes()).toContain('observations_by_region')
      expect(await repo.count()).toEqual({ observations: 30, revisions: 30, imports: 1 })
      const [row] = await repo.find({ regions: ['320100'], years: [2000] })
      expect(row?.value).toBe(1000)
    })
  })

  it('rolls back a transaction that throws after writing', async () => {
    await withFresh(s, async (store) => {
      await expect(
        store.db.transaction().execute(async (trx) => {
          await trx.insertInto('meta').values({ key: 'half', value: 'written' }).execute()
          await trx
            .insertInto('imports')
            .values({
              file_name: 'x',
              file_sha256: 'x',
              format: 'csv',
              layout: 'long',
              source: null,
              imported_at: AT,
              imported_by: 'x',
              created: 0,
              updated: 0,
              unchanged: 0,
              warnings: 0,
            })
            .execute()
          // A NOT NULL column left out: the database, not our code, rejects the statement.
          await sql`insert into audit_log (at, actor, action) values (${AT}, 'x', 'x')`.execute(trx)
        }),
      ).rejects.toThrow()
      expect([await count(store, 'meta'), await count(store, 'imports'), await count(store, 'audit_log')]).toEqual([0, 0, 0])
    })
  })

  it('holds the unique cell constraint (indicator, region, period, source)', async () => {
    await withFresh(s, async (store) => {
      const row = (source: string) => ({
        indicator: 'gdp',
        region: '320100',
        period: '2020',
        year: 2020,
        source,
        value: 14817.95,
        value_text: '14817.95',
        unit: '亿元',
        raw_value: '14817.95',
        note: null,
        status: 'published' as const,
        version: 1,
        created_at: AT,
        created_by: 'x',
        updated_at: AT,
        updated_by: 'x',
        import_id: null,
        published_value: null,
        published_value_text: null,
        published_at: null,
        review_comment: null,
      })
      await store.db.insertInto('observations').values(row('a')).execute()
      await store.db.insertInto('observations').values(row('b')).execute()
      await expect(store.db.insertInto('observations').values(row('a')).execute()).rejects.toThrow(/unique/i)
      expect(await count(store, 'observations')).toBe(2)
    })
  })

  it('keeps the audit log append-only: the database rejects update and delete', async () => {
    await withFresh(s, async (store) => {
      const repo = new ObservationRepo(store)
      await repo.applyImport([obs('320100', 2020, 931.47)], meta('v1.csv'))
      const before = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
      // An import is one entry; its cells' changes are revisions naming the import.
      expect(before.map((r) => r.action)).toEqual(['import'])
      expect(await new ObservationRepo(store).history('resident_pop', '320100', '2020')).toHaveLength(1)
      await expect(store.db.updateTable('audit_log').set({ actor: 'someone else' }).execute()).rejects.toThrow(/append-only/)
      await expect(store.db.deleteFrom('audit_log').where('id', '=', before[0]!.id).execute()).rejects.toThrow(/append-only/)
      await expect(store.db.transaction().execute((trx) => trx.deleteFrom('audit_log').execute())).rejects.toThrow(/append-only/)
      expect(await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before)
    })
  })

  it('runs two imports of different regions at the same time, both whole', async () => {
    await withFresh(s, async (store) => {
      const repo = new ObservationRepo(store)
      const years = Array.from({ length: 40 }, (_, i) => 1985 + i)
      const [a, b] = await Promise.all([
        repo.applyImport(
          years.map((y) => obs('320100', y, 500 + y / 10)),
          meta('nanjing.csv'),
        ),
        repo.applyImport(
          years.map((y) => obs('320200', y, 400 + y / 10)),
          meta('wuxi.csv'),
        ),
      ])
      expect([a.created, b.created]).toEqual([40, 40])
      expect(new Set([a.importId, b.importId])).toEqual(new Set([1, 2]))
      expect(await repo.count()).toEqual({ observations: 80, revisions: 80, imports: 2 })
      const byImport = await store.db.selectFrom('observations').select(['region', 'import_id']).execute()
      for (const r of byImport) expect(r.import_id).toBe(r.region === '320100' ? a.importId : b.importId)
    })
  })

  it('supports optimistic locking: an update checking a stale version changes no row', async () => {
    await withFresh(s, async (store) => {
      const repo = new ObservationRepo(store)
      await repo.applyImport([obs('320100', 2020, 931.47)], meta('v1.csv'))
      const { id, version } = await store.db.selectFrom('observations').select(['id', 'version']).executeTakeFirstOrThrow()
      const save = (value: number, seen: number) =>
        store.db
          .updateTable('observations')
          .set({ value, version: seen + 1 })
          .where('id', '=', id)
          .where('version', '=', seen)
          .executeTakeFirstOrThrow()
      expect((await save(931.5, version)).numUpdatedRows).toBe(1n)
      expect((await save(999, version)).numUpdatedRows).toBe(0n)
      expect(await store.db.selectFrom('observations').select(['value', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ value: 931.5, version: 2 })
    })
  })
})

/** A store with history: two files, the second revising a value of the first, and a user with a token. */
async function storeWithHistory(s: TestStore): Promise<{ target: StoreTarget; lines: string[] }> {
  const target = await s.fresh()
  const store = await open(target)
  try {
    const repo = new ObservationRepo(store)
    await store.db.insertInto('meta').values({ key: 'active_plan', value: '{"id":"p","version":"1"}' }).execute()
    await repo.applyImport([obs('320100', 2020, 931.47), obs('320100', 2021, 942.34), obs('320200', 2021, 749.08)], meta('v1.csv'))
    await repo.applyImport([obs('320100', 2021, 942.35)], meta('v2.csv'))
    const { id: userId } = await store.db
      .insertInto('users')
      .values({ username: 'li', display_name: '李', password_hash: 'x', role: 'reporter', regions: '["320100"]', department: null, disabled: 0, created_at: AT, updated_at: AT })
      .returning('id')
      .executeTakeFirstOrThrow()
    await store.db.insertInto('api_tokens').values({ user_id: userId, name: 't', token_hash: 'h', created_at: AT, last_used_at: null, revoked_at: null }).execute()
    await store.db.insertInto('sessions').values({ id: 's', user_id: userId, csrf_token: 'c', created_at: AT, expires_at: AT, ip: null }).execute()
    // A survey response and a used form token (migration 012) travel with the backup.
    await store.db
      .insertInto('survey_responses')
      .values({ questionnaire: 'q', region: '320100', round: null, answers: '{"a":4}', received_at: AT, fingerprint: 'f', channel: 'form' })
      .execute()
    await store.db.insertInto('survey_tokens').values({ nonce: 'n', questionnaire: 'q', used_at: AT, expires_at: AT }).execute()
    return { target, lines: await backupLines(store) }
  } finally {
    await store.close()
  }
}

describe.each(STORES)('backup of a $name store', (from) => {
  it('writes a header, then one line per row, parents before children', async () => {
    const { lines } = await storeWithHistory(from)
    const header = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(header).toMatchObject({ format: 'urbmon-backup', version: 1, schema: '012_survey_responses', dialect: from.name })
    const tables = rowsOf(lines).map((l) => (JSON.parse(l) as { t: string }).t)
    expect([...new Set(tables)]).toEqual(['meta', 'imports', 'observations', 'observation_revisions', 'users', 'api_tokens', 'audit_log', 'survey_responses', 'survey_tokens'])
    expect(tables).not.toContain('sessions')
    expect(header.rows).toMatchObject({ observations: 3, observation_revisions: 4, imports: 2, audit_log: 2, users: 1, api_tokens: 1 })
    expect(header.rows).not.toHaveProperty('sessions')
  })

  it.each(STORES)('restores into an empty $name store with the same rows and ids, and new rows get fresh ids', async (to) => {
    const { lines } = await storeWithHistory(from)
    await withFresh(to, async (store) => {
      const summary = await restoreStore(store, lines)
      expect(summary.rows.observations).toBe(3)
      expect(rowsOf(await backupLines(store))).toEqual(rowsOf(lines))
      const repo = new ObservationRepo(store)
      expect(await repo.applyImport([obs('320100', 2021, 942.4), obs('320300', 2021, 902.85)], meta('v3.csv'))).toEqual({ importId: 3, created: 1, updated: 1, unchanged: 0 })
      const ids = await store.db.selectFrom('observations').select('id').orderBy('id').execute()
      expect(ids.map((r) => r.id)).toEqual([1, 2, 3, 4])
      await expect(store.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    })
  })

  it('refuses to restore into a store that holds anything, and changes nothing', async () => {
    const { target, lines } = await storeWithHistory(from)
    const store = await open(target)
    try {
      const error = await restoreStore(store, lines).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isAppError(error) && error.code).toBe('backup.not_empty')
      expect(isAppError(error) && error.code === 'backup.not_empty' && error.params.tables).toMatch(/observations/)
      expect(await backupLines(store)).toEqual(lines)
    } finally {
      await store.close()
    }
  })

  it('refuses a truncated or damaged backup and writes nothing', async () => {
    const { lines } = await storeWithHistory(from)
    const damaged = [
      lines.slice(0, -1),
      lines.map((l) => l.replace('"value":942.35', '"value":"942.35"')),
      lines.map((l) => l.replace('"value":942.35', '"valeur":942.35')),
      [lines[0]!.replace('012_survey_responses', '099_future'), ...lines.slice(1)],
      ['not a backup', ...lines.slice(1)],
      [],
    ]
    for (const input of damaged) {
      await withFresh(from, async (store) => {
        await expect(restoreStore(store, input)).rejects.toMatchObject({ code: 'backup.invalid' })
        expect(rowsOf(await backupLines(store))).toEqual([])
      })
    }
  })
})
