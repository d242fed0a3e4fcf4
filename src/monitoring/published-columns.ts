/**
 * Observations as columns: parallel typed arrays with interned strings, built row by row as a store streams them,
 * so the monitoring engine reads millions of observations without an object per row.
 * @module
 */
import { CONFIDENCES, type Confidence } from '../core/source-grade.js'
import type { ObservationPoint } from './observation-point.js'

/** A figure's confidence as one byte: 0 none, 1 high, 2 medium, 3 low. */
export function confidenceCode(c: Confidence | null | undefined): number {
  return c ? CONFIDENCES.indexOf(c) + 1 : 0
}
export function confidenceOfCode(code: number): Confidence | null {
  return code === 0 ? null : (CONFIDENCES[code - 1] ?? null)
}

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
  /** See `confidenceCode`. */
  readonly confidence: Uint8Array
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
  #confidence: Uint8Array
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
    this.#confidence = new Uint8Array(this.#cap)
  }

  get length(): number {
    return this.#n
  }

  add(
    indicator: string,
    region: string,
    period: string,
    year: number,
    value: number,
    source: string,
    id: number,
    version: number,
    updatedAt: string,
    confidence: Confidence | null = null,
  ): void {
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
    this.#confidence[i] = confidenceCode(confidence)
  }

  #grow(cap: number): void {
    const n = this.#n
    const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, make: (c: number) => T): T => {
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
    this.#confidence = grow(this.#confidence, (c) => new Uint8Array(c))
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
      confidence: this.#confidence.subarray(0, n),
      indicatorIds: this.#indicators.list,
      regionCodes: this.#regions.list,
      periods: this.#periods.list,
      sources: this.#sources.list,
      updatedAts: this.#updatedAts.list,
    }
  }

  static fromPoints(points: ReadonlyArray<ObservationPoint & { period?: string }>): PublishedColumns {
    const b = new PublishedColumnsBuilder(points.length)
    for (const p of points) b.add(p.indicator, p.region, p.period ?? String(p.year), p.year, p.value, p.source, p.id, p.version, p.updatedAt, p.confidence ?? null)
    return b.build()
  }
}
