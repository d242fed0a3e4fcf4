/**
 * Coupling coordination degree against independent references.
 * Fixture: test/fixtures/evaluation/reference.json, produced by `python3 scripts/evaluation-fixtures.py`
 * (python 3.11.7, numpy 2.4.6, scipy 1.17.1), matched to 1e-9.
 * Wang, Kong, Ren, Zhi & Dai (2021), 自然资源学报 36(3): 793–810, Table 8 (jnr.ac.cn, table T7 of the article):
 * classic and adjusted C for 13 Beijing–Tianjin–Hebei cities; the subsystem scores behind them are not in that
 * table, so it is used as a consistency check (see the last describe block).
 */
import { describe, expect, it } from 'vitest'

import { expectClose, reference } from '../../../test/fixtures/evaluation/reference.js'
import { adjustedCouplingDegree, COORDINATION_BANDS, coordinationBand, couplingCoordination, couplingDegree, couplingDegreeTwo } from './index.js'

const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}

describe('fixture cases', () => {
  it.each(reference.coupling.map((c) => [c.u.join(', '), c] as const))('U = (%s)', (_label, c) => {
    const options = c.weights === undefined ? {} : { weights: c.weights }
    const classic = value(couplingCoordination(c.u, options))
    expectClose(classic.c, c.c)
    expectClose(classic.t, c.t)
    expectClose(classic.d, c.d)
    const adjusted = value(couplingCoordination(c.u, { ...options, model: 'adjusted' }))
    expectClose(adjusted.c, c.cAdjusted)
    expectClose(adjusted.d, c.dAdjusted)
    if (c.cTwo !== undefined) {
      const [u1, u2] = c.u
      expectClose(value(couplingDegreeTwo(u1 ?? NaN, u2 ?? NaN)), c.cTwo)
      expectClose(value(couplingDegree(c.u)), c.cTwo)
    }
  })
})

describe('hand-worked cases', () => {
  it('U = (0.5, 0.8), equal weights', () => {
    // C = 2√(0.5·0.8)/1.3 = 2·0.632456/1.3 = 0.973009;  T = 0.65;  D = √(0.973009·0.65) = √0.632456 = 0.795271
    // (for two subsystems with equal weights C·T = √(U1U2), so D = (U1U2)^¼ = 0.4^¼)
    // band: 0.7 ≤ D < 0.8 → 中级协调
    // adjusted: [1 − |0.5 − 0.8|/1] · (0.5/0.8 · 0.8/0.8)^(1/1) = 0.7 · 0.625 = 0.4375, C = 0.661438;
    //           D = √(0.661438·0.65) = 0.655694 → 初级协调
    const r = value(couplingCoordination([0.5, 0.8]))
    expect(r.c).toBeCloseTo(0.973009, 6)
    expect(r.t).toBeCloseTo(0.65, 12)
    expect(r.d).toBeCloseTo(0.4 ** 0.25, 12)
    expect(r.band.zh).toBe('中级协调')
    const a = value(couplingCoordination([0.5, 0.8], { model: 'adjusted' }))
    expect(a.c).toBeCloseTo(Math.sqrt(0.4375), 12)
    expect(a.d).toBeCloseTo(0.655694, 6)
    expect(a.band.zh).toBe('初级协调')
  })

  it('equal subsystems are fully coupled in both models: C = 1', () => {
    expect(value(couplingDegree([0.4, 0.4, 0.4]))).toBeCloseTo(1, 12)
    expect(value(adjustedCouplingDegree([0.4, 0.4, 0.4]))).toBeCloseTo(1, 12)
  })

  it('the adjusted C spreads out what the classic C bunches near 1', () => {
    // U = (0.6, 0.8): classic 0.9897, adjusted √(0.8·0.75) = 0.7746
    expect(value(couplingDegree([0.6, 0.8]))).toBeCloseTo(0.98974, 5)
    expect(value(adjustedCouplingDegree([0.6, 0.8]))).toBeCloseTo(Math.sqrt(0.6), 12)
  })

  it('rejects fewer than two subsystems, scores outside [0, 1] and all-zero scores', () => {
    expect(couplingDegree([0.5])).toEqual({ ok: false, error: { code: 'too_few_subsystems', n: 1, required: 2 } })
    expect(couplingDegree([0.5, 1.2])).toEqual({ ok: false, error: { code: 'out_of_range', index: 1, value: 1.2 } })
    expect(couplingDegree([0, 0])).toEqual({ ok: false, error: { code: 'all_zero' } })
    expect(adjustedCouplingDegree([0, 0])).toEqual({ ok: false, error: { code: 'all_zero' } })
    expect(couplingCoordination([0.5, 0.5], { weights: [1] })).toMatchObject({ ok: false, error: { code: 'weight_count' } })
  })
})

describe('bands of D', () => {
  it('lists the ten bands in order with their Chinese names', () => {
    expect(COORDINATION_BANDS.map((b) => b.zh)).toEqual(['极度失调', '严重失调', '中度失调', '轻度失调', '濒临失调', '勉强协调', '初级协调', '中级协调', '良好协调', '优质协调'])
  })

  it('closes intervals below by default: 0 → 极度失调, 0.3 → 轻度失调, 0.99 and 1 → 优质协调', () => {
    const zh = (d: number): string => value(coordinationBand(d)).zh
    expect(zh(0)).toBe('极度失调')
    expect(zh(0.3)).toBe('轻度失调')
    expect(zh(0.1 + 0.2)).toBe('轻度失调') // 0.30000000000000004
    expect(zh(0.29999999999999993)).toBe('轻度失调')
    expect(zh(0.5999)).toBe('勉强协调')
    expect(zh(0.99)).toBe('优质协调')
    expect(zh(1)).toBe('优质协调')
  })

  it("closes intervals above when asked (D = 0.3 → 中度失调), as some papers' tables do", () => {
    const zh = (d: number): string => value(coordinationBand(d, { closed: 'upper' })).zh
    expect(zh(0)).toBe('极度失调')
    expect(zh(0.1)).toBe('极度失调')
    expect(zh(0.3)).toBe('中度失调')
    expect(zh(0.3000001)).toBe('轻度失调')
    expect(zh(1)).toBe('优质协调')
  })

  it('rejects D outside [0, 1]', () => {
    expect(coordinationBand(1.01)).toMatchObject({ ok: false, error: { code: 'out_of_range' } })
    expect(coordinationBand(NaN)).toMatchObject({ ok: false, error: { code: 'out_of_range' } })
  })
})

describe('consistency with Wang et al. (2021) Table 8, 2008 row', () => {
  // Each city's published pair (classic C, adjusted C) for two subsystems fixes r = Umin/Umax from the classic C
  // (C = 2√r/(1 + r)) and then the gap Umax − Umin from the adjusted C (C'² = (1 − gap)·r). A weak check: it shows
  // every published pair is attainable with scores in [0, 1] under the formula implemented here (they come out
  // between 0.05 and 0.5, as entropy-weighted subsystem scores do). Some misreadings fail it: without the outer
  // square root, Beijing's C' = 0.9404 > r = 0.9104 would need a negative gap.
  const classic = [0.9989, 0.9935, 0.8868, 0.9073, 0.6821, 0.8328, 0.6816, 0.7789, 0.6871, 0.6101, 0.8017, 0.7867, 0.7191]
  const adjusted = [0.9404, 0.866, 0.544, 0.5769, 0.3006, 0.478, 0.3344, 0.4171, 0.3278, 0.27, 0.4374, 0.4196, 0.3738]

  it.each(classic.map((c, i) => [i, c, adjusted[i] ?? NaN] as const))('city %i', (_i, c, a) => {
    const s = (1 - Math.sqrt(1 - c * c)) / c
    const r = s * s
    const gap = 1 - (a * a) / r
    const uMax = gap / (1 - r)
    const uMin = r * uMax
    expect(uMin).toBeGreaterThan(0)
    expect(uMax).toBeGreaterThan(uMin)
    expect(uMax).toBeLessThanOrEqual(1)
    expectClose(value(couplingDegree([uMin, uMax])), c, 1e-9)
    expectClose(value(adjustedCouplingDegree([uMin, uMax])), a, 1e-9)
  })
})
