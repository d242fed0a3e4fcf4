import type { ErrorCode, ErrorParams } from './errors.js'

/** Where in an input a problem sits. Rows are 1-based as a spreadsheet shows them. */
export interface Location {
  readonly file?: string
  readonly sheet?: string
  readonly row?: number
  readonly column?: string
  /** Path inside a structured document (plan files, JSON), e.g. `targets[3].value`. */
  readonly path?: string
  readonly line?: number
}

export type Severity = 'error' | 'warning'

/** A validation finding: data, rendered to text only at the edge (like a zod issue). */
export interface Problem {
  readonly severity: Severity
  readonly code: ErrorCode
  readonly params: ErrorParams
  readonly location: Location
}

export const problem = (
  severity: Severity,
  code: ErrorCode,
  location: Location,
  params: ErrorParams = {},
): Problem => ({ severity, code, params, location })

export const hasErrors = (problems: ReadonlyArray<Problem>): boolean => problems.some((p) => p.severity === 'error')
