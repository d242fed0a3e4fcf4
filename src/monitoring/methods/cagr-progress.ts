/**
 * The Open SDG progress measure (Statistics Canada's method, inspired by Eurostat's), ported line for line from
 * `sdg/ProgressMeasure.py` of github.com/open-sdg/sdg-build at commit 139fede74ba534d2ed8b9eee4cd878b41f54cb67
 * (class SeriesProgress and the module functions growth_calculation, get_progress_status and
 * get_progress_status_from_score; the indicator-level mean of scores is `aggregateCagrScores`).
 *
 *   CAGR(a, b, t1, t0) = (a / b)^(1 / (t1 − t0)) − 1
 *   s = −1 if the base value is negative, else 1;  d = +1 higher is better, −1 lower is better
 *   no target ("method 1"):  P = s·d·CAGR(current, base)                         thresholds 0.015 / 0.005 / 0
 *   target T   ("method 2"):  P = s·d·CAGR(current, base) / |CAGR(T, base, targetYear)|  thresholds 0.95 / 0.6 / 0
 *   P ≥ high substantial, med ≤ P < high moderate, low ≤ P < med limited, P < low deterioration.
 *   Target achieved when d·(current − T) ≥ 0; it then wins over everything, score 5.
 *   Without a target, a natural limit L scales the thresholds by c = 1 − (|base|/|L|)^4.44 (|base| ≤ |L|),
 *   1 − ((2|L| − |base|)/|L|)^4.44 (|L| < |base| < 2|L|), 1 (|base| ≥ 2|L|).
 *   Score in [−5, 5] from hard-coded piecewise-linear functions of P (see `score`).
 *
 * Behaviours of the Python kept on purpose (each is surprising; see the tests):
 * - The source's default direction is "negative" (lower is better); here direction is required, so it never applies.
 * - Base year: the configured one (default 2015) if the series has it, else the first later year in the series
 *   (never an earlier one). If no year is later, the Python crashes (`.item()` on an empty selection, a ValueError);
 *   its own "base year after the latest data" check is unreachable. We throw `CagrError('base_year_after_data')`.
 * - A target of 0 is replaced by 0.001 before anything else, so "lower is better, target 0" is achieved by any
 *   current value ≤ 0.001. A base of 0 is replaced by 0.001 only after the sign, the thresholds and the limit
 *   coefficient were computed from the 0.
 * - A sign change between base and current gives no value ("not_available"); a current value of exactly 0 is not a
 *   sign change (CAGR = −1). A target of the opposite sign to the base is not checked: Python's float power then
 *   returns a complex number whose modulus |CAGR(T)| the source divides by, so a value still comes out.
 * - Only one year of data (or base year = latest year): no value, but a met target still reads target_achieved, 5.
 * - Target year = base year, or a target whose CAGR is 0 (T equal to the base value), raise ZeroDivisionError in
 *   the Python, whose years and values are plain Python numbers (checked with pandas 1.5.3, numpy 1.24); we throw
 *   `CagrError('zero_division')`. (Were they numpy scalars, numpy would give ±inf or NaN instead.)
 * - The limit is ignored (a warning) when a target is given; a base beyond the limit only warns.
 * - Score functions are hard-coded for the default thresholds even when custom thresholds are configured.
 * - Values that are NaN are dropped first; two values for one year throw `CagrError('duplicate_year')`.
 * @module
 */
import type { YearValue } from './year-value.js'

export type CagrStatus = 'target_achieved' | 'substantial_progress' | 'moderate_progress' | 'limited_progress' | 'deterioration' | 'not_available'

export interface CagrThresholds {
  readonly high: number
  readonly med: number
  readonly low: number
}

export interface CagrConfig {
  /** Base year when the input gives none (source: base_year, default 2015). */
  readonly baseYear: number
  /** Target year when the input gives none (source: target_year, default 2030). */
  readonly targetYear: number
  /** Merged over the method's default thresholds key by key (source: progress_thresholds). */
  readonly progressThresholds: Partial<CagrThresholds>
}

export const CAGR_DEFAULTS: CagrConfig = { baseYear: 2015, targetYear: 2030, progressThresholds: {} }
export const NO_TARGET_THRESHOLDS: CagrThresholds = { high: 0.015, med: 0.005, low: 0 }
export const TARGET_THRESHOLDS: CagrThresholds = { high: 0.95, med: 0.6, low: 0 }
/** What the source puts in place of a target or base value of 0. */
export const ZERO_SUBSTITUTE = 0.001
/** Exponent of the threshold reduction near a natural limit. */
export const LIMIT_EXPONENT = 4.44

export interface CagrInput {
  readonly series: ReadonlyArray<YearValue>
  readonly direction: 'higher' | 'lower'
  readonly target?: number
  readonly targetYear?: number
  /** Natural limit (e.g. 0 % or 100 %); used only without a target. */
  readonly limit?: number
  /** Defaults to config.baseYear; replaced by the next year with data when the series lacks it. */
  readonly baseYear?: number
  readonly config?: Partial<CagrConfig>
}

/** Machine codes for what the source only logs as warnings. */
export type CagrNote = 'no_data' | 'target_zero_replaced' | 'base_zero_replaced' | 'sign_change' | 'single_year' | 'limit_ignored' | 'base_beyond_limit'

export interface CagrResult {
  readonly status: CagrStatus
  /** In [−5, 5]; 5 whenever the target is achieved. */
  readonly score: number | null
  readonly baseYear: number | null
  readonly currentYear: number | null
  /** After the 0 → 0.001 replacement. */
  readonly baseValue: number | null
  readonly currentValue: number | null
  /** After the 0 → 0.001 replacement. */
  readonly target: number | null
  readonly targetYear: number
  readonly method: 'no_target' | 'target'
  /** P: the sign-adjusted CAGR (no target) or growth ratio (target). */
  readonly progressValue: number | null
  readonly targetAchieved: boolean
  /** The thresholds P was compared with, already scaled near a limit. */
  readonly thresholds: CagrThresholds | null
  /** Threshold reduction factor near a limit; null without a limit. */
  readonly coefficient: number | null
  readonly sign: 1 | -1 | null
  readonly notes: ReadonlyArray<CagrNote>
}

export type CagrErrorReason = 'duplicate_year' | 'base_year_after_data' | 'zero_division'

/** Where the Python raises an exception, this port throws one. */
export class CagrError extends Error {
  readonly reason: CagrErrorReason

  constructor(reason: CagrErrorReason, detail: string) {
    super(`${reason}: ${detail}`)
    this.name = 'CagrError'
    this.reason = reason
  }
}

export function cagrProgress(input: CagrInput): CagrResult {
  const config: CagrConfig = { ...CAGR_DEFAULTS, ...input.config }
  const direction = input.direction === 'higher' ? 1 : -1
  const notes: CagrNote[] = []
  let target = input.target ?? null
  if (target === 0) {
    notes.push('target_zero_replaced')
    target = ZERO_SUBSTITUTE
  }
  const targetYear = input.targetYear ?? config.targetYear
  const limit = input.limit ?? null
  const method = target === null ? 'no_target' : 'target'

  const data = usableSeries(input.series)
  const latest = data.reduce<YearValue | undefined>((a, p) => (a === undefined || p.year > a.year ? p : a), undefined)
  if (latest === undefined) {
    notes.push('no_data')
    return {
      status: 'not_available',
      score: null,
      baseYear: null,
      currentYear: null,
      baseValue: null,
      currentValue: null,
      target,
      targetYear,
      method,
      progressValue: null,
      targetAchieved: false,
      thresholds: null,
      coefficient: null,
      sign: null,
      notes,
    }
  }

  const wanted = input.baseYear ?? config.baseYear
  const base = data.find((p) => p.year === wanted) ?? firstAfter(data, wanted)
  if (base === undefined) {
    throw new CagrError('base_year_after_data', `base year ${wanted} is after the latest year ${latest.year}`)
  }
  const baseYear = base.year
  let baseValue = base.value
  const sign = baseValue < 0 ? -1 : 1
  const { thresholds, coefficient } = progressThresholds(method, config.progressThresholds, baseValue, limit, direction, notes)
  const targetAchieved = target !== null && (direction === -1 ? latest.value <= target : latest.value >= target)

  // calculate_progress_value: the checks run in the source's order.
  let progressValue: number | null = null
  if (baseValue === 0) {
    notes.push('base_zero_replaced')
    baseValue = ZERO_SUBSTITUTE
  }
  if ((baseValue > 0 && latest.value < 0) || (baseValue < 0 && latest.value > 0)) {
    notes.push('sign_change')
  } else if (latest.year - baseYear < 1) {
    // The source's "base year > current year" check comes first but cannot hold: the base year is one with data.
    notes.push('single_year')
  } else {
    const observed = growth(latest.value, baseValue, latest.year, baseYear)
    if (target === null) {
      progressValue = sign * direction * observed.re
    } else {
      const required = growth(target, baseValue, targetYear, baseYear)
      const size = Math.hypot(required.re, required.im)
      if (size === 0) throw new CagrError('zero_division', `the target's growth rate is 0 (target ${target} = base ${baseValue})`)
      progressValue = (sign * direction * observed.re) / size
    }
  }

  const status = progressStatus(progressValue, thresholds, targetAchieved)
  return {
    status,
    score: score(method, progressValue, thresholds, coefficient, targetAchieved),
    baseYear,
    currentYear: latest.year,
    baseValue,
    currentValue: latest.value,
    target,
    targetYear,
    method,
    progressValue,
    targetAchieved,
    thresholds,
    coefficient,
    sign,
    notes,
  }
}

/** Port of get_progress_status_from_score: the indicator's status from a (mean) score. */
export function progressStatusFromScore(score: number | null, targetAchieved = false): CagrStatus {
  if (targetAchieved) return 'target_achieved'
  if (score === null) return 'not_available'
  if (score >= 2.5 && score <= 5) return 'substantial_progress'
  if (score >= 0 && score < 2.5) return 'moderate_progress'
  if (score >= -2.5 && score < 0) return 'limited_progress'
  if (score >= -5 && score < -2.5) return 'deterioration'
  // The Python returns None here; scores never leave [−5, 5].
  return 'not_available'
}

/**
 * Port of IndicatorProgress.get_indicator_progress for several series of one indicator: the mean of the scores
 * that exist, and target achieved only when every scored series achieved its target.
 */
export function aggregateCagrScores(results: ReadonlyArray<Pick<CagrResult, 'score' | 'targetAchieved'>>): {
  readonly score: number | null
  readonly status: CagrStatus
} {
  const scored = results.filter((r): r is { score: number; targetAchieved: boolean } => r.score !== null)
  if (scored.length === 0) return { score: null, status: 'not_available' }
  const mean = scored.reduce((s, r) => s + r.score, 0) / scored.length
  return {
    score: mean,
    status: progressStatusFromScore(
      mean,
      scored.every((r) => r.targetAchieved),
    ),
  }
}

function usableSeries(series: ReadonlyArray<YearValue>): YearValue[] {
  // filter_data: drop NA values, then refuse two values for one year.
  const data = series.filter((p) => !Number.isNaN(p.value))
  const seen = new Set<number>()
  const duplicated = new Set<number>()
  for (const p of data) {
    if (seen.has(p.year)) duplicated.add(p.year)
    seen.add(p.year)
  }
  if (duplicated.size > 0) throw new CagrError('duplicate_year', `duplicate values for ${[...duplicated].join(', ')}`)
  return data
}

function firstAfter(data: ReadonlyArray<YearValue>, year: number): YearValue | undefined {
  return data.filter((p) => p.year > year).reduce<YearValue | undefined>((a, p) => (a === undefined || p.year < a.year ? p : a), undefined)
}

interface Complex {
  readonly re: number
  readonly im: number
}

/**
 * growth_calculation with Python's float semantics: 1/0 raises, and a negative base to a non-integer power is the
 * principal complex value |x|^e·(cos πe + i·sin πe), as CPython's float ** float hands it to complex **.
 */
function growth(val1: number, val2: number, t1: number, t2: number): Complex {
  if (t1 === t2) throw new CagrError('zero_division', `growth over zero years (${t1})`)
  const x = val1 / val2
  const e = 1 / (t1 - t2)
  if (x < 0 && !Number.isInteger(e)) {
    const r = Math.pow(-x, e)
    return { re: r * Math.cos(Math.PI * e) - 1, im: r * Math.sin(Math.PI * e) }
  }
  if (x === 0 && e < 0) throw new CagrError('zero_division', '0.0 cannot be raised to a negative power')
  return { re: Math.pow(x, e) - 1, im: 0 }
}

function progressThresholds(
  method: 'no_target' | 'target',
  user: Partial<CagrThresholds>,
  baseValue: number,
  limit: number | null,
  direction: 1 | -1,
  notes: CagrNote[],
): { thresholds: CagrThresholds; coefficient: number | null } {
  if (method === 'target') {
    if (limit !== null) notes.push('limit_ignored')
    return { thresholds: { ...TARGET_THRESHOLDS, ...user }, coefficient: null }
  }
  const merged = { ...NO_TARGET_THRESHOLDS, ...user }
  if (limit === null) return { thresholds: merged, coefficient: null }
  // The source only warns when the base lies beyond the limit, then works on absolute values.
  if ((baseValue < limit && direction === -1) || (baseValue > limit && direction === 1)) notes.push('base_beyond_limit')
  const b = Math.abs(baseValue)
  const l = Math.abs(limit)
  // Checked first so that a base and a limit both 0 give 1, as the source says.
  const coefficient = b >= 2 * l ? 1 : b <= l ? 1 - Math.pow(b / l, LIMIT_EXPONENT) : 1 - Math.pow((2 * l - b) / l, LIMIT_EXPONENT)
  return {
    thresholds: { high: merged.high * coefficient, med: merged.med * coefficient, low: merged.low * coefficient },
    coefficient,
  }
}

/** get_progress_status: a NaN value falls through every comparison to not_available, as in the source. */
function progressStatus(value: number | null, t: CagrThresholds, targetAchieved: boolean): CagrStatus {
  if (targetAchieved) return 'target_achieved'
  if (value !== null) {
    if (value >= t.high) return 'substantial_progress'
    if (t.med <= value && value < t.high) return 'moderate_progress'
    if (t.low <= value && value < t.med) return 'limited_progress'
    if (value < t.low) return 'deterioration'
  }
  return 'not_available'
}

/** get_score: the source hard-codes these lines for the default thresholds, whatever thresholds are configured. */
function score(method: 'no_target' | 'target', p: number | null, t: CagrThresholds, coefficient: number | null, targetAchieved: boolean): number | null {
  if (targetAchieved) return 5
  if (p === null) return null
  if (method === 'no_target') {
    const coeff = coefficient ?? 1
    if (p < t.low) return Math.max(125 * p - 2.5, -5)
    // Base equal to the limit and P ≥ 0: the limit is kept or passed.
    if (coeff === 0) return 5
    if (p >= t.high) return Math.min((500 * p) / coeff - 5, 5)
    if (p >= t.med) return (250 * p) / coeff - 1.25
    if (p >= t.low) return (500 * p) / coeff - 2.5
    return null
  }
  // The source's four branches share two lines: ≥ high or ≥ med, then ≥ low or < low (only NaN escapes).
  if (p >= t.high || p >= t.med) return Math.min(7.1429 * p - 4.2857, 5)
  if (p >= t.low || p < t.low) return Math.max(4.1667 * p - 2.5, -5)
  return null
}
