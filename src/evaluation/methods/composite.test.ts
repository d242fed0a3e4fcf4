/**
 * The composite pipeline against the numpy fixture: test/fixtures/evaluation/reference.json, produced by
 * `python3 scripts/evaluation-fixtures.py` (python 3.11.7, numpy 2.4.6, scipy 1.17.1), matched to 1e-9.
 */
import { describe, expect, it } from 'vitest'

import { expectClose, reference } from '../../../test/fixtures/evaluation/reference.js'
import { compositeIndex, type CompositeConfig } from './index.js'

const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}

const input = reference.matrices.jiangsu
const expert = { method: 'expert', weights: reference.aggregate.weights } as const

describe('compositeIndex on the Jiangsu fixture', () => {
  it('min–max + entropy + arithmetic (the common Chinese 熵值法 index) matches numpy', () => {
    const r = value(
      compositeIndex(input.values, input.directions, {
        normalisation: { method: 'minmax' },
        weighting: { method: 'entropy' },
        aggregation: { method: 'arithmetic' },
      }),
    )
    expectClose(r.scores, reference.aggregate.entropyMinmaxArithmetic)
    expectClose(r.weights, reference.jiangsu.weights.entropyLimit.weights)
  })

  it('geometric aggregation rescales min–max columns to the declared [1, 2] (numpy: shifted to a minimum of 1)', () => {
    // Every min–max column of the fixture spans exactly [0, 1], so rescaling to [1, 2] is numpy's x − min + 1.
    const config: CompositeConfig = {
      normalisation: { method: 'minmax' },
      weighting: expert,
      aggregation: { method: 'geometric', rescale: [1, 2] },
    }
    expectClose(value(compositeIndex(input.values, input.directions, config)).scores, reference.aggregate.geometricShiftedMinmax)
  })

  it('TOPSIS works on the raw matrix whatever the normalisation spec says', () => {
    for (const normalisation of [{ method: 'minmax' }, { method: 'zscore' }] as const) {
      const r = value(compositeIndex(input.values, input.directions, { normalisation, weighting: expert, aggregation: { method: 'topsis' } }))
      expectClose(r.scores, reference.aggregate.topsisVector.closeness)
    }
  })

  it('ranks 1 = best, and multiplying every weight by the same factor changes nothing', () => {
    const config: CompositeConfig = { normalisation: { method: 'minmax' }, weighting: expert, aggregation: { method: 'arithmetic' } }
    const plain = value(compositeIndex(input.values, input.directions, config))
    const doubled = value(compositeIndex(input.values, input.directions, config, [2, 2, 2, 2]))
    expectClose(doubled.scores, plain.scores, 1e-12)
    const best = plain.scores.indexOf(Math.max(...plain.scores))
    expect(plain.ranks[best]).toBe(1)
  })

  it('tied scores share the mean of their ranks', () => {
    const r = value(
      compositeIndex(
        [
          [1, 2],
          [2, 1],
          [0, 0],
        ],
        ['higher', 'higher'],
        {
          normalisation: { method: 'minmax' },
          weighting: { method: 'equal' },
          aggregation: { method: 'arithmetic' },
        },
      ),
    )
    expect(r.ranks).toEqual([1.5, 1.5, 3])
  })

  it('reports which step failed', () => {
    expect(
      compositeIndex(input.values, input.directions, {
        normalisation: { method: 'dist2targ', targets: [0, 0, 0, 100] },
        weighting: { method: 'equal' },
        aggregation: { method: 'arithmetic' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'normalisation_failed', cause: { code: 'target_not_beyond_worst' } } })
    expect(
      compositeIndex(input.values, input.directions, {
        normalisation: { method: 'minmax' },
        weighting: { method: 'expert', weights: [1, 2] },
        aggregation: { method: 'arithmetic' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'weighting_failed', cause: { code: 'weight_count' } } })
  })
})
