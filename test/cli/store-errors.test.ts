import { createServer } from 'node:net'

import { describe, expect, it } from 'vitest'

import { cli } from '../helpers/cli.js'

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

// A wrong database URL is the user's to fix: each failure has its own code and says what to fix, in both languages.
describe('PostgreSQL connection failures on the command line', () => {
  it('names a URL that is not a PostgreSQL URL as store.bad_url, without its password', async () => {
    const r = await cli(['status', '--database-url', 'mysql://u:secret@127.0.0.1/x'])
    expect(r.code).toBe(1)
    expect(r.err).toBe('错误 [store.bad_url] 数据库地址“mysql://u:***@127.0.0.1/x”无效：应为 postgres://用户名:密码@主机:端口/数据库名')
    const en = await cli(['status', '--lang', 'en', '--database-url', 'not a url'])
    expect(en.err).toBe('error [store.bad_url] Database URL "not a url" is invalid: use postgres://user:password@host:port/database')
  })

  it('names a refused connection as store.connection_failed with the host', async () => {
    const port = await closedPort()
    const r = await cli(['status', '--lang', 'en', '--database-url', `postgres://u:secret@127.0.0.1:${port}/x`])
    expect(r.code).toBe(1)
    expect(r.err).toContain('error [store.connection_failed] Cannot connect to database')
    expect(r.err).toContain(`host 127.0.0.1:${port} refused the connection`)
    expect(r.err).not.toContain('secret')
    const zh = await cli(['status', '--database-url', `postgres://u:secret@127.0.0.1:${port}/x`])
    expect(zh.err).toContain(`错误 [store.connection_failed] 无法连接数据库`)
  })

  const pgUrl = process.env.URBMON_TEST_DATABASE_URL
  it.skipIf(!pgUrl)('names a wrong password as store.auth_failed', async () => {
    const url = new URL(pgUrl!)
    url.password = 'wrong-password'
    const r = await cli(['status', '--lang', 'en', '--database-url', url.toString()])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^error \[store\.auth_failed\] Cannot sign in to database .*: wrong password for user /)
    expect(r.err).not.toContain('wrong-password')
  })
})
