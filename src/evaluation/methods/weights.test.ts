/**
 * Equal, expert, entropy and CRITIC weights against independent references.
 * Fixture: test/fixtures/evaluation/reference.json, produced by `python3 scripts/evaluation-fixtures.py`
 * (python 3.11.7, numpy 2.4.6, scipy 1.17.1), matched to 1e-9.
 * Ported vectors: pymcdm (github.com/kotbaton/pymcdm, test/test_weights.py): TestEntropyWeights (data of Elsayed,
 * Dawood & Karthikeyan 2017, IJETT 46(2): 60–66, published to 6 decimals) and TestCRITICWeights (Tuş & Adalı 2019,
 * Opsearch 56(2): 528–538, published to 3 decimals).
 */
import { describe, expect, it } from 'vitest'

import { expectClose, reference } from '../../../test/fixtures/evaluation/reference.js'
import { criticWeights, entropyWeights, equalWeights, expertWeights, minMax } from './index.js'

const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}

describe.each(['jiangsu', 'synthetic'] as const)('fixture matrix %s', (name) => {
  const input = reference.matrices[name]
  const expected = reference[name].weights
  const normalised = value(minMax(input.values, input.directions))

  it('entropy weights of the min–max matrix, 0·ln 0 = 0, match numpy', () => {
    const e = value(entropyWeights(normalised))
    expectClose(e.weights, expected.entropyLimit.weights)
    expectClose(e.entropy, expected.entropyLimit.entropy)
  })

  it('entropy weights with a shift of 0.0001 and of 0.01 match numpy', () => {
    for (const ref of [expected.entropyShift0001, expected.entropyShift001]) {
      const e = value(entropyWeights(normalised, { zero: { shift: ref.shift } }))
      expectClose(e.weights, ref.weights)
      expectClose(e.entropy, ref.entropy)
    }
  })

  it('CRITIC weights match numpy, and σ kind changes C but not w', () => {
    const sample = value(criticWeights(input.values, input.directions))
    const population = value(criticWeights(input.values, input.directions, { sd: 'population' }))
    expectClose(sample.weights, expected.criticSample.weights)
    expectClose(sample.contrast, expected.criticSample.contrast)
    expectClose(sample.conflict, expected.criticSample.conflict)
    expectClose(sample.information, expected.criticSample.information)
    expectClose(population.information, expected.criticPopulation.information)
    expectClose(population.weights, sample.weights)
  })
})

describe('pymcdm published vectors', () => {
  it('entropy of sum-normalised raw data (Elsayed et al. 2017)', () => {
    const matrix = [
      [7, 312, 1891, 6613, 163],
      [72, 88, 728, 941804, 1078],
      [10, 252, 2594, 3466, 117471],
      [10, 145, 980, 2371, 86329],
      [65, 54, 350, 501, 29897],
      [29, 48, 380, 912, 34051],
      [7, 476, 3300, 78470, 2212],
      [70, 87, 650, 733, 819000],
      [4, 86, 591, 3015, 103],
      [12, 79, 579, 3240, 96098],
      [21, 45, 261, 1253, 453],
      [1, 72, 530, 4333, 0.1048],
    ]
    const out = [0.104991, 0.069124, 0.071373, 0.449937, 0.304575]
    value(entropyWeights(matrix)).weights.forEach((w, j) => expect(w).toBeCloseTo(out[j] ?? NaN, 6))
  })

  it('CRITIC (Tuş & Adalı 2019), with every column taken as higher-is-better as pymcdm does', () => {
    // pymcdm's critic_weights ignores criterion types, and the published weights are reproduced that way; with
    // the first column (price) as a cost they would be (0.184, 0.213, 0.142, 0.158, 0.168, 0.134) instead
    const matrix = [
      [5000, 3, 3, 4, 3, 2],
      [680, 5, 3, 2, 2, 1],
      [2000, 3, 2, 3, 4, 3],
      [600, 4, 3, 1, 2, 2],
      [800, 2, 4, 3, 3, 4],
    ]
    const out = [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]
    const w = value(criticWeights(matrix, ['higher', 'higher', 'higher', 'higher', 'higher', 'higher'])).weights
    w.forEach((x, j) => expect(x).toBeCloseTo(out[j] ?? NaN, 3))
    const cost = value(criticWeights(matrix, ['lower', 'higher', 'higher', 'higher', 'higher', 'higher'])).weights
    ;[0.184, 0.213, 0.142, 0.158, 0.168, 0.134].forEach((x, j) => expect(cost[j]).toBeCloseTo(x, 3))
  })
})

describe('hand-worked cases', () => {
  it('entropy on a 3 × 2 matrix', () => {
    // X = [[1,1],[2,1],[3,4]], m = 3, ln 3 = 1.098612
    // column 1: p = (1/6, 2/6, 3/6); −Σ p ln p = ln6/6 + ln3/3 + ln2/2 = 0.298627 + 0.366204 + 0.346574 = 1.011404
    //           e1 = 1.011404 / 1.098612 = 0.920620, d1 = 0.079380
    // column 2: p = (1/6, 1/6, 4/6); −Σ p ln p = 2·ln6/6 + (2/3)·ln(3/2) = 0.597253 + 0.270310 = 0.867563
    //           e2 = 0.789690, d2 = 0.210310
    // w = d / (d1 + d2) = (0.274018, 0.725982)
    const e = value(
      entropyWeights([
        [1, 1],
        [2, 1],
        [3, 4],
      ]),
    )
    expect(e.entropy[0]).toBeCloseTo(0.92062, 5)
    expect(e.entropy[1]).toBeCloseTo(0.78969, 5)
    expect(e.weights[0]).toBeCloseTo(0.274018, 5)
    expect(e.weights[1]).toBeCloseTo(0.725982, 5)
  })

  it('entropy: a uniform column has e = 1 and weight 0', () => {
    const e = value(
      entropyWeights([
        [1, 5],
        [2, 5],
        [3, 5],
      ]),
    )
    expect(e.entropy[1]).toBeCloseTo(1, 12)
    expect(e.weights).toEqual([1, expect.closeTo(0, 12)])
  })

  it('entropy: the 0·ln 0 limit equals the shifted weights as the shift goes to 0', () => {
    const x = [
      [0, 1],
      [0.5, 0],
      [1, 0.25],
    ]
    const limit = value(entropyWeights(x)).weights
    const tiny = value(entropyWeights(x, { zero: { shift: 1e-12 } })).weights
    expectClose(tiny, limit, 1e-9)
  })

  it('entropy rejects negative data, a zero column, one region, all-uniform data and a bad shift', () => {
    expect(entropyWeights([[1], [-1]])).toMatchObject({ ok: false, error: { code: 'negative_value', row: 1 } })
    expect(entropyWeights([[0], [0]])).toEqual({ ok: false, error: { code: 'zero_column', column: 0 } })
    expect(entropyWeights([[1, 2]])).toMatchObject({ ok: false, error: { code: 'too_few_regions' } })
    expect(
      entropyWeights([
        [1, 2],
        [1, 2],
      ]),
    ).toEqual({ ok: false, error: { code: 'no_information' } })
    expect(entropyWeights([[1], [2]], { zero: { shift: -1 } })).toEqual({
      ok: false,
      error: { code: 'bad_shift', shift: -1 },
    })
  })

  it('CRITIC rejects a constant column (σ = 0, r undefined) and one region', () => {
    expect(
      criticWeights(
        [
          [1, 5],
          [2, 5],
        ],
        ['higher', 'higher'],
      ),
    ).toEqual({
      ok: false,
      error: { code: 'constant_column', column: 1 },
    })
    expect(criticWeights([[1, 2]], ['higher', 'higher'])).toMatchObject({
      ok: false,
      error: { code: 'too_few_regions' },
    })
  })

  it('CRITIC on two perfectly opposed indicators: r = −1, so each C_j = 2σ_j', () => {
    const c = value(
      criticWeights(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        ['higher', 'higher'],
      ),
    )
    expectClose(c.conflict, [2, 2], 1e-12)
    expectClose(c.weights, [0.5, 0.5], 1e-12)
  })

  it('equal weights are 1/n', () => {
    expect(equalWeights(4)).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(() => equalWeights(0)).toThrow(RangeError)
  })

  it('expert weights are scaled to sum 1; negatives, non-finite, all-zero and a wrong count are rejected', () => {
    expect(value(expertWeights([2, 1, 1]))).toEqual([0.5, 0.25, 0.25])
    expect(expertWeights([1, -1])).toEqual({ ok: false, error: { code: 'negative_weight', index: 1, value: -1 } })
    expect(expertWeights([1, Infinity])).toEqual({ ok: false, error: { code: 'not_finite_weight', index: 1 } })
    expect(expertWeights([0, 0])).toEqual({ ok: false, error: { code: 'zero_total' } })
    expect(expertWeights([1, 1], 3)).toEqual({ ok: false, error: { code: 'weight_count', weights: 2, expected: 3 } })
  })
})
