/**
 * The engine against the slow reference (test/reference/dataset.ts), which resolves every cell on demand:
 * `DenseDataset` must give the same value, origin, source, method and provenance for every indicator × region ×
 * year, the same explanation of every cell, and the same target statuses and warnings. (aggregation.test.ts
 * checks the rules themselves against published yearbook figures.)
 */
import { describe, expect, it } from 'vitest'

import { IndicatorCatalog } from '../plan/indicator-catalog.js'
import { indicatorSchema, type Plan } from '../plan/plan-schema.js'
import { RegionCatalog, type Region } from '../regions/region-catalog.js'
import { jiangsuPlan } from '../../test/helpers/domain.js'
import { expectSameCells, explainCell } from '../../test/helpers/dense.js'
import { Dataset } from '../../test/reference/dataset.js'
import { referenceJumpWarnings } from '../../test/reference/series-warnings.js'
import { DenseDataset } from './dense-dataset.js'
import { PublishedColumnsBuilder } from './published-columns.js'
import { evaluateTargets } from './evaluate-targets.js'
import type { ObservationPoint } from './observation-point.js'
import { computeWarnings, jumpWarnings } from './warnings.js'

const ind = (raw: Record<string, unknown>) => indicatorSchema.parse({ name: String(raw.id), nameEn: String(raw.id), unit: '万人', direction: 'higher', ...raw })
const region = (code: string, level: Region['level'], parent: string | null, members: string[] = []): Region => ({
  code,
  name: code,
  nameEn: code,
  level,
  parent,
  aliases: [],
  members,
  partial: [],
  summaryOrder: null,
})

// A province, two prefectures with three and two counties, a county-level city directly under the province (which
// `Dataset` leaves out of the province's members: only the first child level counts), and a grouping.
const regions = new RegionCatalog([
  region('110000', 'province', null),
  region('110100', 'prefecture', '110000'),
  region('110200', 'prefecture', '110000'),
  region('110101', 'county', '110100'),
  region('110102', 'county', '110100'),
  region('110103', 'county', '110100'),
  region('110201', 'county', '110200'),
  region('110202', 'county', '110200'),
  region('119001', 'county', '110000'),
  region('pair', 'grouping', null, ['110101', '110201', '119001']),
])
const indicators = new IndicatorCatalog([
  ind({ id: 'pop', aggregation: 'sum' }),
  ind({ id: 'urban', aggregation: 'sum', preferredSources: ['年鉴'] }),
  ind({ id: 'rate', aggregation: 'ratio', formula: '100 * urban / pop', weight: 'pop', unit: '%' }),
  ind({ id: 'wage', aggregation: 'weighted_mean', weight: 'pop' }),
  ind({ id: 'peak', aggregation: 'max' }),
  ind({ id: 'low', aggregation: 'min' }),
  ind({ id: 'avg', aggregation: 'mean' }),
  ind({ id: 'flag', aggregation: 'none' }),
  ind({ id: 'rural', aggregation: 'sum', formula: 'pop - urban' }),
  // A ratio of a ratio, and a derived indicator read by another formula (dependency order).
  ind({ id: 'rate2', aggregation: 'ratio', formula: 'rate / 2 + rural / pop' }),
  ind({ id: 'per', aggregation: 'mean', formula: 'rural / (urban - urban)' }),
])

function synthetic(): ObservationPoint[] {
  const out: ObservationPoint[] = []
  let id = 1
  let seed = 7
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  const add = (indicator: string, reg: string, year: number, value: number, source = '公报', updatedAt = '2024-01-01T00:00:00.000Z') =>
    out.push({ id: id++, indicator, region: reg, year, value: Math.round(value * 100) / 100, source, version: 1 + (id % 3), updatedAt })
  const counties = ['110101', '110102', '110103', '110201', '110202', '119001']
  for (let year = 2015; year <= 2024; year++) {
    for (const c of counties) {
      // Incomplete members: one county misses its population in 2017, another its urban population in 2019.
      if (!(c === '110102' && year === 2017)) add('pop', c, year, 50 + rnd() * 50)
      if (!(c === '110201' && year === 2019)) add('urban', c, year, 20 + rnd() * 20)
      if (year !== 2016) add('wage', c, year, 5 + rnd())
      add('peak', c, year, rnd() * 10)
      add('low', c, year, rnd() * 10)
      add('avg', c, year, rnd() * 10)
      add('flag', c, year, 1)
    }
    // Vintages: a yearbook revises some county figures (preferred for urban); for pop the later write wins.
    if (year % 2 === 0) {
      for (const c of ['110101', '110102', '110103']) {
        add('pop', c, year, 60 + rnd() * 10, '统计年鉴', '2025-06-01T00:00:00.000Z')
        add('urban', c, year, 25 + rnd() * 10, '统计年鉴', '2023-01-01T00:00:00.000Z')
      }
    }
    // A prefecture publishes its own total (wins over the sum), and in some years only its rate.
    if (year >= 2020) add('pop', '110100', year, 200)
    if (year === 2018) add('rate', '110200', year, 41.5)
    if (year === 2019) add('rate', '110201', year, 38) // its urban population is missing that year
    // A published rate beside the components (a derived_mismatch candidate), one year from another source only.
    add('rate', '110101', year, 40, '公报')
    if (year === 2021) add('rural', '110202', year, 12, '其他')
  }
  // A jump in one county's series (suspicious_jump), and a vintage conflict.
  out.push({ id: id++, indicator: 'avg', region: '110103', year: 2025, value: 500, source: '公报', version: 1, updatedAt: '2024-01-01T00:00:00.000Z' })
  return out
}

describe('DenseDataset equals Dataset on a synthetic set', () => {
  const obs = synthetic()
  const ref = new Dataset(indicators, regions, obs)
  const dense = new DenseDataset(indicators, regions, PublishedColumnsBuilder.fromPoints(obs))
  const years = Array.from({ length: 13 }, (_, k) => 2013 + k)

  it('resolves every indicator × region × year the same (value, origin, source, method, provenance)', () => {
    const n = expectSameCells(ref, dense, years)
    expect(n).toBeGreaterThan(500)
    expect(dense.counts.derived).toBeGreaterThan(0)
    expect(dense.counts.aggregated).toBeGreaterThan(0)
  })

  it('explains every cell as the reference does, byte for byte (shown, published, derived, aggregate or why none)', () => {
    const kinds = new Set<string>()
    // A year before any data and one after it too: explain answers for any year.
    for (const y of [2010, ...years, 2030]) {
      for (const i of indicators.all) {
        for (const r of regions.all) {
          const got = explainCell(dense, i.id, r.code, y)
          expect(got, `${i.id} ${r.code} ${y}`).toBe(explainCell(ref, i.id, r.code, y))
          const agg = dense.aggregate(i.id, r.code, y)
          kinds.add('value' in agg ? (agg.weightedFallback ? 'fallback' : 'value') : agg.kind)
          if (dense.derived(i.id, r.code, y) && dense.origin(i.id, r.code, y) === 'published') kinds.add('derived beside published')
        }
      }
    }
    expect([...kinds].sort()).toEqual(['derived beside published', 'fallback', 'incomplete', 'no_members', 'not_aggregable', 'value'])
  })

  it('covers the rules it claims to: weighted fallback, one-source sums, incomplete members, preferred sources', () => {
    // 110200 in 2019: a county lacks urban → the rate falls back to the population-weighted mean of county rates.
    expect(dense.resolve('rate', '110200', 2019)?.weightedFallback).toBe(true)
    // Incomplete members leave no value: pop of 110100 in 2017.
    expect(dense.value('pop', '110100', 2017)).toBeNaN()
    // The yearbook is the preferred source of urban.
    expect(dense.resolve('urban', '110101', 2016)?.source).toBe('统计年鉴')
    // All three counties of 110100 have two vintages of pop in 2016: the sum uses one source for all (the first
    // common one in store order, the bulletin), although the later-written yearbook is each county's own value.
    expect(dense.resolve('pop', '110101', 2016)?.source).toBe('统计年鉴')
    expect(dense.resolve('pop', '110100', 2016)?.inputs.map((p) => p.source)).toEqual(['公报', '公报', '公报'])
    expect(dense.publishedAll('pop', '110101', 2016)).toEqual(ref.publishedAll('pop', '110101', 2016))
    expect(dense.derivedFrom('rate', '110101', 2016, '公报')).toBe(ref.derivedFrom('rate', '110101', 2016, '公报'))
  })

  it('gives the same target statuses and warnings', () => {
    const plan: Plan = {
      ...jiangsuPlan(),
      indicators: [...indicators.all],
      tasks: [],
      targets: [
        { id: 'a', name: 'a', nameEn: 'a', kind: 'level', indicator: 'rate', region: '110000', comparator: '>=', value: 45, year: 2025, section: '二(三)', text: 'a' },
        { id: 'b', name: 'b', nameEn: 'b', kind: 'direction', indicator: 'rural', region: 'pair', direction: 'decrease', year: 2025, section: '二(三)', text: 'b' },
        {
          id: 'c',
          name: 'c',
          nameEn: 'c',
          kind: 'count',
          indicator: 'pop',
          over: { parent: '110000', level: 'county' },
          threshold: { comparator: '>=', value: 70 },
          comparator: '>=',
          value: 3,
          year: 2025,
          section: '二(三)',
          text: 'c',
        },
        {
          id: 'd',
          name: 'd',
          nameEn: 'd',
          kind: 'level',
          indicator: 'wage',
          region: '110100',
          comparator: '>=',
          value: 6,
          year: 2025,
          baseline: { year: 2015, value: 5 },
          section: '二(三)',
          text: 'd',
        },
      ],
    }
    for (const asOf of [2020, 2024, 2026]) {
      const a = evaluateTargets(plan, ref, { asOf })
      const b = evaluateTargets(plan, dense, { asOf })
      expect(b).toEqual(a)
      const wa = computeWarnings(plan, ref, a, { asOf })
      const wb = computeWarnings(plan, dense, b, { asOf })
      expect(wb).toEqual(wa)
      expect(wa.length).toBeGreaterThan(0)
    }
  })
})

describe('jumpWarnings', () => {
  it('finds the same jumps as the plain reference on random series (ties, census years, gaps included)', () => {
    let seed = 3
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    let found = 0
    for (let k = 0; k < 3000; k++) {
      const series: Array<{ year: number; value: number }> = []
      let v = 100
      for (let year = 2005; year <= 2024; year++) {
        if (rnd() < 0.1) continue
        v += k % 5 === 0 ? Math.round(rnd() * 3) : (rnd() - 0.5) * 4
        if (rnd() < 0.05) v += 40
        series.push({ year, value: v })
      }
      const expected = referenceJumpWarnings('x', 'r', series, { asOf: 2025 })
      const got = jumpWarnings(
        'x',
        'r',
        Float64Array.from(series, (p) => p.year),
        Float64Array.from(series, (p) => p.value),
        series.length,
        { asOf: 2025 },
      )
      expect(got).toEqual(expected)
      found += expected.length
    }
    expect(found).toBeGreaterThan(50)
  })
})
