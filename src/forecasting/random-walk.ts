import { mean, sampleSd } from './ols-line.js'
import { pickFrom, standardNormal } from './random-draws.js'

/**
 * A random walk with drift on the working scale, anchored at the last observation. URGD held constant is exactly
 * this in logit space, and short series use it on every scale (see short-series-rule.ts).
 */
export interface RandomWalk {
  readonly anchor: number
  /** Per year. */
  readonly drift: number
  /** Sd of one year's step noise, as estimated (before any floor or df correction). */
  readonly stepSd: number
  /** A drift the data could as well have given: estimation uncertainty. */
  readonly drawDrift: (rng: () => number) => number
  /** One year's step noise. */
  readonly drawStep: (rng: () => number) => number
}

/**
 * Residual bootstrap of a walk observed at `years`: its innovations are the yearly changes minus the drift, each
 * scaled by √gap so that multi-year gaps count as that many yearly steps, centred and inflated by √(m/(m − 1)) for
 * the fitted drift. A replicate resamples all m of them to re-estimate the drift; each future year adds one more.
 */
export function bootstrapWalk(years: ReadonlyArray<number>, working: ReadonlyArray<number>): RandomWalk {
  const { anchor, drift, gaps, changes } = walkShape(years, working)
  const raw = changes.map((c, i) => (c - drift * (gaps[i] ?? 1)) / Math.sqrt(gaps[i] ?? 1))
  const m = raw.length
  const centre = mean(raw)
  const inflate = m > 1 ? Math.sqrt(m / (m - 1)) : 1
  const pool = raw.map((u) => (u - centre) * inflate)
  const totalYears = gaps.reduce((a, g) => a + g, 0)
  return {
    anchor,
    drift,
    stepSd: sampleSd(raw),
    drawDrift: (rng) => {
      let s = 0
      for (const g of gaps) s += Math.sqrt(g) * pickFrom(rng, pool)
      return drift + s / totalYears
    },
    drawStep: (rng) => pickFrom(rng, pool),
  }
}

/** A walk with normal steps of a chosen sd; the drift's own error is that of a mean over the observed years. */
export function normalWalk(years: ReadonlyArray<number>, working: ReadonlyArray<number>, stepSd: number): RandomWalk {
  const { anchor, drift, gaps } = walkShape(years, working)
  const totalYears = gaps.reduce((a, g) => a + g, 0)
  return {
    anchor,
    drift,
    stepSd,
    drawDrift: (rng) => drift + (stepSd / Math.sqrt(totalYears)) * standardNormal(rng),
    drawStep: (rng) => stepSd * standardNormal(rng),
  }
}

/** Working-scale paths [horizon year][draw]: drift drawn once per path, one step noise per year. */
export function simulateWalk(walk: RandomWalk, horizon: number, draws: number, rng: () => number): number[][] {
  const byYear: number[][] = Array.from({ length: horizon }, () => [])
  for (let b = 0; b < draws; b++) {
    const drift = walk.drawDrift(rng)
    let w = walk.anchor
    for (let k = 0; k < horizon; k++) {
      w += drift + walk.drawStep(rng)
      byYear[k]?.push(w)
    }
  }
  return byYear
}

export function walkShape(years: ReadonlyArray<number>, working: ReadonlyArray<number>) {
  const gaps: number[] = []
  const changes: number[] = []
  for (let i = 1; i < years.length; i++) {
    gaps.push((years[i] ?? 0) - (years[i - 1] ?? 0))
    changes.push((working[i] ?? 0) - (working[i - 1] ?? 0))
  }
  const first = years[0] ?? 0
  const lastYear = years[years.length - 1] ?? 0
  const anchor = working[working.length - 1] ?? NaN
  // Mean annual change over the whole stretch: for URGD, the brief's (1/n)[logit(p_t) − logit(p_{t−n})].
  const drift = (anchor - (working[0] ?? NaN)) / (lastYear - first)
  return { anchor, drift, gaps, changes }
}
