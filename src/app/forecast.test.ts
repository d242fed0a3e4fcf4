import { describe, expect, it } from 'vitest'

import { engineOf } from '../../test/helpers/dense.js'
import { jiangsuPlan, jiangsuRegions, points } from '../../test/helpers/domain.js'
import { evaluateTargets } from '../monitoring/index.js'
import { IndicatorCatalog } from '../plan/indicator-catalog.js'
import { buildForecaster, methodRunner, spliceCensusBreaks } from './forecast.js'

describe('spliceCensusBreaks', () => {
  it('shifts the points before a census by the census step less the usual step (hand-worked)', () => {
    // Steps: 2017→18 +1.0, 2018→19 +1.0, census 2019→20 +3.0, 2020→21 +0.8, 2021→22 +0.8.
    // Usual (median of the other steps 1.0, 1.0, 0.8, 0.8) = 0.9; shift = 3.0 − 0.9 = 2.1 → 2017 60 → 62.1, etc.
    const s = [
      { year: 2017, value: 60 },
      { year: 2018, value: 61 },
      { year: 2019, value: 62 },
      { year: 2020, value: 65 },
      { year: 2021, value: 65.8 },
      { year: 2022, value: 66.6 },
    ]
    const r = spliceCensusBreaks(s)
    expect(r.spliced).toEqual([2020])
    expect(r.series.map((p) => Math.round(p.value * 1000) / 1000)).toEqual([62.1, 63.1, 64.1, 65, 65.8, 66.6])
  })

  it('handles a gap across the census by the number of years it spans', () => {
    // 2018 → 2020 spans 2 years: usual per-year step (median of 1.0, 0.5, 0.5) = 0.5, so shift = (73 − 69) − 2 × 0.5 = 3
    const r = spliceCensusBreaks([
      { year: 2017, value: 68 },
      { year: 2018, value: 69 },
      { year: 2020, value: 73 },
      { year: 2021, value: 73.5 },
      { year: 2022, value: 74 },
    ])
    expect(r.series.slice(0, 2).map((p) => p.value)).toEqual([71, 72])
  })
})

describe('probability of meeting a target', () => {
  const plan = jiangsuPlan()
  const indicators = IndicatorCatalog.fromPlan(plan)
  const regions = jiangsuRegions()
  const forecaster = buildForecaster(7)
  const statusOf = (values: Array<[number, number]>) => {
    const data = engineOf(indicators, regions, points(values.map(([y, v]) => ['urbanization_rate', '320000', y, v] as const)))
    return evaluateTargets(plan, data, { asOf: 2030, forecaster, methods: methodRunner }).find((s) => s.target === 'urbanization-2035')!
  }

  it('is near 1 for a series heading well past the target, near 0 for one that stays far below', () => {
    // ≥ 75 by 2025: 64 in 2018 rising 2 points a year reaches 74 in 2023 (not yet met); the trend gives about 78 in 2025.
    const data = engineOf(indicators, regions, points([2018, 2019, 2020, 2021, 2022, 2023].map((y, i) => ['urbanization_rate', '320000', y, 64 + 2 * i] as const)))
    const fast = evaluateTargets(plan, data, { asOf: 2023, forecaster }).find((s) => s.target === 'urbanization-2025')!
    expect(fast.status).not.toBe('achieved')
    expect(fast.forecastValue).toBeGreaterThan(77)
    expect(fast.probability).toBeGreaterThan(0.99)
    // About 80 (±1) by 2035 from a flat 60 %: no chance.
    const flat = statusOf([2018, 2019, 2020, 2021, 2022, 2023].map((y) => [y, 60.0 + (y % 2) * 0.01] as [number, number]))
    expect(flat.probability).toBeLessThan(0.01)
  })

  it('is reproducible with the same seed', () => {
    const s = [2018, 2019, 2020, 2021, 2022, 2023].map((y, i) => [y, 70 + 0.8 * i + (i % 2) * 0.1] as [number, number])
    expect(statusOf(s).probability).toBe(statusOf(s).probability)
    expect(statusOf(s).forecastValue).toBe(statusOf(s).forecastValue)
  })
})
