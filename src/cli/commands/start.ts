/**
 * `urbmon serve` runs the HTTP server; `urbmon start` (what `npm start` runs) initialises the embedded store on
 * first run, prints where the plan stands, and serves.
 */
import { isIP } from 'node:net'

import type { Command } from 'commander'

import { DEFAULT_PLAN } from '../../app/paths.js'
import type { CliIO, GlobalOptions } from '../io.js'
import { run, usageError } from '../run.js'
import { computeStatus, renderStatus } from './monitor.js'
import { initStore } from './setup.js'

/** The address ranges proxy-addr (Fastify's trustProxy) knows by name. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

interface ServeFlags {
  readonly port?: string
  readonly host?: string
  readonly secureCookies?: boolean
  readonly trustProxy?: string
  readonly limit?: string[]
}

/**
 * `--trust-proxy 10.0.0.5,10.1.0.0/16` (or `loopback`, `linklocal`, `uniquelocal`): only those proxies'
 * X-Forwarded-For entries are believed, so a client cannot pick its own address.
 */
export function parseTrustProxy(spec: string): string[] {
  const bad = () => usageError({ option: '--trust-proxy', value: spec, expected: 'proxy_addresses' })
  const list = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (list.length === 0) throw bad()
  for (const entry of list) {
    if (PROXY_NAMES.has(entry)) continue
    const [address, bits, ...rest] = entry.split('/')
    const family = isIP(address ?? '')
    if (family === 0 || rest.length > 0) throw bad()
    if (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))) throw bad()
  }
  return list
}

async function serve(io: CliIO, g: GlobalOptions, flags: ServeFlags, showStatus: boolean): Promise<number> {
  const port = Number(flags.port ?? io.env.URBMON_PORT ?? 8080)
  const host = flags.host ?? io.env.URBMON_HOST ?? '127.0.0.1'
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError({ option: '--port', value: String(flags.port) })
  const trustProxy = flags.trustProxy !== undefined ? parseTrustProxy(flags.trustProxy) : undefined
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
  const [{ buildServer }, { publisherFromEnv }] = await Promise.all([import('../../http/server.js'), import('../../app/open-data.js')])
  const app = await buildServer({
    ctx,
    logger: io.env.URBMON_LOG === '1',
    inputLimits,
    ...(flags.secureCookies ? { secureCookies: true } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...serverLimits(io.env),
    openData: publisherFromEnv(io.env),
  })
  await app.listen({ port, host })
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  io.out(
    g.lang === 'zh'
      ? `\nurbmon 已启动：${url}（数据库 ${describeTarget(g.target)}）\nAPI 文档：${url}/api/docs · 按 Ctrl+C 停止`
      : `\nurbmon is running at ${url} (store ${describeTarget(g.target)})\nAPI docs: ${url}/api/docs · Ctrl+C to stop`,
  )
  let stopping = false
  // Stop accepting, let running requests and import jobs finish (jobs past the grace period roll back), close
  // the store, exit 0; a second signal changes nothing.
  const stop = async () => {
    if (stopping) return
    stopping = true
    io.err(g.lang === 'zh' ? 'urbmon 正在停止：等待进行中的请求和导入完成…' : 'urbmon is stopping: waiting for running requests and imports…')
    let code = 0
    try {
      await app.close()
      await ctx.close()
    } catch (e) {
      io.err(`shutdown failed: ${e instanceof Error ? e.message : String(e)}`)
      code = 1
    }
    process.exit(code)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  return 0
}

/**
 * The server's limits from the environment: URBMON_IMPORTS_PER_USER, URBMON_EXPORTS_PER_USER, URBMON_XLSX_MAX_ROWS,
 * URBMON_ASYNC_IMPORT_BYTES, URBMON_SHUTDOWN_GRACE_MS (each a whole number; unset: the defaults).
 */
function serverLimits(env: NodeJS.ProcessEnv) {
  const int = (name: string, min: number): number | undefined => {
    const raw = env[name]
    if (raw === undefined || raw === '') return undefined
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min) throw usageError({ option: name, value: raw })
    return n
  }
  const imports = int('URBMON_IMPORTS_PER_USER', 1)
  const exports = int('URBMON_EXPORTS_PER_USER', 1)
  const xlsxMaxRows = int('URBMON_XLSX_MAX_ROWS', 1)
  const asyncImportBytes = int('URBMON_ASYNC_IMPORT_BYTES', 0)
  const shutdownGraceMs = int('URBMON_SHUTDOWN_GRACE_MS', 0)
  return {
    limits: { ...(imports !== undefined ? { importsPerUser: imports } : {}), ...(exports !== undefined ? { exportsPerUser: exports } : {}) },
    ...(xlsxMaxRows !== undefined ? { xlsxMaxRows } : {}),
    ...(asyncImportBytes !== undefined ? { asyncImportBytes } : {}),
    ...(shutdownGraceMs !== undefined ? { shutdownGraceMs } : {}),
  }
}

export function registerStart(program: Command, io: CliIO, exit: { code: number }): void {
  const withServeOptions = (cmd: Command) =>
    cmd
      .option('--port <port>', 'port (default $URBMON_PORT or 8080)')
      .option('--host <host>', 'address to listen on (default $URBMON_HOST or 127.0.0.1)')
      .option('--secure-cookies', 'mark session cookies Secure (when served over TLS)')
      .option('--trust-proxy <addresses>', 'behind reverse proxies: believe X-Forwarded-For/-Proto only from these proxy addresses/CIDRs (10.0.0.5,10.1.0.0/16, or loopback)')
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
