/** The submit → review → publish journey, concurrency, and the audit trail it leaves. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'

describe.each(STORES)('workflow on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let reviewer: Session
  let admin: Session
  let other: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    reporter = await s.login('nanjing')
    other = await s.login('xuzhou')
    reviewer = await s.login('reviewer1')
    admin = await s.login('admin1')
  }, 60_000)
  afterAll(async () => {
    // Drop the stores even when the server never started.
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const anonValue = async (year: number) => {
    const r = await s.app.inject({ method: 'GET', url: `/api/observations?indicator=gdp&region=320100&year=${year}` })
    return r.json<Array<{ value: number }>>().map((o) => o.value)
  }

  it('draft → submitted → returned → fixed → approved → published, the old value visible until then', async () => {
    const put = await reporter.req('PUT', '/api/observations/gdp/南京/2023', { value: 17421.4, note: '2023 统计公报' })
    expect(put.statusCode, put.body).toBe(200)
    const cell = put.json<{ id: number; version: number; status: string }>()
    expect(cell).toMatchObject({ status: 'draft', version: 1 })
    expect(await anonValue(2023)).toEqual([])

    expect((await reporter.req('POST', '/api/review/submit', { region: '320100', year: 2023 })).json()).toMatchObject({ changed: 1 })
    const queue = (await reviewer.req('GET', '/api/review/queue')).json<Array<{ id: number; status: string; publishedValue: number | null }>>()
    expect(queue.find((q) => q.id === cell.id)).toMatchObject({ status: 'submitted', publishedValue: null })

    const ret = await reviewer.req('POST', '/api/review/return', { ids: [cell.id], comment: '与公报不符，请核对' })
    expect(ret.statusCode).toBe(200)
    const returned = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2023')).json<Array<{ status: string; version: number }>>()
    expect(returned[0]).toMatchObject({ status: 'returned', version: 3 })

    const fix = await reporter.req('PUT', '/api/observations/gdp/320100/2023', { value: 17421.4, note: '已核对 2023 统计公报', version: 3 })
    expect(fix.statusCode, fix.body).toBe(200)
    expect((await reporter.req('POST', '/api/review/submit', { ids: [cell.id] })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/approve', { ids: [cell.id] })).statusCode).toBe(200)
    expect(await anonValue(2023)).toEqual([])
    expect((await reviewer.req('POST', '/api/review/publish', { ids: [cell.id] })).statusCode).toBe(200)
    expect(await anonValue(2023)).toEqual([17421.4])

    // A revision of the published value: the public keeps seeing 17421.4 until the revision is published.
    const current = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2023')).json<Array<{ version: number }>>()
    const rev = await reporter.req('PUT', '/api/observations/gdp/320100/2023', { value: 17500, version: current[0]!.version })
    expect(rev.json()).toMatchObject({ status: 'draft', publishedValue: 17421.4 })
    expect(await anonValue(2023)).toEqual([17421.4])
    const status = (await s.app.inject({ method: 'GET', url: '/api/export?format=json&year=2023' })).json<Array<{ value: number }>>()
    expect(status.map((o) => o.value)).toEqual([17421.4])

    const audit = (await admin.req('GET', '/api/audit?indicator=gdp&region=320100')).json<
      Array<{ action: string; actor: string; oldValue: number | null; newValue: number | null; oldStatus: string | null; newStatus: string | null; origin: string }>
    >()
    expect(audit.map((a) => a.action).reverse()).toEqual([
      'observation.create',
      'observation.submit',
      'observation.return',
      'observation.update',
      'observation.submit',
      'observation.approve',
      'observation.publish',
      'observation.update',
    ])
    expect(audit[0]).toMatchObject({ actor: 'nanjing', oldValue: 17421.4, newValue: 17500, oldStatus: 'published', newStatus: 'draft' })
    expect(audit.every((a) => a.origin.startsWith('http:'))).toBe(true)
  })

  it('refuses a stale version with 409 and loses nothing', async () => {
    const first = (await reporter.req('PUT', '/api/observations/gdp/320100/2022', { value: 16907.85 })).json<{ version: number }>()
    const a = await reporter.req('PUT', '/api/observations/gdp/320100/2022', { value: 16908, version: first.version })
    expect(a.statusCode).toBe(200)
    const b = await admin.req('PUT', '/api/observations/gdp/320100/2022', { value: 99999, version: first.version })
    expect(b.statusCode).toBe(409)
    expect(b.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'observation.version_conflict' })
    const c = await admin.req('PUT', '/api/observations/gdp/320100/2022', { value: 99999 })
    expect(c.statusCode).toBe(409) // an existing cell needs the version the client saw
    const now = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2022')).json<Array<{ value: number }>>()
    expect(now.map((o) => o.value)).toEqual([16908])
  })

  it('rejects invalid values with 422 and a bilingual message', async () => {
    const r = await reporter.req('PUT', '/api/observations/urbanization_rate/320100/2022', { value: 187 })
    expect(r.statusCode).toBe(422)
    const e = r.json<{ error: { code: string; message: string; messageEn: string } }>().error
    expect(e.code).toBe('ingest.out_of_range')
    expect(e.message).toContain('有效范围')
    expect(e.messageEn).toContain('valid range')
    expect((await reporter.req('PUT', '/api/observations/gdp/320100/2022', { value: 'many' })).statusCode).toBe(422)
    expect((await reporter.req('PUT', '/api/observations/no_such/320100/2022', { value: 1 })).statusCode).toBe(422)
  })

  it('imports atomically over HTTP, and two reporters importing their own cities at once both succeed', async () => {
    const nj = multipart('nj.csv', 'indicator,region,year,value,unit\ngdp,南京,2019,14030.15,亿元\nresident_pop,南京,2019,850,万人\n')
    const xz = multipart('xz.csv', 'indicator,region,year,value,unit\ngdp,徐州,2019,7151.35,亿元\n')
    const [a, b] = await Promise.all([reporter.req('POST', '/api/imports', nj.payload, nj.headers), other.req('POST', '/api/imports', xz.payload, xz.headers)])
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
    const bad = multipart('bad.csv', 'indicator,region,year,value,unit\ngdp,南京,2018,12820.4,亿元\ngdp,南京,2017,一万,亿元\n')
    const r = await reporter.req('POST', '/api/imports', bad.payload, bad.headers)
    expect(r.statusCode).toBe(422)
    expect(r.json<{ files: Array<{ errors: Array<{ row: number; column: string; code: string }> }> }>().files[0]!.errors[0]).toMatchObject({
      row: 3,
      column: 'D',
      code: 'ingest.not_numeric',
    })
    const none = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2018')).json<unknown[]>()
    expect(none).toEqual([])
  })
})

describe('reports and evaluation over HTTP', () => {
  it('serves the composite index to anyone and reports to signed-in users', async () => {
    const { tempDb } = await import('../helpers/cli.js')
    const s = await testServer({ kind: 'sqlite', file: tempDb() }, { data: true })
    try {
      const ev = await s.app.inject({ method: 'GET', url: '/api/evaluation?year=2022' })
      expect(ev.statusCode, ev.body).toBe(200)
      expect(ev.json<{ results: Array<{ rank: number }> }>().results[0]!.rank).toBe(1)
      expect((await s.app.inject({ method: 'GET', url: '/api/reports?kind=midterm&format=html' })).statusCode).toBe(401)
      const viewer = await s.login('viewer1')
      const html = await viewer.req('GET', '/api/reports?kind=midterm&format=html')
      expect(html.statusCode).toBe(200)
      expect(html.headers['content-disposition']).toContain('urbmon-midterm-2023.html')
      expect(html.body).toContain('中期评估报告')
    } finally {
      await s.close()
    }
  }, 120_000)
})
