import { z } from 'zod'

import { buildForecaster, methodRunner, spliceCensusBreaks } from '../../app/forecast.js'
import { runEvaluation } from '../../app/evaluation.js'
import { renderReport } from '../../app/report.js'
import { explainCell, withSourceQuality } from '../../app/explain.js'
import { allWarnings, filterWarnings, latestDataYear, warningGroups } from '../../app/monitoring.js'
import { loadMonitoringData } from '../../app/recompute.js'
import { resolveIndicatorArg, resolveRegionArg } from '../../app/query.js'
import { AppError } from '../../core/errors.js'
import { must } from '../../core/checked.js'
import { forecast, forecastErrorParams, mulberry32 } from '../../forecasting/index.js'
import { atRiskTargets, evaluateTargets, figuresYear, statusCounts, type WarningFilter, type WarningKind } from '../../monitoring/index.js'
import {
  errorReplies,
  evaluationReply,
  explainReply,
  fileReply,
  forecastReply,
  reportEntry,
  reportLibraryReply,
  statusReply,
  warningGroupsReply,
  warningKind,
  warningsReply,
} from '../../contract/index.js'
import { REPORT_CONTENT_TYPES, type ReportEntry } from '../../app/report-library.js'
import { origin, requireUser } from '../auth.js'
import { contractJson } from '../safe-json.js'
import type { App, Deps } from '../route-deps.js'
import { sendCachedJson } from '../cached-json.js'

const FORECAST_SEED = 20260101

export function registerMonitoringRoutes(app: App, deps: Deps): void {
  const { ctx, cache, now } = deps

  /** Signed-in users see the current figures (drafts included); the public sees published figures only. */
  const monitoringDataFor = (signedIn: boolean) => loadMonitoringData(ctx, { publishedOnly: !signedIn })

  app.get(
    '/api/status',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Every target: baseline, latest, progress, status, forecast, probability',
        querystring: z.object({
          year: z.coerce.number().int().min(1900).max(2100).optional(),
          region: z.string().min(1).max(100).optional(),
          method: z.enum(['linear', 'cagr', 'trend']).default('linear'),
          /** Each member region's value for targets over a set of regions (every county of a country can be thousands). */
          members: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: statusReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const signedIn = req.user !== undefined
      const { year, method } = req.query
      const members = req.query.members === 'true'
      const region = req.query.region ? resolveRegionArg(ctx, req.query.region) : undefined
      // Computed once per data version and kept serialized: repeated reads cost a lookup, not a recomputation.
      const body = await cache.get(ctx, `status|${signedIn}|${year}|${region}|${method}|${members}`, async () => {
        const data = await monitoringDataFor(signedIn)
        const asOf = year ?? latestDataYear(data) ?? now().getUTCFullYear()
        const targets = evaluateTargets(ctx.plan, data, { asOf, method, forecaster: buildForecaster(FORECAST_SEED), methods: methodRunner, ...(region ? { region } : {}) })
        // A list reply: counts per set target; the members themselves with ?members=true.
        const rows = withSourceQuality(members ? targets : targets.map(({ regions, ...t }) => (regions ? { ...t, memberCounts: memberCounts(regions) } : t)), data)
        const shown = figuresYear(ctx.plan, data, asOf)
        return contractJson(statusReply, {
          asOf,
          dataYear: shown.year,
          dataCoverage: { covered: shown.covered, withData: shown.withData },
          method,
          published: !signedIn,
          summary: statusCounts(targets),
          atRisk: atRiskTargets(targets),
          targets: rows,
        })
      })
      return sendCachedJson(req, reply, body)
    },
  )

  /** Every warning for a year, kept per data version; the filters and groups are cheap views of it. */
  const warningsFor = (signedIn: boolean, asOf: number) =>
    cache.get(ctx, `warnings-list|${signedIn}|${asOf}`, async () => {
      const data = await monitoringDataFor(signedIn)
      const statuses = evaluateTargets(ctx.plan, data, { asOf, forecaster: buildForecaster(FORECAST_SEED) })
      const today = now().toISOString().slice(0, 10)
      return allWarnings(ctx, data, statuses, asOf, asOf >= now().getUTCFullYear() ? today : `${asOf}-12-31`)
    })
  const warningsQuery = z.object({
    year: z.coerce.number().int().min(1900).max(2100).optional(),
    /** One warning kind (target_behind, task_overdue, suspicious_jump …). */
    kind: z.string().max(100).optional(),
    /** A region code or name: warnings on it, findings listing it, tasks naming it. */
    region: z.string().max(100).optional(),
    /** An indicator id or name. */
    indicator: z.string().max(100).optional(),
  })
  const filterOf = (q: z.infer<typeof warningsQuery>): WarningFilter => ({
    ...(q.kind !== undefined ? { kind: parseWarningKind(q.kind) } : {}),
    ...(q.region !== undefined ? { region: badValueUnless('region', q.region, () => resolveRegionArg(ctx, q.region ?? '')) } : {}),
    ...(q.indicator !== undefined ? { indicator: badValueUnless('indicator', q.indicator, () => resolveIndicatorArg(ctx, q.indicator ?? '')) } : {}),
  })

  app.get(
    '/api/warnings',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Early warnings, most serious first, each with the task, target, region and indicator it is about; filter by kind, region, indicator',
        querystring: warningsQuery,
        response: { 200: warningsReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const signedIn = req.user !== undefined
      const asOf = req.query.year ?? now().getUTCFullYear()
      const filter = filterOf(req.query)
      const body = await cache.get(ctx, `warnings|${signedIn}|${asOf}|${filter.kind}|${filter.region}|${filter.indicator}`, async () =>
        contractJson(warningsReply, filterWarnings(await warningsFor(signedIn, asOf), filter)),
      )
      return sendCachedJson(req, reply, body)
    },
  )

  app.get(
    '/api/warnings/groups',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Warnings grouped by kind and subject (a department’s tasks, a target, an indicator) with counts; same filters as /api/warnings',
        querystring: warningsQuery,
        response: { 200: warningGroupsReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const signedIn = req.user !== undefined
      const asOf = req.query.year ?? now().getUTCFullYear()
      const filter = filterOf(req.query)
      const body = await cache.get(ctx, `warning-groups|${signedIn}|${asOf}|${filter.kind}|${filter.region}|${filter.indicator}`, async () =>
        contractJson(warningGroupsReply, warningGroups(ctx, filterWarnings(await warningsFor(signedIn, asOf), filter))),
      )
      return sendCachedJson(req, reply, body)
    },
  )

  app.get(
    '/api/forecast',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Project an indicator for a region, with 90 % intervals',
        querystring: z.object({
          indicator: z.string().min(1).max(100),
          region: z.string().min(1).max(100),
          to: z.coerce.number().int().min(1900).max(2100),
          method: z.enum(['auto', 'linear', 'compound', 'logistic', 'urgd']).default('auto'),
        }),
        response: { 200: forecastReply, ...errorReplies },
      },
    },
    async (req) => {
      const indicator = must(ctx.indicators.get(resolveIndicatorArg(ctx, req.query.indicator)), 'the resolved indicator')
      const region = resolveRegionArg(ctx, req.query.region)
      const data = await monitoringDataFor(req.user !== undefined)
      const observed = data.series(indicator.id, region).map((p) => ({ year: p.year, value: p.value }))
      const { series, spliced } = spliceCensusBreaks(observed)
      const f = forecast(series, {
        method: req.query.method,
        toYear: req.query.to,
        ...(indicator.unit === '%' ? { bounds: [0, 100] as const } : {}),
        rng: mulberry32(FORECAST_SEED),
      })
      if (!f.ok) throw new AppError('forecast.failed', forecastErrorParams(f.error))
      return {
        indicator: indicator.id,
        region,
        unit: indicator.unit,
        method: f.value.method,
        params: f.value.params,
        notes: [...f.value.notes, ...spliced.map((c) => `census_spliced_${c}`)],
        observed,
        forecast: f.value.points,
      }
    },
  )

  app.get(
    '/api/explain',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Where a value comes from: every source, the derived value, the aggregate, the observations used (signed-in users)',
        querystring: z.object({ indicator: z.string().min(1).max(100), region: z.string().min(1).max(100), year: z.coerce.number().int().min(1900).max(2100) }),
        response: { 200: explainReply, ...errorReplies },
      },
    },
    async (req) => {
      requireUser(req)
      const indicator = resolveIndicatorArg(ctx, req.query.indicator)
      const region = resolveRegionArg(ctx, req.query.region)
      const data = await monitoringDataFor(true)
      return explainCell(ctx, data, indicator, region, req.query.year)
    },
  )
}

export function registerEvaluationRoutes(app: App, deps: Deps): void {
  const { ctx, cache } = deps
  app.get(
    '/api/evaluation',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'The composite city development index with 90 % rank intervals (anonymous: published data)',
        querystring: z.object({
          year: z.coerce.number().int().min(1900).max(2100).optional(),
          regions: z.string().min(1).max(100).optional(),
          method: z.enum(['arithmetic', 'geometric', 'topsis']).optional(),
          weighting: z.enum(['equal', 'entropy', 'critic']).optional(),
          normalisation: z.enum(['minmax', 'zscore', 'rank', 'target']).optional(),
        }),
        response: { 200: evaluationReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const signedIn = req.user !== undefined
      const q = req.query
      const regions = q.regions ? resolveRegionArg(ctx, q.regions) : undefined
      const body = await cache.get(ctx, `evaluation|${signedIn}|${q.year}|${regions}|${q.method}|${q.weighting}|${q.normalisation}`, async () =>
        contractJson(
          evaluationReply,
          await runEvaluation(ctx, {
            publishedOnly: !signedIn,
            ...(q.year !== undefined ? { year: q.year } : {}),
            ...(regions ? { regions } : {}),
            ...(q.method ? { aggregation: q.method } : {}),
            ...(q.weighting ? { weighting: q.weighting } : {}),
            ...(q.normalisation ? { normalisation: q.normalisation } : {}),
          }),
        ),
      )
      return sendCachedJson(req, reply, body)
    },
  )
}

/** A library entry as the API shows it: with its download links. */
const withFiles = (e: ReportEntry) => ({ ...e, files: { docx: `/api/reports/library/${e.id}/report.docx`, html: `/api/reports/library/${e.id}/report.html` } })

export function registerReportRoutes(app: App, deps: Deps): void {
  const { ctx, now, reports } = deps
  const milestone = (kind: string) => ctx.plan.milestones.find((m) => m.kind === kind)?.year
  /** A report's default year: the plan's mid-term or final evaluation year, else last year. */
  const defaultYear = (kind: 'annual' | 'midterm' | 'final') =>
    (kind === 'midterm' ? milestone('midterm_evaluation') : kind === 'final' ? milestone('final_evaluation') : undefined) ?? now().getUTCFullYear() - 1

  app.get(
    '/api/reports/library',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Reports kept in the library: published ones for everyone, drafts too for signed-in users',
        response: { 200: reportLibraryReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      void reply.header('Cache-Control', 'no-cache')
      return { reports: reports.list(req.user).map(withFiles) }
    },
  )

  app.post(
    '/api/reports/library',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Generate a report (DOCX and HTML) and keep it as a draft (reviewers and administrators)',
        body: z.strictObject({
          kind: z.enum(['annual', 'midterm', 'final']),
          year: z.number().int().min(2000).max(2100).optional(),
          lang: z.enum(['zh', 'en']).default('zh'),
        }),
        response: { 200: reportEntry, ...errorReplies },
      },
    },
    async (req) => {
      const b = req.body
      const entry = await reports.generate(ctx, req.user, { kind: b.kind, year: b.year ?? defaultYear(b.kind), lang: b.lang, now: now(), origin: origin(req) })
      return withFiles(entry)
    },
  )

  app.post(
    '/api/reports/library/:id/status',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Publish a draft report (anyone may then download it) or withdraw it to draft (reviewers and administrators)',
        params: z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) }),
        body: z.strictObject({ status: z.enum(['draft', 'published']) }),
        response: { 200: reportEntry, ...errorReplies },
      },
    },
    async (req) => withFiles(await reports.setStatus(ctx, req.user, req.params.id, req.body.status, now(), origin(req))),
  )

  app.get(
    '/api/reports/library/:id/:file',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Download a kept report (published: anyone; draft: signed-in users)',
        params: z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/), file: z.enum(['report.docx', 'report.html']) }),
        response: { 200: fileReply('The report as a download (Content-Disposition: attachment)', [REPORT_CONTENT_TYPES.docx, 'text/html']), ...errorReplies },
      },
    },
    async (req, reply) => {
      const format = req.params.file === 'report.docx' ? 'docx' : 'html'
      const { entry, body, fileName } = reports.file(req.user, req.params.id, format)
      void reply.header('Content-Disposition', `attachment; filename="${fileName}"`)
      void reply.header('Cache-Control', entry.status === 'published' ? 'public, max-age=300' : 'private, no-store')
      return reply.type(REPORT_CONTENT_TYPES[format]).send(body)
    },
  )

  app.get(
    '/api/reports',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Generate the annual, mid-term or final report (DOCX or HTML; signed-in users)',
        querystring: z.object({
          kind: z.enum(['annual', 'midterm', 'final']),
          year: z.coerce.number().int().min(1900).max(2100).optional(),
          format: z.enum(['docx', 'html']).default('docx'),
          lang: z.enum(['zh', 'en']).default('zh'),
        }),
        response: {
          200: fileReply('The report as a download (Content-Disposition: attachment)', ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/html']),
          ...errorReplies,
        },
      },
    },
    async (req, reply) => {
      requireUser(req)
      const q = req.query
      const year = q.year ?? defaultYear(q.kind)
      const { body } = await renderReport(ctx, { kind: q.kind, year, lang: q.lang, format: q.format, now: now() })
      const name = `urbmon-${q.kind}-${year}.${q.format}`
      reply.header('Content-Disposition', `attachment; filename="${name}"`)
      if (q.format === 'html') return reply.type('text/html; charset=utf-8').send(body)
      return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(Buffer.from(body as Uint8Array))
    },
  )
}

/** How many members of a set target meet it, miss it, or have no value yet. */
function memberCounts(regions: ReadonlyArray<{ readonly meets: boolean | null }>): {
  readonly total: number
  readonly meeting: number
  readonly notMeeting: number
  readonly noData: number
} {
  let meeting = 0
  let notMeeting = 0
  for (const r of regions) {
    if (r.meets === true) meeting++
    else if (r.meets === false) notMeeting++
  }
  return { total: regions.length, meeting, notMeeting, noData: regions.length - meeting - notMeeting }
}

function parseWarningKind(raw: string): WarningKind {
  const r = warningKind.safeParse(raw)
  if (!r.success) throw new AppError('http.bad_value', { field: 'kind', value: raw.slice(0, 100) })
  return r.data
}

/** A filter value that does not name a region or indicator is a bad value of that field (400), naming it. */
function badValueUnless(field: string, raw: string, resolve: () => string): string {
  try {
    return resolve()
  } catch (e) {
    if (e instanceof AppError) throw new AppError('http.bad_value', { field, value: raw.slice(0, 100) }, { cause: e })
    throw e
  }
}
