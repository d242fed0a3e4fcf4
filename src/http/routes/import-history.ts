/** The import history (issue 15): the list, filtered by user and date, and one entry. Signed in; scoped by role. */
import { z } from 'zod'

import { getImport, IMPORT_PAGE_MAX, listImports } from '../../app/import-history.js'
import { errorReplies, importListReply, importRecord } from '../../contract/index.js'

import { requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/)

export function registerImportHistoryRoutes(app: App, deps: Deps): void {
  const history = () => deps.ctx.importHistory

  app.get(
    '/api/imports',
    {
      schema: {
        tags: ['data'],
        summary: 'The import history, newest first: who loaded which file when, its sha256, format, layout, source and counts (reviewers and admins see all, a reporter its own)',
        querystring: z
          .object({
            by: z.string().min(1).max(100).optional(),
            from: isoDate.optional(),
            to: isoDate.optional(),
            limit: z.coerce.number().int().min(1).max(IMPORT_PAGE_MAX).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: importListReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      const q = req.query
      const out = await listImports(history(), user, q)
      return { total: out.total, limit: q.limit, offset: q.offset, imports: [...out.imports] }
    },
  )

  app.get(
    '/api/imports/:id',
    {
      schema: {
        tags: ['data'],
        summary: 'One import of the history with its counts (the report’s problems are not stored: the counts are its summary)',
        params: z.object({ id: z.coerce.number().int().min(1) }),
        response: { 200: importRecord, ...errorReplies },
      },
    },
    async (req) => getImport(history(), requireUser(req), req.params.id),
  )
}
