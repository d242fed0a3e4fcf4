/**
 * One composite index from a configuration (normalisation, weighting, aggregation), as data, so that an
 * uncertainty analysis can vary the choices. The pipeline follows the OECD/JRC Handbook (2008) steps 5–6:
 *
 *   weights      equal | expert (given) | entropy | CRITIC, all computed from the raw matrix and directions.
 *                Entropy is taken on the min–max normalised matrix (极差标准化, as Chinese studies do), with the
 *                0·ln 0 = 0 convention unless the spec gives a shift; it does not follow the normalisation choice,
 *                which may produce negative values (z-scores). CRITIC normalises by min–max itself.
 *   multipliers  optional factors k_j on the weights (the uncertainty analysis's noise): w_j·k_j, rescaled to sum 1.
 *   arithmetic   normalise by the spec, then Σ w_j x_ij.
 *   geometric    normalise by the spec, min–max rescale every column onto [l, u] (`rescale`, default [1, 100]),
 *                then Π x^w: x′ = l + (u − l)(x − min)/(max − min), a constant column → u. Min–max and rank
 *                data contain 0 and z-scores are negative, where the geometric mean is undefined; COINr's
 *                guidance for `a_gmean` normalises with `n_minmax`, `l_u = c(1, 100)`, which is exactly this on
 *                min–max data. The range matters: on [1, 2] the geometric mean is nearly the arithmetic one (a
 *                weak indicator is compensated almost fully); on [1, 100] it is much less compensatory. Any
 *                affine normalisation (min–max, z-score, distance to target) gives the same rescaled column, so
 *                under the geometric mean those three agree; rank does not. A caller who wants another
 *                treatment can use weightedGeometric directly.
 *   topsis       on the raw matrix (TOPSIS normalises itself, vector norm or min–max); the normalisation spec is
 *                not used.
 * Ranks: 1 = best (highest score); tied scores share the mean of their ranks.
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'
import { scaleWeights, topsis, weightedArithmetic, weightedGeometric, type AggregateError } from './aggregate.js'
import { checkMatrix, column, fromColumns, type Direction, type Matrix, type MatrixIssue } from './matrix.js'
import { minMax, normalise, type NormalisationSpec, type NormaliseError } from './normalise.js'
import { ranksFromBest } from './stats.js'
import { criticWeights, entropyWeights, equalWeights, expertWeights, type EntropyOptions, type WeightError } from './weights.js'

export type WeightingSpec =
  | { readonly method: 'equal' }
  | { readonly method: 'entropy'; readonly zero?: EntropyOptions['zero'] }
  | { readonly method: 'critic' }
  | { readonly method: 'expert'; readonly weights: ReadonlyArray<number> }

/** [l, u], 0 < l < u: the range the geometric mean rescales normalised columns to (COINr: [1, 100]). */
export type RescaleRange = readonly [number, number]
export const DEFAULT_RESCALE: RescaleRange = [1, 100]

export type AggregationSpec =
  | { readonly method: 'arithmetic' }
  | { readonly method: 'geometric'; readonly rescale?: RescaleRange }
  | { readonly method: 'topsis'; readonly normalisation?: 'vector' | 'minmax' }

export interface CompositeConfig {
  readonly normalisation: NormalisationSpec
  readonly weighting: WeightingSpec
  readonly aggregation: AggregationSpec
}

export type CompositeError =
  | MatrixIssue
  | { readonly code: 'normalisation_failed'; readonly cause: NormaliseError }
  | { readonly code: 'weighting_failed'; readonly cause: WeightError }
  | { readonly code: 'aggregation_failed'; readonly cause: AggregateError }
  | { readonly code: 'bad_rescale'; readonly lower: number; readonly upper: number }

export interface CompositeResult {
  readonly scores: number[]
  /** 1 = best, ties averaged. */
  readonly ranks: number[]
  /** The weights used (after multipliers), summing to 1. */
  readonly weights: number[]
}

/** Weights of a spec, before any noise. */
export function weightsFor(matrix: Matrix, directions: ReadonlyArray<Direction>, spec: WeightingSpec): Result<number[], CompositeError> {
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  const n = shape.value.columns
  let r: Result<number[], WeightError>
  switch (spec.method) {
    case 'equal':
      r = ok(equalWeights(n))
      break
    case 'expert':
      r = expertWeights(spec.weights, n)
      break
    case 'critic': {
      const c = criticWeights(matrix, directions)
      r = c.ok ? ok(c.value.weights) : c
      break
    }
    case 'entropy': {
      // min–max cannot fail on a checked matrix; the branch keeps the types honest
      const base = minMax(matrix, directions)
      if (!base.ok) return err({ code: 'normalisation_failed', cause: base.error })
      const e = entropyWeights(base.value, spec.zero === undefined ? {} : { zero: spec.zero })
      r = e.ok ? ok(e.value.weights) : e
      break
    }
  }
  return r.ok ? r : err({ code: 'weighting_failed', cause: r.error })
}

/**
 * Min–max rescales each column onto [l, u] (for the geometric mean): x′ = l + (u − l)(x − min)/(max − min).
 * A constant column becomes u for every region (min–max's "all equally good"; a constant factor leaves ranks alone).
 */
export function rescaleColumns(matrix: Matrix, [l, u]: RescaleRange): Result<number[][], CompositeError> {
  if (!(Number.isFinite(l) && Number.isFinite(u) && l > 0 && u > l)) return err({ code: 'bad_rescale', lower: l, upper: u })
  const n = matrix[0]?.length ?? 0
  const cols = Array.from({ length: n }, (_, j) => {
    const x = column(matrix, j)
    const lo = Math.min(...x)
    const hi = Math.max(...x)
    return hi === lo ? x.map(() => u) : x.map((v) => l + ((u - l) * (v - lo)) / (hi - lo))
  })
  return ok(fromColumns(cols, matrix.length))
}

/**
 * Scores from prepared inputs: `normalised` is the normalised matrix (ignored by TOPSIS), `weights` the base
 * weights. Exported for the uncertainty analysis, which prepares each choice once.
 */
export function aggregateWith(
  raw: Matrix,
  directions: ReadonlyArray<Direction>,
  normalised: Matrix,
  weights: ReadonlyArray<number>,
  aggregation: AggregationSpec,
  multipliers?: ReadonlyArray<number>,
): Result<CompositeResult, CompositeError> {
  const noisy = multipliers === undefined ? weights : weights.map((w, j) => w * (multipliers[j] ?? NaN))
  const w = scaleWeights(noisy, weights.length)
  if (!w.ok) return err({ code: 'aggregation_failed', cause: w.error })
  let scores: Result<number[], AggregateError>
  switch (aggregation.method) {
    case 'arithmetic':
      scores = weightedArithmetic(normalised, w.value)
      break
    case 'geometric': {
      const rescaled = rescaleColumns(normalised, aggregation.rescale ?? DEFAULT_RESCALE)
      if (!rescaled.ok) return rescaled
      scores = weightedGeometric(rescaled.value, w.value)
      break
    }
    case 'topsis': {
      const t = topsis(raw, directions, w.value, aggregation.normalisation === undefined ? {} : aggregation)
      scores = t.ok ? ok(t.value.closeness) : t
      break
    }
  }
  if (!scores.ok) return err({ code: 'aggregation_failed', cause: scores.error })
  return ok({ scores: scores.value, ranks: ranksFromBest(scores.value), weights: w.value })
}

/**
 * The composite index of one configuration.
 * @example
 * compositeIndex(values, ['higher', 'higher', 'higher', 'lower'], {
 *   normalisation: { method: 'minmax' }, weighting: { method: 'entropy' }, aggregation: { method: 'arithmetic' },
 * })
 */
export function compositeIndex(
  matrix: Matrix,
  directions: ReadonlyArray<Direction>,
  config: CompositeConfig,
  multipliers?: ReadonlyArray<number>,
): Result<CompositeResult, CompositeError> {
  const weights = weightsFor(matrix, directions, config.weighting)
  if (!weights.ok) return weights
  let normalised: Matrix = matrix
  if (config.aggregation.method !== 'topsis') {
    const nm = normalise(matrix, directions, config.normalisation)
    if (!nm.ok) return err({ code: 'normalisation_failed', cause: nm.error })
    normalised = nm.value
  }
  return aggregateWith(matrix, directions, normalised, weights.value, config.aggregation, multipliers)
}
