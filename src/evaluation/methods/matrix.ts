/**
 * The data shape every composite-index method takes: m regions × n indicators, rows = regions, plus one direction
 * per indicator. Checked once here so each method can assume a rectangular, finite matrix.
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'

export type Matrix = ReadonlyArray<ReadonlyArray<number>>

/** Whether a higher or a lower value of an indicator is better. */
export type Direction = 'higher' | 'lower'

export type MatrixIssue =
  | { readonly code: 'empty_matrix' }
  | { readonly code: 'ragged_matrix'; readonly row: number; readonly length: number; readonly expected: number }
  | { readonly code: 'not_finite'; readonly row: number; readonly column: number }
  | { readonly code: 'direction_count'; readonly directions: number; readonly columns: number }

export interface Shape {
  readonly rows: number
  readonly columns: number
}

/** Rejects an empty, ragged or non-finite matrix, and a direction list of the wrong length. */
export function checkMatrix(matrix: Matrix, directions?: ReadonlyArray<Direction>): Result<Shape, MatrixIssue> {
  const first = matrix[0]
  if (first === undefined || first.length === 0) return err({ code: 'empty_matrix' })
  const columns = first.length
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i] ?? []
    if (row.length !== columns) return err({ code: 'ragged_matrix', row: i, length: row.length, expected: columns })
    for (let j = 0; j < columns; j++) {
      if (!Number.isFinite(row[j])) return err({ code: 'not_finite', row: i, column: j })
    }
  }
  if (directions !== undefined && directions.length !== columns) {
    return err({ code: 'direction_count', directions: directions.length, columns })
  }
  return ok({ rows: matrix.length, columns })
}

/** Column j as a new array (callers have checked the shape, so a missing cell cannot occur). */
export function column(matrix: Matrix, j: number): number[] {
  return matrix.map((row) => row[j] ?? NaN)
}

/** Rebuilds a row-major matrix from its columns. */
export function fromColumns(columns: ReadonlyArray<ReadonlyArray<number>>, rows: number): number[][] {
  return Array.from({ length: rows }, (_, i) => columns.map((c) => c[i] ?? NaN))
}

/** +1 when higher is better, −1 when lower is better: the sign that turns a value into "goodness". */
export const sign = (d: Direction): 1 | -1 => (d === 'higher' ? 1 : -1)
