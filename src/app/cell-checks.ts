/**
 * The checks a single value entered on the dashboard (the entry grid, the one-value form, PUT /api/observations)
 * shares with file import: the plan's consistency rules, run by the importer's own CellGrid over the value and
 * the store's other figures of the same region, year and source. The same numbers are then refused with the same
 * code and message whether they come in a CSV or are typed in (issue 15: a rate of 87.5 with 800 urban / 960
 * resident was saved through the grid, and rejected in a file).
 * @module
 */
import { AppError, type ErrorParams } from '../core/errors.js'
import { jumpWarnings } from '../monitoring/warnings.js'
import { parseFormula } from '../plan/formula.js'
import type { Location, Problem } from '../core/problem.js'
import { CellGrid, type GridCell } from '../ingest/cell-grid.js'
import type { Context } from './context.js'

export interface CandidateCell {
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly source: string
  readonly value: number
  readonly valueText: string
}

/** The indicators the plan's rules put beside `indicator` (empty: no rule names it). */
function ruleNeighbours(ctx: Context, indicator: string): string[] {
  const names = new Set<string>()
  for (const rule of ctx.plan.rules) {
    const left = parseFormula(rule.left)
    const right = parseFormula(rule.right)
    if (!left.ok || !right.ok) continue
    const vars = [...left.value.variables, ...right.value.variables]
    if (vars.includes(indicator)) for (const v of vars) names.add(v)
  }
  names.delete(indicator)
  return [...names]
}

/**
 * Refuses a value that breaks an error-level consistency rule together with the figures already stored for the
 * same region, year and source (422 `ingest.rule_failed`, nothing written); returns the warning-level problems.
 */
export async function checkAgainstStore(ctx: Context, cell: CandidateCell) {
  const neighbours = ruleNeighbours(ctx, cell.indicator)
  if (neighbours.length === 0) return []
  const stored = await ctx.observations.find({ indicators: neighbours, regions: [cell.region], years: [cell.year] })
  // Row 0 is the value being entered; the stored figures follow. Messages locate the problem at the value.
  const grid = new CellGrid(ctx.regions, () => ({ column: 'value' }))
  grid.add(cell, 0)
  stored.filter((o) => o.source === cell.source).forEach((o, i) => grid.add({ ...o, year: cell.year }, i + 1))
  const problems = grid.checkRules(ctx.plan)
  const error = problems.find((p) => p.severity === 'error')
  if (error && error.code === 'ingest.rule_failed') throw new AppError('ingest.rule_failed', error.params)
  return problems.filter((p) => p.severity === 'warning')
}

/**
 * The plan's consistency rules over a file's values together with the figures the store already holds for the
 * same region, year and source that the file does not give (a city that loads its populations in one file and its
 * rates in another is checked as if they came together, as a typed-in value is). Only problems the file alone
 * does not raise are returned, located at the file's cells: a rule anchored on a stored figure is reported at the
 * file's first value of that region, year and source.
 */
export async function storeRuleProblems(
  ctx: Context,
  observations: ReadonlyArray<GridCell & { readonly location: Location }>,
  fileProblems: ReadonlyArray<Problem>,
): Promise<Problem[]> {
  const neighbours = new Set<string>()
  for (const indicator of new Set(observations.map((o) => o.indicator))) for (const n of ruleNeighbours(ctx, indicator)) neighbours.add(n)
  if (neighbours.size === 0) return []
  const groupKey = (o: { region: string; year: number; source: string }) => `${o.region}\u0000${o.year}\u0000${o.source}`
  const cellKey = (o: { indicator: string; region: string; year: number; source: string }) => `${o.indicator}\u0000${groupKey(o)}`
  const firstOfGroup = new Map<string, number>()
  observations.forEach((o, i) => {
    if (!firstOfGroup.has(groupKey(o))) firstOfGroup.set(groupKey(o), i)
  })
  const inFile = new Set(observations.map(cellKey))
  const stored = (
    await ctx.observations.find({ indicators: [...neighbours], regions: [...new Set(observations.map((o) => o.region))], years: [...new Set(observations.map((o) => o.year))] })
  ).filter((o) => firstOfGroup.has(groupKey(o)) && !inFile.has(cellKey(o)))
  if (stored.length === 0) return []
  const n = observations.length
  const locate = (row: number): Location => {
    const own = row < n ? observations[row] : undefined
    if (own) return own.location
    const other = stored[row - n]
    const first = other ? observations[firstOfGroup.get(groupKey(other)) ?? 0] : undefined
    return first?.location ?? {}
  }
  const grid = new CellGrid(ctx.regions, locate)
  observations.forEach((o, i) => grid.add(o, i))
  stored.forEach((o, i) => grid.add(o, n + i))
  const seen = new Set(fileProblems.map((p) => JSON.stringify([p.code, p.location, p.params])))
  return grid.checkRules(ctx.plan).filter((p) => !seen.has(JSON.stringify([p.code, p.location, p.params])))
}

/** A problem of one value, as the save reply and the review queue carry it. */
export interface CellFlag {
  readonly code: 'ingest.unusual_change'
  readonly severity: 'warning'
  readonly params: ErrorParams<'ingest.unusual_change'>
}

/** One point of a series: its year, value and source. */
export interface SeriesPoint {
  readonly year: number
  readonly value: number
  readonly source: string
}

/**
 * The history check (pure): is the change into `year` far outside the series' usual year-on-year change? The
 * same modified z-score as the monitoring's `suspicious_jump` warning (`jumpWarnings`), over the series with the
 * candidate value in place of the stored one. Per year the value of the candidate's source is preferred, else
 * the first stored. Names come from `names` (indicator and region as people read them).
 */
export function historyFlag(
  series: ReadonlyArray<SeriesPoint>,
  cell: { readonly indicator: string; readonly region: string; readonly year: number; readonly value: number; readonly source: string },
  names: { readonly indicator: string; readonly region: string },
  censusYears?: ReadonlyArray<number>,
): CellFlag | undefined {
  const byYear = new Map<number, SeriesPoint>()
  for (const p of series) {
    const had = byYear.get(p.year)
    if (!had || (had.source !== cell.source && p.source === cell.source)) byYear.set(p.year, p)
  }
  byYear.set(cell.year, { year: cell.year, value: cell.value, source: cell.source })
  const points = [...byYear.values()].sort((a, b) => a.year - b.year)
  const years = Float64Array.from(points, (p) => p.year)
  const values = Float64Array.from(points, (p) => p.value)
  const found = jumpWarnings(cell.indicator, cell.region, years, values, points.length, { asOf: cell.year, ...(censusYears ? { censusYears } : {}) }).find(
    (w) => w.year === cell.year,
  )
  if (!found) return undefined
  return {
    code: 'ingest.unusual_change',
    severity: 'warning',
    params: {
      indicator: names.indicator,
      region: names.region,
      year: cell.year,
      value: cell.value,
      change: Number(found.params.change),
      usual: Number(found.params.usual),
      z: Number(found.params.z),
    },
  }
}

/** The names a message gives a cell. */
export function cellNamesOf(ctx: Pick<Context, 'indicators' | 'regions'>, indicator: string, region: string) {
  return { indicator: ctx.indicators.get(indicator)?.name ?? indicator, region: ctx.regions.get(region)?.name ?? region }
}

/** The history check of a value about to be saved, against the store's series of its indicator and region. */
export async function historyAgainstStore(ctx: Context, cell: CandidateCell): Promise<CellFlag | undefined> {
  const series = await ctx.observations.find({ indicators: [cell.indicator], regions: [cell.region] })
  return historyFlag(series, cell, cellNamesOf(ctx, cell.indicator, cell.region))
}

/**
 * The history check of stored values, batched: one read for all their series. Returns the flag per given value
 * (by index), undefined where there is none. Pass `series` to reuse a read.
 */
export async function historyFlagsOf(
  ctx: Context,
  cells: ReadonlyArray<{ readonly indicator: string; readonly region: string; readonly year: number; readonly value: number; readonly source: string }>,
  /** The cells' series when the caller has read them already (every year of their indicators and regions). */
  series?: ReadonlyArray<{ readonly indicator: string; readonly region: string } & SeriesPoint>,
): Promise<Array<CellFlag | undefined>> {
  if (cells.length === 0) return []
  const indicators = [...new Set(cells.map((c) => c.indicator))]
  const regions = [...new Set(cells.map((c) => c.region))]
  const all = series ?? (await ctx.observations.find({ indicators, regions }))
  const bySeries = new Map<string, SeriesPoint[]>()
  for (const o of all) {
    const key = `${o.indicator}\u0000${o.region}`
    const list = bySeries.get(key)
    if (list) list.push(o)
    else bySeries.set(key, [o])
  }
  return cells.map((c) => historyFlag(bySeries.get(`${c.indicator}\u0000${c.region}`) ?? [], c, cellNamesOf(ctx, c.indicator, c.region)))
}
