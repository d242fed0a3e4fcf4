import { problem, type Problem } from '../core/problem.js'
import type { ErrorCode } from '../core/errors.js'

/** Problems of one kind listed in full; the rest are counted (as the streamed import does). */
export const SHOWN_PER_CODE = 100

/** The first problems of each code, then one `ingest.more_problems` per code saying how many more there were. */
export function capProblems(problems: ReadonlyArray<Problem>, file: string): Problem[] {
  const counts = new Map<ErrorCode, { severity: Problem['severity']; count: number }>()
  const shown: Problem[] = []
  for (const p of problems) {
    const c = counts.get(p.code) ?? { severity: p.severity, count: 0 }
    c.count++
    counts.set(p.code, c)
    if (c.count <= SHOWN_PER_CODE) shown.push(p)
  }
  for (const [code, c] of counts) {
    if (c.count > SHOWN_PER_CODE) shown.push(problem(c.severity, 'ingest.more_problems', { file }, { code, count: c.count - SHOWN_PER_CODE, shown: SHOWN_PER_CODE }))
  }
  return shown
}
