/**
 * Acceptance: the logistic fit agrees with scipy.optimize.curve_fit on the same data and starting point.
 *
 * Fixture test/fixtures/forecasting/logistic-scipy.json was produced by
 *   python3 scripts/forecast-fixtures.py
 * with Python 3.11.7, numpy 2.4.6, scipy 1.17.1: curve_fit(method='lm') for K given, curve_fit(method='trf',
 * bounds K ∈ [max(y), upper]) for K fitted, ftol = xtol = gtol = 1e-15 so that scipy reports the optimum itself.
 * Inputs: the Jiangsu urbanization rate 2010–2024 as given in the forecasting brief (K fitted in [75.5, 100], and
 * K = 85), an invented noisy S-curve, and an invented straight rise whose K ends on its upper bound.
 */
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { forecast } from './forecast.js'
import { fitLogisticCurve, type SaturationSpec } from './logistic-curve.js'
import { initialSaturation, logisticStart } from './logistic-start.js'
import { mulberry32 } from './mulberry32.js'

interface Params {
  readonly K: number
  readonly r: number
  readonly tm: number
}
interface ScipyCase {
  readonly name: string
  readonly years: number[]
  readonly values: number[]
  readonly saturation: number | null
  readonly kRange: [number, number] | null
  readonly start: Params
  readonly params: Params
  readonly fitted: number[]
  readonly sse: number
  readonly projection: Record<string, number>
}

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/forecasting/logistic-scipy.json', import.meta.url), 'utf8')) as { cases: ScipyCase[] }

const specOf = (c: ScipyCase): SaturationSpec => (c.saturation !== null ? { fixed: c.saturation } : { range: c.kRange ?? [0, 0] })
const TOL = 1e-4

describe('logistic fit against scipy.optimize.curve_fit', () => {
  it('has the four cases the script writes', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(['jiangsu_fitted_k', 'jiangsu_fixed_k85', 'synthetic_s_fitted_k', 'synthetic_straight_k_at_bound'])
  })

  describe.each(fixture.cases)('$name', (c) => {
    const spec = specOf(c)
    const K0 = 'fixed' in spec ? spec.fixed : initialSaturation(c.values, spec.range)
    const start = logisticStart(c.years, c.values, K0)

    it('starts where the script started scipy (logit-linear OLS)', () => {
      expect(K0).toBe(c.start.K)
      expect(start?.r).toBeCloseTo(c.start.r, 10)
      expect(start?.tm).toBeCloseTo(c.start.tm, 8)
    })

    it('reaches scipy’s parameters and fitted values to 1e-4', () => {
      const fit = start && fitLogisticCurve(c.years, c.values, spec, start)
      expect(fit).toBeDefined()
      if (!fit) return
      expect(Math.abs(fit.curve.K - c.params.K)).toBeLessThan(TOL)
      expect(Math.abs(fit.curve.r - c.params.r)).toBeLessThan(TOL)
      expect(Math.abs(fit.curve.tm - c.params.tm)).toBeLessThan(TOL)
      c.years.forEach((t, i) => expect(Math.abs(fit.predict(t) - (c.fitted[i] ?? NaN))).toBeLessThan(TOL))
      expect(Math.abs(fit.sse - c.sse)).toBeLessThan(TOL)
      for (const [year, value] of Object.entries(c.projection)) expect(Math.abs(fit.predict(Number(year)) - value)).toBeLessThan(TOL)
      expect(fit.atBound).toBe(c.name === 'synthetic_straight_k_at_bound')
    })
  })

  it('gives the same curve through forecast(), with its notes', () => {
    const c = fixture.cases.find((x) => x.name === 'synthetic_straight_k_at_bound')
    if (!c) throw new Error('fixture case missing')
    const series = c.years.map((year, i) => ({ year, value: c.values[i] ?? NaN }))
    const f = forecast(series, { method: 'logistic', toYear: 2025, bounds: [0, 60], rng: mulberry32(1), draws: 200 })
    expect(f.ok).toBe(true)
    if (!f.ok) return
    expect(Math.abs((f.value.params['K'] ?? NaN) - c.params.K)).toBeLessThan(TOL)
    expect(Math.abs((f.value.params['r'] ?? NaN) - c.params.r)).toBeLessThan(TOL)
    expect(Math.abs((f.value.params['tm'] ?? NaN) - c.params.tm)).toBeLessThan(TOL)
    expect(Math.abs((f.value.points.at(-1)?.value ?? NaN) - (c.projection['2025'] ?? NaN))).toBeLessThan(TOL)
    expect(f.value.notes).toEqual(['saturation_fitted', 'saturation_at_bound'])
  })
})
