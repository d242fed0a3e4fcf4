/** `GET/POST /api/observations/{id}/comments`: a value's comment thread and follow-up flag (issue 15). @module */
import { z } from 'zod'

export const commentKind = z.enum(['comment', 'return', 'follow_up_on', 'follow_up_off'])

export const observationComment = z.strictObject({
  id: z.number(),
  kind: commentKind,
  observationVersion: z.number(),
  author: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
})

export const commentThreadReply = z.strictObject({
  observationId: z.number(),
  followUp: z.boolean(),
  comments: z.array(observationComment),
})

export type CommentThreadReply = z.infer<typeof commentThreadReply>
export type ObservationCommentReply = z.infer<typeof observationComment>

/** `GET /api/comment-marks?year=`: the cells of a year that have a comment thread or a follow-up flag. */
export const commentMarksReply = z.array(z.strictObject({ indicator: z.string(), region: z.string(), year: z.number(), commentCount: z.number(), followUp: z.boolean() }))
export type CommentMarksReply = z.infer<typeof commentMarksReply>
