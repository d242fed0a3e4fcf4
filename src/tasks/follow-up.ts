/**
 * Following up the plan's tasks (九(一) 细化分解规划目标任务, 适时开展专项督查): how sub-tasks roll up into their
 * task, and which tasks are overdue or stalled. Pure.
 * @module
 */
import type { TaskStatus } from '../core/task-status.js'

export interface TaskState {
  readonly id: string
  readonly parentId: string | null
  readonly status: TaskStatus
  readonly percent: number
  /** YYYY-MM-DD */
  readonly deadline: string
  readonly lastReportAt: string | null
}

/**
 * A task with sub-tasks takes its progress from them: percent is the mean over the sub-tasks that are not dropped;
 * done when all of them are done; delayed when any is delayed; in progress when any has started.
 */
export function rollUp(children: ReadonlyArray<Pick<TaskState, 'status' | 'percent'>>): { status: TaskStatus; percent: number } | undefined {
  const live = children.filter((c) => c.status !== 'dropped')
  if (children.length === 0) return undefined
  if (live.length === 0) return { status: 'dropped', percent: 0 }
  const percent = Math.round(live.reduce((s, c) => s + c.percent, 0) / live.length)
  const status: TaskStatus = live.every((c) => c.status === 'done')
    ? 'done'
    : live.some((c) => c.status === 'delayed')
      ? 'delayed'
      : live.some((c) => c.status !== 'not_started')
        ? 'in_progress'
        : 'not_started'
  return { status, percent }
}

export interface TaskFollowUp {
  readonly task: string
  readonly kind: 'overdue' | 'stalled'
  /** Days past the deadline, or days since the last report (or since the plan started, when never reported). */
  readonly days: number
  readonly deadline: string
  readonly lastReportAt: string | null
}

const DAY = 86_400_000

/**
 * Overdue: the deadline has passed and the task is neither done nor dropped. Stalled: an open task with no report
 * for `stalledMonths` months (counted from the plan's start when it has never been reported on).
 */
export function followUp(tasks: ReadonlyArray<TaskState>, asOf: string, planStart: string, stalledMonths = 6): TaskFollowUp[] {
  const now = Date.parse(asOf)
  const out: TaskFollowUp[] = []
  for (const t of tasks) {
    if (t.status === 'done' || t.status === 'dropped') continue
    const deadline = Date.parse(`${t.deadline}T23:59:59Z`)
    if (deadline < now) {
      out.push({ task: t.id, kind: 'overdue', days: Math.floor((now - deadline) / DAY), deadline: t.deadline, lastReportAt: t.lastReportAt })
      continue
    }
    const since = Date.parse(t.lastReportAt ?? `${planStart}T00:00:00Z`)
    const limit = new Date(since)
    limit.setUTCMonth(limit.getUTCMonth() + stalledMonths)
    if (limit.getTime() < now) out.push({ task: t.id, kind: 'stalled', days: Math.floor((now - since) / DAY), deadline: t.deadline, lastReportAt: t.lastReportAt })
  }
  return out.sort((a, b) => (a.kind === b.kind ? b.days - a.days : a.kind === 'overdue' ? -1 : 1))
}

/** What an uploaded evidence file is, by its first bytes (never by its name). */
export function sniffAttachment(bytes: Uint8Array): { mediaType: string; ext: string } | undefined {
  const b = (i: number) => bytes[i] ?? -1
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return { mediaType: 'application/pdf', ext: 'pdf' }
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return { mediaType: 'image/png', ext: 'png' }
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return { mediaType: 'image/jpeg', ext: 'jpg' }
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return { mediaType: 'image/gif', ext: 'gif' }
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50)
    return { mediaType: 'image/webp', ext: 'webp' }
  // Office Open XML (docx, xlsx, pptx) are zip files; which one is told by the name, checked against this list.
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return { mediaType: 'application/zip', ext: 'zip' }
  if (b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0) return { mediaType: 'application/x-ole-storage', ext: 'doc' }
  return undefined
}
