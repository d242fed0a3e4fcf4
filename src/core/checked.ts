/**
 * Checked reads of what the code itself guarantees: an index inside its array, a key its own map was built with.
 * A miss is a bug in urbmon, never bad input, so it throws a bare `Error` naming what was read (the HTTP layer
 * answers `internal` and logs the text; no user sees it).
 *
 * Each typed-array kind has its own accessor so that the read inside stays monomorphic for V8: one generic accessor
 * shared by the engine's Int32Array, Float64Array, Uint16Array and Uint8Array loops turns megamorphic and runs
 * several times slower, while a per-kind one inlines to the plain read (the `undefined` test folds away in optimised
 * code). `at` is for ordinary arrays off the hot loops.
 * @module
 */

/** Kept out of line so the accessors stay small enough to inline. */
function missing(what: string, key: unknown): never {
  throw new Error(`invariant broken: ${what} has no entry ${String(key)}`)
}

/** `list[i]` where the caller's logic keeps `i` in range and the element set (an `undefined` element is a miss too). */
export function at<T>(list: ArrayLike<T | undefined>, i: number, what = 'a list'): T {
  const v = list[i]
  if (v === undefined) return missing(what, i)
  return v
}

export function int32At(a: Int32Array, i: number, what: string): number {
  const v = a[i]
  if (v === undefined) return missing(what, i)
  return v
}

export function float64At(a: Float64Array, i: number, what: string): number {
  const v = a[i]
  if (v === undefined) return missing(what, i)
  return v
}

export function uint16At(a: Uint16Array, i: number, what: string): number {
  const v = a[i]
  if (v === undefined) return missing(what, i)
  return v
}

export function uint8At(a: Uint8Array, i: number, what: string): number {
  const v = a[i]
  if (v === undefined) return missing(what, i)
  return v
}

/** `map.get(key)` for a key the map was built with. */
export function got<K, V>(map: ReadonlyMap<K, V | undefined>, key: K, what: string): V {
  const v = map.get(key)
  if (v === undefined) return missing(what, key)
  return v
}

/** `value` where the caller's logic guarantees it is set (a lookup that cannot miss, a value checked earlier). */
export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`invariant broken: ${what} is missing`)
  return value
}
