/**
 * The published shape of a task's detail and of inspections (`GET /api/tasks/:id`, `GET /api/inspections`,
 * `urbmon tasks show --json`): the domain objects without what stays inside (evidence bytes), field by field,
 * so a new repository field is not published by accident.
 * @module
 */
import type { EvidenceInfo, Inspection, InspectionItem, TaskReportWithEvidence } from './ports/task-repository.js'
import type { TaskDetail } from './tasks.js'

function evidenceView(a: EvidenceInfo) {
  return { id: a.id, reportId: a.reportId, fileName: a.fileName, mediaType: a.mediaType, size: a.size, sha256: a.sha256 }
}

export function taskReportView(r: TaskReportWithEvidence) {
  return {
    id: r.id,
    taskId: r.taskId,
    period: r.period,
    text: r.text,
    percent: r.percent,
    proposedStatus: r.proposedStatus,
    status: r.status,
    reviewComment: r.reviewComment,
    submittedBy: r.submittedBy,
    submittedAt: r.submittedAt,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
    attachments: r.attachments.map(evidenceView),
  }
}

export function taskDetailView(d: TaskDetail) {
  return { task: d.task, subtasks: d.subtasks, reports: d.reports.map(taskReportView) }
}

function inspectionItemView(x: InspectionItem) {
  return {
    id: x.id,
    inspectionId: x.inspectionId,
    taskId: x.taskId,
    finding: x.finding,
    requiredCorrection: x.requiredCorrection,
    corrected: x.corrected,
    correctedAt: x.correctedAt,
    correctionNote: x.correctionNote,
  }
}

export function inspectionView(i: Inspection) {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    openedBy: i.openedBy,
    openedAt: i.openedAt,
    closedBy: i.closedBy,
    closedAt: i.closedAt,
    summary: i.summary,
    items: i.items.map(inspectionItemView),
  }
}
