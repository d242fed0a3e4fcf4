/**
 * The plan's tasks as tracked work (九(一)): copied from the plan into the store, split per department or city,
 * reported on by the responsible departments with evidence, accepted or returned by reviewers, rolled up, and
 * followed up by special inspections (专项督查). Every change is audited.
 * @module
 */
import { createHash } from 'node:crypto'

import { AppError } from '../core/errors.js'
import type { Plan } from '../plan/plan-schema.js'
import type { TaskStatus, TaskTable } from '../store/db-types.js'
import type { Store } from '../store/open-store.js'
import { followUp, rollUp, sniffAttachment, type TaskFollowUp } from '../tasks/index.js'
import { audit, type User } from './users.js'
import { requireRole, type Actor } from './workflow.js'

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'delayed', 'dropped'] as const satisfies ReadonlyArray<TaskStatus>
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
export const MAX_ATTACHMENTS = 5
const OFFICE_EXTENSIONS = ['docx', 'xlsx', 'pptx']

export interface TaskView {
  readonly id: string
  readonly parentId: string | null
  readonly section: string
  readonly title: string
  readonly titleEn: string
  readonly description: string
  readonly lead: string
  readonly cooperating: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
  readonly deadline: string
  readonly indicators: ReadonlyArray<string>
  readonly targets: ReadonlyArray<string>
  readonly status: TaskStatus
  readonly dropReason: string | null
  readonly percent: number
  readonly lastReportAt: string | null
  readonly version: number
  readonly subtasks: number
  /** Status and percent come from the sub-tasks when there are any. */
  readonly rolledUp: boolean
}

function view(r: TaskTable, children: ReadonlyArray<TaskTable>): TaskView {
  const rolled = rollUp(children.map((c) => ({ status: c.status, percent: c.percent })))
  return {
    id: r.id,
    parentId: r.parent_id,
    section: r.section,
    title: r.title,
    titleEn: r.title_en,
    description: r.description,
    lead: r.lead,
    cooperating: JSON.parse(r.cooperating) as string[],
    regions: JSON.parse(r.regions) as string[],
    deadline: r.deadline,
    indicators: JSON.parse(r.indicators) as string[],
    targets: JSON.parse(r.targets) as string[],
    status: rolled?.status ?? r.status,
    dropReason: r.drop_reason,
    percent: rolled?.percent ?? r.percent,
    lastReportAt: r.last_report_at,
    version: r.version,
    subtasks: children.length,
    rolledUp: rolled !== undefined,
  }
}

/** Copies the plan's tasks into the store; a task already there keeps what was changed in the system. */
export async function syncPlanTasks(db: Store['db'], plan: Plan, at: string): Promise<number> {
  const existing = new Set((await db.selectFrom('tasks').select('id').execute()).map((r) => r.id))
  const missing = plan.tasks.filter((t) => !existing.has(t.id))
  for (let i = 0; i < missing.length; i += 100) {
    await db
      .insertInto('tasks')
      .values(
        missing.slice(i, i + 100).map((t) => ({
          id: t.id,
          parent_id: null,
          section: t.section,
          title: t.title,
          title_en: t.titleEn,
          description: t.description,
          lead: t.lead,
          cooperating: JSON.stringify(t.cooperating),
          regions: JSON.stringify(t.regions),
          deadline: `${t.deadline}-12-31`,
          indicators: JSON.stringify(t.indicators),
          targets: JSON.stringify(t.targets),
          status: 'not_started' as const,
          drop_reason: null,
          percent: 0,
          last_report_at: null,
          version: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute()
  }
  return missing.length
}

export interface TaskFilter {
  readonly department?: string
  readonly status?: TaskStatus
  readonly section?: string
  /** Only top-level tasks (default) or also sub-tasks. */
  readonly withSubtasks?: boolean
}

export interface ReportInput {
  readonly period: string
  readonly text: string
  readonly percent: number
  readonly status: TaskStatus
  readonly attachments?: ReadonlyArray<{ readonly name: string; readonly bytes: Uint8Array }>
}

export class TaskService {
  readonly #store: Store
  readonly #plan: Plan

  constructor(store: Store, plan: Plan) {
    this.#store = store
    this.#plan = plan
  }

  async #all(): Promise<TaskTable[]> {
    return this.#store.db.selectFrom('tasks').selectAll().execute()
  }

  async list(filter: TaskFilter = {}): Promise<TaskView[]> {
    const rows = await this.#all()
    const children = new Map<string, TaskTable[]>()
    for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r])
    const views = rows.map((r) => view(r, children.get(r.id) ?? []))
    return views
      .filter((v) => filter.withSubtasks || v.parentId === null)
      .filter((v) => !filter.department || v.lead === filter.department || v.cooperating.includes(filter.department))
      .filter((v) => !filter.status || v.status === filter.status)
      .filter((v) => !filter.section || v.section === filter.section || v.section.startsWith(filter.section))
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
  }

  async get(id: string): Promise<{ task: TaskView; subtasks: TaskView[]; reports: Awaited<ReturnType<TaskService['reports']>> }> {
    const all = await this.list({ withSubtasks: true })
    const task = all.find((t) => t.id === id)
    if (!task) throw new AppError('task.not_found', { id })
    return { task, subtasks: all.filter((t) => t.parentId === id), reports: await this.reports(id) }
  }

  async reports(taskId: string) {
    const rows = await this.#store.db.selectFrom('task_reports').selectAll().where('task_id', '=', taskId).orderBy('submitted_at', 'desc').orderBy('id', 'desc').execute()
    const atts = rows.length
      ? await this.#store.db.selectFrom('task_attachments').select(['id', 'report_id', 'file_name', 'media_type', 'size', 'sha256']).where('report_id', 'in', rows.map((r) => r.id)).execute()
      : []
    return rows.map((r) => ({ ...r, attachments: atts.filter((a) => a.report_id === r.id) }))
  }

  /** Splits a task into sub-tasks per city (lead unchanged) or per department (each the lead of its own). */
  async split(id: string, by: { regions?: ReadonlyArray<string>; departments?: ReadonlyArray<string>; deadline?: string }, actor: Actor): Promise<TaskView[]> {
    requireRole(actor.user, ['admin', 'reviewer'])
    const parent = await this.#store.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst()
    if (!parent) throw new AppError('task.not_found', { id })
    if (parent.parent_id) throw new AppError('task.invalid', { reason: 'nested_split' })
    const parts = [...(by.regions ?? []).map((r) => ({ key: r, lead: parent.lead, regions: [r] })), ...(by.departments ?? []).map((d) => ({ key: d, lead: d, regions: JSON.parse(parent.regions) as string[] }))]
    if (parts.length === 0) throw new AppError('task.invalid', { reason: 'split_parts' })
    const deadline = by.deadline ?? parent.deadline
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || deadline > parent.deadline) throw new AppError('task.invalid', { reason: 'subtask_deadline', parentDeadline: parent.deadline })
    await this.#store.db.transaction().execute(async (trx) => {
      for (const p of parts) {
        const subId = `${id}/${p.key}`
        const exists = await trx.selectFrom('tasks').select('id').where('id', '=', subId).executeTakeFirst()
        if (exists) throw new AppError('task.invalid', { reason: 'subtask_exists', id: subId })
        await trx
          .insertInto('tasks')
          .values({
            ...parent,
            id: subId,
            parent_id: id,
            lead: p.lead,
            cooperating: p.lead === parent.lead ? parent.cooperating : '[]',
            regions: JSON.stringify(p.regions),
            deadline,
            status: 'not_started',
            drop_reason: null,
            percent: 0,
            last_report_at: null,
            version: 1,
            created_at: actor.at,
            updated_at: actor.at,
          })
          .execute()
        await audit(trx, { at: actor.at, actor: actor.user.username, action: 'task.split', entity: 'task', entity_id: subId, detail: { parent: id, lead: p.lead, regions: p.regions, deadline }, origin: actor.origin })
      }
    })
    return (await this.get(id)).subtasks
  }

  /** Reviewers and admins change a task's status, deadline or lead; `version` guards against lost updates. */
  async update(id: string, patch: { status?: TaskStatus; dropReason?: string; deadline?: string; lead?: string; cooperating?: ReadonlyArray<string> }, version: number, actor: Actor): Promise<TaskView> {
    requireRole(actor.user, ['admin', 'reviewer'])
    if (patch.status === 'dropped' && !patch.dropReason?.trim()) throw new AppError('task.invalid', { reason: 'drop_reason' })
    if (patch.deadline !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(patch.deadline)) throw new AppError('task.invalid', { reason: 'deadline_format' })
    await this.#store.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst()
      if (!before) throw new AppError('task.not_found', { id })
      const r = await trx
        .updateTable('tasks')
        .set({
          ...(patch.status ? { status: patch.status, drop_reason: patch.status === 'dropped' ? patch.dropReason ?? null : null } : {}),
          ...(patch.status === 'done' ? { percent: 100 } : {}),
          ...(patch.deadline ? { deadline: patch.deadline } : {}),
          ...(patch.lead ? { lead: patch.lead } : {}),
          ...(patch.cooperating ? { cooperating: JSON.stringify(patch.cooperating) } : {}),
          version: before.version + 1,
          updated_at: actor.at,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) throw new AppError('observation.version_conflict', { current: before.version, given: version })
      await audit(trx, { at: actor.at, actor: actor.user.username, action: 'task.update', entity: 'task', entity_id: id, old_status: before.status, new_status: patch.status ?? before.status, detail: { patch, before: { deadline: before.deadline, lead: before.lead } }, origin: actor.origin })
    })
    return (await this.get(id)).task
  }

  /** A department reports progress on its own task (lead or co-operating), with evidence files. */
  async submitReport(taskId: string, input: ReportInput, actor: Actor): Promise<number> {
    const user = requireRole(actor.user, ['admin', 'reporter'])
    const task = await this.#store.db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst()
    if (!task) throw new AppError('task.not_found', { id: taskId })
    if (!mayReportOn(user, task)) throw new AppError('task.forbidden', { id: taskId, department: user.department ?? '' })
    if (!(Number.isInteger(input.percent) && input.percent >= 0 && input.percent <= 100)) throw new AppError('task.invalid', { reason: 'percent' })
    if (!TASK_STATUSES.includes(input.status)) throw new AppError('task.invalid', { reason: 'status', status: input.status })
    if (!input.text.trim() || input.text.length > 20_000) throw new AppError('task.invalid', { reason: 'report_text', max: 20_000 })
    if (!/^[0-9A-Za-z\u4e00-\u9fff .\-年月季度上下半]{1,40}$/.test(input.period)) throw new AppError('task.invalid', { reason: 'period' })
    const files = (input.attachments ?? []).map((a) => checkAttachment(a.name, a.bytes))
    if (files.length > MAX_ATTACHMENTS) throw new AppError('task.attachment_rejected', { file: files[MAX_ATTACHMENTS]!.name, reason: 'too_many', max: MAX_ATTACHMENTS })
    return this.#store.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('task_reports')
        .values({ task_id: taskId, period: input.period, text: input.text, percent: input.percent, proposed_status: input.status, status: 'submitted', review_comment: null, submitted_by: user.username, submitted_at: actor.at, reviewed_by: null, reviewed_at: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (const f of files) {
        await trx.insertInto('task_attachments').values({ report_id: id, file_name: f.name, media_type: f.mediaType, size: f.bytes.length, sha256: f.sha256, content: Buffer.from(f.bytes) }).execute()
      }
      await trx.updateTable('tasks').set({ last_report_at: actor.at, updated_at: actor.at }).where('id', '=', taskId).execute()
      await audit(trx, { at: actor.at, actor: user.username, action: 'task.report', entity: 'task', entity_id: taskId, new_status: input.status, detail: { report: id, period: input.period, percent: input.percent, attachments: files.map((f) => ({ name: f.name, sha256: f.sha256 })) }, origin: actor.origin })
      return id
    })
  }

  /** A reviewer accepts a report (its percent and status become the task's) or returns it with a comment. */
  async reviewReport(reportId: number, decision: 'accept' | 'return', comment: string | undefined, actor: Actor): Promise<void> {
    requireRole(actor.user, ['admin', 'reviewer'])
    if (decision === 'return' && !comment?.trim()) throw new AppError('review.comment_required')
    await this.#store.db.transaction().execute(async (trx) => {
      const r = await trx.selectFrom('task_reports').selectAll().where('id', '=', reportId).executeTakeFirst()
      if (!r) throw new AppError('task.not_found', { id: `report ${reportId}` })
      if (r.status !== 'submitted') throw new AppError('workflow.bad_transition', { status: r.status, action: decision })
      await trx.updateTable('task_reports').set({ status: decision === 'accept' ? 'accepted' : 'returned', review_comment: comment ?? null, reviewed_by: actor.user.username, reviewed_at: actor.at }).where('id', '=', reportId).execute()
      if (decision === 'accept') {
        const t = await trx.selectFrom('tasks').select(['status', 'version']).where('id', '=', r.task_id).executeTakeFirstOrThrow()
        await trx.updateTable('tasks').set({ status: r.proposed_status, percent: r.proposed_status === 'done' ? 100 : r.percent, version: t.version + 1, updated_at: actor.at }).where('id', '=', r.task_id).execute()
        await audit(trx, { at: actor.at, actor: actor.user.username, action: 'task.report_accept', entity: 'task', entity_id: r.task_id, old_status: t.status, new_status: r.proposed_status, detail: { report: reportId, percent: r.percent }, origin: actor.origin })
      } else {
        await audit(trx, { at: actor.at, actor: actor.user.username, action: 'task.report_return', entity: 'task', entity_id: r.task_id, detail: { report: reportId, comment }, origin: actor.origin })
      }
    })
  }

  async attachment(reportId: number, attachmentId: number) {
    const a = await this.#store.db.selectFrom('task_attachments').selectAll().where('id', '=', attachmentId).where('report_id', '=', reportId).executeTakeFirst()
    if (!a) throw new AppError('task.not_found', { id: `attachment ${attachmentId}` })
    return a
  }

  /** Overdue and stalled tasks (top-level ones and sub-tasks), for warnings and reports. */
  async followUp(asOf: string, stalledMonths = 6): Promise<Array<TaskFollowUp & { title: string; lead: string }>> {
    const all = await this.list({ withSubtasks: true })
    const byId = new Map(all.map((t) => [t.id, t]))
    return followUp(
      all.map((t) => ({ id: t.id, parentId: t.parentId, status: t.status, percent: t.percent, deadline: t.deadline, lastReportAt: t.lastReportAt })),
      asOf,
      `${this.#plan.period.start}-01-01`,
      stalledMonths,
    ).map((f) => ({ ...f, title: byId.get(f.task)?.title ?? f.task, lead: byId.get(f.task)?.lead ?? '' }))
  }

  // 专项督查: a special inspection on a set of tasks, with findings and required corrections, closed when corrected.
  async openInspection(title: string, items: ReadonlyArray<{ task: string; finding: string; requiredCorrection: string }>, actor: Actor): Promise<number> {
    requireRole(actor.user, ['admin', 'reviewer'])
    if (!title.trim() || items.length === 0) throw new AppError('task.invalid', { reason: 'inspection_empty' })
    return this.#store.db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto('inspections').values({ title, status: 'open', opened_by: actor.user.username, opened_at: actor.at, closed_by: null, closed_at: null, summary: null }).returning('id').executeTakeFirstOrThrow()
      for (const it of items) {
        const task = await trx.selectFrom('tasks').select('id').where('id', '=', it.task).executeTakeFirst()
        if (!task) throw new AppError('task.not_found', { id: it.task })
        await trx.insertInto('inspection_items').values({ inspection_id: id, task_id: it.task, finding: it.finding, required_correction: it.requiredCorrection, corrected: 0, corrected_at: null, correction_note: null }).execute()
      }
      await audit(trx, { at: actor.at, actor: actor.user.username, action: 'inspection.open', entity: 'inspection', entity_id: String(id), detail: { title, tasks: items.map((i) => i.task) }, origin: actor.origin })
      return id
    })
  }

  /** The responsible department (or a reviewer) records a correction. */
  async correct(itemId: number, note: string, actor: Actor): Promise<void> {
    const user = requireRole(actor.user, ['admin', 'reviewer', 'reporter'])
    await this.#store.db.transaction().execute(async (trx) => {
      const item = await trx.selectFrom('inspection_items').selectAll().where('id', '=', itemId).executeTakeFirst()
      if (!item) throw new AppError('inspection.not_found', { id: `item ${itemId}` })
      const task = await trx.selectFrom('tasks').selectAll().where('id', '=', item.task_id).executeTakeFirstOrThrow()
      if (user.role === 'reporter' && !mayReportOn(user, task)) throw new AppError('task.forbidden', { id: task.id, department: user.department ?? '' })
      await trx.updateTable('inspection_items').set({ corrected: 1, corrected_at: actor.at, correction_note: note }).where('id', '=', itemId).execute()
      await audit(trx, { at: actor.at, actor: user.username, action: 'inspection.correct', entity: 'inspection', entity_id: String(item.inspection_id), detail: { item: itemId, task: item.task_id, note }, origin: actor.origin })
    })
  }

  async closeInspection(id: number, summary: string, actor: Actor): Promise<void> {
    requireRole(actor.user, ['admin', 'reviewer'])
    await this.#store.db.transaction().execute(async (trx) => {
      const insp = await trx.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirst()
      if (!insp) throw new AppError('inspection.not_found', { id })
      if (insp.status === 'closed') throw new AppError('workflow.bad_transition', { status: 'closed', action: 'close' })
      const open = await trx.selectFrom('inspection_items').select('id').where('inspection_id', '=', id).where('corrected', '=', 0).execute()
      if (open.length > 0) throw new AppError('inspection.open_items', { open: open.length })
      await trx.updateTable('inspections').set({ status: 'closed', closed_by: actor.user.username, closed_at: actor.at, summary }).where('id', '=', id).execute()
      await audit(trx, { at: actor.at, actor: actor.user.username, action: 'inspection.close', entity: 'inspection', entity_id: String(id), detail: { summary }, origin: actor.origin })
    })
  }

  async inspections() {
    const list = await this.#store.db.selectFrom('inspections').selectAll().orderBy('id', 'desc').execute()
    const items = list.length ? await this.#store.db.selectFrom('inspection_items').selectAll().where('inspection_id', 'in', list.map((i) => i.id)).execute() : []
    return list.map((i) => ({ ...i, items: items.filter((x) => x.inspection_id === i.id) }))
  }
}

/** The lead or a co-operating department of a task (or an admin). */
export function mayReportOn(user: User, task: Pick<TaskTable, 'lead' | 'cooperating'>): boolean {
  if (user.role === 'admin') return true
  if (user.role !== 'reporter' || !user.department) return false
  return task.lead === user.department || (JSON.parse(task.cooperating) as string[]).includes(user.department)
}

function checkAttachment(rawName: string, bytes: Uint8Array): { name: string; mediaType: string; bytes: Uint8Array; sha256: string } {
  // Only the base name, without control characters; the name is a label, never a path.
  const name = (rawName.split(/[\\/]/).pop() ?? 'file').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'file'
  if (bytes.length === 0) throw new AppError('task.attachment_rejected', { file: name, reason: 'empty' })
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('task.attachment_rejected', { file: name, reason: 'too_large', limitMiB: MAX_ATTACHMENT_BYTES / 1024 / 1024 })
  const kind = sniffAttachment(bytes)
  if (!kind) throw new AppError('task.attachment_rejected', { file: name, reason: 'type' })
  let mediaType = kind.mediaType
  if (kind.ext === 'zip') {
    const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
    if (!OFFICE_EXTENSIONS.includes(ext)) throw new AppError('task.attachment_rejected', { file: name, reason: 'zip' })
    mediaType = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' }[ext]!
  }
  return { name, mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }
}
