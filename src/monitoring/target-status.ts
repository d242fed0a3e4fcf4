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

/**
 * - `no_data`: no figure at all up to the evaluation year (for a set target: for no member);
 * - `no_data_since_baseline`: the latest figure is from the baseline year or before;
 * - `members_missing`: a set target's members without a figure in its evaluation year, so the count proves nothing;
 * - `no_baseline`: a set target with every member known but no baseline to measure progress from;
 * - `qualitative`: judged by evaluators against criteria, not computed;
 * - `not_yet_due`: the first figure after the baseline is not due yet (data for asOf − reportingLag is due).
 */
export type GapCode = 'no_data' | 'no_data_since_baseline' | 'members_missing' | 'no_baseline' | 'qualitative' | 'not_yet_due'

export interface GapRegion {
  readonly region: string
  readonly regionName: string
  readonly regionNameEn: string
}

/**
 * What would give the target a status:
 * - `figure_after`: a figure for `regions` for a year after `year` (the baseline year);
 * - `baseline_and_later`: figures for `regions` for `year` (the plan's baseline year) and a later year;
 * - `member_figures`: figures for `year` for the members in `regions`;
 * - `baseline`: a baseline for `year` — in the plan, or figures for that year for the members in `regions`;
 * - `assessment`: an evaluator's assessment against the target's criteria;
 * - `wait`: nothing to do: the first figure after the baseline falls due in `year`.
 */
export interface GapNeeds {
  readonly kind: 'figure_after' | 'baseline_and_later' | 'member_figures' | 'baseline' | 'assessment' | 'wait'
  readonly year: number | null
  readonly regions: ReadonlyArray<GapRegion>
}

/** For a set target: who meets the threshold, who does not, who has no figure, in the year the set is evaluated. */
export interface GapMembers {
  readonly year: number | null
  readonly total: number
  readonly meeting: ReadonlyArray<GapRegion>
  readonly notMeeting: ReadonlyArray<GapRegion>
  readonly noData: ReadonlyArray<GapRegion>
}

export interface StatusGap {
  readonly code: GapCode
  /** The year of the latest figure (no data since then); null when there is none. */
  readonly since: number | null
  readonly needs: GapNeeds
  /** What is known meanwhile. */
  readonly latestYear: number | null
  readonly latestValue: number | null
  readonly members: GapMembers | null
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
  /** Only on rows without a status (`no_data`): why, what would give it one, and what is known meanwhile. */
  readonly gap?: StatusGap
}
