/**
 * A task's history (issue 15): the audit log entries about the task, its sub-tasks, their progress reports and
 * evidence, and the special inspections of them, newest first, each told in a short sentence (zh and en) with the
 * before → after of the fields it changed. `describeEntry` is pure; `taskHistory` reads the stores.
 * @module
 */
import { AppError } from '../core/errors.js'
import { TASK_STATUS_NAMES } from '../i18n/status-names.js'
import type { AuditLog, AuditRecord } from './ports/audit.js'
import type { Inspection, TaskReportWithEvidence, TaskRepository } from './ports/task-repository.js'
import type { UserRepository } from './ports/user-repository.js'

export const HISTORY_PAGE_MAX = 500

export type HistoryField = 'status' | 'deadline' | 'lead' | 'cooperating' | 'dropReason' | 'percent'

export interface HistoryChange {
  readonly field: HistoryField
  readonly from: string | null
  readonly to: string | null
}

export interface HistoryEntry {
  readonly id: number
  readonly at: string
  readonly actor: string
  readonly actorName: string
  readonly action: string
  readonly task: string
  readonly changes: HistoryChange[]
  readonly report: { readonly id: number; readonly period: string } | null
  readonly attachments: Array<{ readonly id: number | null; readonly reportId: number; readonly fileName: string }>
  readonly inspection: { readonly id: number; readonly title: string } | null
  readonly comment: string | null
  readonly summary: string
  readonly summaryEn: string
}

/** What `describeEntry` looks things up in: the reports and inspections the entries may name, and display names. */
export interface HistoryLookups {
  readonly reports: ReadonlyMap<number, TaskReportWithEvidence>
  readonly inspections: ReadonlyMap<number, Inspection>
  readonly displayNames: ReadonlyMap<string, string>
}

type Detail = Readonly<Record<string, unknown>>
const asDetail = (d: unknown): Detail => (d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Detail) : {})
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null)
const list = (v: string[] | null): string | null => (v === null ? null : v.join('、'))

const FIELD_NAMES: Record<HistoryField, { zh: string; en: string }> = {
  status: { zh: '状态', en: 'status' },
  deadline: { zh: '截止日期', en: 'deadline' },
  lead: { zh: '牵头部门', en: 'lead department' },
  cooperating: { zh: '配合部门', en: 'co-operating departments' },
  dropReason: { zh: '取消原因', en: 'reason for dropping' },
  percent: { zh: '进度', en: 'progress' },
}

/** Task statuses in words; a code from an older store that is not one of them stays as it is. */
const STATUS_WORDS: Readonly<Record<string, { readonly zh: string; readonly en: string } | undefined>> = TASK_STATUS_NAMES

function shown(field: HistoryField, value: string | null, lang: 'zh' | 'en'): string {
  if (value === null || value === '') return lang === 'zh' ? '（空）' : '(none)'
  if (field === 'status') return STATUS_WORDS[value]?.[lang] ?? value
  if (field === 'percent') return `${value}%`
  return value
}

function changeText(changes: ReadonlyArray<HistoryChange>, lang: 'zh' | 'en'): string {
  return changes
    .map((c) =>
      c.from === null && c.field !== 'status'
        ? `${FIELD_NAMES[c.field][lang]} → ${shown(c.field, c.to, lang)}`
        : `${FIELD_NAMES[c.field][lang]} ${shown(c.field, c.from, lang)} → ${shown(c.field, c.to, lang)}`,
    )
    .join(lang === 'zh' ? '；' : '; ')
}

/** The fields a `task.update` changed, from its patch and the `before` the service recorded (older entries lack some). */
function updateChanges(r: AuditRecord, d: Detail): HistoryChange[] {
  const patch = asDetail(d.patch)
  const before = asDetail(d.before)
  const out: HistoryChange[] = []
  const status = str(patch.status)
  if (status !== null && status !== r.oldStatus) out.push({ field: 'status', from: r.oldStatus, to: status })
  for (const field of ['deadline', 'lead'] as const) {
    const to = str(patch[field])
    if (to !== null && to !== str(before[field])) out.push({ field, from: str(before[field]), to })
  }
  const coop = strings(patch.cooperating)
  if (coop !== null && list(coop) !== list(strings(before.cooperating))) out.push({ field: 'cooperating', from: list(strings(before.cooperating)), to: list(coop) })
  const reason = str(patch.dropReason)
  if (status === 'dropped' && reason !== null && reason !== str(before.dropReason)) out.push({ field: 'dropReason', from: str(before.dropReason), to: reason })
  return out
}

/** One audit entry in words; an action this history does not know is named by its code. */
export function describeEntry(r: AuditRecord, task: string, look: HistoryLookups): HistoryEntry {
  const d = asDetail(r.detail)
  const reportId = num(d.report)
  const report = reportId === null ? undefined : look.reports.get(reportId)
  const period = str(d.period) ?? report?.period ?? null
  const reportRef = reportId === null ? null : { id: reportId, period: period ?? String(reportId) }
  const inspectionId = r.entity === 'inspection' ? Number(r.entityId) : null
  const insp = inspectionId === null ? undefined : look.inspections.get(inspectionId)
  const inspection = inspectionId === null || !Number.isInteger(inspectionId) ? null : { id: inspectionId, title: insp?.title ?? `#${inspectionId}` }
  const base = {
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorName: look.displayNames.get(r.actor) ?? r.actor,
    action: r.action,
    task,
    report: reportRef,
    inspection,
    attachments: [] as HistoryEntry['attachments'],
  }
  const p = reportRef?.period ?? ''
  switch (r.action) {
    case 'task.update': {
      const changes = updateChanges(r, d)
      const zh = changes.length ? changeText(changes, 'zh') : '未改变字段'
      const en = changes.length ? changeText(changes, 'en') : 'no field changed'
      return {
        ...base,
        changes,
        comment: status(changes) === 'dropped' ? str(asDetail(d.patch).dropReason) : null,
        summary: `修改任务：${zh}`,
        summaryEn: `Edited the task: ${en}`,
      }
    }
    case 'task.report': {
      const percent = num(d.percent)
      const files = Array.isArray(d.attachments) ? d.attachments.map(asDetail) : []
      const attachments = files.map((f) => {
        const name = str(f.name) ?? ''
        const found = report?.attachments.find((a) => a.sha256 === str(f.sha256) && a.fileName === name) ?? report?.attachments.find((a) => a.sha256 === str(f.sha256))
        return { id: found?.id ?? null, reportId: reportId ?? 0, fileName: name }
      })
      const proposed = str(r.newStatus)
      const changes: HistoryChange[] = percent === null ? [] : [{ field: 'percent', from: null, to: String(percent) }]
      const prop = { zh: proposed ? `，建议状态${shown('status', proposed, 'zh')}` : '', en: proposed ? `, proposing ${shown('status', proposed, 'en')}` : '' }
      const filesText = { zh: files.length ? `，佐证材料 ${files.length} 个` : '', en: files.length ? `, ${files.length} evidence file${files.length === 1 ? '' : 's'}` : '' }
      return {
        ...base,
        attachments,
        changes,
        comment: null,
        summary: `提交 ${p} 进展报告：进度 ${percent ?? '?'}%${prop.zh}${filesText.zh}`,
        summaryEn: `Filed the ${p} progress report: ${percent ?? '?'}%${prop.en}${filesText.en}`,
      }
    }
    case 'task.report_accept': {
      const percent = num(d.percent)
      const changes: HistoryChange[] = []
      if (r.newStatus !== null && r.newStatus !== r.oldStatus) changes.push({ field: 'status', from: r.oldStatus, to: r.newStatus })
      if (percent !== null) changes.push({ field: 'percent', from: null, to: String(r.newStatus === 'done' ? 100 : percent) })
      const tail = changes.length ? { zh: `：${changeText(changes, 'zh')}`, en: `: ${changeText(changes, 'en')}` } : { zh: '', en: '' }
      return { ...base, changes, comment: null, summary: `采纳 ${p} 进展报告${tail.zh}`, summaryEn: `Accepted the ${p} progress report${tail.en}` }
    }
    case 'task.report_return': {
      const comment = str(d.comment)
      return {
        ...base,
        changes: [],
        comment,
        summary: `退回 ${p} 进展报告${comment ? `：${comment}` : ''}`,
        summaryEn: `Returned the ${p} progress report${comment ? `: ${comment}` : ''}`,
      }
    }
    case 'task.split': {
      const lead = str(d.lead) ?? ''
      const deadline = str(d.deadline) ?? ''
      return {
        ...base,
        changes: [],
        comment: null,
        summary: `拆分出子任务 ${r.entityId ?? ''}（牵头部门 ${lead}，截止 ${deadline}）`,
        summaryEn: `Split off sub-task ${r.entityId ?? ''} (lead ${lead}, deadline ${deadline})`,
      }
    }
    case 'inspection.open': {
      const title = str(d.title) ?? inspection?.title ?? ''
      return { ...base, changes: [], comment: null, summary: `发起专项督查「${title}」`, summaryEn: `Opened the special inspection “${title}”` }
    }
    case 'inspection.correct': {
      const note = str(d.note)
      return {
        ...base,
        changes: [],
        comment: note,
        summary: `记录督查问题整改${note ? `：${note}` : ''}`,
        summaryEn: `Recorded a correction of a finding${note ? `: ${note}` : ''}`,
      }
    }
    case 'inspection.close': {
      const summary = str(d.summary)
      const title = inspection?.title ?? ''
      return {
        ...base,
        changes: [],
        comment: summary,
        summary: `关闭专项督查「${title}」${summary ? `：${summary}` : ''}`,
        summaryEn: `Closed the special inspection “${title}”${summary ? `: ${summary}` : ''}`,
      }
    }
    default:
      return { ...base, changes: [], comment: null, summary: r.action, summaryEn: r.action }
  }
}

const status = (changes: ReadonlyArray<HistoryChange>): string | null => changes.find((c) => c.field === 'status')?.to ?? null

/** Whether an inspection entry concerns one of these tasks (a correction names its item's task). */
function inspectionEntryConcerns(r: AuditRecord, ids: ReadonlySet<string>): string | undefined {
  const d = asDetail(r.detail)
  if (r.action === 'inspection.correct') {
    const t = str(d.task)
    return t !== null && ids.has(t) ? t : undefined
  }
  return undefined
}

export interface HistoryStores {
  readonly tasks: TaskRepository
  readonly audit: AuditLog
  readonly users: Pick<UserRepository, 'list'>
}

/**
 * The history of a task and its sub-tasks, newest first, `limit` entries from before entry `before`. Anyone signed
 * in reads it, as they read the task's reports (the caller checks the session).
 */
export async function taskHistory(
  stores: HistoryStores,
  id: string,
  page: { readonly limit: number; readonly before?: number },
): Promise<{ task: string; entries: HistoryEntry[]; more: boolean }> {
  const all = await stores.tasks.tasks()
  if (!all.some((t) => t.id === id)) throw new AppError('task.not_found', { id })
  const ids = new Set([id, ...all.filter((t) => t.parentId === id).map((t) => t.id)])
  const inspections = (await stores.tasks.inspections()).filter((i) => i.items.some((x) => ids.has(x.taskId)))
  // One more than asked: whether older entries remain.
  const want = page.limit + 1
  const paging = page.before === undefined ? {} : { before: page.before }
  const [taskRows, inspectionRows] = await Promise.all([
    stores.audit.list({ entity: 'task', entityIds: [...ids], limit: want, ...paging }),
    // Corrections of other tasks' findings in the same inspections are read and dropped: fetch enough to fill the page.
    stores.audit.list({ entity: 'inspection', entityIds: inspections.map((i) => String(i.id)), limit: HISTORY_PAGE_MAX * 4, ...paging }),
  ])
  const aboutInspection = (r: AuditRecord): string | undefined => {
    if (r.action === 'inspection.correct') return inspectionEntryConcerns(r, ids)
    const insp = inspections.find((i) => String(i.id) === r.entityId)
    return insp?.items.find((x) => x.taskId === id)?.taskId ?? insp?.items.find((x) => ids.has(x.taskId))?.taskId
  }
  const rows: Array<{ r: AuditRecord; task: string }> = [
    ...taskRows.map((r) => ({ r, task: r.entityId ?? id })),
    ...inspectionRows.flatMap((r) => {
      const t = aboutInspection(r)
      return t === undefined ? [] : [{ r, task: t }]
    }),
  ].sort((a, b) => b.r.id - a.r.id)
  const shownRows = rows.slice(0, page.limit)
  const reports = new Map<number, TaskReportWithEvidence>()
  for (const t of ids) for (const rep of await stores.tasks.reports(t)) reports.set(rep.id, rep)
  const displayNames = new Map((await stores.users.list()).map((u) => [u.username, u.displayName || u.username]))
  const look: HistoryLookups = { reports, inspections: new Map(inspections.map((i) => [i.id, i])), displayNames }
  return { task: id, entries: shownRows.map(({ r, task }) => describeEntry(r, task, look)), more: rows.length > page.limit }
}
