/** The task board, progress reports and special inspections. @module */
import { z } from 'zod'

export const taskStatus = z.enum(['not_started', 'in_progress', 'done', 'delayed', 'dropped'])

export const task = z.strictObject({
  id: z.string(),
  parentId: z.string().nullable(),
  section: z.string(),
  title: z.string(),
  titleEn: z.string(),
  description: z.string(),
  lead: z.string(),
  cooperating: z.array(z.string()),
  regions: z.array(z.string()),
  /** YYYY-MM-DD. */
  deadline: z.string(),
  indicators: z.array(z.string()),
  targets: z.array(z.string()),
  status: taskStatus,
  dropReason: z.string().nullable(),
  percent: z.number(),
  lastReportAt: z.string().nullable(),
  version: z.number(),
  subtasks: z.number(),
  /** Status and percent come from the sub-tasks when there are any. */
  rolledUp: z.boolean(),
})
export type Task = z.infer<typeof task>
export const tasksReply = z.array(task)

export const attachment = z.strictObject({ id: z.number(), reportId: z.number(), fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string() })

export const taskReport = z.strictObject({
  id: z.number(),
  taskId: z.string(),
  period: z.string(),
  text: z.string(),
  percent: z.number(),
  proposedStatus: taskStatus,
  status: z.enum(['submitted', 'accepted', 'returned']),
  reviewComment: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  attachments: z.array(attachment),
})

/** Anonymous requests get no reports. */
export const taskDetailReply = z.strictObject({ task, subtasks: z.array(task), reports: z.array(taskReport) })

export const followUpReply = z.array(
  z.strictObject({
    task: z.string(),
    kind: z.enum(['overdue', 'stalled']),
    /** Days past the deadline, or days since the last report. */
    days: z.number(),
    deadline: z.string(),
    lastReportAt: z.string().nullable(),
    title: z.string(),
    lead: z.string(),
  }),
)

export const inspectionItem = z.strictObject({
  id: z.number(),
  inspectionId: z.number(),
  taskId: z.string(),
  finding: z.string(),
  requiredCorrection: z.string(),
  corrected: z.boolean(),
  correctedAt: z.string().nullable(),
  correctionNote: z.string().nullable(),
})

export const inspection = z.strictObject({
  id: z.number(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  openedBy: z.string(),
  openedAt: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  summary: z.string().nullable(),
  items: z.array(inspectionItem),
})
export const inspectionsReply = z.array(inspection)

export const createdReply = z.strictObject({ id: z.number() })
