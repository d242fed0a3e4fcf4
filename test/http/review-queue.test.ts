/** The review queue beside each value: the year before, the growth, filters, and bulk steps that are all-or-nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

interface Item {
  id: number
  indicator: string
  region: string
  year: number
  value: number
  status: string
  previous: { year: number; value: number; status: string; source: string; basis: string } | null
  growth: number | null
  growthPoints: number | null
}

describe.each(STORES)('review queue on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let xuzhou: Session
  let reviewer: Session
  const ids: Record<string, number> = {}

  const put = async (who: Session, indicator: string, region: string, year: number, value: number) => {
    const r = await who.req('PUT', `/api/observations/${indicator}/${region}/${year}`, { value })
    expect(r.statusCode, r.body).toBe(200)
    const id = r.json<{ id: number }>().id
    ids[`${indicator}/${region}/${year}`] = id
    return id
  }
  const queue = async (query = '', who: Session = reviewer) => {
    const r = await who.req('GET', `/api/review/queue${query}`)
    expect(r.statusCode, r.body).toBe(200)
    return r.json<Item[]>()
  }

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    await new UserService(s.ctx, s.ctx.regions).create(
      { username: 'nj_reviewer', password: PASSWORD, role: 'reviewer', regions: ['320100'] },
      'test',
      FIXED_NOW.toISOString(),
      'test',
    )
    reporter = await s.login('nanjing')
    xuzhou = await s.login('xuzhou')
    reviewer = await s.login('reviewer1')
    // GDP of Nanjing: 2023 published, 2024 in review.
    const gdp23 = await put(reporter, 'gdp', '320100', 2023, 17421.4)
    await reporter.req('POST', '/api/review/submit', { ids: [gdp23] })
    await reviewer.req('POST', '/api/review/approve', { ids: [gdp23] })
    await reviewer.req('POST', '/api/review/publish', { ids: [gdp23] })
    // Urbanisation rate (%): 2023 only a draft, 2024 in review.
    await put(reporter, 'urbanization_rate', '320100', 2023, 87)
    // A county with a year before of 0, and Xuzhou with no year before.
    await put(reporter, 'gdp', '320102', 2023, 0)
    const submit = [
      await put(reporter, 'gdp', '320100', 2024, 18000),
      await put(reporter, 'urbanization_rate', '320100', 2024, 87.6),
      await put(reporter, 'gdp', '320102', 2024, 5),
    ]
    expect((await reporter.req('POST', '/api/review/submit', { ids: submit })).statusCode).toBe(200)
    const xz = await put(xuzhou, 'gdp', '320300', 2024, 9000)
    expect((await xuzhou.req('POST', '/api/review/submit', { ids: [xz] })).statusCode).toBe(200)
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('shows the year before and the growth, against hand calculations', async () => {
    const q = await queue()
    const byKey = new Map(q.map((i) => [`${i.indicator}/${i.region}/${i.year}`, i]))
    // (18000 − 17421.4) / 17421.4 = 578.6 / 17421.4 = 3.3212 %
    const gdp = byKey.get('gdp/320100/2024')
    expect(gdp?.previous).toMatchObject({ year: 2023, value: 17421.4, status: 'published', basis: 'published' })
    expect(gdp?.growth).toBeCloseTo(3.3212, 3)
    expect(gdp?.growthPoints).toBeNull()
    // (87.6 − 87) / 87 = 0.6897 %; 0.6 percentage points. The 2023 value was never published: its current value.
    const rate = byKey.get('urbanization_rate/320100/2024')
    expect(rate?.previous).toMatchObject({ year: 2023, value: 87, status: 'draft', basis: 'current' })
    expect(rate?.growth).toBeCloseTo(0.6897, 3)
    expect(rate?.growthPoints).toBeCloseTo(0.6, 9)
    // The year before is 0: no growth rate.
    expect(byKey.get('gdp/320102/2024')).toMatchObject({ previous: { value: 0 }, growth: null })
    // No year before.
    expect(byKey.get('gdp/320300/2024')).toMatchObject({ previous: null, growth: null, growthPoints: null })
  })

  it('reads the year before in one query for the whole queue', async () => {
    const repo = s.ctx.observations
    const original = repo.find.bind(repo)
    let calls = 0
    repo.find = (f) => {
      calls++
      return original(f)
    }
    try {
      expect((await queue()).length).toBe(4)
    } finally {
      repo.find = original
    }
    expect(calls).toBe(1)
  })

  it('filters by region (with its children), indicator, year and status', async () => {
    const keys = (q: Item[]) => q.map((i) => `${i.indicator}/${i.region}/${i.year}`).sort()
    expect(keys(await queue('?region=320100'))).toEqual(['gdp/320100/2024', 'gdp/320102/2024', 'urbanization_rate/320100/2024'])
    expect(keys(await queue(`?region=${encodeURIComponent('玄武区')}`))).toEqual(['gdp/320102/2024'])
    expect(keys(await queue('?indicator=urbanization_rate'))).toEqual(['urbanization_rate/320100/2024'])
    expect(keys(await queue('?year=2023'))).toEqual([])
    expect((await queue('?year=2024&status=submitted')).length).toBe(4)
    expect(await queue('?status=approved')).toEqual([])
    expect((await queue('?flag=none')).length).toBe(4)
  })

  it('refuses a bad filter with 400 naming the field', async () => {
    for (const [query, field] of [
      ['?region=nowhere', 'region'],
      ['?indicator=nothing', 'indicator'],
      ['?year=20x4', 'year'],
      ['?status=draft', 'status'],
      ['?flag=maybe', 'flag'],
    ] as const) {
      const r = await reviewer.req('GET', `/api/review/queue${query}`)
      expect(r.statusCode, query).toBe(400)
      const body = r.json<{ error: { code: string; message: string; messageEn: string } }>()
      expect(body.error.code).toBe('http.bad_value')
      expect(body.error.messageEn).toContain(field)
      expect(body.error.message).toContain(field)
    }
  })

  it('a reviewer limited to a city sees and acts on its regions only', async () => {
    const nj = await s.login('nj_reviewer')
    const q = await queue('', nj)
    expect(q.map((i) => i.region).sort()).toEqual(['320100', '320100', '320102'])
    const r = await nj.req('POST', '/api/review/approve', { ids: [ids['gdp/320300/2024']] })
    expect(r.statusCode).toBe(403)
    expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'workflow.region_forbidden' })
    expect(r.json<{ error: { message: string } }>().error.message).toContain('徐州')
  })

  it('bulk steps are all-or-nothing for ticked rows', async () => {
    const draft = ids['urbanization_rate/320100/2023']
    const ticked = [ids['gdp/320100/2024'], ids['urbanization_rate/320100/2024']]
    const mixed = await reviewer.req('POST', '/api/review/approve', { ids: [...ticked, draft] })
    expect(mixed.statusCode).toBe(409)
    expect((await queue('?status=approved')).length).toBe(0)

    const ok = await reviewer.req('POST', '/api/review/approve', { ids: ticked })
    expect(ok.json()).toMatchObject({ changed: 2 })
    // A return of one with a comment; then publish the rest in bulk.
    const ret = await reviewer.req('POST', '/api/review/return', { ids: [ids['urbanization_rate/320100/2024']], comment: '请核对常住人口' })
    expect(ret.json()).toMatchObject({ changed: 1 })
    const pub = await reviewer.req('POST', '/api/review/publish', { ids: [ids['gdp/320100/2024']] })
    expect(pub.json()).toMatchObject({ changed: 1 })
    const anon = await s.app.inject({ method: 'GET', url: '/api/observations?indicator=gdp&region=320100&year=2024' })
    expect(anon.json<Array<{ value: number }>>().map((o) => o.value)).toEqual([18000])
  })
})
