import type { FittedTrend } from './fitted-trend.js'
import { mean } from './ols-line.js'
import { pickFrom } from './random-draws.js'

export interface BootstrapPaths {
  /** Working-scale values [horizon year][successful draw]. */
  readonly byYear: number[][]
  readonly failed: number
}

/**
 * Residual bootstrap for a fitted trend (Efron & Tibshirani 1993, §9.5; Davison & Hinkley 1997, §6.3): residuals
 * on the working scale are centred and inflated by √(n/(n − p)) so their spread matches the error variance rather
 * than the smaller in-sample one; each replicate adds resampled residuals to the fitted values, refits, projects,
 * and adds one more resampled residual per future year for the noise of the year itself.
 */
export function residualBootstrap(
  years: ReadonlyArray<number>,
  working: ReadonlyArray<number>,
  fit: FittedTrend,
  horizonYears: ReadonlyArray<number>,
  draws: number,
  rng: () => number,
): BootstrapPaths {
  const fitted = years.map((t) => fit.predict(t))
  const pool = centredResiduals(working, fitted, fit.paramCount)
  const byYear: number[][] = horizonYears.map(() => [])
  let failed = 0
  for (let b = 0; b < draws; b++) {
    const pseudo = fitted.map((f) => f + pickFrom(rng, pool))
    const again = fit.refit(pseudo)
    if (!again) {
      failed++
      continue
    }
    horizonYears.forEach((t, k) => byYear[k]?.push(again.predict(t) + pickFrom(rng, pool)))
  }
  return { byYear, failed }
}

/** √(Σe² / (n − p)) on the working scale. */
export function residualSd(working: ReadonlyArray<number>, fit: FittedTrend, years: ReadonlyArray<number>): number {
  let ss = 0
  years.forEach((t, i) => {
    ss += ((working[i] ?? NaN) - fit.predict(t)) ** 2
  })
  return Math.sqrt(ss / Math.max(1, years.length - fit.paramCount))
}

function centredResiduals(working: ReadonlyArray<number>, fitted: ReadonlyArray<number>, p: number): number[] {
  const e = working.map((w, i) => w - (fitted[i] ?? NaN))
  const m = mean(e)
  const n = e.length
  const inflate = n > p ? Math.sqrt(n / (n - p)) : 1
  return e.map((x) => (x - m) * inflate)
}
