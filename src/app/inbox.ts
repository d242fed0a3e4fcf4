/**
 * A reporter's inbox (issue 15): values a reviewer returned, with the comment and who returned them when; drafts
 * not yet submitted (a count per region and year); tasks of the reporter's department due within 60 days or overdue;
 * open data requests naming the reporter's regions, with their share's progress.
 * @module
 */
import type { Context } from './context.js'
import { DataRequestService } from './data-requests.js'
import type { User } from './ports/user-repository.js'
import { TaskService } from './tasks.js'
import { requireRole } from './workflow.js'

/** Tasks due within this many days (or overdue) are listed. */
export const INBOX_TASK_DAYS = 60

export interface InboxReturned {
  readonly id: number
  readonly indicator: string
  readonly indicatorName: string
  readonly region: string
  readonly regionName: string
  readonly year: number
  readonly value: number
  readonly unit: string
  readonly version: number
  readonly comment: string | null
  readonly returnedBy: string
  readonly returnedAt: string
}

export interface InboxDrafts {
  readonly region: string
  readonly regionName: string
  readonly year: number
  readonly count: number
}

export interface InboxTask {
  readonly id: string
  readonly title: string
  readonly titleEn: string
  readonly deadline: string
  readonly status: string
  readonly percent: number
  readonly overdue: boolean
  /** Days until the deadline (negative: overdue by that many days). */
  readonly daysLeft: number
}

/** An open data request naming one of my regions, with my share's progress (cells entered or further, submitted or further). */
export interface InboxRequest {
  readonly id: number
  readonly title: string
  readonly year: number
  readonly due: string
  readonly daysLeft: number
  readonly late: boolean
  readonly expected: number
  readonly entered: number
  readonly submitted: number
}

export interface Inbox {
  readonly returned: ReadonlyArray<InboxReturned>
  readonly drafts: ReadonlyArray<InboxDrafts>
  readonly tasks: ReadonlyArray<InboxTask>
  readonly requests: ReadonlyArray<InboxRequest>
}

const DAY_MS = 86_400_000

/** Whole days from `today` (YYYY-MM-DD) to `deadline` (YYYY-MM-DD). Pure. */
export function daysUntil(today: string, deadline: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS)
}

export async function inboxOf(ctx: Context, who: User | undefined, now: Date): Promise<Inbox> {
  const user = requireRole(who, ['reporter', 'admin'])
  // A reporter sees its own regions (none: a department-only reporter has no values); an admin sees all.
  const regions = user.role === 'admin' ? undefined : user.regions
  const withValues = regions === undefined || regions.length > 0
  const rows = withValues ? await ctx.observations.find({ statuses: ['returned', 'draft'], ...(regions ? { regions } : {}) }) : []
  const name = (code: string) => ctx.regions.get(code)?.name ?? code

  const returned = rows
    .filter((r) => r.status === 'returned')
    .map((r) => ({
      id: r.id,
      indicator: r.indicator,
      indicatorName: ctx.indicators.get(r.indicator)?.name ?? r.indicator,
      region: r.region,
      regionName: name(r.region),
      year: r.year,
      value: r.value,
      unit: r.unit,
      version: r.version,
      comment: r.reviewComment,
      // A returned value was last changed by the return itself (saving it makes it a draft again).
      returnedBy: r.updatedBy,
      returnedAt: r.updatedAt,
    }))
    .sort((a, b) => b.returnedAt.localeCompare(a.returnedAt) || a.id - b.id)

  const counts = new Map<string, InboxDrafts>()
  for (const r of rows) {
    if (r.status !== 'draft') continue
    const k = `${r.region}|${r.year}`
    const prev = counts.get(k)
    counts.set(k, { region: r.region, regionName: name(r.region), year: r.year, count: (prev?.count ?? 0) + 1 })
  }
  const drafts = [...counts.values()].sort((a, b) => b.year - a.year || a.region.localeCompare(b.region))

  const today = now.toISOString().slice(0, 10)
  const department = user.role === 'admin' ? undefined : user.department
  const tasks =
    user.role === 'reporter' && !department
      ? []
      : (await new TaskService(ctx.tasks, ctx.plan, ctx.regions).list({ withSubtasks: true, ...(department ? { department } : {}) }))
          .filter((t) => t.status !== 'done' && t.status !== 'dropped')
          .map((t) => ({ t, days: daysUntil(today, t.deadline) }))
          .filter(({ days }) => days <= INBOX_TASK_DAYS)
          .sort((a, b) => a.days - b.days || a.t.id.localeCompare(b.t.id, 'en', { numeric: true }))
          .map(({ t, days }) => ({ id: t.id, title: t.title, titleEn: t.titleEn, deadline: t.deadline, status: t.status, percent: t.percent, overdue: days < 0, daysLeft: days }))

  const requests = (await new DataRequestService(ctx).openFor(user, now)).map((r) => ({
    id: r.id,
    title: r.title,
    year: r.year,
    due: r.due,
    daysLeft: r.daysLeft,
    late: r.late,
    expected: r.progress.expected,
    entered: r.progress.reached.entered,
    submitted: r.progress.reached.submitted,
  }))

  return { returned, drafts, tasks, requests }
}
