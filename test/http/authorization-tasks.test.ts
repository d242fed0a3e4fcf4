/**
 * The authorization matrix of the task and inspection writes (split, edit, progress report, accept/return,
 * open, correct, close): every role, the evaluator (issue 16) among them, on SQLite and (when
 * URBMON_TEST_DATABASE_URL is set) PostgreSQL. Each refusal leaves the task or inspection as it was; then
 * each role that may write does, so the fixture itself is shown to work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { PDF } from '../helpers/evidence.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { asWho, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

/** police: a reporter of the 省公安厅, the lead department of the task used here. */
type Who = 'anonymous' | 'viewer1' | 'reviewer1' | 'nanjing' | 'admin1' | 'eval1' | 'police'
const WHO: Who[] = ['anonymous', 'viewer1', 'reviewer1', 'nanjing', 'admin1', 'eval1', 'police']
const DEPARTMENT = '省公安厅'

function reportBody(): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----urbmon-authz-boundary'
  const fields = { period: '2024H2', text: '已出台积分落户实施细则', percent: '40', status: 'in_progress' }
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="细则.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  )
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe.each(STORES)('task and inspection authorization on $name', (store) => {
  let s: TestServer
  const sessions = new Map<Who, Session>()
  let taskIds: string[] = []

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    const users = new UserService(s.ctx, s.ctx.regions)
    const at = new Date().toISOString()
    await users.create({ username: 'eval1', password: PASSWORD, role: 'evaluator', regions: [] }, 'test', at, 'test')
    await users.create({ username: 'police', password: PASSWORD, role: 'reporter', department: DEPARTMENT }, 'test', at, 'test')
    for (const w of WHO) if (w !== 'anonymous') sessions.set(w, await s.login(w))
    taskIds = s.ctx.plan.tasks.filter((t) => t.lead === DEPARTMENT).map((t) => t.id)
    expect(taskIds.length).toBeGreaterThanOrEqual(2)
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const as = (who: Who, method: string, url: string, body?: unknown, headers?: Record<string, string>) => asWho(s, sessions)(who, method, url, body, headers)

  type Detail = { task: { version: number; status: string; deadline: string }; reports: unknown[] }
  const detail = async (id: string) => (await sessions.get('admin1')!.req('GET', `/api/tasks/${id}`)).json<Detail>()
  const task = async (id: string) => (await detail(id)).task
  const taskState = async (id: string) => {
    const d = await detail(id)
    return { version: d.task.version, status: d.task.status, deadline: d.task.deadline, reports: d.reports.length }
  }
  const inspections = async () =>
    (await sessions.get('admin1')!.req('GET', '/api/inspections')).json<
      Array<{ id: number; status: string; items: Array<{ id: number; corrected?: unknown; correctedAt?: unknown }> }>
    >()

  /** Runs `write` as every role, refusals first, and checks each code; `state` must not move on a refusal. */
  async function matrix(expected: Record<Who, number>, write: (who: Who) => Promise<{ statusCode: number; body: string }>, state: () => Promise<unknown>) {
    const before = await state()
    const refused = WHO.filter((w) => expected[w] >= 400)
    const codes: Partial<Record<Who, number>> = {}
    for (const who of refused) {
      const r = await write(who)
      codes[who] = r.statusCode
      if (r.statusCode >= 400) expect((JSON.parse(r.body) as { error: { code: string } }).error.code, `${who}: ${r.body}`).toMatch(/^auth\.|^task\.forbidden$/)
    }
    expect(await state()).toEqual(before)
    for (const who of WHO.filter((w) => expected[w] < 400)) {
      const r = await write(who)
      codes[who] = r.statusCode
      expect(r.statusCode, `${who}: ${r.body}`).toBe(expected[who])
    }
    expect(codes).toEqual(expected)
  }

  const ONLY_REVIEWERS = { anonymous: 401, viewer1: 403, reviewer1: 200, nanjing: 403, admin1: 200, eval1: 403, police: 403 } as const

  it('edits a task: provincial reviewers and admins only', async () => {
    const id = taskIds[0]!
    await matrix(
      ONLY_REVIEWERS,
      async (who) => as(who, 'PATCH', `/api/tasks/${id}`, { version: (await task(id)).version, deadline: '2025-06-30' }),
      () => task(id),
    )
  })

  it('splits a task: provincial reviewers and admins only', async () => {
    const id = taskIds[1]!
    const made: Who[] = []
    await matrix(
      { ...ONLY_REVIEWERS, reviewer1: 201, admin1: 201 },
      async (who) => {
        const r = await as(who, 'POST', `/api/tasks/${id}/split`, { departments: [`${who}-分工单位`] })
        if (r.statusCode === 201) made.push(who)
        return r
      },
      async () => (await s.app.inject({ method: 'GET', url: '/api/tasks' })).json<unknown[]>().length,
    )
    expect(made).toEqual(['reviewer1', 'admin1'])
  })

  it('files a progress report: the lead department and admins only; accept/return: reviewers and admins', async () => {
    const id = taskIds[0]!
    await matrix(
      { anonymous: 401, viewer1: 403, reviewer1: 403, nanjing: 403, admin1: 201, eval1: 403, police: 201 },
      (who) => {
        const b = reportBody()
        return as(who, 'POST', `/api/tasks/${id}/reports`, b.payload, b.headers)
      },
      () => taskState(id),
    )
    const reportIds = (await sessions.get('admin1')!.req('GET', `/api/tasks/${id}`)).json<{ reports: Array<{ id: number; state?: string }> }>().reports.map((r) => r.id)
    expect(reportIds).toHaveLength(2)
    const queue = [...reportIds]
    await matrix(
      ONLY_REVIEWERS,
      (who) => as(who, 'POST', `/api/task-reports/${ONLY_REVIEWERS[who] < 400 ? queue.shift() : reportIds[0]}/return`, { comment: '请补充落实情况' }),
      () => taskState(id),
    )
  })

  it('opens, corrects and closes an inspection: corrections by the responsible department too', async () => {
    const opened: number[] = []
    await matrix(
      { ...ONLY_REVIEWERS, reviewer1: 201, admin1: 201 },
      async (who) => {
        const r = await as(who, 'POST', '/api/inspections', {
          title: `${who} 专项督查`,
          items: taskIds.slice(0, 2).map((task) => ({ task, finding: '进度滞后', requiredCorrection: '制定整改方案' })),
        })
        if (r.statusCode === 201) opened.push(r.json<{ id: number }>().id)
        return r
      },
      async () => (await inspections()).length,
    )
    expect(opened).toHaveLength(2)
    const [first, second] = opened as [number, number]
    const items = (await inspections()).filter((i) => i.id === first || i.id === second).flatMap((i) => i.items.map((item) => item.id))
    expect(items).toHaveLength(4)
    const toCorrect = [...items]
    await matrix(
      { anonymous: 401, viewer1: 403, reviewer1: 200, nanjing: 403, admin1: 200, eval1: 403, police: 200 },
      (who) => as(who, 'POST', `/api/inspection-items/${who === 'reviewer1' || who === 'admin1' || who === 'police' ? toCorrect.shift() : items[0]}/correct`, { note: '已整改' }),
      async () => JSON.stringify(await inspections()),
    )
    // One item is still open: correct it, then only reviewers and admins may close.
    const left = toCorrect.shift()!
    expect((await sessions.get('admin1')!.req('POST', `/api/inspection-items/${left}/correct`, { note: '已整改' })).statusCode).toBe(200)
    const toClose = [first, second]
    await matrix(
      ONLY_REVIEWERS,
      (who) => as(who, 'POST', `/api/inspections/${ONLY_REVIEWERS[who] < 400 ? toClose.shift() : first}/close`, { summary: '整改到位，督查结束' }),
      async () => (await inspections()).map((i) => i.status),
    )
  })
})
