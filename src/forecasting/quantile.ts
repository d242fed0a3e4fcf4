/** Quantile of sorted numbers by linear interpolation (Hyndman & Fan type 7, numpy's and R's default). */
export function quantileSorted(sorted: ReadonlyArray<number>, q: number): number {
  if (sorted.length === 0) return NaN
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const a = sorted[lo] ?? NaN
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? NaN
  return a + (h - lo) * (b - a)
}
