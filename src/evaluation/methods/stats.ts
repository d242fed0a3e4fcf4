/**
 * Small descriptive statistics shared by the methods. Each states its convention, since the sources differ.
 * @module
 */

export type SdKind = 'sample' | 'population'

export function mean(xs: ReadonlyArray<number>): number {
  let s = 0
  for (const x of xs) s += x
  return s / xs.length
}

/** Standard deviation with divisor m − 1 (sample, R's sd(), numpy ddof=1) or m (population, numpy's default). */
export function standardDeviation(xs: ReadonlyArray<number>, kind: SdKind): number {
  const mu = mean(xs)
  let ss = 0
  for (const x of xs) ss += (x - mu) ** 2
  return Math.sqrt(ss / (kind === 'sample' ? xs.length - 1 : xs.length))
}

/** Pearson's r; NaN when either vector is constant (the correlation is undefined). */
export function pearson(x: ReadonlyArray<number>, y: ReadonlyArray<number>): number {
  const mx = mean(x)
  const my = mean(y)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] ?? NaN) - mx
    const dy = (y[i] ?? NaN) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy)
}

export { quantileSorted } from '../../core/stats.js'

/**
 * Ranks in ascending order, 1 = smallest, ties given the mean of the ranks they span (scipy.stats.rankdata's
 * default 'average', R's rank(ties.method = "average")).
 */
export function averageRanks(values: ReadonlyArray<number>): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v)
  const ranks = new Array<number>(values.length).fill(NaN)
  let k = 0
  while (k < order.length) {
    let end = k
    while (end + 1 < order.length && order[end + 1]?.v === order[k]?.v) end++
    // positions k..end (0-based) share the ranks k+1..end+1, whose mean is (k + end)/2 + 1
    const r = (k + end) / 2 + 1
    for (let t = k; t <= end; t++) ranks[order[t]?.i ?? 0] = r
    k = end + 1
  }
  return ranks
}

/** Ranks of composite scores, 1 = best (highest score), ties averaged. */
export function ranksFromBest(scores: ReadonlyArray<number>): number[] {
  return averageRanks(scores.map((s) => -s))
}
