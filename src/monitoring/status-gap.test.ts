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
import { atRiskTargets, figuresYear, statusCounts } from './status-summary.js'
import type { TargetStatus } from './target-status.js'

const FIX = resolve(__dirname, '../../test/fixtures/plans')
const planResult = parsePlan(readFileSync(resolve(FIX, 'gaps-plan.yaml'), 'utf8'), 'gaps-plan.yaml')
const regionsResult = parseRegions(readFileSync(resolve(FIX, 'city-regions.yaml'), 'utf8'), 'city-regions.yaml')
if (!planResult.ok || !regionsResult.ok) throw new Error('fixtures')
const plan = planResult.value
const regions = RegionCatalog.fromFile(regionsResult.value)
const indicators = IndicatorCatalog.fromPlan(plan)

type Row = readonly [string, string, number, number]
/** 玄武 320102, 浦口 320111, 六合 320116 under 南京 320100. */
const ROWS: Row[] = [
  ['rate', '320100', 2020, 65],
  ['rate', '320100', 2023, 69],
  // 六合: nothing after the baseline year.
  ['rate', '320116', 2019, 48],
  ['rate', '320116', 2020, 50],
  // 2023: two of three districts (六合 missing); 玄武 meets 60, 浦口 does not.
  ['rate', '320102', 2023, 65],
  ['rate', '320111', 2023, 55],
  // GDP 2024 for every district (two of three over 1000), but 2020 only for 玄武 and no baseline in the plan.
  ['gdp', '320102', 2020, 900],
  ['gdp', '320102', 2024, 1200],
  ['gdp', '320111', 2024, 1100],
  ['gdp', '320116', 2024, 800],
]

const evaluate = (rows: ReadonlyArray<Row>, asOf: number) => {
  const out = new Map<string, TargetStatus>()
  for (const r of evaluateTargets(plan, engineOf(indicators, regions, points(rows)), { asOf })) out.set(r.target, r)
  return (id: string) => {
    const r = out.get(id)
    if (!r) throw new Error(`no row ${id}`)
    return r
  }
}
const names = (list: ReadonlyArray<{ region: string }> | undefined) => (list ?? []).map((r) => r.region)

describe('the gap of a status row', () => {
  const row = evaluate(ROWS, 2025)

  it('is absent on a row with a status', () => {
    expect(row('city-rate').status).not.toBe('no_data')
    expect(row('city-rate').gap).toBeUndefined()
  })

  it('no_data: no figure at all, and no baseline in the plan: figures for the baseline year and a later one', () => {
    const g = row('water-level').gap
    expect(g).toEqual({
      code: 'no_data',
      since: null,
      needs: { kind: 'baseline_and_later', year: 2020, regions: [{ region: '320100', regionName: '南京市', regionNameEn: 'Nanjing' }] },
      latestYear: null,
      latestValue: null,
      members: null,
    })
  })

  it('no_data_since_baseline: the latest figure is the baseline year’s; a figure after 2020 would do', () => {
    const g = row('luhe-rate').gap
    expect(g?.code).toBe('no_data_since_baseline')
    expect(g?.since).toBe(2020)
    expect(g?.needs.kind).toBe('figure_after')
    expect(g?.needs.year).toBe(2020)
    expect(names(g?.needs.regions)).toEqual(['320116'])
    expect([g?.latestYear, g?.latestValue]).toEqual([2020, 50])
  })

  it('members_missing: names who meets, who does not, and who has no figure in the set’s year', () => {
    const g = row('districts-60').gap
    expect(g?.code).toBe('members_missing')
    expect(g?.members?.year).toBe(2023)
    expect(g?.members?.total).toBe(3)
    expect(names(g?.members?.meeting)).toEqual(['320102'])
    expect(names(g?.members?.notMeeting)).toEqual(['320111'])
    expect(names(g?.members?.noData)).toEqual(['320116'])
    expect(g?.needs).toEqual({ kind: 'member_figures', year: 2023, regions: [{ region: '320116', regionName: '六合区', regionNameEn: 'Luhe District' }] })
    // The count so far: 1 meeting.
    expect([g?.latestYear, g?.latestValue]).toEqual([2023, 1])
  })

  it('no_baseline: every member known, goal not met, and 2020 figures missing for two districts', () => {
    const g = row('districts-gdp').gap
    expect(g?.code).toBe('no_baseline')
    expect(g?.members?.year).toBe(2024)
    expect(names(g?.members?.meeting)).toEqual(['320102', '320111'])
    expect(names(g?.members?.notMeeting)).toEqual(['320116'])
    expect(g?.members?.noData).toEqual([])
    expect(g?.needs.kind).toBe('baseline')
    expect(g?.needs.year).toBe(2020)
    expect(names(g?.needs.regions)).toEqual(['320111', '320116'])
  })

  it('qualitative: needs an assessment', () => {
    expect(row('travel').gap).toEqual({
      code: 'qualitative',
      since: null,
      needs: { kind: 'assessment', year: null, regions: [] },
      latestYear: null,
      latestValue: null,
      members: null,
    })
  })

  it('not_yet_due: in 2021 (lag 1) the first figure after the 2020 baseline falls due in 2022', () => {
    const early = evaluate(ROWS, 2021)
    for (const id of ['water-level', 'luhe-rate']) {
      const g = early(id).gap
      expect(g?.code, id).toBe('not_yet_due')
      expect(g?.needs, id).toEqual({ kind: 'wait', year: 2022, regions: [] })
    }
    expect(early('luhe-rate').gap?.since).toBe(2020)
  })

  it('a set target with no figure for any member needs figures for every member for the due year', () => {
    const g = evaluate(
      ROWS.filter((r) => r[0] !== 'gdp'),
      2025,
    )('districts-gdp').gap
    expect(g?.code).toBe('no_data')
    expect(g?.needs.kind).toBe('member_figures')
    expect(g?.needs.year).toBe(2024)
    expect(names(g?.needs.regions)).toEqual(['320102', '320111', '320116'])
    expect(g?.members?.noData.length).toBe(3)
  })
})

describe('status summary', () => {
  const rows = evaluateTargets(plan, engineOf(indicators, regions, points(ROWS)), { asOf: 2025 })

  it('counts every status, zeros included, summing to the number of targets', () => {
    const c = statusCounts(rows)
    expect(Object.keys(c).sort()).toEqual(['achieved', 'at_risk', 'no_data', 'off_track', 'on_track', 'regressing'])
    expect(Object.values(c).reduce((a, b) => a + b, 0)).toBe(rows.length)
    expect(c.no_data).toBe(5)
  })

  it('lists the targets at risk worst first: regressing, off track, at risk, then by shortfall', () => {
    const base = rows[0]!
    const mk = (target: string, status: TargetStatus['status'], progress: number | null, expected: number | null): TargetStatus => ({
      ...base,
      target,
      status,
      progress,
      expectedProgress: expected,
    })
    const list = atRiskTargets([
      mk('a', 'at_risk', 0.5, 0.6),
      mk('b', 'achieved', 1, 0.6),
      mk('c', 'at_risk', 0.2, 0.6),
      mk('d', 'off_track', 0.5, 0.6),
      mk('e', 'regressing', null, null),
    ])
    expect(list.map((r) => r.target)).toEqual(['e', 'd', 'c', 'a'])
    // shortfall = expected − progress: 0.6 − 0.2 and 0.6 − 0.5.
    expect(list[2]!.shortfall).toBeCloseTo(0.4, 12)
    expect(list[3]!.shortfall).toBeCloseTo(0.1, 12)
    expect(list[0]!.shortfall).toBeNull()
  })
})

describe('the year of the figures shown', () => {
  // Watched cells: rate 320100, water 320100, rate of the three districts, gdp of the three districts: 8, 7 with data.
  const data = (rows: ReadonlyArray<Row>) => engineOf(indicators, regions, points(rows))

  it('is the latest year in which most watched cells with data have a figure, not the year of one early figure', () => {
    const rows: Row[] = []
    for (const [ind, code] of [
      ['rate', '320100'],
      ['rate', '320102'],
      ['rate', '320111'],
      ['rate', '320116'],
      ['gdp', '320102'],
      ['gdp', '320111'],
      ['gdp', '320116'],
    ] as const) {
      rows.push([ind, code, 2023, 1])
      // 2024: six of the seven (六合's rate missing).
      if (!(ind === 'rate' && code === '320116')) rows.push([ind, code, 2024, 2])
    }
    // One city publishes one 2025 figure.
    rows.push(['rate', '320102', 2025, 3])
    expect(figuresYear(plan, data(rows), 2025)).toEqual({ year: 2024, covered: 6, withData: 7 })
    // Up to 2023 only: all seven in 2023.
    expect(figuresYear(plan, data(rows), 2023)).toEqual({ year: 2023, covered: 7, withData: 7 })
  })

  it('without a majority in any year, is the year most cells have (the latest of equals)', () => {
    // ROWS: 2019 one cell; 2020, 2023 and 2024 three cells each, of seven with data.
    expect(figuresYear(plan, data(ROWS), 2025)).toEqual({ year: 2024, covered: 3, withData: 7 })
    // Up to 2022 only three cells have data (南京 rate, 六合 rate, 玄武 GDP), all three in 2020: a majority.
    expect(figuresYear(plan, data(ROWS), 2022)).toEqual({ year: 2020, covered: 3, withData: 3 })
  })

  it('is null without data', () => {
    expect(figuresYear(plan, data([]), 2025)).toEqual({ year: null, covered: 0, withData: 0 })
  })
})
