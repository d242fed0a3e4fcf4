/** Source quality: every source with its grade (public), a reviewer's regrade, a reviewer's per-series source choice. */
import { z } from 'zod'

import { indicatorCoverage } from '../../app/coverage.js'
import { clearSeriesSource, gradeSource, listSources, preferSeriesSource } from '../../app/sources.js'
import { SOURCE_GRADES, VINTAGE_PATTERN } from '../../core/source-grade.js'
import { coverageReply, errorReplies, seriesChoiceReply, sourceEntry, sourcesReply } from '../../contract/index.js'
import { requestText } from '../../contract/text.js'
import { origin, requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

export function registerSourceRoutes(app: App, deps: Deps): void {
  const { ctx, now } = deps

  app.get(
    '/api/sources',
    {
      schema: {
        tags: ['data'],
        summary: 'Every source with its quality grade, vintage, publisher, title, figure count and where the grade came from (public)',
        response: { 200: sourcesReply, ...errorReplies },
      },
    },
    async () => listSources(ctx),
  )

  app.get(
    '/api/coverage',
    {
      schema: {
        tags: ['data'],
        summary: 'Each indicator of the plan with how many published figures and regions it has, and its first and last year (public; zero: no data)',
        response: { 200: coverageReply, ...errorReplies },
      },
    },
    async () => deps.cache.get(ctx, 'coverage', () => indicatorCoverage(ctx)),
  )

  app.put(
    '/api/sources/grade',
    {
      schema: {
        tags: ['data'],
        summary: 'Regrade a source (reviewers and admins; audited). The preferred source of every series it feeds is picked again.',
        body: z
          .object({
            source: requestText(2000, 1),
            grade: z.enum(SOURCE_GRADES),
            vintage: z.string().regex(VINTAGE_PATTERN).nullable().optional(),
          })
          .strict(),
        response: { 200: sourceEntry, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      return gradeSource(
        ctx,
        { user, at: now().toISOString(), origin: origin(req) },
        { source: req.body.source, grade: req.body.grade, ...(req.body.vintage !== undefined ? { vintage: req.body.vintage } : {}) },
      )
    },
  )

  const series = { indicator: z.string().min(1).max(100), region: z.string().min(1).max(100) }

  app.put(
    '/api/series/preferred-source',
    {
      schema: {
        tags: ['data'],
        summary: 'Choose the source a series (indicator × region) shows, overriding the rule, with a reason (reviewers and admins not limited to regions; audited)',
        body: z.object({ ...series, source: requestText(2000, 1), reason: requestText(2000, 1) }).strict(),
        response: { 200: seriesChoiceReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      const choice = await preferSeriesSource(ctx, { user, at: now().toISOString(), origin: origin(req) }, req.body)
      return { choice, cleared: null }
    },
  )

  app.delete(
    '/api/series/preferred-source',
    {
      schema: {
        tags: ['data'],
        summary: 'Remove a series’ chosen source: the rule decides again (reviewers and admins not limited to regions; audited)',
        querystring: z.object(series),
        response: { 200: seriesChoiceReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      const cleared = await clearSeriesSource(ctx, { user, at: now().toISOString(), origin: origin(req) }, req.query)
      return { choice: null, cleared: cleared ?? null }
    },
  )
}
