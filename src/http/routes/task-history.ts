/** A task's history from the audit log (issue 15): signed in, as the task's reports are. */
import { z } from 'zod'

import { HISTORY_PAGE_MAX, taskHistory } from '../../app/task-history.js'
import { errorReplies, taskHistoryReply } from '../../contract/index.js'
import { requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

export function registerTaskHistoryRoutes(app: App, deps: Deps): void {
  const { ctx } = deps
  app.get(
    '/api/tasks/:id/history',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'A task’s history, newest first: edits (before → after), progress reports with their evidence, reviews, splits and special inspections of it and its sub-tasks, with who and when (signed in)',
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(200),
            before: z.coerce.number().int().min(1).optional(),
          })
          .strict(),
        response: { 200: taskHistoryReply, ...errorReplies },
      },
    },
    async (req) => {
      requireUser(req)
      const q = req.query
      return taskHistory({ tasks: ctx.tasks, audit: ctx.audit, users: ctx.users }, req.params.id, { limit: q.limit, ...(q.before === undefined ? {} : { before: q.before }) })
    },
  )
}
