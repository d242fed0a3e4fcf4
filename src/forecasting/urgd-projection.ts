import { err, ok, type Result } from '../core/result.js'
import type { ForecastError, ForecastNote } from './model.js'
import type { Projection, ProjectionContext } from './projection.js'
import { bootstrapWalk, simulateWalk } from './random-walk.js'
import { SHORT_SERIES_MAX_POINTS } from './short-series-rule.js'
import { shortSeriesProjection } from './short-series-projection.js'
import { estimateUrgd } from './urgd.js'
import { logitScale } from './working-scale.js'

/**
 * URGD held constant (urgd.ts): logit(p_{T+k}) = logit(p_T) + URGD·k, anchored at the last observation. Intervals:
 * the constant-URGD model is a random walk with drift in logit space, so its yearly logit changes over the span are
 * bootstrapped (random-walk.ts); a span of three points or fewer uses the short-series rule.
 */
export function urgdProjection(
  years: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  bounds: readonly [number, number] | undefined,
  ctx: ProjectionContext,
): Result<Projection, ForecastError> {
  const notes: ForecastNote[] = bounds === undefined ? ['assumed_percent_bounds'] : []
  const [lo, hi] = bounds ?? [0, 100]
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return err({ code: 'invalid_input', issue: 'urgd_needs_finite_bounds' })
  const i = values.findIndex((v) => !(v > lo && v < hi))
  if (i >= 0) return err({ code: 'non_positive', method: 'urgd', year: years[i] ?? NaN, value: values[i] ?? NaN })
  const scale = logitScale(lo, hi)
  const working = values.map(scale.to)
  const est = estimateUrgd(years, working)
  const spanYears = years.slice(est.fromIndex)
  const spanWorking = working.slice(est.fromIndex)
  const span = { spanFrom: est.spanFrom, spanTo: est.spanTo }
  const lastValue = values[values.length - 1] ?? NaN
  if (spanYears.length <= SHORT_SERIES_MAX_POINTS) {
    const short = shortSeriesProjection('urgd', scale, spanYears, spanWorking, lastValue, ctx, span)
    return ok({ ...short, notes: [...notes, ...short.notes] })
  }
  const walk = bootstrapWalk(spanYears, spanWorking)
  return ok({
    method: 'urgd',
    scale,
    params: { urgd: est.urgd, ...span },
    residualSd: walk.stepSd,
    notes,
    pointWorking: ctx.horizonYears.map((t) => walk.anchor + est.urgd * (t - est.spanTo)),
    simulated: simulateWalk(walk, ctx.horizonYears.length, ctx.draws, ctx.rng),
  })
}
