import { describe, expect, it } from 'vitest'

import { forecast } from './forecast.js'
import type { Forecast, ForecastMethod, ForecastOptions, Point } from './model.js'
import { mulberry32 } from './mulberry32.js'

// The Jiangsu resident-population urbanization rate (%) as given in the forecasting brief; 2020 is a census year.
const jiangsu: Point[] = [60.58, 61.9, 63.0, 64.11, 65.21, 66.52, 67.72, 68.76, 69.61, 70.61, 73.44, 73.94, 74.4, 75.04, 75.5].map((value, i) => ({ year: 2010 + i, value }))

function run(series: ReadonlyArray<Point>, options: Partial<ForecastOptions> & Pick<ForecastOptions, 'method' | 'toYear'>): Forecast {
  const f = forecast(series, { rng: mulberry32(2024), draws: 500, ...options })
  if (!f.ok) throw new Error(JSON.stringify(f.error))
  return f.value
}
const width = (f: Forecast, year: number) => {
  const p = f.points.find((x) => x.year === year)
  return (p?.high ?? NaN) - (p?.low ?? NaN)
}

describe('forecast', () => {
  it('gives one point a year after the last observation up to toYear, with the interval around it', () => {
    const f = run(jiangsu, { method: 'urgd', toYear: 2035, bounds: [0, 100] })
    expect(f.points.map((p) => p.year)).toEqual(Array.from({ length: 11 }, (_, k) => 2025 + k))
    expect(f.n).toBe(15)
    expect(f.drawsAtTarget).toHaveLength(500)
    for (const p of f.points) {
      expect(p.low).toBeLessThan(p.value)
      expect(p.high).toBeGreaterThan(p.value)
    }
    // Intervals widen with the horizon.
    expect(width(f, 2035)).toBeGreaterThan(width(f, 2025))
  })

  it('sorts its input and honours the level', () => {
    const shuffled = [...jiangsu].reverse()
    const a = run(jiangsu, { method: 'linear', toYear: 2030, level: 0.5 })
    expect(run(shuffled, { method: 'linear', toYear: 2030, level: 0.5 })).toEqual(a)
    expect(width(run(jiangsu, { method: 'linear', toYear: 2030, level: 0.95 }), 2030)).toBeGreaterThan(width(a, 2030))
  })

  describe('auto', () => {
    it('uses URGD for a bounded share with at least five points', () => {
      expect(run(jiangsu, { method: 'auto', toYear: 2025, bounds: [0, 100] }).method).toBe('urgd')
    })
    it('uses linear without bounds or with fewer points', () => {
      expect(run(jiangsu, { method: 'auto', toYear: 2025 }).method).toBe('linear')
      expect(run(jiangsu.slice(-4), { method: 'auto', toYear: 2025, bounds: [0, 100] }).method).toBe('linear')
    })
  })

  describe('short series', () => {
    // Same trend, +1 a year: two and three points on it, and fifteen points wobbling ± 0.2 around it.
    const long: Point[] = Array.from({ length: 15 }, (_, i) => ({ year: 2010 + i, value: 55 + i + (i % 2 === 0 ? 0.2 : -0.2) }))
    const two: Point[] = [
      { year: 2023, value: 68 },
      { year: 2024, value: 69 },
    ]
    const three: Point[] = [{ year: 2022, value: 67 }, ...two]

    it.each([
      ['linear', two],
      ['linear', three],
      ['compound', two],
      ['compound', three],
      ['urgd', two],
      ['urgd', three],
      ['logistic', three],
    ] as const)('%s on %#: wide intervals and the note', (method: ForecastMethod, series: Point[]) => {
      const short = run(series, { method, toYear: 2030, bounds: [0, 100] })
      const full = run(long, { method, toYear: 2030, bounds: [0, 100] })
      expect(short.notes).toContain('short_series')
      expect(full.notes).not.toContain('short_series')
      for (const p of short.points) expect(p.high - p.low).toBeGreaterThan(0)
      expect(width(short, 2030)).toBeGreaterThan(width(full, 2030))
      expect(width(short, 2025)).toBeGreaterThan(width(full, 2025))
    })

    it('follows the random walk with drift from the last point', () => {
      const f = run(three, { method: 'linear', toYear: 2026 })
      expect(f.points.map((p) => p.value)).toEqual([70, 71])
      // Step sd: max(sd of changes 1, 1 = 0, |mean change| = 1) = 1.
      expect(f.params).toEqual({ slope: 1, stepSd: 1 })
    })

    it('is not zero-width for a flat pair', () => {
      const f = run(
        [
          { year: 2023, value: 5.2 },
          { year: 2024, value: 5.2 },
        ],
        { method: 'linear', toYear: 2026 },
      )
      expect(f.points.map((p) => p.value)).toEqual([5.2, 5.2])
      for (const p of f.points) expect(p.high - p.low).toBeGreaterThan(0.01)
    })
  })

  describe('bounds', () => {
    const nearTop: Point[] = Array.from({ length: 10 }, (_, i) => ({ year: 2015 + i, value: 90 + i + (i % 3) * 0.1 }))
    const nearBottom: Point[] = Array.from({ length: 10 }, (_, i) => ({ year: 2015 + i, value: 10 - i + (i % 3) * 0.1 }))

    it.each(['linear', 'compound', 'logistic', 'urgd', 'auto'] as const)('keeps %s shares inside [0, 100]', (method) => {
      for (const series of method === 'compound' || method === 'logistic' ? [nearTop] : [nearTop, nearBottom]) {
        const f = run(series, { method, toYear: 2040, bounds: [0, 100] })
        for (const p of f.points) {
          for (const v of [p.value, p.low, p.high]) {
            expect(v).toBeGreaterThanOrEqual(0)
            expect(v).toBeLessThanOrEqual(100)
          }
        }
        for (const d of f.drawsAtTarget) {
          expect(d).toBeGreaterThanOrEqual(0)
          expect(d).toBeLessThanOrEqual(100)
        }
      }
    })

    it('notes a clamped point forecast', () => {
      const f = run(nearTop, { method: 'linear', toYear: 2040, bounds: [0, 100] })
      expect(f.points.at(-1)?.value).toBe(100)
      expect(f.notes).toContain('clamped_to_bounds')
    })
  })

  describe('logistic', () => {
    it('fits K inside [max, upper] and says it was fitted', () => {
      const f = run(jiangsu, { method: 'logistic', toYear: 2035, bounds: [0, 100], draws: 200 })
      expect(f.notes).toEqual(['saturation_fitted'])
      expect(f.params['K']).toBeGreaterThan(75.5)
      expect(f.params['K']).toBeLessThan(100)
    })
    it('keeps a given K', () => {
      const f = run(jiangsu, { method: 'logistic', toYear: 2035, bounds: [0, 100], saturation: 85, draws: 200 })
      expect(f.params['K']).toBe(85)
      expect(f.notes).toEqual([])
    })
    it('falls back to linear with too few points for its parameters', () => {
      const f = run(jiangsu.slice(-4), { method: 'logistic', toYear: 2030, bounds: [0, 100] })
      expect(f.method).toBe('linear')
      expect(f.notes).toEqual(['fallback_to_linear'])
    })
  })

  describe('refuses', () => {
    const base = { method: 'linear', toYear: 2030, rng: mulberry32(1) } as const
    it.each([
      [[{ year: 2020, value: 1 }], base, { code: 'too_few_points', n: 1, required: 2 }],
      [jiangsu, { ...base, toYear: 2024 }, { code: 'invalid_input', issue: 'target_not_after_last', year: 2024 }],
      [[...jiangsu, { year: 2024, value: 76 }], base, { code: 'invalid_input', issue: 'duplicate_year', year: 2024 }],
      [[...jiangsu, { year: 2025.5, value: 76 }], base, { code: 'invalid_input', issue: 'year_not_integer', year: 2025.5 }],
      [[...jiangsu, { year: 2025, value: NaN }], base, { code: 'invalid_input', issue: 'not_finite', year: 2025 }],
      [jiangsu, { ...base, bounds: [0, 70] }, { code: 'invalid_input', issue: 'outside_bounds', year: 2019 }],
      [jiangsu, { ...base, bounds: [100, 0] }, { code: 'invalid_input', issue: 'bad_bounds' }],
      [jiangsu, { ...base, level: 1 }, { code: 'invalid_input', issue: 'bad_level' }],
      [jiangsu, { ...base, draws: 0 }, { code: 'invalid_input', issue: 'bad_draws' }],
      [jiangsu, { ...base, method: 'logistic', saturation: 75 }, { code: 'invalid_input', issue: 'saturation_not_above_data' }],
      [jiangsu, { ...base, method: 'urgd', bounds: [0, Infinity] }, { code: 'invalid_input', issue: 'urgd_needs_finite_bounds' }],
    ] as const)('case %#', (series, options, error) => {
      expect(forecast(series, options)).toEqual({ ok: false, error })
    })
  })
})
