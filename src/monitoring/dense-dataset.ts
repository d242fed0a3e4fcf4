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
import { at, float64At, int32At, uint16At, uint8At } from '../core/checked.js'
import { evaluateFormula } from '../plan/formula.js'
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Indicator } from '../plan/plan-schema.js'
import type { Region, RegionCatalog } from '../regions/region-catalog.js'
import {
  aggregateCell,
  aggregateFailure,
  aggregateMethod,
  membersOf,
  observationsOf,
  oneSourceForAll,
  regionRanks,
  viaComponents,
  type AggregateFailure,
  type Cube,
} from './aggregation.js'
import { compileIndicatorFormula, formulaOrder, type CompiledFormula } from './compiled-formula.js'
import type { MonitoringData, PublishedSeriesArrays, PublishedSeriesScan } from './monitoring-data.js'
import type { ObservationPoint, Provenance, ResolvedValue } from './observation-point.js'
import { confidenceOfCode, type PublishedColumns } from './published-columns.js'
import { compareCandidates, NO_RANKING, type Candidate, type SourceRanking } from './preferred-source.js'
import type { Confidence } from '../core/source-grade.js'

// ---------------------------------------------------------------------------------------------------------------

const NONE = 0
const PUBLISHED = 1
const DERIVED = 2
const AGGREGATED = 3
const ORIGIN_NAMES: Readonly<Record<number, 'published' | 'derived' | 'aggregated' | undefined>> = {
  [NONE]: undefined,
  [PUBLISHED]: 'published',
  [DERIVED]: 'derived',
  [AGGREGATED]: 'aggregated',
}

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
  readonly #ranking: SourceRanking
  readonly #sourceIx = new Map<string, number>()
  readonly times: DensePhaseTimes
  readonly counts: DenseCounts

  constructor(indicators: IndicatorCatalog, regions: RegionCatalog, columns: PublishedColumns, now: () => number = () => 0, ranking: SourceRanking = NO_RANKING) {
    const t0 = now()
    this.#ranking = ranking
    columns.sources.forEach((s, k) => this.#sourceIx.set(s, k))
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
      const y = uint16At(columns.year, i, 'year column')
      if (y < minYear) minYear = y
      if (y > maxYear) maxYear = y
    }
    if (columns.length === 0) minYear = maxYear = 0
    this.#minYear = minYear
    const present = new Uint8Array(maxYear - minYear + 1)
    for (let i = 0; i < columns.length; i++) present[uint16At(columns.year, i, 'year column') - minYear] = 1
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
      const i = int32At(this.#colInd, uint16At(columns.indicator, o, 'indicator column'), 'indicator of a column')
      const yi = int32At(this.#yearIxOf, uint16At(columns.year, o, 'year column') - minYear, 'year axis')
      if (i >= 0) this.#hasYear[i * nY + yi] = 1
      const r = int32At(this.#colReg, int32At(columns.region, o, 'region column'), 'region of a column')
      if (i < 0 || r < 0) {
        cellOf[o] = -1
        continue
      }
      const c = (i * nR + r) * nY + yi
      cellOf[o] = c
      cellStart[c + 1] = int32At(cellStart, c + 1, 'cell start') + 1
      kept++
    }
    for (let c = 0; c < nCells; c++) cellStart[c + 1] = int32At(cellStart, c + 1, 'cell start') + int32At(cellStart, c, 'cell start')
    const fill = cellStart.slice(0, nCells)
    const cellObs = (this.#cellObs = new Int32Array(kept))
    for (let o = 0; o < columns.length; o++) {
      const c = int32At(cellOf, o, 'cell of an observation')
      if (c < 0) continue
      const k = int32At(fill, c, 'cell fill')
      cellObs[k] = o
      fill[c] = k + 1
    }
    // Store order within a cell is (period, id), as `ObservationRepo.find` returns rows to `Dataset`.
    const periodRank = rankStrings(columns.periods)
    const rankOfObs = (o: number) => int32At(periodRank, uint16At(columns.period, o, 'period column'), 'period rank')
    const storeOrder = (x: number, y: number) => rankOfObs(x) - rankOfObs(y) || float64At(columns.id, x, 'id column') - float64At(columns.id, y, 'id column')
    for (let c = 0; c < nCells; c++) {
      const a = int32At(cellStart, c, 'cell start')
      const b = int32At(cellStart, c + 1, 'cell start')
      if (b - a > 1) sortSlice(cellObs, a, b, storeOrder)
    }

    // Preferred source of every cell.
    const pubObs = (this.#pubObs = new Int32Array(nCells).fill(-1))
    const patternRank = this.#inds.map((ind) => (ind.preferredSources.length > 0 ? Float64Array.from(columns.sources, (s) => firstMatch(s, ind.preferredSources)) : undefined))
    for (let i = 0; i < nI; i++) {
      const ranks = patternRank[i]
      for (let c = i * nR * nY, end = (i + 1) * nR * nY; c < end; c++) {
        const a = int32At(cellStart, c, 'cell start')
        const b = int32At(cellStart, c + 1, 'cell start')
        if (b - a === 1) pubObs[c] = int32At(cellObs, a, 'cell observations')
        else if (b - a > 1) pubObs[c] = this.#pick(i, Math.floor((c - i * nR * nY) / nY), a, b, ranks)
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
        if (v < 0 || int32At(this.#aggOffset, v, 'aggregate offset') >= 0) continue
        this.#aggOffset[v] = 0
        if (at(this.#inds, v, 'indicator').aggregation === 'ratio') needAgg(v)
      }
    }
    this.#inds.forEach((ind, i) => ind.aggregation === 'ratio' && needAgg(i))
    let aggCount = 0
    for (let i = 0; i < nI; i++) if (int32At(this.#aggOffset, i, 'aggregate offset') >= 0) this.#aggOffset[i] = aggCount++ * nR * nY
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

  /**
   * `pickPreferred` over one cell's observations: the reviewer's choice for the series, else the first preferred
   * pattern that matches, else the better grade, newer vintage, higher confidence, latest write, larger id.
   */
  #pick(i: number, r: number, a: number, b: number, ranks: Float64Array | undefined): number {
    const cols = this.#cols
    const obs = this.#cellObs
    const chosen = this.#ranking.choiceOf(at(this.#inds, i, 'indicator').id, at(this.#regs, r, 'region').code)
    const chosenIx = chosen === undefined ? undefined : this.#sourceIx.get(chosen)
    if (chosenIx !== undefined) {
      for (let k = a; k < b; k++) {
        const o = int32At(obs, k, 'cell observations')
        if (int32At(cols.source, o, 'source column') === chosenIx) return o
      }
    }
    if (ranks) {
      let best = -1
      let bestRank = Infinity
      for (let k = a; k < b; k++) {
        const o = int32At(obs, k, 'cell observations')
        const rk = float64At(ranks, int32At(cols.source, o, 'source column'), 'source rank')
        if (rk < bestRank) {
          bestRank = rk
          best = o
        }
      }
      if (best >= 0) return best
    }
    let best = int32At(obs, a, 'cell observations')
    for (let k = a + 1; k < b; k++) {
      const o = int32At(obs, k, 'cell observations')
      if (this.#better(o, best)) best = o
    }
    return best
  }

  /**
   * Steps 3–6 of the rule, by the one comparison `pickPreferred` uses (`compareCandidates`). Only cells with several
   * sources get here, so building two small candidates per comparison costs little.
   */
  #better(o: number, p: number): boolean {
    return compareCandidates(this.#candidate(o), this.#candidate(p), this.#ranking) < 0
  }

  #candidate(o: number): Candidate {
    const cols = this.#cols
    return {
      id: float64At(cols.id, o, 'id column'),
      source: sourceNameOf(cols, o),
      updatedAt: updatedAtOf(cols, o),
      confidence: confidenceOfCode(uint8At(cols.confidence, o, 'confidence column')),
    }
  }

  /** The ranking the preferred sources were picked with (for the grades replies show). */
  get ranking(): SourceRanking {
    return this.#ranking
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
      const o = int32At(pubObs, c, 'preferred observation')
      if (o >= 0) {
        val[c] = float64At(value, o, 'value column')
        origin[c] = PUBLISHED
        published++
      }
    }
    const maxRank = this.#rankOfRegion.reduce((m, r) => Math.max(m, r), 0)
    const byRank: number[][] = Array.from({ length: maxRank + 1 }, () => [])
    this.#rankOfRegion.forEach((rank, r) => at(byRank, rank, 'regions of a rank').push(r))
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
        const ind = at(this.#inds, i, 'indicator')
        const keep = int32At(this.#aggOffset, i, 'aggregate offset')
        if (ind.aggregation !== 'none') {
          for (const r of regionsAtRank) {
            const members = at(this.#members, r, 'members of a region')
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
      const v = int32At(vars, k, 'formula variable')
      if (v < 0) {
        all = false
        break
      }
      const c = (v * nR + r) * nY + y
      const n = int32At(this.#cellStart, c + 1, 'cell start') - int32At(this.#cellStart, c, 'cell start')
      if (n === 0) all = false
      else if (n > 1) multi = true
    }
    // With one observation per input, the one-source value equals the resolved-inputs one: skip the search.
    if (all && multi) {
      const best = this.#oneSourceInputs(f, r, y)
      if (best) {
        for (let k = 0; k < vars.length; k++) x[k] = float64At(this.#cols.value, at(best, k, 'one-source input'), 'value column')
        const v = f.fn(x)
        if (Number.isFinite(v)) return v
      }
    }
    for (let k = 0; k < vars.length; k++) {
      const v = int32At(vars, k, 'formula variable')
      x[k] = v < 0 ? NaN : float64At(this.#val, (v * nR + r) * nY + y, 'cell value')
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
    const sourceOf = (o: number) => int32At(cols.source, o, 'source column')
    const common = at(lists, 0, 'input observations')
      .map(sourceOf)
      .filter((s) => lists.every((l) => l.some((o) => sourceOf(o) === s)))
    if (common.length === 0) return undefined
    let best: { obs: number[]; at: string; id: number } | undefined
    for (const s of common) {
      // Every list has an observation of `s`: `common` keeps only such sources.
      const obs = lists.map((l) =>
        at(
          l,
          l.findIndex((o) => sourceOf(o) === s),
          'observation of a common source',
        ),
      )
      const latest =
        obs
          .map((o) => updatedAtOf(cols, o))
          .sort()
          .at(-1) ?? ''
      const id = Math.max(...obs.map((o) => float64At(cols.id, o, 'id column')))
      // Dataset sorts with `tb.localeCompare(ta)` when the times differ: the same comparison, first best kept.
      if (!best || (latest === best.at ? id > best.id : latest.localeCompare(best.at) > 0)) best = { obs, at: latest, id }
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

  /** The confidence of the figure a cell publishes (its preferred source's), or null (none stated, or no published figure). */
  preferredConfidence(indicator: string, region: string, year: number): Confidence | null {
    const c = this.#cell(indicator, region, year)
    const o = c < 0 ? -1 : int32At(this.#pubObs, c, 'preferred observation')
    return o < 0 ? null : confidenceOfCode(uint8At(this.#cols.confidence, o, 'confidence column'))
  }

  /** The resolved value of a cell (NaN: none). */
  value(indicator: string, region: string, year: number): number {
    const c = this.#cell(indicator, region, year)
    return c < 0 ? NaN : float64At(this.#val, c, 'cell value')
  }

  origin(indicator: string, region: string, year: number): 'published' | 'derived' | 'aggregated' | undefined {
    const c = this.#cell(indicator, region, year)
    return c < 0 ? undefined : ORIGIN_NAMES[uint8At(this.#origin, c, 'cell origin')]
  }

  #point(o: number): ObservationPoint {
    const cols = this.#cols
    return {
      id: float64At(cols.id, o, 'id column'),
      indicator: indicatorOf(cols, o),
      region: regionOf(cols, o),
      year: uint16At(cols.year, o, 'year column'),
      value: float64At(cols.value, o, 'value column'),
      source: sourceNameOf(cols, o),
      version: int32At(cols.version, o, 'version column'),
      updatedAt: updatedAtOf(cols, o),
      ...confidenceField(confidenceOfCode(uint8At(cols.confidence, o, 'confidence column'))),
    }
  }

  #provenance(o: number): Provenance {
    const cols = this.#cols
    return {
      observationId: float64At(cols.id, o, 'id column'),
      version: int32At(cols.version, o, 'version column'),
      indicator: indicatorOf(cols, o),
      region: regionOf(cols, o),
      year: uint16At(cols.year, o, 'year column'),
      source: sourceNameOf(cols, o),
    }
  }

  publishedAll(indicator: string, region: string, year: number): ReadonlyArray<ObservationPoint> {
    const c = this.#cell(indicator, region, year)
    if (c < 0) return []
    const out: ObservationPoint[] = []
    for (let k = int32At(this.#cellStart, c, 'cell start'), end = int32At(this.#cellStart, c + 1, 'cell start'); k < end; k++)
      out.push(this.#point(int32At(this.#cellObs, k, 'cell observations')))
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
    const i = this.#indIx.get(indicator)
    const r = this.#regIx.get(region)
    const y = this.#yearIx(year)
    if (i === undefined || r === undefined || y < 0) return undefined
    const c = (i * this.nR + r) * this.nY + y
    const origin = uint8At(this.#origin, c, 'cell origin')
    if (origin === NONE) return undefined
    const value = float64At(this.#val, c, 'cell value')
    switch (origin) {
      case PUBLISHED: {
        const o = int32At(this.#pubObs, c, 'preferred observation')
        return { indicator, region, year, value, origin: 'published', source: sourceNameOf(this.#cols, o), inputs: [this.#provenance(o)] }
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
    if (i === undefined || r === undefined || y < 0) return undefined
    const f = this.#formulas[i]
    if (!f) return undefined
    const value = this.#derive(f, r, y, new Float64Array(f.vars.length))
    return Number.isFinite(value) ? this.#derivedValue(indicator, region, year, i, r, y, value) : undefined
  }

  /**
   * The cell aggregated over its region's members by the indicator's rule, whether or not the cell has a published
   * or derived value; else why there is none (the members without data, never a partial sum).
   */
  aggregate(indicator: string, region: string, year: number): ResolvedValue | AggregateFailure {
    const i = this.#indIx.get(indicator)
    if (i === undefined || at(this.#inds, i, 'indicator').aggregation === 'none') return { kind: 'not_aggregable' }
    const r = this.#regIx.get(region)
    if (r === undefined || at(this.#members, r, 'members of a region').length === 0) return { kind: 'no_members' }
    const y = this.#yearIx(year)
    const value = y < 0 ? NaN : aggregateCell(this.#cube, i, r, y, new Float64Array(Math.max(this.#formulas[i]?.vars.length ?? 0, 1)))
    if (Number.isNaN(value)) return aggregateFailure(this.#cube, this.#memberCodes, i, r, y)
    return this.#aggregatedValue(indicator, region, year, i, r, y, value)
  }

  #derivedValue(indicator: string, region: string, year: number, i: number, r: number, y: number, value: number): ResolvedValue {
    // Only cells of indicators with a formula are derived.
    const f = at(this.#formulas, i, 'formula of a derived indicator')
    const one = this.#derivedOneSource(f, r, y)
    if (one)
      return {
        indicator,
        region,
        year,
        value,
        origin: 'derived',
        source: sourceNameOf(this.#cols, at(one, 0, 'one-source input')),
        method: f.formula.source,
        inputs: one.map((o) => this.#provenance(o)),
      }
    return withLazyInputs({ indicator, region, year, value, origin: 'derived', method: f.formula.source }, () => Array.from(f.vars).flatMap((v) => this.#resolvedInputs(v, r, y)))
  }

  #aggregatedValue(indicator: string, region: string, year: number, i: number, r: number, y: number, value: number): ResolvedValue {
    const how = aggregateMethod(this.#cube, i, r, y)
    const out: { -readonly [K in keyof ResolvedValue]: ResolvedValue[K] } = withLazyInputs({ indicator, region, year, value, origin: 'aggregated', method: how.method }, () =>
      this.#aggInputs(i, r, y),
    )
    // After `inputs`: the order explain has always printed.
    if (how.fallback) out.weightedFallback = true
    return out
  }

  #resolvedInputs(i: number, r: number, y: number): ReadonlyArray<Provenance> {
    return this.resolve(at(this.#inds, i, 'indicator').id, at(this.#regs, r, 'region').code, at(this.#yearList, y, 'year'))?.inputs ?? []
  }

  #yearIx(year: number): number {
    const k = year - this.#minYear
    return k >= 0 && k < this.#yearIxOf.length ? int32At(this.#yearIxOf, k, 'year axis') : -1
  }

  /** The one-source inputs a derived cell used, when it used them (so the value is labelled with that source). */
  #derivedOneSource(f: CompiledFormula, r: number, y: number): number[] | undefined {
    if (f.vars.some((v) => v < 0)) return undefined
    const best = this.#oneSourceInputs(f, r, y)
    if (!best) return undefined
    const x = new Float64Array(f.vars.length)
    best.forEach((o, k) => (x[k] = float64At(this.#cols.value, o, 'value column')))
    return Number.isFinite(f.fn(x)) ? best : undefined
  }

  /**
   * The observations an aggregate read (for a ratio's component, they may differ from its resolved value's when
   * the component is published): the components' for a ratio, else the members' (and their weights').
   */
  #aggInputs(v: number, r: number, y: number): Provenance[] {
    const ind = at(this.#inds, v, 'indicator')
    const members = at(this.#members, r, 'members of a region')
    const of = (j: number, k: number): ReadonlyArray<Provenance> => this.#resolvedInputs(j, k, y)
    const f = this.#formulas[v]
    if (ind.aggregation === 'ratio' && f) {
      if (!Number.isNaN(viaComponents(this.#cube, v, r, y, new Float64Array(f.vars.length)))) {
        return Array.from(f.vars).flatMap((u) => {
          const viaAgg = !Number.isNaN(float64At(this.#agg, int32At(this.#aggOffset, u, 'aggregate offset') + r * this.nY + y, 'kept aggregate'))
          return viaAgg ? this.#aggInputs(u, r, y) : [this.#provenance(int32At(this.#pubObs, (u * this.nR + r) * this.nY + y, 'preferred observation'))]
        })
      }
    }
    if (ind.aggregation === 'ratio' || ind.aggregation === 'weighted_mean')
      return Array.from(members).flatMap((m) => [...of(v, m), ...of(int32At(this.#weightIx, v, 'weight of an indicator'), m)])
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
      if (i !== undefined) for (let y = 0; y < this.nY; y++) if (this.#hasYear[i * this.nY + y]) out.add(at(this.#yearList, y, 'year'))
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
    // A typed copy keeps the per-cell year read below on the monomorphic accessor.
    const yearList = Float64Array.from(this.#yearList)
    if (nI === 0 || nR === 0) return
    let length = 0
    let indicator = at(this.#inds, 0, 'indicator')
    let region = at(this.#regs, 0, 'region')
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
      source: (k) => sourceNameOf(cols, int32At(obsAt, k, 'series point')),
    }
    for (let i = 0; i < nI; i++) {
      indicator = at(this.#inds, i, 'indicator')
      for (let r = 0; r < nR; r++) {
        region = at(this.#regs, r, 'region')
        const row = (i * nR + r) * nY
        length = 0
        for (let y = 0; y < nY; y++) {
          const o = int32At(this.#pubObs, row + y, 'preferred observation')
          const year = float64At(yearList, y, 'year')
          if (o < 0 || year > toYear) continue
          years[length] = year
          values[length] = float64At(cols.value, o, 'value column')
          sourceCounts[length] = int32At(this.#cellStart, row + y + 1, 'cell start') - int32At(this.#cellStart, row + y, 'cell start')
          obsAt[length] = o
          length++
        }
        if (length > 0) visit(view)
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

// The interned strings of observation `o`.
function updatedAtOf(cols: PublishedColumns, o: number): string {
  return at(cols.updatedAts, int32At(cols.updatedAt, o, 'updated-at column'), 'updated-at')
}
function sourceNameOf(cols: PublishedColumns, o: number): string {
  return at(cols.sources, int32At(cols.source, o, 'source column'), 'source')
}
function indicatorOf(cols: PublishedColumns, o: number): string {
  return at(cols.indicatorIds, uint16At(cols.indicator, o, 'indicator column'), 'indicator id')
}
function regionOf(cols: PublishedColumns, o: number): string {
  return at(cols.regionCodes, int32At(cols.region, o, 'region column'), 'region code')
}

/** Rank of each string in code-unit order (how SQLite's BINARY collation orders ASCII periods). */
function rankStrings(list: ReadonlyArray<string>): Int32Array {
  const idx = list
    .map((_, i) => i)
    .sort((a, b) => {
      const x = at(list, a, 'string to rank')
      const y = at(list, b, 'string to rank')
      return x < y ? -1 : x > y ? 1 : 0
    })
  const rank = new Int32Array(list.length)
  idx.forEach((ix, r) => (rank[ix] = r))
  return rank
}

/** `confidence` only when the figure has one (so points without one look as before). */
function confidenceField(c: ReturnType<typeof confidenceOfCode>): { confidence?: NonNullable<typeof c> } {
  return c === null ? {} : { confidence: c }
}

function firstMatch(source: string, patterns: ReadonlyArray<string>): number {
  const k = patterns.findIndex((p) => source.includes(p))
  return k < 0 ? Infinity : k
}

/** Insertion sort of a short slice (a cell's few observations). */
function sortSlice(a: Int32Array, from: number, to: number, cmp: (x: number, y: number) => number): void {
  for (let i = from + 1; i < to; i++) {
    const v = int32At(a, i, 'slice to sort')
    let j = i - 1
    while (j >= from) {
      const w = int32At(a, j, 'slice to sort')
      if (cmp(w, v) <= 0) break
      a[j + 1] = w
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
