/**
 * Ranking under uncertainty. References: the dominance property (a region best on every indicator must rank first
 * in every draw, whatever the choices), exact first-order and total indices by full enumeration of a discrete
 * design (against which the pick-freeze Monte Carlo estimates are checked), and reproducibility under a seed.
 * Data: the Jiangsu fixture matrix of test/fixtures/evaluation/reference.json (`python3
 * scripts/evaluation-fixtures.py`, python 3.11.7, numpy 2.4.6, scipy 1.17.1).
 */
import { describe, expect, it } from 'vitest'

import { reference } from '../../../test/fixtures/evaluation/reference.js'
import { mulberry32 } from '../../forecasting/index.js'
import {
  compositeIndex,
  rankUncertainty,
  type AggregationSpec,
  type CompositeConfig,
  type Direction,
  type NormalisationSpec,
  type UncertaintyInput,
  type WeightingSpec,
} from './index.js'

const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}

const normalisations: NormalisationSpec[] = [{ method: 'minmax' }, { method: 'zscore' }, { method: 'rank' }]
const weightings: WeightingSpec[] = [{ method: 'equal' }, { method: 'entropy' }, { method: 'critic' }]
const aggregations: AggregationSpec[] = [{ method: 'arithmetic' }, { method: 'geometric' }, { method: 'topsis' }, { method: 'topsis', normalisation: 'minmax' }]
const base: CompositeConfig = {
  normalisation: { method: 'minmax' },
  weighting: { method: 'entropy' },
  aggregation: { method: 'arithmetic' },
}
const jiangsu = reference.matrices.jiangsu

const input = (over: Partial<UncertaintyInput> = {}): UncertaintyInput => ({
  matrix: jiangsu.values,
  directions: jiangsu.directions,
  base,
  alternatives: { normalisation: normalisations, weighting: weightings, aggregation: aggregations },
  weightNoise: 0.25,
  draws: 400,
  rng: mulberry32(2025),
  ...over,
})

describe('rankUncertainty', () => {
  it('gives identical results for the same seed', () => {
    const a = value(rankUncertainty(input({ rng: mulberry32(7) })))
    const b = value(rankUncertainty(input({ rng: mulberry32(7) })))
    expect(a).toEqual(b)
    const c = value(rankUncertainty(input({ rng: mulberry32(8) })))
    expect(c.regions).not.toEqual(a.regions)
  })

  it('ranks a region that dominates on every indicator first in every draw', () => {
    // region 0 is strictly best on all four indicators (the last one lower-is-better)
    const matrix = [
      [90, 20, 8.0, 20],
      [80, 18, 7.5, 30],
      [85, 12, 6.0, 25],
      [70, 19, 7.0, 35],
      [65, 10, 5.0, 28],
      [75, 15, 7.9, 40],
    ]
    const directions: Direction[] = ['higher', 'higher', 'higher', 'lower']
    const r = value(rankUncertainty(input({ matrix, directions, weightNoise: 0.5, draws: 1000, rng: mulberry32(1) })))
    const top = r.regions[0]
    expect(top).toEqual({ baseRank: 1, medianRank: 1, p05: 1, p95: 1, bestRank: 1, worstRank: 1, meanAbsShift: 0 })
    // and the others do move, so the check is not vacuous
    expect(r.regions.slice(1).some((g) => g.worstRank > g.bestRank)).toBe(true)
  })

  it('gives 90 % intervals that contain the median, inside the best–worst range', () => {
    const r = value(rankUncertainty(input()))
    for (const g of r.regions) {
      expect(g.bestRank).toBeLessThanOrEqual(g.p05)
      expect(g.p05).toBeLessThanOrEqual(g.medianRank)
      expect(g.medianRank).toBeLessThanOrEqual(g.p95)
      expect(g.p95).toBeLessThanOrEqual(g.worstRank)
      expect(g.meanAbsShift).toBeGreaterThanOrEqual(0)
    }
  })

  it('takes the base ranking from the base configuration without noise', () => {
    const r = value(rankUncertainty(input()))
    expect(r.baseRanks).toEqual(value(compositeIndex(jiangsu.values, jiangsu.directions, base)).ranks)
  })

  it('draws sample A first, so switching sensitivity off leaves the rank statistics unchanged', () => {
    const on = value(rankUncertainty(input({ rng: mulberry32(3) })))
    const off = value(rankUncertainty(input({ rng: mulberry32(3), sensitivity: false })))
    expect(off.regions).toEqual(on.regions)
    expect(off.sensitivity).toBeNull()
  })

  it('with nothing uncertain, every interval collapses onto the base rank and no index is defined', () => {
    const r = value(
      rankUncertainty(
        input({
          alternatives: { normalisation: [base.normalisation], weighting: [base.weighting], aggregation: [base.aggregation] },
          weightNoise: 0,
          draws: 20,
        }),
      ),
    )
    r.regions.forEach((g, i) => {
      expect(g.p05).toBe(r.baseRanks[i])
      expect(g.p95).toBe(r.baseRanks[i])
      expect(g.meanAbsShift).toBe(0)
    })
    expect(r.sensitivity?.aggregation).toEqual({ firstOrder: null, total: null })
  })

  it('gives a factor that cannot change the ranking indices of exactly 0', () => {
    const r = value(
      rankUncertainty(
        input({
          alternatives: { normalisation: [base.normalisation], weighting: [base.weighting], aggregation: aggregations },
          weightNoise: 0,
        }),
      ),
    )
    expect(r.sensitivity?.normalisation).toEqual({ firstOrder: 0, total: 0 })
    expect(r.sensitivity?.weighting).toEqual({ firstOrder: 0, total: 0 })
    expect(r.sensitivity?.weightNoise).toEqual({ firstOrder: 0, total: 0 })
    // the only factor explains everything (estimated, so ≈)
    expect(r.sensitivity?.aggregation.firstOrder).toBeCloseTo(1, 1)
    expect(r.sensitivity?.aggregation.total).toBeCloseTo(1, 1)
  })

  it('estimates first-order and total indices close to their exact values by full enumeration', () => {
    // Exact: all 3 × 3 × 4 = 36 equally likely configurations (no noise). For region i and factor X,
    // S_X = Var_x(E[R | X = x]) / Var(R) and S_TX = E_{X~}[Var(R | X~)] / Var(R), averaged over regions whose rank
    // varies; the Monte Carlo estimates them with N = 4000 pick-freeze runs.
    const configs: { k: [number, number, number]; ranks: number[] }[] = []
    normalisations.forEach((normalisation, a) =>
      weightings.forEach((weighting, b) =>
        aggregations.forEach((aggregation, c) => {
          const r = value(compositeIndex(jiangsu.values, jiangsu.directions, { normalisation, weighting, aggregation }))
          configs.push({ k: [a, b, c], ranks: r.ranks })
        }),
      ),
    )
    const m = jiangsu.values.length
    const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
    const variance = (xs: number[]): number => {
      const mu = avg(xs)
      return avg(xs.map((x) => (x - mu) ** 2))
    }
    const exact = (f: 0 | 1 | 2): { first: number; total: number } => {
      const firsts: number[] = []
      const totals: number[] = []
      for (let i = 0; i < m; i++) {
        const all = configs.map((c) => c.ranks[i] ?? NaN)
        const v = variance(all)
        if (v === 0) continue
        const levels = [...new Set(configs.map((c) => c.k[f]))]
        const condMeans = levels.map((l) => avg(configs.filter((c) => c.k[f] === l).map((c) => c.ranks[i] ?? NaN)))
        firsts.push(variance(condMeans) / v)
        const others = [...new Set(configs.map((c) => c.k.filter((_, t) => t !== f).join()))]
        const condVars = others.map((o) => variance(configs.filter((c) => c.k.filter((_, t) => t !== f).join() === o).map((c) => c.ranks[i] ?? NaN)))
        totals.push(avg(condVars) / v)
      }
      return { first: avg(firsts), total: avg(totals) }
    }
    const r = value(rankUncertainty(input({ weightNoise: 0, draws: 4000, rng: mulberry32(11) })))
    const s = r.sensitivity
    if (s === null) throw new Error('no sensitivity')
    const pairs = [
      [s.normalisation, exact(0)],
      [s.weighting, exact(1)],
      [s.aggregation, exact(2)],
    ] as const
    for (const [estimated, truth] of pairs) {
      expect(Math.abs((estimated.firstOrder ?? NaN) - truth.first)).toBeLessThan(0.05)
      expect(Math.abs((estimated.total ?? NaN) - truth.total)).toBeLessThan(0.05)
    }
    expect(s.weightNoise).toEqual({ firstOrder: 0, total: 0 })
  })

  it('rejects bad draws, bad noise, an empty list of alternatives and a choice that fails', () => {
    expect(rankUncertainty(input({ draws: 1 }))).toEqual({ ok: false, error: { code: 'bad_draws', draws: 1 } })
    expect(rankUncertainty(input({ weightNoise: 1 }))).toEqual({ ok: false, error: { code: 'bad_noise', weightNoise: 1 } })
    expect(rankUncertainty(input({ alternatives: { normalisation: [], weighting: weightings, aggregation: aggregations } }))).toEqual({
      ok: false,
      error: { code: 'no_alternatives', factor: 'normalisation' },
    })
    expect(
      rankUncertainty(
        input({
          alternatives: {
            normalisation: normalisations,
            weighting: [{ method: 'expert', weights: [1] }],
            aggregation: aggregations,
          },
        }),
      ),
    ).toMatchObject({ ok: false, error: { code: 'choice_failed', factor: 'weighting', index: 0 } })
  })
})
