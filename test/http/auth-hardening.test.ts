/**
 * Issue 19, authentication and scope: the sign-in throttle under a concurrent burst (over loopback inject, with
 * the hash verifications counted by a spy), behind proxies, across a restart; API tokens revoked one by one and
 * with a new password; the password policy; user names ignoring case; the last admin; region scope on task
 * reports; the 413 message; grouping codes as region arguments. On SQLite, and on PostgreSQL when configured.
 */
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { openContext } from '../../src/app/context.js'
import { UserService } from '../../src/app/users.js'
import { buildServer } from '../../src/http/server.js'
import { parseTrustProxy } from '../../src/cli/commands/start.js'
import { PER_USER_AND_ADDRESS } from '../../src/http/login-throttle.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { multipart, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

type ErrorReply = { error: { code: string; message: string; messageEn: string; details: Record<string, unknown> } }
const errorOf = (r: LightMyRequestResponse) => r.json<ErrorReply>().error

const BURST = 1000

describe.each(STORES)('authentication hardened on $name', (store) => {
  let s: TestServer
  let admin: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    const users = new UserService(s.ctx, s.ctx.regions)
    for (const username of ['burst1', 'burst2', 'proxied', 'restart', 'tokens', 'changer']) {
      await users.create({ username, password: PASSWORD, role: 'viewer' }, 'test', FIXED_NOW.toISOString(), 'test')
    }
    admin = await s.login('admin1')
  }, 60_000)
  afterAll(async () => {
    await s.close()
    await dropFreshStores()
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  const signIn = (app: TestServer['app'], username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress, headers })

  it(`a concurrent burst of ${BURST} wrong passwords checks at most the allowance of ${PER_USER_AND_ADDRESS} hashes`, async () => {
    const verify = vi.spyOn(UserService.prototype, 'verify')
    const replies = await Promise.all(Array.from({ length: BURST }, (_, i) => signIn(s.app, 'burst1', `wrong-guess-${i}`, '198.51.100.1')))
    expect(verify.mock.calls.length).toBeLessThanOrEqual(PER_USER_AND_ADDRESS)
    const codes = replies.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 401)).toHaveLength(PER_USER_AND_ADDRESS)
    expect(codes.filter((c) => c === 429)).toHaveLength(BURST - PER_USER_AND_ADDRESS)
    const refused = replies.find((r) => r.statusCode === 429)!
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    const e = errorOf(refused)
    expect(e.code).toBe('auth.throttled')
    expect(e.message).toMatch(/\d+ 秒/)
    expect(e.messageEn).toMatch(/try again in \d+ seconds/)
  }, 120_000)

  it('a burst with the right password inside it does not sign in once the account is locked', async () => {
    const verify = vi.spyOn(UserService.prototype, 'verify')
    const replies = await Promise.all(Array.from({ length: 500 }, (_, i) => signIn(s.app, 'burst2', i === 250 ? PASSWORD : `wrong-guess-${i}`, '198.51.100.2')))
    expect(verify.mock.calls.length).toBeLessThanOrEqual(PER_USER_AND_ADDRESS)
    expect(replies.filter((r) => r.statusCode === 200)).toHaveLength(0)
    expect(replies[250]!.statusCode).toBe(429)
  }, 120_000)

  it('rotating X-Forwarded-For is ignored unless it comes from a listed proxy, so the guesses stay throttled', async () => {
    const behindProxy = await buildServer({ ctx: s.ctx, now: () => FIXED_NOW, trustProxy: ['10.9.9.9'] })
    try {
      // A client talking to us directly is not the listed proxy: its X-Forwarded-For is not believed.
      const spoofed = await Promise.all(
        Array.from({ length: 200 }, (_, i) => signIn(behindProxy, 'proxied', `wrong-${i}`, '203.0.113.9', { 'x-forwarded-for': `192.0.2.${i % 250}` })),
      )
      expect(spoofed.filter((r) => r.statusCode !== 429)).toHaveLength(PER_USER_AND_ADDRESS)
      // Through the real proxy, which appends the client's address: the entries the client wrote before it do not count.
      const viaProxy = await Promise.all(
        Array.from({ length: 100 }, (_, i) => signIn(behindProxy, 'proxied', `wrong-${i}`, '10.9.9.9', { 'x-forwarded-for': `192.0.2.${i % 250}, 198.51.100.77` })),
      )
      expect(viaProxy.filter((r) => r.statusCode !== 429)).toHaveLength(PER_USER_AND_ADDRESS)
      // Another client behind the same proxy is its own address, not locked out by the first.
      expect((await signIn(behindProxy, 'proxied', PASSWORD, '10.9.9.9', { 'x-forwarded-for': '198.51.100.78' })).statusCode).toBe(200)
    } finally {
      await behindProxy.close()
    }
  }, 120_000)

  it('--trust-proxy takes proxy addresses, never "everyone"', () => {
    expect(parseTrustProxy('10.9.9.9, 10.1.0.0/16,loopback')).toEqual(['10.9.9.9', '10.1.0.0/16', 'loopback'])
    expect(parseTrustProxy('::1,fd00::/8')).toEqual(['::1', 'fd00::/8'])
    for (const bad of ['', 'true', '1', '*', '10.0.0.1/33', '10.0.0.300', '0.0.0.0/0/1'])
      expect(() => parseTrustProxy(bad), bad).toThrow(expect.objectContaining({ code: 'cli.usage' }))
  })

  it('the throttle survives a restart of the server on the same store', async () => {
    for (let i = 0; i < PER_USER_AND_ADDRESS; i++) expect((await signIn(s.app, 'restart', `wrong-${i}`, '198.51.100.3')).statusCode).toBe(401)
    const ctx = await openContext(s.target)
    const restarted = await buildServer({ ctx, now: () => FIXED_NOW })
    try {
      const r = await signIn(restarted, 'restart', PASSWORD, '198.51.100.3')
      expect(r.statusCode).toBe(429)
      // Another address is not locked out: the lock is on this address and name.
      expect((await signIn(restarted, 'restart', PASSWORD, '198.51.100.4')).statusCode).toBe(200)
    } finally {
      await restarted.close()
      await ctx.close()
    }
  })

  it('revokes one API token, and all of them (and the sessions) when an admin resets the password', async () => {
    const owner = await s.login('tokens')
    const make = async (name: string) => (await owner.req('POST', '/api/tokens', { name })).json<{ token: string }>().token
    const [first, second, third] = [await make('ETL'), await make('backup'), await make('report')]
    const asToken = (token: string) => s.app.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${token}` } })
    const listed = (await owner.req('GET', '/api/tokens')).json<Array<{ id: number; name: string; revokedAt: string | null }>>()
    expect(listed.map((t) => t.name)).toEqual(['ETL', 'backup', 'report'])
    expect(JSON.stringify(listed)).not.toContain(first)

    expect((await owner.req('DELETE', `/api/tokens/${listed[0]!.id}`)).statusCode).toBe(200)
    expect((await asToken(first)).statusCode).toBe(401)
    expect((await asToken(second)).statusCode).toBe(200)
    // Someone else's token is not yours to revoke, and says so without telling whether it exists.
    const other = await s.login('viewer1')
    const notYours = await other.req('DELETE', `/api/tokens/${listed[1]!.id}`)
    expect(notYours.statusCode).toBe(404)
    expect(errorOf(notYours).code).toBe('token.not_found')
    expect((await asToken(second)).statusCode).toBe(200)
    // An admin revokes one of another account's tokens.
    expect((await admin.req('DELETE', `/api/users/tokens/tokens/${listed[1]!.id}`)).statusCode).toBe(200)
    expect((await asToken(second)).statusCode).toBe(401)

    expect((await admin.req('PATCH', '/api/users/tokens', { password: 'Fresh-Start-Winter-7' })).statusCode).toBe(200)
    expect((await asToken(third)).statusCode).toBe(401)
    // The reset ended the owner's browser session: the probe now answers as for an anonymous visitor.
    const ended = await owner.req('GET', '/api/session')
    expect([ended.statusCode, ended.json<{ user: unknown }>().user]).toEqual([200, null])
    const audit = (await admin.req('GET', '/api/audit?action=token.revoke')).json<Array<{ entityId: string }>>()
    expect(audit.map((a) => a.entityId)).toEqual(['tokens', 'tokens'])
  })

  it('a user changing its own password checks the current one and ends its sessions and tokens', async () => {
    const me = await s.login('changer')
    const token = (await me.req('POST', '/api/tokens', { name: 'cli' })).json<{ token: string }>().token
    const wrong = await me.req('POST', '/api/account/password', { currentPassword: 'not-it-at-all', password: 'Quiet-Harbour-Lamp-42' })
    expect(wrong.statusCode).toBe(401)
    const weak = await me.req('POST', '/api/account/password', { currentPassword: PASSWORD, password: 'changer2026!' })
    expect(weak.statusCode).toBe(422)
    expect(errorOf(weak).details).toMatchObject({ reason: 'password_username' })
    const ok = await me.req('POST', '/api/account/password', { currentPassword: PASSWORD, password: 'Quiet-Harbour-Lamp-42' })
    expect(ok.statusCode).toBe(200)
    const ended = await me.req('GET', '/api/session')
    expect([ended.statusCode, ended.json<{ user: unknown }>().user]).toEqual([200, null])
    expect((await s.app.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
    expect((await signIn(s.app, 'changer', 'Quiet-Harbour-Lamp-42', '198.51.100.5')).statusCode).toBe(200)
  })

  it('refuses weak passwords, naming the rule in both languages', async () => {
    const create = (username: string, password: string) => admin.req('POST', '/api/users', { username, password, role: 'viewer' })
    const cases: Array<[string, string, string]> = [
      ['weak1', 'aaaaaaaaaa', 'password_repetitive'],
      ['weak2', 'ababababab', 'password_repetitive'],
      ['weak3', 'password12', 'password_common'],
      ['weak4', '!Qwertyuiop2024', 'password_common'],
      ['weak5', 'short', 'password_short'],
      ['zhangwei', 'zhangwei', 'password_short'],
      ['zhangwei', 'zhangwei1234', 'password_username'],
      ['zhangwei', 'my-ZhangWei-pass', 'password_username'],
    ]
    for (const [username, password, reason] of cases) {
      const r = await create(username, password)
      expect(r.statusCode, `${username} / ${password}`).toBe(422)
      const e = errorOf(r)
      expect(e.details.reason, `${username} / ${password}`).toBe(reason)
      expect(e.message).toContain('password')
      expect(e.messageEn).toContain('field password')
    }
    expect((await s.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'weak1', password: 'aaaaaaaaaa' }, remoteAddress: '198.51.100.6' })).statusCode).toBe(
      401,
    )
    expect((await create('zhangwei', 'Copper-Kettle-Rain-9')).statusCode).toBe(201)
    const reset = await admin.req('PATCH', '/api/users/zhangwei', { password: 'password12' })
    expect(reset.statusCode).toBe(422)
    expect(errorOf(reset).details.reason).toBe('password_common')
  })

  it('refuses a user name that differs from an existing one only in case', async () => {
    const r = await admin.req('POST', '/api/users', { username: 'Admin1', password: 'Copper-Kettle-Rain-9', role: 'admin' })
    expect(r.statusCode).toBe(409)
    const e = errorOf(r)
    expect(e).toMatchObject({ code: 'user.exists', details: { username: 'Admin1', existing: 'admin1' } })
    expect(e.messageEn).toContain('ignore case')
    expect((await admin.req('GET', '/api/users')).json()).not.toContainEqual(expect.objectContaining({ username: 'Admin1' }))
  })

  it('keeps the last enabled admin: it cannot be disabled or demoted', async () => {
    // `urbmon init` made an admin of its own: disabling the others is allowed while admin1 remains.
    const accounts = (await admin.req('GET', '/api/users')).json<Array<{ username: string; role: string; disabled: boolean }>>()
    for (const other of accounts.filter((a) => a.role === 'admin' && a.username !== 'admin1' && !a.disabled)) {
      expect((await admin.req('PATCH', `/api/users/${other.username}`, { disabled: true })).statusCode).toBe(200)
    }
    for (const body of [{ disabled: true }, { role: 'viewer' }]) {
      const r = await admin.req('PATCH', '/api/users/admin1', body)
      expect(r.statusCode).toBe(409)
      expect(errorOf(r).code).toBe('user.last_admin')
      expect(errorOf(r).message).toContain('admin1')
    }
    expect((await admin.req('GET', '/api/session')).statusCode).toBe(200)
    expect((await admin.req('POST', '/api/users', { username: 'admin2', password: 'Copper-Kettle-Rain-9', role: 'admin' })).statusCode).toBe(201)
    expect((await admin.req('PATCH', '/api/users/admin2', { role: 'reviewer' })).statusCode).toBe(200)
    expect((await admin.req('PATCH', '/api/users/admin2', { role: 'admin' })).statusCode).toBe(200)
    expect((await admin.req('PATCH', '/api/users/admin2', { disabled: true })).statusCode).toBe(200)
    expect(errorOf(await admin.req('PATCH', '/api/users/admin1', { disabled: true })).code).toBe('user.last_admin')
  })

  it('refuses a task report outside the reporter’s regions with 403, and stores nothing', async () => {
    const task = s.ctx.plan.tasks.find((t) => t.lead === '省公安厅')!
    const reviewer = await s.login('reviewer1')
    expect((await reviewer.req('POST', `/api/tasks/${task.id}/split`, { regions: ['320100', '320500'] })).statusCode).toBe(201)
    const users = new UserService(s.ctx, s.ctx.regions)
    await users.create({ username: 'police-nj', password: PASSWORD, role: 'reporter', department: '省公安厅', regions: ['320100'] }, 'test', FIXED_NOW.toISOString(), 'test')
    const reporter = await s.login('police-nj')
    const body = (status: string) => {
      const boundary = '----i19'
      const fields = { period: '2024H2', text: '已完成', percent: '100', status }
      const payload =
        Object.entries(fields)
          .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
          .join('') + `--${boundary}--\r\n`
      return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
    }
    const suzhou = body('done')
    const refused = await reporter.req('POST', `/api/tasks/${encodeURIComponent(`${task.id}/320500`)}/reports`, suzhou.payload, suzhou.headers)
    expect(refused.statusCode, refused.body).toBe(403)
    expect(errorOf(refused)).toMatchObject({ code: 'auth.region_forbidden', details: { region: '320500' } })
    expect(await s.ctx.tasks.reports(`${task.id}/320500`)).toHaveLength(0)
    // The whole province's task is outside a city reporter's scope too; its own city's sub-task is not.
    expect((await reporter.req('POST', `/api/tasks/${encodeURIComponent(task.id)}/reports`, suzhou.payload, suzhou.headers)).statusCode).toBe(403)
    const nanjing = body('in_progress')
    expect((await reporter.req('POST', `/api/tasks/${encodeURIComponent(`${task.id}/320100`)}/reports`, nanjing.payload, nanjing.headers)).statusCode).toBe(201)

    // An inspection finding on 苏州's sub-task: the 南京 reporter may not record its correction either.
    const open = await reviewer.req('POST', '/api/inspections', { title: '督查', items: [{ task: `${task.id}/320500`, finding: '未报送', requiredCorrection: '补报' }] })
    const inspections = (await reviewer.req('GET', '/api/inspections')).json<Array<{ id: number; items: Array<{ id: number; corrected: boolean }> }>>()
    const item = inspections.find((i) => i.id === open.json<{ id: number }>().id)!.items[0]!
    const correct = await reporter.req('POST', `/api/inspection-items/${item.id}/correct`, { note: '已补报' })
    expect(correct.statusCode).toBe(403)
    expect(errorOf(correct).code).toBe('auth.region_forbidden')
  })

  it('a refused upload names its limit as a number', async () => {
    const small = await buildServer({ ctx: s.ctx, now: () => FIXED_NOW, maxUploadBytes: 64 * 1024 })
    try {
      const login = await small.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin1', password: PASSWORD } })
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
      const csrf = login.json<{ csrfToken: string }>().csrfToken
      const big = multipart('big.csv', 'x'.repeat(100 * 1024))
      const r = await small.inject({
        method: 'POST',
        url: '/api/imports',
        payload: big.payload,
        headers: { ...big.headers, cookie, 'x-csrf-token': csrf, 'accept-language': 'en' },
      })
      expect(r.statusCode).toBe(413)
      const e = errorOf(r)
      expect(e).toMatchObject({ code: 'http.payload_too_large', details: { limit: 64 * 1024 } })
      expect(e.messageEn).toBe('Upload too large (limit 64 KiB)')
      expect(e.message).toBe('Upload too large (limit 64 KiB)')
    } finally {
      await small.close()
    }
  })

  it('accepts a grouping code such as nanjing-metro wherever a region is asked for', async () => {
    const listed = (await s.app.inject({ method: 'GET', url: '/api/regions?level=grouping' })).json<Array<{ code: string }>>()
    expect(listed.map((r) => r.code)).toContain('nanjing-metro')
    for (const code of listed.map((r) => r.code)) {
      const r = await s.app.inject({ method: 'GET', url: `/api/observations?region=${code}` })
      expect(r.statusCode, `${code}: ${r.body}`).toBe(200)
    }
  })
})
