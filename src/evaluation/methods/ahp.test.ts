/**
 * AHP against numpy.linalg.eig (an algorithm other than the power iteration under test) and against Saaty's
 * published results.
 * Fixture: test/fixtures/evaluation/reference.json, produced by `python3 scripts/evaluation-fixtures.py`
 * (python 3.11.7, numpy 2.4.6, scipy 1.17.1). Weights and λmax are matched to 1e-9 (iterative, stopped at 1e-12).
 * Published: Saaty (1990), "How to make a decision: the analytic hierarchy process", EJOR 48: 9–26 — the relative
 * wealth of nations matrix (after Saaty & Khouja 1976; λmax = 7.61, priorities to 3 decimals) and the house-buying
 * matrix (λmax = 9.669, CI = 0.238, CR = 0.169 > 0.1). The matrices were typed in from that paper; numpy
 * reproducing the printed priority vectors to 3 decimals is the check that they were typed correctly.
 */
import { describe, expect, it } from 'vitest'

import { expectClose, reference } from '../../../test/fixtures/evaluation/reference.js'
import { ahpWeights, SAATY_RANDOM_INDEX } from './index.js'

describe('Saaty (1990) wealth of nations: consistent', () => {
  const ref = reference.ahp.wealth
  const r = ahpWeights(ref.matrix)

  it('is accepted and matches numpy eig', () => {
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expectClose(r.value.weights, ref.weights, 1e-9)
    expectClose(r.value.lambdaMax, ref.lambdaMax, 1e-9)
    expectClose(r.value.ci, ref.ci, 1e-9)
    expectClose(r.value.cr, ref.cr, 1e-9)
    expect(r.value.ri).toBe(1.32)
  })

  it('reproduces the published priorities and λmax', () => {
    if (!r.ok) throw new Error('rejected')
    r.value.weights.forEach((w, i) => expect(w).toBeCloseTo(ref.published.weights[i] ?? NaN, 3))
    expect(r.value.lambdaMax).toBeCloseTo(ref.published.lambdaMax, 2)
    expect(r.value.cr).toBeLessThan(0.1)
  })
})

describe('Saaty (1990) house example: inconsistent', () => {
  const ref = reference.ahp.house

  it('is rejected with CR > 0.1, carrying CR, CI, λmax and the weights', () => {
    const r = ahpWeights(ref.matrix)
    expect(r.ok).toBe(false)
    if (r.ok || r.error.code !== 'inconsistent') throw new Error('expected inconsistent')
    expectClose(r.error.cr, ref.cr, 1e-9)
    expect(r.error.maxCr).toBe(0.1)
    expect(r.error.cr).toBeCloseTo(ref.published.cr ?? NaN, 3)
    expect(r.error.ci).toBeCloseTo(ref.published.ci ?? NaN, 3)
    expect(r.error.lambdaMax).toBeCloseTo(ref.published.lambdaMax, 3)
    r.error.weights.forEach((w, i) => expect(w).toBeCloseTo(ref.published.weights[i] ?? NaN, 3))
  })

  it('is accepted when the caller raises maxCr, and matches numpy eig', () => {
    const r = ahpWeights(ref.matrix, { maxCr: Infinity })
    if (!r.ok) throw new Error('rejected')
    expectClose(r.value.weights, ref.weights, 1e-9)
    expectClose(r.value.lambdaMax, ref.lambdaMax, 1e-9)
  })
})

describe('hand-worked cases', () => {
  it('a perfectly consistent matrix a_ij = w_i/w_j returns w, λmax = n, CR = 0', () => {
    const w = [0.5, 0.3, 0.2]
    const a = w.map((wi) => w.map((wj) => wi / wj))
    const r = ahpWeights(a)
    if (!r.ok) throw new Error('rejected')
    expectClose(r.value.weights, w, 1e-12)
    expectClose(r.value.lambdaMax, 3, 1e-12)
    expect(Math.abs(r.value.cr)).toBeLessThan(1e-12)
  })

  it('n = 1 and n = 2 are always consistent (RI = 0, CR defined as 0)', () => {
    expect(ahpWeights([[1]])).toMatchObject({ ok: true, value: { weights: [1], cr: 0, ci: 0 } })
    const two = ahpWeights([
      [1, 3],
      [1 / 3, 1],
    ])
    if (!two.ok) throw new Error('rejected')
    expectClose(two.value.weights, [0.75, 0.25], 1e-12)
    expectClose(two.value.lambdaMax, 2, 1e-12)
    expect(two.value.cr).toBe(0)
  })

  it('rejects a non-reciprocal, non-positive, non-square or too large matrix', () => {
    expect(
      ahpWeights([
        [1, 3],
        [0.33, 1],
      ]),
    ).toMatchObject({ ok: false, error: { code: 'not_reciprocal', row: 0, column: 1 } })
    expect(
      ahpWeights([
        [1, 0],
        [0, 1],
      ]),
    ).toMatchObject({ ok: false, error: { code: 'not_positive', row: 0, column: 1 } })
    expect(ahpWeights([[2]])).toMatchObject({ ok: false, error: { code: 'not_reciprocal', row: 0, column: 0 } })
    expect(ahpWeights([[1, 2]])).toMatchObject({ ok: false, error: { code: 'not_square' } })
    expect(ahpWeights([])).toEqual({ ok: false, error: { code: 'empty' } })
    const big = Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => 1))
    expect(ahpWeights(big)).toEqual({ ok: false, error: { code: 'too_large', n: 16, max: 15 } })
  })

  it("uses Saaty's RI for n = 1 … 15", () => {
    expect(SAATY_RANDOM_INDEX).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59])
  })
})
