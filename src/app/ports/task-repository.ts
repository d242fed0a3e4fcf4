/**
 * What the task service needs from a store: the plan's tasks and their sub-tasks, progress reports with their
 * evidence files, and special inspections (专项督查) with their findings. Checks that span several reads and writes
 * run inside `transaction`, so each change is whole or not at all, together with its audit entries.
 * @module
 */
import type { InspectionStatus, TaskReportStatus, TaskStatus } from '../../core/task-status.js'
import type { Plan } from '../../plan/plan-schema.js'
import type { AuditEntry } from './audit-entry.js'

/** A task as stored: one of the plan's measures (3.1.2) or a sub-task (parent id + "/" + region code or department). */
export interface TaskRecord {
  readonly id: string
  readonly parentId: string | null
  readonly section: string
  readonly title: string
  readonly titleEn: string
  readonly description: string
  readonly lead: string
  readonly cooperating: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
  /** YYYY-MM-DD (a plan deadline year Y is stored as Y-12-31). */
  readonly deadline: string
  readonly indicators: ReadonlyArray<string>
  readonly targets: ReadonlyArray<string>
  readonly status: TaskStatus
  readonly dropReason: string | null
  readonly percent: number
  readonly lastReportAt: string | null
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** The fields a change sets; those left out keep their value. */
export interface TaskChange {
  readonly status?: TaskStatus
  readonly dropReason?: string | null
  readonly percent?: number
  readonly deadline?: string
  readonly lead?: string
  readonly cooperating?: ReadonlyArray<string>
  readonly lastReportAt?: string
  readonly version?: number
  readonly updatedAt: string
}

export interface NewTaskReport {
  readonly taskId: string
  readonly period: string
  readonly text: string
  readonly percent: number
  readonly proposedStatus: TaskStatus
  readonly submittedBy: string
  readonly submittedAt: string
}

export interface TaskReport extends NewTaskReport {
  readonly id: number
  readonly status: TaskReportStatus
  readonly reviewComment: string | null
  readonly reviewedBy: string | null
  readonly reviewedAt: string | null
}

/** An evidence file's description, without its bytes. */
export interface EvidenceInfo {
  readonly id: number
  readonly reportId: number
  readonly fileName: string
  readonly mediaType: string
  readonly size: number
  readonly sha256: string
}

export interface Evidence extends EvidenceInfo {
  readonly content: Uint8Array
}

export interface NewEvidence {
  readonly fileName: string
  readonly mediaType: string
  readonly sha256: string
  readonly content: Uint8Array
}

export interface TaskReportWithEvidence extends TaskReport {
  readonly attachments: ReadonlyArray<EvidenceInfo>
}

export interface ReportReview {
  readonly status: Exclude<TaskReportStatus, 'submitted'>
  readonly reviewComment: string | null
  readonly reviewedBy: string
  readonly reviewedAt: string
}

export interface InspectionRecord {
  readonly id: number
  readonly title: string
  readonly status: InspectionStatus
  readonly openedBy: string
  readonly openedAt: string
  readonly closedBy: string | null
  readonly closedAt: string | null
  readonly summary: string | null
}

export interface InspectionItem {
  readonly id: number
  readonly inspectionId: number
  readonly taskId: string
  readonly finding: string
  readonly requiredCorrection: string
  readonly corrected: boolean
  readonly correctedAt: string | null
  readonly correctionNote: string | null
}

export interface Inspection extends InspectionRecord {
  readonly items: ReadonlyArray<InspectionItem>
}

export interface TaskReads {
  /** Every task and sub-task, in no particular order. */
  tasks(): Promise<TaskRecord[]>
  task(id: string): Promise<TaskRecord | undefined>
  /** A task's reports, newest first, each with its evidence files' descriptions. */
  reports(taskId: string): Promise<TaskReportWithEvidence[]>
  report(id: number): Promise<TaskReport | undefined>
  /** One evidence file with its bytes, when it belongs to that report. */
  evidence(reportId: number, evidenceId: number): Promise<Evidence | undefined>
  /** Every inspection, newest first, with its items in the order they were recorded. */
  inspections(): Promise<Inspection[]>
  inspection(id: number): Promise<InspectionRecord | undefined>
  inspectionItem(id: number): Promise<InspectionItem | undefined>
  /** How many of an inspection's findings are not yet corrected. */
  uncorrectedItems(inspectionId: number): Promise<number>
}

export interface TaskWrites {
  insertTask(task: TaskRecord): Promise<void>
  /** Applies `change`; when `expectedVersion` is given, only to that version. False when no task was changed. */
  updateTask(id: string, change: TaskChange, expectedVersion?: number): Promise<boolean>
  /** A new report, waiting for review; its id. */
  insertReport(report: NewTaskReport): Promise<number>
  insertEvidence(reportId: number, file: NewEvidence): Promise<void>
  reviewReport(id: number, review: ReportReview): Promise<void>
  /** A new open inspection; its id. */
  insertInspection(inspection: { readonly title: string; readonly openedBy: string; readonly openedAt: string }): Promise<number>
  insertInspectionItem(item: { readonly inspectionId: number; readonly taskId: string; readonly finding: string; readonly requiredCorrection: string }): Promise<void>
  markCorrected(itemId: number, at: string, note: string): Promise<void>
  closeInspection(id: number, close: { readonly closedBy: string; readonly closedAt: string; readonly summary: string }): Promise<void>
  audit(entry: AuditEntry): Promise<void>
}

/** Reads and writes inside one transaction: committed when the work returns, rolled back when it throws. */
export type TaskTransaction = TaskReads & TaskWrites

export interface TaskRepository extends TaskReads {
  transaction<T>(work: (tx: TaskTransaction) => Promise<T>): Promise<T>
  /** Copies the plan's tasks that are not stored yet (a stored task keeps what was changed in the system); how many. */
  syncPlan(plan: Plan, at: string): Promise<number>
}
