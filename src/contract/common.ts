/**
 * Building blocks of the HTTP contract. Reply objects are strict: a field the server sends but the contract does
 * not name fails serialisation (a test failure), instead of being dropped on the way out.
 * @module
 */
import { z } from 'zod'

/** `{ error: { code, message, messageEn, details } }`: every 4xx and 5xx reply. */
export const errorReply = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    /** In the client's language (Accept-Language or ?lang=). */
    message: z.string(),
    messageEn: z.string(),
    details: z.unknown(),
  }),
})
export type ErrorReply = z.infer<typeof errorReply>

export const okReply = z.strictObject({ ok: z.literal(true) })

/** Params of a message: the values a catalog entry renders (errors, warnings, import problems). */
export const messageParams = z.record(z.string(), z.union([z.string(), z.number()]))

export const workflowStatus = z.enum(['draft', 'submitted', 'approved', 'published', 'returned'])
export type WorkflowStatus = z.infer<typeof workflowStatus>

export const role = z.enum(['admin', 'reviewer', 'reporter', 'viewer'])

/** Error replies by status class, for a route's `response`. */
export const errorReplies = { '4xx': errorReply, '5xx': errorReply } as const

/** A download or page, documented by its content type; the body is not JSON. */
export const fileReply = (description: string, contentTypes: ReadonlyArray<string>) => ({
  description,
  content: Object.fromEntries(contentTypes.map((type) => [type, { schema: z.unknown().meta({ type: 'string', format: 'binary' }) }])),
})
