/**
 * How far a data request (issue 15) has got, pure: each requested region × indicator at the request's year takes
 * the furthest state among its stored cells (src/monitoring/completeness.ts: published > approved, incl.
 * approved_local > submitted > entered, i.e. draft or returned; missing when none). A request is late when its due
 * date has passed and some requested cell is not yet submitted (or further).
 * @module
 */
import { completeness, type CellStatus, type CompletenessState } from './completeness.js'

export interface RequestScope {
  readonly indicators: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
  readonly year: number
  /** YYYY-MM-DD */
  readonly due: string
}

export interface ProgressRow {
  readonly region: string
  readonly indicator: string
  readonly state: CompletenessState
}

/** Counts: `exactly` each state; `reached` each state or a further one (submitted counts approved and published). */
export interface ProgressTotals {
  readonly expected: number
  readonly exactly: Readonly<Record<CompletenessState, number>>
  readonly reached: { readonly entered: number; readonly submitted: number; readonly approved: number; readonly published: number }
}

export interface RequestProgress {
  readonly rows: ReadonlyArray<ProgressRow>
  readonly totals: ProgressTotals
  readonly late: boolean
}

// Only the states are taken from completeness(): its own lateness follows the plan's data calendar, not the request.
const NO_CALENDAR = { default: { dueMonth: 12, dueDay: 31 } }

/** `today` is an ISO date (YYYY-MM-DD); on the due date itself a request is not yet late. */
export function requestProgress(
  scope: RequestScope,
  cells: ReadonlyArray<{ readonly indicator: string; readonly region: string; readonly year: number; readonly status: CellStatus }>,
  today: string,
): RequestProgress {
  const expected = scope.regions.flatMap((region) => scope.indicators.map((indicator) => ({ region, indicator, year: scope.year })))
  const rows = completeness(expected, cells, NO_CALENDAR, today).map((c) => ({ region: c.region, indicator: c.indicator, state: c.state }))
  const exactly: Record<CompletenessState, number> = { missing: 0, entered: 0, submitted: 0, approved: 0, published: 0 }
  for (const r of rows) exactly[r.state]++
  const published = exactly.published
  const approved = published + exactly.approved
  const submitted = approved + exactly.submitted
  const entered = submitted + exactly.entered
  const totals = { expected: rows.length, exactly, reached: { entered, submitted, approved, published } }
  return { rows, totals, late: today.slice(0, 10) > scope.due && submitted < rows.length }
}
