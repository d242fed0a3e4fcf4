/**
 * Turns raw cells into observations and checks them before anything is written: names, numbers, units,
 * ranges, duplicates, the plan's consistency rules and summary rows against their members.
 * @module
 */
import { decimalsOf, parseNumberText } from '../core/decimal.js'
import { parseYear, periodOfYear } from '../core/period.js'
import { problem, type Location, type Problem } from '../core/problem.js'
import { convertUnit } from '../core/units.js'
import { evaluateFormula, parseFormula } from '../plan/formula.js'
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Plan } from '../plan/plan-schema.js'
import { describeCandidates, type RegionCatalog } from '../regions/region-catalog.js'
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
}

export interface ValidationResult {
  readonly observations: ReadonlyArray<CandidateObservation>
  readonly problems: ReadonlyArray<Problem>
}

const at = (loc: Location, column: string | undefined): Location => (column ? { ...loc, column } : loc)

export function validateRaw(raws: ReadonlyArray<RawObservation>, ctx: ValidationContext): ValidationResult {
  const problems: Problem[] = []
  const out: CandidateObservation[] = []
  const seen = new Map<string, CandidateObservation>()

  for (const raw of raws) {
    const loc = raw.location
    if (isNotAvailable(raw.value)) {
      problems.push(problem('warning', 'ingest.not_available', loc, { value: raw.value || '(空 empty)' }))
      continue
    }
    let bad = false
    const ind = ctx.indicators.resolve(raw.indicator)
    if (!ind.ok) {
      bad = true
      problems.push(
        problem('error', 'ingest.unknown_indicator', at(loc, raw.columns?.indicator), {
          value: raw.indicator,
          candidates: ind.error.candidates.map((c) => `${c.id}（${c.name}）`).join('、'),
        }),
      )
    }
    let regionCode: string | undefined
    if (typeof raw.region === 'string') {
      const reg = ctx.regions.resolve(raw.region)
      if (reg.ok) regionCode = reg.value.code
      else {
        bad = true
        problems.push(
          problem('error', reg.error.kind === 'ambiguous' ? 'ingest.ambiguous_region' : 'ingest.unknown_region', at(loc, raw.columns?.region), {
            value: raw.region,
            candidates: describeCandidates(ctx.regions, reg.error.candidates),
          }),
        )
      }
    } else regionCode = raw.region.code
    const year = parseYear(raw.year)
    if (year === undefined) {
      bad = true
      problems.push(problem('error', 'ingest.bad_year', at(loc, raw.columns?.year), { value: raw.year }))
    }
    const num = parseNumberText(raw.value.normalize('NFKC').trim().replace(/%$/, ''))
    if (!num) {
      bad = true
      problems.push(problem('error', 'ingest.not_numeric', loc, { value: raw.value }))
    }
    if (bad || !ind.ok || !num || regionCode === undefined || year === undefined) continue
    const indicator = ind.value.indicator
    const fromUnit = raw.unit ?? ind.value.unit ?? ''
    const text = convertUnit(num.text, fromUnit, indicator.unit)
    if (text === undefined) {
      problems.push(problem('error', 'ingest.unknown_unit', loc, { unit: fromUnit, indicator: indicator.id, expected: indicator.unit }))
      continue
    }
    const value = Number(text)
    if (indicator.range && (value < indicator.range[0] || value > indicator.range[1])) {
      problems.push(
        problem('error', 'ingest.out_of_range', loc, { value: text, indicator: indicator.id, min: indicator.range[0], max: indicator.range[1] }),
      )
      continue
    }
    const source = ctx.sourceOverride ?? raw.source ?? ctx.defaultSource
    const obs: CandidateObservation = {
      indicator: indicator.id,
      region: regionCode,
      period: periodOfYear(year),
      year,
      value,
      valueText: text,
      unit: indicator.unit,
      raw: fromUnit && fromUnit !== indicator.unit ? `${raw.value} ${fromUnit}` : raw.value,
      source,
      note: raw.note ?? null,
      location: loc,
    }
    const key = cellKey(obs)
    const prior = seen.get(key)
    if (prior) {
      if (prior.value === obs.value) {
        problems.push(problem('warning', 'ingest.duplicate_same', loc, { otherRow: prior.location.row ?? '?' }))
      } else {
        problems.push(
          problem('error', 'ingest.duplicate_conflict', loc, {
            indicator: obs.indicator,
            region: obs.region,
            year: obs.year,
            value: obs.valueText,
            otherValue: prior.valueText,
            otherRow: prior.location.row ?? '?',
          }),
        )
      }
      continue
    }
    seen.set(key, obs)
    out.push(obs)
  }

  problems.push(...checkRules(out, ctx), ...checkSummaries(out, ctx))
  return { observations: out, problems }
}

/** Groups by region, period and source: a rule compares figures published together. */
function groupCells(obs: ReadonlyArray<CandidateObservation>): Map<string, Map<string, CandidateObservation>> {
  const groups = new Map<string, Map<string, CandidateObservation>>()
  for (const o of obs) {
    const g = `${o.region}\u0000${o.period}\u0000${o.source}`
    const m = groups.get(g) ?? new Map<string, CandidateObservation>()
    m.set(o.indicator, o)
    groups.set(g, m)
  }
  return groups
}

const compare = (l: number, op: string, r: number, tol: number): boolean => {
  switch (op) {
    case '==':
      return Math.abs(l - r) <= tol + 1e-9
    case '!=':
      return Math.abs(l - r) > tol
    case '>':
      return l > r
    case '>=':
      return l >= r - 1e-9
    case '<':
      return l < r
    default:
      return l <= r + 1e-9
  }
}

function fmt(n: number): string {
  return String(Math.round(n * 1e4) / 1e4)
}

function checkRules(obs: ReadonlyArray<CandidateObservation>, ctx: ValidationContext): Problem[] {
  const problems: Problem[] = []
  const rules = ctx.plan.rules.map((rule) => ({ rule, left: parseFormula(rule.left), right: parseFormula(rule.right) }))
  for (const cells of groupCells(obs).values()) {
    for (const { rule, left, right } of rules) {
      if (!left.ok || !right.ok) continue
      const vars = [...left.value.variables, ...right.value.variables]
      if (!vars.some((v) => cells.has(v))) continue
      if (!vars.every((v) => cells.has(v))) continue // skip_if_any_missing (DHIS2)
      const get = (id: string) => cells.get(id)?.value
      const l = evaluateFormula(left.value, get)
      const r = evaluateFormula(right.value, get)
      if (l === undefined || r === undefined) continue
      if (compare(l, rule.operator, r, rule.tolerance)) continue
      const anchor = cells.get(left.value.variables[0] ?? '') ?? [...cells.values()][0]!
      const detail = `${rule.left} = ${fmt(l)}，${rule.right} = ${fmt(r)}（${rule.operator}${rule.tolerance ? ` ±${rule.tolerance}` : ''}）`
      problems.push(
        problem(rule.severity, 'ingest.rule_failed', anchor.location, {
          rule: `${rule.name} / ${rule.nameEn}`,
          detail,
        }),
      )
    }
  }
  return problems
}

/** A summary region (a parent or grouping) against the sum of its members, when all members come in the same batch and source. */
function checkSummaries(obs: ReadonlyArray<CandidateObservation>, ctx: ValidationContext): Problem[] {
  const problems: Problem[] = []
  const index = new Map(obs.map((o) => [cellKey(o), o]))
  for (const o of obs) {
    const indicator = ctx.indicators.get(o.indicator)
    if (indicator?.aggregation !== 'sum') continue
    const region = ctx.regions.get(o.region)
    if (!region) continue
    const members =
      region.level === 'grouping'
        ? ctx.regions.components(region.code)
        : ctx.regions.children(region.code).filter((c) => c.level === 'prefecture' || region.level === 'prefecture')
    if (members.length === 0) continue
    const memberObs = members.map((m) => index.get(cellKey({ ...o, region: m.code })))
    if (memberObs.some((m) => m === undefined)) continue
    const sum = memberObs.reduce((s, m) => s + m!.value, 0)
    const decimals = Math.max(...memberObs.map((m) => decimalsOf(m!.valueText)))
    const tolerance = Math.max(ctx.plan.summaryTolerance * Math.abs(sum), 0.5 * 10 ** -decimals * (members.length + 1))
    if (Math.abs(o.value - sum) > tolerance) {
      problems.push(
        problem('error', 'ingest.summary_mismatch', o.location, {
          region: region.name,
          indicator: o.indicator,
          value: o.valueText,
          sum: fmt(sum),
          tolerance: fmt(tolerance),
        }),
      )
    }
  }
  return problems
}

/** Warnings for cells whose stored value a batch would change (identical values are simply unchanged). */
export function revisionWarnings(
  obs: ReadonlyArray<CandidateObservation>,
  existing: (key: string) => ExistingValue | undefined,
): Problem[] {
  const problems: Problem[] = []
  for (const o of obs) {
    const prev = existing(cellKey(o))
    if (prev && prev.value !== o.value) {
      problems.push(
        problem('warning', 'ingest.value_revised', o.location, {
          indicator: o.indicator,
          region: o.region,
          year: o.year,
          source: o.source,
          old: fmt(prev.value),
          value: o.valueText,
        }),
      )
    }
  }
  return problems
}
