/**
 * The authorization matrix: every role × every write endpoint × own/other region, on SQLite and (when
 * URBMON_TEST_DATABASE_URL is set) PostgreSQL. Anonymous reads see published data only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { UserService } from '../../src/app/users.js'
import { asWho, multipart, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

type Who = 'anonymous' | 'viewer1' | 'reviewer1' | 'nanjing' | 'admin1' | 'eval1'
/** eval1: a third-party evaluator (issue 16), read-only on data whatever the region. */
const WHO: Who[] = ['anonymous', 'viewer1', 'reviewer1', 'nanjing', 'admin1', 'eval1']

describe.each(STORES)('authorization on $name', (store) => {
  let s: TestServer
  const sessions = new Map<Who, Session>()
  let year = 1990
  /** A fresh cell per case, so cases do not see each other's writes. */
  const nextYear = () => ++year

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    await new UserService(s.ctx, s.ctx.regions).create({ username: 'eval1', password: PASSWORD, role: 'evaluator', regions: [] }, 'test', new Date().toISOString(), 'test')
    for (const w of WHO) if (w !== 'anonymous') sessions.set(w, await s.login(w))
  }, 60_000)
  afterAll(async () => {
    // Drop the stores even when the server never started.
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const as = (who: Who, method: string, url: string, body?: unknown, headers?: Record<string, string>) => asWho(s, sessions)(who, method, url, body, headers)

  /** A draft cell in the given region, made by an admin, moved to `status`. */
  async function cell(region: string, status: 'draft' | 'submitted' | 'approved'): Promise<number> {
    const y = nextYear()
    const admin = sessions.get('admin1')!
    const put = await admin.req('PUT', `/api/observations/gdp/${region}/${y}`, { value: 100 })
    expect(put.statusCode, put.body).toBe(200)
    const id = put.json<{ id: number }>().id
    if (status !== 'draft') expect((await admin.req('POST', '/api/review/submit', { ids: [id] })).statusCode).toBe(200)
    if (status === 'approved') expect((await admin.req('POST', '/api/review/approve', { ids: [id] })).statusCode).toBe(200)
    return id
  }

  // Expected status per role for own region (南京 320100, the reporter's) and another (徐州 320300).
  const EXPECT: Record<string, Record<Who, [number, number]>> = {
    'PUT observation': { anonymous: [401, 401], viewer1: [403, 403], reviewer1: [403, 403], nanjing: [200, 403], admin1: [200, 200], eval1: [403, 403] },
    'POST import': { anonymous: [401, 401], viewer1: [403, 403], reviewer1: [403, 403], nanjing: [201, 403], admin1: [201, 201], eval1: [403, 403] },
    submit: { anonymous: [401, 401], viewer1: [403, 403], reviewer1: [403, 403], nanjing: [200, 403], admin1: [200, 200], eval1: [403, 403] },
    approve: { anonymous: [401, 401], viewer1: [403, 403], reviewer1: [200, 200], nanjing: [403, 403], admin1: [200, 200], eval1: [403, 403] },
    publish: { anonymous: [401, 401], viewer1: [403, 403], reviewer1: [200, 200], nanjing: [403, 403], admin1: [200, 200], eval1: [403, 403] },
    return: { anonymous: [401, 401], viewer1: [403, 403], reviewer1: [200, 200], nanjing: [403, 403], admin1: [200, 200], eval1: [403, 403] },
    // The survey of a city run elsewhere: provincial reviewers and admins (issue 16).
    'POST survey import': { anonymous: [401, 401], viewer1: [403, 403], reviewer1: [201, 201], nanjing: [403, 403], admin1: [201, 201], eval1: [403, 403] },
  }

  const cases = Object.entries(EXPECT).flatMap(([action, byWho]) =>
    WHO.flatMap((who) => (['320100', '320300'] as const).map((region, i) => ({ action, who, region, expected: byWho[who][i]! }))),
  )

  it.each(cases)('$action by $who in $region → $expected', async ({ action, who, region, expected }) => {
    let r
    if (action === 'PUT observation') r = await as(who, 'PUT', `/api/observations/gdp/${region}/${nextYear()}`, { value: 1234.5 })
    else if (action === 'POST import') {
      const m = multipart('gdp.csv', `indicator,region,year,value,unit\ngdp,${region},${nextYear()},4321,亿元\n`)
      r = await as(who, 'POST', '/api/imports', m.payload, m.headers)
    } else if (action === 'POST survey import') {
      const m = multipart('survey.csv', `region,settle_in,housing,commute,environment,public_services,safety,rural_services,residence\n${region},4,4,4,4,4,4,4,urban\n`)
      r = await as(who, 'POST', '/api/surveys/jiangsu-satisfaction/import', m.payload, m.headers)
    } else {
      const from = action === 'submit' ? 'draft' : action === 'publish' ? 'approved' : 'submitted'
      const id = await cell(region, from)
      r = await as(who, 'POST', `/api/review/${action}`, { ids: [id], ...(action === 'return' ? { comment: '请核对来源' } : {}) })
    }
    expect(r.statusCode, r.body).toBe(expected)
    if (expected >= 400) {
      const body = r.json<{ error?: { code: string }; files?: Array<{ errors: Array<{ code: string }> }> }>()
      // Refusals are { error: { code } }; an import names the refused region in its report, row by row.
      expect(body.error?.code ?? body.files?.[0]?.errors[0]?.code).toMatch(/^auth\.|^ingest\.region_forbidden$/)
    }
  })

  it.each([
    ['POST', '/api/users', { username: 'new1', password: 'long-enough-pw', role: 'viewer' }],
    ['PATCH', '/api/users/viewer1', { disabled: false }],
  ] as const)('only an admin may %s %s', async (method, url, body) => {
    const codes: Record<string, number> = {}
    for (const who of WHO) codes[who] = (await as(who, method, url, body)).statusCode
    expect(codes).toEqual({ anonymous: 401, viewer1: 403, reviewer1: 403, nanjing: 403, admin1: method === 'POST' ? 201 : 200, eval1: 403 })
  })

  it('shows the audit log to admins and reviewers only, and history to signed-in users only', async () => {
    const audit: Record<string, number> = {}
    const history: Record<string, number> = {}
    for (const who of WHO) {
      audit[who] = (await as(who, 'GET', '/api/audit')).statusCode
      history[who] = (await as(who, 'GET', '/api/history?indicator=gdp&region=320100&year=2020')).statusCode
    }
    expect(audit).toEqual({ anonymous: 401, viewer1: 403, reviewer1: 200, nanjing: 403, admin1: 200, eval1: 403 })
    expect(history).toEqual({ anonymous: 401, viewer1: 200, reviewer1: 200, nanjing: 200, admin1: 200, eval1: 200 })
  })

  it('never shows unpublished values to anonymous users', async () => {
    const id = await cell('320100', 'approved')
    const y = year
    const anon = await as('anonymous', 'GET', `/api/observations?indicator=gdp&region=320100&year=${y}`)
    expect(anon.statusCode).toBe(200)
    expect(anon.json()).toEqual([])
    expect((await as('anonymous', 'GET', `/api/observations?status=draft`)).statusCode).toBe(401)
    const csv = await as('anonymous', 'GET', `/api/export?format=csv&year=${y}`)
    expect(csv.body.trim().split('\n')).toHaveLength(1) // header only
    const viewer = await as('viewer1', 'GET', `/api/observations?indicator=gdp&region=320100&year=${y}`)
    expect(viewer.json<unknown[]>().length).toBe(1)
    expect((await sessions.get('admin1')!.req('POST', '/api/review/publish', { ids: [id] })).statusCode).toBe(200)
    const after = await as('anonymous', 'GET', `/api/observations?indicator=gdp&region=320100&year=${y}`)
    expect(after.json<Array<{ value: number }>>().map((o) => o.value)).toEqual([100])
  })
})
