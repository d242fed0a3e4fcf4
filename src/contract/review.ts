/** The review queue's filters and the year-before value it shows beside each value. @module */
import { z } from 'zod'

import { workflowStatus } from './common.js'

/** The value of the same indicator and region the year before. */
export const previousValue = z.strictObject({
  year: z.number(),
  value: z.number(),
  status: workflowStatus,
  source: z.string(),
  /** `published`: the preferred source's published value (what the public sees); `current`: never published, its value now. */
  basis: z.enum(['published', 'current']),
})
export type PreviousValue = z.infer<typeof previousValue>

/** The statuses a value waits in for review. */
export const queueStatus = z.enum(['submitted', 'approved_local', 'approved'])

export const queueFlagFilter = z.enum(['any', 'none', 'follow_up'])

/**
 * `GET /api/review/queue` filters, as text (the server checks each and answers 400 naming the field): region
 * (code or name; a region counts its children), indicator (id or name), year (four digits), status (one of
 * `queueStatus`), flag (`any`: with a consistency or history flag; `none`: without; `follow_up`: flagged for
 * follow-up in its comment thread).
 */
export const reviewQueueQuery = z
  .object({
    region: z.string().max(100).optional(),
    indicator: z.string().max(100).optional(),
    year: z.string().max(10).optional(),
    status: z.string().max(20).optional(),
    flag: z.string().max(10).optional(),
  })
  .strict()
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuery>
