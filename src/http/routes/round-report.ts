/**
 * The consolidated report of an evaluation round (issue 16) as a download: while the round is open for whoever
 * may read its consolidated view, once it is closed for anyone (src/app/round-report.ts says why).
 * @module
 */
import { z } from 'zod'

import { consolidatedForReport, renderRoundReport, ROUND_REPORT_CONTENT_TYPES, type ConsolidatedReader } from '../../app/round-report.js'
import { errorReplies, fileReply } from '../../contract/index.js'
import type { App, Deps } from '../route-deps.js'

const params = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) })
const querystring = z.object({ lang: z.enum(['zh', 'en']).default('zh') })

/** `rounds`: the rounds service (server.ts passes the RoundService the rounds routes use). */
export function registerRoundReportRoutes(app: App, deps: Deps, rounds: ConsolidatedReader): void {
  const { ctx, now } = deps
  for (const format of ['html', 'docx'] as const) {
    app.get(
      `/api/rounds/:id/report.${format}`,
      {
        schema: {
          tags: ['evaluation'],
          summary: `The round’s consolidated report as ${format === 'docx' ? 'editable DOCX' : 'self-contained HTML'}: per target the computed status, each city’s self-rating and the evaluator’s rating and findings, the disagreements; per city the self-evaluation, survey and index rank; the evidence and sources annex. Open round: admins, reviewers, viewers and the round’s evaluators; closed round: anyone.`,
          params,
          querystring,
          response: { 200: fileReply('The report as a download (Content-Disposition: attachment)', [ROUND_REPORT_CONTENT_TYPES[format]]), ...errorReplies },
        },
      },
      async (req, reply) => {
        const at = now()
        const { consolidated, published } = await consolidatedForReport(ctx, rounds, req.user, req.params.id, at)
        const { body, fileName, contentType } = await renderRoundReport(ctx, consolidated, { format, lang: req.query.lang, now: at })
        void reply.header('Content-Disposition', `attachment; filename="${fileName}"`)
        void reply.header('Cache-Control', published ? 'public, max-age=300' : 'private, no-store')
        return reply.type(contentType).send(typeof body === 'string' ? body : Buffer.from(body))
      },
    )
  }
}
