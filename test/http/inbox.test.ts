/** GET /api/inbox: returned values with the reviewer's comment, unsubmitted drafts per region and year, tasks coming due. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

describe.each(STORES)('inbox on $name', (store) => {
  let s: TestServer
  let nanjing: Session
  let xuzhou: Session
  let reviewer: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    nanjing = await s.login('nanjing')
    xuzhou = await s.login('xuzhou')
    reviewer = await s.login('reviewer1')
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('lists my returned values with the comment, my drafts per year, and nobody else’s', async () => {
    const put = (indicator: string, year: number, value: number) => nanjing.req('PUT', `/api/observations/${indicator}/320100/${year}`, { value })
    const gdp = (await put('gdp', 2023, 17421.4)).json<{ id: number }>().id
    expect((await nanjing.req('POST', '/api/review/submit', { ids: [gdp] })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/return', { ids: [gdp], comment: '与公报不符' })).statusCode).toBe(200)
    // Two drafts in 2024, one in 2025: counted by hand.
    for (const [ind, year, v] of [
      ['gdp', 2024, 18000],
      ['resident_pop', 2024, 950],
      ['gdp', 2025, 19000],
    ] as const)
      expect((await put(ind, year, v)).statusCode).toBe(200)

    const r = await nanjing.req('GET', '/api/inbox')
    expect(r.statusCode, r.body).toBe(200)
    const inbox = r.json<{ returned: Array<Record<string, unknown>>; drafts: unknown[]; tasks: unknown[] }>()
    expect(inbox.returned).toEqual([
      expect.objectContaining({ id: gdp, indicator: 'gdp', region: '320100', year: 2023, comment: '与公报不符', returnedBy: 'reviewer1', returnedAt: FIXED_NOW.toISOString() }),
    ])
    expect(inbox.drafts).toEqual([
      { region: '320100', regionName: '南京市', year: 2025, count: 1 },
      { region: '320100', regionName: '南京市', year: 2024, count: 2 },
    ])
    expect(inbox.tasks).toEqual([]) // no department

    const other = (await xuzhou.req('GET', '/api/inbox')).json<{ returned: unknown[]; drafts: unknown[] }>()
    expect(other).toMatchObject({ returned: [], drafts: [] })
    expect((await reviewer.req('GET', '/api/inbox')).statusCode).toBe(403)
    expect((await s.app.inject({ method: 'GET', url: '/api/inbox' })).statusCode).toBe(401)
  })

  it("lists my department's open tasks due within 60 days or overdue, soonest first", async () => {
    const users = new UserService(s.ctx, s.ctx.regions)
    await users.create({ username: 'dept1', password: PASSWORD, role: 'reporter', regions: [], department: '测试厅' }, 'test', FIXED_NOW.toISOString(), 'test')
    const tasks = (await reviewer.req('GET', '/api/tasks')).json<Array<{ id: string; version: number }>>()
    expect(tasks.length).toBeGreaterThanOrEqual(3)
    // FIXED_NOW is 2026-01-01: 10 days ahead, 100 days ahead (left out), 10 days overdue.
    const deadlines = ['2026-01-11', '2026-04-11', '2025-12-22']
    for (const [i, deadline] of deadlines.entries()) {
      const t = tasks[i]!
      const p = await reviewer.req('PATCH', `/api/tasks/${encodeURIComponent(t.id)}`, { version: t.version, lead: '测试厅', deadline })
      expect(p.statusCode, p.body).toBe(200)
    }
    const dept = await s.login('dept1')
    const inbox = (await dept.req('GET', '/api/inbox')).json<{ returned: unknown[]; tasks: Array<{ id: string; daysLeft: number; overdue: boolean }> }>()
    expect(inbox.returned).toEqual([])
    expect(inbox.tasks.map((t) => [t.id, t.daysLeft, t.overdue])).toEqual([
      [tasks[2]!.id, -10, true],
      [tasks[0]!.id, 10, false],
    ])
  })
})
