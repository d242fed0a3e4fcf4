/**
 * The task, user, session and API-token ports: every method, on SQLite and (when URBMON_TEST_DATABASE_URL is set)
 * PostgreSQL, through the same repositories the context hands the services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZodError } from 'zod'

import { loadPlanFiles } from '../../src/app/plan-files.js'
import type { AuditEntry } from '../../src/app/ports/audit-entry.js'
import type { TaskRecord } from '../../src/app/ports/task-repository.js'
import type { Plan } from '../../src/plan/plan-schema.js'
import { openStoreTarget, type Store } from '../../src/store/open-store.js'
import { taskAndAccountRepos, type TaskAndAccountRepos } from '../../src/store/task-and-account-repos.js'
import { syncPlanTasks } from '../../src/store/task-repo.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

afterAll(dropFreshStores)

const AT = '2026-01-01T00:00:00.000Z'
const LATER = '2026-02-01T00:00:00.000Z'

const loaded = loadPlanFiles('plans/jiangsu-2021-2025.yaml')
if (!loaded.ok) throw new Error('the bundled plan does not load')
const plan: Plan = loaded.value.plan

const entry = (action: string, entityId: string): AuditEntry => ({ at: AT, actor: 'tester', action, entity: 'test', entityId, detail: { n: 1 }, origin: 'test' })

function task(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id,
    parentId: null,
    section: '三(一)',
    title: `任务 ${id}`,
    titleEn: `Task ${id}`,
    description: '',
    lead: '省发展改革委',
    cooperating: ['省公安厅', '省教育厅'],
    regions: ['320100'],
    deadline: '2025-12-31',
    indicators: ['urbanization_rate'],
    targets: [],
    status: 'not_started',
    dropReason: null,
    percent: 0,
    lastReportAt: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  }
}

describe.each(STORES)('task and account ports on $name', (s) => {
  let store: Store
  let repos: TaskAndAccountRepos
  const auditActions = async () => (await store.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action)

  beforeAll(async () => {
    store = await openStoreTarget(await s.fresh(), { create: true })
    repos = taskAndAccountRepos(store)
  })
  afterAll(async () => store.close())

  describe('TaskRepository', () => {
    it('syncPlan copies the plan tasks once; a stored task keeps what was changed in the system', async () => {
      expect(await repos.tasks.syncPlan(plan, AT)).toBe(plan.tasks.length)
      const first = plan.tasks[0]!
      const stored = await repos.tasks.task(first.id)
      expect(stored).toMatchObject({
        id: first.id,
        parentId: null,
        lead: first.lead,
        cooperating: first.cooperating,
        deadline: `${first.deadline}-12-31`,
        status: 'not_started',
        version: 1,
        createdAt: AT,
      })
      await repos.tasks.transaction((tx) => tx.updateTask(first.id, { lead: '省住房城乡建设厅', updatedAt: LATER }))
      expect(await repos.tasks.syncPlan(plan, LATER)).toBe(0)
      expect((await repos.tasks.task(first.id))?.lead).toBe('省住房城乡建设厅')
      expect((await repos.tasks.tasks()).length).toBe(plan.tasks.length)
    })

    it('syncPlanTasks runs inside the transaction it is given, and rolls back with it', async () => {
      const extra = { ...plan, tasks: [{ ...plan.tasks[0]!, id: '99.9.9' }] }
      await expect(
        store.db.transaction().execute(async (trx) => {
          expect(await syncPlanTasks(trx, extra, AT)).toBe(1)
          throw new Error('roll back')
        }),
      ).rejects.toThrow('roll back')
      expect(await repos.tasks.task('99.9.9')).toBeUndefined()
    })

    it('insertTask and task round-trip every field; task is undefined for an unknown id', async () => {
      const t = task('T1', { targets: ['t1'], dropReason: null, lastReportAt: null })
      await repos.tasks.transaction((tx) => tx.insertTask(t))
      expect(await repos.tasks.task('T1')).toEqual(t)
      expect(await repos.tasks.task('nope')).toBeUndefined()
      const sub = task('T1/320100', { parentId: 'T1', cooperating: [] })
      await repos.tasks.transaction((tx) => tx.insertTask(sub))
      expect((await repos.tasks.tasks()).filter((x) => x.parentId === 'T1')).toEqual([sub])
    })

    it('updateTask changes only the given fields, and only at the expected version', async () => {
      expect(await repos.tasks.transaction((tx) => tx.updateTask('T1', { status: 'dropped', dropReason: 'merged', version: 2, updatedAt: LATER }, 2))).toBe(false)
      expect(
        await repos.tasks.transaction((tx) =>
          tx.updateTask('T1', { status: 'dropped', dropReason: 'merged', deadline: '2025-06-30', cooperating: ['省财政厅'], version: 2, updatedAt: LATER }, 1),
        ),
      ).toBe(true)
      expect(await repos.tasks.task('T1')).toEqual(
        task('T1', { targets: ['t1'], status: 'dropped', dropReason: 'merged', deadline: '2025-06-30', cooperating: ['省财政厅'], version: 2, updatedAt: LATER }),
      )
      expect(
        await repos.tasks.transaction((tx) =>
          tx.updateTask('T1', { status: 'in_progress', dropReason: null, percent: 40, lead: '省商务厅', lastReportAt: LATER, updatedAt: LATER }),
        ),
      ).toBe(true)
      expect(await repos.tasks.task('T1')).toMatchObject({ status: 'in_progress', dropReason: null, percent: 40, lead: '省商务厅', lastReportAt: LATER, version: 2 })
      expect(await repos.tasks.transaction((tx) => tx.updateTask('nope', { updatedAt: LATER }))).toBe(false)
    })

    it('a transaction that throws leaves nothing behind, its audit entries included', async () => {
      const before = await auditActions()
      await expect(
        repos.tasks.transaction(async (tx) => {
          await tx.insertTask(task('T2'))
          await tx.audit(entry('task.split', 'T2'))
          expect(await tx.task('T2')).toBeDefined()
          throw new Error('no')
        }),
      ).rejects.toThrow('no')
      expect(await repos.tasks.task('T2')).toBeUndefined()
      expect(await auditActions()).toEqual(before)
      await repos.tasks.transaction((tx) => tx.audit({ ...entry('task.update', 'T1'), oldStatus: 'not_started', newStatus: 'done', oldValue: 1, newValue: 2.5 }))
      const last = await store.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
      expect(last).toMatchObject({
        action: 'task.update',
        entity: 'test',
        entity_id: 'T1',
        actor: 'tester',
        detail: '{"n":1}',
        origin: 'test',
        old_status: 'not_started',
        new_status: 'done',
        old_value: 1,
        new_value: 2.5,
        indicator: null,
      })
    })

    it('reports: insertReport, insertEvidence, report, reports (newest first, with evidence), evidence, reviewReport', async () => {
      const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 255, 1])
      const [first, second] = await repos.tasks.transaction(async (tx) => {
        const a = await tx.insertReport({ taskId: 'T1', period: '2024H1', text: '进展', percent: 30, proposedStatus: 'in_progress', submittedBy: 'dept', submittedAt: AT })
        await tx.insertEvidence(a, { fileName: '细则.pdf', mediaType: 'application/pdf', sha256: 'abc', content: bytes })
        await tx.insertEvidence(a, { fileName: 'b.png', mediaType: 'image/png', sha256: 'def', content: new Uint8Array([1]) })
        const b = await tx.insertReport({ taskId: 'T1', period: '2024H2', text: '完成', percent: 100, proposedStatus: 'done', submittedBy: 'dept', submittedAt: LATER })
        return [a, b]
      })
      expect(await repos.tasks.report(first)).toEqual({
        id: first,
        taskId: 'T1',
        period: '2024H1',
        text: '进展',
        percent: 30,
        proposedStatus: 'in_progress',
        status: 'submitted',
        reviewComment: null,
        submittedBy: 'dept',
        submittedAt: AT,
        reviewedBy: null,
        reviewedAt: null,
      })
      expect(await repos.tasks.report(999_999)).toBeUndefined()
      const list = await repos.tasks.reports('T1')
      expect(list.map((r) => r.id)).toEqual([second, first])
      expect(list[0]!.attachments).toEqual([])
      expect(list[1]!.attachments.map((a) => [a.reportId, a.fileName, a.mediaType, a.size, a.sha256])).toEqual([
        [first, '细则.pdf', 'application/pdf', 7, 'abc'],
        [first, 'b.png', 'image/png', 1, 'def'],
      ])
      expect(await repos.tasks.reports('nope')).toEqual([])
      const pdf = list[1]!.attachments[0]!
      const got = await repos.tasks.evidence(first, pdf.id)
      expect(got && [...got.content]).toEqual([...bytes])
      expect(await repos.tasks.evidence(second, pdf.id)).toBeUndefined()
      await repos.tasks.transaction((tx) => tx.reviewReport(first, { status: 'returned', reviewComment: '补充材料', reviewedBy: 'rev', reviewedAt: LATER }))
      expect(await repos.tasks.report(first)).toMatchObject({ status: 'returned', reviewComment: '补充材料', reviewedBy: 'rev', reviewedAt: LATER })
    })

    it('inspections: insertInspection, insertInspectionItem, inspection(s), inspectionItem, uncorrectedItems, markCorrected, closeInspection', async () => {
      const [older, newer] = await repos.tasks.transaction(async (tx) => {
        const a = await tx.insertInspection({ title: '专项督查一', openedBy: 'rev', openedAt: AT })
        await tx.insertInspectionItem({ inspectionId: a, taskId: 'T1', finding: '进度滞后', requiredCorrection: '加快' })
        await tx.insertInspectionItem({ inspectionId: a, taskId: 'T1/320100', finding: '材料不全', requiredCorrection: '补齐' })
        const b = await tx.insertInspection({ title: '专项督查二', openedBy: 'rev', openedAt: LATER })
        return [a, b]
      })
      expect(await repos.tasks.inspection(older)).toEqual({
        id: older,
        title: '专项督查一',
        status: 'open',
        openedBy: 'rev',
        openedAt: AT,
        closedBy: null,
        closedAt: null,
        summary: null,
      })
      expect(await repos.tasks.inspection(999_999)).toBeUndefined()
      const all = await repos.tasks.inspections()
      expect(all.map((i) => [i.id, i.items.length])).toEqual([
        [newer, 0],
        [older, 2],
      ])
      const [one, two] = all[1]!.items
      expect(one).toEqual({
        id: one!.id,
        inspectionId: older,
        taskId: 'T1',
        finding: '进度滞后',
        requiredCorrection: '加快',
        corrected: false,
        correctedAt: null,
        correctionNote: null,
      })
      expect(await repos.tasks.inspectionItem(two!.id)).toEqual(two)
      expect(await repos.tasks.inspectionItem(999_999)).toBeUndefined()
      expect(await repos.tasks.uncorrectedItems(older)).toBe(2)
      await repos.tasks.transaction((tx) => tx.markCorrected(one!.id, LATER, '已加快'))
      expect(await repos.tasks.inspectionItem(one!.id)).toMatchObject({ corrected: true, correctedAt: LATER, correctionNote: '已加快' })
      expect(await repos.tasks.uncorrectedItems(older)).toBe(1)
      await repos.tasks.transaction((tx) => tx.closeInspection(newer, { closedBy: 'rev', closedAt: LATER, summary: '无问题' }))
      expect(await repos.tasks.inspection(newer)).toMatchObject({ status: 'closed', closedBy: 'rev', closedAt: LATER, summary: '无问题' })
    })

    it('a stored string list that is not one fails at the store, not downstream', async () => {
      await store.db
        .insertInto('tasks')
        .values({
          id: 'BAD',
          parent_id: null,
          section: 's',
          title: 't',
          title_en: 't',
          description: '',
          lead: 'l',
          cooperating: '["a", 1]',
          regions: '[]',
          deadline: '2025-12-31',
          indicators: '[]',
          targets: '[]',
          status: 'not_started',
          drop_reason: null,
          percent: 0,
          last_report_at: null,
          version: 1,
          created_at: AT,
          updated_at: AT,
        })
        .execute()
      await expect(repos.tasks.task('BAD')).rejects.toBeInstanceOf(ZodError)
      await store.db.deleteFrom('tasks').where('id', '=', 'BAD').execute()
    })
  })

  describe('UserRepository, SessionRepository, ApiTokenRepository', () => {
    const alice = { username: 'alice', displayName: 'Alice', passwordHash: 'hash-1', role: 'reporter' as const, regions: ['320100', '320200'], department: '省统计局' }

    it('create, get, list (by user name), credentials', async () => {
      const before = (await auditActions()).length
      const created = await repos.users.create(alice, AT, entry('user.create', 'alice'))
      expect(created).toEqual({ id: created.id, username: 'alice', displayName: 'Alice', role: 'reporter', regions: ['320100', '320200'], department: '省统计局', disabled: false })
      await repos.users.create({ ...alice, username: 'aaron', regions: [], department: null, role: 'viewer' }, AT, entry('user.create', 'aaron'))
      expect((await auditActions()).slice(before)).toEqual(['user.create', 'user.create'])
      expect(await repos.users.get('alice')).toEqual(created)
      expect(await repos.users.get('nobody')).toBeUndefined()
      expect((await repos.users.list()).map((u) => [u.username, u.department])).toEqual([
        ['aaron', null],
        ['alice', '省统计局'],
      ])
      expect(await repos.users.credentials('alice')).toEqual({ user: created, passwordHash: 'hash-1' })
      expect(await repos.users.credentials('nobody')).toBeUndefined()
    })

    it('sessions: create, find (with the account, disabled or not), delete', async () => {
      const user = (await repos.users.get('alice'))!
      await repos.sessions.create({ id: 'digest-1', userId: user.id, csrfToken: 'csrf-1', createdAt: AT, expiresAt: LATER, ip: '127.0.0.1' })
      await repos.sessions.create({ id: 'digest-2', userId: user.id, csrfToken: 'csrf-2', createdAt: AT, expiresAt: LATER, ip: null })
      expect(await repos.sessions.find('digest-1')).toEqual({ user, csrfToken: 'csrf-1', expiresAt: LATER })
      expect(await repos.sessions.find('unknown')).toBeUndefined()
      await repos.sessions.delete('digest-1')
      expect(await repos.sessions.find('digest-1')).toBeUndefined()
      expect(await repos.sessions.find('digest-2')).toBeDefined()
    })

    it('API tokens: create (audited), findActive, markUsed', async () => {
      const user = (await repos.users.get('alice'))!
      await repos.apiTokens.create({ userId: user.id, name: 'ETL', tokenHash: 'token-digest', createdAt: AT }, entry('token.create', 'alice'))
      expect((await auditActions()).at(-1)).toBe('token.create')
      const found = await repos.apiTokens.findActive('token-digest')
      expect(found?.user).toEqual(user)
      expect(await repos.apiTokens.findActive('unknown')).toBeUndefined()
      await repos.apiTokens.markUsed(found!.tokenId, LATER)
      expect((await store.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', found!.tokenId).executeTakeFirstOrThrow()).last_used_at).toBe(LATER)
    })

    it("API tokens: listed for their account, revoked one by one (audited), never another account's", async () => {
      const alice = (await repos.users.get('alice'))!
      const aaron = (await repos.users.get('aaron'))!
      await repos.apiTokens.create({ userId: alice.id, name: 'spare', tokenHash: 'token-spare', createdAt: AT }, entry('token.create', 'alice'))
      const listed = await repos.apiTokens.list(alice.id)
      expect(listed.map((t) => [t.name, t.revokedAt])).toEqual([
        ['ETL', null],
        ['spare', null],
      ])
      const spare = listed[1]!
      expect(await repos.apiTokens.revoke(spare.id, aaron.id, LATER, entry('token.revoke', 'aaron'))).toBe(false)
      expect(await repos.apiTokens.findActive('token-spare')).toBeDefined()
      expect(await repos.apiTokens.revoke(spare.id, alice.id, LATER, entry('token.revoke', 'alice'))).toBe(true)
      expect((await auditActions()).at(-1)).toBe('token.revoke')
      expect(await repos.apiTokens.findActive('token-spare')).toBeUndefined()
      expect(await repos.apiTokens.findActive('token-digest')).toBeDefined()
      expect((await repos.apiTokens.list(alice.id)).map((t) => t.revokedAt)).toEqual([null, LATER])
      const before = (await auditActions()).length
      expect(await repos.apiTokens.revoke(spare.id, alice.id, LATER, entry('token.revoke', 'alice'))).toBe(false)
      expect((await auditActions()).length).toBe(before)
    })

    it('setPasswordHash changes the hash, ends the sessions and revokes the API tokens; false for an unknown account', async () => {
      expect(await repos.users.setPasswordHash('alice', 'hash-2', LATER, entry('user.reset_password', 'alice'))).toBe(true)
      expect((await repos.users.credentials('alice'))?.passwordHash).toBe('hash-2')
      expect(await repos.sessions.find('digest-2')).toBeUndefined()
      expect(await repos.apiTokens.findActive('token-digest')).toBeUndefined()
      const before = (await auditActions()).length
      expect(await repos.users.setPasswordHash('nobody', 'x', LATER, entry('user.reset_password', 'nobody'))).toBe(false)
      expect((await auditActions()).length).toBe(before)
    })

    it('setDisabled ends the sessions and revokes the tokens; enabling restores the account, not its tokens', async () => {
      const user = (await repos.users.get('alice'))!
      await repos.sessions.create({ id: 'digest-3', userId: user.id, csrfToken: 'c', createdAt: AT, expiresAt: LATER, ip: null })
      await repos.apiTokens.create({ userId: user.id, name: 'after reset', tokenHash: 'token-digest-2', createdAt: LATER }, entry('token.create', 'alice'))
      expect(await repos.users.setDisabled('alice', true, LATER, entry('user.disable', 'alice'))).toBe('changed')
      expect((await repos.users.get('alice'))?.disabled).toBe(true)
      expect(await repos.sessions.find('digest-3')).toBeUndefined()
      expect(await repos.apiTokens.findActive('token-digest-2')).toBeUndefined()
      expect(await repos.users.setDisabled('alice', false, LATER, entry('user.enable', 'alice'))).toBe('changed')
      expect((await repos.users.get('alice'))?.disabled).toBe(false)
      expect(await repos.apiTokens.findActive('token-digest-2')).toBeUndefined()
      expect((await auditActions()).slice(-2)).toEqual(['user.disable', 'user.enable'])
      expect(await repos.users.setDisabled('nobody', true, LATER, entry('user.disable', 'nobody'))).toBe('not_found')
      expect((await auditActions()).at(-1)).toBe('user.enable')
    })

    it('the last enabled admin cannot be disabled or given another role; with a second admin it can', async () => {
      const rec = (username: string) => ({ username, displayName: username, passwordHash: 'h', role: 'admin' as const, regions: [], department: null })
      await repos.users.create(rec('root1'), AT, entry('user.create', 'root1'))
      const before = (await auditActions()).length
      expect(await repos.users.setDisabled('root1', true, LATER, entry('user.disable', 'root1'))).toBe('last_admin')
      expect(await repos.users.setRole('root1', 'viewer', LATER, entry('user.set_role', 'root1'))).toBe('last_admin')
      expect(await repos.users.get('root1')).toMatchObject({ role: 'admin', disabled: false })
      expect((await auditActions()).length).toBe(before)
      // Setting the role an admin already has, or changing a non-admin, is not blocked.
      expect(await repos.users.setRole('root1', 'admin', LATER, entry('user.set_role', 'root1'))).toBe('changed')
      expect(await repos.users.setRole('nobody', 'viewer', LATER, entry('user.set_role', 'nobody'))).toBe('not_found')
      await repos.users.create(rec('root2'), AT, entry('user.create', 'root2'))
      expect(await repos.users.setRole('root1', 'viewer', LATER, entry('user.set_role', 'root1'))).toBe('changed')
      expect(await repos.users.setDisabled('root2', true, LATER, entry('user.disable', 'root2'))).toBe('last_admin')
      expect(await repos.users.setRole('root1', 'admin', LATER, entry('user.set_role', 'root1'))).toBe('changed')
      expect(await repos.users.setDisabled('root2', true, LATER, entry('user.disable', 'root2'))).toBe('changed')
    })

    it('two admins disabling each other at once leave one enabled admin', async () => {
      expect(await repos.users.setDisabled('root2', false, LATER, entry('user.enable', 'root2'))).toBe('changed')
      const results = await Promise.all([
        repos.users.setDisabled('root1', true, LATER, entry('user.disable', 'root1')),
        repos.users.setDisabled('root2', true, LATER, entry('user.disable', 'root2')),
      ])
      expect([...results].sort()).toEqual(['changed', 'last_admin'])
      expect((await repos.users.list()).filter((u) => u.role === 'admin' && !u.disabled)).toHaveLength(1)
    })

    it('user names are unique ignoring case: found that way, and enforced by the store', async () => {
      expect((await repos.users.getIgnoringCase('ALICE'))?.username).toBe('alice')
      expect(await repos.users.getIgnoringCase('alicia')).toBeUndefined()
      expect(await repos.users.caseClashes()).toEqual([])
      await expect(
        repos.users.create({ username: 'Alice', displayName: 'A', passwordHash: 'h', role: 'viewer', regions: [], department: null }, AT, entry('user.create', 'Alice')),
      ).rejects.toThrow()
      expect(await repos.users.get('Alice')).toBeUndefined()
    })

    it('a disabled account is still found through its session, for the caller to refuse', async () => {
      const user = (await repos.users.get('aaron'))!
      await repos.sessions.create({ id: 'digest-4', userId: user.id, csrfToken: 'c', createdAt: AT, expiresAt: LATER, ip: null })
      await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute()
      expect((await repos.sessions.find('digest-4'))?.user.disabled).toBe(true)
    })

    it('a stored region list that is not one fails at the store', async () => {
      await store.db.updateTable('users').set({ regions: '{"not":"a list"}' }).where('username', '=', 'aaron').execute()
      await expect(repos.users.get('aaron')).rejects.toBeInstanceOf(ZodError)
    })
  })

  describe('LoginAttemptRepository', () => {
    const keys = (name: string) => [
      { key: `user:10.0.0.1|${name}`, limit: 5 },
      { key: 'addr:10.0.0.1', limit: 20 },
    ]
    const SINCE = '2026-01-01T00:00:00.000Z'

    it('a concurrent burst gets exactly the allowance: each reservation is checked and recorded in one step', async () => {
      const results = await Promise.all(Array.from({ length: 40 }, () => repos.loginAttempts.reserve(keys('burst'), '2026-01-01T00:05:00.000Z', SINCE)))
      expect(results.filter((r) => r.allowed)).toHaveLength(5)
      const refused = results.find((r) => !r.allowed)
      expect(refused).toEqual({ allowed: false, oldest: '2026-01-01T00:05:00.000Z' })
      // A refused attempt records nothing: the address has used 5 of its 20.
      expect(await store.db.selectFrom('login_attempts').select('id').where('key', '=', 'addr:10.0.0.1').execute()).toHaveLength(5)
    })

    it('release forgets the reservation and the cleared keys; attempts before the window are dropped', async () => {
      const r = await repos.loginAttempts.reserve(keys('ok'), '2026-01-01T00:06:00.000Z', SINCE)
      if (!r.allowed) throw new Error('expected an allowed attempt')
      expect(r.ids).toHaveLength(2)
      await repos.loginAttempts.release(r.ids, ['user:10.0.0.1|burst'])
      expect(await store.db.selectFrom('login_attempts').select('id').where('key', '=', 'addr:10.0.0.1').execute()).toHaveLength(5)
      expect(await store.db.selectFrom('login_attempts').select('id').where('key', 'like', 'user:%').execute()).toHaveLength(0)
      // Fifteen minutes on, the old attempts no longer count and are removed.
      const later = await repos.loginAttempts.reserve(keys('burst'), '2026-01-01T00:30:00.000Z', '2026-01-01T00:15:00.000Z')
      expect(later.allowed).toBe(true)
      expect(await store.db.selectFrom('login_attempts').select('id').where('key', '=', 'addr:10.0.0.1').execute()).toHaveLength(1)
    })
  })
})
