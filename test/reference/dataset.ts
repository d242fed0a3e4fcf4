/**
 * The reference the monitoring engine (src/monitoring/dense-dataset.ts) is compared with: the same rules written
 * the plain way, slow but easy to check — published, derived and aggregated values, resolved on demand and memoised. A cell's value is the published
 * one (its preferred source) when there is one, else derived from the indicator's formula, else aggregated from
 * the region's members following the indicator's rule. Every computed value lists the observations it read.
 * @module
 */
import type { Context } from '../../src/app/context.js'
import { loadRanking } from '../../src/app/source-ranking.js'
import type { AggregateFailure, MonitoringData, PublishedSeriesArrays, PublishedSeriesScan } from '../../src/monitoring/index.js'
import { evaluateFormula, parseFormula, type Formula } from '../../src/plan/formula.js'
import type { IndicatorCatalog } from '../../src/plan/indicator-catalog.js'
import type { Indicator } from '../../src/plan/plan-schema.js'
import type { RegionCatalog } from '../../src/regions/region-catalog.js'
import { provenanceOf, type ObservationPoint, type Provenance, type ResolvedValue } from '../../src/monitoring/observation-point.js'
import { NO_RANKING, pickPreferred, type SourceRanking } from '../../src/monitoring/preferred-source.js'

type Key = string
const key = (indicator: string, region: string, year: number): Key => `${indicator}\u0000${region}\u0000${year}`

export class Dataset implements MonitoringData, PublishedSeriesScan {
  readonly #indicators: IndicatorCatalog
  readonly #regions: RegionCatalog
  readonly #published = new Map<Key, ObservationPoint[]>()
  readonly #years = new Map<string, Set<number>>()
  readonly #formulas = new Map<string, Formula>()
  readonly #memo = new Map<Key, ResolvedValue | null>()
  readonly #aggMemo = new Map<Key, ResolvedValue | AggregateFailure>()
  readonly #inProgress = new Set<Key>()
  readonly #ranking: SourceRanking

  constructor(indicators: IndicatorCatalog, regions: RegionCatalog, observations: ReadonlyArray<ObservationPoint>, ranking: SourceRanking = NO_RANKING) {
    this.#ranking = ranking
    this.#indicators = indicators
    this.#regions = regions
    for (const o of observations) {
      const k = key(o.indicator, o.region, o.year)
      const list = this.#published.get(k) ?? []
      list.push(o)
      this.#published.set(k, list)
      const years = this.#years.get(o.indicator) ?? new Set<number>()
      years.add(o.year)
      this.#years.set(o.indicator, years)
    }
    for (const ind of indicators.all) {
      if (ind.formula) {
        const f = parseFormula(ind.formula)
        if (f.ok) this.#formulas.set(ind.id, f.value)
      }
    }
  }

  get indicators(): IndicatorCatalog {
    return this.#indicators
  }

  get regions(): RegionCatalog {
    return this.#regions
  }

  /** Every source's value of a cell. */
  publishedAll(indicator: string, region: string, year: number): ReadonlyArray<ObservationPoint> {
    return this.#published.get(key(indicator, region, year)) ?? []
  }

  published(indicator: string, region: string, year: number): ResolvedValue | undefined {
    const o = pickPreferred(this.publishedAll(indicator, region, year), this.#indicators.get(indicator), region, this.#ranking)
    return o ? { indicator, region, year, value: o.value, origin: 'published', source: o.source, inputs: [provenanceOf(o)] } : undefined
  }

  /** The value of a derived indicator computed from its formula's inputs (each resolved in turn). */
  derived(indicator: string, region: string, year: number): ResolvedValue | undefined {
    const f = this.#formulas.get(indicator)
    if (!f) return undefined
    // Inputs published together by one source are one vintage: use them together before mixing sources.
    const sameSource = this.#derivedFromOneSource(f, indicator, region, year)
    if (sameSource) return sameSource
    const inputs: ResolvedValue[] = []
    for (const v of f.variables) {
      const r = this.resolve(v, region, year)
      if (!r) return undefined
      inputs.push(r)
    }
    const value = evaluateFormula(f, (name) => inputs.find((i) => i.indicator === name)?.value)
    if (value === undefined || !Number.isFinite(value)) return undefined
    return { indicator, region, year, value, origin: 'derived', method: f.source, inputs: inputs.flatMap((i) => i.inputs) }
  }

  #derivedFromOneSource(f: Formula, indicator: string, region: string, year: number): ResolvedValue | undefined {
    const perVar = f.variables.map((v) => this.publishedAll(v, region, year))
    if (perVar.some((list) => list.length === 0)) return undefined
    const common = perVar.reduce<string[]>((acc, list, i) => (i === 0 ? list.map((o) => o.source) : acc.filter((s) => list.some((o) => o.source === s))), [])
    if (common.length === 0) return undefined
    const candidates = common.map((source) => ({ source, obs: perVar.map((list) => list.find((o) => o.source === source)!) }))
    // Among common sources, the one most recently written (as for a single cell).
    const best = candidates.sort((a, b) => {
      const ta =
        a.obs
          .map((o) => o.updatedAt)
          .sort()
          .at(-1) ?? ''
      const tb =
        b.obs
          .map((o) => o.updatedAt)
          .sort()
          .at(-1) ?? ''
      return ta === tb ? Math.max(...b.obs.map((o) => o.id)) - Math.max(...a.obs.map((o) => o.id)) : tb.localeCompare(ta)
    })[0]!
    const value = evaluateFormula(f, (name) => best.obs[f.variables.indexOf(name)]?.value)
    if (value === undefined || !Number.isFinite(value)) return undefined
    return { indicator, region, year, value, origin: 'derived', source: best.source, method: f.source, inputs: best.obs.map(provenanceOf) }
  }

  /** The value derived from the inputs of one given source, if that source published them all. */
  derivedFrom(indicator: string, region: string, year: number, source: string): number | undefined {
    const f = this.#formulas.get(indicator)
    if (!f) return undefined
    const obs = f.variables.map((v) => this.publishedAll(v, region, year).find((o) => o.source === source))
    if (obs.some((o) => o === undefined)) return undefined
    return evaluateFormula(f, (name) => obs[f.variables.indexOf(name)]?.value)
  }

  /** Published, else derived, else aggregated from members. */
  resolve(indicator: string, region: string, year: number): ResolvedValue | undefined {
    const k = key(indicator, region, year)
    const memo = this.#memo.get(k)
    if (memo !== undefined) return memo ?? undefined
    if (this.#inProgress.has(k)) return undefined // a formula that reads itself through aggregation
    this.#inProgress.add(k)
    let result = this.published(indicator, region, year) ?? this.derived(indicator, region, year)
    if (!result) {
      const agg = this.aggregate(indicator, region, year)
      if ('value' in agg) result = agg
    }
    this.#inProgress.delete(k)
    this.#memo.set(k, result ?? null)
    return result
  }

  /**
   * Aggregates a cell over the region's members (a grouping's members, an administrative region's children):
   * sums for stocks; ratios recomputed from aggregated components; weighted means only when components are
   * missing (flagged); never from a subset of members.
   */
  aggregate(indicator: string, region: string, year: number): ResolvedValue | AggregateFailure {
    const k = key(indicator, region, year)
    const memo = this.#aggMemo.get(k)
    if (memo) return memo
    const result = this.#aggregate(indicator, region, year)
    this.#aggMemo.set(k, result)
    return result
  }

  #members(region: string): ReadonlyArray<string> {
    const r = this.#regions.get(region)
    if (!r) return []
    if (r.level === 'grouping') return r.members
    // Aggregate an administrative region from its next level down only.
    const kids = this.#regions.children(region)
    const level = kids[0]?.level
    return kids.filter((c) => c.level === level).map((c) => c.code)
  }

  #aggregate(indicator: string, region: string, year: number): ResolvedValue | AggregateFailure {
    const ind = this.#indicators.get(indicator)
    if (!ind || ind.aggregation === 'none') return { kind: 'not_aggregable' }
    const members = this.#members(region)
    if (members.length === 0) return { kind: 'no_members' }
    if (ind.aggregation === 'ratio') {
      const viaComponents = this.derivedFromAggregates(ind, region, year)
      if ('value' in viaComponents) return viaComponents
      if (ind.weight) {
        const weighted = this.#weightedMean(ind, ind.weight, members, region, year)
        if ('value' in weighted) return { ...weighted, weightedFallback: true }
      }
      return viaComponents
    }
    if (ind.aggregation === 'weighted_mean') return this.#weightedMean(ind, ind.weight ?? '', members, region, year)
    const values: ResolvedValue[] = this.#oneSourceForAll(indicator, members, year) ?? []
    const missing: string[] = []
    if (values.length === 0) {
      for (const m of members) {
        const v = this.resolve(indicator, m, year)
        if (v) values.push(v)
        else missing.push(m)
      }
    }
    if (missing.length > 0) return { kind: 'incomplete', missing }
    const xs = values.map((v) => v.value)
    const value =
      ind.aggregation === 'sum'
        ? xs.reduce((a, b) => a + b, 0)
        : ind.aggregation === 'mean'
          ? xs.reduce((a, b) => a + b, 0) / xs.length
          : ind.aggregation === 'max'
            ? Math.max(...xs)
            : Math.min(...xs)
    return { indicator, region, year, value, origin: 'aggregated', method: ind.aggregation, inputs: values.flatMap((v) => v.inputs) }
  }

  /**
   * When one source (a yearbook table) published the cell for every member, its figures are one vintage: sum
   * those rather than each member's preferred figure, which may come from different vintages.
   */
  #oneSourceForAll(indicator: string, members: ReadonlyArray<string>, year: number): ResolvedValue[] | undefined {
    const lists = members.map((m) => this.publishedAll(indicator, m, year))
    if (lists.some((l) => l.length === 0)) return undefined
    const common = lists.reduce<string[]>((acc, l, i) => (i === 0 ? l.map((o) => o.source) : acc.filter((s) => l.some((o) => o.source === s))), [])
    const source = common[0]
    if (source === undefined || lists.every((l) => l.length === 1)) return undefined
    return lists.map((l, i) => {
      const o = l.find((x) => x.source === source)!
      return { indicator, region: members[i]!, year, value: o.value, origin: 'published' as const, source, inputs: [provenanceOf(o)] }
    })
  }

  /** A ratio indicator for a region whose formula inputs are each aggregated over the members. */
  derivedFromAggregates(ind: Indicator, region: string, year: number): ResolvedValue | AggregateFailure {
    const f = this.#formulas.get(ind.id)
    if (!f) return { kind: 'not_aggregable' }
    const inputs: ResolvedValue[] = []
    const missing = new Set<string>()
    for (const v of f.variables) {
      // Components aggregated over the members; a published total stands in only when members are missing.
      const aggregated = this.aggregate(v, region, year)
      const agg = 'value' in aggregated ? aggregated : (this.published(v, region, year) ?? aggregated)
      if ('value' in agg) inputs.push(agg)
      else if (agg.kind === 'incomplete') agg.missing.forEach((m) => missing.add(m))
      else return agg
    }
    if (missing.size > 0) return { kind: 'incomplete', missing: [...missing] }
    const value = evaluateFormula(f, (name) => inputs.find((i) => i.indicator === name)?.value)
    if (value === undefined) return { kind: 'not_aggregable' }
    return { indicator: ind.id, region, year, value, origin: 'aggregated', method: `ratio: ${f.source}`, inputs: inputs.flatMap((i) => i.inputs) }
  }

  #weightedMean(ind: Indicator, weight: string, members: ReadonlyArray<string>, region: string, year: number): ResolvedValue | AggregateFailure {
    let num = 0
    let den = 0
    const inputs: Provenance[] = []
    const missing: string[] = []
    for (const m of members) {
      const x = this.resolve(ind.id, m, year)
      const w = weight ? this.resolve(weight, m, year) : undefined
      if (!x || !w) {
        missing.push(m)
        continue
      }
      num += x.value * w.value
      den += w.value
      inputs.push(...x.inputs, ...w.inputs)
    }
    if (missing.length > 0) return { kind: 'incomplete', missing }
    if (den === 0) return { kind: 'not_aggregable' }
    return { indicator: ind.id, region, year, value: num / den, origin: 'aggregated', method: `weighted_mean by ${weight}`, inputs }
  }

  /** Years in which the indicator (or, for a derived one, any of its inputs) has data anywhere. */
  years(indicator: string): number[] {
    const out = new Set(this.#years.get(indicator) ?? [])
    for (const v of this.#formulas.get(indicator)?.variables ?? []) for (const y of this.years(v)) out.add(y)
    const ind = this.#indicators.get(indicator)
    if (ind?.weight) for (const y of this.#years.get(ind.weight) ?? []) out.add(y)
    return [...out].sort((a, b) => a - b)
  }

  /** The region's series of an indicator, as resolved (published first), up to and including `toYear`. */
  series(indicator: string, region: string, toYear = Infinity): ResolvedValue[] {
    return this.years(indicator)
      .filter((y) => y <= toYear)
      .map((y) => this.resolve(indicator, region, y))
      .filter((v): v is ResolvedValue => v !== undefined)
  }

  /** Every catalog indicator × region's published series, as the engine hands it to the warning checks. */
  scanPublishedSeries(toYear: number, visit: (s: PublishedSeriesArrays) => void): void {
    for (const indicator of this.#indicators.all) {
      for (const region of this.#regions.all) {
        const series = this.series(indicator.id, region.code, toYear).filter((p) => p.origin === 'published')
        if (series.length === 0) continue
        visit({
          indicator,
          region,
          length: series.length,
          years: Float64Array.from(series, (p) => p.year),
          values: Float64Array.from(series, (p) => p.value),
          sourceCounts: Int32Array.from(series, (p) => this.publishedAll(indicator.id, region.code, p.year).length),
          source: (k) => series[k]!.source ?? '',
        })
      }
    }
  }
}

/**
 * The store's observations in the reference: the current values (drafts included), or only the published values
 * — the last published value of a cell under revision — for the public.
 */
export async function loadReferenceDataset(ctx: Context, options: { publishedOnly?: boolean } = {}): Promise<Dataset> {
  const rows = await ctx.observations.find({})
  const points: ObservationPoint[] = []
  for (const r of rows) {
    const value = options.publishedOnly ? r.publishedValue : r.value
    if (value === null) continue
    points.push({
      id: r.id,
      indicator: r.indicator,
      region: r.region,
      year: r.year,
      value,
      source: r.source,
      version: r.version,
      updatedAt: r.updatedAt,
      ...(r.confidence ? { confidence: r.confidence } : {}),
    })
  }
  return new Dataset(ctx.indicators, ctx.regions, points, await loadRanking(ctx))
}
