/**
 * The columnar monitoring engine for national-scale recomputes (thousands of regions × hundreds of indicators ×
 * years ≈ 10⁷ cells): every cell of every indicator × region × year computed up front into typed arrays, instead
 * of `Dataset`'s on-demand string-keyed memo with an object of provenance per observation.
 *
 * It follows `Dataset` (the reference, itself tested against published figures) rule for rule, so its values are
 * the same: a cell is its preferred source's published value (`pickPreferred`), else derived from the indicator's
 * formula (inputs of one source first, as `Dataset#derivedFromOneSource`), else aggregated over the region's
 * members (`Dataset#aggregate`: sums of one source's vintage first; ratios from aggregated components; weighted
 * means flagged; never from a subset of members). Cells are filled in dependency order — regions bottom-up by
 * member depth, and within a depth indicators in formula order — so every input is final when it is read.
 *
 * `ResolvedValue` objects (with their provenance) are made only for cells asked through `resolve`/`series`, so the
 * same target and warning code runs on it.
 * @module
 */
import { evaluateFormula, parseFormula, type Formula, type FormulaNode } from '../plan/formula.js'
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Indicator } from '../plan/plan-schema.js'
import type { Region, RegionCatalog } from '../regions/region-catalog.js'
import type { MonitoringData, PublishedSeriesArrays, PublishedSeriesScan } from './monitoring-data.js'
import type { ObservationPoint, Provenance, ResolvedValue } from './observation-point.js'

// ---------------------------------------------------------------------------------------------------------------
// Columnar input

/** Observations as parallel typed arrays, strings interned (one small table per column). */
export interface PublishedColumns {
  readonly length: number
  readonly indicator: Uint16Array
  readonly region: Int32Array
  readonly year: Uint16Array
  readonly period: Uint16Array
  readonly source: Int32Array
  readonly updatedAt: Int32Array
  readonly version: Int32Array
  readonly id: Float64Array
  readonly value: Float64Array
  readonly indicatorIds: ReadonlyArray<string>
  readonly regionCodes: ReadonlyArray<string>
  readonly periods: ReadonlyArray<string>
  readonly sources: ReadonlyArray<string>
  readonly updatedAts: ReadonlyArray<string>
}

class Interner {
  readonly map = new Map<string, number>()
  readonly list: string[] = []
  #last = ''
  #lastIx = -1
  constructor(readonly max: number) {}
  /** Rows come grouped (an indicator's, a region's), so the previous string is usually the next one too. */
  of(s: string): number {
    if (s === this.#last && this.#lastIx >= 0) return this.#lastIx
    let ix = this.map.get(s)
    if (ix === undefined) {
      ix = this.list.length
      if (ix >= this.max) throw new RangeError(`more than ${this.max} distinct values`)
      this.list.push(s)
      this.map.set(s, ix)
    }
    this.#last = s
    this.#lastIx = ix
    return ix
  }
}

/**
 * Collects observations row by row (as a store streams them) into columns: no object per observation. Capacity
 * grows by half when exceeded; pass the row count when known to allocate once.
 */
export class PublishedColumnsBuilder {
  #n = 0
  #cap: number
  #indicator: Uint16Array
  #region: Int32Array
  #year: Uint16Array
  #period: Uint16Array
  #source: Int32Array
  #updatedAt: Int32Array
  #version: Int32Array
  #id: Float64Array
  #value: Float64Array
  readonly #indicators = new Interner(0xffff)
  readonly #regions = new Interner(0x7fffffff)
  readonly #periods = new Interner(0xffff)
  readonly #sources = new Interner(0x7fffffff)
  readonly #updatedAts = new Interner(0x7fffffff)

  constructor(expected = 1024) {
    this.#cap = Math.max(16, expected)
    this.#indicator = new Uint16Array(this.#cap)
    this.#region = new Int32Array(this.#cap)
    this.#year = new Uint16Array(this.#cap)
    this.#period = new Uint16Array(this.#cap)
    this.#source = new Int32Array(this.#cap)
    this.#updatedAt = new Int32Array(this.#cap)
    this.#version = new Int32Array(this.#cap)
    this.#id = new Float64Array(this.#cap)
    this.#value = new Float64Array(this.#cap)
  }

  get length(): number {
    return this.#n
  }

  add(indicator: string, region: string, period: string, year: number, value: number, source: string, id: number, version: number, updatedAt: string): void {
    if (this.#n === this.#cap) this.#grow(Math.ceil(this.#cap * 1.5))
    const i = this.#n++
    this.#indicator[i] = this.#indicators.of(indicator)
    this.#region[i] = this.#regions.of(region)
    this.#year[i] = year
    this.#period[i] = this.#periods.of(period)
    this.#source[i] = this.#sources.of(source)
    this.#updatedAt[i] = this.#updatedAts.of(updatedAt)
    this.#version[i] = version
    this.#id[i] = id
    this.#value[i] = value
  }

  #grow(cap: number): void {
    const n = this.#n
    const grow = <T extends Uint16Array | Int32Array | Float64Array>(a: T, make: (c: number) => T): T => {
      const b = make(cap)
      b.set(a.subarray(0, n))
      return b
    }
    this.#indicator = grow(this.#indicator, (c) => new Uint16Array(c))
    this.#region = grow(this.#region, (c) => new Int32Array(c))
    this.#year = grow(this.#year, (c) => new Uint16Array(c))
    this.#period = grow(this.#period, (c) => new Uint16Array(c))
    this.#source = grow(this.#source, (c) => new Int32Array(c))
    this.#updatedAt = grow(this.#updatedAt, (c) => new Int32Array(c))
    this.#version = grow(this.#version, (c) => new Int32Array(c))
    this.#id = grow(this.#id, (c) => new Float64Array(c))
    this.#value = grow(this.#value, (c) => new Float64Array(c))
    this.#cap = cap
  }

  /** The columns (views of the builder's arrays: no copy). */
  build(): PublishedColumns {
    const n = this.#n
    return {
      length: n,
      indicator: this.#indicator.subarray(0, n),
      region: this.#region.subarray(0, n),
      year: this.#year.subarray(0, n),
      period: this.#period.subarray(0, n),
      source: this.#source.subarray(0, n),
      updatedAt: this.#updatedAt.subarray(0, n),
      version: this.#version.subarray(0, n),
      id: this.#id.subarray(0, n),
      value: this.#value.subarray(0, n),
      indicatorIds: this.#indicators.list,
      regionCodes: this.#regions.list,
      periods: this.#periods.list,
      sources: this.#sources.list,
      updatedAts: this.#updatedAts.list,
    }
  }

  static fromPoints(points: ReadonlyArray<ObservationPoint & { period?: string }>): PublishedColumns {
    const b = new PublishedColumnsBuilder(points.length)
    for (const p of points) b.add(p.indicator, p.region, p.period ?? String(p.year), p.year, p.value, p.source, p.id, p.version, p.updatedAt)
    return b.build()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Formulas compiled to closures over a vector of input values

/** NaN stands for "no value" (a missing input, a division by zero), as `undefined` does in `evaluateFormula`. */
type Compiled = (x: Float64Array) => number

function compile(node: FormulaNode, slot: (name: string) => number): Compiled {
  switch (node.kind) {
    case 'number': {
      const v = node.value
      return () => v
    }
    case 'var': {
      const i = slot(node.name)
      return (x) => x[i]!
    }
    case 'unary': {
      const a = compile(node.arg, slot)
      return node.op === '-' ? (x) => -a(x) : a
    }
    case 'binary': {
      const l = compile(node.left, slot)
      const r = compile(node.right, slot)
      switch (node.op) {
        case '+':
          return (x) => l(x) + r(x)
        case '-':
          return (x) => l(x) - r(x)
        case '*':
          return (x) => l(x) * r(x)
        case '/':
          return (x) => {
            const a = l(x)
            const b = r(x)
            return b === 0 ? NaN : a / b
          }
      }
    }
  }
}

interface CompiledFormula {
  readonly formula: Formula
  readonly fn: Compiled
  /** Catalog indices of the variables, in `formula.variables` order (−1: not an indicator of the catalog). */
  readonly vars: Int32Array
}

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
    this.#formulas = this.#inds.map((ind) => {
      if (!ind.formula) return undefined
      const f = parseFormula(ind.formula)
      if (!f.ok) return undefined
      const vars = Int32Array.from(f.value.variables, (v) => this.#indIx.get(v) ?? -1)
      return { formula: f.value, vars, fn: compile(f.value.ast, (name) => f.value.variables.indexOf(name)) }
    })
    this.#weightIx = Int32Array.from(this.#inds, (ind) => (ind.weight ? (this.#indIx.get(ind.weight) ?? -1) : -1))
    this.#members = this.#regs.map((r) => Int32Array.from(membersOf(regions, r), (code) => this.#regIx.get(code) ?? -1))
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
              const a = this.#aggregateCell(i, ind, members, r, y, scratch)
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
    const lists = Array.from(f.vars, (v) => this.#obsOf(v, r, y))
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

  #obsOf(i: number, r: number, y: number): number[] {
    const c = (i * this.nR + r) * this.nY + y
    return Array.from(this.#cellObs.subarray(this.#cellStart[c]!, this.#cellStart[c + 1]!))
  }

  /** `Dataset#aggregate` of one cell over its members; NaN when it fails (incomplete, not aggregable). */
  #aggregateCell(i: number, ind: Indicator, members: Int32Array, r: number, y: number, x: Float64Array): number {
    const { nR, nY } = this
    const val = this.#val
    switch (ind.aggregation) {
      case 'none':
        return NaN
      case 'ratio': {
        const via = this.#viaComponents(i, r, y, x)
        if (!Number.isNaN(via) || !ind.weight) return via
        return this.#weightedMean(i, this.#weightIx[i]!, members, y)
      }
      case 'weighted_mean':
        return this.#weightedMean(i, this.#weightIx[i]!, members, y)
      default: {
        // One source's vintage for every member first (`Dataset#oneSourceForAll`).
        const oneSource = this.#oneSourceForAll(i, members, y)
        let acc = ind.aggregation === 'max' ? -Infinity : ind.aggregation === 'min' ? Infinity : 0
        for (let k = 0; k < members.length; k++) {
          const m = members[k]!
          const xv = oneSource ? this.#cols.value[oneSource[k]!]! : m < 0 ? NaN : val[(i * nR + m) * nY + y]!
          if (Number.isNaN(xv)) return NaN
          if (ind.aggregation === 'max') acc = Math.max(acc, xv)
          else if (ind.aggregation === 'min') acc = Math.min(acc, xv)
          else acc += xv
        }
        return ind.aggregation === 'mean' ? acc / members.length : acc
      }
    }
  }

  /** `Dataset.derivedFromAggregates`: the formula over each component's aggregate (its published total if that fails). */
  #viaComponents(i: number, r: number, y: number, x: Float64Array): number {
    const f = this.#formulas[i]
    if (!f) return NaN
    const { nR, nY } = this
    for (let k = 0; k < f.vars.length; k++) {
      const v = f.vars[k]!
      if (v < 0) return NaN
      let a = this.#agg[this.#aggOffset[v]! + r * nY + y]!
      if (Number.isNaN(a)) {
        const o = this.#pubObs[(v * nR + r) * nY + y]!
        a = o >= 0 ? this.#cols.value[o]! : NaN
      }
      if (Number.isNaN(a)) return NaN
      x[k] = a
    }
    return f.fn(x)
  }

  #weightedMean(i: number, w: number, members: Int32Array, y: number): number {
    const { nR, nY } = this
    const val = this.#val
    let num = 0
    let den = 0
    for (let k = 0; k < members.length; k++) {
      const m = members[k]!
      if (m < 0 || w < 0) return NaN
      const xv = val[(i * nR + m) * nY + y]!
      const wv = val[(w * nR + m) * nY + y]!
      if (Number.isNaN(xv) || Number.isNaN(wv)) return NaN
      num += xv * wv
      den += wv
    }
    return den === 0 ? NaN : num / den
  }

  /** The observations of the first source every member published (when some member has several), else undefined. */
  #oneSourceForAll(i: number, members: Int32Array, y: number): number[] | undefined {
    const { nR, nY } = this
    const start = this.#cellStart
    let someMulti = false
    for (let k = 0; k < members.length; k++) {
      const m = members[k]!
      if (m < 0) return undefined
      const c = (i * nR + m) * nY + y
      const n = start[c + 1]! - start[c]!
      if (n === 0) return undefined
      if (n > 1) someMulti = true
    }
    if (!someMulti) return undefined
    const cols = this.#cols
    const lists = Array.from(members, (m) => this.#obsOf(i, m, y))
    const source = lists[0]!.map((o) => cols.source[o]!).find((s) => lists.every((l) => l.some((o) => cols.source[o] === s)))
    if (source === undefined) return undefined
    return lists.map((l) => l.find((o) => cols.source[o] === source)!)
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
    const k = year - this.#minYear
    const y = k >= 0 && k < this.#yearIxOf.length ? this.#yearIxOf[k]! : -1
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

  /** A cell as `Dataset.resolve` describes it; its provenance (`inputs`) is worked out only when read. */
  resolve(indicator: string, region: string, year: number): ResolvedValue | undefined {
    const c = this.#cell(indicator, region, year)
    if (c < 0 || this.#origin[c] === NONE) return undefined
    const i = this.#indIx.get(indicator)!
    const r = this.#regIx.get(region)!
    const y = this.#yearIxOf[year - this.#minYear]!
    const value = this.#val[c]!
    const self = this
    let inputs: ReadonlyArray<Provenance> | undefined
    const lazy = { get inputs(): ReadonlyArray<Provenance> { return (inputs ??= self.#inputs(i, r, y)) } }
    switch (this.#origin[c]) {
      case PUBLISHED: {
        const o = this.#pubObs[c]!
        return { indicator, region, year, value, origin: 'published', source: this.#cols.sources[this.#cols.source[o]!]!, inputs: [this.#provenance(o)] }
      }
      case DERIVED: {
        const f = this.#formulas[i]!
        const one = this.#derivedOneSource(f, r, y)
        if (one) return { indicator, region, year, value, origin: 'derived', source: this.#cols.sources[this.#cols.source[one[0]!]!]!, method: f.formula.source, inputs: one.map((o) => this.#provenance(o)) }
        return Object.defineProperties({ indicator, region, year, value, origin: 'derived', method: f.formula.source } as ResolvedValue, Object.getOwnPropertyDescriptors(lazy))
      }
      default: {
        const ind = this.#inds[i]!
        const how = this.#aggregateMethod(i, ind, r, y)
        return Object.defineProperties({ indicator, region, year, value, origin: 'aggregated', method: how.method, ...(how.fallback ? { weightedFallback: true } : {}) } as ResolvedValue, Object.getOwnPropertyDescriptors(lazy))
      }
    }
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

  #aggregateMethod(i: number, ind: Indicator, r: number, y: number): { method: string; fallback: boolean; via?: boolean } {
    const f = this.#formulas[i]
    if (ind.aggregation === 'ratio') {
      if (f && !Number.isNaN(this.#viaComponents(i, r, y, new Float64Array(f.vars.length)))) return { method: `ratio: ${f.formula.source}`, fallback: false, via: true }
      return { method: `weighted_mean by ${ind.weight ?? ''}`, fallback: true }
    }
    if (ind.aggregation === 'weighted_mean') return { method: `weighted_mean by ${ind.weight ?? ''}`, fallback: false }
    return { method: ind.aggregation, fallback: false }
  }

  /** A computed cell's provenance, following the branch `Dataset` took for it. */
  #inputs(i: number, r: number, y: number): Provenance[] {
    const { nR, nY } = this
    const c = (i * nR + r) * nY + y
    const ind = this.#inds[i]!
    const code = (k: number) => this.#regs[k]!.code
    const year = this.#yearList[y]!
    const of = (j: number, k: number): ReadonlyArray<Provenance> => this.resolve(this.#inds[j]!.id, code(k), year)?.inputs ?? []
    switch (this.#origin[c]) {
      case PUBLISHED:
        return [this.#provenance(this.#pubObs[c]!)]
      case DERIVED: {
        const f = this.#formulas[i]!
        const one = this.#derivedOneSource(f, r, y)
        if (one) return one.map((o) => this.#provenance(o))
        return Array.from(f.vars).flatMap((v) => of(v, r))
      }
      case AGGREGATED: {
        const members = this.#members[r]!
        const how = this.#aggregateMethod(i, ind, r, y)
        if (how.via) {
          return Array.from(this.#formulas[i]!.vars).flatMap((v) => {
            const viaAgg = this.#aggOffset[v]! >= 0 && !Number.isNaN(this.#agg[this.#aggOffset[v]! + r * nY + y]!)
            return viaAgg ? this.#aggInputs(v, r, y) : [this.#provenance(this.#pubObs[(v * nR + r) * nY + y]!)]
          })
        }
        if (ind.aggregation === 'ratio' || ind.aggregation === 'weighted_mean') {
          const w = this.#weightIx[i]!
          return Array.from(members).flatMap((m) => [...of(i, m), ...of(w, m)])
        }
        const oneSource = this.#oneSourceForAll(i, members, y)
        if (oneSource) return oneSource.map((o) => this.#provenance(o))
        return Array.from(members).flatMap((m) => of(i, m))
      }
      default:
        return []
    }
  }

  /** Provenance of a component's aggregate (which may differ from its resolved value when it is published). */
  #aggInputs(v: number, r: number, y: number): Provenance[] {
    const ind = this.#inds[v]!
    const members = this.#members[r]!
    const year = this.#yearList[y]!
    const of = (j: number, k: number): ReadonlyArray<Provenance> => this.resolve(this.#inds[j]!.id, this.#regs[k]!.code, year)?.inputs ?? []
    if (ind.aggregation === 'ratio') {
      const f = this.#formulas[v]!
      if (!Number.isNaN(this.#viaComponents(v, r, y, new Float64Array(f.vars.length)))) {
        return Array.from(f.vars).flatMap((u) => {
          const viaAgg = !Number.isNaN(this.#agg[this.#aggOffset[u]! + r * this.nY + y]!)
          return viaAgg ? this.#aggInputs(u, r, y) : [this.#provenance(this.#pubObs[(u * this.nR + r) * this.nY + y]!)]
        })
      }
    }
    if (ind.aggregation === 'ratio' || ind.aggregation === 'weighted_mean') return Array.from(members).flatMap((m) => [...of(v, m), ...of(this.#weightIx[v]!, m)])
    const oneSource = this.#oneSourceForAll(v, members, y)
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

/** `Dataset#members`: a grouping's members; an administrative region's children at the next level down only. */
function membersOf(regions: RegionCatalog, r: Region): ReadonlyArray<string> {
  if (r.level === 'grouping') return r.members
  const kids = regions.children(r.code)
  const level = kids[0]?.level
  return kids.filter((c) => c.level === level).map((c) => c.code)
}

/** Depth in the member graph: 0 for regions without members, else one more than the deepest member. */
function regionRanks(members: ReadonlyArray<Int32Array>): Int32Array {
  const rank = new Int32Array(members.length).fill(-1)
  const visiting = new Uint8Array(members.length)
  const visit = (r: number): number => {
    if (rank[r]! >= 0) return rank[r]!
    if (visiting[r]) return 0 // a membership cycle: Dataset's in-progress guard leaves such cells empty
    visiting[r] = 1
    let d = 0
    for (const m of members[r]!) if (m >= 0) d = Math.max(d, visit(m) + 1)
    visiting[r] = 0
    rank[r] = d
    return d
  }
  for (let r = 0; r < members.length; r++) visit(r)
  return rank
}

/** Indicators with every formula input before them (depth-first, catalog order among independents). */
function formulaOrder(formulas: ReadonlyArray<CompiledFormula | undefined>): Int32Array {
  const out: number[] = []
  const state = new Uint8Array(formulas.length)
  const visit = (i: number) => {
    if (state[i]) return // done, or on the stack (a formula cycle: its back edge reads an unfilled cell)
    state[i] = 1
    for (const v of formulas[i]?.vars ?? []) if (v >= 0) visit(v)
    out.push(i)
  }
  for (let i = 0; i < formulas.length; i++) visit(i)
  return Int32Array.from(out)
}

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
