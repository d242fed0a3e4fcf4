/** Grouping aggregates for the map: computed from members, never from a subset, published-only for the public. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'

interface Aggregate {
  region: string
  value: number | null
  origin: string | null
  missing: string[]
  reason: string | null
}
interface Reply {
  indicator: string
  year: number
  published: boolean
  aggregates: Aggregate[]
}

// 苏中 = 南通 扬州 泰州
const SUZHONG: Array<[string, number]> = [
  ['320600', 11379.6],
  ['321000', 7423.26],
  ['321200', 6731.66],
]

describe.each(STORES)('aggregates on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let admin: Session
  let reviewer: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    admin = await s.login('admin1')
    reviewer = await s.login('reviewer1')
    reporter = await s.login('nanjing')
    for (const [region, value] of SUZHONG) {
      const put = await admin.req('PUT', `/api/observations/gdp/${region}/2023`, { value })
      expect(put.statusCode, put.body).toBe(200)
    }
  }, 60_000)
  afterAll(async () => {
    // Drop the stores even when the server never started.
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const get = async (who: Session | null, url: string) => (who ? who.req('GET', url) : s.app.inject({ method: 'GET', url }))
  const byRegion = (r: Reply) => new Map(r.aggregates.map((a) => [a.region, a]))

  it('sums a grouping whose members all have values, for signed-in users (drafts included)', async () => {
    const r = await get(reporter, '/api/aggregates?indicator=gdp&year=2023')
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json<Reply>()
    expect(body).toMatchObject({ indicator: 'gdp', year: 2023, published: false })
    const suzhong = byRegion(body).get('suzhong')!
    expect(suzhong.origin).toBe('aggregated')
    expect(suzhong.value).toBeCloseTo(11379.6 + 7423.26 + 6731.66, 6)
  })

  it('computes nothing from a subset of members, and names the members that are missing', async () => {
    const body = (await get(reporter, '/api/aggregates?indicator=gdp&year=2023')).json<Reply>()
    const yangtze = byRegion(body).get('yangtze-city-cluster')!
    expect(yangtze).toMatchObject({ value: null, reason: 'incomplete' })
    expect(yangtze.missing.sort()).toEqual(['320100', '320200', '320400', '320500', '321100'])
    // The plan's province is listed; provinces that metropolitan areas reach into are not.
    expect(body.aggregates[0]!.region).toBe('320000')
    expect(body.aggregates.some((a) => a.region === '340000')).toBe(false)
  })

  it('shows the public published values only', async () => {
    const before = byRegion((await get(null, '/api/aggregates?indicator=gdp&year=2023')).json<Reply>()).get('suzhong')!
    expect(before).toMatchObject({ value: null, reason: 'incomplete' })
    expect((await admin.req('POST', '/api/review/submit', { indicator: 'gdp', year: 2023 })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/approve', { indicator: 'gdp', year: 2023 })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/publish', { indicator: 'gdp', year: 2023 })).statusCode).toBe(200)
    const after = (await get(null, '/api/aggregates?indicator=gdp&year=2023')).json<Reply>()
    expect(after.published).toBe(true)
    expect(byRegion(after).get('suzhong')!.value).toBeCloseTo(25534.52, 6)
  })

  it('refuses an unknown indicator in the client language, and a bad year', async () => {
    const zh = await s.app.inject({ method: 'GET', url: '/api/aggregates?indicator=no_such_thing&year=2023', headers: { 'accept-language': 'zh-CN' } })
    const en = await s.app.inject({ method: 'GET', url: '/api/aggregates?indicator=no_such_thing&year=2023', headers: { 'accept-language': 'en' } })
    expect(zh.statusCode).toBe(422)
    expect(zh.json()).toMatchObject({ error: { code: 'indicator.unknown' } })
    expect(zh.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fff]/)
    expect(en.json<{ error: { message: string } }>().error.message).toMatch(/indicator/i)
    const bad = await s.app.inject({ method: 'GET', url: '/api/aggregates?indicator=gdp&year=20x3' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toMatchObject({ error: { code: 'validation.failed' } })
  })
})
