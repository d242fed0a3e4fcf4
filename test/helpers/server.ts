import type { LightMyRequestResponse } from 'fastify'

import { openContext, type Context } from '../../src/app/context.js'
import { UserService } from '../../src/app/users.js'
import { buildServer, type App } from '../../src/http/server.js'
import type { InputLimits } from '../../src/ingest/limits.js'
import type { StoreTarget } from '../../src/store/open-store.js'
import type { SurveyServerOptions } from '../../src/app/surveys.js'
import { cli, FIXED_NOW } from './cli.js'
import { copyTemplate } from './templates.js'

export const PASSWORD = 'correct-horse-battery'

export interface TestServer {
  readonly app: App
  readonly ctx: Context
  /** Where the server's store lives, for tests that open it themselves (backups, raw checks). */
  readonly target: StoreTarget
  login(username: string): Promise<Session>
  close(): Promise<void>
}

export interface Session {
  readonly cookie: string
  readonly csrf: string
  /** inject with this session's cookie and CSRF header. */
  req(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>
}

export const ACCOUNTS = [
  { username: 'admin1', role: 'admin', regions: [] },
  { username: 'reviewer1', role: 'reviewer', regions: [] },
  { username: 'viewer1', role: 'viewer', regions: [] },
  { username: 'nanjing', role: 'reporter', regions: ['320100'] },
  { username: 'xuzhou', role: 'reporter', regions: ['320300'] },
] as const

/** A server on a fresh store (plan and regions, no data unless asked) with one account of each role. */
export async function testServer(
  target: StoreTarget,
  options: { data?: boolean; now?: () => Date; inputLimits?: InputLimits; survey?: SurveyServerOptions } = {},
): Promise<TestServer> {
  if (target.kind === 'sqlite') {
    await copyTemplate(options.data ? 'bundled' : 'empty', target.file)
  } else {
    // A PostgreSQL schema cannot be copied as a file: run init into it.
    const env = target.schema ? { URBMON_DATABASE_SCHEMA: target.schema } : {}
    const init = await cli(['--database-url', target.url, 'init', ...(options.data ? [] : ['--no-data'])], env)
    if (init.code !== 0) throw new Error(init.err)
  }
  const ctx = await openContext(target)
  const users = new UserService(ctx, ctx.regions)
  for (const a of ACCOUNTS) await users.create({ username: a.username, password: PASSWORD, role: a.role, regions: [...a.regions] }, 'test', FIXED_NOW.toISOString(), 'test')
  const app = await buildServer({
    ctx,
    now: options.now ?? (() => FIXED_NOW),
    ...(options.inputLimits ? { inputLimits: options.inputLimits } : {}),
    ...(options.survey ? { survey: options.survey } : {}),
  })
  return {
    app,
    ctx,
    target,
    async login(username) {
      const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } })
      if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`)
      const cookie = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
      const csrf = r.json<{ csrfToken: string }>().csrfToken
      return {
        cookie,
        csrf,
        req: (method, url, body, headers = {}) =>
          app.inject({ method: method as 'GET', url, headers: { cookie, 'x-csrf-token': csrf, ...headers }, ...(body === undefined ? {} : { payload: body as string }) }),
      }
    },
    async close() {
      await app.close()
      await ctx.close()
    },
  }
}

/** A multipart body with one file, for inject(). */
export function multipart(filename: string, content: string | Buffer, fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----urbmon-test-boundary'
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`))
  parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content))
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/**
 * A request as one of several users, or anonymously: the matrix tests ask the same thing of every role.
 * `sessions` holds the signed-in users by name; 'anonymous' sends no cookie.
 */
export function asWho<W extends string>(s: TestServer, sessions: ReadonlyMap<W, Session>) {
  return (who: W | 'anonymous', method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse> =>
    who === 'anonymous'
      ? s.app.inject({ method: method as 'GET', url, ...(headers ? { headers } : {}), ...(body === undefined ? {} : { payload: body as string }) })
      : sessions.get(who)!.req(method, url, body, headers)
}
