import type { FastifyRequest } from 'fastify'
import { z } from 'zod'

import { finished, PassThrough, pipeline, Readable, Transform } from 'node:stream'

import { checkXlsxRows, exportChunks, exportFileName, selectedViews, viewPage, writeXlsxStream, type Selection } from '../../app/export.js'
import { requestText } from '../../contract/text.js'
import { importUpload } from '../../app/import-files.js'
import type { ImportJob, JobProgress, JobResult } from '../../app/import-jobs.js'
import { parseYearArg, resolveIndicatorArg, resolveRegionArg } from '../../app/query.js'
import { loadMonitoringData } from '../../app/recompute.js'
import { loadRanking, seriesChoice, sourceFields } from '../../app/sources.js'
import { mayWriteRegion } from '../../app/users.js'
import { putObservation, requireRole, reviewQueue, transition } from '../../app/workflow.js'
import { AppError } from '../../core/errors.js'
import { isSourceGrade, type SourceGrade } from '../../core/source-grade.js'
import { WORKFLOW_STATUSES } from '../../core/workflow.js'
import { formatProblem } from '../../i18n/t.js'
import {
  aggregatesReply,
  errorReplies,
  errorReply,
  fileReply,
  historyReply,
  importJobReply,
  importReply,
  type ImportJobReply,
  type ImportReply,
  observationsReply,
  queueFlagFilter,
  queueStatus,
  reviewQueueQuery,
  reviewQueueReply,
  savedObservationReply,
  transitionReply,
} from '../../contract/index.js'
import { origin, requireUser } from '../auth.js'
import { contractJson } from '../safe-json.js'
import type { App, Deps } from '../route-deps.js'
import { sendCachedJson } from '../cached-json.js'
import { ExportCache } from '../export-cache.js'

/** The largest page of `/api/observations` (and its default): about 20 MB of JSON. */
export const OBSERVATIONS_MAX_PAGE = 50_000

const EXPORT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
} as const

const STATUSES = WORKFLOW_STATUSES

const filterQuery = z.object({
  indicator: z.string().min(1).max(100).optional(),
  region: z.string().min(1).max(100).optional(),
  year: z
    .string()
    .regex(/^[\d,\s:-]{4,40}$/, 'a year, a list (2020,2021) or a range (2017-2022)')
    .optional(),
  status: z.enum(STATUSES).optional(),
  view: z.enum(['current', 'published']).optional(),
})

/** The import's stated grade for new sources (`sourceGrade` field). */
function importGrade(raw: string): SourceGrade {
  if (!isSourceGrade(raw)) throw new AppError('http.bad_value', { field: 'sourceGrade', value: raw.slice(0, 100) })
  return raw
}

async function readUpload(req: FastifyRequest): Promise<{ upload: { bytes: Uint8Array; name: string }; fields: Record<string, string> }> {
  const fields: Record<string, string> = {}
  let upload: { bytes: Uint8Array; name: string } | undefined
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer()
        // Strip any path a browser sends; the name is only a label (and the default source).
        upload = { bytes, name: ((part.filename || 'upload').split(/[\\/]/).pop() ?? 'upload').slice(0, 200) }
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value
    }
  } catch (e) {
    const code = (e as { code?: string; statusCode?: number }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE' || (e as { statusCode?: number }).statusCode === 413) throw e
    throw new AppError('http.bad_multipart', {}, { cause: e })
  }
  if (!upload) throw new AppError('http.file_missing', { field: 'file' })
  return { upload, fields }
}

function jobView(job: ImportJob<ImportReply>): ImportJobReply {
  return {
    id: job.id,
    statusUrl: `/api/imports/jobs/${job.id}`,
    file: job.file,
    phase: job.phase,
    rowsRead: job.rowsRead,
    rowsWritten: job.rowsWritten,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    result: job.result ? { status: job.result.status, report: job.result.body } : null,
    error: job.error,
  }
}

export function registerDataRoutes(app: App, deps: Deps): void {
  const { ctx, now } = deps

  /** What a request may see: anonymous users (and view=published) see the last published value only. */
  function selectionOf(req: { user?: unknown; query: z.infer<typeof filterQuery> }): Selection {
    const q = req.query
    const published = !req.user || q.view === 'published'
    if (!req.user && q.status && q.status !== 'published') throw new AppError('auth.required')
    return {
      published,
      filter: {
        ...(q.indicator ? { indicators: [resolveIndicatorArg(ctx, q.indicator)] } : {}),
        ...(q.region ? { regions: [resolveRegionArg(ctx, q.region)] } : {}),
        ...(q.year ? parseYearArg(q.year) : {}),
        ...(q.status && !published ? { statuses: [q.status] } : {}),
      },
    }
  }

  app.get(
    '/api/observations',
    {
      schema: {
        tags: ['data'],
        summary: `Observations, one per cell and source (anonymous: published values only), in key order (indicator, region, period, source). Paged: at most \`limit\` rows (default and maximum ${OBSERVATIONS_MAX_PAGE}), whole cells; when more follow, the X-Next-Cursor header (and Link rel="next") gives the \`cursor\` of the next page.`,
        querystring: filterQuery.extend({ limit: z.coerce.number().int().min(1).max(OBSERVATIONS_MAX_PAGE).optional(), cursor: z.string().min(1).max(4000).optional() }),
        response: { 200: observationsReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const selection = selectionOf(req)
      const { limit = OBSERVATIONS_MAX_PAGE, cursor } = req.query
      // Same query, same data version, same visibility: the same page, served from the cache.
      const key = `observations|${req.user ? 'current' : 'published'}|${JSON.stringify(req.query)}`
      const page = await deps.cache.get(ctx, key, async () => {
        const { rows, next } = await viewPage(ctx, selection, limit, cursor)
        // Published reads (anonymous readers, view=published) never carry a reviewer's comment.
        const visible = req.user && !selection.published ? rows : rows.map(({ reviewComment: _comment, ...rest }) => rest)
        return { body: contractJson(observationsReply, visible), next }
      })
      if (page.next) {
        const params = new URLSearchParams(Object.entries(req.query).flatMap(([k, v]): Array<[string, string]> => (v === undefined || k === 'cursor' ? [] : [[k, String(v)]])))
        params.set('cursor', page.next)
        reply.header('X-Next-Cursor', page.next).header('Link', `</api/observations?${params.toString()}>; rel="next"`)
      }
      return sendCachedJson(req, reply, page.body)
    },
  )

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
      return {
        id: row.id,
        indicator: row.indicator,
        region: row.region,
        year: row.year,
        source: row.source,
        value: row.value,
        note: row.note,
        status: row.status,
        version: row.version,
        publishedValue: row.publishedValue,
        warnings: row.warnings,
      }
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
      const [revisions, ranking, choice] = await Promise.all([
        ctx.observations.history(indicator, region, String(req.query.year)),
        loadRanking(ctx),
        seriesChoice(ctx, indicator, region),
      ])
      return {
        indicator,
        region,
        year: req.query.year,
        seriesChoice: choice,
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
          ...sourceFields(ranking, r.source, r.confidence),
          reviewComment: r.reviewComment,
        })),
      }
    },
  )

  app.get(
    '/api/aggregates',
    {
      schema: {
        tags: ['data'],
        summary:
          'Each grouping (and the province) for one indicator and year: the published figure, else the value aggregated from its members, else why none (anonymous: published data)',
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
            return {
              region: r.code,
              value: resolved.value,
              origin: resolved.origin,
              method: resolved.method ?? null,
              weightedFallback: resolved.weightedFallback ?? false,
              missing: [] as string[],
              reason: null,
            }
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
        summary: `Import a file (multipart field "file"; optional fields layout, indicator, year, sheet, source, sourceGrade, confidence column in the file, dryRun, async). Same validation as the CLI; all or nothing. Files of ${deps.asyncImportBytes} bytes or more (or async=true) run as a background job: 202 with the job and its status URL (Location), which ends with the reply a synchronous import gives. At most ${deps.limits.options.importsPerUser} imports at once per user, else 429 with Retry-After.`,
        consumes: ['multipart/form-data'],
        // 403 and 422 carry the report when the file was refused; an error envelope otherwise.
        response: { 200: importReply, 201: importReply, 202: importJobReply, 403: z.union([importReply, errorReply]), 422: z.union([importReply, errorReply]), ...errorReplies },
      },
    },
    async (req, reply) => {
      const user = requireRole(req.user, ['admin', 'reporter'])
      if (!req.isMultipart()) throw new AppError('http.unsupported_media_type')
      // The slot is taken before the upload is read, and handed to the job when there is one.
      const release = deps.limits.acquire('import', `user:${user.id}`)
      let handedToJob = false
      try {
        const { upload, fields } = await readUpload(req)
        const layout = fields.layout ?? 'auto'
        if (!['auto', 'long', 'wide', 'yearbook'].includes(layout)) throw new AppError('http.bad_value', { field: 'layout', value: layout })
        const status =
          user.role === 'admin' && fields.status && STATUSES.includes(fields.status as (typeof STATUSES)[number]) ? (fields.status as (typeof STATUSES)[number]) : 'draft'
        const query = req.query as Record<string, string>
        const options = {
          ...(layout !== 'auto' ? { layout: layout as 'long' | 'wide' | 'yearbook' } : {}),
          ...(fields.indicator ? { indicator: fields.indicator } : {}),
          ...(fields.year ? { year: fields.year } : {}),
          ...(fields.sheet ? { sheet: fields.sheet } : {}),
          ...(fields.source ? { source: fields.source.slice(0, 500) } : {}),
          ...(fields.sourceGrade ? { sourceGrade: importGrade(fields.sourceGrade) } : {}),
          dryRun: fields.dryRun === 'true' || query.dryRun === 'true',
          status,
          by: user.username,
          at: now().toISOString(),
          origin: origin(req),
          read: deps.parser.read,
        }
        // The one import call, whether answered now or by a job.
        const runImport = async (onProgress?: JobProgress): Promise<JobResult<ImportReply>> => {
          const report = await importUpload(ctx, upload, { ...options, ...(onProgress ? { onProgress } : {}) }, (region) => mayWriteRegion(user, region, ctx.regions))
          const render = (p: (typeof report.files)[number]['errors'][number]) => ({
            severity: p.severity,
            code: p.code,
            ...p.location,
            params: p.params,
            message: formatProblem('zh', p),
            messageEn: formatProblem('en', p),
          })
          const body = { ok: report.ok, dryRun: report.dryRun, files: report.files.map((f) => ({ ...f, errors: f.errors.map(render), warnings: f.warnings.map(render) })) }
          return { status: report.ok ? (report.dryRun ? 200 : 201) : report.forbidden ? 403 : 422, body: importReply.parse(body) }
        }
        const asJob = fields.async === 'true' || query.async === 'true' || upload.bytes.length >= deps.asyncImportBytes
        if (!asJob) {
          const { status: code, body } = await runImport()
          return reply.status(code).send(body)
        }
        const job = deps.jobs.start(user.id, upload.name, runImport, release)
        handedToJob = true
        const body = jobView(job)
        return reply.status(202).header('Location', body.statusUrl).send(body)
      } finally {
        if (!handedToJob) release()
      }
    },
  )

  app.get(
    '/api/imports/jobs/:id',
    {
      schema: {
        tags: ['data'],
        summary:
          'A background import: phase, rows read and written, and when done the reply of the synchronous import (its status and report) or its error. Its owner and admins only.',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: importJobReply, ...errorReplies },
      },
    },
    (req) => {
      const user = requireUser(req)
      const job = deps.jobs.get(req.params.id)
      // Someone else's job is as unknown as a missing one: ids are not confirmed to those who may not see them.
      if (!job || (job.owner !== user.id && user.role !== 'admin')) throw new AppError('job.not_found', { id: req.params.id.slice(0, 100) })
      return Promise.resolve(jobView(job))
    },
  )

  app.get(
    '/api/review/queue',
    {
      schema: {
        tags: ['review'],
        summary:
          'Values waiting for review (a reviewer limited to regions: its regions; with two approval levels, the province sees what waits for it), with the published value each would replace, the year before and the growth. Filters: region (with its children), indicator, year, status, flag (any, none, follow_up). Each row carries its comment count and follow-up flag.',
        querystring: reviewQueueQuery,
        response: { 200: reviewQueueReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireRole(req.user, ['admin', 'reviewer', 'viewer'])
      const q = req.query
      const bad = (field: string, value: string) => new AppError('http.bad_value', { field, value: value.slice(0, 100) })
      const year = q.year ? Number(q.year) : undefined
      if (q.year && (!/^\d{4}$/.test(q.year) || year === undefined || year < 1900 || year > 2100)) throw bad('year', q.year)
      const status = q.status ? queueStatus.safeParse(q.status) : undefined
      if (q.status && !status?.success) throw bad('status', q.status)
      const flag = q.flag ? queueFlagFilter.safeParse(q.flag) : undefined
      if (q.flag && !flag?.success) throw bad('flag', q.flag)
      const items = await reviewQueue(ctx, user, {
        ...(q.region ? { region: resolveFilterArg('region', () => resolveRegionArg(ctx, q.region ?? '')) } : {}),
        ...(q.indicator ? { indicator: resolveFilterArg('indicator', () => resolveIndicatorArg(ctx, q.indicator ?? '')) } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(status?.data ? { status: status.data } : {}),
      })
      if (!flag?.data) return items
      if (flag.data === 'follow_up') return items.filter((i) => i.followUp)
      const flagged = flag.data === 'any'
      return items.filter((i) => i.flags.length > 0 === flagged)
    },
  )

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
            /** Check and list what would move, moving nothing. */
            dryRun: z.boolean().optional(),
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
        { dryRun: b.dryRun === true },
      )
    },
  )

  app.get(
    '/api/export',
    {
      schema: {
        tags: ['data'],
        summary: `Open data download, streamed as it is read: CSV (BOM, formula-safe), XLSX (at most ${deps.exports.xlsxMaxRows} rows; larger selections get 422 export.too_many_rows — use CSV), JSON (an array, one row per line) or JSON lines; anonymous: published values, with an ETag per data version. At most ${deps.limits.options.exportsPerUser} exports at once per user (per address when anonymous), else 429 with Retry-After.`,
        querystring: filterQuery.extend({ format: z.enum(['csv', 'xlsx', 'json', 'jsonl']).default('csv') }),
        response: {
          200: fileReply('The observations as a download (Content-Disposition: attachment)', [
            'text/csv',
            'application/json',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'application/x-ndjson',
          ]),
          ...errorReplies,
        },
      },
    },
    async (req, reply) => {
      const selection = selectionOf(req)
      const format = req.query.format
      reply.header('Content-Disposition', `attachment; filename="${exportFileName(selection.filter, format)}"`).type(EXPORT_TYPES[format])
      // The public's exports are the same bytes until the data changes: an ETag, and the body kept in memory.
      const anonymous = req.user === undefined
      const version = anonymous ? await deps.cache.dataVersion(ctx) : ''
      const cacheKey = `${format}|${JSON.stringify(req.query)}`
      if (anonymous) {
        const etag = ExportCache.etag(cacheKey, version)
        reply.header('ETag', etag).header('Cache-Control', 'public, no-cache')
        if (req.headers['if-none-match'] === etag) return reply.status(304).send()
        const hit = deps.exports.cache.get(cacheKey, version)
        if (hit) return reply.header('X-Urbmon-Cache', 'hit').send(hit)
      }
      if (format === 'xlsx') await checkXlsxRows(ctx, selection, deps.exports.xlsxMaxRows)
      const user = req.user as { id: number } | undefined
      const release = deps.limits.acquire('export', user ? `user:${user.id}` : `ip:${req.ip}`)
      const collector = anonymous ? deps.exports.cache.collector(cacheKey, version) : undefined
      const tee = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          collector?.add(chunk)
          done(null, chunk)
        },
        flush(done) {
          // Kept only if no write happened while it was read.
          if (!collector) return done()
          deps.cache.dataVersion(ctx).then((now) => {
            if (now === version) collector.keep()
            done()
          }, done)
        },
      })
      finished(tee, release)
      reply.raw.once('close', release)
      const batches = selectedViews(ctx, selection)
      if (format === 'xlsx') {
        const out = new PassThrough()
        pipeline(out, tee, () => {})
        writeXlsxStream(batches, out).catch((e: unknown) => {
          req.log.error({ err: e }, 'xlsx export failed')
          out.destroy(e as Error)
        })
      } else {
        // Bytes, not objects: with 64 KiB buffered it reads the next page only when the client has taken this one.
        pipeline(Readable.from(exportChunks(batches, format), { objectMode: false, highWaterMark: 64 * 1024 }), tee, (e) => {
          if (e) req.log.error({ err: e }, 'export failed')
        })
      }
      return reply.header('X-Urbmon-Cache', anonymous ? 'miss' : 'none').send(tee)
    },
  )
}

/** A filter naming an unknown region or indicator is a bad request naming the field (400), not a missing resource. */
function resolveFilterArg(field: string, resolve: () => string): string {
  try {
    return resolve()
  } catch (e) {
    if (e instanceof AppError && (e.code === 'region.unknown' || e.code === 'region.ambiguous' || e.code === 'indicator.unknown')) {
      const p = e.params as { name: string }
      throw new AppError('http.bad_value', { field, value: p.name.slice(0, 100) }, { cause: e })
    }
    throw e
  }
}
