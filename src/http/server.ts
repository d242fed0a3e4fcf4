/**
 * The HTTP API: Fastify with zod schemas and a generated OpenAPI document (/api/openapi.json, /api/docs).
 * @module
 */
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import multipart from '@fastify/multipart'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

import Fastify from 'fastify'
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod'

import type { Context } from '../app/context.js'
import { ComputeCache } from '../app/monitoring-cache.js'
import { keepColumnCopies } from '../app/column-snapshot.js'
import { ParseWorkerPool } from '../app/parse-worker-pool.js'
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../ingest/limits.js'
import { UserService } from '../app/users.js'
import { installAuth } from './auth.js'
import { installErrorHandler } from './error-handler.js'
import type { App, Deps } from './route-deps.js'
import { contractSerializerCompiler, safeJson } from './safe-json.js'
import { registerWebApp, WEB_PREFIX } from './static.js'
import type { ContractTypeProvider } from './type-provider.js'
import { LoginThrottle } from './login-throttle.js'
import { ConcurrencyLimits, DEFAULT_CONCURRENCY_LIMITS, type ConcurrencyLimitOptions } from './concurrency-limits.js'
import { ExportCache } from './export-cache.js'
import { DEFAULT_XLSX_MAX_ROWS } from '../app/export.js'
import { ImportJobs } from '../app/import-jobs.js'
import type { ImportReply } from '../contract/index.js'
import { NO_PUBLISHER, type OpenDataPublisher } from '../app/open-data.js'
import { defaultReportsDir, ReportLibrary } from '../app/report-library.js'
import { surveyOptionsFromEnv, surveyService, type SurveyServerOptions } from '../app/surveys.js'
import { registerDataRoutes } from './routes/data.js'
import { registerImportHistoryRoutes } from './routes/import-history.js'
import { registerPlanAdminRoutes } from './routes/plan-admin.js'
import { registerOpenDataRoutes } from './routes/open-data.js'
import { landingPage, registerMetaRoutes } from './routes/meta.js'
import { registerEvaluationRoutes, registerMonitoringRoutes, registerReportRoutes } from './routes/monitoring.js'
import { registerSessionRoutes } from './routes/session.js'
import { registerSourceRoutes } from './routes/sources.js'
import { registerTaskRoutes } from './routes/tasks.js'
import { registerTaskHistoryRoutes } from './routes/task-history.js'
import { registerTemplateRoutes } from './routes/templates.js'
import { registerInboxRoutes } from './routes/inbox.js'
import { registerCompletenessRoutes } from './routes/completeness.js'
import { registerDataRequestRoutes } from './routes/data-requests.js'
import { registerRoundRoutes } from './routes/rounds.js'
import { registerRoundReportRoutes } from './routes/round-report.js'
import { openRoundOfSurvey, RoundService } from '../app/rounds.js'
import { registerObservationCommentRoutes } from './routes/observation-comments.js'
import { registerSurveyRoutes } from './routes/surveys.js'
import { registerUserRoutes } from './routes/users.js'

export type { App, Deps } from './route-deps.js'

export interface ServerOptions {
  readonly ctx: Context
  readonly now?: () => Date
  /** Mark cookies Secure (behind TLS). Default: when the request came over https (trustProxy honours X-Forwarded-Proto). */
  readonly secureCookies?: boolean
  /**
   * The reverse proxies whose X-Forwarded-For/-Proto to believe: their addresses or CIDR ranges (or proxy-addr's
   * `loopback`, `linklocal`, `uniquelocal`). The client is the nearest address in the chain that is not one of
   * them. Default none: the client is the socket's peer. Never "everyone": any client could then name itself any
   * address and step around the sign-in throttle. (Fastify 5 refuses hop counts for the same reason.)
   */
  readonly trustProxy?: ReadonlyArray<string>
  readonly maxUploadBytes?: number
  /** What an uploaded file may hold (src/ingest/limits.ts); the defaults unless given. */
  readonly inputLimits?: InputLimits
  readonly logger?: boolean
  /** Where generated reports are kept (default: beside the embedded store's file, else data/reports). */
  readonly reportsDir?: string
  /** The built dashboard (default web/dist). */
  readonly webDist?: string
  /** Concurrent imports and exports per user (default DEFAULT_CONCURRENCY_LIMITS). */
  readonly limits?: Partial<ConcurrencyLimitOptions>
  /** The most rows an XLSX export holds (default DEFAULT_XLSX_MAX_ROWS; never more than a sheet's 1,048,575). */
  readonly xlsxMaxRows?: number
  /** Uploads from this size on run as background jobs (default DEFAULT_ASYNC_IMPORT_BYTES). */
  readonly asyncImportBytes?: number
  /** On close, how long running import jobs may take to finish before they are rolled back (default 20 s). */
  readonly shutdownGraceMs?: number
  /** Who publishes the open data and how to reach them (default: not configured). */
  readonly openData?: OpenDataPublisher
  /** The public survey's questionnaires, token secret and flood limits (default: surveyOptionsFromEnv(process.env)). */
  readonly survey?: SurveyServerOptions
}

/** The OpenAPI document's description, in both languages: the docs page is for planners' IT staff and the public alike. */
const API_DESCRIPTION = [
  '江苏省“十四五”新型城镇化规划监测评估系统的数据接口：规划目标、带完整修订历史的观测值、审核流程、监测状态、预测、预警、综合评价与报告。',
  '未登录的请求只能读取已发布的数据；写入需登录（会话 Cookie 加 X-CSRF-Token）或 API 令牌（Authorization: Bearer）。',
  '错误以 { error: { code, message } } 返回，message 的语言随 Accept-Language（zh-CN 或 en）。',
  'The data API of the Jiangsu 14th Five-Year New Urbanization Plan monitor: plan targets, observations with full revision history, the review workflow, monitoring status, forecasts, warnings, the composite evaluation and reports.',
  'Anonymous requests read published data only; writes need a session (cookie plus X-CSRF-Token) or an API token (Authorization: Bearer).',
  'Errors come as { error: { code, message } }, the message in the language of Accept-Language (zh-CN or en).',
].join('\n\n')

/**
 * The docs page's own policy (it replaces the app's on /api/docs): Swagger UI's bundle sets inline styles from script,
 * so styles may be inline, as on the dashboard; scripts only from this server, never inline. No upgrade-insecure-requests
 * and nothing from other hosts: urbmon is often served over plain HTTP on a local network without internet access.
 */
const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; font-src 'self' data:"

/** 1 MiB: an upload that size holds tens of thousands of rows, seconds of work. */
export const DEFAULT_ASYNC_IMPORT_BYTES = 1024 * 1024
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000

const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
const MAX_UPLOAD_FILES = 6

export async function buildServer(options: ServerOptions): Promise<App> {
  const now = options.now ?? (() => new Date())
  // The store's id is written the first time it is asked for; asking now keeps that write from changing the data
  // version (and so every ETag) in the middle of the first requests, when the columnar copy first needs it.
  await options.ctx.storeMeta.storeId()
  const app = Fastify({
    logger: options.logger ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    trustProxy: options.trustProxy?.length ? [...options.trustProxy] : false,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ContractTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  // Replies with a response schema are checked against it and escaped like every other reply.
  app.setSerializerCompiler(contractSerializerCompiler)
  app.setReplySerializer((payload) => safeJson(payload))
  installErrorHandler(app, { maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, maxFiles: MAX_UPLOAD_FILES })
  await app.register(helmet, {
    contentSecurityPolicy: {
      // No upgrade-insecure-requests: urbmon is often served over plain HTTP on a local network.
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"], upgradeInsecureRequests: null },
    },
    crossOriginEmbedderPolicy: false,
  })
  await app.register(cookie)
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: MAX_UPLOAD_FILES, fields: 20, fieldSize: 40_000 } })
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'urbmon API · 新型城镇化规划监测评估系统',
        description: API_DESCRIPTION,
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'urbmon_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP })
  const users = new UserService(options.ctx, options.ctx.regions)
  const deps: Deps = {
    ctx: options.ctx,
    users,
    now,
    cache: new ComputeCache(),
    throttle: new LoginThrottle(options.ctx.loginAttempts, () => now().getTime()),
    ...(options.secureCookies !== undefined ? { secureCookies: options.secureCookies } : {}),
    maxUploadBytes,
    limits: new ConcurrencyLimits({ ...DEFAULT_CONCURRENCY_LIMITS, ...options.limits }),
    exports: { cache: new ExportCache(), xlsxMaxRows: options.xlsxMaxRows ?? DEFAULT_XLSX_MAX_ROWS },
    jobs: new ImportJobs<ImportReply>({ now, log: (message, error) => (error ? app.log.error({ err: error }, message) : app.log.warn(message)) }),
    asyncImportBytes: options.asyncImportBytes ?? DEFAULT_ASYNC_IMPORT_BYTES,
    parser: new ParseWorkerPool(options.inputLimits ?? DEFAULT_INPUT_LIMITS),
    openData: options.openData ?? NO_PUBLISHER,
    reports: new ReportLibrary(options.reportsDir ?? defaultReportsDir(options.ctx, process.env)),
    surveys: surveyService(options.ctx, { openRound: openRoundOfSurvey(options.ctx), ...(options.survey ?? surveyOptionsFromEnv(process.env)) }),
  }
  // Imports and changes refresh the analytical copy in the background, a moment after the last of a burst.
  const copies = keepColumnCopies(options.ctx, { onError: (e) => app.log.warn({ err: e }, 'refreshing the columnar copy failed') })
  // Closing lets running import jobs finish (or rolls them back after the grace period) before the store closes.
  app.addHook('onClose', async () => {
    await deps.jobs.shutdown(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS)
    await copies.stop()
  })
  installAuth(app, users, now)
  registerMetaRoutes(app, deps)
  registerSessionRoutes(app, deps)
  registerObservationCommentRoutes(app, deps)
  registerUserRoutes(app, deps)
  registerDataRoutes(app, deps)
  registerSourceRoutes(app, deps)
  registerMonitoringRoutes(app, deps)
  registerEvaluationRoutes(app, deps)
  registerReportRoutes(app, deps)
  registerTaskRoutes(app, deps)
  registerTaskHistoryRoutes(app, deps)
  registerOpenDataRoutes(app, deps)
  registerTemplateRoutes(app, deps)
  registerInboxRoutes(app, deps)
  registerCompletenessRoutes(app, deps)
  registerDataRequestRoutes(app, deps)
  registerRoundRoutes(app, deps)
  registerRoundReportRoutes(app, deps, new RoundService(deps.ctx, deps.cache))
  registerSurveyRoutes(app, deps)
  registerImportHistoryRoutes(app, deps)
  registerPlanAdminRoutes(app, deps)
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())
  // The dashboard when it has been built (npm start builds it); otherwise a page that links the API.
  const webApp = await registerWebApp(app, options.webDist)
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    webApp ? reply.redirect(WEB_PREFIX) : reply.type('text/html; charset=utf-8').send(landingPage(options.ctx.plan.title)),
  )
  return app
}
