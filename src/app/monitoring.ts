/**
 * Runs the monitoring engine on the store's data (loaded by `loadMonitoringData`, src/app/recompute.ts).
 * @module
 */
import {
  computeWarnings,
  groupWarnings,
  matchesFilter,
  sortWarnings,
  taskWarnings,
  warningLink,
  WARNING_KINDS,
  type MonitoringData,
  type MonitoringWarning,
  type PublishedSeriesScan,
  type TargetStatus,
  type TaskRefs,
  type WarningFilter,
  type WarningKind,
  type WarningLink,
} from '../monitoring/index.js'
import { tUntyped } from '../i18n/t.js'
import { TaskService } from './tasks.js'
import type { Context } from './context.js'

/** The latest year with any data: the default evaluation year. */
export function latestDataYear(data: MonitoringData): number | undefined {
  let max: number | undefined
  for (const ind of data.indicators.all) {
    const ys = data.years(ind.id)
    const last = ys.at(-1)
    if (last !== undefined && (max === undefined || last > max)) max = last
  }
  return max
}

export type WarningWithText = MonitoringWarning & { message: string; messageEn: string; link: WarningLink }

/**
 * Every warning: targets, data, and tasks overdue or stalled on `taskDate` (YYYY-MM-DD), with messages in both
 * languages and the page each is about, most serious first.
 */
export async function allWarnings(
  ctx: Context,
  data: MonitoringData & PublishedSeriesScan,
  statuses: ReadonlyArray<TargetStatus>,
  asOf: number,
  taskDate: string,
): Promise<WarningWithText[]> {
  const service = new TaskService(ctx.tasks, ctx.plan, ctx.regions)
  const followUps = await service.followUp(taskDate)
  const refs = new Map<string, TaskRefs>(followUps.length > 0 ? (await service.list({ withSubtasks: true })).map((t) => [t.id, t]) : [])
  return sortWarnings([...computeWarnings(ctx.plan, data, statuses, { asOf }), ...taskWarnings(followUps)]).map((w) => ({
    ...w,
    message: tUntyped('zh', `warning.${w.kind}`, w.params),
    messageEn: tUntyped('en', `warning.${w.kind}`, w.params),
    link: warningLink(w, ctx.regions, w.target && (w.kind === 'task_overdue' || w.kind === 'task_stalled') ? refs.get(w.target) : undefined),
  }))
}

export function filterWarnings<W extends WarningWithText>(list: ReadonlyArray<W>, filter: WarningFilter): W[] {
  return list.filter((w) => matchesFilter(w, filter))
}

/** How many task ids a department's line names before "…". */
const TASKS_NAMED = 8

/** The warnings grouped by kind and subject, each group with one line in both languages. */
export function warningGroups(ctx: Pick<Context, 'plan' | 'indicators'>, list: ReadonlyArray<WarningWithText>) {
  const kinds = Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])) as Record<WarningKind, number>
  for (const w of list) kinds[w.kind]++
  const groups = groupWarnings(list).map((g) => {
    const first = g.warnings[0]
    // groupWarnings makes a group from its first member.
    if (!first) throw new Error('empty warning group')
    const subject = (() => {
      if (g.subject.type === 'department') return { ...g.subject, name: g.subject.id, nameEn: g.subject.id }
      if (g.subject.type === 'target') {
        const t = ctx.plan.targets.find((x) => x.id === g.subject.id)
        return { ...g.subject, name: t?.name ?? g.subject.id, nameEn: t?.nameEn ?? g.subject.id }
      }
      const ind = ctx.indicators.get(g.subject.id)
      return { ...g.subject, name: ind?.name ?? g.subject.id, nameEn: ind?.nameEn ?? g.subject.id }
    })()
    const text = (lang: 'zh' | 'en'): string => {
      if (g.count === 1) return lang === 'zh' ? first.message : first.messageEn
      if (g.kind === 'task_overdue' || g.kind === 'task_stalled') {
        const ids = g.warnings.map((w) => w.target ?? '').filter(Boolean)
        const tasks = ids.slice(0, TASKS_NAMED).join(lang === 'zh' ? '、' : ', ') + (ids.length > TASKS_NAMED ? '…' : '')
        const days = Math.max(...g.warnings.map((w) => w.score))
        return tUntyped(lang, g.kind === 'task_overdue' ? 'warning.tasks_overdue' : 'warning.tasks_stalled', { lead: subject.id, count: g.count, days, tasks })
      }
      return tUntyped(lang, 'warning.grouped', { kind: g.kind, subject: subject.name, subjectEn: subject.nameEn, count: g.count })
    }
    const link: WarningLink =
      g.subject.type === 'department'
        ? { task: null, target: null, region: null, indicator: null }
        : { task: null, target: g.subject.type === 'target' ? g.subject.id : null, region: null, indicator: g.subject.type === 'indicator' ? g.subject.id : first.indicator }
    return { kind: g.kind, subject, severity: g.severity, count: g.count, message: text('zh'), messageEn: text('en'), link, warnings: g.warnings }
  })
  return { total: list.length, kinds, groups }
}
