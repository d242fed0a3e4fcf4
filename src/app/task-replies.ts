/**
 * The JSON that `GET /api/tasks/:id`, `GET /api/inspections` and `urbmon tasks show --json` have always given for
 * reports, evidence and inspections: the store's column names. The repositories return domain objects; this keeps
 * the published shape until the HTTP contract defines its own.
 * @module
 */
import type { EvidenceInfo, Inspection, InspectionItem, TaskReportWithEvidence } from './ports/task-repository.js'
import type { TaskDetail } from './tasks.js'

function evidenceReply(a: EvidenceInfo) {
  return { id: a.id, report_id: a.reportId, file_name: a.fileName, media_type: a.mediaType, size: a.size, sha256: a.sha256 }
}

export function taskReportReply(r: TaskReportWithEvidence) {
  return {
    id: r.id,
    task_id: r.taskId,
    period: r.period,
    text: r.text,
    percent: r.percent,
    proposed_status: r.proposedStatus,
    status: r.status,
    review_comment: r.reviewComment,
    submitted_by: r.submittedBy,
    submitted_at: r.submittedAt,
    reviewed_by: r.reviewedBy,
    reviewed_at: r.reviewedAt,
    attachments: r.attachments.map(evidenceReply),
  }
}

export function taskDetailReply(d: TaskDetail) {
  return { task: d.task, subtasks: d.subtasks, reports: d.reports.map(taskReportReply) }
}

function inspectionItemReply(x: InspectionItem) {
  return {
    id: x.id,
    inspection_id: x.inspectionId,
    task_id: x.taskId,
    finding: x.finding,
    required_correction: x.requiredCorrection,
    corrected: x.corrected ? 1 : 0,
    corrected_at: x.correctedAt,
    correction_note: x.correctionNote,
  }
}

export function inspectionReply(i: Inspection) {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    opened_by: i.openedBy,
    opened_at: i.openedAt,
    closed_by: i.closedBy,
    closed_at: i.closedAt,
    summary: i.summary,
    items: i.items.map(inspectionItemReply),
  }
}
