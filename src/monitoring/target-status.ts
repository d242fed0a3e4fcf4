import type { Comparator, TargetKind } from '../plan/plan-schema.js'
import type { Status } from './straight-path.js'

export type ProgressMethod = 'linear' | 'cagr' | 'trend'

/** One series of a target measured by several (Open SDG: the mean of their scores decides). */
export interface MethodSeriesOutcome {
  readonly indicator: string
  readonly region: string
  /** The series' own verdict, or null when it has too little data since the baseline. */
  readonly methodStatus: string | null
  readonly methodScore: number | null
  readonly methodValue: number | null
}

export interface RegionOutcome {
  readonly region: string
  readonly regionName: string
  readonly year: number | null
  readonly value: number | null
  readonly meets: boolean | null
}

/** Where one target stands at the evaluation year: the row `urbmon status --json` prints. */
export interface TargetStatus {
  readonly target: string
  readonly name: string
  readonly nameEn: string
  readonly kind: TargetKind
  readonly section: string
  readonly indicator: string | null
  readonly indicatorName: string | null
  readonly unit: string | null
  /** The region for level and direction targets; the set's description for count, share and each targets. */
  readonly region: string | null
  readonly regionName: string | null
  readonly baselineYear: number | null
  readonly baselineValue: number | null
  readonly targetYear: number
  readonly targetValue: number | null
  readonly comparator: Comparator | 'increase' | 'decrease' | null
  readonly goal: string
  readonly latestYear: number | null
  readonly latestValue: number | null
  readonly latestOrigin: string | null
  readonly latestSource: string | null
  readonly progress: number | null
  readonly expectedProgress: number | null
  readonly requiredAnnualChange: number | null
  readonly recentAnnualChange: number | null
  readonly status: Status
  readonly method: ProgressMethod
  /** The chosen method's own verdict (Open SDG's "moderate_progress", the ladder's "slightly_off"). */
  readonly methodStatus: string | null
  /** Open SDG (`cagr`) only: the −5…5 score; with several series, their mean, which decides the status. */
  readonly methodScore: number | null
  /** Open SDG (`cagr`) only: R (observed over required growth) with a target; the sign-adjusted CAGR without one. */
  readonly methodValue: number | null
  /** With `alsoMeasuredBy`: every series that measured the target, the target's own first. */
  readonly methodSeries?: ReadonlyArray<MethodSeriesOutcome>
  readonly forecastValue: number | null
  readonly forecastLow: number | null
  readonly forecastHigh: number | null
  readonly forecastMethod: string | null
  readonly probability: number | null
  /** For count, share and each targets: every region of the set and whether it meets the threshold. */
  readonly regions?: ReadonlyArray<RegionOutcome>
  /** Machine codes for caveats: baseline_from_data, incomplete_regions, short_series, no_data_since_baseline … */
  readonly notes: ReadonlyArray<string>
}
