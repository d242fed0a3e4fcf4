import type { Location } from '../core/problem.js'
import type { Region } from '../regions/region-catalog.js'

/** One value as a layout reads it, before names are resolved and numbers parsed. */
export interface RawObservation {
  readonly indicator: string
  /** A region name as written, or an already identified region (unlabeled summary rows). */
  readonly region: string | Region
  readonly year: string
  readonly value: string
  readonly unit?: string
  readonly source?: string
  readonly note?: string
  /** The confidence column as written (high/medium/low, 高/中/低). */
  readonly confidence?: string
  readonly location: Location
  /** Where the indicator, region and year were read from, for messages (e.g. `B` column heading). */
  readonly columns?: { readonly indicator?: string; readonly region?: string; readonly year?: string; readonly value?: string; readonly confidence?: string }
}
