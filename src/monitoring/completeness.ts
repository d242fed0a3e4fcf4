/**
 * Completeness and timeliness (issue 15), pure: for each expected region × indicator × year, its state from the
 * store's cells (the furthest along of its cells: published > approved > submitted > entered; missing when none)
 * and whether it is late: figures for year Y are due by a calendar date of year Y+1, and a figure is late the day
 * after that date when it is still not published. A first version: one due date per indicator, else the default.
 * @module
 */

export type CompletenessState = 'published' | 'approved' | 'submitted' | 'entered' | 'missing'

/** When each year's figures are due: month and day of the following year. */
export interface DueDate {
  readonly dueMonth: number
  readonly dueDay: number
}

export interface DataCalendar {
  readonly default: DueDate
  readonly indicators?: Readonly<Record<string, DueDate>>
}

export interface Expected {
  readonly region: string
  readonly indicator: string
  readonly year: number
}

/** A stored cell's workflow status (draft and returned count as entered; imported files too). */
export type CellStatus = 'draft' | 'submitted' | 'approved_local' | 'approved' | 'published' | 'returned'

export interface CompletenessCell extends Expected {
  readonly state: CompletenessState
  /** The due date, ISO (YYYY-MM-DD). */
  readonly due: string
  readonly late: boolean
}

const RANK: Record<CompletenessState, number> = { missing: 0, entered: 1, submitted: 2, approved: 3, published: 4 }

function stateOf(s: CellStatus): CompletenessState {
  switch (s) {
    case 'published':
      return 'published'
    case 'approved':
    case 'approved_local':
      return 'approved'
    case 'submitted':
      return 'submitted'
    default:
      return 'entered'
  }
}

export function dueDate(calendar: DataCalendar, indicator: string, year: number): string {
  const d = calendar.indicators?.[indicator] ?? calendar.default
  return `${String(year + 1).padStart(4, '0')}-${String(d.dueMonth).padStart(2, '0')}-${String(d.dueDay).padStart(2, '0')}`
}

const key = (e: Expected) => `${e.region}\u0000${e.indicator}\u0000${e.year}`

/** `asOf` is an ISO date (YYYY-MM-DD): on the due date itself a figure is not yet late. */
export function completeness(
  expected: ReadonlyArray<Expected>,
  cells: ReadonlyArray<Expected & { readonly status: CellStatus }>,
  calendar: DataCalendar,
  asOf: string,
): CompletenessCell[] {
  const best = new Map<string, CompletenessState>()
  for (const c of cells) {
    const k = key(c)
    const s = stateOf(c.status)
    const had = best.get(k)
    if (had === undefined || RANK[s] > RANK[had]) best.set(k, s)
  }
  return expected.map((e) => {
    const state = best.get(key(e)) ?? 'missing'
    const due = dueDate(calendar, e.indicator, e.year)
    return { ...e, state, due, late: state !== 'published' && asOf.slice(0, 10) > due }
  })
}

/** Counts of each state and of late cells, by a key (region or indicator). */
export function totals(cells: ReadonlyArray<CompletenessCell>, by: 'region' | 'indicator'): Map<string, Record<CompletenessState | 'late', number>> {
  const out = new Map<string, Record<CompletenessState | 'late', number>>()
  for (const c of cells) {
    const t = out.get(c[by]) ?? { published: 0, approved: 0, submitted: 0, entered: 0, missing: 0, late: 0 }
    t[c.state]++
    if (c.late) t.late++
    out.set(c[by], t)
  }
  return out
}
