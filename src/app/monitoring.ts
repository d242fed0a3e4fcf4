/**
 * Loads the store's observations into the monitoring engine and runs it.
 * @module
 */
import { Dataset, type ObservationPoint } from '../monitoring/index.js'
import type { WorkflowStatus } from '../store/db-types.js'
import type { Context } from './context.js'

export async function loadDataset(ctx: Context, statuses?: ReadonlyArray<WorkflowStatus>): Promise<Dataset> {
  const rows = await ctx.repo.find(statuses ? { statuses } : {})
  const points: ObservationPoint[] = rows.map((r) => ({
    id: r.id,
    indicator: r.indicator,
    region: r.region,
    year: r.year,
    value: r.value,
    source: r.source,
    version: r.version,
    updatedAt: r.updated_at,
  }))
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
