/**
 * Checked access to a value the code's own invariants guarantee (an index inside its array, a key the same function
 * just put in a map), instead of a `!` that would let `undefined` run on.
 * @module
 */

/** Returns `value`, or throws when it is missing: a bug in urbmon, not bad input, hence a bare Error. */
export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`invariant broken: ${what} is missing`)
  return value
}
