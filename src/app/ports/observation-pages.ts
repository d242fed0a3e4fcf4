/**
 * Reading many observations without holding them all: pages in the cell index's order (indicator, region,
 * period, source), each page starting after the key the previous one ended on (keyset paging).
 * @module
 */
import type { Observation, ObservationFilter } from './observations.js'

/** Where a page ends: the last row's place in key order. */
export interface ObservationKey {
  readonly indicator: string
  readonly region: string
  readonly period: string
  readonly source: string
}

export interface PageRequest {
  readonly filter: ObservationFilter
  /** Only rows that have a published value (the public view); the caller maps them to what was published. */
  readonly publishedOnly?: boolean
  /** Rows strictly after this key; from the start when absent. */
  readonly after?: ObservationKey
  readonly limit: number
}

export interface ObservationPages {
  /** Up to `limit` rows after `after`, ordered by indicator, region, period, source; the same shape as `find`. */
  page(request: PageRequest): Promise<Observation[]>
  /** How many rows the same filter matches (so an export can be refused before it starts). */
  countMatching(filter: ObservationFilter, publishedOnly: boolean): Promise<number>
}
