/** The plan as loaded into the store (issue 15): which file, which version, its checksum and size. */
import { z } from 'zod'

export const planLoadedReply = z.strictObject({
  id: z.string(),
  version: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
})
export type PlanLoadedReply = z.infer<typeof planLoadedReply>
