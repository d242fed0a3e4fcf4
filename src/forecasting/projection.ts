import type { ForecastMethod, ForecastNote } from './model.js'
import type { WorkingScale } from './working-scale.js'

/** What each method hands to toForecast: point forecasts and simulated values, both on its working scale. */
export interface Projection {
  readonly method: ForecastMethod
  readonly scale: WorkingScale
  readonly params: Readonly<Record<string, number>>
  readonly residualSd: number
  readonly notes: ReadonlyArray<ForecastNote>
  /** One per horizon year. */
  readonly pointWorking: ReadonlyArray<number>
  /** [horizon year][draw]. */
  readonly simulated: ReadonlyArray<ReadonlyArray<number>>
}

export interface ProjectionContext {
  /** The years after the last observation, up to toYear. */
  readonly horizonYears: ReadonlyArray<number>
  readonly draws: number
  readonly rng: () => number
  /** Rounding unit of the published values (rounding-unit.ts). */
  readonly unit: number
}

/** Sd of the difference of two values each rounded to `unit`: two uniform errors of width unit, so unit/√6. */
export function roundingDifferenceSd(unit: number): number {
  return unit / Math.sqrt(6)
}
