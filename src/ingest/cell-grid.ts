/**
 * The checks that compare cells with each other — a cell given twice, the plan's consistency rules, summary
 * rows against their members — over a columnar grid: one block of typed arrays per indicator × source × year,
 * indexed by region. A file of millions of rows is checked in a few hundred megabytes, and a small one the same way.
 * @module
 */
import { at, float64At, int32At, uint8At } from '../core/checked.js'
import { decimalsOf } from '../core/decimal.js'
import { problem, type Location, type Problem } from '../core/problem.js'
import { evaluateFormula, parseFormula } from '../plan/formula.js'
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Plan } from '../plan/plan-schema.js'
import type { RegionCatalog } from '../regions/region-catalog.js'

/** What the grid keeps of a validated cell. `row` identifies it for the caller (see CellGrid's `locate`). */
export interface GridCell {
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly source: string
  readonly value: number
  readonly valueText: string
}

interface Block {
  readonly indicator: string
  readonly source: string
  readonly year: number
  /** The caller's row id per region; -1 where the block has no value. */
  readonly row: Int32Array
  readonly value: Float64Array
  readonly decimals: Uint8Array
}

export type Duplicate = { readonly kind: 'same' | 'conflict'; readonly otherRow: number; readonly otherText: string } | undefined

export class CellGrid {
  readonly #regions: RegionCatalog
  readonly #index = new Map<string, number>()
  readonly #blocks = new Map<string, Block>()
  /** Members each region is checked against, as region indices (empty: not a summary). */
  #members: Int32Array[] | undefined

  /**
   * `locate(row)`: where a row id sits in the input, for messages. `textOf(row, value, decimals)`: the value
   * as written, for messages naming the other of two conflicting cells.
   */
  constructor(
    regions: RegionCatalog,
    private readonly locate: (row: number) => Location,
    private readonly textOf: (row: number, value: number, decimals: number) => string = (_row, value, decimals) => value.toFixed(decimals),
  ) {
    this.#regions = regions
    regions.all.forEach((r, i) => this.#index.set(r.code, i))
  }

  #block(indicator: string, source: string, year: number): Block | undefined {
    return this.#blocks.get(blockKey(indicator, source, year))
  }

  #blockOrNew(indicator: string, source: string, year: number): Block {
    const key = blockKey(indicator, source, year)
    const found = this.#blocks.get(key)
    if (found) return found
    const n = this.#index.size
    const b = { indicator, source, year, row: new Int32Array(n).fill(-1), value: new Float64Array(n), decimals: new Uint8Array(n) }
    this.#blocks.set(key, b)
    return b
  }

  /** Records a cell; says whether the same cell came before (then the caller keeps the first). */
  add(cell: GridCell, row: number): Duplicate {
    const r = this.#index.get(cell.region)
    if (r === undefined) return undefined
    const b = this.#blockOrNew(cell.indicator, cell.source, cell.year)
    const prior = int32At(b.row, r, 'grid block rows')
    if (prior >= 0) {
      const priorValue = float64At(b.value, r, 'grid block values')
      const kind = priorValue === cell.value ? 'same' : 'conflict'
      return { kind, otherRow: prior, otherText: this.textOf(prior, priorValue, uint8At(b.decimals, r, 'grid block decimals')) }
    }
    b.row[r] = row
    b.value[r] = cell.value
    b.decimals[r] = Math.min(255, decimalsOf(cell.valueText))
    return undefined
  }

  /** The plan's consistency rules over figures published together (same region, year and source). */
  checkRules(plan: Plan): Problem[] {
    const problems: Array<{ order: number; problem: Problem }> = []
    const sourceYears = new Map<string, { source: string; year: number }>()
    for (const b of this.#blocks.values()) sourceYears.set(`${b.source}\u0000${b.year}`, { source: b.source, year: b.year })
    for (const rule of plan.rules) {
      const left = parseFormula(rule.left)
      const right = parseFormula(rule.right)
      if (!left.ok || !right.ok) continue
      const vars = [...new Set([...left.value.variables, ...right.value.variables])]
      for (const { source, year } of sourceYears.values()) {
        // skip_if_any_missing (DHIS2): a rule is checked only where every figure it names is given.
        const blocks = vars.map((v) => this.#block(v, source, year)).filter((b): b is Block => b !== undefined)
        if (blocks.length < vars.length) continue
        const n = this.#index.size
        for (let r = 0; r < n; r++) {
          if (blocks.some((b) => int32At(b.row, r, 'grid block rows') < 0)) continue
          const get = (id: string) => {
            const b = blocks[vars.indexOf(id)]
            return b ? b.value[r] : undefined
          }
          const l = evaluateFormula(left.value, get)
          const rv = evaluateFormula(right.value, get)
          if (l === undefined || rv === undefined) continue
          if (compare(l, rule.operator, rv, rule.tolerance)) continue
          const anchorVar = left.value.variables[0]
          const anchorRow =
            anchorVar !== undefined
              ? int32At(at(blocks, vars.indexOf(anchorVar), 'rule blocks').row, r, 'grid block rows')
              : Math.min(...blocks.map((b) => int32At(b.row, r, 'grid block rows')))
          const params = {
            rule: rule.name,
            ruleEn: rule.nameEn,
            left: rule.left,
            leftValue: fmt(l),
            operator: rule.operator,
            right: rule.right,
            rightValue: fmt(rv),
            tolerance: rule.tolerance,
          }
          problems.push({ order: anchorRow, problem: problem(rule.severity, 'ingest.rule_failed', this.locate(anchorRow), params) })
        }
      }
    }
    return problems.sort((a, b) => a.order - b.order).map((p) => p.problem)
  }

  /** Summary regions (parents, groupings) of `sum` indicators against their members, where all members are given. */
  checkSummaries(indicators: IndicatorCatalog, summaryTolerance: number, severity: 'error' | 'warning' = 'error'): Problem[] {
    const problems: Array<{ order: number; problem: Problem }> = []
    const members = this.#memberIndex()
    const all = this.#regions.all
    for (const b of this.#blocks.values()) {
      if (indicators.get(b.indicator)?.aggregation !== 'sum') continue
      for (let r = 0; r < all.length; r++) {
        const m = at(members, r, 'summary members')
        const row = int32At(b.row, r, 'grid block rows')
        if (m.length === 0 || row < 0) continue
        let sum = 0
        let decimals = 0
        let complete = true
        for (const k of m) {
          if (int32At(b.row, k, 'grid block rows') < 0) {
            complete = false
            break
          }
          sum += float64At(b.value, k, 'grid block values')
          decimals = Math.max(decimals, uint8At(b.decimals, k, 'grid block decimals'))
        }
        if (!complete) continue
        const tolerance = Math.max(summaryTolerance * Math.abs(sum), 0.5 * 10 ** -decimals * (m.length + 1))
        const value = float64At(b.value, r, 'grid block values')
        if (Math.abs(value - sum) <= tolerance) continue
        problems.push({
          order: row,
          problem: problem(severity, 'ingest.summary_mismatch', this.locate(row), {
            region: at(all, r, 'regions').name,
            indicator: b.indicator,
            value: this.textOf(row, value, uint8At(b.decimals, r, 'grid block decimals')),
            sum: fmt(sum),
            tolerance: fmt(tolerance),
          }),
        })
      }
    }
    return problems.sort((a, b) => a.order - b.order).map((p) => p.problem)
  }

  #memberIndex(): Int32Array[] {
    if (this.#members) return this.#members
    const idx = (codes: ReadonlyArray<{ code: string }>) => Int32Array.from(codes.map((c) => this.#index.get(c.code) ?? -1).filter((i) => i >= 0))
    this.#members = this.#regions.all.map((region) =>
      idx(
        region.level === 'grouping'
          ? this.#regions.components(region.code)
          : // A province is checked against its prefectures, a prefecture against its counties.
            this.#regions.children(region.code).filter((c) => c.level === 'prefecture' || region.level === 'prefecture'),
      ),
    )
    return this.#members
  }
}

const blockKey = (indicator: string, source: string, year: number) => `${indicator}\u0000${source}\u0000${year}`

const compare = (l: number, op: string, r: number, tol: number): boolean => {
  switch (op) {
    case '==':
      return Math.abs(l - r) <= tol + 1e-9
    case '!=':
      return Math.abs(l - r) > tol
    case '>':
      return l > r
    case '>=':
      return l >= r - 1e-9
    case '<':
      return l < r
    default:
      return l <= r + 1e-9
  }
}

export function fmt(n: number): string {
  return String(Math.round(n * 1e4) / 1e4)
}
