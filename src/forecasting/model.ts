/**
 * Types of the forecasting module: the series in, the options, the forecast out, and the expected failures.
 * @module
 */
import type { ErrorParams } from '../core/errors.js'

export interface Point {
  readonly year: number
  readonly value: number
}

export type ForecastMethod = 'linear' | 'compound' | 'logistic' | 'urgd'

export interface ForecastOptions {
  readonly method: ForecastMethod | 'auto'
  readonly toYear: number
  /** Natural bounds of the quantity, e.g. [0, 100] for a percentage share; forecasts and intervals are clamped inside. */
  readonly bounds?: readonly [number, number]
  /** Logistic saturation level K in the series' unit; fitted (bounded) when absent. */
  readonly saturation?: number
  /** Two-sided interval level, default 0.9. */
  readonly level?: number
  /** Uniform [0,1) generator (seeded by the caller). */
  readonly rng: () => number
  /** Bootstrap draws, default 2000. */
  readonly draws?: number
}

export interface ForecastPoint {
  readonly year: number
  readonly value: number
  readonly low: number
  readonly high: number
}

export type ForecastNote =
  /** Two or three points: a random walk with drift and a deliberately wide step (see short-series-rule.ts). */
  | 'short_series'
  /** Logistic K was estimated, not given. */
  | 'saturation_fitted'
  /** The fitted K sits on an end of its admissible range: the data do not pin it down. */
  | 'saturation_at_bound'
  /** Logistic asked for, but too few points for its parameters: the linear trend was used. */
  | 'fallback_to_linear'
  /** URGD without bounds: the series was taken as a percentage share in [0, 100]. */
  | 'assumed_percent_bounds'
  /** A point forecast fell outside the bounds and was clamped. */
  | 'clamped_to_bounds'
  /** Some bootstrap refits did not converge and were left out of the draws. */
  | 'refits_failed'

export interface Forecast {
  readonly method: ForecastMethod
  /** One per year from the year after the last observation to toYear. */
  readonly points: ReadonlyArray<ForecastPoint>
  /**
   * linear: slope, intercept (at year 0); compound: rate, logSlope, logIntercept; logistic: K, r, tm; urgd: urgd,
   * spanFrom, spanTo. A short series gives the walk's drift under the method's name (slope, rate/logSlope, urgd) and stepSd.
   */
  readonly params: Readonly<Record<string, number>>
  /** In the method's working scale: the value (linear, logistic), ln(value) (compound), logit of the share (urgd). */
  readonly residualSd: number
  readonly n: number
  readonly notes: ReadonlyArray<ForecastNote>
  /** Simulated values at toYear (the bootstrap/simulation draws), for probability calculations. */
  readonly drawsAtTarget: ReadonlyArray<number>
}

export type InvalidInputIssue =
  | 'not_finite'
  | 'year_not_integer'
  | 'duplicate_year'
  | 'outside_bounds'
  | 'bad_bounds'
  | 'target_not_after_last'
  | 'bad_level'
  | 'bad_draws'
  | 'saturation_not_above_data'
  | 'saturation_outside_bounds'
  | 'urgd_needs_finite_bounds'

export type ForecastError =
  | { readonly code: 'too_few_points'; readonly n: number; readonly required: number }
  /** compound needs values > 0, urgd values inside (lower, upper), logistic values > 0. */
  | { readonly code: 'non_positive'; readonly method: ForecastMethod; readonly year: number; readonly value: number }
  | { readonly code: 'fit_failed'; readonly method: ForecastMethod }
  | { readonly code: 'invalid_input'; readonly issue: InvalidInputIssue; readonly year?: number }

/** A plan goal, shaped like the plan schema's (value for comparisons, min/max for between, tolerance for about). */
export interface Goal {
  readonly comparator: '>=' | '<=' | '>' | '<' | '==' | 'about' | 'between'
  readonly value?: number | undefined
  readonly min?: number | undefined
  readonly max?: number | undefined
  readonly tolerance?: number | undefined
}

/** A forecast failure as `forecast.failed` params: the failure's code becomes the reason, its fields stay. */
export function forecastErrorParams(e: ForecastError): ErrorParams<'forecast.failed'> {
  const { code, ...fields } = e
  return { reason: code, ...fields }
}
