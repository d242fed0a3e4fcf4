import { err, ok, type Result } from '../core/result.js'
import { fitLogisticCurve, type SaturationSpec } from './logistic-curve.js'
import { initialSaturation, logisticStart } from './logistic-start.js'
import type { ForecastError, ForecastNote } from './model.js'
import type { Projection, ProjectionContext } from './projection.js'
import { bootstrapProjection, trendProjection } from './trend-projection.js'
import { valueScale } from './working-scale.js'

/**
 * Logistic S-curve (logistic-curve.ts) with residual-bootstrap intervals. K is the given saturation, or fitted in
 * [max(observed), upper bound] (unbounded above without bounds). Needs two residual degrees of freedom beyond its
 * parameters (4 points with K given, 5 with K fitted); with fewer it falls back to the linear trend.
 */
export function logisticProjection(
  years: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  bounds: readonly [number, number] | undefined,
  saturation: number | undefined,
  ctx: ProjectionContext,
): Result<Projection, ForecastError> {
  const max = Math.max(...values)
  if (saturation !== undefined) {
    if (!(saturation > max)) return err({ code: 'invalid_input', issue: 'saturation_not_above_data' })
    if (bounds !== undefined && saturation > bounds[1]) return err({ code: 'invalid_input', issue: 'saturation_outside_bounds' })
  }
  const i = values.findIndex((v) => !(v > 0))
  if (i >= 0) return err({ code: 'non_positive', method: 'logistic', year: years[i] ?? NaN, value: values[i] ?? NaN })
  const required = saturation === undefined ? 5 : 4
  if (years.length < required) {
    const linear = trendProjection('linear', years, values, ctx)
    return linear.ok ? ok({ ...linear.value, notes: [...linear.value.notes, 'fallback_to_linear'] }) : linear
  }
  const spec: SaturationSpec = saturation === undefined ? { range: [max, bounds?.[1] ?? Infinity] } : { fixed: saturation }
  const K0 = 'fixed' in spec ? spec.fixed : initialSaturation(values, spec.range)
  const start = logisticStart(years, values, K0)
  const fit = start && fitLogisticCurve(years, values, spec, start)
  if (!fit) return err({ code: 'fit_failed', method: 'logistic' })
  const notes: ForecastNote[] = []
  if (saturation === undefined) notes.push('saturation_fitted')
  if (fit.atBound) notes.push('saturation_at_bound')
  return bootstrapProjection('logistic', valueScale, fit, years, values, ctx, notes)
}
