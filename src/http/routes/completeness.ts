/**
 * Completeness and timeliness: GET /api/completeness (admins, reviewers, reporters for their own regions).
 * @module
 */
import { COMPLETENESS_ROLES, completenessCsv, completenessReport, parseCompletenessQuery } from '../../app/completeness.js'
import { requireRole } from '../../app/workflow.js'
import { completenessQuery, completenessReply, errorReplies } from '../../contract/index.js'
import type { App, Deps } from '../route-deps.js'

export function registerCompletenessRoutes(app: App, deps: Deps): void {
  app.get(
    '/api/completeness',
    {
      schema: {
        tags: ['data'],
        summary:
          "Completeness and timeliness of one year's figures (default: the latest year with a value in the selection). Expected: every indicator the plan collects (derived ones, with a formula, are counted through their inputs and listed under `derived`) × the plan's region and its prefecture-level cities × the year. Each expected cell has its furthest state (published > approved > submitted > entered; missing without a value; a published value under revision stays published), its due date from the plan's data calendar (month and day of the year after) and `late` (not published after the due date). Totals per region, per indicator and overall count the whole selection; `state` and `late` choose the rows. Filters: section (二 or 二(三)), region (code or name; it counts its cities), indicator. format=csv downloads the rows (UTF-8 with BOM). Admins and reviewers (a reviewer limited to regions: those); reporters their own regions (another region: 403); viewers and the public are refused, as the states show values before publication. Bad parameters: 400 naming the parameter.",
        // Checked by the use case, whose messages name the parameter.
        querystring: completenessQuery,
        response: { 200: completenessReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      // Who asks is checked before what is asked: a visitor learns nothing from the parameters.
      requireRole(req.user, COMPLETENESS_ROLES)
      const request = parseCompletenessQuery(req.query)
      const report = await completenessReport(deps.ctx, req.user, request, deps.now().toISOString().slice(0, 10))
      reply.header('Cache-Control', 'private, no-store')
      if (request.format === 'csv') {
        return reply
          .header('Content-Disposition', `attachment; filename="urbmon-completeness-${report.year}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(completenessCsv(report) as never)
      }
      return report
    },
  )
}
