import { fitLine } from './ols-line.js'

export interface LogisticParams {
  readonly K: number
  readonly r: number
  readonly tm: number
}

/**
 * Where K starts when it is fitted: the middle of its admissible range [max(observed), upper], a point the data
 * allow and neither end favoured. Without an upper bound, max + (max − min): the observed rise once more.
 */
export function initialSaturation(values: ReadonlyArray<number>, range: readonly [number, number]): number {
  const [lo, hi] = range
  if (Number.isFinite(hi)) return (lo + hi) / 2
  const min = Math.min(...values)
  return lo + (lo > min ? lo - min : Math.abs(lo))
}

/**
 * Starting point for the logistic fit, from its logit-linear form: with K fixed at K0,
 * ln(y / (K0 − y)) = r·(t − tm) is a straight line in t, so OLS z = a + b·t gives r0 = b and tm0 = −a/b.
 * Undefined when a value is not inside (0, K0) or the line is flat.
 */
export function logisticStart(years: ReadonlyArray<number>, values: ReadonlyArray<number>, K0: number): LogisticParams | undefined {
  const z: number[] = []
  for (const y of values) {
    if (!(y > 0 && y < K0)) return undefined
    z.push(Math.log(y / (K0 - y)))
  }
  const line = fitLine(years, z)
  if (!line || line.slope === 0) return undefined
  return { K: K0, r: line.slope, tm: -line.intercept / line.slope }
}
