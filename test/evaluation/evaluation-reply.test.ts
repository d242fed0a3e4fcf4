/**
 * The evaluation reply on the bundled data says what the index ran on: the indicators used and left out (with the
 * coverage screen's counts), the cities left out, the imputed cells, the weights, the year and the method. The
 * expected tables below were checked by hand against the bundled files (data/): which cities report each
 * indicator for 2022–2024 (the 2024 index with a two-year lookback); the screen needs ceil(0.6 × 13) = 8 cities.
 */
import { describe, expect, it } from 'vitest'

import { cli, queryJson, tempDb } from '../helpers/cli.js'
import { bundledStore } from '../helpers/templates.js'
import { testServer } from '../helpers/server.js'
import type { EvaluationReply } from '../../src/contract/index.js'

/** Cities with a value in 2022–2024, by indicator (hand count; urbanization_rate and income_ratio are derived). */
const COVERAGE_2024: Record<string, number> = {
  urbanization_rate: 9,
  hukou_urbanization_rate: 0,
  resident_pop: 13,
  gdp: 13,
  gdp_per_capita: 13,
  good_air_days_share: 3,
  general_budget_revenue_per_capita: 1,
  retail_sales_per_capita: 1,
  rural_income: 6,
  income_ratio: 8,
}

describe('the evaluation reply on the bundled data', () => {
  it('names the indicators used and left out, the cities left out, the imputed cells and the weights (CLI --json)', async () => {
    const db = await bundledStore()
    const r = await cli(['--db', db, 'evaluate', '--year', '2024', '--draws', '50', '--json'])
    expect(r.code, r.err).toBe(0)
    const ev = JSON.parse(r.out) as EvaluationReply
    expect([ev.year, ev.yearChoice, ev.method.normalisation, ev.method.weighting, ev.method.aggregation]).toEqual([2024, 'asked', 'minmax', 'equal', 'arithmetic'])
    const needed = Math.ceil(0.6 * 13)
    const pass = Object.entries(COVERAGE_2024)
      .filter(([, n]) => n >= needed)
      .map(([id]) => id)
    expect(ev.indicators.map((i) => i.id)).toEqual(pass)
    expect(ev.leftOutIndicators.map((i) => [i.id, i.reason, i.regions, i.needed])).toEqual(
      Object.entries(COVERAGE_2024)
        .filter(([, n]) => n < needed)
        .map(([id, n]) => [id, 'coverage', n, needed]),
    )
    expect(Object.fromEntries(ev.indicators.map((i) => [i.id, i.regions]))).toEqual(Object.fromEntries(pass.map((id) => [id, COVERAGE_2024[id]])))

    // Four dimensions of five are covered (城市治理 has no indicator passing the screen); equal dimension weights
    // 1/4, split within: 市民化 urbanization_rate 1/4, 空间格局 resident_pop and gdp 1/8 each, 现代城市 gdp_per_capita
    // 1/4, 城乡融合 income_ratio 1/4.
    expect(ev.adequacy).toEqual({ covered: 4, total: 5, minDimensions: 3, adequate: true })
    expect(ev.dimensions.filter((d) => !d.covered).map((d) => d.id)).toEqual(['governance'])
    const w = Object.fromEntries(ev.indicators.map((i) => [i.id, i.weight]))
    expect(w.urbanization_rate).toBeCloseTo(0.25, 12)
    expect(w.resident_pop).toBeCloseTo(0.125, 12)
    expect(w.gdp).toBeCloseTo(0.125, 12)
    expect(w.gdp_per_capita).toBeCloseTo(0.25, 12)
    expect(w.income_ratio).toBeCloseTo(0.25, 12)
    expect(ev.weights).toEqual(w)

    // 淮安 and 泰州 lack both urbanization_rate and income_ratio: 2 of 5 used indicators, above the 0.34 allowed.
    expect(ev.excluded.map((e) => [e.name, e.reason, e.missing])).toEqual([
      ['淮安市', 'missing_share', ['urbanization_rate', 'income_ratio']],
      ['泰州市', 'missing_share', ['urbanization_rate', 'income_ratio']],
    ])
    // Every imputed cell is the column mean over the ranked cities that have it, and is a named (city, indicator).
    expect(ev.imputedCells.length).toBe(ev.imputed)
    // 11 cities are ranked; the 9 reporting urbanization_rate are all among them (淮安 and 泰州 have none), so 2 are
    // imputed; likewise 11 − 8 = 3 for income_ratio.
    expect(ev.imputedCells.filter((c) => c.indicator === 'urbanization_rate').length).toBe(11 - COVERAGE_2024.urbanization_rate!)
    expect(ev.imputedCells.filter((c) => c.indicator === 'income_ratio').length).toBe(11 - COVERAGE_2024.income_ratio!)
    const ranked = new Set(ev.results.map((x) => x.region))
    expect(ev.imputedCells.every((c) => ranked.has(c.region))).toBe(true)
    // Each ranked city's notes list exactly its imputed cells, and rank intervals contain the rank's median.
    for (const x of ev.results) {
      expect(x.notes.filter((n) => n.startsWith('imputed:')).sort()).toEqual(
        ev.imputedCells
          .filter((c) => c.region === x.region)
          .map((c) => `imputed:${c.indicator}`)
          .sort(),
      )
      expect(x.rankLow).toBeLessThanOrEqual(x.medianRank)
      expect(x.medianRank).toBeLessThanOrEqual(x.rankHigh)
    }
  }, 60_000)

  it('counts coverage for published indicators the same as the store rows do', async () => {
    const db = await bundledStore()
    const r = await cli(['--db', db, 'evaluate', '--year', '2024', '--draws', '20', '--json'])
    const ev = JSON.parse(r.out) as EvaluationReply
    // Independent of the engine: distinct cities with a stored figure in 2022–2024 (`urbmon query`), for indicators
    // not derived.
    const cityCode = /^32\d\d00$/
    for (const c of [...ev.indicators, ...ev.leftOutIndicators]) {
      if (['urbanization_rate', 'income_ratio'].includes(c.id)) continue
      const rows = await queryJson(db, '--indicator', c.id, '--year', '2022-2024')
      const cities = new Set(rows.map((x) => String(x.region)).filter((code) => cityCode.test(code) && code !== '320000'))
      expect([c.id, c.regions]).toEqual([c.id, cities.size])
    }
  }, 60_000)

  it('flags a year whose index covers too few dimensions and names the latest year that has enough (2025)', async () => {
    const db = await bundledStore()
    const r = await cli(['--db', db, 'evaluate', '--year', '2025', '--draws', '20', '--json'])
    expect(r.code, r.err).toBe(0)
    const ev = JSON.parse(r.out) as EvaluationReply
    expect(ev.indicators.map((i) => i.id)).toEqual(['resident_pop', 'gdp'])
    expect(ev.adequacy).toEqual({ covered: 1, total: 5, minDimensions: 3, adequate: false })
    expect(ev.latestAdequateYear).toBe(2024)
    const text = await cli(['--db', db, 'evaluate', '--year', '2025', '--draws', '20'])
    expect(text.out).toContain('本年指数只覆盖 1 个维度（至少需要 3 个）')
    expect(text.out).toContain('数据足够的最近年份为 2024 年')
    expect(text.out).toContain('极差（最小–最大）标准化、等权重、加权算术平均合成')
    expect(text.out).not.toMatch(/minmax 标准化|equal 权重/)
  }, 60_000)
})

describe('evaluation errors over HTTP', () => {
  it('answers a year without any usable indicator with a message in both languages naming the latest year with data', async () => {
    const s = await testServer({ kind: 'sqlite', file: tempDb() }, { data: true })
    try {
      // 2028: no city has a figure for 2026–2028 (the two-year lookback), so no indicator passes the screen.
      for (const [lang, text] of [
        ['zh-CN', /2028 年没有足够的数据进行综合评价（没有一个指标有至少 8 个地区的数据）；数据足够的最近年份为 2024 年/],
        ['en', /Not enough data for a composite evaluation in 2028 \(no indicator has data for at least 8 regions\); the latest year with enough data is 2024/],
      ] as const) {
        const r = await s.app.inject({ method: 'GET', url: '/api/evaluation?year=2028', headers: { 'accept-language': lang } })
        expect(r.statusCode, r.body).toBe(422)
        const body = r.json<{ error: { code: string; message: string; messageEn: string; details: Record<string, unknown> } }>()
        expect(body.error.code).toBe('evaluation.no_data')
        expect(body.error.message).toMatch(text)
        expect(body.error.details.latest).toBe(2024)
        expect(body.error.messageEn).toContain('the latest year with enough data is 2024')
      }
      const ok = await s.app.inject({ method: 'GET', url: '/api/evaluation?year=2025' })
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json<EvaluationReply>().adequacy.adequate).toBe(false)
    } finally {
      await s.close()
    }
  }, 120_000)
})
