/**
 * Open data routes: the catalogue with each indicator's metadata, one indicator's metadata, the reporting status,
 * the site search, one indicator's file and the "download all" archive. All read published figures only.
 * @module
 */
import { z } from 'zod'

import { expectedRegions, indicatorCatalogue, indicatorFile, OPEN_DATA_LICENCE, openDataArchive, reportingStatus, search, SEARCH_MAX_LENGTH } from '../../app/open-data.js'
import { resolveIndicatorArg, resolveRegionArg } from '../../app/query.js'
import { AppError } from '../../core/errors.js'
import { errorReplies, fileReply, openDataCatalogueReply, openDataIndicatorReply, reportingStatusReply, searchReply } from '../../contract/index.js'
import { ExportCache } from '../export-cache.js'
import type { App, Deps } from '../route-deps.js'

const DOWNLOAD_ALL = '/api/open-data/all.zip'

export function registerOpenDataRoutes(app: App, deps: Deps): void {
  const { ctx } = deps
  const catalogue = () => deps.cache.get(ctx, 'open-data|catalogue', () => indicatorCatalogue(ctx))
  const head = () => ({ licence: { ...OPEN_DATA_LICENCE }, ...deps.openData, expectedRegions: expectedRegions(ctx), downloadAll: DOWNLOAD_ALL })

  app.get(
    '/api/open-data/indicators',
    {
      schema: {
        tags: ['open data'],
        summary:
          'Every indicator with its metadata: definition, unit, method, sources with their grade, coverage by year and region (regions with a preferred published figure), last update, licence, and its files (null without published data)',
        response: { 200: openDataCatalogueReply, ...errorReplies },
      },
    },
    async () => ({ ...head(), indicators: await catalogue() }),
  )

  app.get(
    '/api/open-data/indicators/:id',
    {
      schema: {
        tags: ['open data'],
        summary: "One indicator's metadata (as in /api/open-data/indicators)",
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: openDataIndicatorReply, ...errorReplies },
      },
    },
    async (req) => {
      const id = resolveIndicatorArg(ctx, req.params.id)
      const found = (await catalogue()).find((m) => m.id === id)
      if (!found) throw new AppError('indicator.unknown', { name: req.params.id.slice(0, 100), candidates: '' })
      return { ...head(), indicator: found }
    },
  )

  app.get(
    '/api/open-data/status',
    {
      schema: {
        tags: ['open data'],
        summary:
          'Reporting status per plan chapter: indicators complete (some year with a published figure for the province and every city), partial (some published figures) and none',
        response: { 200: reportingStatusReply, ...errorReplies },
      },
    },
    async () => ({ expectedRegions: expectedRegions(ctx), chapters: reportingStatus(ctx.plan, await catalogue()) }),
  )

  app.get(
    '/api/search',
    {
      schema: {
        tags: ['open data'],
        summary: `Site search over indicators (name, id, aliases, definition), regions (name, code) and targets; q of at most ${SEARCH_MAX_LENGTH} characters; at most 50 results, best first`,
        // The length is checked by the use case, whose message names the field and the limit.
        querystring: z.object({ q: z.string().max(4000) }),
        response: { 200: searchReply, ...errorReplies },
      },
    },
    (req) => Promise.resolve({ q: req.query.q.trim(), results: search(ctx, req.query.q) }),
  )

  app.get(
    '/api/open-data/indicators/:id/data.csv',
    {
      schema: {
        tags: ['open data'],
        summary:
          "One indicator's published figures as CSV (UTF-8 BOM): one row per region and year with the preferred figure, its source, source grade and vintage; Chinese headings unless lang=en; vintages=true gives every published figure of each cell with a preferred column. The file is named urbmon-<indicator>-<region|all>-<years>.csv. 404 opendata.no_data when nothing is published.",
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: z.object({
          region: z.string().min(1).max(100).optional(),
          year: z
            .string()
            .regex(/^\d{4}(-\d{4})?$/, 'a year (2020) or a range (2015-2020)')
            .optional(),
          lang: z.enum(['zh', 'en']).default('zh'),
          vintages: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: fileReply('The CSV file (Content-Disposition: attachment)', ['text/csv']), ...errorReplies },
      },
    },
    async (req, reply) => {
      // Open data is the published view for everyone: one ETag per data version and query.
      const etag = ExportCache.etag(`open-data|${req.url}`, await deps.cache.dataVersion(ctx))
      if (req.headers['if-none-match'] === etag) return reply.status(304).send()
      const indicator = resolveIndicatorArg(ctx, req.params.id)
      const region = req.query.region ? resolveRegionArg(ctx, req.query.region) : undefined
      const [from, to] = req.query.year ? req.query.year.split('-').map(Number) : []
      const file = await indicatorFile(ctx, {
        indicator,
        ...(region ? { region } : {}),
        ...(from !== undefined ? { fromYear: from, toYear: to ?? from } : {}),
        lang: req.query.lang,
        vintages: req.query.vintages === 'true',
      })
      return reply
        .header('Content-Disposition', `attachment; filename="${file.name}"`)
        .header('ETag', etag)
        .header('Cache-Control', 'public, no-cache')
        .type('text/csv; charset=utf-8')
        .send(file.body)
    },
  )

  app.get(
    DOWNLOAD_ALL,
    {
      schema: {
        tags: ['open data'],
        summary:
          'Download all: a ZIP with a CSV per indicator with published data (data/), every vintage of those cells (vintages/), metadata.csv, metadata.json and README.txt with the licence; named urbmon-open-data-<date>.zip; made once per data version and day',
        response: { 200: fileReply('The ZIP archive (Content-Disposition: attachment)', ['application/zip']), ...errorReplies },
      },
    },
    async (req, reply) => {
      const at = deps.now()
      const day = at.toISOString().slice(0, 10)
      const etag = ExportCache.etag(`open-data|archive|${day}`, await deps.cache.dataVersion(ctx))
      if (req.headers['if-none-match'] === etag) return reply.status(304).send()
      const archive = await deps.cache.get(ctx, `open-data|archive|${day}`, () => openDataArchive(ctx, deps.openData, at))
      return reply
        .header('Content-Disposition', `attachment; filename="${archive.name}"`)
        .header('ETag', etag)
        .header('Cache-Control', 'public, no-cache')
        .type('application/zip')
        .send(archive.body)
    },
  )
}
