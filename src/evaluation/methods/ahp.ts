/**
 * Analytic Hierarchy Process weights (Saaty 1977, J. Math. Psychology 15: 234–281; Saaty 1980, The Analytic
 * Hierarchy Process, McGraw-Hill; Saaty 1990, EJOR 48: 9–26).
 *
 *   A = (a_ij), n × n, positive and reciprocal (a_ji = 1/a_ij, so a_ii = 1).
 *   w = principal (Perron) eigenvector of A, scaled to Σw = 1, found by power iteration
 *       w ← A w / Σ(A w) from w = (1/n, …), until max_i |Δw_i| < 1e-12.
 *   λmax = Σ_i (A w)_i  (= λ because A w = λ w and Σ w = 1)
 *   CI = (λmax − n)/(n − 1),  CR = CI/RI(n) with Saaty's random index RI below.
 *   For n ≤ 2 every reciprocal matrix is consistent: CI = CR = 0 (RI = 0 there, so CR is defined, not computed).
 *
 * Saaty's rule rejects CR > 0.1; `ahpWeights` returns the 'inconsistent' error then, carrying CR and the weights,
 * so a caller can show them while asking for revised judgements. `{ maxCr: Infinity }` accepts any matrix.
 * Reciprocity is checked as |a_ij·a_ji − 1| ≤ 1e-9, so 1/3 must be entered as 1/3, not as 0.33.
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'

/**
 * Saaty's random consistency index RI for n = 1 … 15 (index n − 1): the mean CI of random reciprocal matrices on
 * the 1/9 … 9 scale, in the form the AHP literature commonly reproduces from Saaty (0.58, 0.90, 1.12, 1.24, 1.32,
 * 1.41 for n = 3 … 8 agree with the CR = 0.169 of Saaty 1990's house example; the n = 11 … 15 entries, including
 * the non-monotone 1.48 at n = 12, were not checked against Saaty's own table). pymcdm uses the different table of
 * Tummala & Ling (1998), so its CRs differ slightly from these.
 */
export const SAATY_RANDOM_INDEX: ReadonlyArray<number> = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]

export type AhpError =
  | { readonly code: 'empty' }
  | { readonly code: 'not_square'; readonly row: number; readonly length: number; readonly expected: number }
  | { readonly code: 'too_large'; readonly n: number; readonly max: number }
  | { readonly code: 'not_positive'; readonly row: number; readonly column: number; readonly value: number }
  | { readonly code: 'not_reciprocal'; readonly row: number; readonly column: number; readonly product: number }
  | { readonly code: 'not_converged'; readonly iterations: number }
  | {
      readonly code: 'inconsistent'
      readonly cr: number
      readonly maxCr: number
      readonly ci: number
      readonly lambdaMax: number
      readonly weights: number[]
    }

export interface AhpOptions {
  /** Largest acceptable consistency ratio (default 0.1, Saaty's rule). */
  readonly maxCr?: number
  /** Stop when no weight moves by this much (default 1e-12). */
  readonly tolerance?: number
  readonly maxIterations?: number
}

export interface AhpResult {
  readonly weights: number[]
  readonly lambdaMax: number
  readonly ci: number
  readonly cr: number
  readonly ri: number
  readonly iterations: number
}

const RECIPROCAL_TOLERANCE = 1e-9

export function ahpWeights(matrix: ReadonlyArray<ReadonlyArray<number>>, options: AhpOptions = {}): Result<AhpResult, AhpError> {
  const n = matrix.length
  if (n === 0) return err({ code: 'empty' })
  for (let i = 0; i < n; i++) {
    const len = matrix[i]?.length ?? 0
    if (len !== n) return err({ code: 'not_square', row: i, length: len, expected: n })
  }
  if (n > SAATY_RANDOM_INDEX.length) return err({ code: 'too_large', n, max: SAATY_RANDOM_INDEX.length })
  const a = (i: number, j: number): number => matrix[i]?.[j] ?? NaN
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a(i, j)
      if (!(v > 0) || !Number.isFinite(v)) return err({ code: 'not_positive', row: i, column: j, value: v })
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const product = a(i, j) * a(j, i)
      if (Math.abs(product - 1) > RECIPROCAL_TOLERANCE) return err({ code: 'not_reciprocal', row: i, column: j, product })
    }
  }

  const multiply = (w: ReadonlyArray<number>): number[] => Array.from({ length: n }, (_, i) => w.reduce((s, wj, j) => s + a(i, j) * wj, 0))
  const tolerance = options.tolerance ?? 1e-12
  const maxIterations = options.maxIterations ?? 10_000
  let w = Array.from({ length: n }, () => 1 / n)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations) {
    iterations++
    const y = multiply(w)
    const s = y.reduce((t, v) => t + v, 0)
    const next = y.map((v) => v / s)
    const delta = Math.max(...next.map((v, i) => Math.abs(v - (w[i] ?? NaN))))
    w = next
    if (delta < tolerance) {
      converged = true
      break
    }
  }
  // a positive matrix always converges (Perron–Frobenius); this guards a caller's too-small maxIterations
  if (!converged) return err({ code: 'not_converged', iterations })

  const lambdaMax = multiply(w).reduce((t, v) => t + v, 0)
  const ri = SAATY_RANDOM_INDEX[n - 1] ?? NaN
  const ci = n <= 2 ? 0 : (lambdaMax - n) / (n - 1)
  const cr = n <= 2 ? 0 : ci / ri
  const maxCr = options.maxCr ?? 0.1
  if (cr > maxCr) return err({ code: 'inconsistent', cr, maxCr, ci, lambdaMax, weights: w })
  return ok({ weights: w, lambdaMax, ci, cr, ri, iterations })
}
