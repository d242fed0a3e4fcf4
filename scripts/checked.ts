/**
 * Checked forms of `xs[i]!` and `value!` for the build scripts and the benchmark suite: a lookup the code knows
 * must succeed still fails loudly, naming what was missing, instead of carrying `undefined` on.
 * @module
 */

/** `xs[i]`, or a RangeError naming the index when there is no element there. */
export function at<T>(xs: ArrayLike<T>, i: number): T {
  const x = xs[i]
  if (x === undefined) throw new RangeError(`index ${i} is outside 0..${xs.length - 1}`)
  return x
}

/** The value, or an Error saying `what` was missing when it is null or undefined. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`)
  return value
}
