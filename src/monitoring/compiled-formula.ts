/**
 * Indicator formulas compiled to closures over a vector of input values, and the order that fills every formula's
 * inputs before the formula itself.
 * @module
 */
import { float64At } from '../core/checked.js'
import { parseFormula, type Formula, type FormulaNode } from '../plan/formula.js'
import type { Indicator } from '../plan/plan-schema.js'

/** NaN stands for "no value" (a missing input, a division by zero), as `undefined` does in `evaluateFormula`. */
export type Compiled = (x: Float64Array) => number

function compile(node: FormulaNode, slot: (name: string) => number): Compiled {
  switch (node.kind) {
    case 'number': {
      const v = node.value
      return () => v
    }
    case 'var': {
      const i = slot(node.name)
      return (x) => float64At(x, i, 'formula input')
    }
    case 'unary': {
      const a = compile(node.arg, slot)
      return node.op === '-' ? (x) => -a(x) : a
    }
    case 'binary': {
      const l = compile(node.left, slot)
      const r = compile(node.right, slot)
      switch (node.op) {
        case '+':
          return (x) => l(x) + r(x)
        case '-':
          return (x) => l(x) - r(x)
        case '*':
          return (x) => l(x) * r(x)
        case '/':
          return (x) => {
            const a = l(x)
            const b = r(x)
            return b === 0 ? NaN : a / b
          }
      }
    }
  }
}

export interface CompiledFormula {
  readonly formula: Formula
  readonly fn: Compiled
  /** Catalog indices of the variables, in `formula.variables` order (−1: not an indicator of the catalog). */
  readonly vars: Int32Array
}

/** An indicator's formula compiled against the catalog (`indexOf`: an indicator id's catalog index, if any). */
export function compileIndicatorFormula(ind: Indicator, indexOf: (id: string) => number | undefined): CompiledFormula | undefined {
  if (!ind.formula) return undefined
  const f = parseFormula(ind.formula)
  if (!f.ok) return undefined
  const vars = Int32Array.from(f.value.variables, (v) => indexOf(v) ?? -1)
  return { formula: f.value, vars, fn: compile(f.value.ast, (name) => f.value.variables.indexOf(name)) }
}

/** Indicators with every formula input before them (depth-first, catalog order among independents). */
export function formulaOrder(formulas: ReadonlyArray<CompiledFormula | undefined>): Int32Array {
  const out: number[] = []
  const state = new Uint8Array(formulas.length)
  const visit = (i: number) => {
    if (state[i]) return // done, or on the stack (a formula cycle: its back edge reads an unfilled cell)
    state[i] = 1
    for (const v of formulas[i]?.vars ?? []) if (v >= 0) visit(v)
    out.push(i)
  }
  for (let i = 0; i < formulas.length; i++) visit(i)
  return Int32Array.from(out)
}
