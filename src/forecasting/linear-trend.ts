import type { FittedTrend } from './fitted-trend.js'
import { fitLine } from './ols-line.js'

/**
 * Linear trend: ordinary least squares of the value on the year (docs/methods.md §3.2), the same fit as
 * numpy.polyfit(t, y, 1). Params: slope (per year) and intercept (at year 0).
 */
export function fitLinearTrend(years: ReadonlyArray<number>, values: ReadonlyArray<number>): FittedTrend | undefined {
  const line = fitLine(years, values)
  if (!line) return undefined
  return {
    params: { slope: line.slope, intercept: line.intercept },
    paramCount: 2,
    predict: (year) => line.intercept + line.slope * year,
    refit: (working) => fitLinearTrend(years, working),
  }
}
