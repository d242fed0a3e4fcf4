import { writeFileSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { buildMatrix, evaluate, parseFramework } from '../../src/evaluation/index.js'
import { cli } from '../helpers/cli.js'
import { engineOf } from '../helpers/dense.js'
import { jiangsuIndicators, jiangsuRegions, points } from '../helpers/domain.js'
import { bundledStore } from '../helpers/templates.js'

const FRAMEWORK = resolve(__dirname, '../../frameworks/jiangsu-cities.yaml')
const parsed = parseFramework(readFileSync(FRAMEWORK, 'utf8'), 'jiangsu-cities.yaml')
if (!parsed.ok) throw new Error(JSON.stringify(parsed.error))
const framework = parsed.value

describe('the composite index on synthetic cities', () => {
  const cities = ['320100', '320200', '320300', '320400', '320500', '320600', '320700', '320800', '320900', '321000', '321100', '321200', '321300']
  // 南京 (first) is best on every indicator; the others are a spread with some noise.
  const rows = cities.flatMap((c, i) => {
    const best = i === 0
    const v = (base: number, step: number, lowerBetter = false) =>
      best ? base + (lowerBetter ? -step * 3 : step * 15) : base + (lowerBetter ? step * ((i * 7) % 13) : step * ((i * 5) % 13))
    return [
      ['urbanization_rate', c, 2022, v(60, 2)],
      ['hukou_urbanization_rate', c, 2022, v(55, 2)],
      ['resident_pop', c, 2022, v(300, 50)],
      ['gdp', c, 2022, v(3000, 1000)],
      ['gdp_per_capita', c, 2022, v(70000, 8000)],
      ['good_air_days_share', c, 2022, v(70, 1.5)],
      ['general_budget_revenue_per_capita', c, 2022, v(5000, 800)],
      ['retail_sales_per_capita', c, 2022, v(30000, 3000)],
      ['rural_income', c, 2022, v(22000, 1500)],
      ['income_ratio', c, 2022, v(1.8, 0.05, true)],
    ] as const
  })
  const data = engineOf(jiangsuIndicators(), jiangsuRegions(), points(rows))
  const m = buildMatrix(data, { ...framework, uncertainty: { ...framework.uncertainty, draws: 300 } }, 2022)

  it('builds a complete 13 × 10 matrix', () => {
    expect(m.ok && [m.value.regions.length, m.value.indicators.length, m.value.notes.length]).toEqual([13, 10, 0])
  })

  it('ranks a city that dominates on every indicator first, in every draw', () => {
    if (!m.ok) throw new Error('matrix')
    const r = evaluate({ ...framework, uncertainty: { ...framework.uncertainty, draws: 300 } }, m.value)
    const nj = r.results.find((x) => x.region === '320100')!
    expect([nj.rank, nj.rankLow, nj.rankHigh, nj.medianRank]).toEqual([1, 1, 1, 1])
    expect(Object.values(r.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    // Equal weights over five dimensions of two indicators each: every indicator 0.1.
    for (const w of Object.values(r.weights)) expect(w).toBeCloseTo(0.1, 12)
    for (const x of r.results) expect(x.rankLow <= x.medianRank && x.medianRank <= x.rankHigh).toBe(true)
  })

  it('is reproducible with its seed', () => {
    if (!m.ok) throw new Error('matrix')
    const f = { ...framework, uncertainty: { ...framework.uncertainty, draws: 200 } }
    expect(evaluate(f, m.value)).toEqual(evaluate(f, m.value))
  })

  it('rejects an inconsistent AHP matrix with its CR', () => {
    if (!m.ok) throw new Error('matrix')
    // Saaty's reciprocal matrix with contradictory judgements (a ≫ b, b ≫ c, c ≫ a): CR far above 0.1.
    const a = [
      [1, 9, 1 / 9, 1, 1],
      [1 / 9, 1, 9, 1, 1],
      [9, 1 / 9, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ]
    expect(() => evaluate({ ...framework, weighting: { method: 'ahp', matrix: a } }, m.value)).toThrow(/evaluation.ahp_inconsistent/)
  })
})

describe('urbmon evaluate on the bundled data', () => {
  let db: string
  beforeAll(async () => {
    db = await bundledStore()
  })

  it('prints scores, ranks and rank intervals, and says what it left out', async () => {
    const r = await cli(['--db', db, 'evaluate', '--json', '--draws', '200'])
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out) as {
      year: number
      weights: Record<string, number>
      results: Array<{ region: string; regionName: string; score: number; rank: number; rankLow: number; rankHigh: number; dimensions: Record<string, number> }>
      excluded: Array<{ code: string }>
      droppedIndicators: string[]
    }
    // 2024: the latest year with data; with the second evidence file GDP per head and the income ratio pass the
    // coverage screen (5 of 10 indicators), 淮安 and 泰州 miss more than a third of them.
    expect(j.year).toBe(2024)
    expect(j.results.length).toBeGreaterThanOrEqual(10)
    expect(j.results[0]).toMatchObject({ region: '320500', regionName: '苏州市', rank: 1 })
    expect(j.excluded.map((e) => e.code)).toEqual(['320800', '321200'])
    expect(Object.keys(j.weights).sort()).toEqual(['gdp', 'gdp_per_capita', 'income_ratio', 'resident_pop', 'urbanization_rate'])
    expect(j.droppedIndicators).toContain('rural_income')
    const text = await cli(['--db', db, 'evaluate', '--draws', '100'])
    expect(text.out).toContain('排名区间')
    expect(text.out).toContain('未参评')
  })

  it('reports a bad framework file with its line', async () => {
    const bad = join(dirname(db), 'bad-framework.yaml')
    writeFileSync(bad, readFileSync(FRAMEWORK, 'utf8').replace('aggregation: arithmetic', 'aggregation: average'))
    const r = await cli(['--db', db, 'evaluate', '--framework', bad])
    expect(r.code).toBe(1)
    expect(r.err).toContain('[framework.invalid]')
    expect(r.err).toMatch(/第 \d+ 行/)
    expect((await cli(['--db', db, '--lang', 'en', 'evaluate', '--framework', bad])).err).toMatch(/line \d+/)
  })
})
