/**
 * Weighted arithmetic and geometric means and TOPSIS against independent references.
 * Fixture: test/fixtures/evaluation/reference.json, produced by `python3 scripts/evaluation-fixtures.py`
 * (python 3.11.7, numpy 2.4.6, scipy 1.17.1), matched to 1e-9. Weights (0.3, 0.25, 0.25, 0.2) on the Jiangsu matrix.
 * Ported vector: pymcdm (github.com/kotbaton/pymcdm, test/test_mcdm.py TestTOPSIS, after Opricovic & Tzeng 2004,
 * EJOR 156: 445–455), published to 3 decimals, with pymcdm's default min–max normalisation.
 */
import { describe, expect, it } from 'vitest'

import { expectClose, reference } from '../../../test/fixtures/evaluation/reference.js'
import { distanceToTarget, minMax, rescaleColumns, topsis, weightedArithmetic, weightedGeometric } from './index.js'

const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}

const input = reference.matrices.jiangsu
const ref = reference.aggregate
const w = ref.weights

describe('Jiangsu fixture', () => {
  it('weighted arithmetic mean of the min–max matrix matches numpy', () => {
    expectClose(value(weightedArithmetic(value(minMax(input.values, input.directions)), w)), ref.arithmeticMinmax)
  })

  it('weighted geometric mean of the (positive) ratio distance-to-target matrix matches numpy', () => {
    const ratio = value(distanceToTarget(input.values, input.directions, input.targets, { form: 'ratio' }))
    expectClose(value(weightedGeometric(ratio, w)), ref.geometricRatio)
  })

  it('weighted geometric mean of the min–max matrix rescaled to [1, 2] (numpy: shifted to a minimum of 1) matches numpy', () => {
    // every min–max column spans [0, 1], so the rescale to [1, 2] is numpy's x − min + 1
    const shifted = value(rescaleColumns(value(minMax(input.values, input.directions)), [1, 2]))
    expectClose(value(weightedGeometric(shifted, w)), ref.geometricShiftedMinmax)
  })

  it('TOPSIS with vector normalisation (default) matches numpy', () => {
    const t = value(topsis(input.values, input.directions, w))
    expectClose(t.closeness, ref.topsisVector.closeness)
    expectClose(t.dPlus, ref.topsisVector.dPlus)
    expectClose(t.dMinus, ref.topsisVector.dMinus)
    expectClose(t.ideal, ref.topsisVector.ideal)
    expectClose(t.antiIdeal, ref.topsisVector.antiIdeal)
  })

  it('TOPSIS with min–max normalisation matches numpy', () => {
    const t = value(topsis(input.values, input.directions, w, { normalisation: 'minmax' }))
    expectClose(t.closeness, ref.topsisMinmax.closeness)
    expectClose(t.dPlus, ref.topsisMinmax.dPlus)
    expectClose(t.dMinus, ref.topsisMinmax.dMinus)
  })
})

describe('pymcdm published vector', () => {
  it('TOPSIS (min–max) on [[1, 3000], [2, 3750], [5, 4500]], w = (½, ½), first a cost → (0.500, 0.617, 0.500)', () => {
    const t = value(
      topsis(
        [
          [1, 3000],
          [2, 3750],
          [5, 4500],
        ],
        ['lower', 'higher'],
        [0.5, 0.5],
        { normalisation: 'minmax' },
      ),
    )
    ;[0.5, 0.617, 0.5].forEach((c, i) => expect(t.closeness[i]).toBeCloseTo(c, 3))
  })
})

describe('hand-worked cases', () => {
  it('arithmetic: rows (0, 1) and (1, 0) with w = (3, 1) → scaled to (¾, ¼) → (¼, ¾)', () => {
    expect(
      value(
        weightedArithmetic(
          [
            [0, 1],
            [1, 0],
          ],
          [3, 1],
        ),
      ),
    ).toEqual([0.25, 0.75])
  })

  it('geometric: 4^½ · 1^½ = 2; a value ≤ 0 is an error, not a silent shift', () => {
    expectClose(value(weightedGeometric([[4, 1]], [1, 1])), [2], 1e-15)
    expect(weightedGeometric([[4, 0]], [1, 1])).toEqual({
      ok: false,
      error: { code: 'non_positive', row: 0, column: 1, value: 0 },
    })
  })

  it('TOPSIS: a region best on every indicator is the ideal (C = 1); the worst is the anti-ideal (C = 0)', () => {
    // columns: higher, lower
    const t = value(
      topsis(
        [
          [9, 1],
          [5, 5],
          [1, 9],
        ],
        ['higher', 'lower'],
        [1, 1],
      ),
    )
    expect(t.closeness[0]).toBe(1)
    expect(t.closeness[2]).toBe(0)
    // by symmetry the middle region is equidistant: C = ½
    expectClose(t.closeness[1], 0.5, 1e-12)
  })

  it('TOPSIS: identical regions have no ideal to move towards', () => {
    expect(
      topsis(
        [
          [1, 2],
          [1, 2],
        ],
        ['higher', 'lower'],
        [1, 1],
      ),
    ).toEqual({ ok: false, error: { code: 'all_equal' } })
    expect(
      topsis(
        [
          [0, 2],
          [0, 3],
        ],
        ['higher', 'lower'],
        [1, 1],
      ),
    ).toEqual({ ok: false, error: { code: 'zero_norm', column: 0 } })
  })

  it('rejects a wrong number of weights, negative, non-finite or all-zero weights', () => {
    expect(weightedArithmetic([[1, 2]], [1])).toEqual({ ok: false, error: { code: 'weight_count', weights: 1, expected: 2 } })
    expect(weightedArithmetic([[1, 2]], [1, -1])).toMatchObject({ ok: false, error: { code: 'negative_weight' } })
    expect(weightedArithmetic([[1, 2]], [1, NaN])).toMatchObject({ ok: false, error: { code: 'not_finite_weight' } })
    expect(weightedArithmetic([[1, 2]], [0, 0])).toEqual({ ok: false, error: { code: 'zero_total' } })
  })
})
