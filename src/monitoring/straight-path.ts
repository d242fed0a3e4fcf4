/**
 * The straight-path measure Chinese plan evaluations use ("进度符合预期/滞后"): progress against a straight line
 * from the baseline to the target.
 *   progress          = (latest − baseline) / (target − baseline)
 *   expectedProgress  = (latestYear − baselineYear) / (targetYear − baselineYear)
 *   requiredAnnual    = (target − latest) / (targetYear − latestYear)
 * @module
 */

export type Status = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'regressing' | 'no_data'

export interface StraightPathInput {
  readonly baselineYear: number
  readonly baselineValue: number
  readonly latestYear: number
  readonly latestValue: number
  readonly targetYear: number
  readonly targetValue: number
  /** +1 when higher is better, −1 when lower is better. */
  readonly sense: 1 | -1
  /** The target's comparator already holds for the latest value. */
  readonly met: boolean
  readonly thresholds: { readonly onTrack: number; readonly atRisk: number }
}

export interface StraightPathResult {
  readonly progress: number | null
  readonly expectedProgress: number | null
  readonly requiredAnnualChange: number | null
  readonly status: Status
}

export function straightPath(i: StraightPathInput): StraightPathResult {
  const span = i.targetYear - i.baselineYear
  const expectedProgress = span > 0 ? Math.min(1, Math.max(0, (i.latestYear - i.baselineYear) / span)) : null
  const distance = i.targetValue - i.baselineValue
  const progress = distance !== 0 ? (i.latestValue - i.baselineValue) / distance : null
  const yearsLeft = i.targetYear - i.latestYear
  const requiredAnnualChange = yearsLeft > 0 ? (i.targetValue - i.latestValue) / yearsLeft : null
  let status: Status
  if (i.met) status = 'achieved'
  else if (i.sense * (i.latestValue - i.baselineValue) < 0) status = 'regressing'
  else if (progress === null || expectedProgress === null) status = 'on_track'
  else if (expectedProgress === 0) status = progress >= 0 ? 'on_track' : 'regressing'
  else {
    // A tolerance of 1e-9 so that exactly on a threshold counts as on it, whatever the floating point does.
    const ratio = progress / expectedProgress + 1e-9
    status = ratio >= i.thresholds.onTrack ? 'on_track' : ratio >= i.thresholds.atRisk ? 'at_risk' : 'off_track'
  }
  return { progress, expectedProgress, requiredAnnualChange, status }
}

/**
 * Mean annual change over the last up-to-3 years of the series: (y_last − y_first) / (t_last − t_first) over the
 * points whose year is within 3 years of the latest (so gaps are handled by the year difference).
 */
export function recentAnnualChange(points: ReadonlyArray<{ year: number; value: number }>, window = 3): number | null {
  const last = points.at(-1)
  if (points.length < 2 || !last) return null
  const inWindow = points.filter((p) => p.year >= last.year - window && p.year < last.year)
  const first = inWindow[0]
  if (!first) return null
  return (last.value - first.value) / (last.year - first.year)
}
