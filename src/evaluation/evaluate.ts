/**
 * A composite city development index as the JRC/OECD Handbook (2008) builds one: normalise, weight, aggregate,
 * then vary the choices (Monte Carlo, Saisana, Saltelli & Tarantola 2005) to give every region a median rank and
 * a 90 % rank interval, and every choice its influence. Pure: the matrix comes in, numbers go out.
 * @module
 */
import { at } from '../core/checked.js'
import { AppError } from '../core/errors.js'
import { mulberry32 } from '../forecasting/index.js'
import { adequacyOf, type Adequacy, type EvaluationMatrix } from './build-matrix.js'
import type { AggregationMethod, Framework } from './framework-schema.js'
import {
  ahpWeights,
  compositeIndex,
  couplingCoordination,
  minMax,
  rankUncertainty,
  type AggregationSpec,
  type NormalisationSpec,
  type UncertaintyFactor,
  type WeightingSpec,
} from './methods/index.js'

export interface RegionScore {
  readonly region: string
  readonly regionName: string
  readonly score: number
  readonly rank: number
  /** The 90 % rank interval under the uncertainty analysis, and the median rank. */
  readonly rankLow: number
  readonly rankHigh: number
  readonly medianRank: number
  readonly dimensions: Readonly<Record<string, number>>
  readonly coupling?: { readonly c: number; readonly t: number; readonly d: number; readonly band: string; readonly bandEn: string }
  /** Cells of this region that were imputed or taken from an earlier year. */
  readonly notes: ReadonlyArray<string>
}

export interface EvaluationResult {
  readonly framework: string
  readonly year: number
  /** What ran, never merely what was asked (docs/methods.md §5.8). */
  readonly method: EvaluationMethod
  readonly weights: Readonly<Record<string, number>>
  readonly dimensionWeights: Readonly<Record<string, number>>
  readonly results: ReadonlyArray<RegionScore>
  readonly excluded: EvaluationMatrix['excludedRegions']
  readonly droppedIndicators: ReadonlyArray<string>
  readonly imputed: number
  /** The framework's dimensions, and which of them the indicators used cover. */
  readonly dimensions: ReadonlyArray<{ readonly id: string; readonly name: string; readonly nameEn: string; readonly covered: boolean }>
  /** The indicators the index ran on, with the weight each got and how many regions report it. */
  readonly indicators: ReadonlyArray<{
    readonly id: string
    readonly name: string
    readonly nameEn: string
    readonly unit: string
    readonly dimension: string
    readonly direction: 'higher' | 'lower'
    readonly weight: number
    readonly regions: number
  }>
  /** Framework indicators left out, and why: `coverage` — fewer regions report it than the coverage screen needs. */
  readonly leftOutIndicators: ReadonlyArray<{
    readonly id: string
    readonly name: string
    readonly nameEn: string
    readonly dimension: string
    readonly reason: 'coverage'
    readonly regions: number
    readonly needed: number
  }>
  /** Cells filled by the imputation method (never a published figure). */
  readonly imputedCells: ReadonlyArray<{
    readonly region: string
    readonly regionName: string
    readonly indicator: string
    readonly method: 'indicator_mean'
    readonly value: number
  }>
  /** Cells taken from an earlier year within the lookback. */
  readonly olderCells: ReadonlyArray<{ readonly region: string; readonly indicator: string; readonly year: number }>
  /**
   * Whether the index is broad enough to read as a development index: the indicators used cover at least
   * `minDimensions` of the framework's dimensions (default: half of them, rounded up).
   */
  readonly adequacy: Adequacy
  readonly uncertainty: {
    readonly draws: number
    readonly seed: number
    readonly weightNoise: number
    /** The alternatives drawn from, as they ran: `target` dropped when an indicator has no target, `configured` named. */
    readonly normalisations: ReadonlyArray<string>
    readonly weightings: ReadonlyArray<string>
    readonly aggregations: ReadonlyArray<string>
    /** The geometric draws' rescale range, when geometric is among the aggregations. */
    readonly rescale?: readonly [number, number]
    /** The TOPSIS draws' normalisation, when TOPSIS is among the aggregations. */
    readonly topsisNormalisation?: 'vector' | 'minmax'
    readonly sensitivity: Readonly<Record<UncertaintyFactor, { firstOrder: number | null; total: number | null }>> | null
  }
  readonly ahp?: { readonly cr: number; readonly lambdaMax: number }
}

export interface EvaluationMethod {
  /**
   * The normalisation of the base index: the framework's (or the override's) for arithmetic and geometric; for
   * TOPSIS its own form, `vector` or `minmax` (TOPSIS normalises the raw matrix itself).
   */
  readonly normalisation: string
  readonly weighting: string
  readonly aggregation: AggregationMethod
  /** Geometric only: the range [l, u] each normalised column was rescaled to before the geometric mean. */
  readonly rescale?: readonly [number, number]
  /** Where the weights were set: per dimension, split equally within (equal, expert, AHP), or per indicator (entropy, CRITIC). */
  readonly weightsAt: 'dimension' | 'indicator'
  /** Dimension scores (`results[].dimensions`, coupling) are always min–max, weighted within the dimension. */
  readonly dimensionScores: 'minmax'
  /** The matrix's rules: lookback years, coverage screen, and the missing-data policy (imputation only under `impute`). */
  readonly lookback: number
  readonly minCoverage: number
  readonly missing: { readonly policy: 'exclude' | 'impute' | 'fail'; readonly maxMissingShare?: number; readonly imputation?: 'indicator_mean' }
}

export interface EvaluateOverrides {
  readonly normalisation?: Framework['normalisation']
  readonly weighting?: 'equal' | 'entropy' | 'critic'
  readonly aggregation?: AggregationMethod
  readonly draws?: number
}

/** A method's failure; composites wrap their step's, and the innermost code says what went wrong. */
function fail(e: { readonly code: string; readonly cause?: unknown }, n?: number): never {
  let inner = e
  while (typeof inner.cause === 'object' && inner.cause !== null && typeof (inner.cause as { code?: unknown }).code === 'string') inner = inner.cause as typeof e
  throw new AppError('evaluation.failed', { reason: inner.code, ...(n !== undefined ? { n } : {}) })
}

/** Dimension weights → indicator weights, split equally within each dimension. */
function spread(framework: Framework, m: EvaluationMatrix, dimWeights: ReadonlyArray<number>): number[] {
  const dims = framework.dimensions.map((d) => d.id)
  const counts = new Map(dims.map((d) => [d, m.indicators.filter((i) => i.dimension === d).length]))
  // A dimension whose indicators all dropped out gives its weight to the others (rescaled below).
  const w = m.indicators.map((i) => (dimWeights[dims.indexOf(i.dimension)] ?? 0) / (counts.get(i.dimension) || 1))
  const total = w.reduce((a, b) => a + b, 0)
  return w.map((x) => x / total)
}

function weightingSpec(framework: Framework, m: EvaluationMatrix, choice: Framework['weighting']): { spec: WeightingSpec; ahp?: { cr: number; lambdaMax: number } } {
  const n = framework.dimensions.length
  switch (choice.method) {
    case 'equal':
      return {
        spec: {
          method: 'expert',
          weights: spread(
            framework,
            m,
            Array.from({ length: n }, () => 1 / n),
          ),
        },
      }
    case 'expert':
      return {
        spec: {
          method: 'expert',
          weights: spread(
            framework,
            m,
            framework.dimensions.map((d) => choice.dimensions[d.id] ?? 0),
          ),
        },
      }
    case 'ahp': {
      if (choice.matrix.length !== n) fail({ code: 'ahp_size' }, n)
      const r = ahpWeights(choice.matrix)
      if (!r.ok) {
        if (r.error.code === 'inconsistent') throw new AppError('evaluation.ahp_inconsistent', { cr: Math.round(r.error.cr * 1000) / 1000 })
        fail(r.error)
      }
      return { spec: { method: 'expert', weights: spread(framework, m, r.value.weights) }, ahp: { cr: r.value.cr, lambdaMax: r.value.lambdaMax } }
    }
    case 'entropy':
      return { spec: { method: 'entropy' } }
    case 'critic':
      return { spec: { method: 'critic' } }
  }
}

function normalisationSpec(method: Framework['normalisation'], m: EvaluationMatrix): NormalisationSpec {
  if (method === 'target') {
    const targets = m.indicators.map((i) => i.target)
    if (targets.some((t) => t === undefined)) fail({ code: 'distance_target' })
    return { method: 'dist2targ', targets: targets as number[] }
  }
  return { method }
}

const aggregationSpec = (method: AggregationMethod, framework: Framework, topsisNormalisation = framework.topsisNormalisation): AggregationSpec =>
  method === 'topsis' ? { method: 'topsis', normalisation: topsisNormalisation } : method === 'geometric' ? { method, rescale: framework.aggregation.rescale } : { method }

/**
 * TOPSIS's own normalisation for the base index. An explicit `--normalisation minmax` selects TOPSIS's min–max
 * form; any other explicit one is refused (TOPSIS has no z-score, rank or target form), so that the reply never
 * names a normalisation that did not run. Without one, the framework's `topsisNormalisation`.
 */
function topsisNormalisationFor(framework: Framework, asked: Framework['normalisation'] | undefined): 'vector' | 'minmax' {
  if (asked === undefined) return framework.topsisNormalisation
  if (asked === 'minmax') return 'minmax'
  throw new AppError('evaluation.topsis_normalisation', { normalisation: asked })
}

export function evaluate(framework: Framework, m: EvaluationMatrix, overrides: EvaluateOverrides = {}): EvaluationResult {
  const directions = m.indicators.map((i) => i.direction)
  const weighting = overrides.weighting ? { method: overrides.weighting } : framework.weighting
  const { spec: wSpec, ahp } = weightingSpec(framework, m, weighting)
  const normalisation = overrides.normalisation ?? framework.normalisation
  const aggregation = overrides.aggregation ?? framework.aggregation.method
  const topsisNorm = aggregation === 'topsis' ? topsisNormalisationFor(framework, overrides.normalisation) : undefined
  const baseAggregation = aggregationSpec(aggregation, framework, topsisNorm)
  const base = compositeIndex(m.values, directions, { normalisation: normalisationSpec(normalisation, m), weighting: wSpec, aggregation: baseAggregation })
  if (!base.ok) fail(base.error)

  // Dimension scores for display: min–max normalised indicators, weighted within each dimension.
  const unit = minMax(m.values, directions)
  if (!unit.ok) fail(unit.error)
  const dims = framework.dimensions.map((d) => d.id)
  // Weights, scores and ranks parallel the matrix' indicators and regions.
  const weightOf = (j: number) => at(base.value.weights, j, 'weight of an indicator')
  const dimScore = (r: number, d: string) => {
    const row = at(unit.value, r, 'normalised row')
    let num = 0
    let den = 0
    m.indicators.forEach((ind, j) => {
      if (ind.dimension !== d) return
      num += weightOf(j) * at(row, j, 'normalised value')
      den += weightOf(j)
    })
    return den > 0 ? num / den : NaN
  }

  const u = framework.uncertainty
  const uNormalisations = u.normalisations.filter((n) => n !== 'target' || m.indicators.every((i) => i.target !== undefined))
  const alt = {
    normalisation: uNormalisations.map((n) => normalisationSpec(n, m)),
    weighting: u.weightings.map((w) => (w === 'configured' ? wSpec : w === 'equal' ? weightingSpec(framework, m, { method: 'equal' }).spec : { method: w })),
    aggregation: u.aggregations.map((a) => aggregationSpec(a, framework)),
  }
  const unc = rankUncertainty({
    matrix: m.values,
    directions,
    base: { normalisation: normalisationSpec(normalisation, m), weighting: wSpec, aggregation: baseAggregation },
    alternatives: alt,
    weightNoise: u.weightNoise,
    draws: overrides.draws ?? u.draws,
    rng: mulberry32(u.seed),
  })
  if (!unc.ok) fail(unc.error)

  const notesFor = (code: string) => m.notes.filter((n) => n.region === code).map((n) => (n.kind === 'imputed' ? `imputed:${n.indicator}` : `older:${n.indicator}:${n.year}`))
  const results: RegionScore[] = m.regions.map((r, i) => {
    const dimensions = Object.fromEntries(dims.map((d): [string, number] => [d, dimScore(i, d)]).filter(([, v]) => Number.isFinite(v)))
    let coupling: RegionScore['coupling']
    if (framework.coupling) {
      const us = framework.coupling.dimensions.map((d) => dimensions[d]).filter((x): x is number => x !== undefined)
      if (us.length === framework.coupling.dimensions.length) {
        const cc = couplingCoordination(us)
        if (cc.ok) coupling = { c: cc.value.c, t: cc.value.t, d: cc.value.d, band: cc.value.band.zh, bandEn: cc.value.band.en }
      }
    }
    const ru = at(unc.value.regions, i, 'rank uncertainty of a region')
    return {
      region: r.code,
      regionName: r.name,
      score: at(base.value.scores, i, 'score of a region'),
      rank: at(base.value.ranks, i, 'rank of a region'),
      rankLow: ru.p05,
      rankHigh: ru.p95,
      medianRank: ru.medianRank,
      dimensions,
      ...(coupling ? { coupling } : {}),
      notes: notesFor(r.code),
    }
  })
  results.sort((a, b) => a.rank - b.rank)
  const weights = Object.fromEntries(m.indicators.map((ind, j): [string, number] => [ind.id, weightOf(j)]))
  const dimensionWeights = Object.fromEntries(dims.map((d): [string, number] => [d, m.indicators.reduce((s, ind, j) => s + (ind.dimension === d ? weightOf(j) : 0), 0)]))
  return {
    framework: framework.id,
    year: m.year,
    method: {
      normalisation: topsisNorm ?? normalisation,
      weighting: weighting.method,
      aggregation,
      ...(aggregation === 'geometric' ? { rescale: framework.aggregation.rescale } : {}),
      weightsAt: weighting.method === 'entropy' || weighting.method === 'critic' ? 'indicator' : 'dimension',
      dimensionScores: 'minmax',
      lookback: framework.lookback,
      minCoverage: framework.minCoverage,
      missing:
        framework.missing.policy === 'impute'
          ? { policy: 'impute', maxMissingShare: framework.missing.maxMissingShare, imputation: framework.missing.imputation }
          : { policy: framework.missing.policy },
    },
    weights,
    dimensionWeights,
    results,
    excluded: m.excludedRegions,
    droppedIndicators: m.droppedIndicators,
    imputed: m.notes.filter((n) => n.kind === 'imputed').length,
    dimensions: framework.dimensions.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, covered: m.indicators.some((i) => i.dimension === d.id) })),
    indicators: m.indicators.map((ind, j) => ({
      id: ind.id,
      name: ind.name,
      nameEn: ind.nameEn,
      unit: ind.unit,
      dimension: ind.dimension,
      direction: ind.direction,
      weight: weightOf(j),
      regions: m.coverage.find((c) => c.indicator === ind.id)?.regions ?? 0,
    })),
    leftOutIndicators: m.coverage
      .filter((c) => !c.used)
      .map((c) => ({ id: c.indicator, name: c.name, nameEn: c.nameEn, dimension: c.dimension, reason: 'coverage' as const, regions: c.regions, needed: c.needed })),
    imputedCells: m.notes
      .filter((n) => n.kind === 'imputed')
      .map((n) => ({
        region: n.region,
        regionName: m.regions.find((r) => r.code === n.region)?.name ?? n.region,
        indicator: n.indicator,
        method: 'indicator_mean' as const,
        value: n.value,
      })),
    olderCells: m.notes.filter((n) => n.kind === 'older').map((n) => ({ region: n.region, indicator: n.indicator, year: n.year ?? m.year })),
    adequacy: adequacyOf(framework, m),
    uncertainty: {
      draws: unc.value.draws,
      seed: u.seed,
      weightNoise: u.weightNoise,
      normalisations: uNormalisations,
      weightings: u.weightings.map((w) => (w === 'configured' ? weighting.method : w)),
      aggregations: u.aggregations,
      ...(u.aggregations.includes('geometric') ? { rescale: framework.aggregation.rescale } : {}),
      ...(u.aggregations.includes('topsis') ? { topsisNormalisation: framework.topsisNormalisation } : {}),
      sensitivity: unc.value.sensitivity,
    },
    ...(ahp ? { ahp } : {}),
  }
}
