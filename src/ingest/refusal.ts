import { problem, type Location, type Problem } from '../core/problem.js'
import { LIMIT_ENV, type InputLimits, type LimitName } from './limits.js'

type ReaderLimit = Exclude<LimitName, 'parseHeapMiB' | 'parseSeconds'>

/**
 * A reader refusing its input part-way (a limit reached deep inside a parser callback): thrown, and turned back
 * into its problem by `readInput`, the only place that catches it.
 */
export class ReaderRefusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code)
  }
}

export function limitProblem(limits: InputLimits, limit: ReaderLimit, location: Location, actual?: number): Problem {
  return problem('error', 'ingest.limit_exceeded', location, { limit, max: limits[limit], ...(actual !== undefined ? { actual } : {}), setting: LIMIT_ENV[limit] })
}

export function refuse(limits: InputLimits, limit: ReaderLimit, location: Location, actual?: number): never {
  throw new ReaderRefusal(limitProblem(limits, limit, location, actual))
}
