import type { FittedTrend } from './fitted-trend.js'
import { fitLine } from './ols-line.js'

/**
 * Compound growth: a constant annual rate g, value = A·(1 + g)^t, fitted by ordinary least squares on ln(value) (the
 * log-linear trend, docs/methods.md §3.3; numpy.polyfit(t, ln y, 1)). Takes and predicts ln(value). Params: rate = e^slope − 1,
 * logSlope, logIntercept (at year 0).
 */
export function fitCompoundGrowth(years: ReadonlyArray<number>, logValues: ReadonlyArray<number>): FittedTrend | undefined {
  const line = fitLine(years, logValues)
  if (!line) return undefined
  return {
    params: { rate: Math.expm1(line.slope), logSlope: line.slope, logIntercept: line.intercept },
    paramCount: 2,
    predict: (year) => line.intercept + line.slope * year,
    refit: (working) => fitCompoundGrowth(years, working),
  }
}
