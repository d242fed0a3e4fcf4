import type { Confidence } from '../core/source-grade.js'

/** An observation as the monitoring engine reads it: one value of a cell from one source. */
export interface ObservationPoint {
  readonly id: number
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly value: number
  readonly source: string
  readonly version: number
  readonly updatedAt: string
  /** The confidence the figure's evidence states; absent when none. */
  readonly confidence?: Confidence
}

/** Where a computed value came from: the observations (and their revisions) it read. */
export interface Provenance {
  readonly observationId: number
  readonly version: number
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly source: string
}

export type ValueOrigin = 'published' | 'derived' | 'aggregated'

export interface ResolvedValue {
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly value: number
  readonly origin: ValueOrigin
  /** For published values: the source the series prefers for this cell. */
  readonly source?: string
  /** How a computed value was made: the formula, or the aggregation rule. */
  readonly method?: string
  /** A rate aggregated as a weighted mean because its components were missing. */
  readonly weightedFallback?: boolean
  readonly inputs: ReadonlyArray<Provenance>
}

export const provenanceOf = (o: ObservationPoint): Provenance => ({
  observationId: o.id,
  version: o.version,
  indicator: o.indicator,
  region: o.region,
  year: o.year,
  source: o.source,
})
