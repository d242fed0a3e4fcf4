import type { ForecastMethod } from './model.js'
import { roundingDifferenceSd, type Projection, type ProjectionContext } from './projection.js'
import { simulateWalk } from './random-walk.js'
import { shortSeriesWalk } from './short-series-rule.js'
import type { WorkingScale } from './working-scale.js'

/** A short series on its method's working scale: random walk with drift from the last point (short-series-rule.ts). */
export function shortSeriesProjection(
  method: ForecastMethod,
  scale: WorkingScale,
  years: ReadonlyArray<number>,
  working: ReadonlyArray<number>,
  lastValue: number,
  ctx: ProjectionContext,
  extraParams: Readonly<Record<string, number>> = {},
): Projection {
  const floor = roundingDifferenceSd(ctx.unit) * scale.slope(lastValue)
  const walk = shortSeriesWalk(years, working, floor)
  const lastYear = years[years.length - 1] ?? NaN
  return {
    method,
    scale,
    params: { ...driftParams(method, walk.drift), ...extraParams, stepSd: walk.stepSd },
    residualSd: walk.stepSd,
    notes: ['short_series'],
    pointWorking: ctx.horizonYears.map((t) => walk.anchor + walk.drift * (t - lastYear)),
    simulated: simulateWalk(walk, ctx.horizonYears.length, ctx.draws, ctx.rng),
  }
}

/** The drift under each method's own parameter name. */
function driftParams(method: ForecastMethod, drift: number): Record<string, number> {
  switch (method) {
    case 'linear':
    case 'logistic':
      return { slope: drift }
    case 'compound':
      return { rate: Math.expm1(drift), logSlope: drift }
    case 'urgd':
      return { urgd: drift }
  }
}
