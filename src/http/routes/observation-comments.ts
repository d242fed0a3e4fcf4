/** A value's comment thread: GET and POST /api/observations/{id}/comments (issue 15). @module */
import { z } from 'zod'

import { addComment, threadMarksOfYear, threadOf, type CommentThread } from '../../app/observation-comments.js'
import { commentMarksReply, commentThreadReply, errorReplies, type CommentThreadReply } from '../../contract/index.js'
import { requestText } from '../../contract/text.js'
import { origin, requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

const params = z.object({ id: z.coerce.number().int().positive() })

function reply(id: number, t: CommentThread): CommentThreadReply {
  return {
    observationId: id,
    followUp: t.followUp,
    comments: t.comments.map((c) => ({
      id: c.id,
      kind: c.kind,
      observationVersion: c.observationVersion,
      author: c.author,
      authorName: c.authorName,
      body: c.body,
      createdAt: c.createdAt,
    })),
  }
}

export function registerObservationCommentRoutes(app: App, deps: Deps): void {
  const { ctx, now } = deps
  app.get(
    '/api/comment-marks',
    {
      schema: {
        tags: ['data'],
        summary:
          'The cells of one year with a comment thread or a follow-up flag (indicator, region, comment count, flag), for the data-entry grid. Signed in; reporters only for their regions.',
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2100) }).strict(),
        response: { 200: commentMarksReply, ...errorReplies },
      },
    },
    async (req) => threadMarksOfYear(ctx, requireUser(req), req.query.year),
  )
  app.get(
    '/api/observations/:id/comments',
    {
      schema: {
        tags: ['data'],
        summary:
          "A value's comment thread, oldest first (comments, reviewers' return comments, follow-up flag changes), kept across new versions of the value, and whether it is flagged for follow-up. Signed in; reporters only for their regions.",
        params,
        response: { 200: commentThreadReply, ...errorReplies },
      },
    },
    async (req) => reply(req.params.id, await threadOf(ctx, requireUser(req), req.params.id)),
  )
  app.post(
    '/api/observations/:id/comments',
    {
      schema: {
        tags: ['data'],
        summary:
          "Adds a comment (body, 1–2000 characters) to a value's thread and/or sets or clears its follow-up flag (followUp: reviewers and admins). Reporters write in their regions, reviewers in the regions they review, admins everywhere; viewers may not. Audited (observation.comment, observation.follow_up).",
        params,
        body: z.object({ body: requestText(2000).optional(), followUp: z.boolean().optional() }).strict(),
        response: { 200: commentThreadReply, ...errorReplies },
      },
    },
    async (req) => {
      const actor = { user: requireUser(req), at: now().toISOString(), origin: origin(req) }
      return reply(req.params.id, await addComment(ctx, actor, req.params.id, req.body))
    },
  )
}
