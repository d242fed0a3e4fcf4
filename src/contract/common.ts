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

/** approved_local: approved by the city, waiting for the province (plans with two approval levels). */
export const workflowStatus = z.enum(['draft', 'submitted', 'approved_local', 'approved', 'published', 'returned'])
export type WorkflowStatus = z.infer<typeof workflowStatus>

/** evaluator: a third party, read-only on data, rating the rounds (and regions) it is assigned to (issue 16). */
export const role = z.enum(['admin', 'reviewer', 'reporter', 'viewer', 'evaluator'])

/** A source's quality grade, best first (src/core/source-grade.ts names the same ids). */
export const sourceGrade = z.enum(['yearbook', 'bulletin', 'government', 'news', 'secondary', 'unrated'])
export type SourceGradeId = z.infer<typeof sourceGrade>
/** How sure the evidence is of one figure. */
export const confidence = z.enum(['high', 'medium', 'low'])
/** What every reply that shows a figure's source carries beside it. */
export const sourceQualityFields = {
  sourceGrade,
  /** The year (or ISO date) the source published its figures, when known. */
  sourceVintage: z.string().nullable(),
  confidence: confidence.nullable(),
}
/** A reviewer's choice of the source a series (indicator × region) shows, overriding the rule. */
export const seriesChoice = z.strictObject({
  indicator: z.string(),
  region: z.string(),
  source: z.string(),
  reason: z.string(),
  chosenBy: z.string(),
  chosenAt: z.string(),
})

/** Error replies by status class, for a route's `response`. */
export const errorReplies = { '4xx': errorReply, '5xx': errorReply } as const

/** A download or page, documented by its content type; the body is not JSON. */
export const fileReply = (description: string, contentTypes: ReadonlyArray<string>) => ({
  description,
  content: Object.fromEntries(contentTypes.map((type) => [type, { schema: z.unknown().meta({ type: 'string', format: 'binary' }) }])),
})
