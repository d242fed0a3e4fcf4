/**
 * The plan's tasks as tracked work (九(一)): copied from the plan into the store, split per department or city,
 * reported on by the responsible departments with evidence, accepted or returned by reviewers, rolled up, and
 * followed up by special inspections (专项督查). Every change is audited.
 * @module
 */
import { createHash } from 'node:crypto'

import { AppError } from '../core/errors.js'
import { withoutControlCharacters } from './control-characters.js'
import { TASK_STATUSES, type TaskStatus } from '../core/task-status.js'
import type { Plan } from '../plan/plan-schema.js'
import type { RegionCatalog } from '../regions/region-catalog.js'
import { evidenceStructure, followUp, rollUp, sniffAttachment, type TaskFollowUp } from '../tasks/index.js'
import type { Evidence, Inspection, TaskRecord, TaskReportWithEvidence, TaskRepository } from './ports/task-repository.js'
import { mayWriteRegion, type User } from './users.js'
import { requireRole, type Actor } from './workflow.js'

export { TASK_STATUSES }
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
export const MAX_ATTACHMENTS = 5
/** The zip-based files accepted as evidence, by extension. */
const OFFICE_MEDIA_TYPES: Readonly<Record<string, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
}

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

function view(r: TaskRecord, children: ReadonlyArray<TaskRecord>): TaskView {
  const rolled = rollUp(children.map((c) => ({ status: c.status, percent: c.percent })))
  return {
    id: r.id,
    parentId: r.parentId,
    section: r.section,
    title: r.title,
    titleEn: r.titleEn,
    description: r.description,
    lead: r.lead,
    cooperating: r.cooperating,
    regions: r.regions,
    deadline: r.deadline,
    indicators: r.indicators,
    targets: r.targets,
    status: rolled?.status ?? r.status,
    dropReason: r.dropReason,
    percent: rolled?.percent ?? r.percent,
    lastReportAt: r.lastReportAt,
    version: r.version,
    subtasks: children.length,
    rolledUp: rolled !== undefined,
  }
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

/** A task with its sub-tasks and (newest first) its progress reports. */
export interface TaskDetail {
  readonly task: TaskView
  readonly subtasks: TaskView[]
  readonly reports: TaskReportWithEvidence[]
}

export class TaskService {
  readonly #tasks: TaskRepository
  readonly #plan: Plan
  readonly #regions: RegionCatalog

  constructor(tasks: TaskRepository, plan: Plan, regions: RegionCatalog) {
    this.#tasks = tasks
    this.#plan = plan
    this.#regions = regions
  }

  /** A reporter writes on a task only for its department and, when it has regions, only inside them (as data writes). */
  #requireReportScope(user: User, task: TaskRecord): void {
    if (!mayReportOn(user, task)) throw new AppError('task.forbidden', { id: task.id, department: user.department ?? '' })
    const outside = regionOutsideScope(user, task, this.#regions)
    if (outside !== undefined) throw new AppError('auth.region_forbidden', { region: outside })
  }

  async list(filter: TaskFilter = {}): Promise<TaskView[]> {
    const rows = await this.#tasks.tasks()
    const children = new Map<string, TaskRecord[]>()
    for (const r of rows) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r])
    const views = rows.map((r) => view(r, children.get(r.id) ?? []))
    return views
      .filter((v) => filter.withSubtasks || v.parentId === null)
      .filter((v) => !filter.department || v.lead === filter.department || v.cooperating.includes(filter.department))
      .filter((v) => !filter.status || v.status === filter.status)
      .filter((v) => !filter.section || v.section === filter.section || v.section.startsWith(filter.section))
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
  }

  async get(id: string): Promise<TaskDetail> {
    const all = await this.list({ withSubtasks: true })
    const task = all.find((t) => t.id === id)
    if (!task) throw new AppError('task.not_found', { id })
    return { task, subtasks: all.filter((t) => t.parentId === id), reports: await this.reports(id) }
  }

  async reports(taskId: string): Promise<TaskReportWithEvidence[]> {
    return this.#tasks.reports(taskId)
  }

  /** Splits a task into sub-tasks per city (lead unchanged) or per department (each the lead of its own). */
  async split(id: string, by: { regions?: ReadonlyArray<string>; departments?: ReadonlyArray<string>; deadline?: string }, actor: Actor): Promise<TaskView[]> {
    requireRole(actor.user, ['admin', 'reviewer'])
    const parent = await this.#tasks.task(id)
    if (!parent) throw new AppError('task.not_found', { id })
    if (parent.parentId) throw new AppError('task.invalid', { reason: 'nested_split' })
    const parts = [
      ...(by.regions ?? []).map((r) => ({ key: r, lead: parent.lead, regions: [r] })),
      ...(by.departments ?? []).map((d) => ({ key: d, lead: d, regions: parent.regions })),
    ]
    if (parts.length === 0) throw new AppError('task.invalid', { reason: 'split_parts' })
    const deadline = by.deadline ?? parent.deadline
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || deadline > parent.deadline) throw new AppError('task.invalid', { reason: 'subtask_deadline', parentDeadline: parent.deadline })
    await this.#tasks.transaction(async (tx) => {
      for (const p of parts) {
        const subId = `${id}/${p.key}`
        if (await tx.task(subId)) throw new AppError('task.invalid', { reason: 'subtask_exists', id: subId })
        await tx.insertTask({
          ...parent,
          id: subId,
          parentId: id,
          lead: p.lead,
          cooperating: p.lead === parent.lead ? parent.cooperating : [],
          regions: p.regions,
          deadline,
          status: 'not_started',
          dropReason: null,
          percent: 0,
          lastReportAt: null,
          version: 1,
          createdAt: actor.at,
          updatedAt: actor.at,
        })
        await tx.audit({
          at: actor.at,
          actor: actor.user.username,
          action: 'task.split',
          entity: 'task',
          entityId: subId,
          detail: { parent: id, lead: p.lead, regions: p.regions, deadline },
          origin: actor.origin,
        })
      }
    })
    return (await this.get(id)).subtasks
  }

  /** Reviewers and admins change a task's status, deadline or lead; `version` guards against lost updates. */
  async update(
    id: string,
    patch: { status?: TaskStatus; dropReason?: string; deadline?: string; lead?: string; cooperating?: ReadonlyArray<string> },
    version: number,
    actor: Actor,
  ): Promise<TaskView> {
    requireRole(actor.user, ['admin', 'reviewer'])
    if (patch.status === 'dropped' && !patch.dropReason?.trim()) throw new AppError('task.invalid', { reason: 'drop_reason' })
    if (patch.deadline !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(patch.deadline)) throw new AppError('task.invalid', { reason: 'deadline_format' })
    await this.#tasks.transaction(async (tx) => {
      const before = await tx.task(id)
      if (!before) throw new AppError('task.not_found', { id })
      const changed = await tx.updateTask(
        id,
        {
          ...(patch.status ? { status: patch.status, dropReason: patch.status === 'dropped' ? (patch.dropReason ?? null) : null } : {}),
          ...(patch.status === 'done' ? { percent: 100 } : {}),
          ...(patch.deadline ? { deadline: patch.deadline } : {}),
          ...(patch.lead ? { lead: patch.lead } : {}),
          ...(patch.cooperating ? { cooperating: patch.cooperating } : {}),
          version: before.version + 1,
          updatedAt: actor.at,
        },
        version,
      )
      if (!changed) throw new AppError('observation.version_conflict', { current: before.version, given: version })
      await tx.audit({
        at: actor.at,
        actor: actor.user.username,
        action: 'task.update',
        entity: 'task',
        entityId: id,
        oldStatus: before.status,
        newStatus: patch.status ?? before.status,
        detail: { patch, before: { deadline: before.deadline, lead: before.lead, cooperating: before.cooperating, dropReason: before.dropReason } },
        origin: actor.origin,
      })
    })
    return (await this.get(id)).task
  }

  /** A department reports progress on its own task (lead or co-operating), with evidence files. */
  async submitReport(taskId: string, input: ReportInput, actor: Actor): Promise<number> {
    const user = requireRole(actor.user, ['admin', 'reporter'])
    const task = await this.#tasks.task(taskId)
    if (!task) throw new AppError('task.not_found', { id: taskId })
    this.#requireReportScope(user, task)
    if (!(Number.isInteger(input.percent) && input.percent >= 0 && input.percent <= 100)) throw new AppError('task.invalid', { reason: 'percent' })
    if (!TASK_STATUSES.includes(input.status)) throw new AppError('task.invalid', { reason: 'status', status: input.status })
    if (!input.text.trim() || input.text.length > 20_000) throw new AppError('task.invalid', { reason: 'report_text', max: 20_000 })
    if (!/^[0-9A-Za-z\u4e00-\u9fff .\-年月季度上下半]{1,40}$/.test(input.period)) throw new AppError('task.invalid', { reason: 'period' })
    const files = (input.attachments ?? []).map((a) => checkAttachment(a.name, a.bytes))
    const firstOverLimit = files[MAX_ATTACHMENTS]
    if (firstOverLimit) throw new AppError('task.attachment_rejected', { file: firstOverLimit.name, reason: 'too_many', max: MAX_ATTACHMENTS })
    return this.#tasks.transaction(async (tx) => {
      const id = await tx.insertReport({
        taskId,
        period: input.period,
        text: input.text,
        percent: input.percent,
        proposedStatus: input.status,
        submittedBy: user.username,
        submittedAt: actor.at,
      })
      for (const f of files) await tx.insertEvidence(id, { fileName: f.name, mediaType: f.mediaType, sha256: f.sha256, content: f.bytes })
      await tx.updateTask(taskId, { lastReportAt: actor.at, updatedAt: actor.at })
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'task.report',
        entity: 'task',
        entityId: taskId,
        newStatus: input.status,
        detail: { report: id, period: input.period, percent: input.percent, attachments: files.map((f) => ({ name: f.name, sha256: f.sha256 })) },
        origin: actor.origin,
      })
      return id
    })
  }

  /** A reviewer accepts a report (its percent and status become the task's) or returns it with a comment. */
  async reviewReport(reportId: number, decision: 'accept' | 'return', comment: string | undefined, actor: Actor): Promise<void> {
    requireRole(actor.user, ['admin', 'reviewer'])
    if (decision === 'return' && !comment?.trim()) throw new AppError('review.comment_required')
    await this.#tasks.transaction(async (tx) => {
      const r = await tx.report(reportId)
      if (!r) throw new AppError('task.not_found', { id: `report ${reportId}` })
      if (r.status !== 'submitted') throw new AppError('workflow.bad_transition', { status: r.status, action: decision })
      await tx.reviewReport(reportId, {
        status: decision === 'accept' ? 'accepted' : 'returned',
        reviewComment: comment ?? null,
        reviewedBy: actor.user.username,
        reviewedAt: actor.at,
      })
      if (decision === 'accept') {
        // A report's task is there: reports reference their task, and tasks are never deleted.
        const t = await tx.task(r.taskId)
        if (!t) throw new AppError('task.not_found', { id: r.taskId })
        await tx.updateTask(r.taskId, { status: r.proposedStatus, percent: r.proposedStatus === 'done' ? 100 : r.percent, version: t.version + 1, updatedAt: actor.at })
        await tx.audit({
          at: actor.at,
          actor: actor.user.username,
          action: 'task.report_accept',
          entity: 'task',
          entityId: r.taskId,
          oldStatus: t.status,
          newStatus: r.proposedStatus,
          detail: { report: reportId, percent: r.percent },
          origin: actor.origin,
        })
      } else {
        await tx.audit({
          at: actor.at,
          actor: actor.user.username,
          action: 'task.report_return',
          entity: 'task',
          entityId: r.taskId,
          detail: { report: reportId, comment },
          origin: actor.origin,
        })
      }
    })
  }

  async attachment(reportId: number, attachmentId: number): Promise<Evidence> {
    const a = await this.#tasks.evidence(reportId, attachmentId)
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
    return this.#tasks.transaction(async (tx) => {
      const id = await tx.insertInspection({ title, openedBy: actor.user.username, openedAt: actor.at })
      for (const it of items) {
        if (!(await tx.task(it.task))) throw new AppError('task.not_found', { id: it.task })
        await tx.insertInspectionItem({ inspectionId: id, taskId: it.task, finding: it.finding, requiredCorrection: it.requiredCorrection })
      }
      await tx.audit({
        at: actor.at,
        actor: actor.user.username,
        action: 'inspection.open',
        entity: 'inspection',
        entityId: String(id),
        detail: { title, tasks: items.map((i) => i.task) },
        origin: actor.origin,
      })
      return id
    })
  }

  /** The responsible department (or a reviewer) records a correction. */
  async correct(itemId: number, note: string, actor: Actor): Promise<void> {
    const user = requireRole(actor.user, ['admin', 'reviewer', 'reporter'])
    await this.#tasks.transaction(async (tx) => {
      const item = await tx.inspectionItem(itemId)
      if (!item) throw new AppError('inspection.not_found', { id: `item ${itemId}` })
      // An item's task is there: items reference their task, and tasks are never deleted.
      const task = await tx.task(item.taskId)
      if (!task) throw new AppError('task.not_found', { id: item.taskId })
      if (user.role === 'reporter') this.#requireReportScope(user, task)
      // A closed inspection is settled: its findings' corrections stay as they were when it closed.
      if ((await tx.inspection(item.inspectionId))?.status === 'closed') throw new AppError('inspection.closed', { id: item.inspectionId })
      await tx.markCorrected(itemId, actor.at, note)
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'inspection.correct',
        entity: 'inspection',
        entityId: String(item.inspectionId),
        detail: { item: itemId, task: item.taskId, note },
        origin: actor.origin,
      })
    })
  }

  /** Closing needs a conclusion, and every finding corrected. */
  async closeInspection(id: number, summary: string, actor: Actor): Promise<void> {
    requireRole(actor.user, ['admin', 'reviewer'])
    if (!summary.trim()) throw new AppError('task.invalid', { reason: 'fields', fields: 'summary' })
    await this.#tasks.transaction(async (tx) => {
      const insp = await tx.inspection(id)
      if (!insp) throw new AppError('inspection.not_found', { id })
      if (insp.status === 'closed') throw new AppError('workflow.bad_transition', { status: 'closed', action: 'close' })
      const open = await tx.uncorrectedItems(id)
      if (open > 0) throw new AppError('inspection.open_items', { open })
      await tx.closeInspection(id, { closedBy: actor.user.username, closedAt: actor.at, summary })
      await tx.audit({
        at: actor.at,
        actor: actor.user.username,
        action: 'inspection.close',
        entity: 'inspection',
        entityId: String(id),
        detail: { summary },
        origin: actor.origin,
      })
    })
  }

  async inspections(): Promise<Inspection[]> {
    return this.#tasks.inspections()
  }
}

/** The lead or a co-operating department of a task (or an admin). */
export function mayReportOn(user: User, task: Pick<TaskRecord, 'lead' | 'cooperating'>): boolean {
  if (user.role === 'admin') return true
  if (user.role !== 'reporter' || !user.department) return false
  return task.lead === user.department || task.cooperating.includes(user.department)
}

/**
 * The first of the task's regions a region-scoped reporter may not write, or undefined when it may write them all.
 * A reporter without regions is a province-level department: its department alone scopes it. A task with no
 * region, or one that is not a known region (the plan's `province`), is province-wide: outside any city's scope.
 */
export function regionOutsideScope(user: User, task: Pick<TaskRecord, 'regions'>, regions: RegionCatalog): string | undefined {
  if (user.role === 'admin' || user.regions.length === 0) return undefined
  if (task.regions.length === 0) return regions.all.find((r) => r.level === 'province')?.code ?? 'province'
  return task.regions.find((r) => !mayWriteRegion(user, r, regions))
}

/** The content checks of evidence files (tasks and evaluation rounds): name, size, type sniffed, structure. */
export function checkAttachment(rawName: string, bytes: Uint8Array): { name: string; mediaType: string; bytes: Uint8Array; sha256: string } {
  // Only the base name, without control characters; the name is a label, never a path.
  const name = withoutControlCharacters(rawName.split(/[\\/]/).pop() ?? 'file').slice(0, 200) || 'file'
  if (bytes.length === 0) throw new AppError('task.attachment_rejected', { file: name, reason: 'empty' })
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('task.attachment_rejected', { file: name, reason: 'too_large', limitMiB: MAX_ATTACHMENT_BYTES / 1024 / 1024 })
  const kind = sniffAttachment(bytes)
  if (!kind) throw new AppError('task.attachment_rejected', { file: name, reason: 'type' })
  let mediaType = kind.mediaType
  if (kind.ext === 'pdf') {
    const broken = evidenceStructure(bytes, 'pdf')
    if (broken) throw new AppError('task.attachment_rejected', { file: name, ...broken })
  }
  if (kind.ext === 'zip') {
    const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
    const office = OFFICE_MEDIA_TYPES[ext]
    if (!office) throw new AppError('task.attachment_rejected', { file: name, reason: 'zip' })
    const broken = evidenceStructure(bytes, ext)
    if (broken) throw new AppError('task.attachment_rejected', { file: name, ...broken })
    mediaType = office
  }
  return { name, mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }
}
