/** Two-level approval (plan option workflow.approvalLevels: 2): the city approves its counties, then the province; each level locks what it approved. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { multipart, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

interface ErrorBody {
  error: { code: string; message: string; messageEn: string }
}

describe.each(STORES)('two-level approval on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let city: Session
  let otherCity: Session
  let province: Session
  let admin: Session

  const put = async (region: string, year: number, value: number, version?: number) =>
    reporter.req('PUT', `/api/observations/gdp/${region}/${year}`, { value, ...(version ? { version } : {}) })
  const statusOf = async (region: string, year: number) =>
    (await reporter.req('GET', `/api/observations?indicator=gdp&region=${region}&year=${year}`)).json<Array<{ status: string; version: number }>>()[0]
  const queueIds = async (who: Session) => (await who.req('GET', '/api/review/queue')).json<Array<{ id: number; status: string }>>()

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    // The option on the context: the Jiangsu plan itself keeps one level.
    expect(s.ctx.plan.workflow.approvalLevels).toBe(1)
    Object.assign(s.ctx, { plan: { ...s.ctx.plan, workflow: { approvalLevels: 2 } } })
    const users = new UserService(s.ctx, s.ctx.regions)
    for (const [username, region] of [
      ['nj_reviewer', '320100'],
      ['xz_reviewer', '320300'],
    ] as const) {
      await users.create({ username, password: PASSWORD, role: 'reviewer', regions: [region] }, 'test', FIXED_NOW.toISOString(), 'test')
    }
    reporter = await s.login('nanjing')
    city = await s.login('nj_reviewer')
    otherCity = await s.login('xz_reviewer')
    province = await s.login('reviewer1')
    admin = await s.login('admin1')
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it("walks a county's value: city approves (locks the reporter), province approves (locks the city), province publishes", async () => {
    const created = await put('320102', 2024, 120.5)
    const id = created.json<{ id: number }>().id
    expect((await reporter.req('POST', '/api/review/submit', { ids: [id] })).statusCode).toBe(200)

    // Waiting for the city: in the city's queue, not the province's nor another city's.
    expect((await queueIds(city)).map((q) => q.id)).toContain(id)
    expect((await queueIds(province)).map((q) => q.id)).not.toContain(id)
    expect((await queueIds(otherCity)).map((q) => q.id)).not.toContain(id)

    // Another city may not approve it; the province may not approve before the city.
    const foreign = await otherCity.req('POST', '/api/review/approve', { ids: [id] })
    expect(foreign.statusCode).toBe(403)
    expect(foreign.json<ErrorBody>().error.code).toBe('workflow.region_forbidden')
    const early = await province.req('POST', '/api/review/approve', { ids: [id] })
    expect(early.statusCode).toBe(409)
    expect(early.json<ErrorBody>().error.code).toBe('workflow.awaits_city')

    expect((await city.req('POST', '/api/review/approve', { ids: [id] })).statusCode).toBe(200)
    expect(await statusOf('320102', 2024)).toMatchObject({ status: 'approved_local' })

    // Locked against the reporter, with a message naming the cell and who holds it.
    const edit = await put('320102', 2024, 121, (await statusOf('320102', 2024))?.version)
    expect(edit.statusCode).toBe(409)
    const locked = edit.json<ErrorBody>().error
    expect(locked.code).toBe('workflow.locked')
    expect(locked.message).toContain('玄武区')
    expect(locked.message).toContain('地区生产总值')
    expect(locked.message).toContain('城市')
    expect(locked.messageEn).toContain('city')

    // The city may not publish; the province sees it now and approves it.
    const cityPublish = await city.req('POST', '/api/review/publish', { ids: [id] })
    expect(cityPublish.statusCode).toBe(403)
    expect(cityPublish.json<ErrorBody>().error.code).toBe('workflow.province_only')
    expect((await queueIds(province)).find((q) => q.id === id)).toMatchObject({ status: 'approved_local' })
    expect((await province.req('POST', '/api/review/approve', { ids: [id] })).statusCode).toBe(200)
    expect(await statusOf('320102', 2024)).toMatchObject({ status: 'approved' })

    // Locked against the city: it cannot return it any more; the reporter is still locked out.
    const cityReturn = await city.req('POST', '/api/review/return', { ids: [id], comment: '再核对' })
    expect(cityReturn.statusCode).toBe(409)
    expect(cityReturn.json<ErrorBody>().error).toMatchObject({ code: 'workflow.locked' })
    expect(cityReturn.json<ErrorBody>().error.message).toContain('省级')
    expect((await put('320102', 2024, 121, (await statusOf('320102', 2024))?.version)).statusCode).toBe(409)
    expect((await queueIds(city)).map((q) => q.id)).not.toContain(id)

    expect((await province.req('POST', '/api/review/publish', { ids: [id] })).statusCode).toBe(200)
    expect(await statusOf('320102', 2024)).toMatchObject({ status: 'published' })

    // Every step audited, with its level.
    const audit = (await admin.req('GET', '/api/audit?indicator=gdp&region=320102')).json<
      Array<{ action: string; actor: string; oldStatus: string | null; newStatus: string | null; detail: { level?: string } | null }>
    >()
    const steps = audit
      .filter((a) => a.action !== 'observation.create')
      .reverse()
      .map((a) => [a.action, a.actor, a.newStatus, a.detail?.level ?? null])
    expect(steps).toEqual([
      ['observation.submit', 'nanjing', 'submitted', null],
      ['observation.approve', 'nj_reviewer', 'approved_local', 'city'],
      ['observation.approve', 'reviewer1', 'approved', 'province'],
      ['observation.publish', 'reviewer1', 'published', 'province'],
    ])
  })

  it("a city's own value skips the city level", async () => {
    const id = (await put('320100', 2024, 18000)).json<{ id: number }>().id
    await reporter.req('POST', '/api/review/submit', { ids: [id] })
    expect((await queueIds(city)).map((q) => q.id)).not.toContain(id)
    expect((await queueIds(province)).map((q) => q.id)).toContain(id)
    const byCity = await city.req('POST', '/api/review/approve', { ids: [id] })
    expect(byCity.statusCode).toBe(403)
    expect(byCity.json<ErrorBody>().error.code).toBe('workflow.province_only')
    expect((await province.req('POST', '/api/review/approve', { ids: [id] })).statusCode).toBe(200)
    expect(await statusOf('320100', 2024)).toMatchObject({ status: 'approved' })
  })

  it('the city returns what it approved, and the reporter may edit it again', async () => {
    const id = (await put('320104', 2024, 80)).json<{ id: number }>().id
    await reporter.req('POST', '/api/review/submit', { ids: [id] })
    expect((await city.req('POST', '/api/review/approve', { ids: [id] })).statusCode).toBe(200)
    const ret = await city.req('POST', '/api/review/return', { ids: [id], comment: '与区统计公报不符' })
    expect(ret.statusCode, ret.body).toBe(200)
    const cell = await statusOf('320104', 2024)
    expect(cell).toMatchObject({ status: 'returned' })
    expect((await put('320104', 2024, 81, cell?.version)).statusCode).toBe(200)
    const audit = (await admin.req('GET', '/api/audit?indicator=gdp&region=320104')).json<Array<{ action: string; detail: { level?: string; comment?: string } | null }>>()
    expect(audit.find((a) => a.action === 'observation.return')?.detail).toEqual({ comment: '与区统计公报不符', level: 'city' })
  })

  it('a filter selection moves what the reviewer may move and reports the rest', async () => {
    const id = (await put('320105', 2024, 60)).json<{ id: number }>().id
    await reporter.req('POST', '/api/review/submit', { ids: [id] })
    const r = await province.req('POST', '/api/review/approve', { region: '320105', year: 2024 })
    expect(r.json()).toMatchObject({ changed: 0, skipped: [{ id, reason: 'awaits_city' }] })
  })

  it('a file may not change a value the city approved either', async () => {
    const file = (value: number) => multipart('xuanwu.csv', `indicator,region,year,value,unit\ngdp,玄武区,2023,${value},亿元\n`)
    const first = file(1500)
    expect((await reporter.req('POST', '/api/imports', first.payload, first.headers)).statusCode).toBe(201)
    const cell = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320102&year=2023')).json<Array<{ id?: number; source: string }>>()
    expect(cell[0]?.source).toBe('xuanwu.csv')
    expect((await reporter.req('POST', '/api/review/submit', { region: '320102', year: 2023 })).json()).toMatchObject({ changed: 1 })
    expect((await city.req('POST', '/api/review/approve', { region: '320102', year: 2023 })).json()).toMatchObject({ changed: 1 })
    const again = file(1600)
    const r = await reporter.req('POST', '/api/imports', again.payload, again.headers)
    expect(r.statusCode).toBe(422)
    const error = r.json<{ files: Array<{ errors: Array<{ code: string; row: number; message: string }> }> }>().files[0]?.errors[0]
    expect(error).toMatchObject({ code: 'workflow.locked', row: 2 })
    expect(error?.message).toContain('玄武区')
  })
})
