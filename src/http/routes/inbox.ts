/** The reporter's inbox: GET /api/inbox (reporters and admins). @module */
import { inboxOf } from '../../app/inbox.js'
import { errorReplies, inboxReply } from '../../contract/index.js'
import type { App, Deps } from '../route-deps.js'

export function registerInboxRoutes(app: App, deps: Deps): void {
  app.get(
    '/api/inbox',
    {
      schema: {
        tags: ['data'],
        summary:
          "What waits for me (reporters, admins): values a reviewer returned in my regions with the comment and who returned them when, my drafts not yet submitted (count per region and year), and my department's open tasks due within 60 days or overdue.",
        response: { 200: inboxReply, ...errorReplies },
      },
    },
    async (req) => inboxOf(deps.ctx, req.user, deps.now()),
  )
}
