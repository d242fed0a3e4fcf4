/**
 * The data an evaluation runs on: regions × indicators for one year, with what was missing and how it was
 * handled — never silent zeros. Pure: reads the monitoring engine's data.
 * @module
 */
import { at } from '../core/checked.js'
import type { MonitoringData } from '../monitoring/index.js'
import { expandRegionSet } from '../regions/load-regions.js'
import type { Framework } from './framework-schema.js'

export interface MatrixIndicator {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly unit: string
  readonly direction: 'higher' | 'lower'
  readonly dimension: string
  readonly target?: number
}

export interface CellNote {
  readonly region: string
  readonly indicator: string
  /** older: a value from an earlier year (within lookback); imputed: filled by the declared method. */
  readonly kind: 'older' | 'imputed'
  readonly year?: number
  readonly value: number
}

export interface EvaluationMatrix {
  readonly year: number
  readonly regions: ReadonlyArray<{ readonly code: string; readonly name: string; readonly nameEn: string }>
  readonly indicators: ReadonlyArray<MatrixIndicator>
  readonly values: ReadonlyArray<ReadonlyArray<number>>
  readonly notes: ReadonlyArray<CellNote>
  /** Regions left out because more than the framework's maxMissingShare of their used indicators have no value. */
  readonly excludedRegions: ReadonlyArray<ExcludedRegion>
  /** Indicators reported by too few regions (below the framework's minCoverage): left out, named here. */
  readonly droppedIndicators: ReadonlyArray<string>
  /** Per framework indicator: how many regions have a value (within lookback), used or left out. */
  readonly coverage: ReadonlyArray<IndicatorCoverage>
  /** Provenance: the observations behind each cell (empty for imputed cells). */
  readonly sources: ReadonlyArray<{ readonly region: string; readonly indicator: string; readonly year: number; readonly source: string; readonly origin: string }>
}

export interface ExcludedRegion {
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly missing: ReadonlyArray<string>
  /** Why it is not ranked: `missing_share` (too many gaps under `impute`) or `any_missing` (a gap under `exclude`). */
  readonly reason: 'missing_share' | 'any_missing'
}

export interface IndicatorCoverage {
  readonly indicator: string
  readonly name: string
  readonly nameEn: string
  readonly dimension: string
  /** Regions with a value for the year (or an earlier one within lookback). */
  readonly regions: number
  /** Regions the coverage screen requires: ceil(minCoverage × regions compared), at least 1. */
  readonly needed: number
  readonly used: boolean
}

export type MatrixFailure =
  | { readonly code: 'unknown_indicator'; readonly indicator: string }
  | { readonly code: 'no_indicators'; readonly coverage: ReadonlyArray<IndicatorCoverage> }
  | { readonly code: 'missing_data'; readonly gaps: ReadonlyArray<{ readonly region: string; readonly indicator: string }> }
  | { readonly code: 'too_few_regions'; readonly regions: number }

type Lookup = { value: number; year: number; source: string; origin: string } | undefined

/**
 * Indicators a framework may name that the store does not hold: a public survey's dimension scores
 * (`survey:<questionnaire>:<dimension>`, 0–100 per city). Described and valued by id; a year with no value is a gap
 * like any other (lookback and the missing-data policy apply).
 */
export interface ExtraIndicators {
  describe(id: string): { readonly name: string; readonly nameEn: string; readonly unit: string; readonly direction: 'higher' | 'lower' } | undefined
  value(id: string, region: string, year: number): { readonly value: number; readonly source: string; readonly origin: string } | undefined
}

function cellAt(data: MonitoringData, indicator: string, region: string, year: number, lookback: number, extra?: ExtraIndicators): Lookup {
  const own = extra?.describe(indicator) !== undefined ? extra : undefined
  for (let y = year; y >= year - lookback; y--) {
    if (own) {
      const e = own.value(indicator, region, y)
      if (e) return { value: e.value, year: y, source: e.source, origin: e.origin }
      continue
    }
    const v = data.resolve(indicator, region, y)
    if (v) return { value: v.value, year: y, source: v.source ?? v.method ?? v.origin, origin: v.origin }
  }
  return undefined
}

/** The year (up to `latest`) in which the framework's indicators are best covered for its regions. */
export function bestYear(data: MonitoringData, framework: Framework, latest: number, extra?: ExtraIndicators): number | undefined {
  const regions = expandRegionSet(data.regions, framework.regions)
  const indicators = framework.dimensions.flatMap((d) => d.indicators.map((i) => i.indicator))
  let best: { year: number; filled: number } | undefined
  for (let y = latest; y >= latest - 15; y--) {
    let filled = 0
    for (const r of regions) for (const i of indicators) if (cellAt(data, i, r.code, y, framework.lookback, extra)) filled++
    if (filled > 0 && (!best || filled > best.filled)) best = { year: y, filled }
  }
  return best?.year
}

export function buildMatrix(
  data: MonitoringData,
  framework: Framework,
  year: number,
  extra?: ExtraIndicators,
): { ok: true; value: EvaluationMatrix } | { ok: false; error: MatrixFailure } {
  const regions = expandRegionSet(data.regions, framework.regions)
  const all: MatrixIndicator[] = []
  for (const d of framework.dimensions) {
    for (const i of d.indicators) {
      const described = extra?.describe(i.indicator)
      const ind = described ? { id: i.indicator, ...described } : data.indicators.get(i.indicator)
      if (!ind) return { ok: false, error: { code: 'unknown_indicator', indicator: i.indicator } }
      const direction = i.direction ?? (ind.direction === 'lower' ? 'lower' : 'higher')
      all.push({ id: ind.id, name: ind.name, nameEn: ind.nameEn, unit: ind.unit, direction, dimension: d.id, ...(i.target !== undefined ? { target: i.target } : {}) })
    }
  }
  const cells = regions.map((r) => all.map((i) => cellAt(data, i.id, r.code, year, framework.lookback, extra)))
  const needed = Math.max(1, Math.ceil(framework.minCoverage * regions.length - 1e-9))
  const counts = all.map((_, j) => cells.filter((row) => row[j] !== undefined).length)
  const keep = counts.map((n) => n >= needed)
  const coverage = all.map((i, j): IndicatorCoverage => ({
    indicator: i.id,
    name: i.name,
    nameEn: i.nameEn,
    dimension: i.dimension,
    regions: at(counts, j, 'count'),
    needed,
    used: keep[j] === true,
  }))
  const indicators = all.filter((_, j) => keep[j])
  const droppedIndicators = all.filter((_, j) => !keep[j]).map((i) => i.id)
  if (indicators.length === 0) return { ok: false, error: { code: 'no_indicators', coverage } }
  const kept = cells.map((row) => row.filter((_, j) => keep[j]))
  // Rows parallel `regions`, columns `indicators`.
  const regionOf = (r: number) => at(regions, r, 'region of a row')
  const indicatorOf = (j: number) => at(indicators, j, 'indicator of a column')

  const gaps: Array<{ region: string; indicator: string }> = []
  kept.forEach((row, r) => row.forEach((c, j) => c === undefined && gaps.push({ region: regionOf(r).code, indicator: indicatorOf(j).id })))
  if (framework.missing.policy === 'fail' && gaps.length > 0) return { ok: false, error: { code: 'missing_data', gaps } }

  // Regions missing too much are left out rather than ranked on imputed numbers.
  const excludedRegions: EvaluationMatrix['excludedRegions'][number][] = []
  const included: number[] = []
  kept.forEach((row, r) => {
    const missing = row.map((c, j) => (c === undefined ? indicatorOf(j).id : undefined)).filter((x): x is string => x !== undefined)
    const tooMany = framework.missing.policy === 'exclude' ? missing.length > 0 : missing.length / Math.max(1, row.length) > framework.missing.maxMissingShare
    const region = regionOf(r)
    if (tooMany)
      excludedRegions.push({
        code: region.code,
        name: region.name,
        nameEn: region.nameEn,
        missing,
        reason: framework.missing.policy === 'exclude' ? 'any_missing' : 'missing_share',
      })
    else included.push(r)
  })
  if (included.length < 2) return { ok: false, error: { code: 'too_few_regions', regions: included.length } }

  const notes: CellNote[] = []
  const sources: Array<EvaluationMatrix['sources'][number]> = []
  // Imputation: the indicator's mean over the included regions that have it (raw scale, before normalisation).
  const means = indicators.map((_, j) => {
    const xs = included
      .map((r) => at(kept, r, 'row')[j])
      .filter((c): c is NonNullable<Lookup> => c !== undefined)
      .map((c) => c.value)
    return xs.reduce((a, b) => a + b, 0) / xs.length
  })
  const values = included.map((r) =>
    at(kept, r, 'row').map((c, j) => {
      const region = regionOf(r).code
      const indicator = indicatorOf(j).id
      if (c === undefined) {
        const mean = at(means, j, 'mean of a column')
        notes.push({ region, indicator, kind: 'imputed', value: mean })
        return mean
      }
      if (c.year !== year) notes.push({ region, indicator, kind: 'older', year: c.year, value: c.value })
      sources.push({ region, indicator, year: c.year, source: c.source, origin: c.origin })
      return c.value
    }),
  )
  return {
    ok: true,
    value: {
      year,
      regions: included.map((r) => {
        const { code, name, nameEn } = regionOf(r)
        return { code, name, nameEn }
      }),
      indicators,
      values,
      notes,
      excludedRegions,
      droppedIndicators,
      coverage,
      sources,
    },
  }
}

export interface Adequacy {
  readonly covered: number
  readonly total: number
  readonly minDimensions: number
  readonly adequate: boolean
}

/** The framework's dimensions covered by a matrix's indicators, against the framework's minimum. */
export function adequacyOf(framework: Framework, m: Pick<EvaluationMatrix, 'indicators'>): Adequacy {
  const total = framework.dimensions.length
  const covered = framework.dimensions.filter((d) => m.indicators.some((i) => i.dimension === d.id)).length
  const minDimensions = Math.min(total, framework.minDimensions ?? Math.ceil(total / 2))
  return { covered, total, minDimensions, adequate: covered >= minDimensions }
}

/**
 * The latest year up to `upTo` (looking back at most 15 years) with enough data: a matrix builds (at least two
 * regions ranked) and its indicators cover the framework's minimum of dimensions.
 */
export function latestAdequateYear(data: MonitoringData, framework: Framework, upTo: number, extra?: ExtraIndicators): number | undefined {
  for (let y = upTo; y >= upTo - 15; y--) {
    const m = buildMatrix(data, framework, y, extra)
    if (m.ok && adequacyOf(framework, m.value).adequate) return y
  }
  return undefined
}
