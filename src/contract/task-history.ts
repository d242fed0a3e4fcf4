/** A task's history (`GET /api/tasks/{id}/history`): its audit log entries in words. @module */
import { z } from 'zod'

/** One field an entry changed: its value before and after, as stored (status codes, dates, department names). */
export const taskHistoryChange = z.strictObject({
  field: z.enum(['status', 'deadline', 'lead', 'cooperating', 'dropReason', 'percent']),
  from: z.string().nullable(),
  to: z.string().nullable(),
})
export type TaskHistoryChange = z.infer<typeof taskHistoryChange>

export const taskHistoryEntry = z.strictObject({
  /** The audit log entry's id. */
  id: z.number(),
  at: z.string(),
  /** User name, and the account's display name (the user name when the account is gone). */
  actor: z.string(),
  actorName: z.string(),
  /** The audit action: task.update, task.report, task.report_accept, task.report_return, task.split, inspection.open, inspection.correct, inspection.close. */
  action: z.string(),
  /** The task or sub-task the entry is about. */
  task: z.string(),
  changes: z.array(taskHistoryChange),
  /** The progress report the entry refers to, when it does. */
  report: z.strictObject({ id: z.number(), period: z.string() }).nullable(),
  /** Evidence files uploaded with the report; `id` is null when the file is no longer found with the report. */
  attachments: z.array(z.strictObject({ id: z.number().nullable(), reportId: z.number(), fileName: z.string() })),
  inspection: z.strictObject({ id: z.number(), title: z.string() }).nullable(),
  /** A return comment, a correction note, an inspection's conclusion or a drop reason. */
  comment: z.string().nullable(),
  /** What happened in a short sentence, in Chinese and in English. */
  summary: z.string(),
  summaryEn: z.string(),
})
export type TaskHistoryEntry = z.infer<typeof taskHistoryEntry>

/** Newest first; `more` when older entries were left out (ask again with `before` = the last entry's id). */
export const taskHistoryReply = z.strictObject({ task: z.string(), entries: z.array(taskHistoryEntry), more: z.boolean() })
export type TaskHistoryReply = z.infer<typeof taskHistoryReply>
