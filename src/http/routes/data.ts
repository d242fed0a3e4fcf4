import { z } from 'zod'

import { requestText } from '../../contract/text.js'

import { toCsv, toJson, toXlsx } from '../../app/export.js'
import { importUpload } from '../../app/import-files.js'
import { parseYearArg, resolveIndicatorArg, resolveRegionArg, toViews } from '../../app/query.js'
import { loadMonitoringData } from '../../app/recompute.js'
import { mayWriteRegion } from '../../app/users.js'
import { putObservation, requireRole, reviewQueue, transition } from '../../app/workflow.js'
import { AppError } from '../../core/errors.js'
import { formatProblem } from '../../i18n/t.js'
import type { Observation } from '../../app/ports/observations.js'
import {
  aggregatesReply,
  errorReplies,
  errorReply,
  fileReply,
  historyReply,
  importReply,
  observationsReply,
  reviewQueueReply,
  savedObservationReply,
  transitionReply,
} from '../../contract/index.js'
import { origin, requireUser } from '../auth.js'
import { contractJson } from '../safe-json.js'
import type { App, Deps } from '../route-deps.js'
import { sendCachedJson } from '../cached-json.js'

const STATUSES = ['draft', 'submitted', 'approved', 'published', 'returned'] as const

const filterQuery = z.object({
  indicator: z.string().min(1).max(100).optional(),
  region: z.string().min(1).max(100).optional(),
  year: z.string().regex(/^[\d,\s:-]{4,40}$/, 'a year, a list (2020,2021) or a range (2017-2022)').optional(),
  status: z.enum(STATUSES).optional(),
  view: z.enum(['current', 'published']).optional(),
})

export function registerDataRoutes(app: App, deps: Deps): void {
  const { ctx, now } = deps

  /** Rows a request may see: anonymous users (and view=published) see the last published value only. */
  async function visibleRows(req: { user?: unknown; query: z.infer<typeof filterQuery> }): Promise<Observation[]> {
    const q = req.query
    const publishedView = !req.user || q.view === 'published'
    if (!req.user && q.status && q.status !== 'published') throw new AppError('auth.required')
    const rows = await ctx.observations.find({
      ...(q.indicator ? { indicators: [resolveIndicatorArg(ctx, q.indicator)] } : {}),
      ...(q.region ? { regions: [resolveRegionArg(ctx, q.region)] } : {}),
      ...(q.year ? parseYearArg(q.year) : {}),
      ...(q.status && !publishedView ? { statuses: [q.status] } : {}),
    })
    if (!publishedView) return rows
    return rows.flatMap((r) =>
      r.publishedValue === null ? [] : [{ ...r, value: r.publishedValue, valueText: r.publishedValueText ?? String(r.publishedValue), status: 'published' as const, updatedAt: r.publishedAt ?? r.updatedAt }],
    )
  }

  app.get('/api/observations', { schema: { tags: ['data'], summary: 'Observations, one per cell and source (anonymous: published values only)', querystring: filterQuery, response: { 200: observationsReply, ...errorReplies } } }, async (req, reply) => {
    // Same query, same data version, same visibility: the same body, served from the cache.
    const key = `observations|${req.user ? 'current' : 'published'}|${JSON.stringify(req.query)}`
    const body = await deps.cache.get(ctx, key, async () => contractJson(observationsReply, toViews(ctx, await visibleRows(req))))
    return sendCachedJson(req, reply, body)
  })

  app.put(
    '/api/observations/:indicator/:region/:year',
    {
      schema: {
        tags: ['data'],
        summary: 'Create or revise a draft value (reporters: their regions only). Send the version you edited; a stale one gets 409.',
        params: z.object({ indicator: z.string().min(1).max(100), region: z.string().min(1).max(100), year: z.coerce.number().int().min(1900).max(2100) }),
        body: z
          .object({
            value: z.number().finite(),
            note: requestText(2000).nullable().optional(),
            version: z.number().int().min(0).optional(),
            source: requestText(500, 1).optional(),
          })
          .strict(),
        response: { 200: savedObservationReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      const row = await putObservation(
        ctx,
        { user, at: now().toISOString(), origin: origin(req) },
        {
          indicator: resolveIndicatorArg(ctx, req.params.indicator),
          region: resolveRegionArg(ctx, req.params.region),
          year: req.params.year,
          value: req.body.value,
          ...(req.body.note !== undefined ? { note: req.body.note } : {}),
          ...(req.body.version !== undefined ? { version: req.body.version } : {}),
          ...(req.body.source !== undefined ? { source: req.body.source } : {}),
        },
      )
      return { id: row.id, indicator: row.indicator, region: row.region, year: row.year, source: row.source, value: row.value, note: row.note, status: row.status, version: row.version, publishedValue: row.publishedValue }
    },
  )

  app.get(
    '/api/history',
    {
      schema: {
        tags: ['data'],
        summary: 'Every revision of a cell (signed-in users)',
        querystring: z.object({ indicator: z.string().min(1).max(100), region: z.string().min(1).max(100), year: z.coerce.number().int().min(1900).max(2100) }),
        response: { 200: historyReply, ...errorReplies },
      },
    },
    async (req) => {
      requireUser(req)
      const indicator = resolveIndicatorArg(ctx, req.query.indicator)
      const region = resolveRegionArg(ctx, req.query.region)
      const revisions = await ctx.observations.history(indicator, region, String(req.query.year))
      return {
        indicator,
        region,
        year: req.query.year,
        revisions: revisions.map((r) => ({
          id: r.id,
          observationId: r.observationId,
          version: r.version,
          action: r.action,
          source: r.source,
          value: r.value,
          valueText: r.valueText,
          unit: r.unit,
          rawValue: r.rawValue,
          note: r.note,
          status: r.status,
          previousValue: r.previousValue,
          changedAt: r.changedAt,
          changedBy: r.changedBy,
          origin: r.origin,
          fileName: r.fileName,
        })),
      }
    },
  )

  app.get(
    '/api/aggregates',
    {
      schema: {
        tags: ['data'],
        summary: 'Each grouping (and the province) for one indicator and year: the published figure, else the value aggregated from its members, else why none (anonymous: published data)',
        querystring: z.object({ indicator: z.string().min(1).max(100), year: z.coerce.number().int().min(1900).max(2100) }),
        response: { 200: aggregatesReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const signedIn = req.user !== undefined
      const indicator = resolveIndicatorArg(ctx, req.query.indicator)
      const { year } = req.query
      const body = await deps.cache.get(ctx, `aggregates|${signedIn}|${indicator}|${year}`, async () => {
        const data = await loadMonitoringData(ctx, { publishedOnly: !signedIn })
        // The plan's own region, then its groupings (provinces a metropolitan area reaches into are not summarised).
        const scope = ctx.regions.get(resolveRegionArg(ctx, ctx.plan.scope))
        const targets = [...(scope ? [scope] : []), ...ctx.regions.groupings()]
        const rows = targets.map((r) => {
          const resolved = data.resolve(indicator, r.code, year)
          if (resolved) {
            return { region: r.code, value: resolved.value, origin: resolved.origin, method: resolved.method ?? null, weightedFallback: resolved.weightedFallback ?? false, missing: [] as string[], reason: null }
          }
          // Why there is none: a member without data (never a partial sum), or an indicator that does not add up.
          const failure = data.aggregate(indicator, r.code, year)
          const reason = 'kind' in failure ? failure.kind : null
          return { region: r.code, value: null, origin: null, method: null, weightedFallback: false, missing: 'missing' in failure ? [...failure.missing] : [], reason }
        })
        return contractJson(aggregatesReply, { indicator, year, published: !signedIn, aggregates: rows })
      })
      return sendCachedJson(req, reply, body)
    },
  )

  app.post(
    '/api/imports',
    {
      schema: {
        tags: ['data'],
        summary: 'Import a file (multipart field "file"; optional fields layout, indicator, year, sheet, source, dryRun). Same validation as the CLI; all or nothing.',
        consumes: ['multipart/form-data'],
        // 403 and 422 carry the report when the file was refused; an error envelope otherwise.
        response: { 200: importReply, 201: importReply, 403: z.union([importReply, errorReply]), 422: z.union([importReply, errorReply]), ...errorReplies },
      },
    },
    async (req, reply) => {
      const user = requireRole(req.user, ['admin', 'reporter'])
      if (!req.isMultipart()) throw new AppError('http.unsupported_media_type')
      const fields: Record<string, string> = {}
      let upload: { bytes: Uint8Array; name: string } | undefined
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer()
            // Strip any path a browser sends; the name is only a label (and the default source).
            upload = { bytes, name: (part.filename.split(/[\\/]/).pop() || 'upload').slice(0, 200) }
          } else if (typeof part.value === 'string') fields[part.fieldname] = part.value
        }
      } catch (e) {
        const code = (e as { code?: string; statusCode?: number }).code
        if (code === 'FST_REQ_FILE_TOO_LARGE' || (e as { statusCode?: number }).statusCode === 413) throw e
        throw new AppError('http.bad_multipart', {}, { cause: e })
      }
      if (!upload) throw new AppError('http.file_missing', { field: 'file' })
      const layout = fields.layout ?? 'auto'
      if (!['auto', 'long', 'wide', 'yearbook'].includes(layout)) throw new AppError('http.bad_value', { field: 'layout', value: layout })
      const status = user.role === 'admin' && fields.status && STATUSES.includes(fields.status as (typeof STATUSES)[number]) ? (fields.status as (typeof STATUSES)[number]) : 'draft'
      const report = await importUpload(
        ctx,
        upload,
        {
          ...(layout !== 'auto' ? { layout: layout as 'long' | 'wide' | 'yearbook' } : {}),
          ...(fields.indicator ? { indicator: fields.indicator } : {}),
          ...(fields.year ? { year: fields.year } : {}),
          ...(fields.sheet ? { sheet: fields.sheet } : {}),
          ...(fields.source ? { source: fields.source.slice(0, 500) } : {}),
          dryRun: fields.dryRun === 'true' || (req.query as Record<string, string>).dryRun === 'true',
          status,
          by: user.username,
          at: now().toISOString(),
          origin: origin(req),
          read: deps.parser.read,
        },
        (region) => mayWriteRegion(user, region, ctx.regions),
      )
      const render = (p: (typeof report.files)[number]['errors'][number]) => ({ severity: p.severity, code: p.code, ...p.location, params: p.params, message: formatProblem('zh', p), messageEn: formatProblem('en', p) })
      const body = { ok: report.ok, dryRun: report.dryRun, files: report.files.map((f) => ({ ...f, errors: f.errors.map(render), warnings: f.warnings.map(render) })) }
      reply.status(report.ok ? (report.dryRun ? 200 : 201) : report.forbidden ? 403 : 422)
      return body
    },
  )

  app.get('/api/review/queue', { schema: { tags: ['review'], summary: 'Values waiting for review, with the published value each would replace', response: { 200: reviewQueueReply, ...errorReplies } } }, async (req) => {
    requireRole(req.user, ['admin', 'reviewer', 'viewer'])
    return reviewQueue(ctx)
  })

  app.post(
    '/api/review/:action',
    {
      schema: {
        tags: ['review'],
        summary: 'submit (reporters) · return with a comment, approve, publish (reviewers). Select by ids, or by indicator/region/year.',
        params: z.object({ action: z.enum(['submit', 'return', 'approve', 'publish']) }),
        body: z
          .object({
            ids: z.array(z.number().int().positive()).max(100_000).optional(),
            indicator: z.string().min(1).max(100).optional(),
            region: z.string().min(1).max(100).optional(),
            year: z.number().int().min(1900).max(2100).optional(),
            comment: requestText(2000).optional(),
          })
          .strict(),
        response: { 200: transitionReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      const b = req.body
      if (!b.ids?.length && !b.indicator && !b.region && b.year === undefined) throw new AppError('http.selection_required')
      return transition(
        ctx,
        { user, at: now().toISOString(), origin: origin(req) },
        req.params.action,
        {
          ...(b.ids ? { ids: b.ids } : {}),
          ...(b.indicator ? { indicator: resolveIndicatorArg(ctx, b.indicator) } : {}),
          ...(b.region ? { region: resolveRegionArg(ctx, b.region) } : {}),
          ...(b.year !== undefined ? { year: b.year } : {}),
        },
        b.comment,
      )
    },
  )

  app.get(
    '/api/export',
    { schema: { tags: ['data'], summary: 'Open data download: CSV (BOM, formula-safe), XLSX or JSON; anonymous: published values', querystring: filterQuery.extend({ format: z.enum(['csv', 'xlsx', 'json']).default('csv') }),
        response: {
          200: fileReply('The observations as a download (Content-Disposition: attachment)', ['text/csv', 'application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
          ...errorReplies,
        },
      },
    },
    async (req, reply) => {
      const rows = toViews(ctx, await visibleRows(req))
      const format = req.query.format
      const name = `urbmon-observations.${format}`
      reply.header('Content-Disposition', `attachment; filename="${name}"`)
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows))
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(toJson(rows))
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(rows))
    },
  )
}
