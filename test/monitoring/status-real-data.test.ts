/**
 * Done-when of the monitoring issue: with the real figures of data/observations loaded, `urbmon status` gives, for
 * every Jiangsu target, numbers a reviewer can reproduce by hand from the formulas in the README. Each expected
 * number below is worked out in the comment beside it.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { cli } from '../helpers/cli.js'
import { bundledStore } from '../helpers/templates.js'

type Row = Record<string, unknown> & { target: string; regions?: Array<{ region: string; value: number | null; meets: boolean | null }> }

let db: string
const statusAt = async (...args: string[]): Promise<Map<string, Row>> => {
  const r = await cli(['--db', db, 'status', '--json', ...args])
  expect(r.code, r.err).toBe(0)
  return new Map((JSON.parse(r.out) as Row[]).map((x) => [x.target, x]))
}

beforeAll(async () => {
  db = await bundledStore()
})

describe('status of the Jiangsu targets on the bundled data', () => {
  it('evaluates at the latest year with data, 2024', async () => {
    const s = await statusAt()
    const u = s.get('urbanization-2025')!
    // Baseline 73.44 (2020, plan); latest 75.5 (2024, 2024 bulletin); target ≥ 75 by 2025.
    // progress = (75.5 − 73.44) / (75 − 73.44) = 2.06 / 1.56 = 1.320513
    // expected = (2024 − 2020) / (2025 − 2020) = 0.8
    // required = (75 − 75.5) / (2025 − 2024) = −0.5
    // recent   = (75.5 − 73.94) / (2024 − 2021) = 0.52  (points within 3 years of 2024: 2021 73.94 … 2024 75.5)
    expect(u).toMatchObject({
      baselineYear: 2020,
      baselineValue: 73.44,
      latestYear: 2024,
      latestValue: 75.5,
      targetYear: 2025,
      targetValue: 75,
      comparator: '>=',
      status: 'achieved',
    })
    expect(u.progress as number).toBeCloseTo(2.06 / 1.56, 9)
    expect(u.expectedProgress as number).toBeCloseTo(0.8, 12)
    expect(u.requiredAnnualChange as number).toBeCloseTo(-0.5, 12)
    expect(u.recentAnnualChange as number).toBeCloseTo(0.52, 12)
    expect(u.forecastValue as number).toBeGreaterThan(75.5)
    expect(u.probability as number).toBeGreaterThan(0.95)

    const u35 = s.get('urbanization-2035')!
    // About 80 (±1) by 2035: progress = 2.06 / (80 − 73.44) = 0.314024; expected = 4 / 15 = 0.266667; ratio 1.18 ≥ 1 → on track
    expect(u35.progress as number).toBeCloseTo(2.06 / 6.56, 9)
    expect(u35.expectedProgress as number).toBeCloseTo(4 / 15, 12)
    expect(u35.requiredAnnualChange as number).toBeCloseTo((80 - 75.5) / 11, 12)
    expect(u35.status).toBe('on_track')

    const inc = s.get('income-ratio-2025')!
    // Baseline 2.19 (2020); latest 2.04 (2024, from the 2025 government work report, second evidence file);
    // ≤ 2.15 by 2025 → already met. progress = (2.04 − 2.19) / (2.15 − 2.19) = 3.75; expected = 4 / 5 = 0.8;
    // recent = (2.04 − 2.16) / (2024 − 2021) = −0.04 (points within 3 years of 2024: 2021 2.16, 2022 2.11, 2023 2.07, 2024 2.04)
    expect(inc).toMatchObject({ latestYear: 2024, latestValue: 2.04, status: 'achieved' })
    expect(inc.progress as number).toBeCloseTo(3.75, 9)
    expect(inc.expectedProgress as number).toBeCloseTo(0.8, 12)
    expect(inc.recentAnnualChange as number).toBeCloseTo(-0.04, 12)
  })

  it('evaluates at a chosen year (the 2022 mid-course view)', async () => {
    const u = (await statusAt('--year', '2022')).get('urbanization-2025')!
    // latest 74.4 (2022): progress = 0.96 / 1.56 = 0.615385; expected = 2/5 = 0.4; ratio 1.54 → on track
    // required = (75 − 74.4) / 3 = 0.2; recent = (74.4 − 73.44) / (2022 − 2020) = 0.48 (2019 has no figure)
    expect(u).toMatchObject({ latestYear: 2022, latestValue: 74.4, status: 'on_track' })
    expect(u.progress as number).toBeCloseTo(0.96 / 1.56, 9)
    expect(u.requiredAnnualChange as number).toBeCloseTo(0.2, 12)
    expect(u.recentAnnualChange as number).toBeCloseTo(0.48, 12)
  })

  it('counts the cities over 1 trillion yuan, listing which count and which lack data', async () => {
    const t = (await statusAt()).get('trillion-gdp-cities-2025')!
    // 2024 is the latest year in which all 13 cities have GDP (second evidence file, laotaotie.com, 亿元):
    // 苏州 26727, 南京 18501, 无锡 16263, 南通 12421, 常州 10813 ≥ 10 000; 徐州 9537, 扬州 7809, 盐城 7779,
    // 泰州 7020, 镇江 5540, 淮安 5413, 宿迁 4801, 连云港 4663 below. (2022 has all 13 too; the latest of equals wins.)
    expect(t.latestYear).toBe(2024)
    const meeting = t
      .regions!.filter((r) => r.meets)
      .map((r) => r.region)
      .sort()
    expect(meeting).toEqual(['320100', '320200', '320400', '320500', '320600'])
    expect(t.latestValue).toBe(5)
    expect(t.regions!.filter((r) => r.meets === null)).toEqual([])
    // 5 < 6 with a year to go and no baseline in the plan: no straight-path status before the target year.
    expect(t.status).toBe('no_data')
    expect(t.notes).toEqual(['no_baseline'])
  })

  it('says why the trillion-yuan target has no status, what would give it one, and what is known', async () => {
    const t = (await statusAt()).get('trillion-gdp-cities-2025')! as Row & {
      gap: { code: string; needs: { kind: string; year: number; regions: Array<{ region: string }> }; members: Record<string, unknown> & { meeting: unknown[] } }
    }
    expect(t.gap.code).toBe('no_baseline')
    expect(t.gap.members).toMatchObject({ year: 2024, total: 13, noData: [] })
    expect(t.gap.members.meeting.length).toBe(5)
    // Needs a 2020 baseline: the plan gives none, and these cities have no 2020 GDP in the store (read by query).
    const q = await cli(['--db', db, 'query', '--indicator', 'gdp', '--year', '2020', '--json'])
    const with2020 = new Set((JSON.parse(q.out) as Array<{ region: string }>).map((o) => o.region))
    const cities = t.regions!.map((r) => r.region)
    expect(t.gap.needs.kind).toBe('baseline')
    expect(t.gap.needs.year).toBe(2020)
    expect(t.gap.needs.regions.map((r) => r.region).sort()).toEqual(cities.filter((c) => !with2020.has(c)).sort())
    expect(t.gap.needs.regions.length).toBeGreaterThan(0)
  })

  it('reports no data where the store has none, and needs new data before judging a direction', async () => {
    const s = await statusAt()
    expect(s.get('migrant-children-2025')!.status).toBe('no_data')
    expect(s.get('gigabit-cities-2023')!.status).toBe('no_data')
    const gap = s.get('hukou-gap-narrowing')!
    // 2020: 73.44 − 67.3 = 6.14, the only year with both rates.
    expect(gap.latestValue as number).toBeCloseTo(6.14, 9)
    expect(gap.notes).toContain('no_data_since_baseline')
    expect(gap.gap).toMatchObject({ code: 'no_data_since_baseline', since: 2020, needs: { kind: 'figure_after', year: 2020 } })
    expect(s.get('migrant-children-2025')!.gap).toMatchObject({ code: 'no_data', since: null })
    expect(s.get('travel-circles-2025')!.gap).toMatchObject({ code: 'qualitative', needs: { kind: 'assessment' } })
    // Rows with a status carry no gap.
    for (const row of s.values()) expect(row.gap === undefined, row.target).toBe(row.status !== 'no_data')
    expect(s.get('travel-circles-2025')!.notes).toContain('qualitative_needs_assessment')
  })

  it('offers the Open SDG CAGR measure and the trend ladder', async () => {
    const cagr = (await statusAt('--method', 'cagr')).get('urbanization-2035')!
    // CAGR(75.5, 73.44, 2024, 2020) = (75.5/73.44)^(1/4) − 1 = 0.0069403; CAGR(80, 73.44, 2035, 2020) = (80/73.44)^(1/15) − 1 = 0.0057210
    // R = 0.0069403 / 0.0057210 = 1.2131 ≥ 0.95 → substantial progress → on track
    expect(cagr).toMatchObject({ method: 'cagr', methodStatus: 'substantial_progress', status: 'on_track' })
    const trend = (await statusAt('--method', 'trend', '--year', '2022')).get('urbanization-2025')!
    // Ladder at 2022: window 2017–2022 (5 years): 2017 68.76, 2018 69.6, 2020 73.44, 2021 73.94, 2022 74.4 → 5 points;
    // mean change (74.4 − 68.76) / 5 = 1.128 per year → 2025: 74.4 + 3 × 1.128 = 77.784 ≥ 75 → on track.
    expect(trend).toMatchObject({ method: 'trend', methodStatus: 'on_track', status: 'on_track' })
  })

  it('prints a readable table in Chinese, and in English with --lang en', async () => {
    const zh = await cli(['--db', db, 'status'])
    expect(zh.out).toContain('常住人口城镇化率达到75%以上')
    expect(zh.out).toContain('已实现')
    const en = await cli(['--db', db, '--lang', 'en', 'status', '--region', '320000'])
    expect(en.out).toContain('Urbanization rate of at least 75 %')
    expect(en.out).toContain('achieved')
    expect(en.out).not.toContain('Six cities') // --region 320000 keeps only the province's own targets
  })
})

describe('urbmon forecast', () => {
  it('projects with intervals and says what it did', async () => {
    const r = await cli(['--db', db, 'forecast', '--indicator', 'urbanization_rate', '--region', '江苏', '--to', '2030', '--json'])
    expect(r.code, r.err).toBe(0)
    const f = JSON.parse(r.out) as { method: string; notes: string[]; forecast: Array<{ year: number; value: number; low: number; high: number }> }
    expect(f.method).toBe('urgd')
    expect(f.notes).toContain('census_spliced_2020')
    expect(f.forecast.map((p) => p.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030])
    for (const p of f.forecast) expect(p.low <= p.value && p.value <= p.high && p.high <= 100).toBe(true)
    const again = await cli(['--db', db, 'forecast', '--indicator', 'urbanization_rate', '--region', '江苏', '--to', '2030', '--json'])
    expect(again.out).toBe(r.out) // same seed, same numbers
  })
})
