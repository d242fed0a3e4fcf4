import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { engineOf } from '../../test/helpers/dense.js'
import { points } from '../../test/helpers/domain.js'
import { IndicatorCatalog } from '../plan/indicator-catalog.js'
import { parsePlan } from '../plan/load-plan.js'
import { parseRegions } from '../regions/load-regions.js'
import { RegionCatalog } from '../regions/region-catalog.js'
import { evaluateTargets } from './evaluate-targets.js'
import { computeWarnings, jumpWarnings } from './warnings.js'

const FIX = resolve(__dirname, '../../test/fixtures/plans')
const planResult = parsePlan(readFileSync(resolve(FIX, 'warnings-plan.yaml'), 'utf8'), 'warnings-plan.yaml')
const regionsResult = parseRegions(readFileSync(resolve(FIX, 'city-regions.yaml'), 'utf8'), 'city-regions.yaml')
if (!planResult.ok || !regionsResult.ok) throw new Error('fixtures')
const plan = planResult.value
const regions = RegionCatalog.fromFile(regionsResult.value)
const indicators = IndicatorCatalog.fromPlan(plan)

type Row = readonly [string, string, number, number, string?]
const DISTRICTS = { '320102': [65, 0.6, 62], '320111': [120, 1.2, 55], '320116': [95, 0.8, 50] } as const

/** A clean data set: smooth populations 2013–2025, rates published consistently, the city rising 2 points a year. */
function clean(): Row[] {
  const rows: Row[] = []
  for (let y = 2013; y <= 2025; y++) {
    let cityRes = 0
    let cityUrb = 0
    for (const [code, [base, growth, share]] of Object.entries(DISTRICTS)) {
      const res = Math.round((base + growth * (y - 2013)) * 100) / 100
      const rate = share + 1.5 * (y - 2013) // every district +1.5 points a year
      const urb = Math.round(res * rate) / 100
      rows.push(['resident_pop', code, y, res], ['urban_pop', code, y, urb], ['urbanization_rate', code, y, Math.round((10000 * urb) / res) / 100])
      cityRes += res
      cityUrb += urb
    }
    rows.push(['resident_pop', '320100', y, Math.round(cityRes * 100) / 100], ['urban_pop', '320100', y, Math.round(cityUrb * 100) / 100])
  }
  return rows
}

function warningsFor(rows: ReadonlyArray<Row>) {
  const data = engineOf(indicators, regions, points(rows))
  const statuses = evaluateTargets(plan, data, { asOf: 2025 })
  return { statuses, warnings: computeWarnings(plan, data, statuses, { asOf: 2026 }) }
}

describe('early warnings', () => {
  it('find nothing in a clean data set', () => {
    const { statuses, warnings } = warningsFor(clean())
    expect(warnings.map((w) => [w.kind, w.params])).toEqual([])
    expect(statuses.map((s) => s.status)).toEqual(['achieved', 'achieved'])
  })

  it('find every planted problem, each where it was planted', () => {
    const rows = clean()
      // 1. A jump: 浦口's population spikes by 40 万 in 2018 only.
      .map((r): Row => (r[0] === 'resident_pop' && r[1] === '320111' && r[2] === 2018 ? [r[0], r[1], r[2], r[3] + 40] : r))
      // 2. Late data: 六合 reports nothing after 2022.
      .filter((r) => !(r[1] === '320116' && r[2] > 2022))
      // 3. A published rate that disagrees with its own components: 玄武 2021 off by 3 points.
      .map((r): Row => (r[0] === 'urbanization_rate' && r[1] === '320102' && r[2] === 2021 ? [r[0], r[1], r[2], r[3] + 3] : r))
    // 4. Two sources disagree on a cell (a revised vintage).
    rows.push(['resident_pop', '320102', 2019, 80.5, 'revised series'])
    const { warnings } = warningsFor(rows)
    const find = (kind: string, region: string | null, year?: number | null) =>
      warnings.filter(
        (w) => w.kind === kind && (region === null || w.region === region || String(w.params.regions ?? '').includes(region)) && (year === undefined || w.year === year),
      )
    expect(find('suspicious_jump', '320111', 2018).length).toBe(1)
    expect(find('stale_data', '320116').length).toBeGreaterThan(0)
    expect(find('stale_data', '320116')[0]!.params.latestYear).toBe(2022)
    expect(find('derived_mismatch', '320102', 2021).length).toBe(1)
    expect(find('vintage_conflict', '320102', 2019).length).toBe(1)
    // Nothing else: no warning about a place where nothing was planted.
    const planted = new Set(['320111', '320116', '320102'])
    for (const w of warnings) {
      const where = w.region ?? String(w.params.regions)
      expect([...planted].some((p) => where.includes(p)) || w.region === '320100', `${w.kind} ${where}`).toBe(true)
    }
  })

  it('puts targets falling behind first, the furthest behind on top', () => {
    // The city stalls: its urban population stops growing after 2020 (the rate falls behind the straight path to 72 %).
    const rows = clean().map((r): Row =>
      r[0] === 'urban_pop' && r[2] > 2020 ? [r[0], r[1], r[2], clean().find((c) => c[0] === 'urban_pop' && c[1] === r[1] && c[2] === 2020)![3]] : r,
    )
    const { warnings, statuses } = warningsFor(rows)
    const city = statuses.find((s) => s.target === 'city-rate')!
    expect(['at_risk', 'off_track', 'regressing']).toContain(city.status)
    expect(warnings[0]).toMatchObject({ kind: 'target_behind', target: 'city-rate' })
  })

  it('flags a census re-basing that is out of line with the series, not one that is not', () => {
    const rows = clean().map((r): Row => (r[0] === 'resident_pop' && r[1] === '320116' && r[2] >= 2020 ? [r[0], r[1], r[2], r[3] + 25] : r))
    const { warnings } = warningsFor(rows)
    const breaks = warnings.filter((w) => w.kind === 'census_break')
    expect(breaks.map((w) => [w.region, w.year])).toContainEqual(['320116', 2020])
    // The census step is a break, not a suspicious jump.
    expect(warnings.some((w) => w.kind === 'suspicious_jump' && w.region === '320116')).toBe(false)
  })
})

describe('modified z-score when MAD = 0 (hand-calculated)', () => {
  it('uses z = (x − median)/(1.253314·MeanAD), the IBM SPSS / Iglewicz–Hoaglin fallback', () => {
    // Years 2011–2018, values 100 101 102 103 104 105 107 117: changes 1 1 1 1 1 2 10 (seven, no census year).
    // The change 10 (into 2018) against the other six, 1 1 1 1 1 2: median 1; deviations 0 0 0 0 0 1, so MAD = 0.
    // MeanAD = (0+0+0+0+0+1)/6 = 1/6;  z = (10 − 1)/(1.253314 · 1/6) = 54/1.253314 = 43.085771003914424.
    // Floor: 0.001 · mean|y| = 0.001 · 839/8 = 0.104875, below the spread 0.6745 · 1.253314/6 = 0.1409 (in MAD units,
    // 0.6745 · 9/0.1409 = 43.09 again).
    // (The old code's 0.6745 · 9 · 6 · 1.2533 = 45.649 would fail this.)
    // The change 2 (into 2017): others 1 1 1 1 1 10, median 1, MAD 0, MeanAD 9/6; z = 1/(1.253314 · 1.5) = 0.53, no flag.
    const years = Float64Array.from([2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018])
    const values = Float64Array.from([100, 101, 102, 103, 104, 105, 107, 117])
    const got = jumpWarnings('x', 'r', years, values, years.length, { asOf: 2019 })
    expect(got.map((w) => w.year)).toEqual([2018])
    expect(got[0]?.score).toBeCloseTo(43.085771003914424, 10)
  })
})
