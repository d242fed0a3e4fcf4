/** `GET /api/inbox`: a reporter's returned values, unsubmitted drafts and tasks coming due. @module */
import { z } from 'zod'

export const inboxReply = z.strictObject({
  returned: z.array(
    z.strictObject({
      id: z.number(),
      indicator: z.string(),
      indicatorName: z.string(),
      region: z.string(),
      regionName: z.string(),
      year: z.number(),
      value: z.number(),
      unit: z.string(),
      version: z.number(),
      comment: z.string().nullable(),
      returnedBy: z.string(),
      returnedAt: z.string(),
    }),
  ),
  drafts: z.array(z.strictObject({ region: z.string(), regionName: z.string(), year: z.number(), count: z.number() })),
  tasks: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      titleEn: z.string(),
      deadline: z.string(),
      status: z.string(),
      percent: z.number(),
      overdue: z.boolean(),
      /** Days until the deadline (negative: overdue by that many days). */
      daysLeft: z.number(),
    }),
  ),
  /** Open data requests naming my regions, soonest due first, with my regions' progress. */
  requests: z.array(
    z.strictObject({
      id: z.number(),
      title: z.string(),
      year: z.number(),
      due: z.string(),
      daysLeft: z.number(),
      late: z.boolean(),
      expected: z.number(),
      /** Cells entered or further along. */
      entered: z.number(),
      /** Cells submitted or further along. */
      submitted: z.number(),
    }),
  ),
})
export type InboxReply = z.infer<typeof inboxReply>
