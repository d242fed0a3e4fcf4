import { describe, expect, it } from 'vitest'

import { engineOf } from '../../test/helpers/dense.js'
import { jiangsuIndicators, jiangsuRegions, points } from '../../test/helpers/domain.js'
import type { ObservationPoint } from './observation-point.js'

const indicators = jiangsuIndicators()
const regions = jiangsuRegions()
const engine = (obs: ReadonlyArray<ObservationPoint>) => engineOf(indicators, regions, obs)

// Jiangsu Statistical Yearbook 2019, table 3-6, 2017 columns (resident 万人, urban 万人).
const YB2017: Record<string, [number, number]> = {
  '320100': [833.5, 685.89],
  '320200': [655.3, 498.03],
  '320300': [876.35, 558.76],
  '320400': [471.73, 338.7],
  '320500': [1068.36, 809.82],
  '320600': [730.5, 482.35],
  '320700': [451.84, 278.79],
  '320800': [491.4, 300.98],
  '320900': [724.22, 455.53],
  '321000': [450.82, 297.77],
  '321100': [318.63, 224.63],
  '321200': [465.19, 302.05],
  '321300': [491.46, 287.65],
}
const cityRows = Object.entries(YB2017).flatMap(([code, [res, urb]]) => [['resident_pop', code, 2017, res] as const, ['urban_pop', code, 2017, urb] as const])

describe('aggregation', () => {
  const data = engine(points(cityRows))

  it('sums stocks over a grouping (hand-added)', () => {
    // 扬子江城市群: 833.50 + 655.30 + 471.73 + 1068.36 + 318.63 + 450.82 + 465.19 + 730.50 = 4994.03
    const r = data.aggregate('resident_pop', 'yangtze-city-cluster', 2017)
    expect('value' in r && r.value).toBeCloseTo(4994.03, 9)
    expect('value' in r && r.inputs).toHaveLength(8)
  })

  it('recomputes a rate from aggregated components, never averaging rates', () => {
    // 苏南 = 南京 无锡 常州 苏州 镇江: Σurban = 2557.07, Σresident = 3347.52 → 76.3871 % (yearbook prints 76.4)
    const r = data.resolve('urbanization_rate', 'sunan', 2017)
    expect(r?.value).toBeCloseTo((100 * 2557.07) / 3347.52, 9)
    expect(r?.origin).toBe('derived')
    // The mean of the five city rates would be 76.1208…, a different (wrong) number.
    const mean = ['320100', '320200', '320400', '320500', '321100'].map((c) => (100 * YB2017[c]![1]) / YB2017[c]![0]).reduce((a, b) => a + b) / 5
    expect(Math.abs(r!.value - mean)).toBeGreaterThan(0.2)
  })

  it('aggregates the province from its 13 cities', () => {
    const r = data.resolve('resident_pop', '320000', 2017)
    expect(r?.value).toBeCloseTo(8029.3, 9) // the yearbook's province row
    expect(r?.origin).toBe('aggregated')
  })

  it('marks an aggregate over incomplete members incomplete, and computes nothing', () => {
    const partial = engine(points(cityRows.filter((r) => r[1] !== '321100')))
    const r = partial.aggregate('resident_pop', 'sunan', 2017)
    expect(r).toEqual({ kind: 'incomplete', missing: ['321100'] })
    expect(partial.resolve('resident_pop', 'sunan', 2017)).toBeUndefined()
    expect(partial.resolve('urbanization_rate', 'sunan', 2017)).toBeUndefined()
  })

  it('falls back to a population-weighted mean of rates when components are missing, and says so', () => {
    // 苏中 with rates and populations only: (66.0·730.50 + 66.1·450.82 + 64.9·465.19) / (730.50 + 450.82 + 465.19)
    //   = (48213 + 29799.202 + 30190.831) / 1646.51 = 108203.033 / 1646.51 = 65.7168…
    const d = engine(
      points([
        ['urbanization_rate', '320600', 2017, 66.0],
        ['resident_pop', '320600', 2017, 730.5],
        ['urbanization_rate', '321000', 2017, 66.1],
        ['resident_pop', '321000', 2017, 450.82],
        ['urbanization_rate', '321200', 2017, 64.9],
        ['resident_pop', '321200', 2017, 465.19],
      ]),
    )
    const r = d.aggregate('urbanization_rate', 'suzhong', 2017)
    expect('value' in r && r.value).toBeCloseTo(108203.033 / 1646.51, 6)
    expect('value' in r && r.weightedFallback).toBe(true)
  })

  it('prefers a published figure to a derived or aggregated one, and keeps provenance', () => {
    const d = engine(points([...cityRows, ['resident_pop', 'sunan', 2017, 3347.52, 'yearbook']]))
    const r = d.resolve('resident_pop', 'sunan', 2017)
    expect(r).toMatchObject({ origin: 'published', source: 'yearbook', value: 3347.52 })
    const rate = d.resolve('urbanization_rate', '320100', 2017)
    expect(rate?.inputs.map((i) => i.indicator).sort()).toEqual(['resident_pop', 'urban_pop'])
    expect(rate?.inputs.every((i) => i.region === '320100' && i.year === 2017 && i.observationId > 0)).toBe(true)
  })

  it('sums one vintage when one source covers every member, rather than mixing vintages', () => {
    // 南京 2018 has the yearbook figure (843.62) and a revised one (924.39, written later, so preferred for the city).
    const d = engine([
      ...points([
        ['resident_pop', '320100', 2018, 843.62, 'yearbook'],
        ['resident_pop', '320200', 2018, 657.45, 'yearbook'],
        ['resident_pop', '320400', 2018, 472.86, 'yearbook'],
        ['resident_pop', '320500', 2018, 1072.17, 'yearbook'],
        ['resident_pop', '321100', 2018, 319.64, 'yearbook'],
      ]),
      { id: 99, indicator: 'resident_pop', region: '320100', year: 2018, value: 924.39, source: 'revised', version: 1, updatedAt: '2026-02-01T00:00:00.000Z' },
    ])
    expect(d.resolve('resident_pop', '320100', 2018)?.source).toBe('revised')
    // 苏南 from the yearbook alone: 843.62 + 657.45 + 472.86 + 1072.17 + 319.64 = 3365.74, the yearbook's own 苏南 row.
    const r = d.aggregate('resident_pop', 'sunan', 2018)
    expect('value' in r && r.value).toBeCloseTo(3365.74, 9)
    expect('value' in r && r.inputs.every((i) => i.source === 'yearbook')).toBe(true)
  })

  it('derives the income ratio and the urbanization gap from their formulas', () => {
    const d = engine(
      points([
        ['urban_income', '320000', 2022, 60178],
        ['rural_income', '320000', 2022, 28486],
        ['urbanization_rate', '320000', 2020, 73.44],
        ['hukou_urbanization_rate', '320000', 2020, 67.3],
      ]),
    )
    expect(d.resolve('income_ratio', '320000', 2022)?.value).toBeCloseTo(60178 / 28486, 12)
    expect(d.resolve('urbanization_gap', '320000', 2020)?.value).toBeCloseTo(6.14, 9)
  })
})
