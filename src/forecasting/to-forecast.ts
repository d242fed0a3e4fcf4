import type { Forecast, ForecastNote, ForecastPoint } from './model.js'
import type { Projection } from './projection.js'
import { quantileSorted } from './quantile.js'
import { uniformBetween } from './random-draws.js'

export interface Finish {
  readonly horizonYears: ReadonlyArray<number>
  readonly n: number
  readonly bounds: readonly [number, number] | undefined
  readonly unit: number
  readonly level: number
  readonly rng: () => number
}

/**
 * Maps a projection back to the series' unit. Each simulated value also gets the rounding error of a published
 * figure (uniform, ± half the rounding unit): a series that fits its model exactly still has an interval, and a
 * probability, that is not a step function. Values are clamped into the bounds; the interval is the percentile one.
 */
export function toForecast(p: Projection, f: Finish): Forecast {
  const clamp = (v: number) => (f.bounds ? Math.min(f.bounds[1], Math.max(f.bounds[0], v)) : v)
  const tail = (1 - f.level) / 2
  const notes: ForecastNote[] = [...p.notes]
  const points: ForecastPoint[] = []
  let atTarget: number[] = []
  f.horizonYears.forEach((year, k) => {
    const raw = p.scale.from(p.pointWorking[k] ?? NaN)
    const value = clamp(raw)
    if (value !== raw && !notes.includes('clamped_to_bounds')) notes.push('clamped_to_bounds')
    const draws: number[] = []
    for (const w of p.simulated[k] ?? []) {
      const v = clamp(p.scale.from(w) + uniformBetween(f.rng, -f.unit / 2, f.unit / 2))
      if (Number.isFinite(v)) draws.push(v)
    }
    draws.sort((a, b) => a - b)
    points.push({ year, value, low: quantileSorted(draws, tail), high: quantileSorted(draws, 1 - tail) })
    atTarget = draws
  })
  return {
    method: p.method,
    points,
    params: p.params,
    residualSd: p.residualSd,
    n: f.n,
    notes,
    drawsAtTarget: atTarget,
  }
}
