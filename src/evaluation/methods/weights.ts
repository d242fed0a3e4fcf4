/**
 * Weighting: equal, expert (given), entropy and CRITIC; AHP lives in ahp.ts and is re-exported here.
 * Every weight vector returned is non-negative and sums to 1.
 *
 * Entropy weight method (Shannon entropy; as the OECD/JRC Handbook 2008 lists it among data-driven weights, and as
 * Chinese urbanization studies use it under the name 熵值法/熵权法):
 *   p_ij = x_ij / Σ_i x_ij,   e_j = −Σ_i p_ij ln p_ij / ln m,   d_j = 1 − e_j,   w_j = d_j / Σ_k d_k
 *   on non-negative data, normally the min–max normalised matrix (极差标准化, direction applied). Min–max always puts
 *   a 0 in every column, where ln 0 is undefined. Chinese papers handle it in one of two ways, both supported:
 *   - `zero: 'limit'` (default): define 0·ln 0 = 0, the limit of p ln p as p → 0 and the textbook convention
 *     ("若 p_ij = 0，则定义 p_ij ln p_ij = 0"); it adds no arbitrary constant.
 *   - `zero: { shift: a }`: add a small constant a to every value first (平移; papers use 0.0001 or 0.01, SPSSAU
 *     shifts by |min| + 0.01 when a value is ≤ 0). The weights then depend on a, and tend to the 'limit' weights
 *     as a → 0.
 *   A column whose values are all equal has e = 1 and weight 0. pymcdm's entropy_weights (sum-normalised raw data)
 *   instead sets e_j = 0 for a column with any zero, i.e. gives it the largest weight; we do not follow that.
 *
 * CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995, Computers & Operations Research 22(7): 763–770):
 *   min–max normalise with directions; σ_j = standard deviation of column j; r_jk = Pearson correlation;
 *   C_j = σ_j · Σ_k (1 − r_jk);  w_j = C_j / Σ_k C_k.
 *   σ is the sample standard deviation by default (pymcdm's critic_weights and R's sd()); `{ sd: 'population' }`
 *   divides by m instead. The choice cannot change the weights: it scales every σ_j by the same √((m−1)/m) and
 *   cancels in w; it only changes the reported C_j. A constant column (σ = 0, r undefined) is rejected.
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'
import { checkMatrix, column, type Direction, type Matrix, type MatrixIssue } from './matrix.js'
import { minMaxColumn } from './normalise.js'
import { pearson, standardDeviation, type SdKind } from './stats.js'

export type WeightError =
  | MatrixIssue
  | { readonly code: 'weight_count'; readonly weights: number; readonly expected: number }
  | { readonly code: 'negative_weight'; readonly index: number; readonly value: number }
  | { readonly code: 'not_finite_weight'; readonly index: number }
  | { readonly code: 'zero_total' }
  | { readonly code: 'too_few_regions'; readonly regions: number; readonly required: number }
  | { readonly code: 'negative_value'; readonly row: number; readonly column: number; readonly value: number }
  | { readonly code: 'bad_shift'; readonly shift: number }
  | { readonly code: 'zero_column'; readonly column: number }
  | { readonly code: 'no_information' }
  | { readonly code: 'constant_column'; readonly column: number }

/** 1/n each. n must be a positive integer (the number of indicators): anything else is a programming error. */
export function equalWeights(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`equalWeights: n must be a positive integer, got ${n}`)
  return Array.from({ length: n }, () => 1 / n)
}

/**
 * Expert weights as given, scaled to sum to 1. Negative, non-finite or all-zero weights are rejected; `expected`
 * (the number of indicators) is checked when given.
 */
export function expertWeights(raw: ReadonlyArray<number>, expected?: number): Result<number[], WeightError> {
  if (expected !== undefined && raw.length !== expected) {
    return err({ code: 'weight_count', weights: raw.length, expected })
  }
  let total = 0
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i] ?? NaN
    if (!Number.isFinite(w)) return err({ code: 'not_finite_weight', index: i })
    if (w < 0) return err({ code: 'negative_weight', index: i, value: w })
    total += w
  }
  if (total === 0) return err({ code: 'zero_total' })
  return ok(raw.map((w) => w / total))
}

export interface EntropyOptions {
  /** How p = 0 is treated: 'limit' (0·ln 0 = 0, default) or a shift added to every value first. */
  readonly zero?: 'limit' | { readonly shift: number }
}

export interface EntropyResult {
  readonly weights: number[]
  /** e_j in [0, 1]. */
  readonly entropy: number[]
  /** d_j = 1 − e_j, the "divergence" (差异系数). */
  readonly divergence: number[]
}

/** Entropy weights of non-negative data (normally min–max normalised; see the module header). */
export function entropyWeights(data: Matrix, options: EntropyOptions = {}): Result<EntropyResult, WeightError> {
  const shape = checkMatrix(data)
  if (!shape.ok) return shape
  const { rows: m, columns: n } = shape.value
  // ln m = 0 for one region: entropy is undefined
  if (m < 2) return err({ code: 'too_few_regions', regions: m, required: 2 })
  const zero = options.zero ?? 'limit'
  const shift = zero === 'limit' ? 0 : zero.shift
  if (!Number.isFinite(shift) || shift < 0) return err({ code: 'bad_shift', shift })
  const entropy: number[] = []
  for (let j = 0; j < n; j++) {
    const x = column(data, j)
    const neg = x.findIndex((v) => v < 0)
    if (neg >= 0) return err({ code: 'negative_value', row: neg, column: j, value: x[neg] ?? NaN })
    const shifted = x.map((v) => v + shift)
    const total = shifted.reduce((s, v) => s + v, 0)
    if (total === 0) return err({ code: 'zero_column', column: j })
    let h = 0
    for (const v of shifted) {
      const p = v / total
      if (p > 0) h -= p * Math.log(p)
    }
    entropy.push(h / Math.log(m))
  }
  const divergence = entropy.map((e) => 1 - e)
  const sum = divergence.reduce((s, d) => s + d, 0)
  // every column uniform: the data say nothing about importance
  if (!(sum > 0)) return err({ code: 'no_information' })
  return ok({ weights: divergence.map((d) => d / sum), entropy, divergence })
}

export interface CriticOptions {
  /** 'sample' (default) or 'population' standard deviation; the weights are the same either way. */
  readonly sd?: SdKind
}

export interface CriticResult {
  readonly weights: number[]
  /** σ_j of the min–max normalised column (contrast intensity). */
  readonly contrast: number[]
  /** Σ_k (1 − r_jk) (conflict with the other indicators). */
  readonly conflict: number[]
  /** C_j = σ_j · Σ_k (1 − r_jk) (information content). */
  readonly information: number[]
}

export function criticWeights(matrix: Matrix, directions: ReadonlyArray<Direction>, options: CriticOptions = {}): Result<CriticResult, WeightError> {
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  const { rows: m, columns: n } = shape.value
  if (m < 2) return err({ code: 'too_few_regions', regions: m, required: 2 })
  const cols: number[][] = []
  for (let j = 0; j < n; j++) {
    const raw = column(matrix, j)
    if (raw.every((v) => v === raw[0])) return err({ code: 'constant_column', column: j })
    cols.push(minMaxColumn(raw, directions[j] ?? 'higher'))
  }
  const kind = options.sd ?? 'sample'
  const contrast = cols.map((c) => standardDeviation(c, kind))
  const conflict = cols.map((cj) => cols.reduce((s, ck) => s + (1 - pearson(cj, ck)), 0))
  const information = contrast.map((s, j) => s * (conflict[j] ?? NaN))
  const total = information.reduce((s, c) => s + c, 0)
  // n = 1: Σ(1 − r) = 0, nothing to weigh against
  if (!(total > 0)) return err({ code: 'no_information' })
  return ok({ weights: information.map((c) => c / total), contrast, conflict, information })
}

export { ahpWeights, SAATY_RANDOM_INDEX, type AhpError, type AhpOptions, type AhpResult } from './ahp.js'
