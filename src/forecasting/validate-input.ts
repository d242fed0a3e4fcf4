import { err, ok, type Result } from '../core/result.js'
import type { ForecastError, ForecastOptions, Point } from './model.js'

export interface CleanSeries {
  /** Sorted, distinct, whole years. */
  readonly years: ReadonlyArray<number>
  readonly values: ReadonlyArray<number>
  readonly bounds: readonly [number, number] | undefined
}

/** Checks what every method relies on; method-specific domains (positive values, saturation) are checked by each. */
export function validateInput(series: ReadonlyArray<Point>, options: ForecastOptions): Result<CleanSeries, ForecastError> {
  const { level, draws, bounds, toYear } = options
  if (level !== undefined && !(level > 0 && level < 1)) return invalid('bad_level')
  if (draws !== undefined && !(Number.isInteger(draws) && draws >= 1)) return invalid('bad_draws')
  if (bounds !== undefined && !(bounds[0] < bounds[1])) return invalid('bad_bounds')
  for (const p of series) {
    if (!Number.isFinite(p.year) || !Number.isFinite(p.value)) return invalid('not_finite', p.year)
    if (!Number.isInteger(p.year)) return invalid('year_not_integer', p.year)
  }
  const sorted = [...series].sort((a, b) => a.year - b.year)
  for (let i = 1; i < sorted.length; i++) {
    const year = sorted[i]?.year
    if (year === sorted[i - 1]?.year) return invalid('duplicate_year', year)
  }
  if (sorted.length < 2) return err({ code: 'too_few_points', n: sorted.length, required: 2 })
  if (bounds !== undefined) {
    const outside = sorted.find((p) => p.value < bounds[0] || p.value > bounds[1])
    if (outside) return invalid('outside_bounds', outside.year)
  }
  const lastYear = sorted[sorted.length - 1]?.year ?? NaN
  if (!Number.isInteger(toYear)) return invalid('year_not_integer', toYear)
  if (!(toYear > lastYear)) return invalid('target_not_after_last', toYear)
  return ok({ years: sorted.map((p) => p.year), values: sorted.map((p) => p.value), bounds })
}

function invalid(issue: Extract<ForecastError, { code: 'invalid_input' }>['issue'], year?: number): Result<never, ForecastError> {
  return err(year === undefined || !Number.isFinite(year) ? { code: 'invalid_input', issue } : { code: 'invalid_input', issue, year })
}
