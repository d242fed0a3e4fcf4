/** Tasks over HTTP: department scopes, progress reports with evidence, roll-up, follow-up and inspections. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { multipart, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'
import { PDF } from '../helpers/evidence.js'

function reportBody(fields: Record<string, string>, files: Array<[string, Buffer]>) {
  const boundary = '----urbmon-task-boundary'
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

/** A minimal whole PDF: header, one object, the cross-reference table where startxref points, the end marker. */

describe.each(STORES)('tasks on $name', (store) => {
  let s: TestServer
  let police: Session
  let education: Session
  let reviewer: Session
  let viewer: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    const users = new UserService(s.ctx, s.ctx.regions)
    for (const [username, department] of [
      ['police', '省公安厅'],
      ['education', '省教育厅'],
    ] as const) {
      await users.create({ username, password: PASSWORD, role: 'reporter', department }, 'test', FIXED_NOW.toISOString(), 'test')
    }
    police = await s.login('police')
    education = await s.login('education')
    reviewer = await s.login('reviewer1')
    viewer = await s.login('viewer1')
  }, 60_000)
  afterAll(async () => {
    // Drop the stores even when the server never started.
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('lists every measure of the plan on the board, filterable by department', async () => {
    const all = (await s.app.inject({ method: 'GET', url: '/api/tasks' })).json<Array<{ id: string; lead: string; cooperating: string[] }>>()
    expect(all).toHaveLength(s.ctx.plan.tasks.length)
    const mine = (await s.app.inject({ method: 'GET', url: `/api/tasks?department=${encodeURIComponent('省公安厅')}` })).json<typeof all>()
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((t) => t.lead === '省公安厅' || t.cooperating.includes('省公安厅'))).toBe(true)
  })

  it('lets a department report only on its own tasks, with evidence files checked by content', async () => {
    const own = s.ctx.plan.tasks.find((t) => t.lead === '省公安厅')!
    const other = s.ctx.plan.tasks.find((t) => t.lead !== '省公安厅' && !t.cooperating.includes('省公安厅'))!
    const ok = reportBody({ period: '2024H2', text: '已出台积分落户实施细则', percent: '60', status: 'in_progress' }, [['细则.pdf', PDF]])
    const r = await police.req('POST', `/api/tasks/${own.id}/reports`, ok.payload, ok.headers)
    expect(r.statusCode, r.body).toBe(201)
    const denied = await police.req('POST', `/api/tasks/${other.id}/reports`, ok.payload, ok.headers)
    expect(denied.statusCode).toBe(403)
    expect(denied.json<{ error: { code: string } }>().error.code).toBe('task.forbidden')
    for (const [who, code] of [
      [viewer, 403],
      [reviewer, 403],
    ] as const)
      expect((await who.req('POST', `/api/tasks/${own.id}/reports`, ok.payload, ok.headers)).statusCode).toBe(code)
    expect((await s.app.inject({ method: 'POST', url: `/api/tasks/${own.id}/reports`, ...ok })).statusCode).toBe(401)
    const exe = reportBody({ period: '2024H2', text: 'x', percent: '10', status: 'in_progress' }, [['evidence.pdf', Buffer.from('MZ\x90\x00 not a pdf')]])
    const bad = await police.req('POST', `/api/tasks/${own.id}/reports`, exe.payload, exe.headers)
    expect(bad.statusCode).toBe(422)
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('task.attachment_rejected')
    // Checked by structure, not the first bytes: a PDF header glued to an ELF program is refused.
    const elf = reportBody({ period: '2024H2', text: 'x', percent: '10', status: 'in_progress' }, [
      ['evidence.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])])],
    ])
    const elfReply = await police.req('POST', `/api/tasks/${own.id}/reports`, elf.payload, elf.headers)
    expect(elfReply.statusCode).toBe(422)
    expect(elfReply.json<{ error: { code: string } }>().error.code).toBe('task.attachment_rejected')
    const big = reportBody({ period: '2024H2', text: 'x', percent: '10', status: 'in_progress' }, [['big.pdf', Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)])]])
    expect((await police.req('POST', `/api/tasks/${own.id}/reports`, big.payload, big.headers)).statusCode).toBe(422)

    // The reviewer accepts: the report's progress becomes the task's; the evidence can be downloaded, as an attachment.
    const detail = (await reviewer.req('GET', `/api/tasks/${own.id}`)).json<{
      task: { status: string; percent: number; lastReportAt: string }
      reports: Array<{ id: number; attachments: Array<{ id: number; fileName: string; mediaType: string }> }>
    }>()
    const report = detail.reports[0]!
    expect(report.attachments[0]).toMatchObject({ fileName: '细则.pdf', mediaType: 'application/pdf' })
    expect((await police.req('POST', `/api/task-reports/${report.id}/accept`, {})).statusCode).toBe(403)
    expect((await reviewer.req('POST', `/api/task-reports/${report.id}/return`, {})).statusCode).toBe(400)
    expect((await reviewer.req('POST', `/api/task-reports/${report.id}/accept`, {})).statusCode).toBe(200)
    const after = (await reviewer.req('GET', `/api/tasks/${own.id}`)).json<typeof detail>()
    expect(after.task).toMatchObject({ status: 'in_progress', percent: 60 })
    const file = await viewer.req('GET', `/api/task-reports/${report.id}/attachments/${report.attachments[0]!.id}`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-disposition']).toContain('attachment')
    expect(file.rawPayload.equals(PDF)).toBe(true)
    expect((await s.app.inject({ method: 'GET', url: `/api/task-reports/${report.id}/attachments/${report.attachments[0]!.id}` })).statusCode).toBe(401)
    const anon = (await s.app.inject({ method: 'GET', url: `/api/tasks/${own.id}` })).json<typeof detail>()
    expect(anon.reports).toEqual([])
  })

  it('keeps evidence files byte for byte through backup and restore', async () => {
    const { backupStore, restoreStore } = await import('../../src/store/backup.js')
    const { openStoreTarget } = await import('../../src/store/open-store.js')
    const lines: string[] = []
    const original = await openStoreTarget(s.target, { create: false })
    await backupStore(original, (l) => lines.push(l))
    const target = await store.fresh()
    const copy = await openStoreTarget(target, { create: true })
    try {
      await restoreStore(copy, lines)
      const a = await original.db.selectFrom('task_attachments').select(['id', 'content']).orderBy('id').execute()
      const b = await copy.db.selectFrom('task_attachments').select(['id', 'content']).orderBy('id').execute()
      expect(b.length).toBe(a.length)
      expect(b.length).toBeGreaterThan(0)
      for (let i = 0; i < a.length; i++) expect(Buffer.from(b[i]!.content).equals(Buffer.from(a[i]!.content))).toBe(true)
    } finally {
      await copy.close()
      await original.close()
    }
  })

  it('splits a task per city and rolls the sub-tasks up', async () => {
    const task = s.ctx.plan.tasks.find((t) => t.lead === '省教育厅') ?? s.ctx.plan.tasks[0]!
    const split = await reviewer.req('POST', `/api/tasks/${task.id}/split`, { regions: ['320100', '320200'] })
    expect(split.statusCode, split.body).toBe(201)
    const subs = split.json<Array<{ id: string; version: number }>>()
    expect(subs.map((x) => x.id)).toEqual([`${task.id}/320100`, `${task.id}/320200`])
    expect((await reviewer.req('PATCH', `/api/tasks/${encodeURIComponent(subs[0]!.id)}`, { version: subs[0]!.version, status: 'done' })).statusCode).toBe(200)
    const stale = await reviewer.req('PATCH', `/api/tasks/${encodeURIComponent(subs[0]!.id)}`, { version: subs[0]!.version, status: 'delayed' })
    expect(stale.statusCode).toBe(409)
    expect((await reviewer.req('PATCH', `/api/tasks/${encodeURIComponent(subs[1]!.id)}`, { version: 1, status: 'dropped' })).statusCode).toBe(422) // a reason is required
    const parent = (await s.app.inject({ method: 'GET', url: `/api/tasks/${task.id}` })).json<{ task: { status: string; percent: number; rolledUp: boolean } }>().task
    // Sub-tasks: done (100) and not started (0) → in progress, 50 %.
    expect(parent).toMatchObject({ status: 'in_progress', percent: 50, rolledUp: true })
    expect((await education.req('POST', `/api/tasks/${task.id}/split`, { regions: ['320300'] })).statusCode).toBe(403)
  })

  it('lists overdue and stalled tasks', async () => {
    const fu = (await s.app.inject({ method: 'GET', url: '/api/tasks-followup?asOf=2024-06-30' })).json<Array<{ task: string; kind: string }>>()
    // 5.3.1 (双千兆, due 2023-12-31) is overdue by mid-2024 unless done.
    expect(fu.find((f) => f.task === '5.3.1')?.kind).toBe('overdue')
    expect(fu.some((f) => f.kind === 'stalled')).toBe(true)
  })

  it('runs a special inspection: findings, corrections, then closing', async () => {
    const task = s.ctx.plan.tasks.find((t) => t.lead === '省公安厅')!
    const open = await reviewer.req('POST', '/api/inspections', {
      title: '户籍制度改革专项督查',
      items: [{ task: task.id, finding: '细则未覆盖居住证持有人', requiredCorrection: '补充居住证持有人落户条款' }],
    })
    expect(open.statusCode, open.body).toBe(201)
    const id = open.json<{ id: number }>().id
    const close = await reviewer.req('POST', `/api/inspections/${id}/close`, { summary: '整改完成' })
    expect(close.statusCode).toBe(409)
    const list = (await reviewer.req('GET', '/api/inspections')).json<Array<{ id: number; items: Array<{ id: number }> }>>()
    const item = list.find((i) => i.id === id)!.items[0]!
    expect((await education.req('POST', `/api/inspection-items/${item.id}/correct`, { note: '不是我们的任务' })).statusCode).toBe(403)
    expect((await police.req('POST', `/api/inspection-items/${item.id}/correct`, { note: '已印发补充通知' })).statusCode).toBe(200)
    expect((await reviewer.req('POST', `/api/inspections/${id}/close`, { summary: '整改完成' })).statusCode).toBe(200)
    const audit = (await reviewer.req('GET', '/api/audit?action=inspection.close')).json<Array<{ entityId: string }>>()
    expect(audit[0]!.entityId).toBe(String(id))
  })
})

void multipart
