/**
 * GET /api/completeness: expected cells by the plan's rule (counted by hand), states after entering, submitting,
 * approving and publishing through the API, lateness against Jiangsu's data calendar, who may see what, CSV, 400s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import type { CompletenessReply } from '../../src/contract/index.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

// Figures for 2025 are due 2026-03-31 (gdp, resident_pop, urbanization_rate: bulletin figures) or 2026-09-30
// (the rest: yearbook); on 2026-04-15 the first are late unless published, the others not yet.
const TODAY = new Date('2026-04-15T08:00:00Z')

// Section 二(三) of the Jiangsu plan monitors urbanization_rate, migrant_children_public_school_share, income_ratio,
// gdp and retail_sales; urbanization_rate and income_ratio have formulas (derived). Collected: 3 indicators ×
// 14 regions (the province and its 13 prefecture-level cities) = 42 expected cells.
const SECTION = encodeURIComponent('二(三)')

describe.each(STORES)('completeness on $name', (store) => {
  let s: TestServer
  let admin: Session
  let reviewer: Session
  let nanjing: Session
  let xuzhou: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh(), { now: () => TODAY })
    admin = await s.login('admin1')
    reviewer = await s.login('reviewer1')
    nanjing = await s.login('nanjing')
    xuzhou = await s.login('xuzhou')
    const put = async (who: Session, indicator: string, region: string, value: number) => {
      const r = await who.req('PUT', `/api/observations/${indicator}/${region}/2025`, { value })
      expect(r.statusCode, r.body).toBe(200)
      return r.json<{ id: number }>().id
    }
    const step = async (who: Session, action: string, id: number) => {
      const r = await who.req('POST', `/api/review/${action}`, { ids: [id] })
      expect(r.statusCode, r.body).toBe(200)
    }
    // 南京 gdp: entered (a draft). 徐州 gdp: submitted. 南京 retail sales: approved. The province's gdp: published.
    await put(nanjing, 'gdp', '320100', 17421.4)
    await step(xuzhou, 'submit', await put(xuzhou, 'gdp', '320300', 9000))
    const retail = await put(nanjing, 'retail_sales', '320100', 8000)
    await step(nanjing, 'submit', retail)
    await step(reviewer, 'approve', retail)
    const province = await put(admin, 'gdp', '320000', 130000)
    await step(admin, 'submit', province)
    await step(reviewer, 'approve', province)
    await step(reviewer, 'publish', province)
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const get = async (who: Session, query: string) => {
    const r = await who.req('GET', `/api/completeness?${query}`)
    expect(r.statusCode, r.body).toBe(200)
    return r.json<CompletenessReply>()
  }

  it('expects the collected indicators of the section in the province and its 13 cities, each in its state', async () => {
    const c = await get(reviewer, `year=2025&section=${SECTION}`)
    expect(c.year).toBe(2025)
    expect(c.asOf).toBe('2026-04-15')
    expect(c.regions).toHaveLength(14)
    expect(c.indicators.map((i) => i.id).sort()).toEqual(['gdp', 'migrant_children_public_school_share', 'retail_sales'])
    expect(c.derived.map((i) => i.id).sort()).toEqual(['income_ratio', 'urbanization_rate'])
    expect(c.rows).toHaveLength(42)
    const state = (region: string, indicator: string) => c.rows.find((r) => r.region === region && r.indicator === indicator)?.state
    expect(state('320100', 'gdp')).toBe('entered')
    expect(state('320300', 'gdp')).toBe('submitted')
    expect(state('320100', 'retail_sales')).toBe('approved')
    expect(state('320000', 'gdp')).toBe('published')
    expect(state('320500', 'gdp')).toBe('missing')
    // Late: gdp is due 2026-03-31, so the 13 gdp cells not published are late; the others are due 2026-09-30.
    expect(c.totals).toEqual({ expected: 42, published: 1, approved: 1, submitted: 1, entered: 1, missing: 38, late: 13 })
    const gdp = c.indicators.find((i) => i.id === 'gdp')
    expect(gdp).toMatchObject({ due: '2026-03-31', section: '二(三)', chapter: '二' })
    expect(gdp?.totals).toMatchObject({ expected: 14, published: 1, late: 13 })
    expect(c.indicators.find((i) => i.id === 'retail_sales')?.due).toBe('2026-09-30')
    expect(c.regions.find((r) => r.code === '320100')?.totals).toEqual({ expected: 3, published: 0, approved: 1, submitted: 0, entered: 1, missing: 1, late: 1 })
    // Not published, after the due date: late; the published province figure is not.
    expect(c.rows.find((r) => r.region === '320100' && r.indicator === 'gdp')).toMatchObject({ due: '2026-03-31', late: true })
    expect(c.rows.find((r) => r.region === '320000' && r.indicator === 'gdp')?.late).toBe(false)
  })

  it('filters the rows by late and state, keeping the totals of the whole selection; defaults to the latest year with data', async () => {
    const late = await get(admin, `section=${SECTION}&late=true`)
    expect(late.year).toBe(2025)
    expect(late.yearsWithData).toEqual([2025])
    expect(late.rows).toHaveLength(13)
    expect(new Set(late.rows.map((r) => r.indicator))).toEqual(new Set(['gdp']))
    expect(late.totals.expected).toBe(42)
    const submitted = await get(admin, 'year=2025&state=submitted')
    expect(submitted.rows.map((r) => [r.region, r.indicator])).toEqual([['320300', 'gdp']])
    // One indicator, one city: one cell.
    const one = await get(admin, 'year=2025&indicator=gdp&region=320300')
    expect(one.rows).toEqual([{ region: '320300', indicator: 'gdp', year: 2025, state: 'submitted', due: '2026-03-31', late: true }])
    // Before the due date nothing is late: 2026 figures are due in 2027.
    expect((await get(admin, 'year=2026&indicator=gdp')).totals).toMatchObject({ expected: 14, missing: 14, late: 0 })
  })

  it('shows a reporter only its own regions; another region is 403; viewers and visitors are refused', async () => {
    const own = await get(nanjing, `year=2025&section=${SECTION}`)
    expect(own.regions.map((r) => r.code)).toEqual(['320100'])
    expect(own.rows).toHaveLength(3)
    // The province counts its cities: the reporter gets its own city.
    expect((await get(nanjing, 'year=2025&indicator=gdp&region=320000')).rows.map((r) => r.region)).toEqual(['320100'])
    const other = await nanjing.req('GET', '/api/completeness?year=2025&region=320300', undefined, { 'accept-language': 'en' })
    expect(other.statusCode).toBe(403)
    expect(other.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'completeness.region_forbidden' })
    expect(other.body).toContain('320300')
    const viewer = await s.login('viewer1')
    expect((await viewer.req('GET', '/api/completeness?year=2025')).statusCode).toBe(403)
    expect((await s.app.inject({ method: 'GET', url: '/api/completeness?year=2025' })).statusCode).toBe(401)
    // A visitor is refused before the parameters are looked at.
    expect((await s.app.inject({ method: 'GET', url: '/api/completeness?year=nope' })).statusCode).toBe(401)
  })

  it('downloads the rows as CSV with a BOM and a header', async () => {
    const r = await reviewer.req('GET', `/api/completeness?year=2025&section=${SECTION}&format=csv`)
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['content-type']).toMatch(/^text\/csv/)
    expect(r.headers['content-disposition']).toContain('urbmon-completeness-2025.csv')
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const lines = r.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('region,regionName,indicator,indicatorName,unit,year,state,stateName,due,late')
    expect(lines).toHaveLength(43)
    expect(lines).toContain('320300,徐州市,gdp,地区生产总值,亿元,2025,submitted,已提交,2026-03-31,true')
  })

  it('answers 400 naming the parameter, in Chinese and English', async () => {
    for (const [query, field] of [
      ['year=20x5', 'year'],
      ['state=done', 'state'],
      ['late=maybe', 'late'],
      ['format=pdf', 'format'],
      [`section=${encodeURIComponent('十一')}`, 'section'],
      [`region=${encodeURIComponent('火星')}`, 'region'],
      ['indicator=no_such_thing', 'indicator'],
    ] as const) {
      const zh = await reviewer.req('GET', `/api/completeness?${query}`)
      expect(zh.statusCode, query).toBe(400)
      const e = zh.json<{ error: { code: string; message: string; messageEn: string } }>().error
      expect(e.code).toBe('http.bad_value')
      expect(e.message).toContain(field)
      expect(e.messageEn).toContain(field)
    }
  })

  it('shows a reviewer limited to some regions (two-level approval) only those', async () => {
    await new UserService(s.ctx, s.ctx.regions).create(
      { username: 'xz-reviewer', password: PASSWORD, role: 'reviewer', regions: ['320300'] },
      'test',
      FIXED_NOW.toISOString(),
      'test',
    )
    const city = await s.login('xz-reviewer')
    const c = await get(city, `year=2025&section=${SECTION}`)
    expect(c.regions.map((r) => r.code)).toEqual(['320300'])
    expect(c.totals).toEqual({ expected: 3, published: 0, approved: 0, submitted: 1, entered: 0, missing: 2, late: 1 })
    expect((await city.req('GET', '/api/completeness?year=2025&region=320100')).statusCode).toBe(403)
  })

  it('keeps a published figure published while a revision of it is a draft', async () => {
    const before = (await admin.req('GET', '/api/observations?indicator=gdp&region=320000&year=2025&view=current')).json<Array<{ version: number; status: string }>>()
    const version = before[0]?.version
    expect(before[0]?.status).toBe('published')
    const r = await admin.req('PUT', '/api/observations/gdp/320000/2025', { value: 130500, version })
    expect(r.statusCode, r.body).toBe(200)
    const c = await get(reviewer, 'year=2025&indicator=gdp&region=320000')
    expect(c.rows.find((x) => x.region === '320000')).toMatchObject({ state: 'published', late: false })
  })
})
