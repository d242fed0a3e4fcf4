/** How much published data each indicator has: what the map's indicator list marks as 无数据 / no data. @module */
import type { Context } from './context.js'

export interface IndicatorCoverage {
  readonly indicator: string
  /** Published figures (one per cell and source). */
  readonly figures: number
  /** Regions with at least one published figure. */
  readonly regions: number
  readonly firstYear: number | null
  readonly lastYear: number | null
}

/** Every indicator of the plan, in the plan's order, with its published coverage (zero for an indicator without data). */
export async function indicatorCoverage(ctx: Pick<Context, 'observations' | 'plan'>): Promise<IndicatorCoverage[]> {
  const rows = await ctx.observations.findPublished({})
  const by = new Map<string, { figures: number; regions: Set<string>; first: number; last: number }>()
  for (const o of rows) {
    const c = by.get(o.indicator) ?? { figures: 0, regions: new Set<string>(), first: o.year, last: o.year }
    c.figures += 1
    c.regions.add(o.region)
    c.first = Math.min(c.first, o.year)
    c.last = Math.max(c.last, o.year)
    by.set(o.indicator, c)
  }
  return ctx.plan.indicators.map((i) => {
    const c = by.get(i.id)
    return { indicator: i.id, figures: c?.figures ?? 0, regions: c?.regions.size ?? 0, firstYear: c?.first ?? null, lastYear: c?.last ?? null }
  })
}
