/**
 * The task repository on either store: tasks and sub-tasks, progress reports with evidence files, inspections.
 * Rows become domain records here; JSON columns are parsed through their schema.
 * @module
 */
import type { Kysely, Selectable } from 'kysely'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type {
  Evidence,
  EvidenceInfo,
  Inspection,
  InspectionItem,
  InspectionRecord,
  NewEvidence,
  NewTaskReport,
  ReportReview,
  TaskChange,
  TaskRecord,
  TaskReport,
  TaskReportWithEvidence,
  TaskRepository,
  TaskTransaction,
} from '../app/ports/task-repository.js'
import type { Plan } from '../plan/plan-schema.js'
import { insertAudit } from './audit-writer.js'
import type { Database, InspectionItemTable, InspectionTable, TaskAttachmentTable, TaskReportTable, TaskTable } from './db-types.js'
import { readStringList, writeStringList } from './string-list-column.js'

function toTask(r: Selectable<TaskTable>): TaskRecord {
  return {
    id: r.id,
    parentId: r.parent_id,
    section: r.section,
    title: r.title,
    titleEn: r.title_en,
    description: r.description,
    lead: r.lead,
    cooperating: readStringList(r.cooperating),
    regions: readStringList(r.regions),
    deadline: r.deadline,
    indicators: readStringList(r.indicators),
    targets: readStringList(r.targets),
    status: r.status,
    dropReason: r.drop_reason,
    percent: r.percent,
    lastReportAt: r.last_report_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

function taskRow(t: TaskRecord): TaskTable {
  return {
    id: t.id,
    parent_id: t.parentId,
    section: t.section,
    title: t.title,
    title_en: t.titleEn,
    description: t.description,
    lead: t.lead,
    cooperating: writeStringList(t.cooperating),
    regions: writeStringList(t.regions),
    deadline: t.deadline,
    indicators: writeStringList(t.indicators),
    targets: writeStringList(t.targets),
    status: t.status,
    drop_reason: t.dropReason,
    percent: t.percent,
    last_report_at: t.lastReportAt,
    version: t.version,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  }
}

function toReport(r: Selectable<TaskReportTable>): TaskReport {
  return {
    id: r.id,
    taskId: r.task_id,
    period: r.period,
    text: r.text,
    percent: r.percent,
    proposedStatus: r.proposed_status,
    status: r.status,
    reviewComment: r.review_comment,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
  }
}

type EvidenceRow = Omit<Selectable<TaskAttachmentTable>, 'content'>

function toEvidenceInfo(a: EvidenceRow): EvidenceInfo {
  return { id: a.id, reportId: a.report_id, fileName: a.file_name, mediaType: a.media_type, size: a.size, sha256: a.sha256 }
}

function toInspection(i: Selectable<InspectionTable>): InspectionRecord {
  return { id: i.id, title: i.title, status: i.status, openedBy: i.opened_by, openedAt: i.opened_at, closedBy: i.closed_by, closedAt: i.closed_at, summary: i.summary }
}

function toItem(x: Selectable<InspectionItemTable>): InspectionItem {
  return {
    id: x.id,
    inspectionId: x.inspection_id,
    taskId: x.task_id,
    finding: x.finding,
    requiredCorrection: x.required_correction,
    corrected: x.corrected !== 0,
    correctedAt: x.corrected_at,
    correctionNote: x.correction_note,
  }
}

/** The task service's view of one connection or transaction. */
class TaskQueries implements TaskTransaction {
  constructor(protected readonly db: Kysely<Database>) {}

  async tasks(): Promise<TaskRecord[]> {
    return (await this.db.selectFrom('tasks').selectAll().execute()).map(toTask)
  }

  async task(id: string): Promise<TaskRecord | undefined> {
    const r = await this.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst()
    return r ? toTask(r) : undefined
  }

  async reports(taskId: string): Promise<TaskReportWithEvidence[]> {
    const rows = await this.db.selectFrom('task_reports').selectAll().where('task_id', '=', taskId).orderBy('submitted_at', 'desc').orderBy('id', 'desc').execute()
    const atts = rows.length
      ? await this.db
          .selectFrom('task_attachments')
          .select(['id', 'report_id', 'file_name', 'media_type', 'size', 'sha256'])
          .where(
            'report_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('id')
          .execute()
      : []
    return rows.map((r) => ({ ...toReport(r), attachments: atts.filter((a) => a.report_id === r.id).map(toEvidenceInfo) }))
  }

  async report(id: number): Promise<TaskReport | undefined> {
    const r = await this.db.selectFrom('task_reports').selectAll().where('id', '=', id).executeTakeFirst()
    return r ? toReport(r) : undefined
  }

  async evidence(reportId: number, evidenceId: number): Promise<Evidence | undefined> {
    const a = await this.db.selectFrom('task_attachments').selectAll().where('id', '=', evidenceId).where('report_id', '=', reportId).executeTakeFirst()
    return a ? { ...toEvidenceInfo(a), content: a.content } : undefined
  }

  async inspections(): Promise<Inspection[]> {
    const list = await this.db.selectFrom('inspections').selectAll().orderBy('id', 'desc').execute()
    const items = list.length
      ? await this.db
          .selectFrom('inspection_items')
          .selectAll()
          .where(
            'inspection_id',
            'in',
            list.map((i) => i.id),
          )
          .orderBy('id')
          .execute()
      : []
    return list.map((i) => ({ ...toInspection(i), items: items.filter((x) => x.inspection_id === i.id).map(toItem) }))
  }

  async inspection(id: number): Promise<InspectionRecord | undefined> {
    const i = await this.db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirst()
    return i ? toInspection(i) : undefined
  }

  async inspectionItem(id: number): Promise<InspectionItem | undefined> {
    const x = await this.db.selectFrom('inspection_items').selectAll().where('id', '=', id).executeTakeFirst()
    return x ? toItem(x) : undefined
  }

  async uncorrectedItems(inspectionId: number): Promise<number> {
    return (await this.db.selectFrom('inspection_items').select('id').where('inspection_id', '=', inspectionId).where('corrected', '=', 0).execute()).length
  }

  async insertTask(task: TaskRecord): Promise<void> {
    await this.db.insertInto('tasks').values(taskRow(task)).execute()
  }

  async updateTask(id: string, c: TaskChange, expectedVersion?: number): Promise<boolean> {
    let q = this.db
      .updateTable('tasks')
      .set({
        ...(c.status !== undefined ? { status: c.status } : {}),
        ...(c.dropReason !== undefined ? { drop_reason: c.dropReason } : {}),
        ...(c.percent !== undefined ? { percent: c.percent } : {}),
        ...(c.deadline !== undefined ? { deadline: c.deadline } : {}),
        ...(c.lead !== undefined ? { lead: c.lead } : {}),
        ...(c.cooperating !== undefined ? { cooperating: writeStringList(c.cooperating) } : {}),
        ...(c.lastReportAt !== undefined ? { last_report_at: c.lastReportAt } : {}),
        ...(c.version !== undefined ? { version: c.version } : {}),
        updated_at: c.updatedAt,
      })
      .where('id', '=', id)
    if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion)
    const r = await q.executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async insertReport(r: NewTaskReport): Promise<number> {
    const { id } = await this.db
      .insertInto('task_reports')
      .values({
        task_id: r.taskId,
        period: r.period,
        text: r.text,
        percent: r.percent,
        proposed_status: r.proposedStatus,
        status: 'submitted',
        review_comment: null,
        submitted_by: r.submittedBy,
        submitted_at: r.submittedAt,
        reviewed_by: null,
        reviewed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return id
  }

  async insertEvidence(reportId: number, f: NewEvidence): Promise<void> {
    await this.db
      .insertInto('task_attachments')
      .values({ report_id: reportId, file_name: f.fileName, media_type: f.mediaType, size: f.content.length, sha256: f.sha256, content: Buffer.from(f.content) })
      .execute()
  }

  async reviewReport(id: number, r: ReportReview): Promise<void> {
    await this.db
      .updateTable('task_reports')
      .set({ status: r.status, review_comment: r.reviewComment, reviewed_by: r.reviewedBy, reviewed_at: r.reviewedAt })
      .where('id', '=', id)
      .execute()
  }

  async insertInspection(i: { title: string; openedBy: string; openedAt: string }): Promise<number> {
    const { id } = await this.db
      .insertInto('inspections')
      .values({ title: i.title, status: 'open', opened_by: i.openedBy, opened_at: i.openedAt, closed_by: null, closed_at: null, summary: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    return id
  }

  async insertInspectionItem(it: { inspectionId: number; taskId: string; finding: string; requiredCorrection: string }): Promise<void> {
    await this.db
      .insertInto('inspection_items')
      .values({
        inspection_id: it.inspectionId,
        task_id: it.taskId,
        finding: it.finding,
        required_correction: it.requiredCorrection,
        corrected: 0,
        corrected_at: null,
        correction_note: null,
      })
      .execute()
  }

  async markCorrected(itemId: number, at: string, note: string): Promise<void> {
    await this.db.updateTable('inspection_items').set({ corrected: 1, corrected_at: at, correction_note: note }).where('id', '=', itemId).execute()
  }

  async closeInspection(id: number, c: { closedBy: string; closedAt: string; summary: string }): Promise<void> {
    await this.db.updateTable('inspections').set({ status: 'closed', closed_by: c.closedBy, closed_at: c.closedAt, summary: c.summary }).where('id', '=', id).execute()
  }

  async audit(entry: AuditEntry): Promise<void> {
    await insertAudit(this.db, entry)
  }
}

export class KyselyTaskRepository extends TaskQueries implements TaskRepository {
  async transaction<T>(work: (tx: TaskTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new TaskQueries(trx)))
  }

  async syncPlan(plan: Plan, at: string): Promise<number> {
    return this.db.transaction().execute((trx) => syncPlanTasks(trx, plan, at))
  }
}

/**
 * Copies the plan's tasks into the store; a task already there keeps what was changed in the system. Runs on the
 * connection or transaction it is given, so saving a plan can copy its tasks in the same transaction.
 */
export async function syncPlanTasks(db: Kysely<Database>, plan: Pick<Plan, 'tasks'>, at: string): Promise<number> {
  const existing = new Set((await db.selectFrom('tasks').select('id').execute()).map((r) => r.id))
  const missing = plan.tasks.filter((t) => !existing.has(t.id))
  for (let i = 0; i < missing.length; i += 100) {
    await db
      .insertInto('tasks')
      .values(
        missing.slice(i, i + 100).map((t) =>
          taskRow({
            id: t.id,
            parentId: null,
            section: t.section,
            title: t.title,
            titleEn: t.titleEn,
            description: t.description,
            lead: t.lead,
            cooperating: t.cooperating,
            regions: t.regions,
            deadline: `${t.deadline}-12-31`,
            indicators: t.indicators,
            targets: t.targets,
            status: 'not_started',
            dropReason: null,
            percent: 0,
            lastReportAt: null,
            version: 1,
            createdAt: at,
            updatedAt: at,
          }),
        ),
      )
      .execute()
  }
  return missing.length
}
