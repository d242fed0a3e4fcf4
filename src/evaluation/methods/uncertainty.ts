/**
 * Ranking with uncertainty: a Monte Carlo over the choices made in building the index, after Saisana, Saltelli &
 * Tarantola (2005), "Uncertainty and sensitivity analysis techniques as tools for the quality assessment of
 * composite indicators", J. R. Statist. Soc. A 168(2): 307–323, and the OECD/JRC Handbook (2008) section 7.
 *
 * Input factors, each drawn independently per run:
 *   normalisation, weighting, aggregation   uniform over the listed alternatives (list the base choice too if it
 *                                          should be drawn);
 *   weight noise                           each weight × U(1 − ε, 1 + ε), then rescaled to sum 1 (ε in [0, 1)).
 * Per run the rng is read 3 + n times, always in this order: normalisation, weighting, aggregation, then the n
 * multipliers (even when a list has one entry or ε = 0), so the same seed gives the same draws.
 *
 * Outputs per region, over the N runs of sample A: median rank, 5th and 95th percentile (a 90 % interval;
 * type-7 quantiles, numpy's default), best and worst rank, and the mean absolute shift |rank − base rank| from the
 * base configuration's ranking (without noise). Ranks: 1 = best; regions with equal scores share the mean of
 * their ranks (so a tie for first gives 1.5 to both).
 *
 * Sensitivity (when `sensitivity` is not false): for each factor X, the first-order index
 * S_X = V(E[R | X]) / V(R), the share of the variance of a region's rank R explained by X alone, and the total
 * index S_TX = E[V(R | X~)] / V(R), X's share including its interactions. Estimator: the pick-freeze design of
 * Saltelli et al. (2010), Comput. Phys. Commun. 181: 259–270, with a second independent sample B of N runs and,
 * per factor, the hybrid A_B^X (A with X's value taken from B):
 *   V_X  ≈ (1/N) Σ_j f(B)_j · (f(A_B^X)_j − f(A)_j)                         (their Table 2, (b))
 *   V_TX ≈ (1/2N) Σ_j (f(A)_j − f(A_B^X)_j)²                                (Jansen 1999, Table 2, (f))
 *   V(R) = the variance (divisor 2N) of the 2N values f(A) ∪ f(B).
 * f(B) in V_X is centred on the mean of f(A) ∪ f(B) first: adding a constant to f(B) leaves the expectation of
 * V_X unchanged (E[f(A_B^X)] = E[f(A)]) but ranks have a mean (about (m + 1)/2) large against their spread, and
 * without centring the estimate is much noisier (an uncentred run with N = 400 put a sole factor at 0.85, not 1).
 * Indices are computed per region and averaged over regions whose rank varies (V(R) > 0); they are null when no
 * rank varies. Estimates are not clipped: with small N a first-order index can come out slightly below 0 or above
 * the total. Cost: N·(2 + 4) composite evaluations. Weight noise is one factor (the group of all n multipliers).
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'
import { aggregateWith, weightsFor, type AggregationSpec, type CompositeConfig, type CompositeError, type WeightingSpec } from './composite.js'
import { checkMatrix, type Direction, type Matrix } from './matrix.js'
import { normalise, type NormalisationSpec } from './normalise.js'
import { quantileSorted } from './stats.js'

export type UncertaintyFactor = 'normalisation' | 'weighting' | 'aggregation' | 'weightNoise'

export const UNCERTAINTY_FACTORS: ReadonlyArray<UncertaintyFactor> = ['normalisation', 'weighting', 'aggregation', 'weightNoise']

export interface UncertaintyInput {
  readonly matrix: Matrix
  readonly directions: ReadonlyArray<Direction>
  readonly base: CompositeConfig
  readonly alternatives: {
    readonly normalisation: ReadonlyArray<NormalisationSpec>
    readonly weighting: ReadonlyArray<WeightingSpec>
    readonly aggregation: ReadonlyArray<AggregationSpec>
  }
  /** ε: each weight is multiplied by U(1 − ε, 1 + ε); 0 for no noise. */
  readonly weightNoise: number
  /** N, the number of Monte Carlo runs (at least 2). */
  readonly draws: number
  /** Uniform [0, 1) numbers, e.g. mulberry32(seed) from the forecasting module. */
  readonly rng: () => number
  /** Also estimate first-order and total indices (default true; costs 5 more evaluations per run). */
  readonly sensitivity?: boolean
}

export type UncertaintyError =
  | CompositeError
  | { readonly code: 'bad_draws'; readonly draws: number }
  | { readonly code: 'bad_noise'; readonly weightNoise: number }
  | { readonly code: 'no_alternatives'; readonly factor: UncertaintyFactor }
  | { readonly code: 'choice_failed'; readonly factor: UncertaintyFactor; readonly index: number; readonly cause: CompositeError }

export interface RegionUncertainty {
  readonly baseRank: number
  readonly medianRank: number
  /** 5th percentile rank (the better end of the 90 % interval). */
  readonly p05: number
  /** 95th percentile rank. */
  readonly p95: number
  readonly bestRank: number
  readonly worstRank: number
  readonly meanAbsShift: number
}

export interface FactorSensitivity {
  readonly firstOrder: number | null
  readonly total: number | null
}

export interface UncertaintyResult {
  readonly draws: number
  readonly baseRanks: number[]
  readonly regions: RegionUncertainty[]
  readonly sensitivity: Readonly<Record<UncertaintyFactor, FactorSensitivity>> | null
}

interface Sample {
  readonly normalisation: number
  readonly weighting: number
  readonly aggregation: number
  readonly multipliers: number[]
}

const pick = (rng: () => number, k: number): number => Math.min(k - 1, Math.floor(rng() * k))

/** Sample a with factor X's value taken from sample b (the A_B^X of the pick-freeze design). */
function hybrid(a: Sample, b: Sample, factor: UncertaintyFactor): Sample {
  switch (factor) {
    case 'normalisation':
      return { ...a, normalisation: b.normalisation }
    case 'weighting':
      return { ...a, weighting: b.weighting }
    case 'aggregation':
      return { ...a, aggregation: b.aggregation }
    case 'weightNoise':
      return { ...a, multipliers: b.multipliers }
  }
}

export function rankUncertainty(input: UncertaintyInput): Result<UncertaintyResult, UncertaintyError> {
  const { matrix, directions, alternatives, rng } = input
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  const { rows: m, columns: n } = shape.value
  if (!Number.isInteger(input.draws) || input.draws < 2) return err({ code: 'bad_draws', draws: input.draws })
  const eps = input.weightNoise
  if (!(eps >= 0 && eps < 1)) return err({ code: 'bad_noise', weightNoise: eps })
  for (const factor of ['normalisation', 'weighting', 'aggregation'] as const) {
    if (alternatives[factor].length === 0) return err({ code: 'no_alternatives', factor })
  }

  // Prepare every choice once: the runs only recombine them.
  const normalised: Matrix[] = []
  const needsNormalised = alternatives.aggregation.some((a) => a.method !== 'topsis')
  for (let k = 0; k < alternatives.normalisation.length; k++) {
    const spec = alternatives.normalisation[k]
    if (spec === undefined) continue
    if (!needsNormalised) {
      normalised.push(matrix)
      continue
    }
    const r = normalise(matrix, directions, spec)
    if (!r.ok) {
      return err({
        code: 'choice_failed',
        factor: 'normalisation',
        index: k,
        cause: { code: 'normalisation_failed', cause: r.error },
      })
    }
    normalised.push(r.value)
  }
  const weights: number[][] = []
  for (let k = 0; k < alternatives.weighting.length; k++) {
    const spec = alternatives.weighting[k]
    if (spec === undefined) continue
    const r = weightsFor(matrix, directions, spec)
    if (!r.ok) return err({ code: 'choice_failed', factor: 'weighting', index: k, cause: r.error })
    weights.push(r.value)
  }

  const baseWeights = weightsFor(matrix, directions, input.base.weighting)
  if (!baseWeights.ok) return baseWeights
  let baseNormalised: Matrix = matrix
  if (input.base.aggregation.method !== 'topsis') {
    const r = normalise(matrix, directions, input.base.normalisation)
    if (!r.ok) return err({ code: 'normalisation_failed', cause: r.error })
    baseNormalised = r.value
  }
  const base = aggregateWith(matrix, directions, baseNormalised, baseWeights.value, input.base.aggregation)
  if (!base.ok) return base
  const baseRanks = base.value.ranks

  const draw = (): Sample => ({
    normalisation: pick(rng, alternatives.normalisation.length),
    weighting: pick(rng, alternatives.weighting.length),
    aggregation: pick(rng, alternatives.aggregation.length),
    multipliers: Array.from({ length: n }, () => 1 - eps + 2 * eps * rng()),
  })
  const evaluate = (s: Sample): Result<number[], UncertaintyError> => {
    const agg = alternatives.aggregation[s.aggregation]
    const nm = normalised[s.normalisation]
    const w = weights[s.weighting]
    if (agg === undefined || nm === undefined || w === undefined) {
      return err({ code: 'no_alternatives', factor: 'aggregation' })
    }
    const r = aggregateWith(matrix, directions, nm, w, agg, s.multipliers)
    if (!r.ok) return err({ code: 'choice_failed', factor: 'aggregation', index: s.aggregation, cause: r.error })
    return ok(r.value.ranks)
  }

  const N = input.draws
  const samplesA = Array.from({ length: N }, draw)
  const ranksA: number[][] = []
  for (const s of samplesA) {
    const r = evaluate(s)
    if (!r.ok) return r
    ranksA.push(r.value)
  }

  const regions: RegionUncertainty[] = []
  for (let i = 0; i < m; i++) {
    const ri = ranksA.map((r) => r[i] ?? NaN)
    const sorted = [...ri].sort((a, b) => a - b)
    const b = baseRanks[i] ?? NaN
    regions.push({
      baseRank: b,
      medianRank: quantileSorted(sorted, 0.5),
      p05: quantileSorted(sorted, 0.05),
      p95: quantileSorted(sorted, 0.95),
      bestRank: sorted[0] ?? NaN,
      worstRank: sorted[sorted.length - 1] ?? NaN,
      meanAbsShift: ri.reduce((s, r) => s + Math.abs(r - b), 0) / N,
    })
  }

  if (input.sensitivity === false) return ok({ draws: N, baseRanks, regions, sensitivity: null })

  const samplesB = Array.from({ length: N }, draw)
  const ranksB: number[][] = []
  for (const s of samplesB) {
    const r = evaluate(s)
    if (!r.ok) return r
    ranksB.push(r.value)
  }
  const centre: number[] = []
  const variance: number[] = []
  for (let i = 0; i < m; i++) {
    const all = [...ranksA, ...ranksB].map((r) => r[i] ?? NaN)
    const mu = all.reduce((s, v) => s + v, 0) / all.length
    centre.push(mu)
    variance.push(all.reduce((s, v) => s + (v - mu) ** 2, 0) / all.length)
  }
  const varying = variance.flatMap((v, i) => (v > 0 ? [i] : []))

  const indexOf = (factor: UncertaintyFactor): Result<FactorSensitivity, UncertaintyError> => {
    const vFirst = new Array<number>(m).fill(0)
    const vTotal = new Array<number>(m).fill(0)
    for (let j = 0; j < N; j++) {
      const a = samplesA[j]
      const bs = samplesB[j]
      if (a === undefined || bs === undefined) continue
      const r = evaluate(hybrid(a, bs, factor))
      if (!r.ok) return r
      for (let i = 0; i < m; i++) {
        const fa = ranksA[j]?.[i] ?? NaN
        const fb = (ranksB[j]?.[i] ?? NaN) - (centre[i] ?? NaN)
        const fh = r.value[i] ?? NaN
        vFirst[i] = (vFirst[i] ?? 0) + fb * (fh - fa)
        vTotal[i] = (vTotal[i] ?? 0) + (fa - fh) ** 2
      }
    }
    const average = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((t, x) => t + x, 0) / xs.length)
    return ok({
      firstOrder: average(varying.map((i) => (vFirst[i] ?? NaN) / N / (variance[i] ?? NaN))),
      total: average(varying.map((i) => (vTotal[i] ?? NaN) / (2 * N) / (variance[i] ?? NaN))),
    })
  }
  const sNormalisation = indexOf('normalisation')
  if (!sNormalisation.ok) return sNormalisation
  const sWeighting = indexOf('weighting')
  if (!sWeighting.ok) return sWeighting
  const sAggregation = indexOf('aggregation')
  if (!sAggregation.ok) return sAggregation
  const sNoise = indexOf('weightNoise')
  if (!sNoise.ok) return sNoise
  const sensitivity = {
    normalisation: sNormalisation.value,
    weighting: sWeighting.value,
    aggregation: sAggregation.value,
    weightNoise: sNoise.value,
  }
  return ok({ draws: N, baseRanks, regions, sensitivity })
}
