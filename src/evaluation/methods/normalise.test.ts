/**
 * Normalisation against independent references.
 * Fixture: test/fixtures/evaluation/reference.json, produced by `python3 scripts/evaluation-fixtures.py`
 * (python 3.11.7, numpy 2.4.6, scipy 1.17.1; ranks by scipy.stats.rankdata(method='average')), matched to 1e-9.
 * Ported vectors: pymcdm (github.com/kotbaton/pymcdm, test/test_normalizations.py, TestMinmaxNormalization and the
 * profit column of TestVectorNormalization), published rounded to 8 decimals.
 */
import { describe, expect, it } from 'vitest'

import { expectClose, reference } from '../../../test/fixtures/evaluation/reference.js'
import { distanceToTarget, minMax, normalise, rankNormalise, vectorNormalise, zScore, type Direction } from './index.js'

const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}

describe.each(['jiangsu', 'synthetic'] as const)('fixture matrix %s', (name) => {
  const input = reference.matrices[name]
  const expected = reference[name].normalise
  const x = input.values
  const d = input.directions

  it('min–max matches numpy', () => expectClose(value(minMax(x, d)), expected.minmax))
  it('sample z-score matches numpy ddof=1', () => expectClose(value(zScore(x, d)), expected.zscoreSample))
  it('population z-score matches numpy ddof=0', () => expectClose(value(zScore(x, d, { sd: 'population' })), expected.zscorePopulation))
  it('average ranks match scipy rankdata', () => {
    expectClose(value(rankNormalise(x, d, { scale: 'raw' })), expected.rankRaw)
    expectClose(value(rankNormalise(x, d)), expected.rankUnit)
  })
  it('vector normalisation matches numpy', () => expectClose(value(vectorNormalise(x)), expected.vector))
  it('distance to target (COINr form) matches, capped and uncapped', () => {
    expectClose(value(distanceToTarget(x, d, input.targets)), expected.dist2targCoinrCapped)
    expectClose(value(distanceToTarget(x, d, input.targets, { capMax: false })), expected.dist2targCoinrUncapped)
  })
  it('distance to target (ratio form) matches', () => expectClose(value(distanceToTarget(x, d, input.targets, { form: 'ratio' })), expected.dist2targRatio))
})

describe('pymcdm published vectors', () => {
  const matrix = [
    [66, 56, 95],
    [61, 55, 166],
    [65, 49, 113],
    [95, 56, 99],
    [63, 43, 178],
    [74, 59, 140],
  ]
  const types: Direction[] = ['lower', 'lower', 'higher']

  it('min–max with cost columns inverted equals pymcdm minmax_normalization', () => {
    const out = [0.85294118, 0.1875, 0.0, 1.0, 0.25, 0.85542169, 0.88235294, 0.625, 0.21686747, 0.0, 0.1875, 0.04819277, 0.94117647, 1.0, 1.0, 0.61764706, 0.0, 0.54216867]
    value(minMax(matrix, types))
      .flat()
      .forEach((v, i) => expect(v).toBeCloseTo(out[i] ?? NaN, 8))
  })

  it('vector normalisation of a profit column equals pymcdm vector_normalization', () => {
    // pymcdm writes cost columns as 1 − x/‖x‖; TOPSIS here handles direction at the ideal, so only the profit
    // column is comparable
    const out = [0.28587109, 0.49952212, 0.34003614, 0.29790777, 0.53563215, 0.42128371]
    value(vectorNormalise(matrix)).forEach((row, i) => expect(row[2]).toBeCloseTo(out[i] ?? NaN, 8))
  })
})

describe('hand-worked cases', () => {
  it('min–max: higher (2, 4, 6) → (0, ½, 1); lower → (1, ½, 0)', () => {
    expect(
      value(
        minMax(
          [
            [2, 2],
            [4, 4],
            [6, 6],
          ],
          ['higher', 'lower'],
        ),
      ),
    ).toEqual([
      [0, 1],
      [0.5, 0.5],
      [1, 0],
    ])
  })

  it('min–max gives a constant column 1, or the value asked for', () => {
    expect(value(minMax([[5], [5]], ['higher']))).toEqual([[1], [1]])
    expect(value(minMax([[5], [5]], ['lower'], { constantValue: 0.5 }))).toEqual([[0.5], [0.5]])
  })

  it('z-score flips the sign for lower-is-better: (1, 2, 3) sample sd 1 → (1, 0, −1)', () => {
    expect(value(zScore([[1], [2], [3]], ['lower']))).toEqual([[1], [-0], [-1]])
  })

  it('z-score of a constant column is 0, and one region has no sample sd', () => {
    expect(value(zScore([[3], [3]], ['higher']))).toEqual([[0], [0]])
    expect(zScore([[3]], ['higher'])).toEqual({
      ok: false,
      error: { code: 'too_few_regions', regions: 1, required: 2 },
    })
  })

  it('ranks: ties share the average rank; (10, 20, 20, 30) → raw (1, 2.5, 2.5, 4), unit (0, ½, ½, 1)', () => {
    const x = [[10], [20], [20], [30]]
    expect(value(rankNormalise(x, ['higher'], { scale: 'raw' }))).toEqual([[1], [2.5], [2.5], [4]])
    expect(value(rankNormalise(x, ['higher']))).toEqual([[0], [0.5], [0.5], [1]])
    expect(value(rankNormalise(x, ['lower']))).toEqual([[1], [0.5], [0.5], [0]])
  })

  it('distance to target: COINr (x − min)/(T − min), 50 → 0, 75 → ½, 110 → 1 capped or 1.2', () => {
    const x = [[50], [75], [110]]
    expect(value(distanceToTarget(x, ['higher'], [100]))).toEqual([[0], [0.5], [1]])
    expect(value(distanceToTarget(x, ['higher'], [100], { capMax: false }))).toEqual([[0], [0.5], [1.2]])
  })

  it('distance to target: lower is better uses (max − x)/(max − T)', () => {
    // PM2.5 of 40, 30, 20 against a 35 limit: 40 is worst (0), 30 is past the limit (capped 1)
    expect(value(distanceToTarget([[40], [30], [20]], ['lower'], [35]))).toEqual([[0], [1], [1]])
  })

  it('rejects a target that is not beyond the worst value', () => {
    expect(distanceToTarget([[50], [75]], ['higher'], [50])).toEqual({
      ok: false,
      error: { code: 'target_not_beyond_worst', column: 0, target: 50, worst: 50 },
    })
  })

  it('ratio form needs positive values and targets', () => {
    expect(distanceToTarget([[0], [2]], ['higher'], [4], { form: 'ratio' })).toMatchObject({
      ok: false,
      error: { code: 'non_positive', row: 0, column: 0 },
    })
    expect(distanceToTarget([[1], [2]], ['lower'], [0], { form: 'ratio' })).toMatchObject({
      ok: false,
      error: { code: 'non_positive_target', column: 0 },
    })
    expect(value(distanceToTarget([[2], [8]], ['lower'], [4], { form: 'ratio' }))).toEqual([[1], [0.5]])
  })

  it('vector normalisation: (3, 4) → (0.6, 0.8); a zero column is rejected', () => {
    expect(value(vectorNormalise([[3], [4]]))).toEqual([[0.6], [0.8]])
    expect(vectorNormalise([[0], [0]])).toEqual({ ok: false, error: { code: 'zero_norm', column: 0 } })
  })

  it('normalise dispatches on the spec', () => {
    const x = [[1], [3]]
    expect(value(normalise(x, ['higher'], { method: 'minmax' }))).toEqual([[0], [1]])
    expect(value(normalise(x, ['higher'], { method: 'rank' }))).toEqual([[0], [1]])
    expect(value(normalise(x, ['higher'], { method: 'dist2targ', targets: [2] }))).toEqual([[0], [1]])
  })

  it('rejects empty, ragged and non-finite matrices and a wrong number of directions', () => {
    expect(minMax([], [])).toEqual({ ok: false, error: { code: 'empty_matrix' } })
    expect(minMax([[1, 2], [3]], ['higher', 'higher'])).toEqual({
      ok: false,
      error: { code: 'ragged_matrix', row: 1, length: 1, expected: 2 },
    })
    expect(minMax([[1], [NaN]], ['higher'])).toEqual({ ok: false, error: { code: 'not_finite', row: 1, column: 0 } })
    expect(minMax([[1, 2]], ['higher'])).toEqual({
      ok: false,
      error: { code: 'direction_count', directions: 1, columns: 2 },
    })
  })
})
