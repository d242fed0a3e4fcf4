import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { multipart, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

describe.each(STORES)('security on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let admin: Session
  let clock = new Date('2026-01-01T00:00:00Z').getTime()

  beforeAll(async () => {
    s = await testServer(await store.fresh(), { now: () => new Date(clock) })
    reporter = await s.login('nanjing')
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

  const errorOf = (r: { json(): unknown }) => (r.json() as { error: { code: string; message: string } }).error

  it('sets security headers', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/health' })
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(r.headers['content-security-policy']).toContain("default-src 'self'")
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(r.headers['referrer-policy']).toBe('no-referrer')
  })

  it('issues an HttpOnly, SameSite session cookie', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'viewer1', password: PASSWORD } })
    const c = r.cookies.find((x) => x.name === 'urbmon_session')!
    expect(c.httpOnly).toBe(true)
    expect(c.sameSite).toBe('Strict')
  })

  it('requires the CSRF token for writes made with a session cookie', async () => {
    const r = await s.app.inject({ method: 'PUT', url: '/api/observations/gdp/320100/2001', headers: { cookie: reporter.cookie }, payload: { value: 1 } })
    expect(r.statusCode).toBe(403)
    expect(errorOf(r).code).toBe('auth.csrf')
    const wrong = await s.app.inject({
      method: 'PUT',
      url: '/api/observations/gdp/320100/2001',
      headers: { cookie: reporter.cookie, 'x-csrf-token': 'guess' },
      payload: { value: 1 },
    })
    expect(wrong.statusCode).toBe(403)
  })

  it('accepts API tokens without CSRF, and refuses revoked or unknown ones', async () => {
    const t = await reporter.req('POST', '/api/tokens', { name: 'ETL' })
    const token = t.json<{ token: string }>().token
    expect(token).toMatch(/^urbmon_/)
    const r = await s.app.inject({ method: 'PUT', url: '/api/observations/gdp/320100/2002', headers: { authorization: `Bearer ${token}` }, payload: { value: 2 } })
    expect(r.statusCode).toBe(200)
    const bad = await s.app.inject({ method: 'GET', url: '/api/session', headers: { authorization: 'Bearer urbmon_nope' } })
    expect(bad.statusCode).toBe(401)
  })

  it('throttles repeated failed sign-ins, then lets the user in after the window', async () => {
    const attempt = (password: string) => s.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'xuzhou', password } })
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).statusCode).toBe(401)
    const blocked = await attempt(PASSWORD)
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    expect(errorOf(blocked).code).toBe('auth.throttled')
    clock += 16 * 60_000
    expect((await attempt(PASSWORD)).statusCode).toBe(200)
  })

  it('does not tell which user names exist', async () => {
    const unknown = await s.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody', password: 'x' } })
    const wrong = await s.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'viewer1', password: 'x' } })
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401])
    expect(errorOf(unknown)).toEqual(errorOf(wrong))
  })

  it('ends sessions of a disabled account', async () => {
    const v = await s.login('viewer1')
    expect((await admin.req('PATCH', '/api/users/viewer1', { disabled: true })).statusCode).toBe(200)
    const ended = await v.req('GET', '/api/session')
    expect([ended.statusCode, ended.json<{ user: unknown }>().user]).toEqual([200, null])
    // The account's writes are refused too, not only its session probe.
    expect((await v.req('GET', '/api/tokens')).statusCode).toBe(401)
    expect((await s.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'viewer1', password: PASSWORD } })).statusCode).toBe(401)
    await admin.req('PATCH', '/api/users/viewer1', { disabled: false })
  })

  it('stores script and SQL in names and notes as plain text and echoes them safely as JSON', async () => {
    const note = `<script>alert('x')</script>'; DROP TABLE observations; --`
    const r = await reporter.req('PUT', '/api/observations/gdp/320100/2003', { value: 3, note })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toContain('application/json')
    const back = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2003')).json<Array<{ note: string }>>()
    expect(back[0]!.note).toBe(note)
    for (const evil of [`320100' OR '1'='1`, `1; DROP TABLE observations`, '<img src=x onerror=alert(1)>']) {
      const q = await reporter.req('GET', `/api/observations?region=${encodeURIComponent(evil)}`)
      expect(q.statusCode).toBe(422)
      expect(q.body).not.toContain('<img')
    }
    expect((await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2003')).statusCode).toBe(200)
  })

  it('neutralises formulas in CSV and XLSX exports', async () => {
    const put = await reporter.req('PUT', '/api/observations/gdp/320100/2004', { value: 4, note: '=HYPERLINK("http://evil","x")', source: '+cmd|calc' })
    expect(put.statusCode).toBe(200)
    const csv = await reporter.req('GET', '/api/export?format=csv&year=2004')
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`)
    expect(csv.body).toContain(`'+cmd|calc`)
  })

  it('refuses oversized and malformed uploads and bodies without leaking internals', async () => {
    const small = await testServer(await store.fresh(), {})
    try {
      const big = multipart('big.csv', 'x'.repeat(21 * 1024 * 1024))
      const session = await small.login('admin1')
      const r = await session.req('POST', '/api/imports', big.payload, big.headers)
      expect(r.statusCode).toBe(413)
      expect(errorOf(r).code).toBe('http.payload_too_large')
    } finally {
      await small.close()
    }
    const broken = await reporter.req('POST', '/api/imports', Buffer.from('--x\r\nnot multipart'), { 'content-type': 'multipart/form-data; boundary=x' })
    expect(broken.statusCode).toBeGreaterThanOrEqual(400)
    expect(broken.statusCode).toBeLessThan(500)
    const json = await reporter.req('PUT', '/api/observations/gdp/320100/2005', '{"value": 1', { 'content-type': 'application/json' })
    expect(json.statusCode).toBe(400)
    for (const r of [broken, json]) {
      expect(r.body).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/)
      expect(r.json<{ error: { code: string } }>().error.code).toBeTruthy()
    }
    const binary = multipart('data.csv', Buffer.from([0, 1, 2, 255, 254, 0, 0, 7]))
    const bin = await reporter.req('POST', '/api/imports', binary.payload, binary.headers)
    expect(bin.statusCode).toBe(422)
  })

  it('answers the session probe of an anonymous visitor with 200 and no user, and keeps 401 for pages that need one', async () => {
    const anon = await s.app.inject({ method: 'GET', url: '/api/session' })
    expect(anon.statusCode).toBe(200)
    expect(anon.json()).toEqual({ user: null, csrfToken: null })
    // A stale cookie is no different from none.
    const stale = await s.app.inject({ method: 'GET', url: '/api/session', cookies: { urbmon_session: 'not-a-session' } })
    expect([stale.statusCode, stale.json<{ user: unknown }>().user]).toEqual([200, null])
    const tokens = await s.app.inject({ method: 'GET', url: '/api/tokens', headers: { 'accept-language': 'zh-CN' } })
    expect(tokens.statusCode).toBe(401)
    expect(errorOf(tokens).code).toBe('auth.required')
  })

  it('answers unknown routes with a JSON 404 in the client’s language', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'en-US,en;q=0.9' } })
    expect(r.statusCode).toBe(404)
    expect(errorOf(r)).toMatchObject({ code: 'http.not_found', message: 'Not found' })
  })

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>()
    expect(doc.openapi).toMatch(/^3\./)
    for (const p of ['/api/observations', '/api/observations/{indicator}/{region}/{year}', '/api/imports', '/api/review/{action}', '/api/status', '/api/audit', '/api/session']) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
    expect((await s.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200)
  })

  it('describes the API in Chinese and English, and gives the docs page a policy that works over plain HTTP', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ info: { description: string } }>()
    expect(doc.info.description).toContain('未登录的请求只能读取已发布的数据')
    expect(doc.info.description).toContain('Anonymous requests read published data only')
    const page = await s.app.inject({ method: 'GET', url: '/api/docs/' })
    const csp = String(page.headers['content-security-policy'])
    // Swagger UI sets inline styles from its script; scripts stay same-origin only.
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(csp).toMatch(/script-src 'self';/)
    // Upgrading to https would break the page on a plain-HTTP intranet server; nothing is fetched from other hosts.
    expect(csp).not.toContain('upgrade-insecure-requests')
    expect(csp).not.toMatch(/https:|swagger\.io/)
    // The rest of the site keeps the app's policy.
    expect(String((await s.app.inject({ method: 'GET', url: '/api/health' })).headers['content-security-policy'])).toContain("script-src 'self'")
  })
})
