/**
 * The evaluation's method settings: the geometric mean's declared rescale range, TOPSIS and `--normalisation`, and
 * the reply's `method` block saying what ran.
 * Fixture: test/fixtures/evaluation/geometric-rescale.json, written by
 * `python3 test/fixtures/evaluation/geometric-rescale.py` (python 3.11.7, numpy 2.4.6): min–max, rescale onto
 * [l, u] and the weighted geometric mean re-written in numpy, never computed by the code under test.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { buildMatrix, evaluate, parseFramework, type Framework } from '../../src/evaluation/index.js'
import { compositeIndex, topsis, type Direction } from '../../src/evaluation/methods/index.js'
import { evaluationReply } from '../../src/contract/index.js'
import { cli } from '../helpers/cli.js'
import { engineOf } from '../helpers/dense.js'
import { jiangsuIndicators, jiangsuRegions, points } from '../helpers/domain.js'
import { bundledStore } from '../helpers/templates.js'

const ref = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/evaluation/geometric-rescale.json'), 'utf8')) as {
  values: number[][]
  directions: Direction[]
  weights: number[]
  geometric_1_2: number[]
  geometric_1_100: number[]
  ranks_1_2: number[]
  ranks_1_100: number[]
}

const FRAMEWORK_FILE = resolve(__dirname, '../../frameworks/jiangsu-cities.yaml')
const frameworkText = readFileSync(FRAMEWORK_FILE, 'utf8')

function parse(text: string): Framework {
  const r = parseFramework(text, 'f.yaml')
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

const geometric = (rescale?: readonly [number, number]) => {
  const r = compositeIndex(ref.values, ref.directions, {
    normalisation: { method: 'minmax' },
    weighting: { method: 'expert', weights: ref.weights },
    aggregation: rescale ? { method: 'geometric', rescale } : { method: 'geometric' },
  })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('geometric aggregation with a declared rescale range (numpy fixture)', () => {
  it('matches numpy on [1, 2] and on [1, 100], scores and ranks', () => {
    const a = geometric([1, 2])
    const b = geometric([1, 100])
    a.scores.forEach((s, i) => expect(s).toBeCloseTo(ref.geometric_1_2[i] ?? NaN, 10))
    b.scores.forEach((s, i) => expect(s).toBeCloseTo(ref.geometric_1_100[i] ?? NaN, 10))
    expect(a.ranks).toEqual(ref.ranks_1_2)
    expect(b.ranks).toEqual(ref.ranks_1_100)
  })

  it('the range changes the ranking: [1, 2] keeps the unbalanced cities on top, [1, 100] demotes them', () => {
    // cities 7–13 (index 6–12) are the weakest on one indicator; the balanced 1–6 rise under [1, 100]
    expect(ref.ranks_1_2).not.toEqual(ref.ranks_1_100)
    expect(Math.max(...geometric([1, 2]).ranks.slice(6))).toBeLessThanOrEqual(7)
    expect(Math.max(...geometric([1, 100]).ranks.slice(0, 6))).toBe(6)
  })

  it('defaults to [1, 100], as COINr', () => {
    expect(geometric().scores).toEqual(geometric([1, 100]).scores)
  })

  it('hand check: min–max (0, ½, 1) → 1 + 99·x on [1, 100], 1 + x on [1, 2]; then the equal-weight √(a·b)', () => {
    // columns (0, 1, 2) and (0, 2, 1) → min–max (0, ½, 1) and (0, 1, ½)
    // [1, 100]: (1, 50.5, 100) and (1, 100, 50.5) → √1 = 1, √(50.5·100) = √5050 = 71.06335201775947 (both others)
    // [1, 2]:   (1, 1.5, 2) and (1, 2, 1.5)       → 1, √3 = 1.7320508075688772
    const run = (rescale: readonly [number, number]) =>
      compositeIndex(
        [
          [0, 0],
          [1, 2],
          [2, 1],
        ],
        ['higher', 'higher'],
        { normalisation: { method: 'minmax' }, weighting: { method: 'equal' }, aggregation: { method: 'geometric', rescale } },
      )
    const wide = run([1, 100])
    const narrow = run([1, 2])
    if (!wide.ok || !narrow.ok) throw new Error('geometric')
    ;[1, 71.06335201775947, 71.06335201775947].forEach((x, i) => expect(wide.value.scores[i]).toBeCloseTo(x, 12))
    ;[1, 1.7320508075688772, 1.7320508075688772].forEach((x, i) => expect(narrow.value.scores[i]).toBeCloseTo(x, 12))
  })

  it('refuses a range that is not 0 < lower < upper', () => {
    for (const rescale of [
      [0, 10],
      [5, 5],
      [10, 1],
    ] as const)
      expect(
        compositeIndex(ref.values, ref.directions, {
          normalisation: { method: 'minmax' },
          weighting: { method: 'equal' },
          aggregation: { method: 'geometric', rescale },
        }),
      ).toMatchObject({ ok: false, error: { code: 'bad_rescale', lower: rescale[0], upper: rescale[1] } })
  })
})

describe('the framework file declares the range', () => {
  it('arithmetic by default, rescale [1, 100]; the object form sets it', () => {
    expect(parse(frameworkText).aggregation).toEqual({ method: 'arithmetic', rescale: [1, 100] })
    const f = parse(frameworkText.replace('aggregation: arithmetic', 'aggregation: { method: geometric, rescale: [1, 2] }'))
    expect(f.aggregation).toEqual({ method: 'geometric', rescale: [1, 2] })
  })

  it('rejects a bad range, and TOPSIS with a normalisation it does not use, naming the field', () => {
    for (const range of ['[0, 100]', '[100, 1]', '[-1, 2]']) {
      const r = parseFramework(frameworkText.replace('aggregation: arithmetic', `aggregation: { method: geometric, rescale: ${range} }`), 'f.yaml')
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error[0]).toMatchObject({ code: 'framework.invalid', params: { path: 'aggregation.rescale', rule: 'rescale_range' } })
    }
    const t = parseFramework(frameworkText.replace('aggregation: arithmetic', 'aggregation: topsis').replace('normalisation: minmax', 'normalisation: zscore'), 'f.yaml')
    expect(t.ok).toBe(false)
    if (!t.ok) expect(t.error[0]).toMatchObject({ code: 'framework.invalid', params: { path: 'normalisation', rule: 'topsis_normalisation' } })
  })
})

describe("the reply's method block says what ran", () => {
  const framework = parse(frameworkText)
  const cities = ['320100', '320200', '320300', '320400', '320500', '320600', '320700', '320800', '320900', '321000', '321100', '321200', '321300']
  const rows = cities.flatMap((c, i) => {
    const v = (base: number, step: number) => base + step * ((i * 5 + 3) % 13)
    const w = (base: number, step: number) => base + step * ((i * 7 + 2) % 13)
    return [
      ['urbanization_rate', c, 2022, v(60, 2)],
      ['hukou_urbanization_rate', c, 2022, w(55, 2)],
      ['resident_pop', c, 2022, v(300, 50)],
      ['gdp', c, 2022, w(3000, 1000)],
      ['gdp_per_capita', c, 2022, v(70000, 8000)],
      ['good_air_days_share', c, 2022, w(70, 1.5)],
      ['general_budget_revenue_per_capita', c, 2022, v(5000, 800)],
      ['retail_sales_per_capita', c, 2022, w(30000, 3000)],
      ['rural_income', c, 2022, v(22000, 1500)],
      ['income_ratio', c, 2022, w(1.8, 0.05)],
    ] as const
  })
  const data = engineOf(jiangsuIndicators(), jiangsuRegions(), points(rows))
  const f = { ...framework, uncertainty: { ...framework.uncertainty, draws: 50 } }
  const built = buildMatrix(data, f, 2022)
  if (!built.ok) throw new Error('matrix')
  const m = built.value

  it('arithmetic: the rules of the matrix, the weighting level; no rescale', () => {
    const r = evaluate(f, m)
    expect(r.method).toEqual({
      normalisation: 'minmax',
      weighting: 'equal',
      aggregation: 'arithmetic',
      weightsAt: 'dimension',
      dimensionScores: 'minmax',
      lookback: 2,
      minCoverage: 0.6,
      missing: { policy: 'impute', maxMissingShare: 0.34, imputation: 'indicator_mean' },
    })
    expect(r.uncertainty).toMatchObject({
      draws: 50,
      weightNoise: 0.25,
      normalisations: ['minmax', 'zscore', 'rank'],
      // 'configured' is the framework's equal weights: the two entries ran the same weights
      weightings: ['equal', 'equal', 'entropy', 'critic'],
      aggregations: ['arithmetic', 'geometric', 'topsis'],
      rescale: [1, 100],
      topsisNormalisation: 'vector',
    })
    expect(evaluationReply.safeParse({ ...r, matrix: { regions: 13, indicators: 10, notes: 0 }, latestAdequateYear: 2022, yearChoice: 'asked' }).success).toBe(true)
  })

  it('geometric override: the rescale range used; entropy weights are per indicator', () => {
    const r = evaluate(f, m, { aggregation: 'geometric', weighting: 'entropy' })
    expect(r.method).toMatchObject({ aggregation: 'geometric', rescale: [1, 100], weighting: 'entropy', weightsAt: 'indicator' })
    const g2 = evaluate({ ...f, aggregation: { method: 'geometric', rescale: [1, 2] } }, m)
    expect(g2.method.rescale).toEqual([1, 2])
    expect(g2.results.map((x) => x.score)).not.toEqual(evaluate(f, m, { aggregation: 'geometric' }).results.map((x) => x.score))
  })

  it('TOPSIS: reports its own normalisation; --normalisation minmax selects the min–max form; others are refused', () => {
    const directions = m.indicators.map((i) => i.direction)
    const byRegion = (r: ReturnType<typeof evaluate>) => m.regions.map((g) => r.results.find((x) => x.region === g.code)?.score)
    const vector = evaluate(f, m, { aggregation: 'topsis' })
    expect(vector.method.normalisation).toBe('vector')
    const w = m.indicators.map((i) => vector.weights[i.id] ?? NaN)
    const tv = topsis(m.values, directions, w)
    expect(tv.ok && byRegion(vector)).toEqual(tv.ok && tv.value.closeness)

    const mm = evaluate(f, m, { aggregation: 'topsis', normalisation: 'minmax' })
    expect(mm.method.normalisation).toBe('minmax')
    const tm = topsis(m.values, directions, w, { normalisation: 'minmax' })
    expect(tm.ok && byRegion(mm)).toEqual(tm.ok && tm.value.closeness)

    for (const normalisation of ['zscore', 'rank', 'target'] as const)
      expect(() => evaluate(f, m, { aggregation: 'topsis', normalisation })).toThrow(/evaluation.topsis_normalisation/)
  })

  it('a missing-data policy without imputation reports none', () => {
    const r = evaluate({ ...f, missing: { policy: 'exclude', maxMissingShare: 0.34, imputation: 'indicator_mean' } }, m)
    expect(r.method.missing).toEqual({ policy: 'exclude' })
  })
})

describe('urbmon evaluate: the combination TOPSIS + z-score is refused in both languages', () => {
  let db: string
  beforeAll(async () => {
    db = await bundledStore()
  })

  it('exits 1 with the code and a message naming the normalisation; geometric --json reports its range', async () => {
    const zh = await cli(['--db', db, 'evaluate', '--method', 'topsis', '--normalisation', 'zscore'])
    expect(zh.code).toBe(1)
    expect(zh.err).toContain('[evaluation.topsis_normalisation]')
    expect(zh.err).toContain('TOPSIS 不能使用 zscore 标准化')
    const en = await cli(['--db', db, '--lang', 'en', 'evaluate', '--method', 'topsis', '--normalisation', 'zscore'])
    expect(en.err).toContain('TOPSIS cannot use zscore normalisation')
    const g = await cli(['--db', db, 'evaluate', '--method', 'geometric', '--draws', '20', '--json'])
    expect(g.code, g.err).toBe(0)
    expect((JSON.parse(g.out) as { method: { rescale: number[] } }).method.rescale).toEqual([1, 100])
  })
})
