/** A task's history from the audit log over HTTP (issue 15): edits with before → after, reports, reviews, evidence, inspections. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import type { TaskHistoryReply } from '../../src/contract/index.js'
import { taskHistoryReply } from '../../src/contract/index.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'
import { PDF } from '../helpers/evidence.js'

function reportBody(fields: Record<string, string>, files: Array<[string, Buffer]>) {
  const boundary = '----urbmon-history-boundary'
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  for (const [name, bytes] of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      bytes,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe.each(STORES)('task history on $name', (store) => {
  let s: TestServer
  let admin: Session
  let police: Session
  let education: Session
  let reviewer: Session
  let taskId: string
  let otherTaskId: string
  let oldDeadline: string
  let reportId: number
  // Each request happens one minute after the one before, so that "when" is checkable.
  let clock = Date.parse('2026-03-01T08:00:00Z')
  const tick = () => new Date((clock += 60_000))
  const at = (minutes: number) => new Date(Date.parse('2026-03-01T08:00:00Z') + minutes * 60_000).toISOString()

  beforeAll(async () => {
    s = await testServer(await store.fresh(), { now: () => new Date(clock) })
    const users = new UserService(s.ctx, s.ctx.regions)
    const created = '2026-01-01T00:00:00.000Z'
    await users.create({ username: 'police', displayName: '公安厅 王芳', password: PASSWORD, role: 'reporter', department: '省公安厅' }, 'test', created, 'test')
    await users.create({ username: 'education', password: PASSWORD, role: 'reporter', department: '省教育厅' }, 'test', created, 'test')
    await users.create({ username: 'rev2', displayName: '审核员 李明', password: PASSWORD, role: 'reviewer' }, 'test', created, 'test')
    admin = await s.login('admin1')
    police = await s.login('police')
    education = await s.login('education')
    reviewer = await s.login('rev2')
    const own = s.ctx.plan.tasks.filter((t) => t.lead === '省公安厅')
    taskId = own[0]!.id
    otherTaskId = s.ctx.plan.tasks.find((t) => t.lead !== '省公安厅')!.id
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const history = async (who: Session, id = taskId): Promise<TaskHistoryReply> => {
    const r = await who.req('GET', `/api/tasks/${encodeURIComponent(id)}/history`)
    expect(r.statusCode, r.body).toBe(200)
    return taskHistoryReply.parse(r.json())
  }

  it('records an edit, a report with evidence and its acceptance, newest first, with who, when and what', async () => {
    const t = (await admin.req('GET', `/api/tasks/${encodeURIComponent(taskId)}`)).json<{ task: { version: number; deadline: string; status: string } }>().task
    oldDeadline = t.deadline
    expect(t.status).toBe('not_started')
    tick() // 08:01
    const edit = await admin.req('PATCH', `/api/tasks/${encodeURIComponent(taskId)}`, { version: t.version, deadline: '2026-06-30' })
    expect(edit.statusCode, edit.body).toBe(200)
    tick() // 08:02
    const body = reportBody({ period: '2026Q1', text: '已出台实施细则', percent: '40', status: 'in_progress' }, [['细则.pdf', PDF]])
    const rep = await police.req('POST', `/api/tasks/${encodeURIComponent(taskId)}/reports`, body.payload, body.headers)
    expect(rep.statusCode, rep.body).toBe(201)
    reportId = rep.json<{ id: number }>().id
    tick() // 08:03
    const acc = await reviewer.req('POST', `/api/task-reports/${reportId}/accept`, {})
    expect(acc.statusCode, acc.body).toBe(200)

    const h = await history(admin)
    expect(h.task).toBe(taskId)
    expect(h.more).toBe(false)
    expect(h.entries.map((e) => [e.action, e.actor, e.actorName, e.at])).toEqual([
      ['task.report_accept', 'rev2', '审核员 李明', at(3)],
      ['task.report', 'police', '公安厅 王芳', at(2)],
      ['task.update', 'admin1', 'admin1', at(1)],
    ])
    const [accept, report, update] = h.entries
    // The deadline's before → after: the plan's deadline, then the one the admin set.
    expect(update!.changes).toEqual([{ field: 'deadline', from: oldDeadline, to: '2026-06-30' }])
    expect(update!.summary).toBe(`修改任务：截止日期 ${oldDeadline} → 2026-06-30`)
    expect(update!.summaryEn).toBe(`Edited the task: deadline ${oldDeadline} → 2026-06-30`)
    expect(report!.report).toEqual({ id: reportId, period: '2026Q1' })
    expect(report!.summary).toBe('提交 2026Q1 进展报告：进度 40%，建议状态推进中，佐证材料 1 个')
    expect(report!.summaryEn).toBe('Filed the 2026Q1 progress report: 40%, proposing in progress, 1 evidence file')
    expect(report!.attachments).toHaveLength(1)
    expect(report!.attachments[0]!.fileName).toBe('细则.pdf')
    // The link the page shows downloads the very file uploaded.
    const file = await education.req('GET', `/api/task-reports/${reportId}/attachments/${report!.attachments[0]!.id}`)
    expect(file.statusCode).toBe(200)
    expect(Buffer.compare(file.rawPayload, PDF)).toBe(0)
    expect(accept!.changes).toEqual([
      { field: 'status', from: 'not_started', to: 'in_progress' },
      { field: 'percent', from: null, to: '40' },
    ])
    expect(accept!.summary).toBe('采纳 2026Q1 进展报告：状态 未开始 → 推进中；进度 → 40%')
    expect(accept!.summaryEn).toBe('Accepted the 2026Q1 progress report: status not started → in progress; progress → 40%')
  })

  it('gives a reporter of another department what the task itself gives a signed-in user; nothing to anonymous callers', async () => {
    const mine = await history(admin)
    const theirs = await history(education)
    expect(theirs).toEqual(mine)
    const detail = (await education.req('GET', `/api/tasks/${encodeURIComponent(taskId)}`)).json<{ reports: unknown[] }>()
    expect(detail.reports).toHaveLength(1)
    const anon = await s.app.inject({ method: 'GET', url: `/api/tasks/${encodeURIComponent(taskId)}/history` })
    expect(anon.statusCode).toBe(401)
    // The task's detail hides its reports from anonymous callers; the history, which names them, is not theirs either.
    expect((await s.app.inject({ method: 'GET', url: `/api/tasks/${encodeURIComponent(taskId)}` })).json<{ reports: unknown[] }>().reports).toEqual([])
    const missing = await education.req('GET', '/api/tasks/NOPE/history')
    expect(missing.statusCode).toBe(404)
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('task.not_found')
    expect((await education.req('GET', `/api/tasks/${encodeURIComponent(taskId)}/history?limit=0`)).statusCode).toBe(422)
  })

  it('records a return with its comment, a status change with the drop reason, and the inspections of this task only', async () => {
    tick() // 08:04
    const body = reportBody({ period: '2026Q2', text: '推进中', percent: '50', status: 'in_progress' }, [])
    const rep = await police.req('POST', `/api/tasks/${encodeURIComponent(taskId)}/reports`, body.payload, body.headers)
    expect(rep.statusCode, rep.body).toBe(201)
    tick() // 08:05
    expect((await reviewer.req('POST', `/api/task-reports/${rep.json<{ id: number }>().id}/return`, { comment: '请补充佐证材料' })).statusCode).toBe(200)
    tick() // 08:06
    const opened = await reviewer.req('POST', '/api/inspections', {
      title: '户籍制度改革专项督查',
      items: [
        { task: taskId, finding: '细则未公开', requiredCorrection: '公开细则' },
        { task: otherTaskId, finding: '进度滞后', requiredCorrection: '制定计划' },
      ],
    })
    expect(opened.statusCode, opened.body).toBe(201)
    const insp = (await reviewer.req('GET', '/api/inspections')).json<Array<{ id: number; items: Array<{ id: number; taskId: string }> }>>()[0]!
    tick() // 08:07
    expect((await police.req('POST', `/api/inspection-items/${insp.items.find((i) => i.taskId === taskId)!.id}/correct`, { note: '已在官网公开' })).statusCode).toBe(200)
    tick() // 08:08
    expect((await reviewer.req('POST', `/api/inspection-items/${insp.items.find((i) => i.taskId === otherTaskId)!.id}/correct`, { note: '另一任务的整改' })).statusCode).toBe(200)

    const h = await history(police)
    expect(h.entries.slice(0, 4).map((e) => [e.action, e.at, e.comment])).toEqual([
      ['inspection.correct', at(7), '已在官网公开'],
      ['inspection.open', at(6), null],
      ['task.report_return', at(5), '请补充佐证材料'],
      ['task.report', at(4), null],
    ])
    expect(h.entries[1]!.inspection).toEqual({ id: insp.id, title: '户籍制度改革专项督查' })
    expect(h.entries[1]!.summary).toBe('发起专项督查「户籍制度改革专项督查」')
    expect(h.entries[2]!.summaryEn).toBe('Returned the 2026Q2 progress report: 请补充佐证材料')
    // The other task's correction belongs to the other task's history.
    expect(h.entries.some((e) => e.comment === '另一任务的整改')).toBe(false)
    expect((await history(police, otherTaskId)).entries.map((e) => e.comment)).toEqual(['另一任务的整改', null])

    const t = (await admin.req('GET', `/api/tasks/${encodeURIComponent(taskId)}`)).json<{ task: { version: number } }>().task
    tick() // 08:09
    expect(
      (await admin.req('PATCH', `/api/tasks/${encodeURIComponent(taskId)}`, { version: t.version, status: 'dropped', dropReason: '并入 3.1.1', lead: '省发展改革委' })).statusCode,
    ).toBe(200)
    const top = (await history(admin)).entries[0]!
    expect(top.changes).toEqual([
      { field: 'status', from: 'in_progress', to: 'dropped' },
      { field: 'lead', from: '省公安厅', to: '省发展改革委' },
      { field: 'dropReason', from: null, to: '并入 3.1.1' },
    ])
    expect(top.comment).toBe('并入 3.1.1')
    expect(top.summary).toBe('修改任务：状态 推进中 → 已取消；牵头部门 省公安厅 → 省发展改革委；取消原因 → 并入 3.1.1')
  })

  it('shows a sub-task’s split and its own entries in the parent’s history, and reads a sub-task’s history by its id', async () => {
    const parent = s.ctx.plan.tasks.find((t) => t.id !== taskId && t.id !== otherTaskId)!.id
    tick() // 08:10
    const split = await reviewer.req('POST', `/api/tasks/${encodeURIComponent(parent)}/split`, { regions: ['320100'] })
    expect(split.statusCode, split.body).toBe(201)
    const sub = `${parent}/320100`
    const h = await history(reviewer, parent)
    expect(h.entries[0]).toMatchObject({ action: 'task.split', task: sub, at: at(10), actorName: '审核员 李明' })
    const own = await history(reviewer, sub)
    expect(own.entries.map((e) => e.action)).toEqual(['task.split'])
  })

  it('pages back with limit and before', async () => {
    const all = (await history(admin)).entries
    expect(all.length).toBeGreaterThan(3)
    const first = taskHistoryReply.parse((await admin.req('GET', `/api/tasks/${encodeURIComponent(taskId)}/history?limit=2`)).json())
    expect(first.more).toBe(true)
    expect(first.entries.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id))
    const next = taskHistoryReply.parse((await admin.req('GET', `/api/tasks/${encodeURIComponent(taskId)}/history?limit=500&before=${first.entries[1]!.id}`)).json())
    expect(next.more).toBe(false)
    expect(next.entries.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id))
  })
})
