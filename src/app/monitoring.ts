/**
 * Loads the store's observations into the monitoring engine and runs it.
 * @module
 */
import { computeWarnings, Dataset, sortWarnings, taskWarnings, type MonitoringData, type MonitoringWarning, type ObservationPoint, type TargetStatus } from '../monitoring/index.js'
import { tUntyped } from '../i18n/t.js'
import { TaskService } from './tasks.js'
import type { WorkflowStatus } from '../core/workflow.js'
import type { Context } from './context.js'

/**
 * The observations as the monitoring engine reads them: the current values (drafts included) for signed-in
 * users, or only the published values — the last published value of a cell under revision — for the public.
 */
export async function loadDataset(ctx: Context, options: { publishedOnly?: boolean; statuses?: ReadonlyArray<WorkflowStatus> } = {}): Promise<Dataset> {
  const rows = await ctx.observations.find(options.statuses ? { statuses: options.statuses } : {})
  const points: ObservationPoint[] = []
  for (const r of rows) {
    const value = options.publishedOnly ? r.publishedValue : r.value
    if (value === null) continue
    points.push({ id: r.id, indicator: r.indicator, region: r.region, year: r.year, value, source: r.source, version: r.version, updatedAt: r.updatedAt })
  }
  return new Dataset(ctx.indicators, ctx.regions, points)
}

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
export async function allWarnings(ctx: Context, data: MonitoringData, statuses: ReadonlyArray<TargetStatus>, asOf: number, taskDate: string): Promise<Array<MonitoringWarning & { message: string; messageEn: string }>> {
  const followUps = await new TaskService(ctx.tasks, ctx.plan).followUp(taskDate)
  return sortWarnings([...computeWarnings(ctx.plan, data, statuses, { asOf }), ...taskWarnings(followUps)]).map((w) => ({
    ...w,
    message: tUntyped('zh', `warning.${w.kind}`, w.params),
    messageEn: tUntyped('en', `warning.${w.kind}`, w.params),
  }))
}
