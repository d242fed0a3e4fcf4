import type { Location } from '../core/problem.js'
import type { Confidence } from '../core/source-grade.js'

/** A validated value ready to be written: indicator × region × period × source. */
export interface CandidateObservation {
  readonly indicator: string
  readonly region: string
  readonly period: string
  readonly year: number
  readonly value: number
  /** The value as decimal text in the indicator's unit (exact, after unit conversion). */
  readonly valueText: string
  readonly unit: string
  /** The cell as written in the file, with its unit. */
  readonly raw: string
  readonly source: string
  readonly note: string | null
  /** The confidence the file states for the figure; absent or null keeps the cell's stored one. */
  readonly confidence?: Confidence | null
  readonly location: Location
}

export const cellKey = (o: { indicator: string; region: string; period: string; source: string }): string => `${o.indicator}\u0000${o.region}\u0000${o.period}\u0000${o.source}`

/** What the store already holds for a cell (the port validation reads to flag revisions). */
export interface ExistingValue {
  readonly value: number
  readonly unit: string
  readonly note: string | null
}
