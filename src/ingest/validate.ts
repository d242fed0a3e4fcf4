/**
 * Turns raw cells into observations and checks them before anything is written: names, numbers, units,
 * ranges, duplicates, the plan's consistency rules and summary rows against their members.
 * @module
 */
import { must } from '../core/checked.js'
import { parseNumberText } from '../core/decimal.js'
import { parseYear, periodOfYear } from '../core/period.js'
import { problem, type Location, type Problem } from '../core/problem.js'
import { CONFIDENCE_SPELLINGS, parseConfidence } from '../core/source-grade.js'
import { convertUnit } from '../core/units.js'
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Plan } from '../plan/plan-schema.js'
import { describeCandidates, type RegionCatalog } from '../regions/region-catalog.js'
import { CellGrid, fmt, type Duplicate } from './cell-grid.js'
import { isNotAvailable } from './not-available.js'
import { cellKey, type CandidateObservation, type ExistingValue } from './observation.js'
import type { RawObservation } from './raw-observation.js'

export interface ValidationContext {
  readonly plan: Plan
  readonly indicators: IndicatorCatalog
  readonly regions: RegionCatalog
  /** The source recorded when neither the command line nor the row gives one. */
  readonly defaultSource: string
  /** `--source`: overrides every row's own source. */
  readonly sourceOverride?: string
  /**
   * How a summary region (the province, a grouping) whose `sum` figure disagrees with the sum of its members is
   * reported: an error that refuses the file (the default), or a warning, for evidence files that collect several
   * publications, where a province's total is published apart from its cities' (and before 2019 routinely fell
   * short of their sum).
   */
  readonly summaryMismatch?: 'error' | 'warning'
}

export interface ValidationResult {
  readonly observations: ReadonlyArray<CandidateObservation>
  readonly problems: ReadonlyArray<Problem>
}

const at = (loc: Location, column: string | undefined): Location => (column ? { ...loc, column } : loc)

export function validateRaw(raws: ReadonlyArray<RawObservation>, ctx: ValidationContext): ValidationResult {
  const problems: Problem[] = []
  const out: CandidateObservation[] = []
  const validator = new CellValidator(ctx)
  // The grid's row ids are indices into `out`: a cell is added under out.length and pushed unless it is a duplicate.
  const kept = (i: number) => must(out[i], 'a validated observation')
  const grid = new CellGrid(
    ctx.regions,
    (i) => kept(i).location,
    (i) => kept(i).valueText,
  )
  for (const raw of raws) {
    const { observation: obs, problems: found } = validator.validate(raw)
    problems.push(...found)
    if (!obs) continue
    const duplicate = grid.add(obs, out.length)
    if (duplicate) {
      problems.push(duplicateProblem(obs, duplicate, kept(duplicate.otherRow).location.row))
      continue
    }
    out.push(obs)
  }
  return { observations: out, problems: [...problems, ...grid.checkRules(ctx.plan), ...grid.checkSummaries(ctx.indicators, ctx.plan.summaryTolerance, ctx.summaryMismatch)] }
}

/** A cell given twice: the same value is imported once (a warning), two values are an error. */
export function duplicateProblem(obs: CandidateObservation, duplicate: NonNullable<Duplicate>, otherRow: number | undefined): Problem {
  const row = otherRow ?? '?'
  if (duplicate.kind === 'same') return problem('warning', 'ingest.duplicate_same', obs.location, { otherRow: row })
  return problem('error', 'ingest.duplicate_conflict', obs.location, {
    indicator: obs.indicator,
    region: obs.region,
    year: obs.year,
    value: obs.valueText,
    otherValue: duplicate.otherText,
    otherRow: row,
  })
}

/**
 * One raw cell → an observation, or the problems that stop it: names, year, number, unit, range. Name look-ups
 * are remembered, since a file repeats the same few hundred names millions of times.
 */
export class CellValidator {
  readonly #ctx: ValidationContext
  readonly #indicators = new Map<string, ReturnType<IndicatorCatalog['resolve']>>()
  readonly #regions = new Map<string, ReturnType<RegionCatalog['resolve']>>()

  constructor(ctx: ValidationContext) {
    this.#ctx = ctx
  }

  validate(raw: RawObservation): { observation?: CandidateObservation; problems: ReadonlyArray<Problem> } {
    const ctx = this.#ctx
    const loc = raw.location
    if (isNotAvailable(raw.value)) return { problems: [problem('warning', 'ingest.not_available', loc, { value: raw.value || '(空 empty)' })] }
    const problems: Problem[] = []
    let ind = this.#indicators.get(raw.indicator)
    if (!ind) {
      ind = ctx.indicators.resolve(raw.indicator)
      this.#indicators.set(raw.indicator, ind)
    }
    if (!ind.ok) {
      problems.push(
        problem('error', 'ingest.unknown_indicator', at(loc, raw.columns?.indicator), {
          value: raw.indicator,
          candidates: ind.error.candidates.map((c) => `${c.id}（${c.name}）`).join('、'),
        }),
      )
    }
    let regionCode: string | undefined
    if (typeof raw.region === 'string') {
      let reg = this.#regions.get(raw.region)
      if (!reg) {
        reg = ctx.regions.resolve(raw.region)
        this.#regions.set(raw.region, reg)
      }
      if (reg.ok) regionCode = reg.value.code
      else {
        problems.push(
          problem('error', reg.error.kind === 'ambiguous' ? 'ingest.ambiguous_region' : 'ingest.unknown_region', at(loc, raw.columns?.region), {
            value: raw.region,
            candidates: describeCandidates(ctx.regions, reg.error.candidates),
          }),
        )
      }
    } else regionCode = raw.region.code
    const year = parseYear(raw.year)
    if (year === undefined) problems.push(problem('error', 'ingest.bad_year', at(loc, raw.columns?.year), { value: raw.year }))
    const num = parseNumberText(raw.value.normalize('NFKC').trim().replace(/%$/, ''))
    if (!num) problems.push(problem('error', 'ingest.not_numeric', loc, { value: raw.value }))
    const confidence = raw.confidence === undefined ? undefined : parseConfidence(raw.confidence)
    if (raw.confidence !== undefined && confidence === undefined) {
      problems.push(problem('error', 'ingest.bad_confidence', at(loc, raw.columns?.confidence), { value: raw.confidence, accepted: CONFIDENCE_SPELLINGS }))
    }
    if (problems.length > 0 || !ind.ok || !num || regionCode === undefined || year === undefined) return { problems }
    const indicator = ind.value.indicator
    const fromUnit = raw.unit ?? ind.value.unit ?? ''
    const text = convertUnit(num.text, fromUnit, indicator.unit)
    if (text === undefined) return { problems: [problem('error', 'ingest.unknown_unit', loc, { unit: fromUnit, indicator: indicator.id, expected: indicator.unit })] }
    const value = Number(text)
    if (indicator.range && (value < indicator.range[0] || value > indicator.range[1])) {
      return { problems: [problem('error', 'ingest.out_of_range', loc, { value: text, indicator: indicator.id, min: indicator.range[0], max: indicator.range[1] })] }
    }
    return {
      observation: {
        indicator: indicator.id,
        region: regionCode,
        period: periodOfYear(year),
        year,
        value,
        valueText: text,
        unit: indicator.unit,
        raw: fromUnit && fromUnit !== indicator.unit ? `${raw.value} ${fromUnit}` : raw.value,
        source: ctx.sourceOverride ?? raw.source ?? ctx.defaultSource,
        note: raw.note ?? null,
        ...(confidence ? { confidence } : {}),
        location: loc,
      },
      problems,
    }
  }
}

/** Warnings for cells whose stored value a batch would change (identical values are simply unchanged). */
export function revisionWarnings(obs: ReadonlyArray<CandidateObservation>, existing: (key: string) => ExistingValue | undefined): Problem[] {
  const problems: Problem[] = []
  for (const o of obs) {
    const prev = existing(cellKey(o))
    if (prev && prev.value !== o.value) problems.push(revisionWarning(o, prev.value))
  }
  return problems
}

export function revisionWarning(o: CandidateObservation, old: number): Problem {
  return problem('warning', 'ingest.value_revised', o.location, {
    indicator: o.indicator,
    region: o.region,
    year: o.year,
    source: o.source,
    old: fmt(old),
    value: o.valueText,
  })
}
