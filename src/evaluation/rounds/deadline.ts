/**
 * Deadlines of a round's phases: a save on or before the deadline is on time; after it, refused unless the round
 * allows late submissions, then marked late. Dates are YYYY-MM-DD compared as text (same length, zero-padded);
 * `today` is the caller's, never read from a clock here. Pure.
 * @module
 */
export type DeadlineVerdict = 'on_time' | 'late' | 'refused'

/**
 * @example deadlineVerdict('2026-04-01', '2026-03-31', true) // 'late'
 */
export function deadlineVerdict(today: string, deadline: string | null, allowLate: boolean): DeadlineVerdict {
  if (deadline === null || today <= deadline) return 'on_time'
  return allowLate ? 'late' : 'refused'
}

/** A region is overdue when the deadline has passed and some of its items are not submitted (or further). */
export function isOverdue(today: string, deadline: string | null, items: number, submitted: number): boolean {
  return deadline !== null && today > deadline && submitted < items
}
