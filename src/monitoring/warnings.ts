/**
 * Early warnings: targets falling behind, data missing or late, suspicious jumps, statistical breaks
 * (census re-basing, vintages that disagree), and published figures that disagree with their own components.
 * @module
 */
import { at, float64At, int32At } from '../core/checked.js'
import type { Plan } from '../plan/plan-schema.js'
import { expandRegionSet } from '../regions/load-regions.js'
import type { MonitoringData, PublishedSeriesArrays, PublishedSeriesScan } from './monitoring-data.js'
import type { TargetStatus } from './target-status.js'

/** Every kind of warning, in the order the warnings page lists them. */
export const WARNING_KINDS = [
  'target_behind',
  'task_overdue',
  'task_stalled',
  'missing_data',
  'stale_data',
  'suspicious_jump',
  'census_break',
  'vintage_conflict',
  'derived_mismatch',
] as const
export type WarningKind = (typeof WARNING_KINDS)[number]
export type WarningSeverity = 'high' | 'medium' | 'low'

export interface MonitoringWarning {
  readonly kind: WarningKind
  readonly severity: WarningSeverity
  readonly indicator: string | null
  readonly region: string | null
  readonly year: number | null
  readonly target: string | null
  /** For sorting within a kind: how far behind, how unusual. Larger is worse. */
  readonly score: number
  readonly params: Readonly<Record<string, string | number>>
}

export interface WarningOptions {
  /** The year the warnings are computed for (data for asOf − reportingLag is due). */
  readonly asOf: number
  /** Census years: a series crossing one is re-based, not grown. */
  readonly censusYears?: ReadonlyArray<number>
  /** Modified z-score above which a year-on-year change is suspicious (Iglewicz & Hoaglin recommend 3.5). */
  readonly jumpThreshold?: number
}

/** Names for messages, in both languages (the catalogs pick). */
function names(data: MonitoringData, indicator: string, region?: string): Record<string, string> {
  const ind = data.indicators.get(indicator)
  const reg = region ? data.regions.get(region) : undefined
  return {
    indicator,
    indicatorName: ind?.name ?? indicator,
    indicatorNameEn: ind?.nameEn ?? indicator,
    ...(region ? { region, regionName: reg?.name ?? region, regionNameEn: reg?.nameEn ?? region } : {}),
  }
}

const SEVERITY_RANK: Record<WarningSeverity, number> = { high: 0, medium: 1, low: 2 }
const KIND_RANK: Record<WarningKind, number> = {
  target_behind: 0,
  task_overdue: 0.5,
  task_stalled: 0.7,
  suspicious_jump: 1,
  derived_mismatch: 2,
  missing_data: 3,
  stale_data: 4,
  census_break: 5,
  vintage_conflict: 6,
}

/** Overdue and stalled tasks (from the task follow-up) as warnings. */
export function taskWarnings(
  followUps: ReadonlyArray<{ task: string; kind: 'overdue' | 'stalled'; days: number; deadline: string; title: string; lead: string }>,
): MonitoringWarning[] {
  return followUps.map((f) => ({
    kind: f.kind === 'overdue' ? ('task_overdue' as const) : ('task_stalled' as const),
    severity: f.kind === 'overdue' ? ('high' as const) : ('medium' as const),
    indicator: null,
    region: null,
    year: null,
    target: f.task,
    score: f.days,
    params: { task: f.task, title: f.title, lead: f.lead, deadline: f.deadline, days: f.days },
  }))
}

/** Most serious first: severity, then kind, then score (larger is worse). */
export function compareWarnings(a: Pick<MonitoringWarning, 'severity' | 'kind' | 'score'>, b: Pick<MonitoringWarning, 'severity' | 'kind' | 'score'>): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.score - a.score
}

export function sortWarnings(list: ReadonlyArray<MonitoringWarning>): MonitoringWarning[] {
  return [...list].sort(compareWarnings)
}

export function computeWarnings(plan: Plan, data: MonitoringData & PublishedSeriesScan, statuses: ReadonlyArray<TargetStatus>, options: WarningOptions): MonitoringWarning[] {
  const out: MonitoringWarning[] = [...targetWarnings(statuses), ...dataWarnings(plan, data, options)]
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.score - a.score)
}

function targetWarnings(statuses: ReadonlyArray<TargetStatus>): MonitoringWarning[] {
  const out: MonitoringWarning[] = []
  for (const s of statuses) {
    if (s.status !== 'at_risk' && s.status !== 'off_track' && s.status !== 'regressing') continue
    // How far behind: the share of the way the straight path expected but the data did not cover.
    const shortfall = s.progress !== null && s.expectedProgress !== null ? s.expectedProgress - s.progress : 1
    out.push({
      kind: 'target_behind',
      severity: s.status === 'at_risk' ? 'medium' : 'high',
      indicator: s.indicator,
      region: s.region,
      year: s.latestYear,
      target: s.target,
      score: s.status === 'regressing' ? 10 + shortfall : shortfall,
      params: {
        name: s.name,
        nameEn: s.nameEn,
        status: s.status,
        progress: s.progress === null ? '—' : round(s.progress * 100, 1),
        expected: s.expectedProgress === null ? '—' : round(s.expectedProgress * 100, 1),
        latest: s.latestValue ?? '—',
        baseline: s.baselineValue ?? '—',
        goal: s.goal,
        targetYear: s.targetYear,
      },
    })
  }
  return out
}

/** The (indicator, region) pairs the plan's targets watch. */
export function watched(plan: Plan, data: MonitoringData): Array<{ indicator: string; region: string }> {
  const seen = new Set<string>()
  const out: Array<{ indicator: string; region: string }> = []
  const add = (indicator: string, region: string) => {
    const k = `${indicator}\u0000${region}`
    if (!seen.has(k)) {
      seen.add(k)
      out.push({ indicator, region })
    }
  }
  for (const t of plan.targets) {
    if (!('indicator' in t)) continue
    if ('region' in t) add(t.indicator, t.region)
    if ('over' in t) for (const r of expandRegionSet(data.regions, t.over)) add(t.indicator, r.code)
  }
  return out
}

function dataWarnings(plan: Plan, data: MonitoringData & PublishedSeriesScan, options: WarningOptions): MonitoringWarning[] {
  const out: MonitoringWarning[] = []
  const due = options.asOf - plan.reportingLag
  // One warning per indicator and kind (and latest year), listing its regions: 13 cities without data is one finding.
  const missing = new Map<string, string[]>()
  const stale = new Map<string, { indicator: string; latestYear: number; regions: string[] }>()
  for (const { indicator, region } of watched(plan, data)) {
    const last = data.series(indicator, region, options.asOf).at(-1)
    if (!last) missing.set(indicator, [...(missing.get(indicator) ?? []), region])
    else if (last.year < due) {
      const k = `${indicator}\u0000${last.year}`
      const entry = stale.get(k) ?? { indicator, latestYear: last.year, regions: [] }
      entry.regions.push(region)
      stale.set(k, entry)
    }
  }
  const regionList = (codes: ReadonlyArray<string>, en = false) => codes.map((c) => (en ? data.regions.get(c)?.nameEn : data.regions.get(c)?.name) ?? c).join(en ? ', ' : '、')
  for (const [indicator, codes] of missing) {
    out.push({
      kind: 'missing_data',
      severity: 'medium',
      indicator,
      region: codes.length === 1 ? at(codes, 0, 'region of a finding') : null,
      year: null,
      target: null,
      score: codes.length,
      params: { ...names(data, indicator), regions: codes.join(','), regionName: regionList(codes), regionNameEn: regionList(codes, true), count: codes.length, due },
    })
  }
  for (const { indicator, latestYear, regions: codes } of stale.values()) {
    out.push({
      kind: 'stale_data',
      severity: 'low',
      indicator,
      region: codes.length === 1 ? at(codes, 0, 'region of a finding') : null,
      year: latestYear,
      target: null,
      score: due - latestYear,
      params: { ...names(data, indicator), regions: codes.join(','), regionName: regionList(codes), regionNameEn: regionList(codes, true), count: codes.length, latestYear, due },
    })
  }
  // Every series with published data, handed over as arrays: jumps, census breaks, vintages and derived mismatches.
  data.scanPublishedSeries(options.asOf, (s) => out.push(...seriesWarnings(data, s, options)))
  return out
}

/** The checks of one published series, in order: jumps, census breaks, then per year vintages and derived mismatches. */
function seriesWarnings(data: MonitoringData, s: PublishedSeriesArrays, options: WarningOptions): MonitoringWarning[] {
  const out: MonitoringWarning[] = []
  const ind = s.indicator
  const r = s.region
  const jumps = jumpWarnings(ind.id, r.code, s.years, s.values, s.length, options)
  const census = censusWarnings(ind.id, r.code, s.years, s.values, s.length, options.censusYears ?? [2000, 2010, 2020], options.jumpThreshold ?? 3.5)
  if (jumps.length > 0 || census.length > 0) {
    const n = names(data, ind.id, r.code)
    for (const w of jumps) out.push({ ...w, params: { ...w.params, ...n } })
    for (const w of census) out.push({ ...w, params: { ...w.params, ...n } })
  }
  const parsedFormula = ind.formula !== undefined
  const n = s.length
  for (let k = 0; k < n; k++) {
    const year = float64At(s.years, k, 'series years')
    if (int32At(s.sourceCounts, k, 'series source counts') >= 2)
      out.push(...vintageWarnings(data, ind.id, r.code, year).map((w) => ({ ...w, params: { ...w.params, ...names(data, ind.id, r.code) } })))
    if (!parsedFormula) continue
    const value = float64At(s.values, k, 'series values')
    const source = s.source(k)
    const derivedValue = source ? data.derivedFrom(ind.id, r.code, year, source) : undefined
    if (derivedValue === undefined) continue
    const tolerance = Math.max(Math.abs(value) * 0.005, 10 ** -(ind.decimals ?? 2))
    const gap = Math.abs(derivedValue - value)
    if (gap > tolerance) {
      out.push({
        kind: 'derived_mismatch',
        severity: 'medium',
        indicator: ind.id,
        region: r.code,
        year,
        target: null,
        score: gap / tolerance,
        params: { ...names(data, ind.id, r.code), year, published: value, derived: round(derivedValue, 4), formula: ind.formula ?? '', source },
      })
    }
  }
  return out
}

/**
 * A year-on-year change is suspicious when its modified z-score (Iglewicz & Hoaglin 1993:
 * 0.6745·(x − median)/MAD) against the other changes of the series exceeds the threshold. Needs at least five
 * other changes; consecutive years only; changes across a census year are breaks, not jumps. The series is given
 * as arrays (n points): the changes are sorted once per series and each leave-one-out median read from that
 * order, so no array is made per change, and a whole-dataset scan costs O(cells).
 */
export function jumpWarnings(indicator: string, region: string, years: Float64Array, values: Float64Array, n: number, options: WarningOptions): MonitoringWarning[] {
  const census = options.censusYears ?? [2000, 2010, 2020]
  const threshold = options.jumpThreshold ?? 3.5
  const { cy, cv, sorted, others } = scratchFor(n)
  let m = 0
  for (let i = 1; i < n; i++) {
    const year = float64At(years, i, 'series years')
    if (year - float64At(years, i - 1, 'series years') === 1 && !census.includes(year)) {
      cy[m] = year
      cv[m] = float64At(values, i, 'series values') - float64At(values, i - 1, 'series values')
      m++
    }
  }
  const out: MonitoringWarning[] = []
  if (m < 6) return out
  const floor = scaleFloorArrays(values, n)
  sorted.set(cv.subarray(0, m))
  insertionSort(sorted, m)
  const L = m - 1
  for (let k = 0; k < m; k++) {
    const x = float64At(cv, k, 'changes')
    const year = float64At(cy, k, 'years of changes')
    // The other changes, sorted: the sorted changes without one copy of x.
    const p = sorted.indexOf(x)
    let o = 0
    for (let j = 0; j < m; j++) if (j !== p) others[o++] = float64At(sorted, j, 'sorted changes')
    const med = medianSorted(others, L)
    let spread = madSorted(others, L, med)
    if (spread === 0) {
      // The fallback sums in the changes' own order, as `modifiedZ` does.
      let sum = 0
      for (let j = 0; j < m; j++) if (j !== k) sum += Math.abs(float64At(cv, j, 'changes') - med)
      spread = meanAdSpread(sum / L)
    }
    spread = Math.max(spread, floor)
    if (spread === 0) continue
    const z = (0.6745 * (x - med)) / spread
    if (Math.abs(z) > threshold) {
      out.push({
        kind: 'suspicious_jump',
        severity: 'high',
        indicator,
        region,
        year,
        target: null,
        score: Math.abs(z),
        params: { indicator, region, year, change: round(x, 4), usual: round(med, 4), z: round(z, 1) },
      })
    }
  }
  return out
}

/**
 * A census re-bases the yearly sample-survey series: where the step across a census year is unusual against the
 * series' other steps (per year, modified z-score as for jumps, at least three other steps), the change is
 * partly a statistical break, to be footnoted rather than read as growth. The series is given as arrays.
 */
function censusWarnings(
  indicator: string,
  region: string,
  years: Float64Array,
  values: Float64Array,
  n: number,
  censusYears: ReadonlyArray<number>,
  threshold: number,
): MonitoringWarning[] {
  const out: MonitoringWarning[] = []
  const { cv: rates, sorted, dev } = scratchFor(n)
  for (const c of censusYears) {
    let after = -1
    for (let i = 0; i < n; i++) {
      if (float64At(years, i, 'series years') >= c) {
        after = i
        break
      }
    }
    if (after <= 0) continue
    const fromYear = float64At(years, after - 1, 'series years')
    const toYear = float64At(years, after, 'series years')
    const from = float64At(values, after - 1, 'series values')
    const to = float64At(values, after, 'series values')
    let m = 0
    for (let i = 1; i < n; i++) {
      const y0 = float64At(years, i - 1, 'series years')
      const y1 = float64At(years, i, 'series years')
      if (!(y0 < c && y1 >= c)) rates[m++] = (float64At(values, i, 'series values') - float64At(values, i - 1, 'series values')) / (y1 - y0)
    }
    if (m < 3) continue
    const rate = (to - from) / (toYear - fromYear)
    sorted.set(rates.subarray(0, m))
    insertionSort(sorted, m)
    const z = modifiedZSorted(rate, sorted, rates, m, scaleFloorArrays(values, n), dev)
    if (z === undefined || Math.abs(z) <= threshold) continue
    out.push({
      kind: 'census_break',
      severity: 'low',
      indicator,
      region,
      year: c,
      target: null,
      score: Math.abs(z),
      params: { indicator, region, census: c, fromYear, toYear, from, to },
    })
  }
  return out
}

/** Work arrays for the array-based checks, reused across the ~10⁶ series of a scan (never held across calls). */
let scratch = makeScratch(32)
function makeScratch(n: number) {
  return {
    size: n,
    cy: new Float64Array(n),
    cv: new Float64Array(n),
    sorted: new Float64Array(n),
    others: new Float64Array(n),
    originalOthers: new Float64Array(n),
    dev: new Float64Array(n),
  }
}
function scratchFor(n: number) {
  if (scratch.size < n) scratch = makeScratch(n)
  return scratch
}

function scaleFloorArrays(values: Float64Array, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += Math.abs(float64At(values, i, 'series values'))
  return (1e-3 * s) / Math.max(n, 1)
}

function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = float64At(a, i, 'values to sort')
    let j = i - 1
    while (j >= 0) {
      const w = float64At(a, j, 'values to sort')
      if (!(w > v)) break
      a[j + 1] = w
      j--
    }
    a[j + 1] = v
  }
}

/**
 * The median absolute deviation from `med` of sorted values: the deviations below and above `med` are each
 * sorted already, so the middle ones are found by merging the two from `med` outwards (no sort). The same values
 * as `median(xs.map((x) => Math.abs(x - med)))`.
 */
function madSorted(s: Float64Array, n: number, med: number): number {
  const want = Math.floor(n / 2)
  let lo = n % 2 ? want : want - 1 // last value ≤ med
  while (lo + 1 < n && float64At(s, lo + 1, 'sorted values') <= med) lo++
  while (lo >= 0 && float64At(s, lo, 'sorted values') > med) lo--
  let hi = lo + 1
  let prev = 0
  let cur = 0
  for (let t = 0; t <= want; t++) {
    const dl = lo >= 0 ? Math.abs(float64At(s, lo, 'sorted values') - med) : Infinity
    const dh = hi < n ? Math.abs(float64At(s, hi, 'sorted values') - med) : Infinity
    prev = cur
    if (dl <= dh) {
      cur = dl
      lo--
    } else {
      cur = dh
      hi++
    }
  }
  return n % 2 ? cur : (prev + cur) / 2
}

/**
 * The MAD = 0 fallback of the modified z-score (Iglewicz & Hoaglin practice, as IBM SPSS documents it):
 * z = (x − median)/(1.253314·MeanAD). Returned in the units of MAD, S = 0.6745·1.253314·MeanAD, so that the
 * usual 0.6745·(x − median)/S gives exactly that z and the floor applies as it does to MAD.
 */
function meanAdSpread(meanAd: number): number {
  return 0.6745 * 1.253314 * meanAd
}

function medianSorted(s: Float64Array, n: number): number {
  const m = Math.floor(n / 2)
  const upper = float64At(s, m, 'sorted values')
  return n % 2 ? upper : (float64At(s, m - 1, 'sorted values') + upper) / 2
}

/** `modifiedZ` with `others` given sorted (and in their original order, for the mean-deviation fallback's sum). */
function modifiedZSorted(x: number, sortedOthers: Float64Array, originalOthers: Float64Array, n: number, floor: number, dev: Float64Array): number | undefined {
  const med = medianSorted(sortedOthers, n)
  for (let j = 0; j < n; j++) dev[j] = Math.abs(float64At(sortedOthers, j, 'sorted values') - med)
  insertionSort(dev, n)
  let spread = medianSorted(dev, n)
  if (spread === 0) {
    let s = 0
    for (let j = 0; j < n; j++) s += Math.abs(float64At(originalOthers, j, 'values') - med)
    spread = meanAdSpread(s / n)
  }
  spread = Math.max(spread, floor)
  if (spread === 0) return undefined
  return (0.6745 * (x - med)) / spread
}

function vintageWarnings(data: MonitoringData, indicator: string, region: string, year: number): MonitoringWarning[] {
  const all = data.publishedAll(indicator, region, year)
  if (all.length < 2) return []
  const values = all.map((o) => o.value)
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  // Rounding differences (68.8 vs 68.76) are not conflicts: allow half a unit of the coarser figure.
  const decimals = Math.min(...all.map((o) => (String(o.value).split('.')[1] ?? '').length))
  if (hi - lo <= 0.5 * 10 ** -decimals + 1e-9) return []
  return [
    {
      kind: 'vintage_conflict',
      severity: 'low',
      indicator,
      region,
      year,
      target: null,
      score: (hi - lo) / Math.max(Math.abs(hi), 1e-9),
      params: { indicator, region, year, values: all.map((o) => `${o.value} (${o.source})`).join('; ') },
    },
  ]
}

function round(x: number, d: number): number {
  const f = 10 ** d
  return Math.round(x * f) / f
}
