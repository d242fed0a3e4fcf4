/**
 * The "better than" rule of issue 16: a self-rating better than what the data say is flagged for the evaluator.
 * Order, best first: achieved > on_track > at_risk > off_track > regressing; no_data on either side never flags.
 * Pure.
 * @module
 */
export const RATED_STATUS_ORDER = ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing'] as const
export type RatedStatus = (typeof RATED_STATUS_ORDER)[number] | 'no_data'

/** Rank of a status, 0 best; undefined for no_data (or anything unknown). */
function rankOf(status: string): number | undefined {
  const i = (RATED_STATUS_ORDER as ReadonlyArray<string>).indexOf(status)
  return i === -1 ? undefined : i
}

/**
 * Whether `self` is strictly better than `computed`.
 * @example isBetterThan('achieved', 'at_risk') // true
 */
export function isBetterThan(self: string | null | undefined, computed: string | null | undefined): boolean {
  if (!self || !computed) return false
  const a = rankOf(self)
  const b = rankOf(computed)
  return a !== undefined && b !== undefined && a < b
}
