/**
 * The checks a single value entered on the dashboard (the entry grid, the one-value form, PUT /api/observations)
 * shares with file import: the plan's consistency rules, run by the importer's own CellGrid over the value and
 * the store's other figures of the same region, year and source. The same numbers are then refused with the same
 * code and message whether they come in a CSV or are typed in (issue 15: a rate of 87.5 with 800 urban / 960
 * resident was saved through the grid, and rejected in a file).
 * @module
 */
import { AppError } from '../core/errors.js'
import { parseFormula } from '../plan/formula.js'
import { CellGrid } from '../ingest/cell-grid.js'
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
