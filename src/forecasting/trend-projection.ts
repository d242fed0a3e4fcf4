import { err, ok, type Result } from '../core/result.js'
import { fitCompoundGrowth } from './compound-growth.js'
import type { FittedTrend } from './fitted-trend.js'
import { fitLinearTrend } from './linear-trend.js'
import type { ForecastError, ForecastMethod, ForecastNote } from './model.js'
import type { Projection, ProjectionContext } from './projection.js'
import { residualBootstrap, residualSd } from './residual-bootstrap.js'
import { SHORT_SERIES_MAX_POINTS } from './short-series-rule.js'
import { shortSeriesProjection } from './short-series-projection.js'
import { logScale, valueScale, type WorkingScale } from './working-scale.js'

/** Linear trend or compound growth: residual bootstrap, or the short-series walk for two or three points. */
export function trendProjection(
  method: 'linear' | 'compound',
  years: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  ctx: ProjectionContext,
): Result<Projection, ForecastError> {
  const scale = method === 'linear' ? valueScale : logScale
  if (method === 'compound') {
    const i = values.findIndex((v) => !(v > 0))
    if (i >= 0) return err({ code: 'non_positive', method, year: years[i] ?? NaN, value: values[i] ?? NaN })
  }
  const working = values.map(scale.to)
  if (years.length <= SHORT_SERIES_MAX_POINTS) {
    return ok(shortSeriesProjection(method, scale, years, working, values[values.length - 1] ?? NaN, ctx))
  }
  const fit = method === 'linear' ? fitLinearTrend(years, working) : fitCompoundGrowth(years, working)
  if (!fit) return err({ code: 'fit_failed', method })
  return bootstrapProjection(method, scale, fit, years, working, ctx, [])
}

/** A fitted trend's point forecasts and residual-bootstrap draws. */
export function bootstrapProjection(
  method: ForecastMethod,
  scale: WorkingScale,
  fit: FittedTrend,
  years: ReadonlyArray<number>,
  working: ReadonlyArray<number>,
  ctx: ProjectionContext,
  notes: ReadonlyArray<ForecastNote>,
): Result<Projection, ForecastError> {
  const paths = residualBootstrap(years, working, fit, ctx.horizonYears, ctx.draws, ctx.rng)
  if (paths.failed === ctx.draws) return err({ code: 'fit_failed', method })
  return ok({
    method,
    scale,
    params: fit.params,
    residualSd: residualSd(working, fit, years),
    notes: paths.failed > 0 ? [...notes, 'refits_failed'] : notes,
    pointWorking: ctx.horizonYears.map((t) => fit.predict(t)),
    simulated: paths.byYear,
  })
}
