/** The import history: who loaded which file when, with what it did. */
import { z } from 'zod'

export const importRecord = z.strictObject({
  id: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  format: z.string(),
  layout: z.string(),
  source: z.string().nullable(),
  at: z.string(),
  by: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  warnings: z.number().int(),
})
export type ImportRecordReply = z.infer<typeof importRecord>

export const importListReply = z.strictObject({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  imports: z.array(importRecord),
})
export type ImportListReply = z.infer<typeof importListReply>
