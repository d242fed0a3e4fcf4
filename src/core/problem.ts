import { AppError, type ErrorCode, type ErrorParams, type ParamsArg } from './errors.js'

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

/** A validation finding of one code: data, rendered to text only at the edge (like a zod issue). */
export interface ProblemOf<C extends ErrorCode> {
  readonly severity: Severity
  readonly code: C
  readonly params: ErrorParams<C>
  readonly location: Location
}

/** A problem of one of the codes `C`: a union over them, so narrowing `code` narrows `params`. */
export type ProblemFor<C extends ErrorCode> = { [K in C]: ProblemOf<K> }[C]

export type Problem = ProblemFor<ErrorCode>

export const problem = <C extends ErrorCode>(severity: Severity, code: C, location: Location, ...params: ParamsArg<C>): ProblemFor<C> =>
  // For a literal code this is ProblemOf<C>; for a union of codes the union of their problems.
  ({ severity, code, params: params[0] ?? {}, location }) as ProblemFor<C>

export const hasErrors = (problems: ReadonlyArray<Problem>): boolean => problems.some((p) => p.severity === 'error')

/** A problem thrown: same code, same params. */
export function problemError(p: Problem, options?: { cause?: unknown }): AppError {
  // The union of problems pairs each code with its params; AppError's constructor cannot see that pairing.
  return new (AppError as new (code: ErrorCode, params: ErrorParams, options?: { cause?: unknown }) => AppError)(p.code, p.params, options)
}
