/**
 * The states of the plan's tasks as tracked work (九(一)): a task's own status, a progress report's review status,
 * and a special inspection's.
 * @module
 */
export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'delayed', 'dropped'] as const

export type TaskStatus = (typeof TASK_STATUSES)[number]

/** A progress report waits for review, then is accepted (its progress becomes the task's) or returned. */
export const TASK_REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const

export type TaskReportStatus = (typeof TASK_REPORT_STATUSES)[number]

export const INSPECTION_STATUSES = ['open', 'closed'] as const

export type InspectionStatus = (typeof INSPECTION_STATUSES)[number]
