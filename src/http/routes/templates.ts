/**
 * Data templates to fill in: GET /api/templates (signed-in users; reporters only for their own regions).
 * @module
 */
import { z } from 'zod'

import { buildTemplate } from '../../app/templates.js'
import { errorReplies, fileReply } from '../../contract/index.js'
import { requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function registerTemplateRoutes(app: App, deps: Deps): void {
  app.get(
    '/api/templates',
    {
      schema: {
        tags: ['data'],
        summary:
          "A data template: the regions (a reporter's own by default; others the province and its cities) × the indicators of a plan chapter or section (section=二 or 二(三)) or a list (indicators=a,b) × one year (or those of a data request: request=ID, with a reporter's share of its regions; unknown id 404), in the long layout the importer reads, with the previous year's published value (not imported) and an empty value column; XLSX adds range checks and an instructions sheet (说明). Bad parameters: 400 naming the field; a region outside a reporter's scope: 403.",
        // Checked by the use case, whose messages name the field.
        querystring: z.object({
          format: z.string().max(10).default('xlsx'),
          year: z.string().max(10).default(''),
          section: z.string().max(40).optional(),
          indicators: z.string().max(4000).optional(),
          regions: z.string().max(4000).optional(),
          request: z.string().max(20).optional(),
        }),
        response: { 200: fileReply('The template (Content-Disposition: attachment)', [XLSX_TYPE, 'text/csv']), ...errorReplies },
      },
    },
    async (req, reply) => {
      const user = requireUser(req)
      const t = await buildTemplate(deps.ctx, user, req.query)
      return reply
        .header('Content-Disposition', `attachment; filename="${t.name.ascii}"; filename*=UTF-8''${encodeURIComponent(t.name.utf8)}`)
        .header('Cache-Control', 'private, no-store')
        .type(t.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
        .send(t.body)
    },
  )
}
