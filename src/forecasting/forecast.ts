import { ok, type Result } from '../core/result.js'
import { chooseMethod } from './choose-method.js'
import { logisticProjection } from './logistic-projection.js'
import type { Forecast, ForecastError, ForecastMethod, ForecastOptions, Point } from './model.js'
import type { Projection, ProjectionContext } from './projection.js'
import { roundingUnit } from './rounding-unit.js'
import { toForecast } from './to-forecast.js'
import { trendProjection } from './trend-projection.js'
import { urgdProjection } from './urgd-projection.js'
import { validateInput } from './validate-input.js'

const DEFAULT_LEVEL = 0.9
const DEFAULT_DRAWS = 2000

/**
 * Projects a yearly series to options.toYear with a percentile interval and the simulated values at toYear.
 * Deterministic for a given options.rng.
 */
export function forecast(series: ReadonlyArray<Point>, options: ForecastOptions): Result<Forecast, ForecastError> {
  const input = validateInput(series, options)
  if (!input.ok) return input
  const { years, values, bounds } = input.value
  const lastYear = years[years.length - 1] ?? NaN
  const horizonYears = Array.from({ length: options.toYear - lastYear }, (_, k) => lastYear + 1 + k)
  const unit = roundingUnit(values)
  const ctx: ProjectionContext = { horizonYears, draws: options.draws ?? DEFAULT_DRAWS, rng: options.rng, unit }
  const method = chooseMethod(options.method, values, bounds)
  const projection = project(method, years, values, bounds, options.saturation, ctx)
  if (!projection.ok) return projection
  return ok(toForecast(projection.value, { horizonYears, n: years.length, bounds, unit, level: options.level ?? DEFAULT_LEVEL, rng: options.rng }))
}

function project(
  method: ForecastMethod,
  years: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  bounds: readonly [number, number] | undefined,
  saturation: number | undefined,
  ctx: ProjectionContext,
): Result<Projection, ForecastError> {
  switch (method) {
    case 'linear':
    case 'compound':
      return trendProjection(method, years, values, ctx)
    case 'logistic':
      return logisticProjection(years, values, bounds, saturation, ctx)
    case 'urgd':
      return urgdProjection(years, values, bounds, ctx)
  }
}
