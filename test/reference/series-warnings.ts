/**
 * The jump and census-break checks written the plain way (an array per change, medians by sorting), as
 * src/monitoring/warnings.ts had them before its array versions replaced them: the reference those are compared
 * with on random series.
 */
import { median } from '../../src/core/stats.js'
import { censusStep } from '../../src/monitoring/census-step.js'
import type { MonitoringWarning, WarningOptions } from '../../src/monitoring/index.js'

/**
 * A year-on-year change is suspicious when its modified z-score (Iglewicz & Hoaglin 1993:
 * 0.6745·(x − median)/MAD) against the other changes of the series exceeds the threshold. Needs at least five
 * other changes; consecutive years only; changes across a census year are breaks, not jumps.
 */
export function referenceJumpWarnings(indicator: string, region: string, series: ReadonlyArray<{ year: number; value: number }>, options: WarningOptions): MonitoringWarning[] {
  const census = new Set(options.censusYears ?? [2000, 2010, 2020])
  const threshold = options.jumpThreshold ?? 3.5
  const changes: Array<{ year: number; change: number }> = []
  for (let i = 1; i < series.length; i++) {
    const a = series[i - 1]!
    const b = series[i]!
    if (b.year - a.year === 1 && !census.has(b.year)) changes.push({ year: b.year, change: b.value - a.value })
  }
  const out: MonitoringWarning[] = []
  if (changes.length < 6) return out
  for (const c of changes) {
    const others = changes.filter((o) => o !== c).map((o) => o.change)
    const z = modifiedZ(c.change, others, scaleFloor(series))
    if (z !== undefined && Math.abs(z) > threshold) {
      const med = median(others)
      out.push({
        kind: 'suspicious_jump',
        severity: 'high',
        indicator,
        region,
        year: c.year,
        target: null,
        score: Math.abs(z),
        params: { indicator, region, year: c.year, change: round(c.change, 4), usual: round(med, 4), z: round(z, 1) },
      })
    }
  }
  return out
}

/**
 * A census re-bases the yearly sample-survey series: where the step across a census year is unusual against the
 * series' other steps (per year, modified z-score as for jumps, at least three other steps), the change is
 * partly a statistical break, to be footnoted rather than read as growth.
 */
export function referenceCensusWarnings(
  indicator: string,
  region: string,
  series: ReadonlyArray<{ year: number; value: number; source?: string }>,
  censusYears: ReadonlyArray<number>,
  threshold: number,
): MonitoringWarning[] {
  const out: MonitoringWarning[] = []
  for (const c of censusYears) {
    const step = censusStep(series, c)
    if (!step || step.otherRates.length < 3) continue
    const { before, after } = step
    const z = modifiedZ(step.rate, step.otherRates, scaleFloor(series))
    if (z === undefined || Math.abs(z) <= threshold) continue
    out.push({
      kind: 'census_break',
      severity: 'low',
      indicator,
      region,
      year: c,
      target: null,
      score: Math.abs(z),
      params: { indicator, region, census: c, fromYear: before.year, toYear: after.year, from: before.value, to: after.value },
    })
  }
  return out
}

/** 0.1 % of the series' mean magnitude: changes smaller than that are rounding, never a jump. */
function scaleFloor(series: ReadonlyArray<{ value: number }>): number {
  return (1e-3 * series.reduce((s, p) => s + Math.abs(p.value), 0)) / Math.max(series.length, 1)
}

/** Iglewicz & Hoaglin's modified z-score of x against others: 0.6745·(x − median)/MAD (mean absolute deviation when MAD is 0). */
function modifiedZ(x: number, others: ReadonlyArray<number>, floor = 0): number | undefined {
  const med = median(others)
  let spread = median(others.map((o) => Math.abs(o - med)))
  // MAD = 0: z = (x − med)/(1.253314·MeanAD) (IBM SPSS / Iglewicz–Hoaglin practice), written as a spread in MAD units
  if (spread === 0) spread = 0.6745 * 1.253314 * (others.reduce((s, o) => s + Math.abs(o - med), 0) / others.length)
  // A very regular series would make rounding noise look extreme: the spread never counts as less than `floor`.
  spread = Math.max(spread, floor)
  if (spread === 0) return undefined
  return (0.6745 * (x - med)) / spread
}

function round(x: number, d: number): number {
  const f = 10 ** d
  return Math.round(x * f) / f
}
