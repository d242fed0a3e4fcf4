/**
 * The monitoring engine: every cell of every indicator × region × year computed up front into typed arrays
 * (national scale: thousands of regions × hundreds of indicators × years ≈ 10⁷ cells), and every value explained
 * on demand with the observations it was computed from.
 *
 * A cell is its preferred source's published value (`pickPreferred`), else derived from the indicator's formula
 * (inputs one source published together first), else aggregated over the region's members (aggregation.ts).
 * Cells are filled in dependency order — regions bottom-up by member depth, and within a depth indicators in
 * formula order — so every input is final when it is read. Columns come from published-columns.ts, formulas are
 * compiled in compiled-formula.ts.
 *
 * `ResolvedValue` objects (with their provenance) are made only for cells asked through `resolve`/`series`/
 * `derived`/`aggregate`, so status and warnings over every cell cost no object per cell.
 * @module
 */
import { evaluateFormula } from '../plan/formula.js'
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Indicator } from '../plan/plan-schema.js'
import type { Region, RegionCatalog } from '../regions/region-catalog.js'
import { aggregateCell, aggregateFailure, aggregateMethod, membersOf, observationsOf, oneSourceForAll, regionRanks, viaComponents, type AggregateFailure, type Cube } from './aggregation.js'
import { compileIndicatorFormula, formulaOrder, type CompiledFormula } from './compiled-formula.js'
import type { MonitoringData, PublishedSeriesArrays, PublishedSeriesScan } from './monitoring-data.js'
import type { ObservationPoint, Provenance, ResolvedValue } from './observation-point.js'
import type { PublishedColumns } from './published-columns.js'

// ---------------------------------------------------------------------------------------------------------------

const NONE = 0
const PUBLISHED = 1
const DERIVED = 2
const AGGREGATED = 3

export interface DensePhaseTimes {
  /** Indexing observations by cell and picking each cell's preferred source. */
  readonly index: number
  readonly derive: number
  readonly aggregate: number
}

export interface DenseCounts {
  readonly cells: number
  readonly observations: number
  /** Observations of indicators or regions the catalogs do not know (kept out of the cube). */
  readonly skipped: number
  readonly published: number
  readonly derived: number
  readonly aggregated: number
}

export class DenseDataset implements MonitoringData, PublishedSeriesScan {
  readonly #indicators: IndicatorCatalog
  readonly #regions: RegionCatalog
  readonly #cols: PublishedColumns
  readonly #inds: ReadonlyArray<Indicator>
  readonly #regs: ReadonlyArray<Region>
  readonly #indIx = new Map<string, number>()
  readonly #regIx = new Map<string, number>()
  /** The year axis: every year any observation has. */
  readonly #yearList: number[]
  readonly #minYear: number
  readonly #yearIxOf: Int32Array
  readonly nI: number
  readonly nR: number
  readonly nY: number
  /** Observation column indices → catalog indices (−1: unknown). */
  readonly #colInd: Int32Array
  readonly #colReg: Int32Array
  /** Cell → its observations: cellObs[cellStart[c] .. cellStart[c+1]), in store order (period, then id). */
  readonly #cellStart: Int32Array
  readonly #cellObs: Int32Array
  /** Cell → the observation of its preferred source (−1: none). */
  readonly #pubObs: Int32Array
  /** Cell → resolved value (NaN: none) and where it came from. */
  readonly #val: Float64Array
  readonly #origin: Uint8Array
  /** Aggregates kept beside resolved values for the components of ratio indicators (read through `aggOffset`). */
  readonly #agg: Float64Array
  readonly #aggOffset: Int32Array
  /** Indicator × year → some observation (any region) has it, for `years`. */
  readonly #hasYear: Uint8Array
  readonly #formulas: Array<CompiledFormula | undefined>
  readonly #weightIx: Int32Array
  readonly #members: Int32Array[]
  /** Region → its members' codes, parallel to `#members` (for the members an aggregate misses). */
  readonly #memberCodes: ReadonlyArray<ReadonlyArray<string>>
  /** The arrays above as the aggregation rules read them. */
  readonly #cube: Cube
  readonly #rankOfRegion: Int32Array
  readonly #order: Int32Array
  readonly #yearsMemo = new Map<string, number[]>()
  readonly times: DensePhaseTimes
  readonly counts: DenseCounts

  constructor(indicators: IndicatorCatalog, regions: RegionCatalog, columns: PublishedColumns, now: () => number = () => 0) {
    const t0 = now()
    this.#indicators = indicators
    this.#regions = regions
    this.#cols = columns
    this.#inds = indicators.all
    this.#regs = regions.all
    this.#inds.forEach((ind, i) => this.#indIx.set(ind.id, i))
    this.#regs.forEach((r, i) => this.#regIx.set(r.code, i))
    const nI = (this.nI = this.#inds.length)
    const nR = (this.nR = this.#regs.length)

    // Year axis.
    let minYear = Infinity
    let maxYear = -Infinity
    for (let i = 0; i < columns.length; i++) {
      const y = columns.year[i]!
      if (y < minYear) minYear = y
      if (y > maxYear) maxYear = y
    }
    if (columns.length === 0) minYear = maxYear = 0
    this.#minYear = minYear
    const present = new Uint8Array(maxYear - minYear + 1)
    for (let i = 0; i < columns.length; i++) present[columns.year[i]! - minYear] = 1
    this.#yearIxOf = new Int32Array(present.length).fill(-1)
    this.#yearList = []
    for (let k = 0; k < present.length; k++) {
      if (present[k]) {
        this.#yearIxOf[k] = this.#yearList.length
        this.#yearList.push(minYear + k)
      }
    }
    const nY = (this.nY = this.#yearList.length)
    const nCells = nI * nR * nY

    this.#colInd = Int32Array.from(columns.indicatorIds, (id) => this.#indIx.get(id) ?? -1)
    this.#colReg = Int32Array.from(columns.regionCodes, (code) => this.#regIx.get(code) ?? -1)

    // Cells' observation lists (CSR), by counting sort.
    this.#hasYear = new Uint8Array(nI * nY)
    const cellStart = (this.#cellStart = new Int32Array(nCells + 1))
    const cellOf = new Int32Array(columns.length)
    let kept = 0
    for (let o = 0; o < columns.length; o++) {
      const i = this.#colInd[columns.indicator[o]!]!
      const yi = this.#yearIxOf[columns.year[o]! - minYear]!
      if (i >= 0) this.#hasYear[i * nY + yi] = 1
      const r = this.#colReg[columns.region[o]!]!
      if (i < 0 || r < 0) {
        cellOf[o] = -1
        continue
      }
      const c = (i * nR + r) * nY + yi
      cellOf[o] = c
      cellStart[c + 1]!++
      kept++
    }
    for (let c = 0; c < nCells; c++) cellStart[c + 1]! += cellStart[c]!
    const fill = cellStart.slice(0, nCells)
    const cellObs = (this.#cellObs = new Int32Array(kept))
    for (let o = 0; o < columns.length; o++) {
      const c = cellOf[o]!
      if (c >= 0) cellObs[fill[c]!++] = o
    }
    // Store order within a cell is (period, id), as `ObservationRepo.find` returns rows to `Dataset`.
    const periodRank = rankStrings(columns.periods)
    for (let c = 0; c < nCells; c++) {
      const a = cellStart[c]!
      const b = cellStart[c + 1]!
      if (b - a > 1) sortSlice(cellObs, a, b, (x, y) => periodRank[columns.period[x]!]! - periodRank[columns.period[y]!]! || columns.id[x]! - columns.id[y]!)
    }

    // Preferred source of every cell.
    const pubObs = (this.#pubObs = new Int32Array(nCells).fill(-1))
    const patternRank = this.#inds.map((ind) => (ind.preferredSources.length > 0 ? columns.sources.map((s) => firstMatch(s, ind.preferredSources)) : undefined))
    for (let i = 0; i < nI; i++) {
      const ranks = patternRank[i]
      for (let c = i * nR * nY, end = (i + 1) * nR * nY; c < end; c++) {
        const a = cellStart[c]!
        const b = cellStart[c + 1]!
        if (b - a === 1) pubObs[c] = cellObs[a]!
        else if (b - a > 1) pubObs[c] = this.#pick(a, b, ranks)
      }
    }
    this.counts = { cells: nCells, observations: columns.length, skipped: columns.length - kept, published: 0, derived: 0, aggregated: 0 }
    const t1 = now()

    // Formulas, weights, members, and the orders cells are filled in.
    this.#formulas = this.#inds.map((ind) => compileIndicatorFormula(ind, (id) => this.#indIx.get(id)))
    this.#weightIx = Int32Array.from(this.#inds, (ind) => (ind.weight ? (this.#indIx.get(ind.weight) ?? -1) : -1))
    this.#memberCodes = this.#regs.map((r) => membersOf(regions, r))
    this.#members = this.#memberCodes.map((codes) => Int32Array.from(codes, (code) => this.#regIx.get(code) ?? -1))
    this.#rankOfRegion = regionRanks(this.#members)
    this.#order = formulaOrder(this.#formulas)
    // Ratio indicators read their components' aggregates (not their resolved values): keep those, transitively.
    this.#aggOffset = new Int32Array(nI).fill(-1)
    const needAgg = (i: number) => {
      for (const v of this.#formulas[i]?.vars ?? []) {
        if (v < 0 || this.#aggOffset[v]! >= 0) continue
        this.#aggOffset[v] = 0
        if (this.#inds[v]!.aggregation === 'ratio') needAgg(v)
      }
    }
    this.#inds.forEach((ind, i) => ind.aggregation === 'ratio' && needAgg(i))
    let aggCount = 0
    for (let i = 0; i < nI; i++) if (this.#aggOffset[i]! >= 0) this.#aggOffset[i] = aggCount++ * nR * nY
    this.#agg = new Float64Array(aggCount * nR * nY).fill(NaN)

    this.#val = new Float64Array(nCells).fill(NaN)
    this.#origin = new Uint8Array(nCells)
    this.#cube = {
      nR,
      nY,
      cols: columns,
      inds: this.#inds,
      cellStart,
      cellObs,
      pubObs,
      val: this.#val,
      agg: this.#agg,
      aggOffset: this.#aggOffset,
      formulas: this.#formulas,
      weightIx: this.#weightIx,
      members: this.#members,
    }
    const times = this.#fill(now)
    this.times = { index: t1 - t0, derive: times.derive, aggregate: times.aggregate }
  }

  /** `pickPreferred` over one cell's observations: the first preferred pattern that matches, else the latest write. */
  #pick(a: number, b: number, ranks: ReadonlyArray<number> | undefined): number {
    const cols = this.#cols
    const obs = this.#cellObs
    if (ranks) {
      let best = -1
      let bestRank = Infinity
      for (let k = a; k < b; k++) {
        const r = ranks[cols.source[obs[k]!]!]!
        if (r < bestRank) {
          bestRank = r
          best = obs[k]!
        }
      }
      if (best >= 0) return best
    }
    let best = obs[a]!
    for (let k = a + 1; k < b; k++) {
      const o = obs[k]!
      const tu = cols.updatedAts[cols.updatedAt[o]!]!
      const bu = cols.updatedAts[cols.updatedAt[best]!]!
      if (tu > bu || (tu === bu && cols.id[o]! > cols.id[best]!)) best = o
    }
    return best
  }

  // -------------------------------------------------------------------------------------------------------------
  // Filling the cube

  #fill(now: () => number): { derive: number; aggregate: number } {
    const { nR, nY } = this
    const val = this.#val
    const origin = this.#origin
    const pubObs = this.#pubObs
    const value = this.#cols.value
    let derive = 0
    let aggregate = 0
    let published = 0
    let derived = 0
    let aggregated = 0
    for (let c = 0; c < pubObs.length; c++) {
      const o = pubObs[c]!
      if (o >= 0) {
        val[c] = value[o]!
        origin[c] = PUBLISHED
        published++
      }
    }
    const maxRank = this.#rankOfRegion.reduce((m, r) => Math.max(m, r), 0)
    const byRank: number[][] = Array.from({ length: maxRank + 1 }, () => [])
    this.#rankOfRegion.forEach((rank, r) => byRank[rank]!.push(r))
    const scratch = new Float64Array(64)
    for (const regionsAtRank of byRank) {
      for (const i of this.#order) {
        const f = this.#formulas[i]
        const t0 = now()
        if (f) {
          const x = f.vars.length <= scratch.length ? scratch : new Float64Array(f.vars.length)
          for (const r of regionsAtRank) {
            const row = (i * nR + r) * nY
            for (let y = 0; y < nY; y++) {
              if (origin[row + y] !== NONE) continue
              const v = this.#derive(f, r, y, x)
              if (Number.isFinite(v)) {
                val[row + y] = v
                origin[row + y] = DERIVED
                derived++
              }
            }
          }
        }
        const t1 = now()
        const ind = this.#inds[i]!
        const keep = this.#aggOffset[i]!
        if (ind.aggregation !== 'none') {
          for (const r of regionsAtRank) {
            const members = this.#members[r]!
            if (members.length === 0) continue
            const row = (i * nR + r) * nY
            for (let y = 0; y < nY; y++) {
              if (keep < 0 && origin[row + y] !== NONE) continue
              const a = aggregateCell(this.#cube, i, r, y, scratch)
              if (keep >= 0) this.#agg[keep + r * nY + y] = a
              if (origin[row + y] === NONE && !Number.isNaN(a)) {
                val[row + y] = a
                origin[row + y] = AGGREGATED
                aggregated++
              }
            }
          }
        }
        derive += t1 - t0
        aggregate += now() - t1
      }
    }
    Object.assign(this.counts, { published, derived, aggregated })
    return { derive, aggregate }
  }

  /** `Dataset.derived`: the inputs one source published together first, else each input as resolved. */
  #derive(f: CompiledFormula, r: number, y: number, x: Float64Array): number {
    const { nR, nY } = this
    const vars = f.vars
    let multi = false
    let all = true
    for (let k = 0; k < vars.length; k++) {
      const v = vars[k]!
      if (v < 0) {
        all = false
        break
      }
      const c = (v * nR + r) * nY + y
      const n = this.#cellStart[c + 1]! - this.#cellStart[c]!
      if (n === 0) all = false
      else if (n > 1) multi = true
    }
    // With one observation per input, the one-source value equals the resolved-inputs one: skip the search.
    if (all && multi) {
      const best = this.#oneSourceInputs(f, r, y)
      if (best) {
        for (let k = 0; k < vars.length; k++) x[k] = this.#cols.value[best[k]!]!
        const v = f.fn(x)
        if (Number.isFinite(v)) return v
      }
    }
    for (let k = 0; k < vars.length; k++) {
      const v = vars[k]!
      x[k] = v < 0 ? NaN : this.#val[(v * nR + r) * nY + y]!
    }
    return f.fn(x)
  }

  /**
   * `Dataset#derivedFromOneSource`'s choice: among the sources that published every input (in the first input's
   * order), the one whose latest write is the most recent (then the highest observation id). Returns the input
   * observations of that source, or undefined.
   */
  #oneSourceInputs(f: CompiledFormula, r: number, y: number): number[] | undefined {
    const cols = this.#cols
    const lists = Array.from(f.vars, (v) => observationsOf(this.#cube, v, r, y))
    if (lists.some((l) => l.length === 0)) return undefined
    const common = lists[0]!.map((o) => cols.source[o]!).filter((s) => lists.every((l) => l.some((o) => cols.source[o] === s)))
    if (common.length === 0) return undefined
    let best: { obs: number[]; at: string; id: number } | undefined
    for (const s of common) {
      const obs = lists.map((l) => l.find((o) => cols.source[o] === s)!)
      const at = obs.map((o) => cols.updatedAts[cols.updatedAt[o]!]!).sort().at(-1) ?? ''
      const id = Math.max(...obs.map((o) => cols.id[o]!))
      // Dataset sorts with `tb.localeCompare(ta)` when the times differ: the same comparison, first best kept.
      if (!best || (at === best.at ? id > best.id : at.localeCompare(best.at) > 0)) best = { obs, at, id }
    }
    return best?.obs
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading

  get indicators(): IndicatorCatalog {
    return this.#indicators
  }

  get regions(): RegionCatalog {
    return this.#regions
  }

  #cell(indicator: string, region: string, year: number): number {
    const i = this.#indIx.get(indicator)
    const r = this.#regIx.get(region)
    const y = this.#yearIx(year)
    return i === undefined || r === undefined || y < 0 ? -1 : (i * this.nR + r) * this.nY + y
  }

  /** The resolved value of a cell (NaN: none). */
  value(indicator: string, region: string, year: number): number {
    const c = this.#cell(indicator, region, year)
    return c < 0 ? NaN : this.#val[c]!
  }

  origin(indicator: string, region: string, year: number): 'published' | 'derived' | 'aggregated' | undefined {
    const c = this.#cell(indicator, region, year)
    return c < 0 ? undefined : (([undefined, 'published', 'derived', 'aggregated'] as const)[this.#origin[c]!] ?? undefined)
  }

  #point(o: number): ObservationPoint {
    const cols = this.#cols
    return {
      id: cols.id[o]!,
      indicator: cols.indicatorIds[cols.indicator[o]!]!,
      region: cols.regionCodes[cols.region[o]!]!,
      year: cols.year[o]!,
      value: cols.value[o]!,
      source: cols.sources[cols.source[o]!]!,
      version: cols.version[o]!,
      updatedAt: cols.updatedAts[cols.updatedAt[o]!]!,
    }
  }

  #provenance(o: number): Provenance {
    const cols = this.#cols
    return {
      observationId: cols.id[o]!,
      version: cols.version[o]!,
      indicator: cols.indicatorIds[cols.indicator[o]!]!,
      region: cols.regionCodes[cols.region[o]!]!,
      year: cols.year[o]!,
      source: cols.sources[cols.source[o]!]!,
    }
  }

  publishedAll(indicator: string, region: string, year: number): ReadonlyArray<ObservationPoint> {
    const c = this.#cell(indicator, region, year)
    if (c < 0) return []
    const out: ObservationPoint[] = []
    for (let k = this.#cellStart[c]!; k < this.#cellStart[c + 1]!; k++) out.push(this.#point(this.#cellObs[k]!))
    return out
  }

  derivedFrom(indicator: string, region: string, year: number, source: string): number | undefined {
    const i = this.#indIx.get(indicator)
    const f = i === undefined ? undefined : this.#formulas[i]
    if (!f) return undefined
    const obs = f.formula.variables.map((v) => this.publishedAll(v, region, year).find((o) => o.source === source))
    if (obs.some((o) => o === undefined)) return undefined
    return evaluateFormula(f.formula, (name) => obs[f.formula.variables.indexOf(name)]?.value)
  }

  /** A cell's value, where it came from and how; its provenance (`inputs`) is worked out only when read. */
  resolve(indicator: string, region: string, year: number): ResolvedValue | undefined {
    const c = this.#cell(indicator, region, year)
    if (c < 0 || this.#origin[c] === NONE) return undefined
    const i = this.#indIx.get(indicator)!
    const r = this.#regIx.get(region)!
    const y = this.#yearIx(year)
    const value = this.#val[c]!
    switch (this.#origin[c]) {
      case PUBLISHED: {
        const o = this.#pubObs[c]!
        return { indicator, region, year, value, origin: 'published', source: this.#cols.sources[this.#cols.source[o]!]!, inputs: [this.#provenance(o)] }
      }
      case DERIVED:
        return this.#derivedValue(indicator, region, year, i, r, y, value)
      default:
        return this.#aggregatedValue(indicator, region, year, i, r, y, value)
    }
  }

  /**
   * What the cell's formula gives — the inputs one source published together first, else each input as resolved —
   * whether or not the cell has a published value.
   */
  derived(indicator: string, region: string, year: number): ResolvedValue | undefined {
    const i = this.#indIx.get(indicator)
    const r = this.#regIx.get(region)
    const y = this.#yearIx(year)
    const f = i === undefined ? undefined : this.#formulas[i]
    if (!f || r === undefined || y < 0) return undefined
    const value = this.#derive(f, r, y, new Float64Array(f.vars.length))
    return Number.isFinite(value) ? this.#derivedValue(indicator, region, year, i!, r, y, value) : undefined
  }

  /**
   * The cell aggregated over its region's members by the indicator's rule, whether or not the cell has a published
   * or derived value; else why there is none (the members without data, never a partial sum).
   */
  aggregate(indicator: string, region: string, year: number): ResolvedValue | AggregateFailure {
    const i = this.#indIx.get(indicator)
    if (i === undefined || this.#inds[i]!.aggregation === 'none') return { kind: 'not_aggregable' }
    const r = this.#regIx.get(region)
    if (r === undefined || this.#members[r]!.length === 0) return { kind: 'no_members' }
    const y = this.#yearIx(year)
    const value = y < 0 ? NaN : aggregateCell(this.#cube, i, r, y, new Float64Array(Math.max(this.#formulas[i]?.vars.length ?? 0, 1)))
    if (Number.isNaN(value)) return aggregateFailure(this.#cube, this.#memberCodes, i, r, y)
    return this.#aggregatedValue(indicator, region, year, i, r, y, value)
  }

  #derivedValue(indicator: string, region: string, year: number, i: number, r: number, y: number, value: number): ResolvedValue {
    const f = this.#formulas[i]!
    const one = this.#derivedOneSource(f, r, y)
    if (one) return { indicator, region, year, value, origin: 'derived', source: this.#cols.sources[this.#cols.source[one[0]!]!]!, method: f.formula.source, inputs: one.map((o) => this.#provenance(o)) }
    return withLazyInputs({ indicator, region, year, value, origin: 'derived', method: f.formula.source }, () => Array.from(f.vars).flatMap((v) => this.#resolvedInputs(v, r, y)))
  }

  #aggregatedValue(indicator: string, region: string, year: number, i: number, r: number, y: number, value: number): ResolvedValue {
    const how = aggregateMethod(this.#cube, i, r, y)
    const out: { -readonly [K in keyof ResolvedValue]: ResolvedValue[K] } = withLazyInputs({ indicator, region, year, value, origin: 'aggregated', method: how.method }, () => this.#aggInputs(i, r, y))
    // After `inputs`: the order explain has always printed.
    if (how.fallback) out.weightedFallback = true
    return out
  }

  #resolvedInputs(i: number, r: number, y: number): ReadonlyArray<Provenance> {
    return this.resolve(this.#inds[i]!.id, this.#regs[r]!.code, this.#yearList[y]!)?.inputs ?? []
  }

  #yearIx(year: number): number {
    const k = year - this.#minYear
    return k >= 0 && k < this.#yearIxOf.length ? this.#yearIxOf[k]! : -1
  }

  /** The one-source inputs a derived cell used, when it used them (so the value is labelled with that source). */
  #derivedOneSource(f: CompiledFormula, r: number, y: number): number[] | undefined {
    if (f.vars.some((v) => v < 0)) return undefined
    const best = this.#oneSourceInputs(f, r, y)
    if (!best) return undefined
    const x = new Float64Array(f.vars.length)
    best.forEach((o, k) => (x[k] = this.#cols.value[o]!))
    return Number.isFinite(f.fn(x)) ? best : undefined
  }

  /**
   * The observations an aggregate read (for a ratio's component, they may differ from its resolved value's when
   * the component is published): the components' for a ratio, else the members' (and their weights').
   */
  #aggInputs(v: number, r: number, y: number): Provenance[] {
    const ind = this.#inds[v]!
    const members = this.#members[r]!
    const of = (j: number, k: number): ReadonlyArray<Provenance> => this.#resolvedInputs(j, k, y)
    const f = this.#formulas[v]
    if (ind.aggregation === 'ratio' && f) {
      if (!Number.isNaN(viaComponents(this.#cube, v, r, y, new Float64Array(f.vars.length)))) {
        return Array.from(f.vars).flatMap((u) => {
          const viaAgg = !Number.isNaN(this.#agg[this.#aggOffset[u]! + r * this.nY + y]!)
          return viaAgg ? this.#aggInputs(u, r, y) : [this.#provenance(this.#pubObs[(u * this.nR + r) * this.nY + y]!)]
        })
      }
    }
    if (ind.aggregation === 'ratio' || ind.aggregation === 'weighted_mean') return Array.from(members).flatMap((m) => [...of(v, m), ...of(this.#weightIx[v]!, m)])
    const oneSource = oneSourceForAll(this.#cube, v, members, y)
    if (oneSource) return oneSource.map((o) => this.#provenance(o))
    return Array.from(members).flatMap((m) => of(v, m))
  }

  years(indicator: string): number[] {
    const memo = this.#yearsMemo.get(indicator)
    if (memo) return [...memo]
    const out = new Set<number>()
    const own = (id: string) => {
      const i = this.#indIx.get(id)
      if (i !== undefined) for (let y = 0; y < this.nY; y++) if (this.#hasYear[i * this.nY + y]) out.add(this.#yearList[y]!)
    }
    own(indicator)
    const i = this.#indIx.get(indicator)
    const f = i === undefined ? undefined : this.#formulas[i]
    for (const v of f?.formula.variables ?? []) for (const y of this.years(v)) out.add(y)
    const w = this.#indicators.get(indicator)?.weight
    if (w) own(w)
    const years = [...out].sort((a, b) => a - b)
    this.#yearsMemo.set(indicator, years)
    return [...years]
  }

  series(indicator: string, region: string, toYear = Infinity): ResolvedValue[] {
    const out: ResolvedValue[] = []
    for (const y of this.years(indicator)) {
      if (y > toYear) continue
      const v = this.resolve(indicator, region, y)
      if (v) out.push(v)
    }
    return out
  }

  scanPublishedSeries(toYear: number, visit: (s: PublishedSeriesArrays) => void): void {
    const { nI, nR, nY } = this
    const years = new Float64Array(nY)
    const values = new Float64Array(nY)
    const sourceCounts = new Int32Array(nY)
    const obsAt = new Int32Array(nY)
    const cols = this.#cols
    let length = 0
    let indicator = this.#inds[0]!
    let region = this.#regs[0]!
    const view: PublishedSeriesArrays = {
      get indicator() {
        return indicator
      },
      get region() {
        return region
      },
      get length() {
        return length
      },
      years,
      values,
      sourceCounts,
      source: (k) => cols.sources[cols.source[obsAt[k]!]!]!,
    }
    for (let i = 0; i < nI; i++) {
      indicator = this.#inds[i]!
      for (let r = 0; r < nR; r++) {
        region = this.#regs[r]!
        const row = (i * nR + r) * nY
        length = 0
        for (let y = 0; y < nY; y++) {
          const o = this.#pubObs[row + y]!
          if (o < 0 || this.#yearList[y]! > toYear) continue
          years[length] = this.#yearList[y]!
          values[length] = cols.value[o]!
          sourceCounts[length] = this.#cellStart[row + y + 1]! - this.#cellStart[row + y]!
          obsAt[length] = o
          length++
        }
        if (length > 0) visit(view)
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** Rank of each string in code-unit order (how SQLite's BINARY collation orders ASCII periods). */
function rankStrings(list: ReadonlyArray<string>): Int32Array {
  const idx = list.map((_, i) => i).sort((a, b) => (list[a]! < list[b]! ? -1 : list[a]! > list[b]! ? 1 : 0))
  const rank = new Int32Array(list.length)
  idx.forEach((ix, r) => (rank[ix] = r))
  return rank
}

function firstMatch(source: string, patterns: ReadonlyArray<string>): number {
  const k = patterns.findIndex((p) => source.includes(p))
  return k < 0 ? Infinity : k
}

/** Insertion sort of a short slice (a cell's few observations). */
function sortSlice(a: Int32Array, from: number, to: number, cmp: (x: number, y: number) => number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!
    let j = i - 1
    while (j >= from && cmp(a[j]!, v) > 0) {
      a[j + 1] = a[j]!
      j--
    }
    a[j + 1] = v
  }
}

/** A value whose `inputs` are computed on first read (an enumerable property, so JSON shows them). */
function withLazyInputs<T extends Omit<ResolvedValue, 'inputs'>>(base: T, compute: () => ReadonlyArray<Provenance>): T & { inputs: ReadonlyArray<Provenance> } {
  let inputs: ReadonlyArray<Provenance> | undefined
  return Object.defineProperty(base, 'inputs', { get: () => (inputs ??= compute()), enumerable: true, configurable: true }) as T & { inputs: ReadonlyArray<Provenance> }
}
