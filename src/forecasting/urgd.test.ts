import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { forecast } from './forecast.js'
import { mulberry32 } from './mulberry32.js'
import { estimateUrgd } from './urgd.js'
import { logitScale } from './working-scale.js'

// Invented values between two real endpoints: 70.0 % (2015) and 73.44 % (2020, Jiangsu's census figure).
const series = [
  { year: 2015, value: 70.0 },
  { year: 2016, value: 70.8 },
  { year: 2017, value: 71.5 },
  { year: 2018, value: 72.2 },
  { year: 2019, value: 72.9 },
  { year: 2020, value: 73.44 },
]

describe('URGD projection', () => {
  it('matches the hand calculation', () => {
    // Span: the last up-to-10 years, here all of 2015–2020, n = 5.
    // 2015: p = 0.70,   U/R = 0.70 / 0.30     = 2.333333, logit = ln 2.333333 = 0.847298
    // 2020: p = 0.7344, U/R = 0.7344 / 0.2656 = 2.765060, logit = ln 2.765060 = 1.017062
    // URGD = (1.017062 − 0.847298) / 5 = 0.169765 / 5 = 0.033953 a year
    // 2025: logit = 1.017062 + 5 × 0.033953 = 1.186827
    //       p = 1 / (1 + e^−1.186827) = 1 / (1 + 0.305188) = 0.766173 → 76.617 %
    const f = forecast(series, { method: 'urgd', toYear: 2025, bounds: [0, 100], rng: mulberry32(3), draws: 500 })
    expect(f.ok).toBe(true)
    if (!f.ok) return
    expect(f.value.method).toBe('urgd')
    expect(f.value.params['urgd']).toBeCloseTo(0.033953, 6)
    expect(f.value.params['spanFrom']).toBe(2015)
    expect(f.value.params['spanTo']).toBe(2020)
    expect(f.value.points.map((p) => p.year)).toEqual([2021, 2022, 2023, 2024, 2025])
    expect(f.value.points.at(-1)?.value).toBeCloseTo(76.617, 3)
  })

  it('measures over at most the last 10 years', () => {
    const years = [2005, 2008, 2010, 2013, 2020]
    expect(estimateUrgd(years, [0, 0, 0, 0, 1]).spanFrom).toBe(2010)
    // A gap longer than the span: the observation just before the last.
    expect(estimateUrgd([1990, 2000, 2015], [0, 0, 1]).spanFrom).toBe(2000)
  })

  it('agrees with the numpy computation on the Jiangsu series (2014–2024)', () => {
    const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/forecasting/trend-numpy.json', import.meta.url), 'utf8')) as {
      urgd: { years: number[]; values: number[]; spanFrom: number; urgd: number; projection: Record<string, number> }[]
    }
    const c = fixture.urgd[0]
    if (!c) throw new Error('fixture case missing')
    const scale = logitScale(0, 100)
    const est = estimateUrgd(c.years, c.values.map(scale.to))
    expect(est.spanFrom).toBe(c.spanFrom)
    expect(est.urgd).toBeCloseTo(c.urgd, 12)
    const f = forecast(
      c.years.map((year, i) => ({ year, value: c.values[i] ?? NaN })),
      { method: 'urgd', toYear: 2035, bounds: [0, 100], rng: mulberry32(9), draws: 200 },
    )
    if (!f.ok) throw new Error(f.error.code)
    expect(f.value.points.find((p) => p.year === 2025)?.value).toBeCloseTo(c.projection['2025'] ?? NaN, 9)
    expect(f.value.points.find((p) => p.year === 2035)?.value).toBeCloseTo(c.projection['2035'] ?? NaN, 9)
  })

  it('takes an unbounded series as a percentage and says so', () => {
    const f = forecast(series, { method: 'urgd', toYear: 2025, rng: mulberry32(3), draws: 100 })
    expect(f.ok && f.value.notes).toEqual(['assumed_percent_bounds'])
    expect(f.ok && f.value.points.at(-1)?.value).toBeCloseTo(76.617, 3)
  })

  it('refuses a share at or outside its bounds', () => {
    const f = forecast([...series, { year: 2021, value: 100 }], { method: 'urgd', toYear: 2025, bounds: [0, 100], rng: mulberry32(3) })
    expect(f).toEqual({ ok: false, error: { code: 'non_positive', method: 'urgd', year: 2021, value: 100 } })
  })
})
