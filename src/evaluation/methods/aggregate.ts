/**
 * Aggregation of a normalised m × n matrix into one score per region.
 *
 * Weighted arithmetic mean (OECD/JRC Handbook 2008, section 6.1):  S_i = Σ_j w_j x_ij.
 * Weighted geometric mean (Handbook section 6.2):                  S_i = Π_j x_ij^w_j = exp(Σ_j w_j ln x_ij).
 *   It is only defined for x > 0; a value ≤ 0 returns 'non_positive' rather than being shifted silently (min–max
 *   data contain zeros: shift or rescale first, as the uncertainty pipeline documents it does).
 * Weights are checked (finite, ≥ 0, one per indicator, not all 0) and scaled to sum to 1 before use.
 *
 * TOPSIS (Hwang & Yoon 1981, Multiple Attribute Decision Making: Methods and Applications, Springer), on the raw matrix:
 *   r_ij = normalised value;  v_ij = w_j r_ij
 *   ideal A+_j = max_i v_ij (higher is better) or min_i v_ij (lower);  anti-ideal A−_j the opposite
 *   D+_i = √Σ_j (v_ij − A+_j)²,  D−_i = √Σ_j (v_ij − A−_j)²,  C_i = D−_i / (D+_i + D−_i)  in [0, 1], 1 = best.
 *   `normalisation: 'vector'` (default, the classic form, as R's `topsis` package): r = x/√Σx², direction handled
 *   by the choice of ideal. `normalisation: 'minmax'` (as pymcdm's TOPSIS): r = min–max with lower-is-better
 *   columns inverted, so the ideal is always the column maximum. The two can rank the same regions differently.
 *   When every region is equal on every weighted indicator, D+ + D− = 0 and 'all_equal' is returned.
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'
import { checkMatrix, column, type Direction, type Matrix, type MatrixIssue } from './matrix.js'
import { minMaxColumn } from './normalise.js'

export type AggregateError =
  | MatrixIssue
  | { readonly code: 'weight_count'; readonly weights: number; readonly expected: number }
  | { readonly code: 'negative_weight'; readonly index: number; readonly value: number }
  | { readonly code: 'not_finite_weight'; readonly index: number }
  | { readonly code: 'zero_total' }
  | { readonly code: 'non_positive'; readonly row: number; readonly column: number; readonly value: number }
  | { readonly code: 'zero_norm'; readonly column: number }
  | { readonly code: 'all_equal' }

/** Checks weights against n indicators and scales them to sum to 1. */
export function scaleWeights(weights: ReadonlyArray<number>, n: number): Result<number[], AggregateError> {
  if (weights.length !== n) return err({ code: 'weight_count', weights: weights.length, expected: n })
  let total = 0
  for (let j = 0; j < n; j++) {
    const w = weights[j] ?? NaN
    if (!Number.isFinite(w)) return err({ code: 'not_finite_weight', index: j })
    if (w < 0) return err({ code: 'negative_weight', index: j, value: w })
    total += w
  }
  if (total === 0) return err({ code: 'zero_total' })
  return ok(weights.map((w) => w / total))
}

export function weightedArithmetic(matrix: Matrix, weights: ReadonlyArray<number>): Result<number[], AggregateError> {
  const shape = checkMatrix(matrix)
  if (!shape.ok) return shape
  const w = scaleWeights(weights, shape.value.columns)
  if (!w.ok) return w
  return ok(matrix.map((row) => row.reduce((s, x, j) => s + (w.value[j] ?? NaN) * x, 0)))
}

export function weightedGeometric(matrix: Matrix, weights: ReadonlyArray<number>): Result<number[], AggregateError> {
  const shape = checkMatrix(matrix)
  if (!shape.ok) return shape
  const w = scaleWeights(weights, shape.value.columns)
  if (!w.ok) return w
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i] ?? []
    for (let j = 0; j < row.length; j++) {
      const x = row[j] ?? NaN
      if (!(x > 0)) return err({ code: 'non_positive', row: i, column: j, value: x })
    }
  }
  return ok(matrix.map((row) => Math.exp(row.reduce((s, x, j) => s + (w.value[j] ?? NaN) * Math.log(x), 0))))
}

export interface TopsisOptions {
  /** 'vector' (default, Hwang & Yoon) or 'minmax' (pymcdm). */
  readonly normalisation?: 'vector' | 'minmax'
}

export interface TopsisResult {
  /** C_i = D−/(D+ + D−), 1 = at the ideal. */
  readonly closeness: number[]
  readonly dPlus: number[]
  readonly dMinus: number[]
  /** The weighted normalised ideal and anti-ideal points, per indicator. */
  readonly ideal: number[]
  readonly antiIdeal: number[]
}

export function topsis(matrix: Matrix, directions: ReadonlyArray<Direction>, weights: ReadonlyArray<number>, options: TopsisOptions = {}): Result<TopsisResult, AggregateError> {
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  const { rows: m, columns: n } = shape.value
  const w = scaleWeights(weights, n)
  if (!w.ok) return w
  const useMinMax = options.normalisation === 'minmax'
  const v: number[][] = []
  const ideal: number[] = []
  const antiIdeal: number[] = []
  for (let j = 0; j < n; j++) {
    const x = column(matrix, j)
    const d = directions[j] ?? 'higher'
    const wj = w.value[j] ?? NaN
    let r: number[]
    if (useMinMax) {
      // a constant column gives every region the same value, which then adds nothing to either distance
      r = minMaxColumn(x, d)
    } else {
      const norm = Math.sqrt(x.reduce((s, t) => s + t * t, 0))
      if (norm === 0) return err({ code: 'zero_norm', column: j })
      r = x.map((t) => t / norm)
    }
    const vj = r.map((t) => wj * t)
    const hi = Math.max(...vj)
    const lo = Math.min(...vj)
    // after min–max inversion every column is "higher is better"
    const higherBetter = useMinMax || d === 'higher'
    ideal.push(higherBetter ? hi : lo)
    antiIdeal.push(higherBetter ? lo : hi)
    v.push(vj)
  }
  const dPlus: number[] = []
  const dMinus: number[] = []
  const closeness: number[] = []
  for (let i = 0; i < m; i++) {
    let sp = 0
    let sm = 0
    for (let j = 0; j < n; j++) {
      const vij = v[j]?.[i] ?? NaN
      sp += (vij - (ideal[j] ?? NaN)) ** 2
      sm += (vij - (antiIdeal[j] ?? NaN)) ** 2
    }
    const dp = Math.sqrt(sp)
    const dm = Math.sqrt(sm)
    if (dp + dm === 0) return err({ code: 'all_equal' })
    dPlus.push(dp)
    dMinus.push(dm)
    closeness.push(dm / (dp + dm))
  }
  return ok({ closeness, dPlus, dMinus, ideal, antiIdeal })
}
