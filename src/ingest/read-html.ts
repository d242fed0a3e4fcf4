/**
 * HTML tables as saved from a statistics bureau's yearbook page: rowspan/colspan expanded so every grid cell
 * holds the text of the cell covering it; `<br>` inside a heading becomes nothing (城镇人口<br>比重(%) → 城镇人口比重(%)).
 * Spans are bounded as browsers bound them (a rowspan ends with the table), and the expanded grid is checked
 * against the limits while it grows, so a few bytes of spans cannot ask for millions of cells.
 * @module
 */
import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'

import { DEFAULT_INPUT_LIMITS, type InputLimits } from './limits.js'
import { refuse } from './refusal.js'
import { cleanCell, columnLetter, type Table } from './table.js'

/** The HTML standard's largest colspan; a larger one counts as this. */
const MAX_COLSPAN = 1000

function isElement(n: ChildNode): n is Element {
  return n.type === ('tag' as ChildNode['type']) || n.type === ('script' as ChildNode['type']) || n.type === ('style' as ChildNode['type'])
}

function textOf(n: ChildNode): string {
  if ('data' in n && n.type === ('text' as ChildNode['type'])) return n.data
  if (!isElement(n)) return ''
  if (n.name === 'br') return ''
  if (n.name === 'script' || n.name === 'style') return ''
  return n.children.map(textOf).join('')
}

function findAll(n: ChildNode | { children: ChildNode[] }, name: string, out: Element[] = [], stopAt?: string): Element[] {
  const children = 'children' in n && Array.isArray(n.children) ? n.children : []
  for (const c of children) {
    if (!isElement(c)) continue
    if (c.name === name) out.push(c)
    if (c.name !== stopAt) findAll(c, name, out, stopAt)
  }
  return out
}

function span(el: Element, attr: 'rowspan' | 'colspan', max: number): number {
  const n = Number.parseInt(el.attribs[attr] ?? '1', 10)
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : 1
}

export function readHtmlTables(html: string, file: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Table[] {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true })
  const tables = findAll(doc, 'table')
  const innermost = tables.filter((t) => findAll(t, 'table').length === 0)
  let cellsSoFar = 0
  return innermost.map((table, ti) => {
    const sheet = innermost.length > 1 ? `表${ti + 1}` : undefined
    const where = { file, ...(sheet ? { sheet } : {}) }
    const grid: string[][] = []
    const trs = findAll(table, 'tr', [], 'table')
    const rowAt = (r: number): string[] => (grid[r] ??= [])
    trs.forEach((tr, r) => {
      const row = rowAt(r)
      let c = 0
      for (const cell of tr.children.filter(isElement).filter((e) => e.name === 'td' || e.name === 'th')) {
        while (row[c] !== undefined) c++
        const text = cleanCell(textOf(cell))
        if (text.length > limits.fieldChars) refuse(limits, 'fieldChars', { ...where, row: r + 1, column: columnLetter(c) }, text.length)
        // A rowspan past the last row ends there, as in a browser.
        const rs = span(cell, 'rowspan', trs.length - r)
        const cs = span(cell, 'colspan', MAX_COLSPAN)
        if (c + cs > limits.columns) refuse(limits, 'columns', { ...where, row: r + 1 }, c + cs)
        cellsSoFar += rs * cs
        if (cellsSoFar > limits.cells) refuse(limits, 'cells', where)
        for (let dr = 0; dr < rs; dr++) {
          const target = rowAt(r + dr)
          for (let dc = 0; dc < cs; dc++) target[c + dc] = text
        }
        c += cs
      }
    })
    // A loop, not Math.max(...rows): a long table would overflow the call stack with a spread.
    let width = 0
    for (const row of grid) width = Math.max(width, row.length)
    if (grid.length * width > limits.cells) refuse(limits, 'cells', where, grid.length * width)
    const rows = grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''))
    return { file, ...(sheet ? { sheet } : {}), rows, rowNumbers: rows.map((_, i) => i + 1) }
  })
}
