/**
 * Normalisation: brings indicators measured in different units onto one scale, with the direction applied so that
 * a higher normalised value is always better (except `vectorNormalise`, which TOPSIS uses before it applies
 * directions itself).
 *
 * Sources: OECD/JRC, Handbook on Constructing Composite Indicators: Methodology and User Guide (2008), section 5
 * and Table 3; JRC's COINr (bluefoxr/COINr, R/normalise.R and its documentation for version 1.1.14).
 *
 *   minMax            higher: (x − min)/(max − min);  lower: (max − x)/(max − min)            in [0, 1]
 *                     A constant column (max = min) has no information to scale: every region gets
 *                     `constantValue` (default 1, "all regions equally good"). COINr returns NaN with a warning;
 *                     a number keeps the later arithmetic defined and ranks are unaffected by a constant.
 *   zScore            d·(x − mean)/sd with d = +1 (higher) or −1 (lower): direction by sign flip.
 *                     sd is the sample standard deviation (divisor m − 1) by default, as COINr's n_zscore (R's
 *                     sd()); `{ sd: 'population' }` divides by m. A constant column gives 0 for every region.
 *   distanceToTarget  COINr n_dist2targ (version 1.1.14):  higher: (x − min)/(T − min);  lower: (max − x)/(max − T).
 *                     1 means the target is met. `capMax` (default true) caps values above 1 at 1: a plan target
 *                     that is exceeded counts as met, and overshoot is not rewarded. COINr's own default is
 *                     cap_max = FALSE. The target must lie beyond the worst value (T > min, resp. T < max).
 *                     `{ form: 'ratio' }` is the Handbook's "distance to a reference" ratio instead:
 *                     higher x/T, lower T/x (values and targets > 0), with the same capping.
 *   rankNormalise     ranks of d·x, 1 = worst … m = best; ties get the average of their ranks (scipy's
 *                     rankdata default). Scaled to [0, 1] as (r − 1)/(m − 1) by default (COINr's n_prank shape,
 *                     though COINr breaks ties by the minimum rank); `{ scale: 'raw' }` returns the ranks.
 *   vectorNormalise   x/√Σx² per column, no direction (Hwang & Yoon 1981 TOPSIS). A column of zeros is rejected.
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'
import { checkMatrix, column, fromColumns, sign, type Direction, type Matrix, type MatrixIssue } from './matrix.js'
import { averageRanks, mean, standardDeviation, type SdKind } from './stats.js'

export type NormaliseError =
  | MatrixIssue
  | { readonly code: 'too_few_regions'; readonly regions: number; readonly required: number }
  | { readonly code: 'target_count'; readonly targets: number; readonly columns: number }
  | { readonly code: 'target_not_beyond_worst'; readonly column: number; readonly target: number; readonly worst: number }
  | { readonly code: 'non_positive'; readonly row: number; readonly column: number; readonly value: number }
  | { readonly code: 'non_positive_target'; readonly column: number; readonly target: number }
  | { readonly code: 'zero_norm'; readonly column: number }

export interface MinMaxOptions {
  /** Value given to every region when a column is constant (default 1). */
  readonly constantValue?: number
}

export function minMax(matrix: Matrix, directions: ReadonlyArray<Direction>, options: MinMaxOptions = {}): Result<number[][], NormaliseError> {
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  const constant = options.constantValue ?? 1
  const cols = directions.map((d, j) => minMaxColumn(column(matrix, j), d, constant))
  return ok(fromColumns(cols, shape.value.rows))
}

/** Min–max of one already-checked column (shared with CRITIC and the uncertainty pipeline). */
export function minMaxColumn(x: ReadonlyArray<number>, d: Direction, constantValue = 1): number[] {
  const lo = Math.min(...x)
  const hi = Math.max(...x)
  if (hi === lo) return x.map(() => constantValue)
  return x.map((v) => (d === 'higher' ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo)))
}

export interface ZScoreOptions {
  /** 'sample' (default, divisor m − 1, as COINr/R) or 'population' (divisor m). */
  readonly sd?: SdKind
}

export function zScore(matrix: Matrix, directions: ReadonlyArray<Direction>, options: ZScoreOptions = {}): Result<number[][], NormaliseError> {
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  const kind = options.sd ?? 'sample'
  const required = kind === 'sample' ? 2 : 1
  if (shape.value.rows < required) return err({ code: 'too_few_regions', regions: shape.value.rows, required })
  const cols = directions.map((d, j) => {
    const x = column(matrix, j)
    const mu = mean(x)
    const s = standardDeviation(x, kind)
    return x.map((v) => (s === 0 ? 0 : (sign(d) * (v - mu)) / s))
  })
  return ok(fromColumns(cols, shape.value.rows))
}

export interface DistanceToTargetOptions {
  /** 'coinr' (default): COINr's n_dist2targ; 'ratio': x/T (higher) or T/x (lower). */
  readonly form?: 'coinr' | 'ratio'
  /** Cap values above 1 (target exceeded) at 1; default true. */
  readonly capMax?: boolean
}

export function distanceToTarget(
  matrix: Matrix,
  directions: ReadonlyArray<Direction>,
  targets: ReadonlyArray<number>,
  options: DistanceToTargetOptions = {},
): Result<number[][], NormaliseError> {
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  if (targets.length !== shape.value.columns) {
    return err({ code: 'target_count', targets: targets.length, columns: shape.value.columns })
  }
  const cap = options.capMax ?? true
  const form = options.form ?? 'coinr'
  const cols: number[][] = []
  for (let j = 0; j < shape.value.columns; j++) {
    const x = column(matrix, j)
    const t = targets[j] ?? NaN
    const d = directions[j] ?? 'higher'
    let y: number[]
    if (form === 'ratio') {
      if (!(t > 0) || !Number.isFinite(t)) return err({ code: 'non_positive_target', column: j, target: t })
      const bad = x.findIndex((v) => !(v > 0))
      if (bad >= 0) return err({ code: 'non_positive', row: bad, column: j, value: x[bad] ?? NaN })
      y = x.map((v) => (d === 'higher' ? v / t : t / v))
    } else {
      const worst = d === 'higher' ? Math.min(...x) : Math.max(...x)
      // the target must be strictly better than the worst value, or the scale has zero or negative length
      if (sign(d) * (t - worst) <= 0 || !Number.isFinite(t)) {
        return err({ code: 'target_not_beyond_worst', column: j, target: t, worst })
      }
      // written per direction so that a value equal to the worst is +0, not −0
      y = x.map((v) => (d === 'higher' ? (v - worst) / (t - worst) : (worst - v) / (worst - t)))
    }
    cols.push(cap ? y.map((v) => Math.min(v, 1)) : y)
  }
  return ok(fromColumns(cols, shape.value.rows))
}

export interface RankOptions {
  /** 'unit' (default): (r − 1)/(m − 1) in [0, 1]; 'raw': the ranks 1 … m, m = best. */
  readonly scale?: 'unit' | 'raw'
}

export function rankNormalise(matrix: Matrix, directions: ReadonlyArray<Direction>, options: RankOptions = {}): Result<number[][], NormaliseError> {
  const shape = checkMatrix(matrix, directions)
  if (!shape.ok) return shape
  const m = shape.value.rows
  const cols = directions.map((d, j) => {
    const r = averageRanks(column(matrix, j).map((v) => sign(d) * v))
    if (options.scale === 'raw') return r
    // a single region is trivially the best
    return r.map((v) => (m === 1 ? 1 : (v - 1) / (m - 1)))
  })
  return ok(fromColumns(cols, m))
}

export function vectorNormalise(matrix: Matrix): Result<number[][], NormaliseError> {
  const shape = checkMatrix(matrix)
  if (!shape.ok) return shape
  const cols: number[][] = []
  for (let j = 0; j < shape.value.columns; j++) {
    const x = column(matrix, j)
    const norm = Math.sqrt(x.reduce((s, v) => s + v * v, 0))
    if (norm === 0) return err({ code: 'zero_norm', column: j })
    cols.push(x.map((v) => v / norm))
  }
  return ok(fromColumns(cols, shape.value.rows))
}

/** A normalisation and its parameters, as data (so an uncertainty analysis can list alternatives). */
export type NormalisationSpec =
  | { readonly method: 'minmax'; readonly constantValue?: number }
  | { readonly method: 'zscore'; readonly sd?: SdKind }
  | { readonly method: 'rank'; readonly scale?: 'unit' | 'raw' }
  | {
      readonly method: 'dist2targ'
      readonly targets: ReadonlyArray<number>
      readonly form?: 'coinr' | 'ratio'
      readonly capMax?: boolean
    }

export function normalise(matrix: Matrix, directions: ReadonlyArray<Direction>, spec: NormalisationSpec): Result<number[][], NormaliseError> {
  switch (spec.method) {
    case 'minmax':
      return minMax(matrix, directions, spec)
    case 'zscore':
      return zScore(matrix, directions, spec)
    case 'rank':
      return rankNormalise(matrix, directions, spec)
    case 'dist2targ':
      return distanceToTarget(matrix, directions, spec.targets, spec)
  }
}
