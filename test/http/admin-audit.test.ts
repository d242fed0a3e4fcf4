/** The audit log's filters (entity, until, before), its CSV export, and who may read it (issue 15). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type TestServer } from '../helpers/server.js'

interface Entry {
  id: number
  at: string
  actor: string
  action: string
  entity: string
  entityId: string | null
}

describe.each(STORES)('the audit log on $name', (store) => {
  let s: TestServer
  beforeAll(async () => {
    s = await testServer(await store.fresh())
    const admin = await s.login('admin1')
    // Three changes by admin1, in this order: a user created, disabled, a token created.
    expect(
      (await admin.req('POST', '/api/users', { username: 'zhang.san', password: 'Qx7-harbour-lantern', role: 'reporter', regions: ['320100'], department: '南京市统计局' }))
        .statusCode,
    ).toBe(201)
    expect((await admin.req('PATCH', '/api/users/zhang.san', { disabled: true })).statusCode).toBe(200)
    expect((await admin.req('POST', '/api/tokens', { name: 'a, "quoted" =name' })).statusCode).toBe(200)
  })
  afterAll(async () => {
    await s.close()
    await dropFreshStores()
  })

  it('filters by actor and entity, newest first, and pages on with before', async () => {
    const admin = await s.login('admin1')
    const all = (await admin.req('GET', '/api/audit?actor=admin1')).json<Entry[]>()
    expect(all.map((e) => e.action)).toEqual(['token.create', 'user.disable', 'user.create'])
    // A token is recorded against its owner (entity user).
    expect((await admin.req('GET', '/api/audit?actor=admin1&entity=user')).json<Entry[]>()).toHaveLength(3)
    expect((await admin.req('GET', '/api/audit?actor=admin1&entity=observation')).json<Entry[]>()).toHaveLength(0)
    expect((await admin.req('GET', '/api/audit?actor=admin1&action=user.disable')).json<Entry[]>().map((e) => e.entityId)).toEqual(['zhang.san'])
    const first = (await admin.req('GET', '/api/audit?actor=admin1&limit=1')).json<Entry[]>()
    expect(first.map((e) => e.action)).toEqual(['token.create'])
    const next = (await admin.req('GET', `/api/audit?actor=admin1&limit=1&before=${first[0]?.id}`)).json<Entry[]>()
    expect(next.map((e) => e.action)).toEqual(['user.disable'])
  })

  it('until a bare date includes that day; until before it excludes everything', async () => {
    const admin = await s.login('admin1')
    const all = (await admin.req('GET', '/api/audit?actor=admin1')).json<Entry[]>()
    const day = all[0]?.at.slice(0, 10) ?? ''
    expect((await admin.req('GET', `/api/audit?actor=admin1&until=${day}`)).json<Entry[]>()).toHaveLength(3)
    expect((await admin.req('GET', `/api/audit?actor=admin1&until=${day}T00:00:00.000Z`)).json<Entry[]>()).toHaveLength(0)
  })

  it('exports the filtered log as CSV with a BOM, quoted and formula-safe', async () => {
    const reviewer = await s.login('reviewer1')
    const r = await reviewer.req('GET', '/api/audit?actor=admin1&format=csv')
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/^text\/csv/)
    expect(r.headers['content-disposition']).toContain('attachment')
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const lines = r.rawPayload.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]).toBe('id,at,actor,action,entity,entityId,indicator,region,period,source,oldValue,newValue,oldStatus,newStatus,origin,detail')
    expect(lines.filter((l) => l !== '')).toHaveLength(4)
    expect(lines[1]?.split(',').slice(2, 5)).toEqual(['admin1', 'token.create', 'user'])
    // By hand: the detail is {"name":"a, \"quoted\" =name"} as JSON, then quoted for CSV with every " doubled.
    expect(lines[1]?.replace(/^\d+,/, '')).toBe('2026-01-01T00:00:00.000Z,admin1,token.create,user,admin1,,,,,,,,,http:127.0.0.1,"{""name"":""a, \\""quoted\\"" =name""}"')
    expect(lines[3]).toContain(',admin1,user.create,user,zhang.san,')
  })

  it('refuses the log to a reporter and a viewer, and the user admin to a reviewer', async () => {
    for (const who of ['nanjing', 'viewer1']) {
      const u = await s.login(who)
      expect((await u.req('GET', '/api/audit')).statusCode).toBe(403)
      expect((await u.req('GET', '/api/audit?format=csv')).statusCode).toBe(403)
    }
    const reviewer = await s.login('reviewer1')
    expect((await reviewer.req('GET', '/api/users')).statusCode).toBe(403)
    expect((await reviewer.req('PATCH', '/api/users/zhang.san', { disabled: false })).statusCode).toBe(403)
    expect((await s.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401)
  })

  it('PATCH changes display name, regions and department, validated and audited', async () => {
    const admin = await s.login('admin1')
    const ok = await admin.req('PATCH', '/api/users/zhang.san', { displayName: '张三', regions: ['320100', '320300'], department: '统计处' })
    expect(ok.statusCode).toBe(200)
    const u = (await admin.req('GET', '/api/users'))
      .json<Array<{ username: string; displayName: string; regions: string[]; department: string | null }>>()
      .find((x) => x.username === 'zhang.san')
    expect(u).toMatchObject({ displayName: '张三', regions: ['320100', '320300'], department: '统计处' })
    const [entry] = (await admin.req('GET', '/api/audit?action=user.set_profile')).json<Array<Entry & { detail: unknown }>>()
    expect(entry).toMatchObject({
      actor: 'admin1',
      entityId: 'zhang.san',
      detail: {
        from: { displayName: 'zhang.san', regions: ['320100'], department: '南京市统计局' },
        to: { displayName: '张三', regions: ['320100', '320300'], department: '统计处' },
      },
    })
    // An unknown region is refused, naming it; a reporter cannot be left with neither regions nor a department.
    const bad = await admin.req('PATCH', '/api/users/zhang.san', { regions: ['999999'] })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('999999')
    expect((await admin.req('PATCH', '/api/users/zhang.san', { regions: [], department: null })).statusCode).toBe(422)
    expect((await admin.req('PATCH', '/api/users/nobody', { department: 'x' })).statusCode).toBe(404)
    const reviewer = await s.login('reviewer1')
    expect((await reviewer.req('PATCH', '/api/users/zhang.san', { department: 'x' })).statusCode).toBe(403)
  })
})
