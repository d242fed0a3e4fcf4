/** Reading a value typed into the entry grid: the same checks the server makes, before anything is sent. */
import type { Indicator } from './api'

export type CellProblem =
  | { readonly code: 'not_number'; readonly text: string }
  | { readonly code: 'out_of_range'; readonly value: number; readonly min: number; readonly max: number }
  | { readonly code: 'not_integer'; readonly value: number }
  | { readonly code: 'not_boolean'; readonly value: number }
  | { readonly code: 'cleared' }

export type CellReading = { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly problem: CellProblem }

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/

/**
 * The number in a cell's text, or null for an empty cell, or undefined when it is not a number. Full-width digits,
 * a typographic minus and thousands separators (1,234.5) are read as officers type them from yearbooks.
 */
export function parseNumber(raw: string): number | null | undefined {
  const text = raw
    .normalize('NFKC')
    .replace(/\u2212/g, '-')
    .replace(/[\s\u00a0]+/g, '')
  if (text === '') return null
  const plain = GROUPED.test(text) ? text.replace(/,/g, '') : text
  if (!NUMBER.test(plain)) return undefined
  const n = Number(plain)
  return Number.isFinite(n) ? n : undefined
}

/** Checks one cell; `hadValue` cells may not be emptied (there is no delete in data entry). */
export function readCell(text: string, indicator: Pick<Indicator, 'range' | 'kind'>, hadValue: boolean): CellReading {
  const value = parseNumber(text)
  if (value === undefined) return { ok: false, problem: { code: 'not_number', text: text.trim() } }
  if (value === null) return hadValue ? { ok: false, problem: { code: 'cleared' } } : { ok: true, value: null }
  if (indicator.kind === 'boolean' && value !== 0 && value !== 1) return { ok: false, problem: { code: 'not_boolean', value } }
  if (indicator.kind === 'count' && !Number.isInteger(value)) return { ok: false, problem: { code: 'not_integer', value } }
  const range = indicator.range
  if (range && (value < range[0] || value > range[1])) return { ok: false, problem: { code: 'out_of_range', value, min: range[0], max: range[1] } }
  return { ok: true, value }
}

/** The text a number is prefilled with: no grouping, no trailing zeros, at most 6 decimals. */
export const cellText = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(Number(v.toFixed(6))))
