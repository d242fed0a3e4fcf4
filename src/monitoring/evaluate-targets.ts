/**
 * Evaluates every target of a plan at an evaluation year: baseline, latest value, straight-path progress (or the
 * Open SDG CAGR measure, or the trend ladder), status, forecast and the probability of meeting the target.
 * @module
 */
import type { Indicator, Plan, Target } from '../plan/plan-schema.js'
import { expandRegionSet } from '../regions/load-regions.js'
import type { MonitoringData } from './monitoring-data.js'
import { describeGoal, goalPoint, meets, senseTowards, type Goal } from './goal.js'
import type { ResolvedValue } from './observation-point.js'
import { recentAnnualChange, straightPath, type Status } from './straight-path.js'
import { statusGap } from './status-gap.js'
import type { ProgressMethod, RegionOutcome, TargetStatus } from './target-status.js'

export interface ForecastSummary {
  readonly value: number
  readonly low: number
  readonly high: number
  readonly method: string
  readonly notes: ReadonlyArray<string>
  /** Simulated values at the target year, for probabilities. */
  readonly draws: ReadonlyArray<number>
}

/** Port: projects a series to a year (the forecasting module implements it; tests may pass none). */
export type Forecaster = (series: ReadonlyArray<{ year: number; value: number }>, toYear: number, indicator: Indicator) => ForecastSummary | undefined

/** One series a progress method judges: the target's own, or one of `alsoMeasuredBy`. */
export interface MethodSeriesInput {
  readonly indicator: string
  readonly region: string
  readonly series: ReadonlyArray<{ year: number; value: number }>
  readonly baseline: { year: number; value: number }
  /** Absent for a target with no number (and for every further series): Open SDG's no-target rule. */
  readonly target?: number
  readonly targetYear: number
  readonly direction: 'higher' | 'lower'
  /** A natural limit (Open SDG scales the no-target thresholds by C near it). */
  readonly limit?: number
}

/** A method's verdict on a target, mapped onto the common status vocabulary. */
export interface MethodOutcome {
  readonly status: Status
  readonly methodStatus: string
  /** Open SDG's −5…5 score (the mean over the series when several measure the target); null for other methods. */
  readonly score: number | null
  /** Open SDG's R with a target, the sign-adjusted CAGR without one (of the target's own series). */
  readonly value: number | null
  /** Machine codes for what the method noticed (a limit ignored, a sign change …). */
  readonly notes: ReadonlyArray<string>
  /** Per series, when there are several. */
  readonly series?: ReadonlyArray<{ readonly methodStatus: string | null; readonly score: number | null; readonly value: number | null }>
}

/**
 * Port: the Open SDG / trend-ladder methods. `inputs[0]` is the target's own series; more come from
 * `alsoMeasuredBy`. Undefined when the method cannot judge the target (the ladder with no number).
 */
export type MethodRunner = (method: Exclude<ProgressMethod, 'linear'>, inputs: ReadonlyArray<MethodSeriesInput>) => MethodOutcome | undefined

export interface EvaluateOptions {
  /** Evaluation year: the latest value is the last one up to and including it. */
  readonly asOf: number
  readonly method?: ProgressMethod
  readonly forecaster?: Forecaster
  readonly methods?: MethodRunner
  /** Only targets concerning this region (level/direction targets on it, set targets containing it). */
  readonly region?: string
}

export function probabilityFromDraws(draws: ReadonlyArray<number>, goal: Goal): number | null {
  if (draws.length === 0) return null
  return draws.filter((d) => meets(d, goal)).length / draws.length
}

export function evaluateTargets(plan: Plan, data: MonitoringData, options: EvaluateOptions): TargetStatus[] {
  const out: TargetStatus[] = []
  for (const t of plan.targets) {
    if (options.region && !concerns(t, data, options.region)) continue
    out.push(evaluateTarget(plan, t, data, options))
  }
  return out
}

function concerns(t: Target, data: MonitoringData, region: string): boolean {
  if ('region' in t) return t.region === region
  if ('over' in t) return expandRegionSet(data.regions, t.over).some((r) => r.code === region)
  return false
}

function base(t: Target, data: MonitoringData, method: ProgressMethod): TargetStatus {
  const indicator = 'indicator' in t ? data.indicators.get(t.indicator) : undefined
  const regionCode = 'region' in t ? t.region : null
  const goal =
    'comparator' in t ? describeGoal(t) : t.kind === 'direction' ? (t.direction === 'increase' ? '↑' : '↓') : t.kind === 'each' ? `全部(all) ${describeGoal(t.threshold)}` : '—'
  return {
    target: t.id,
    name: t.name,
    nameEn: t.nameEn,
    kind: t.kind,
    section: t.section,
    indicator: indicator?.id ?? null,
    indicatorName: indicator?.name ?? null,
    unit: indicator?.unit ?? null,
    region: regionCode ?? ('over' in t ? describeSet(t.over) : null),
    regionName: regionCode ? (data.regions.get(regionCode)?.name ?? regionCode) : null,
    baselineYear: t.baseline?.year ?? null,
    baselineValue: t.baseline?.value ?? null,
    targetYear: t.year,
    targetValue: 'comparator' in t ? (t.comparator === 'between' ? (t.min ?? null) : (t.value ?? null)) : null,
    comparator: 'comparator' in t ? t.comparator : t.kind === 'direction' ? t.direction : null,
    goal,
    latestYear: null,
    latestValue: null,
    latestOrigin: null,
    latestSource: null,
    progress: null,
    expectedProgress: null,
    requiredAnnualChange: null,
    recentAnnualChange: null,
    status: 'no_data',
    method,
    methodStatus: null,
    methodScore: null,
    methodValue: null,
    forecastValue: null,
    forecastLow: null,
    forecastHigh: null,
    forecastMethod: null,
    probability: null,
    notes: [],
  }
}

function describeSet(set: Extract<Target, { over: unknown }>['over']): string {
  if ('grouping' in set) return set.grouping
  if ('regions' in set) return set.regions.join(',')
  return `${set.parent}/${set.level}${set.nameSuffixes ? `(${set.nameSuffixes.join('')})` : ''}`
}

export function evaluateTarget(plan: Plan, t: Target, data: MonitoringData, options: EvaluateOptions): TargetStatus {
  const row = evaluateWithoutGap(plan, t, data, options)
  const gap = statusGap(plan, t, row, data, options.asOf)
  return gap ? { ...row, gap } : row
}

function evaluateWithoutGap(plan: Plan, t: Target, data: MonitoringData, options: EvaluateOptions): TargetStatus {
  const method = options.method ?? 'linear'
  const row = base(t, data, method)
  switch (t.kind) {
    case 'level':
      return evaluateLevel(plan, t, data, options, row)
    case 'direction':
      return evaluateDirection(plan, t, data, options, row)
    case 'count':
    case 'share':
    case 'each':
      return evaluateSet(plan, t, data, options, row)
    case 'qualitative':
      return { ...row, notes: ['qualitative_needs_assessment'] }
  }
}

function baselineOf(plan: Plan, t: Target, series: ReadonlyArray<ResolvedValue>, notes: string[]): { year: number; value: number } | undefined {
  if (t.baseline) return t.baseline
  const atBase = series.find((p) => p.year === plan.period.baselineYear) ?? series[0]
  if (atBase) notes.push('baseline_from_data')
  return atBase ? { year: atBase.year, value: atBase.value } : undefined
}

/** What level and direction targets share: the region's series up to asOf, its latest point and the baseline. */
function seriesFacts(plan: Plan, t: Extract<Target, { kind: 'level' | 'direction' }>, data: MonitoringData, options: EvaluateOptions, row: TargetStatus) {
  const series = data.series(t.indicator, t.region, options.asOf)
  const latest = series.at(-1)
  if (!latest) return undefined
  const notes: string[] = []
  const baseline = baselineOf(plan, t, series, notes)
  const points = series.map((p) => ({ year: p.year, value: p.value }))
  const withLatest: TargetStatus = {
    ...row,
    latestYear: latest.year,
    latestValue: latest.value,
    latestOrigin: latest.origin,
    latestSource: latest.source ?? null,
    recentAnnualChange: recentAnnualChange(points),
    notes,
  }
  return { latest, baseline, points, notes, withLatest }
}

function evaluateLevel(plan: Plan, t: Extract<Target, { kind: 'level' }>, data: MonitoringData, options: EvaluateOptions, row: TargetStatus): TargetStatus {
  const indicator = data.indicators.get(t.indicator)
  // The plan's loader rejects a target on an indicator the plan does not define.
  if (!indicator) throw new Error(`target ${t.id}: indicator ${t.indicator} is not in the catalog`)
  const facts = seriesFacts(plan, t, data, options, row)
  if (!facts) return { ...row, notes: ['no_data'] }
  const { latest, baseline, points, notes, withLatest } = facts
  if (!baseline) return withLatest
  const targetValue = goalPoint(t, baseline.value)
  const sense = senseTowards(t, baseline.value, indicator.direction)
  const sp = straightPath({
    baselineYear: baseline.year,
    baselineValue: baseline.value,
    latestYear: latest.year,
    latestValue: latest.value,
    targetYear: t.year,
    targetValue,
    sense,
    met: meets(latest.value, t),
    thresholds: plan.statusThresholds,
  })
  let status = sp.status
  if (latest.year <= baseline.year && status !== 'achieved') {
    status = 'no_data'
    notes.push('no_data_since_baseline')
  }
  const m = runMethod(t, data, options, {
    indicator: t.indicator,
    region: t.region,
    series: points,
    baseline,
    target: targetValue,
    targetYear: t.year,
    direction: sense === 1 ? 'higher' : 'lower',
    ...limitOf(t, indicator),
  })
  if (m && (status !== 'achieved' || m.status === 'achieved')) status = m.status
  const result: TargetStatus = {
    ...withLatest,
    baselineYear: baseline.year,
    baselineValue: baseline.value,
    targetValue,
    progress: sp.progress,
    expectedProgress: sp.expectedProgress,
    requiredAnnualChange: sp.requiredAnnualChange,
    status,
    ...methodFields(m),
    notes: m ? [...notes, ...m.notes] : notes,
  }
  return withForecast(result, points, t.year, indicator, t, options)
}

function withForecast(
  row: TargetStatus,
  points: ReadonlyArray<{ year: number; value: number }>,
  toYear: number,
  indicator: Indicator,
  goal: Goal,
  options: EvaluateOptions,
): TargetStatus {
  if (!options.forecaster || points.length < 2 || (row.latestYear !== null && row.latestYear >= toYear)) return row
  const f = options.forecaster(points, toYear, indicator)
  if (!f) return row
  return {
    ...row,
    forecastValue: f.value,
    forecastLow: f.low,
    forecastHigh: f.high,
    forecastMethod: f.method,
    probability: probabilityFromDraws(f.draws, goal),
    notes: [...row.notes, ...f.notes.map((n) => `forecast_${n}`)],
  }
}

function evaluateDirection(plan: Plan, t: Extract<Target, { kind: 'direction' }>, data: MonitoringData, options: EvaluateOptions, row: TargetStatus): TargetStatus {
  const facts = seriesFacts(plan, t, data, options, row)
  if (!facts) return { ...row, notes: ['no_data'] }
  const { latest, baseline, points, notes, withLatest } = facts
  if (!baseline) return withLatest
  if (latest.year <= baseline.year) return { ...withLatest, baselineYear: baseline.year, baselineValue: baseline.value, notes: [...notes, 'no_data_since_baseline'] }
  const sense = t.direction === 'increase' ? 1 : -1
  const indicator = data.indicators.get(t.indicator)
  // The plan's loader rejects a target on an indicator the plan does not define.
  if (!indicator) throw new Error(`target ${t.id}: indicator ${t.indicator} is not in the catalog`)
  // Open SDG judges a target with no number by its growth rate (the no-target rule), in the target's direction.
  const m = runMethod(t, data, options, {
    indicator: t.indicator,
    region: t.region,
    series: points,
    baseline,
    targetYear: t.year,
    direction: sense === 1 ? 'higher' : 'lower',
    ...limitOf(t, indicator),
  })
  if (m) return { ...withLatest, baselineYear: baseline.year, baselineValue: baseline.value, status: m.status, ...methodFields(m), notes: [...notes, ...m.notes] }
  const change = sense * (latest.value - baseline.value)
  // No number to reach, so no straight path to compare with: moving the right way is on track, standing still is
  // at risk, going back is regressing. The note says so in the row.
  const status: Status = change > 0 ? 'on_track' : change === 0 ? 'at_risk' : 'regressing'
  return { ...withLatest, baselineYear: baseline.year, baselineValue: baseline.value, status, notes: [...notes, 'no_number_direction_of_change'] }
}

function limitOf(t: Extract<Target, { kind: 'level' | 'direction' }>, indicator: Indicator): { limit?: number } {
  const limit = t.limit ?? indicator.limit
  return limit === undefined ? {} : { limit }
}

/**
 * Runs the chosen method on the target's own series and on every further series of `alsoMeasuredBy` (each by the
 * no-target rule in its indicator's direction, from the target's baseline year or the first later year with data).
 */
function runMethod(
  t: Extract<Target, { kind: 'level' | 'direction' }>,
  data: MonitoringData,
  options: EvaluateOptions,
  own: MethodSeriesInput,
): (MethodOutcome & { readonly inputs: ReadonlyArray<MethodSeriesInput | { indicator: string; region: string }> }) | undefined {
  if (!options.method || options.method === 'linear' || !options.methods) return undefined
  const inputs: Array<MethodSeriesInput | { indicator: string; region: string }> = [own]
  for (const s of t.alsoMeasuredBy ?? []) {
    const region = s.region ?? t.region
    const ind = data.indicators.get(s.indicator)
    const series = data.series(s.indicator, region, options.asOf).map((p) => ({ year: p.year, value: p.value }))
    const base = series.find((p) => p.year >= own.baseline.year)
    // The plan's loader rejects a further series whose indicator is unknown or has no direction.
    if (!ind || ind.direction === 'none' || !base) {
      inputs.push({ indicator: s.indicator, region })
      continue
    }
    const limit = s.limit ?? ind.limit
    inputs.push({
      indicator: s.indicator,
      region,
      series: series.filter((p) => p.year >= base.year),
      baseline: base,
      targetYear: t.year,
      direction: ind.direction,
      ...(limit === undefined ? {} : { limit }),
    })
  }
  const runnable = inputs.filter((i): i is MethodSeriesInput => 'series' in i)
  const m = options.methods(options.method, runnable)
  if (!m) return undefined
  return { ...m, inputs }
}

function methodFields(m: ReturnType<typeof runMethod>): Pick<TargetStatus, 'methodStatus' | 'methodScore' | 'methodValue' | 'methodSeries'> {
  if (!m) return { methodStatus: null, methodScore: null, methodValue: null }
  const fields = { methodStatus: m.methodStatus, methodScore: m.score, methodValue: m.value }
  if (m.inputs.length < 2) return fields
  // A series with no data since the baseline was not judged; with only one judged, the outcome is that series'.
  const judged = m.series ?? [{ methodStatus: m.methodStatus, score: m.score, value: m.value }]
  let next = 0
  const methodSeries = m.inputs.map((i) => {
    const j = 'series' in i ? judged[next++] : undefined
    return { indicator: i.indicator, region: i.region, methodStatus: j?.methodStatus ?? null, methodScore: j?.score ?? null, methodValue: j?.value ?? null }
  })
  return { ...fields, methodSeries }
}

function evaluateSet(plan: Plan, t: Extract<Target, { kind: 'count' | 'share' | 'each' }>, data: MonitoringData, options: EvaluateOptions, row: TargetStatus): TargetStatus {
  const members = expandRegionSet(data.regions, t.over)
  const notes: string[] = []
  // The evaluation year of a set target: the year up to asOf in which the most members have data (the latest of
  // equals), so that one early bulletin does not stand for the whole set.
  const coverage = new Map<number, number>()
  for (const m of members) for (const p of data.series(t.indicator, m.code, options.asOf)) coverage.set(p.year, (coverage.get(p.year) ?? 0) + 1)
  if (coverage.size === 0) return { ...row, notes: ['no_data'] }
  let year = -Infinity
  let most = 0
  for (const [y, count] of coverage) {
    if (count > most || (count === most && y > year)) {
      year = y
      most = count
    }
  }
  const outcomes: RegionOutcome[] = members.map((m) => {
    const v = data.resolve(t.indicator, m.code, year)
    return { region: m.code, regionName: m.name, year: v ? year : null, value: v?.value ?? null, meets: v ? meets(v.value, t.threshold) : null }
  })
  const known = outcomes.filter((o) => o.meets !== null)
  const meeting = known.filter((o) => o.meets).length
  const incomplete = known.length < outcomes.length
  if (incomplete) notes.push('incomplete_regions')
  const count = t.kind === 'share' ? (100 * meeting) / outcomes.length : meeting
  const goal: Goal = t.kind === 'each' ? { comparator: '>=', value: outcomes.length } : t
  // With members missing, the count is a lower bound: it can prove a "≥" goal met, never missed.
  const met = meets(count, goal) && (!incomplete || goal.comparator === '>=' || goal.comparator === '>')
  const targetValue = goalPoint(goal, count)
  let status: Status = met ? 'achieved' : 'no_data'
  let progress: number | null = null
  let expectedProgress: number | null = null
  let requiredAnnualChange: number | null = null
  if (!met && !incomplete && t.baseline) {
    const sp = straightPath({
      baselineYear: t.baseline.year,
      baselineValue: t.baseline.value,
      latestYear: year,
      latestValue: count,
      targetYear: t.year,
      targetValue,
      sense: senseTowards(goal, t.baseline.value, 'higher'),
      met,
      thresholds: plan.statusThresholds,
    })
    ;({ progress, expectedProgress, requiredAnnualChange, status } = sp)
  } else if (!met) {
    notes.push(incomplete ? 'status_needs_complete_data' : 'no_baseline')
    if (!incomplete && year >= t.year) status = 'off_track'
  }
  return {
    ...row,
    targetValue: t.kind === 'each' ? outcomes.length : row.targetValue,
    latestYear: year,
    latestValue: count,
    latestOrigin: 'count',
    progress,
    expectedProgress,
    requiredAnnualChange,
    status,
    regions: outcomes,
    notes,
  }
}
