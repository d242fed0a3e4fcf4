import { describe, expect, it } from 'vitest'

import { cli, tempDb } from '../helpers/cli.js'
import { main } from '../../src/cli/main.js'

async function withStdin(args: string[], stdin: string) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { URBMON_USER: 'tester' },
    now: () => new Date('2026-01-01T00:00:00Z'),
    readStdin: () => Promise.resolve(stdin),
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('accounts from the command line', () => {
  it('init creates the first admin once, with a generated password printed once', async () => {
    const db = tempDb()
    const first = await cli(['--db', db, 'init', '--no-data'])
    expect(first.code).toBe(0)
    const m = /管理员初始密码（只显示这一次，请妥善保存）：(\S+)/.exec(first.out)
    expect(m?.[1]).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/)
    const again = await cli(['--db', db, 'init', '--no-data'])
    expect(again.out).not.toContain('管理员')
    const list = JSON.parse((await cli(['--db', db, 'user', 'list', '--json'])).out) as Array<{ username: string; role: string }>
    expect(list.map((u) => [u.username, u.role])).toEqual([['admin', 'admin']])
  })

  it('takes the admin password from standard input, and rejects a short one', async () => {
    const db = tempDb()
    expect((await withStdin(['--db', db, 'init', '--no-data', '--admin', 'root', '--admin-password-stdin'], 'short\n')).code).toBe(2)
    const ok = await withStdin(['--db', db, 'init', '--no-data', '--admin', 'root', '--admin-password-stdin'], 'a-long-enough-password\n')
    expect(ok.code).toBe(0)
    expect(ok.out).not.toContain('a-long-enough-password')
  })

  it('adds, disables and re-enables users; a reporter needs regions that exist', async () => {
    const db = tempDb()
    await cli(['--db', db, 'init', '--no-data'])
    const add = await withStdin(['--db', db, 'user', 'add', 'suzhou', '--role', 'reporter', '--regions', '320500', '--password-stdin'], 'reporter-password-1\n')
    expect(add.code, add.err).toBe(0)
    expect((await withStdin(['--db', db, 'user', 'add', 'xx', '--role', 'reporter', '--password-stdin'], 'reporter-password-1\n')).err).toContain(
      '填报员至少需要分配一个地区或一个单位',
    )
    expect((await withStdin(['--db', db, 'user', 'add', 'yy', '--role', 'reporter', '--regions', '999999', '--password-stdin'], 'reporter-password-1\n')).err).toContain(
      '地区 999999 不存在',
    )
    expect((await withStdin(['--db', db, 'user', 'add', 'suzhou', '--role', 'viewer', '--password-stdin'], 'reporter-password-1\n')).err).toContain('[user.exists]')
    expect((await cli(['--db', db, 'user', 'add', 'zz', '--role', 'king'])).code).toBe(2)
    expect((await cli(['--db', db, 'user', 'disable', 'suzhou'])).code).toBe(0)
    const list = JSON.parse((await cli(['--db', db, 'user', 'list', '--json'])).out) as Array<{ username: string; disabled: boolean }>
    expect(list.find((u) => u.username === 'suzhou')?.disabled).toBe(true)
    expect((await cli(['--db', db, 'user', 'enable', 'suzhou'])).code).toBe(0)
    const reset = await cli(['--db', db, 'user', 'reset-password', 'suzhou'])
    expect(reset.out).toMatch(/新密码（只显示这一次）：\S+/)
    expect((await cli(['--db', db, 'user', 'disable', 'nobody'])).err).toContain('[user.not_found]')
    const token = await cli(['--db', db, 'user', 'token', 'suzhou', '--name', 'ETL'])
    expect(token.out).toMatch(/urbmon_[A-Za-z0-9_-]{20,}/)
  })

  it('lists and revokes API tokens one by one; a reset password revokes the rest; the last admin keeps its role', async () => {
    const db = tempDb()
    await cli(['--db', db, 'init', '--no-data'])
    await withStdin(['--db', db, 'user', 'add', 'etl', '--role', 'viewer', '--password-stdin'], 'viewer-password-9\n')
    for (const name of ['nightly', 'weekly']) expect((await cli(['--db', db, 'user', 'token', 'etl', '--name', name])).code).toBe(0)
    const tokens = async () => JSON.parse((await cli(['--db', db, 'user', 'tokens', 'etl', '--json'])).out) as Array<{ id: number; name: string; revokedAt: string | null }>
    const [nightly, weekly] = await tokens()
    const revoked = await cli(['--db', db, 'user', 'revoke-token', 'etl', String(nightly!.id)])
    expect(revoked.code, revoked.err).toBe(0)
    expect((await tokens()).map((t) => [t.name, t.revokedAt !== null])).toEqual([
      ['nightly', true],
      ['weekly', false],
    ])
    expect((await cli(['--db', db, 'user', 'revoke-token', 'etl', String(nightly!.id)])).err).toContain('[token.not_found]')
    expect((await cli(['--db', db, 'user', 'revoke-token', 'etl', 'x'])).code).toBe(2)
    expect((await cli(['--db', db, 'user', 'reset-password', 'etl'])).code).toBe(0)
    expect((await tokens()).find((t) => t.id === weekly!.id)?.revokedAt).not.toBeNull()

    const weak = await withStdin(['--db', db, 'user', 'reset-password', 'etl', '--password-stdin'], 'password123\n')
    expect(weak.code).toBe(1)
    expect(weak.err).toContain('最常见')
    const demote = await cli(['--db', db, 'user', 'set-role', 'admin', '--role', 'viewer'])
    expect(demote.err).toContain('[user.last_admin]')
    expect((await cli(['--db', db, 'user', 'disable', 'admin'])).err).toContain('[user.last_admin]')
    expect((await cli(['--db', db, 'user', 'set-role', 'etl', '--role', 'admin'])).code).toBe(0)
    expect((await cli(['--db', db, 'user', 'set-role', 'admin', '--role', 'viewer'])).code).toBe(0)
    expect((await withStdin(['--db', db, 'user', 'add', 'ETL', '--role', 'viewer', '--password-stdin'], 'viewer-password-9\n')).err).toContain('[user.exists]')
  })

  it('serves behind proxies only when they are named', async () => {
    const db = tempDb()
    const r = await cli(['--db', db, 'serve', '--trust-proxy', 'true'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('--trust-proxy')
  })
})
