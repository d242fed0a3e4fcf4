/** Data requests (数据征集, issue 15): GET/POST /api/requests, GET/PATCH /api/requests/{id}. @module */
import { z } from 'zod'

export const dataRequestStatus = z.enum(['open', 'closed'])
export const progressState = z.enum(['missing', 'entered', 'submitted', 'approved', 'published'])
export type ProgressState = z.infer<typeof progressState>

const count = z.number().int().nonnegative()

/** `exactly`: cells in each state; `reached`: cells in that state or a further one. */
export const progressTotals = z.strictObject({
  expected: count,
  exactly: z.strictObject({ missing: count, entered: count, submitted: count, approved: count, published: count }),
  reached: z.strictObject({ entered: count, submitted: count, approved: count, published: count }),
})

export const dataRequest = z.strictObject({
  id: z.number(),
  title: z.string(),
  message: z.string(),
  indicators: z.array(z.string()),
  /** Every requested region for reviewers and admins; for a reporter, their own share. */
  regions: z.array(z.string()),
  year: z.number(),
  /** YYYY-MM-DD */
  due: z.string(),
  status: dataRequestStatus,
  createdBy: z.string(),
  createdAt: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number(),
  /** Days until the due date (negative: past it). */
  daysLeft: z.number(),
  /** Open, past the due date and not every cell submitted. */
  late: z.boolean(),
  progress: progressTotals,
})
export type DataRequest = z.infer<typeof dataRequest>

export const dataRequestsReply = z.array(dataRequest)

export const dataRequestDetailReply = dataRequest.extend({
  rows: z.array(
    z.strictObject({
      region: z.string(),
      regionName: z.string(),
      regionNameEn: z.string(),
      indicator: z.string(),
      indicatorName: z.string(),
      indicatorNameEn: z.string(),
      state: progressState,
    }),
  ),
})
export type DataRequestDetail = z.infer<typeof dataRequestDetailReply>
