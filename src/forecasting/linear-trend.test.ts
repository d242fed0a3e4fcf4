import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { fitCompoundGrowth } from './compound-growth.js'
import { forecast } from './forecast.js'
import { fitLinearTrend } from './linear-trend.js'
import { mulberry32 } from './mulberry32.js'

/** Fixture: test/fixtures/forecasting/trend-numpy.json, from `python3 scripts/forecast-fixtures.py` (numpy 2.4.6 polyfit). */
interface TrendCase {
  readonly name: string
  readonly years: number[]
  readonly values: number[]
  readonly linear: { slope: number; intercept: number; projection: Record<string, number> }
  readonly compound: { logSlope: number; logIntercept: number; rate: number; projection: Record<string, number> }
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/forecasting/trend-numpy.json', import.meta.url), 'utf8')) as { cases: TrendCase[] }

describe('linear trend', () => {
  it('matches the hand calculation', () => {
    // x̄ = 2021.5, ȳ = 12.5; deviations x −1.5 −0.5 0.5 1.5, y −2.5 −0.5 0.5 2.5
    // Sxy = 3.75 + 0.25 + 0.25 + 3.75 = 8, Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5, slope = 1.6
    // 2025: 12.5 + 1.6 × (2025 − 2021.5) = 12.5 + 5.6 = 18.1
    const f = forecast(
      [
        { year: 2020, value: 10 },
        { year: 2021, value: 12 },
        { year: 2022, value: 13 },
        { year: 2023, value: 15 },
      ],
      { method: 'linear', toYear: 2025, rng: mulberry32(1), draws: 200 },
    )
    if (!f.ok) throw new Error(f.error.code)
    expect(f.value.params['slope']).toBeCloseTo(1.6, 12)
    expect(f.value.params['intercept']).toBeCloseTo(12.5 - 1.6 * 2021.5, 9)
    expect(f.value.points.map((p) => p.value)).toEqual([expect.closeTo(16.5, 9), expect.closeTo(18.1, 9)])
    // Fitted 10.1, 11.7, 13.3, 14.9; residuals −0.1, 0.3, −0.3, 0.1 → SSE 0.2, sd √(0.2 / (4 − 2)) = √0.1
    expect(f.value.residualSd).toBeCloseTo(Math.sqrt(0.1), 12)
  })

  it.each(fixture.cases)('matches numpy.polyfit on $name', (c) => {
    const fit = fitLinearTrend(c.years, c.values)
    expect(fit?.params['slope']).toBeCloseTo(c.linear.slope, 10)
    expect(fit?.params['intercept']).toBeCloseTo(c.linear.intercept, 7)
    for (const [year, v] of Object.entries(c.linear.projection)) expect(fit?.predict(Number(year))).toBeCloseTo(v, 9)
  })
})

describe('compound growth', () => {
  it('matches the hand calculation', () => {
    // 100, 110, 121, 133.1: each year × 1.1, so ln(value) rises by ln 1.1 a year and the rate is 10 %.
    // 2025: 133.1 × 1.1² = 161.051
    const f = forecast(
      [
        { year: 2020, value: 100 },
        { year: 2021, value: 110 },
        { year: 2022, value: 121 },
        { year: 2023, value: 133.1 },
      ],
      { method: 'compound', toYear: 2025, rng: mulberry32(1), draws: 200 },
    )
    if (!f.ok) throw new Error(f.error.code)
    expect(f.value.params['rate']).toBeCloseTo(0.1, 12)
    expect(f.value.params['logSlope']).toBeCloseTo(Math.log(1.1), 12)
    expect(f.value.points.at(-1)?.value).toBeCloseTo(161.051, 9)
  })

  it.each(fixture.cases)('matches numpy.polyfit on ln(value) for $name', (c) => {
    const fit = fitCompoundGrowth(c.years, c.values.map(Math.log))
    expect(fit?.params['logSlope']).toBeCloseTo(c.compound.logSlope, 12)
    expect(fit?.params['logIntercept']).toBeCloseTo(c.compound.logIntercept, 9)
    expect(fit?.params['rate']).toBeCloseTo(c.compound.rate, 12)
    for (const [year, v] of Object.entries(c.compound.projection)) expect(Math.exp(fit?.predict(Number(year)) ?? NaN)).toBeCloseTo(v, 8)
  })

  it('refuses a value that is not positive', () => {
    const f = forecast(
      [
        { year: 2020, value: 3 },
        { year: 2021, value: 0 },
      ],
      { method: 'compound', toYear: 2022, rng: mulberry32(1) },
    )
    expect(f).toEqual({ ok: false, error: { code: 'non_positive', method: 'compound', year: 2021, value: 0 } })
  })
})
