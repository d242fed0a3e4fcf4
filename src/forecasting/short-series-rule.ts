import { sampleSd } from './ols-line.js'
import { normalWalk, walkShape, type RandomWalk } from './random-walk.js'

/** Up to this many points a series is "short": too few residuals to bootstrap from honestly. */
export const SHORT_SERIES_MAX_POINTS = 3

/**
 * Two or three points say little about how a series varies, so instead of resampling one or two residuals (which
 * gives near-zero-width intervals) we use a random walk with drift whose step sd is the largest of
 *   · the sd of the observed annual changes (undefined, so 0, for two points),
 *   · |mean annual change|: a year's change could as well have been zero or double,
 *   · `floorSd`, the rounding error of a difference of two published values,
 * and whose drift carries its own error (step sd / √years observed). Intervals then widen like √k + k/√years.
 */
export function shortSeriesWalk(years: ReadonlyArray<number>, working: ReadonlyArray<number>, floorSd: number): RandomWalk {
  const { drift, gaps, changes } = walkShape(years, working)
  const annual = changes.map((c, i) => c / (gaps[i] ?? 1))
  const stepSd = Math.max(sampleSd(annual), Math.abs(drift), floorSd)
  return normalWalk(years, working, stepSd)
}
