/**
 * `urbmon serve` runs the HTTP server; `urbmon start` (what `npm start` runs) initialises the embedded store on
 * first run, prints where the plan stands, and serves.
 */
import type { Command } from 'commander'

import { DEFAULT_PLAN } from '../../app/paths.js'
import type { CliIO, GlobalOptions } from '../io.js'
import { run, usageError } from '../run.js'
import { computeStatus, renderStatus } from './monitor.js'
import { initStore } from './setup.js'

interface ServeFlags {
  readonly port?: string
  readonly host?: string
  readonly secureCookies?: boolean
  readonly trustProxy?: boolean
  readonly limit?: string[]
}

async function serve(io: CliIO, g: GlobalOptions, flags: ServeFlags, showStatus: boolean): Promise<number> {
  const port = Number(flags.port ?? io.env.URBMON_PORT ?? 8080)
  const host = flags.host ?? io.env.URBMON_HOST ?? '127.0.0.1'
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError({ option: '--port', value: String(flags.port) })
  const [{ openContext }, { describeTarget }, { configuredLimits }] = await Promise.all([
    import('../../app/context.js'),
    import('../../store/open-store.js'),
    import('../../app/input-limits.js'),
  ])
  const inputLimits = configuredLimits(io.env, flags.limit)
  const ctx = await openContext(g.target)
  if (showStatus) {
    const { asOf, statuses } = await computeStatus(ctx, {}, io.now())
    io.out(g.lang === 'zh' ? `《${ctx.plan.title}》目标进展（评估年份 ${asOf}）` : `${ctx.plan.titleEn}: targets as of ${asOf}`)
    io.out(renderStatus(statuses, g.lang, io.color === true))
  }
  // The HTTP stack loads only for the commands that serve.
  const { buildServer } = await import('../../http/server.js')
  const app = await buildServer({
    ctx,
    logger: io.env.URBMON_LOG === '1',
    inputLimits,
    ...(flags.secureCookies ? { secureCookies: true } : {}),
    ...(flags.trustProxy ? { trustProxy: true } : {}),
  })
  await app.listen({ port, host })
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  io.out(g.lang === 'zh' ? `\nurbmon 已启动：${url}（数据库 ${describeTarget(g.target)}）\nAPI 文档：${url}/api/docs · 按 Ctrl+C 停止` : `\nurbmon is running at ${url} (store ${describeTarget(g.target)})\nAPI docs: ${url}/api/docs · Ctrl+C to stop`)
  const stop = async () => {
    await app.close()
    await ctx.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  return 0
}

export function registerStart(program: Command, io: CliIO, exit: { code: number }): void {
  const withServeOptions = (cmd: Command) =>
    cmd
      .option('--port <port>', 'port (default $URBMON_PORT or 8080)')
      .option('--host <host>', 'address to listen on (default $URBMON_HOST or 127.0.0.1)')
      .option('--secure-cookies', 'mark session cookies Secure (when served over TLS)')
      .option('--trust-proxy', 'behind a reverse proxy: trust X-Forwarded-For/-Proto')
      .option('--limit <name=value...>', 'an input limit for uploaded files, e.g. cells=5000000 (default $URBMON_MAX_* or the built-in; see README)')

  withServeOptions(program.command('serve').description('启动 HTTP 服务 · run the HTTP server')).action((opts: ServeFlags, cmd: Command) =>
    run(io, exit, cmd, async (g) => serve(io, g, opts, false)),
  )

  withServeOptions(program.command('start').description('首次运行时初始化，显示目标进展并启动服务 · initialise on first run, show the targets, serve')).action(
    (opts: ServeFlags, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const { isInitialised } = await import('../../app/context.js')
        if (!(await isInitialised(g.target))) {
          const code = await initStore(io, g.target, DEFAULT_PLAN, { withData: true }, g.lang)
          if (code !== 0) return code
        }
        return serve(io, g, opts, true)
      }),
  )
}
