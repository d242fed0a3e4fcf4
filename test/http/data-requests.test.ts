/** Data requests (数据征集): create, validation, who sees what, progress against a hand count, versions, audit, templates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { backupStore, restoreStore } from '../../src/store/backup.js'
import { openStoreTarget } from '../../src/store/open-store.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

interface Req {
  id: number
  version: number
  regions: string[]
  status: string
  daysLeft: number
  late: boolean
  closedBy: string | null
  progress: { expected: number; exactly: Record<string, number>; reached: Record<string, number> }
  rows: Array<{ region: string; indicator: string; state: string }>
}
interface ErrorBody {
  error: { code: string; message: string; messageEn: string }
}

describe.each(STORES)('data requests on $name', (store) => {
  let s: TestServer
  let reviewer: Session
  let admin: Session
  let nanjing: Session
  let xuzhou: Session
  let viewer: Session
  // A: Nanjing and Xuzhou, two indicators of 2024, due 2026-03-31 (FIXED_NOW is 2026-01-01). C: Wuxi only, overdue.
  let a: Req
  let c: Req

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    reviewer = await s.login('reviewer1')
    admin = await s.login('admin1')
    nanjing = await s.login('nanjing')
    xuzhou = await s.login('xuzhou')
    viewer = await s.login('viewer1')
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const body = {
    title: '2024年人口数据征集',
    message: '请于3月底前报送',
    indicators: ['resident_pop', 'urban_pop'],
    regions: ['320100', '320300'],
    year: 2024,
    due: '2026-03-31',
  }

  it('a provincial reviewer creates a request; every requested cell starts missing', async () => {
    const r = await reviewer.req('POST', '/api/requests', body)
    expect(r.statusCode, r.body).toBe(201)
    a = r.json<Req>()
    expect(a).toMatchObject({ status: 'open', version: 1, regions: ['320100', '320300'], daysLeft: 89, late: false, createdBy: 'reviewer1' })
    expect(a.rows.map((x) => `${x.region} ${x.indicator} ${x.state}`)).toEqual([
      '320100 resident_pop missing',
      '320100 urban_pop missing',
      '320300 resident_pop missing',
      '320300 urban_pop missing',
    ])
    const r2 = await admin.req('POST', '/api/requests', { ...body, title: '无锡 GDP', indicators: ['gdp'], regions: ['320200'], due: '2025-12-31' })
    expect(r2.statusCode, r2.body).toBe(201)
    c = r2.json<Req>()
    // Past its due date (by one day) and nothing submitted.
    expect(c).toMatchObject({ daysLeft: -1, late: true, progress: { expected: 1 } })
  })

  it('refuses bad fields with messages naming the field, in Chinese and English', async () => {
    const cases: Array<[Record<string, unknown>, string, string, string]> = [
      [{ ...body, title: '  ' }, 'title', '标题', 'title'],
      [{ ...body, title: 'x'.repeat(201) }, 'title', '标题', 'title'],
      [{ ...body, indicators: ['resident_pop', 'no_such_indicator'] }, 'indicators', '指标', 'no_such_indicator'],
      [{ ...body, indicators: [] }, 'indicators', '指标', 'indicators'],
      [{ ...body, regions: ['999999'] }, 'regions', '地区', '999999'],
      [{ ...body, year: 1850 }, 'year', '年份', '1850'],
      [{ ...body, due: '2026-02-30' }, 'due', '截止日期', 'due date'],
      [{ ...body, due: undefined }, 'due', '截止日期', 'due'],
    ]
    for (const [b, field, zh, en] of cases) {
      const r = await reviewer.req('POST', '/api/requests', b)
      expect(r.statusCode, `${field}: ${r.body}`).toBe(422)
      const e = r.json<ErrorBody>().error
      expect(e.code).toBe('request.invalid')
      expect(e.message).toContain(zh)
      expect(e.message).toContain(`（${field}）`)
      expect(e.messageEn).toContain(en)
      expect(e.messageEn).toContain(`(${field})`)
    }
    expect((await reviewer.req('GET', '/api/requests')).json<Req[]>()).toHaveLength(2)
  })

  it('lets only admins and provincial reviewers write; viewers may not read', async () => {
    expect((await nanjing.req('POST', '/api/requests', body)).statusCode).toBe(403)
    expect((await nanjing.req('PATCH', `/api/requests/${a.id}`, { version: a.version, status: 'closed' })).statusCode).toBe(403)
    const users = new UserService(s.ctx, s.ctx.regions)
    await users.create({ username: 'cityrev', password: PASSWORD, role: 'reviewer', regions: ['320100'] }, 'test', FIXED_NOW.toISOString(), 'test')
    const city = await s.login('cityrev')
    expect((await city.req('POST', '/api/requests', body)).statusCode).toBe(403)
    expect((await viewer.req('GET', '/api/requests')).statusCode).toBe(403)
    expect((await viewer.req('GET', `/api/requests/${a.id}`)).statusCode).toBe(403)
    expect((await s.app.inject({ method: 'GET', url: '/api/requests' })).statusCode).toBe(401)
  })

  it('shows a reporter only requests naming their regions, and only their share', async () => {
    const mine = (await nanjing.req('GET', '/api/requests')).json<Req[]>()
    expect(mine.map((x) => [x.id, x.regions])).toEqual([[a.id, ['320100']]])
    expect((await xuzhou.req('GET', '/api/requests')).json<Req[]>().map((x) => [x.id, x.regions])).toEqual([[a.id, ['320300']]])
    expect((await nanjing.req('GET', `/api/requests/${c.id}`)).statusCode).toBe(403)
    expect((await nanjing.req('GET', '/api/requests/99999')).statusCode).toBe(404)
    const all = (await reviewer.req('GET', '/api/requests')).json<Req[]>()
    expect(all.map((x) => x.id)).toEqual([c.id, a.id])
  })

  it('counts progress as a hand count says, after values are entered and submitted', async () => {
    const put = (who: Session, indicator: string, region: string, value: number) => who.req('PUT', `/api/observations/${indicator}/${region}/2024`, { value })
    const rp = await put(nanjing, 'resident_pop', '320100', 954.7)
    expect(rp.statusCode, rp.body).toBe(200)
    expect((await put(nanjing, 'urban_pop', '320100', 830.5)).statusCode).toBe(200)
    expect((await put(xuzhou, 'resident_pop', '320300', 902.8)).statusCode).toBe(200)
    // A value outside the request (another year) counts for nothing.
    expect((await nanjing.req('PUT', '/api/observations/urban_pop/320100/2023', { value: 820.1 })).statusCode).toBe(200)
    const sub = await nanjing.req('POST', '/api/review/submit', { ids: [rp.json<{ id: number }>().id] })
    expect(sub.statusCode, sub.body).toBe(200)

    // By hand: 320100 resident_pop submitted, 320100 urban_pop entered, 320300 resident_pop entered, 320300 urban_pop missing.
    const d = (await reviewer.req('GET', `/api/requests/${a.id}`)).json<Req>()
    expect(d.rows.map((x) => `${x.region} ${x.indicator} ${x.state}`)).toEqual([
      '320100 resident_pop submitted',
      '320100 urban_pop entered',
      '320300 resident_pop entered',
      '320300 urban_pop missing',
    ])
    expect(d.progress).toEqual({
      expected: 4,
      exactly: { missing: 1, entered: 2, submitted: 1, approved: 0, published: 0 },
      reached: { entered: 3, submitted: 1, approved: 0, published: 0 },
    })
    // Nanjing's share: 2 expected, both entered, 1 submitted; Xuzhou's rows are not shown to Nanjing.
    const n = (await nanjing.req('GET', `/api/requests/${a.id}`)).json<Req>()
    expect(n.rows.map((x) => x.region)).toEqual(['320100', '320100'])
    expect(n.progress.reached).toEqual({ entered: 2, submitted: 1, approved: 0, published: 0 })

    const inbox = (await nanjing.req('GET', '/api/inbox')).json<{ requests: unknown[] }>()
    expect(inbox.requests).toEqual([{ id: a.id, title: body.title, year: 2024, due: '2026-03-31', daysLeft: 89, late: false, expected: 2, entered: 2, submitted: 1 }])
    expect((await xuzhou.req('GET', '/api/inbox')).json<{ requests: Array<Record<string, unknown>> }>().requests).toEqual([
      expect.objectContaining({ id: a.id, expected: 2, entered: 1, submitted: 0 }),
    ])
  })

  it('edits, closes and reopens with the version seen (409 when stale), and audits each change', async () => {
    const edit = await reviewer.req('PATCH', `/api/requests/${a.id}`, { version: 1, due: '2026-04-15', message: '延期至4月中旬' })
    expect(edit.statusCode, edit.body).toBe(200)
    expect(edit.json<Req>()).toMatchObject({ version: 2, due: '2026-04-15', daysLeft: 104 })
    const stale = await reviewer.req('PATCH', `/api/requests/${a.id}`, { version: 1, title: '旧版本' }, { 'accept-language': 'en' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json<ErrorBody>().error).toMatchObject({ code: 'request.version_conflict' })
    expect(stale.json<ErrorBody>().error.message).toContain('version 2')
    const bad = await reviewer.req('PATCH', `/api/requests/${a.id}`, { version: 2, year: 99 })
    expect(bad.json<ErrorBody>().error.code).toBe('request.invalid')

    const closed = await reviewer.req('PATCH', `/api/requests/${a.id}`, { version: 2, status: 'closed' })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json<Req>()).toMatchObject({ status: 'closed', closedBy: 'reviewer1', version: 3 })
    expect((await reviewer.req('PATCH', `/api/requests/${a.id}`, { version: 3, title: '改标题' })).statusCode).toBe(409)
    expect((await nanjing.req('GET', '/api/inbox')).json<{ requests: unknown[] }>().requests).toEqual([])
    expect((await reviewer.req('GET', '/api/requests?status=closed')).json<Req[]>().map((x) => x.id)).toEqual([a.id])
    const reopened = await reviewer.req('PATCH', `/api/requests/${a.id}`, { version: 3, status: 'open' })
    expect(reopened.json<Req>()).toMatchObject({ status: 'open', closedBy: null, version: 4 })

    const audit = (await admin.req('GET', '/api/audit?entity=data_request')).json<Array<{ action: string; entityId: string; actor: string }>>()
    expect(audit.map((e) => [e.action, e.entityId, e.actor]).reverse()).toEqual([
      ['data_request.create', String(a.id), 'reviewer1'],
      ['data_request.create', String(c.id), 'admin1'],
      ['data_request.update', String(a.id), 'reviewer1'],
      ['data_request.close', String(a.id), 'reviewer1'],
      ['data_request.reopen', String(a.id), 'reviewer1'],
    ])
  })

  it('makes a template of exactly the requested indicators × the reporter’s regions', async () => {
    const rowsOf = (csv: string) =>
      csv
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(','))
        .map((cells) => `${cells[0]} ${cells[2]} ${cells[4]}`)
    const mine = await nanjing.req('GET', `/api/templates?request=${a.id}&format=csv`)
    expect(mine.statusCode, mine.body).toBe(200)
    expect(rowsOf(mine.body)).toEqual(['resident_pop 320100 2024', 'urban_pop 320100 2024'])
    const all = await reviewer.req('GET', `/api/templates?request=${a.id}&format=csv`)
    expect(rowsOf(all.body)).toEqual(['resident_pop 320100 2024', 'urban_pop 320100 2024', 'resident_pop 320300 2024', 'urban_pop 320300 2024'])
    const xlsx = await nanjing.req('GET', `/api/templates?request=${a.id}&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    expect((await nanjing.req('GET', `/api/templates?request=99999&format=csv`)).statusCode).toBe(404)
    expect((await nanjing.req('GET', `/api/templates?request=${c.id}&format=csv`)).statusCode).toBe(403)
    expect((await nanjing.req('GET', `/api/templates?request=abc&format=csv`)).statusCode).toBe(400)
  })

  it('keeps the requests through a backup and restore', async () => {
    const from = await openStoreTarget(s.target, { create: false })
    const lines: string[] = []
    try {
      await backupStore(from, (l) => lines.push(l))
    } finally {
      await from.close()
    }
    expect(lines.filter((l) => l.startsWith('{"t":"data_requests"'))).toHaveLength(2)
    const to = await openStoreTarget(await store.fresh(), { create: true })
    try {
      const summary = await restoreStore(to, lines)
      expect(summary.rows.data_requests).toBe(2)
      const back = await to.db.selectFrom('data_requests').select(['id', 'title', 'regions', 'version', 'status']).orderBy('id').execute()
      expect(back).toEqual([
        { id: a.id, title: body.title, regions: '["320100","320300"]', version: 4, status: 'open' },
        { id: c.id, title: '无锡 GDP', regions: '["320200"]', version: 1, status: 'open' },
      ])
    } finally {
      await to.close()
    }
  })
})
