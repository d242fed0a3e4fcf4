/**
 * Indicator formulas (`100 * urban_pop / resident_pop`), parsed by jsep into an AST and evaluated here
 * over + − × ÷, parentheses and numbers only: no property access, no calls, nothing that can reach the runtime.
 * @module
 */
import jsep from 'jsep'

import { err, ok, type Result } from '../core/result.js'

export type FormulaNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: '-' | '+'; readonly arg: FormulaNode }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: FormulaNode; readonly right: FormulaNode }

export interface Formula {
  readonly source: string
  readonly ast: FormulaNode
  /** Indicator ids the formula reads, in order of first appearance. */
  readonly variables: ReadonlyArray<string>
}

function convert(node: jsep.Expression): FormulaNode {
  switch (node.type) {
    case 'Literal': {
      const v = (node as jsep.Literal).value
      if (typeof v !== 'number') throw new Error(`only numbers are allowed, not ${JSON.stringify(v)}`)
      return { kind: 'number', value: v }
    }
    case 'Identifier':
      return { kind: 'var', name: (node as jsep.Identifier).name }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression
      if (u.operator !== '-' && u.operator !== '+') throw new Error(`operator ${u.operator} is not allowed`)
      return { kind: 'unary', op: u.operator, arg: convert(u.argument) }
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression
      if (b.operator !== '+' && b.operator !== '-' && b.operator !== '*' && b.operator !== '/') {
        throw new Error(`operator ${b.operator} is not allowed`)
      }
      return { kind: 'binary', op: b.operator, left: convert(b.left), right: convert(b.right) }
    }
    default:
      throw new Error(`${node.type} is not allowed; use numbers, indicator ids and + - * / ( )`)
  }
}

function collect(node: FormulaNode, into: string[]): void {
  if (node.kind === 'var') {
    if (!into.includes(node.name)) into.push(node.name)
  } else if (node.kind === 'unary') collect(node.arg, into)
  else if (node.kind === 'binary') {
    collect(node.left, into)
    collect(node.right, into)
  }
}

export function parseFormula(source: string): Result<Formula, string> {
  try {
    const ast = convert(jsep(source))
    const variables: string[] = []
    collect(ast, variables)
    return ok({ source, ast, variables })
  } catch (e) {
    // convert's Errors stop here; plan checks report them as plan.invalid { reason: 'formula' }.
    return err(e instanceof Error ? e.message : String(e))
  }
}

/** Evaluates with the given values; undefined when a variable is missing or a division by zero occurs. */
export function evaluateFormula(f: Formula | FormulaNode, values: (name: string) => number | undefined): number | undefined {
  const node = 'ast' in f ? f.ast : f
  switch (node.kind) {
    case 'number':
      return node.value
    case 'var':
      return values(node.name)
    case 'unary': {
      const a = evaluateFormula(node.arg, values)
      return a === undefined ? undefined : node.op === '-' ? -a : a
    }
    case 'binary': {
      const l = evaluateFormula(node.left, values)
      const r = evaluateFormula(node.right, values)
      if (l === undefined || r === undefined) return undefined
      if (node.op === '/') return r === 0 ? undefined : l / r
      return node.op === '+' ? l + r : node.op === '-' ? l - r : l * r
    }
  }
}
