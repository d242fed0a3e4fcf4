/**
 * The trend-extrapolation ladder of Germany's sustainability indicators (Destatis' "weather symbols", as
 * dns-indikatoren.de/en/status describes them; docs/methods.md §2.5 also names EUSTAT's adaptation of UNSD's assessment, whose
 * text was not checked here): carry the mean annual change of the last five years forward to the target year and
 * grade the miss against the distance still to go.
 *
 * Definitions (t = latest year with a value, yt its value, T the target, tT the target year, d = +1 when higher
 * is better, −1 when lower is better):
 *   window            observations with a year in [t − 5, t]: the last five annual changes, up to six points.
 *                     Destatis uses the last six points and accepts four at the least, so fewer than 4 points in
 *                     the window give insufficient_data (older data outside the window does not help).
 *   meanAnnualChange  m = (y_last − y_first) / (t_last − t_first) over the window. With annual data this is
 *                     exactly the mean of the annual changes (their sum telescopes); with gaps it is the change
 *                     per elapsed year.
 *   projected         P = yt + m·h, with h = max(0, tT − t): a target year already passed projects no change.
 *   remainingDistance D = d·(T − yt): how far the latest value still is from the target, counted positive in the
 *                     good direction; D ≤ 0 means the target is already met.
 *   shortfallShare    s = d·(T − P) / D = 1 − d·m·h / D: the part of the remaining distance the trend would
 *                     still leave at the target year; s ≤ 0 when the projection reaches or passes the target.
 * Ladder, in this order:
 *   achieved           D ≤ 0 (the latest value meets the target; it needs no trend, so it wins over too few points)
 *   insufficient_data  fewer than 4 points in the window
 *   regressing         d·m ≤ 0: moving the wrong way, or flat (Destatis: the distance "remains large or increases")
 *   on_track           s < 5 % (met, or missed by less than 5 % of the remaining distance)
 *   slightly_off       5 % ≤ s ≤ 20 %
 *   off_track          s > 20 %, though moving the right way
 * @module
 */
import { at } from '../../core/checked.js'
import type { YearValue } from './year-value.js'

export type LadderStatus = 'on_track' | 'slightly_off' | 'off_track' | 'regressing' | 'insufficient_data' | 'achieved'

export interface TrendLadderInput {
  readonly series: ReadonlyArray<YearValue>
  readonly direction: 'higher' | 'lower'
  readonly target: number
  readonly targetYear: number
}

export interface TrendLadderResult {
  readonly status: LadderStatus
  readonly projected: number | null
  readonly shortfallShare: number | null
  readonly meanAnnualChange: number | null
  /** The years in the window, oldest first (also when they are too few to use). */
  readonly yearsUsed: number[]
  readonly latestYear: number | null
  readonly remainingDistance: number | null
}

/** Years of change the trend looks back over. */
export const LADDER_WINDOW_YEARS = 5
export const LADDER_MIN_POINTS = 4
export const ON_TRACK_SHARE = 0.05
export const SLIGHTLY_OFF_SHARE = 0.2
// So that a share exactly on 5 % or 20 % lands on the rung the definition gives it, whatever the floating point does.
const EPS = 1e-9

export function trendLadder(input: TrendLadderInput): TrendLadderResult {
  if (!Number.isFinite(input.target) || !Number.isFinite(input.targetYear)) {
    throw new RangeError(`trendLadder: target ${input.target} and target year ${input.targetYear} must be finite`)
  }
  const d = input.direction === 'higher' ? 1 : -1
  const points = sortedSeries(input.series)
  const latest = points[points.length - 1]
  if (latest === undefined) {
    return { status: 'insufficient_data', projected: null, shortfallShare: null, meanAnnualChange: null, yearsUsed: [], latestYear: null, remainingDistance: null }
  }

  const window = points.filter((p) => p.year >= latest.year - LADDER_WINDOW_YEARS)
  const yearsUsed = window.map((p) => p.year)
  const remainingDistance = plusZero(d * (input.target - latest.value))
  // The window holds `latest` at least.
  const first = at(window, 0, 'ladder window')
  const enough = window.length >= LADDER_MIN_POINTS
  const meanAnnualChange = enough ? (latest.value - first.value) / (latest.year - first.year) : null
  const horizon = Math.max(0, input.targetYear - latest.year)
  const projected = meanAnnualChange === null ? null : latest.value + meanAnnualChange * horizon
  const base = { projected, meanAnnualChange, yearsUsed, latestYear: latest.year, remainingDistance }

  if (remainingDistance <= 0) return { status: 'achieved', shortfallShare: null, ...base }
  if (meanAnnualChange === null || projected === null) return { status: 'insufficient_data', shortfallShare: null, ...base }
  const shortfallShare = plusZero((d * (input.target - projected)) / remainingDistance)
  let status: LadderStatus
  if (d * meanAnnualChange <= 0) status = 'regressing'
  else if (shortfallShare < ON_TRACK_SHARE - EPS) status = 'on_track'
  else if (shortfallShare <= SLIGHTLY_OFF_SHARE + EPS) status = 'slightly_off'
  else status = 'off_track'
  return { status, shortfallShare, ...base }
}

/** −0 (from d = −1 times 0) reads as 0. */
const plusZero = (x: number): number => x + 0

function sortedSeries(series: ReadonlyArray<YearValue>): YearValue[] {
  const points = series
    .filter((p) => Number.isFinite(p.value) && Number.isFinite(p.year))
    .slice()
    .sort((a, b) => a.year - b.year)
  for (const [i, p] of points.entries()) {
    if (i > 0 && points[i - 1]?.year === p.year) throw new RangeError(`trendLadder: two values for ${p.year}`)
  }
  return points
}
