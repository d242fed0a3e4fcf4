/**
 * What target evaluation, warnings, evaluation and reports read from the monitoring engine (`DenseDataset`). The
 * slow reference the engine is tested against (test/reference/dataset.ts) satisfies it too.
 * @module
 */
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Indicator } from '../plan/plan-schema.js'
import type { Region, RegionCatalog } from '../regions/region-catalog.js'
import type { ObservationPoint, ResolvedValue } from './observation-point.js'

export interface MonitoringData {
  readonly indicators: IndicatorCatalog
  readonly regions: RegionCatalog
  /** Every source's value of a cell, in store order (period, then id). */
  publishedAll(indicator: string, region: string, year: number): ReadonlyArray<ObservationPoint>
  /** Published, else derived, else aggregated from members. */
  resolve(indicator: string, region: string, year: number): ResolvedValue | undefined
  /** The value derived from the inputs of one given source, if that source published them all. */
  derivedFrom(indicator: string, region: string, year: number, source: string): number | undefined
  /** Years in which the indicator (or, for a derived one, any of its inputs) has data anywhere. */
  years(indicator: string): number[]
  /** The region's series of an indicator, as resolved (published first), up to and including `toYear`. */
  series(indicator: string, region: string, toYear?: number): ResolvedValue[]
}

/** One indicator × region series of published (preferred-source) values, as parallel arrays valid during a visit. */
export interface PublishedSeriesArrays {
  readonly indicator: Indicator
  readonly region: Region
  readonly length: number
  readonly years: Float64Array
  readonly values: Float64Array
  /** How many sources published each point's cell (two or more: vintages to compare). */
  readonly sourceCounts: Int32Array
  /** The preferred source of point i (the one its value comes from). */
  source(i: number): string
}

/**
 * A dataset that hands over every published series at once, without an object per cell: whole-dataset scans
 * (jumps, census breaks over ~10⁶ series) then run in O(cells).
 */
export interface PublishedSeriesScan {
  /** Visits every catalog indicator × region (both in catalog order) with published values up to `toYear`. */
  scanPublishedSeries(toYear: number, visit: (s: PublishedSeriesArrays) => void): void
}
