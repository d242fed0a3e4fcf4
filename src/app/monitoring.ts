/**
 * Runs the monitoring engine on the store's data (loaded by `loadMonitoringData`, src/app/recompute.ts).
 * @module
 */
import { computeWarnings, sortWarnings, taskWarnings, type MonitoringData, type MonitoringWarning, type PublishedSeriesScan, type TargetStatus } from '../monitoring/index.js'
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

/**
 * Every warning: targets, data, and tasks overdue or stalled on `taskDate` (YYYY-MM-DD), with messages in both
 * languages, most serious first.
 */
export async function allWarnings(
  ctx: Context,
  data: MonitoringData & PublishedSeriesScan,
  statuses: ReadonlyArray<TargetStatus>,
  asOf: number,
  taskDate: string,
): Promise<Array<MonitoringWarning & { message: string; messageEn: string }>> {
  const followUps = await new TaskService(ctx.tasks, ctx.plan, ctx.regions).followUp(taskDate)
  return sortWarnings([...computeWarnings(ctx.plan, data, statuses, { asOf }), ...taskWarnings(followUps)]).map((w) => ({
    ...w,
    message: tUntyped('zh', `warning.${w.kind}`, w.params),
    messageEn: tUntyped('en', `warning.${w.kind}`, w.params),
  }))
}
