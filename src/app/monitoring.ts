/**
 * Loads the store's observations into the monitoring engine and runs it.
 * @module
 */
import { Dataset, type ObservationPoint } from '../monitoring/index.js'
import type { WorkflowStatus } from '../store/db-types.js'
import type { Context } from './context.js'

/**
 * The observations as the monitoring engine reads them: the current values (drafts included) for signed-in
 * users, or only the published values — the last published value of a cell under revision — for the public.
 */
export async function loadDataset(ctx: Context, options: { publishedOnly?: boolean; statuses?: ReadonlyArray<WorkflowStatus> } = {}): Promise<Dataset> {
  const rows = await ctx.repo.find(options.statuses ? { statuses: options.statuses } : {})
  const points: ObservationPoint[] = []
  for (const r of rows) {
    const value = options.publishedOnly ? r.published_value : r.value
    if (value === null) continue
    points.push({ id: r.id, indicator: r.indicator, region: r.region, year: r.year, value, source: r.source, version: r.version, updatedAt: r.updated_at })
  }
  return new Dataset(ctx.indicators, ctx.regions, points)
}

/** The latest year with any data: the default evaluation year. */
export function latestDataYear(data: Dataset): number | undefined {
  let max: number | undefined
  for (const ind of data.indicators.all) {
    const ys = data.years(ind.id)
    const last = ys.at(-1)
    if (last !== undefined && (max === undefined || last > max)) max = last
  }
  return max
}
