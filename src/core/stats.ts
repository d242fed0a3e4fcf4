import { at } from './checked.js'

/** The median of a list (the mean of the middle two for an even count); NaN for an empty one. */
export function median(xs: ReadonlyArray<number>): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  const upper = at(s, m, 'middle of the sorted list')
  return s.length % 2 ? upper : (at(s, m - 1, 'middle of the sorted list') + upper) / 2
}

/** Quantile of sorted numbers by linear interpolation (Hyndman & Fan type 7, numpy's and R's default). */
export function quantileSorted(sorted: ReadonlyArray<number>, q: number): number {
  if (sorted.length === 0) return NaN
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const a = sorted[lo] ?? NaN
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? NaN
  return a + (h - lo) * (b - a)
}
