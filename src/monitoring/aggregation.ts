/**
 * Aggregating a cell over its region's members, on the engine's cube: sums (and means, maxima, minima) of stocks,
 * one source's vintage for every member first; ratios recomputed from aggregated components; population-weighted
 * means only when components are missing (flagged); never from a subset of members. Members are final when their
 * region is aggregated (regions are filled bottom-up), so every rule reads resolved values.
 * @module
 */
import { at, float64At, int32At } from '../core/checked.js'
import type { Indicator } from '../plan/plan-schema.js'
import type { Region, RegionCatalog } from '../regions/region-catalog.js'
import type { CompiledFormula } from './compiled-formula.js'
import type { PublishedColumns } from './published-columns.js'

/** Why a cell has no aggregate. */
export type AggregateFailure = { readonly kind: 'incomplete'; readonly missing: ReadonlyArray<string> } | { readonly kind: 'not_aggregable' } | { readonly kind: 'no_members' }

/**
 * The engine's cells as the aggregation rules read them. Cell (i, r, y) is at `(i * nR + r) * nY + y`; NaN stands
 * for "no value".
 */
export interface Cube {
  readonly nR: number
  readonly nY: number
  readonly cols: PublishedColumns
  readonly inds: ReadonlyArray<Indicator>
  /** Cell → its observations: cellObs[cellStart[c] .. cellStart[c+1]), in store order (period, then id). */
  readonly cellStart: Int32Array
  readonly cellObs: Int32Array
  /** Cell → the observation of its preferred source (−1: none). */
  readonly pubObs: Int32Array
  /** Cell → resolved value. */
  readonly val: Float64Array
  /** Aggregates kept beside resolved values for the components of ratio indicators (read through `aggOffset`). */
  readonly agg: Float64Array
  readonly aggOffset: Int32Array
  readonly formulas: ReadonlyArray<CompiledFormula | undefined>
  /** Indicator → catalog index of its weight (−1: none). */
  readonly weightIx: Int32Array
  /** Region → catalog indices of its members (−1: a member the catalog does not know). */
  readonly members: ReadonlyArray<Int32Array>
}

/** A grouping's members; an administrative region's children at the next level down only. */
export function membersOf(regions: RegionCatalog, r: Region): ReadonlyArray<string> {
  if (r.level === 'grouping') return r.members
  const kids = regions.children(r.code)
  const level = kids[0]?.level
  return kids.filter((c) => c.level === level).map((c) => c.code)
}

/** Depth in the member graph: 0 for regions without members, else one more than the deepest member. */
export function regionRanks(members: ReadonlyArray<Int32Array>): Int32Array {
  const rank = new Int32Array(members.length).fill(-1)
  const visiting = new Uint8Array(members.length)
  const visit = (r: number): number => {
    const known = int32At(rank, r, 'region rank')
    if (known >= 0) return known
    if (visiting[r]) return 0 // a membership cycle: such cells stay empty
    visiting[r] = 1
    let d = 0
    for (const m of at(members, r, 'members of a region')) if (m >= 0) d = Math.max(d, visit(m) + 1)
    visiting[r] = 0
    rank[r] = d
    return d
  }
  for (let r = 0; r < members.length; r++) visit(r)
  return rank
}

export function observationsOf(cube: Cube, i: number, r: number, y: number): number[] {
  const c = (i * cube.nR + r) * cube.nY + y
  return Array.from(cube.cellObs.subarray(int32At(cube.cellStart, c, 'cell start'), int32At(cube.cellStart, c + 1, 'cell start')))
}

/** The aggregate of one cell over its members; NaN when it fails (incomplete, not aggregable). */
export function aggregateCell(cube: Cube, i: number, r: number, y: number, x: Float64Array): number {
  const { nR, nY, val } = cube
  const ind = at(cube.inds, i, 'indicator')
  const members = at(cube.members, r, 'members of a region')
  switch (ind.aggregation) {
    case 'none':
      return NaN
    case 'ratio': {
      const via = viaComponents(cube, i, r, y, x)
      if (!Number.isNaN(via) || !ind.weight) return via
      return weightedMean(cube, i, int32At(cube.weightIx, i, 'weight of an indicator'), members, y)
    }
    case 'weighted_mean':
      return weightedMean(cube, i, int32At(cube.weightIx, i, 'weight of an indicator'), members, y)
    default: {
      // One source's vintage for every member first.
      const oneSource = oneSourceForAll(cube, i, members, y)
      let acc = ind.aggregation === 'max' ? -Infinity : ind.aggregation === 'min' ? Infinity : 0
      for (let k = 0; k < members.length; k++) {
        const m = int32At(members, k, 'member')
        const xv = oneSource
          ? float64At(cube.cols.value, at(oneSource, k, 'one-source observation'), 'value column')
          : m < 0
            ? NaN
            : float64At(val, (i * nR + m) * nY + y, 'cell value')
        if (Number.isNaN(xv)) return NaN
        if (ind.aggregation === 'max') acc = Math.max(acc, xv)
        else if (ind.aggregation === 'min') acc = Math.min(acc, xv)
        else acc += xv
      }
      return ind.aggregation === 'mean' ? acc / members.length : acc
    }
  }
}

/** A ratio's formula over each component's aggregate (its published total if that fails); NaN when it fails. */
export function viaComponents(cube: Cube, i: number, r: number, y: number, x: Float64Array): number {
  const f = cube.formulas[i]
  if (!f) return NaN
  const { nR, nY } = cube
  for (let k = 0; k < f.vars.length; k++) {
    const v = int32At(f.vars, k, 'formula variable')
    if (v < 0) return NaN
    let a = float64At(cube.agg, int32At(cube.aggOffset, v, 'aggregate offset') + r * nY + y, 'kept aggregate')
    if (Number.isNaN(a)) {
      const o = int32At(cube.pubObs, (v * nR + r) * nY + y, 'preferred observation')
      a = o >= 0 ? float64At(cube.cols.value, o, 'value column') : NaN
    }
    if (Number.isNaN(a)) return NaN
    x[k] = a
  }
  return f.fn(x)
}

export function weightedMean(cube: Cube, i: number, w: number, members: Int32Array, y: number): number {
  const { nR, nY, val } = cube
  let num = 0
  let den = 0
  for (let k = 0; k < members.length; k++) {
    const m = int32At(members, k, 'member')
    if (m < 0 || w < 0) return NaN
    const xv = float64At(val, (i * nR + m) * nY + y, 'cell value')
    const wv = float64At(val, (w * nR + m) * nY + y, 'cell value')
    if (Number.isNaN(xv) || Number.isNaN(wv)) return NaN
    num += xv * wv
    den += wv
  }
  return den === 0 ? NaN : num / den
}

/**
 * When one source (a yearbook table) published the cell for every member and some member has several, its figures
 * are one vintage: the observations of the first such source (in the first member's store order), else undefined.
 */
export function oneSourceForAll(cube: Cube, i: number, members: Int32Array, y: number): number[] | undefined {
  const { nR, nY, cellStart: start, cols } = cube
  let someMulti = false
  for (let k = 0; k < members.length; k++) {
    const m = int32At(members, k, 'member')
    if (m < 0) return undefined
    const c = (i * nR + m) * nY + y
    const n = int32At(start, c + 1, 'cell start') - int32At(start, c, 'cell start')
    if (n === 0) return undefined
    if (n > 1) someMulti = true
  }
  if (!someMulti) return undefined
  const lists = Array.from(members, (m) => observationsOf(cube, i, m, y))
  const sourceOf = (o: number) => int32At(cols.source, o, 'source column')
  const source = at(lists, 0, 'member observations')
    .map(sourceOf)
    .find((s) => lists.every((l) => l.some((o) => sourceOf(o) === s)))
  if (source === undefined) return undefined
  // Every list has an observation of `source`: it was chosen so.
  return lists.map((l) =>
    at(
      l,
      l.findIndex((o) => sourceOf(o) === source),
      'observation of the common source',
    ),
  )
}

/** How an aggregate that succeeded was computed: its method label, whether it is the weighted fallback, whether via components. */
export function aggregateMethod(cube: Cube, i: number, r: number, y: number): { method: string; fallback: boolean; via: boolean } {
  const ind = at(cube.inds, i, 'indicator')
  const f = cube.formulas[i]
  if (ind.aggregation === 'ratio') {
    if (f && !Number.isNaN(viaComponents(cube, i, r, y, new Float64Array(f.vars.length)))) return { method: `ratio: ${f.formula.source}`, fallback: false, via: true }
    return { method: `weighted_mean by ${ind.weight ?? ''}`, fallback: true, via: false }
  }
  if (ind.aggregation === 'weighted_mean') return { method: `weighted_mean by ${ind.weight ?? ''}`, fallback: false, via: false }
  return { method: ind.aggregation, fallback: false, via: false }
}

/**
 * Why cell (i, r, y) has no aggregate (`aggregateCell` gave NaN): the members without data, in member order, or
 * an indicator that does not add up. `y` is −1 for a year no observation has. `memberCodes[r]` parallels
 * `cube.members[r]`.
 */
export function aggregateFailure(cube: Cube, memberCodes: ReadonlyArray<ReadonlyArray<string>>, i: number, r: number, y: number): AggregateFailure {
  if (i < 0) return { kind: 'not_aggregable' }
  const ind = at(cube.inds, i, 'indicator')
  if (ind.aggregation === 'none') return { kind: 'not_aggregable' }
  const members = at(cube.members, r, 'members of a region')
  if (members.length === 0) return { kind: 'no_members' }
  const { nR, nY } = cube
  const valueOf = (j: number, m: number) => (j < 0 || m < 0 || y < 0 ? NaN : float64At(cube.val, (j * nR + m) * nY + y, 'cell value'))
  const member = (k: number) => int32At(members, k, 'member')
  const codes = at(memberCodes, r, 'member codes of a region')
  const incompleteOr = (missing: ReadonlyArray<string>): AggregateFailure => (missing.length > 0 ? { kind: 'incomplete', missing } : { kind: 'not_aggregable' })
  switch (ind.aggregation) {
    case 'ratio': {
      // The components' failure (the weighted fallback, when there is one, failed too).
      const f = cube.formulas[i]
      if (!f) return { kind: 'not_aggregable' }
      const missing = new Set<string>()
      for (const v of f.vars) {
        if (v < 0) return { kind: 'not_aggregable' }
        const aggregated = y < 0 ? NaN : float64At(cube.agg, int32At(cube.aggOffset, v, 'aggregate offset') + r * nY + y, 'kept aggregate')
        if (!Number.isNaN(aggregated) || (y >= 0 && int32At(cube.pubObs, (v * nR + r) * nY + y, 'preferred observation') >= 0)) continue
        const failure = aggregateFailure(cube, memberCodes, v, r, y)
        if (failure.kind !== 'incomplete') return failure
        failure.missing.forEach((m) => missing.add(m))
      }
      return incompleteOr([...missing])
    }
    case 'weighted_mean': {
      const w = int32At(cube.weightIx, i, 'weight of an indicator')
      return incompleteOr(codes.filter((_, k) => Number.isNaN(valueOf(i, member(k))) || Number.isNaN(valueOf(w, member(k)))))
    }
    default:
      return incompleteOr(codes.filter((_, k) => Number.isNaN(valueOf(i, member(k)))))
  }
}
