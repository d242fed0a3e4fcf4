/**
 * Completeness and timeliness (issue 15), pure: for each expected region × indicator × year, its state from the
 * store's cells (the furthest along of its cells: published > approved > submitted > entered; missing when none)
 * and whether it is late: figures for year Y are due by a calendar date of year Y+1, and a figure is late the day
 * after that date when it is still not published. One due date per indicator, else the calendar's default; a plan
 * without a calendar has no due dates, and nothing is late.
 *
 * What is expected (`expectedCells`): every indicator the plan collects — one without a formula; an indicator with a
 * formula is derived from its inputs and counted through them — in every region asked (the plan's region and its
 * prefecture-level cities: the plan gives indicators no narrower scope), for every year asked.
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
  /** The due date, ISO (YYYY-MM-DD); null when the plan has no data calendar. */
  readonly due: string | null
  readonly late: boolean
}

/** What `expectedCells` needs of an indicator: a formula makes it derived. */
export interface ExpectedIndicator {
  readonly id: string
  readonly formula?: string | undefined
}

/** An indicator is collected (reported by the regions) unless the plan derives it from a formula. */
export const isCollected = (i: ExpectedIndicator): boolean => i.formula === undefined

/**
 * The expected cells: each collected indicator × each region × each year, in the order given (region, then
 * indicator, then year), so the rows of a region stay together. Derived indicators are left out.
 */
export function expectedCells(indicators: ReadonlyArray<ExpectedIndicator>, regions: ReadonlyArray<string>, years: ReadonlyArray<number>): Expected[] {
  const collected = indicators.filter(isCollected)
  const out: Expected[] = []
  for (const region of regions) for (const i of collected) for (const year of years) out.push({ region, indicator: i.id, year })
  return out
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

export function dueDate(calendar: DataCalendar | undefined, indicator: string, year: number): string | null {
  if (!calendar) return null
  const d = calendar.indicators?.[indicator] ?? calendar.default
  return `${String(year + 1).padStart(4, '0')}-${String(d.dueMonth).padStart(2, '0')}-${String(d.dueDay).padStart(2, '0')}`
}

const key = (e: Expected) => `${e.region}\u0000${e.indicator}\u0000${e.year}`

/** `asOf` is an ISO date (YYYY-MM-DD): on the due date itself a figure is not yet late. */
export function completeness(
  expected: ReadonlyArray<Expected>,
  cells: ReadonlyArray<Expected & { readonly status: CellStatus }>,
  calendar: DataCalendar | undefined,
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
    return { ...e, state, due, late: due !== null && state !== 'published' && asOf.slice(0, 10) > due }
  })
}

/** How many expected cells are in each state (each cell in exactly one), and how many are late. */
export type Counts = Record<CompletenessState | 'late' | 'expected', number>

const zero = (): Counts => ({ expected: 0, published: 0, approved: 0, submitted: 0, entered: 0, missing: 0, late: 0 })

/** Counts over every cell. */
export function overall(cells: ReadonlyArray<CompletenessCell>): Counts {
  const t = zero()
  for (const c of cells) add(t, c)
  return t
}

function add(t: Counts, c: CompletenessCell): void {
  t.expected++
  t[c.state]++
  if (c.late) t.late++
}

/** Counts by a key (region or indicator), in the order the keys first appear. */
export function totals(cells: ReadonlyArray<CompletenessCell>, by: 'region' | 'indicator'): Map<string, Counts> {
  const out = new Map<string, Counts>()
  for (const c of cells) {
    const t = out.get(c[by]) ?? zero()
    add(t, c)
    out.set(c[by], t)
  }
  return out
}
