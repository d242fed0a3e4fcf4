/**
 * HTML tables as saved from a statistics bureau's yearbook page: rowspan/colspan expanded so every grid cell
 * holds the text of the cell covering it; `<br>` inside a heading becomes nothing (城镇人口<br>比重(%) → 城镇人口比重(%)).
 * @module
 */
import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'

import { cleanCell, type Table } from './table.js'

function isElement(n: ChildNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style'
}

function textOf(n: ChildNode): string {
  if (n.type === 'text') return (n as unknown as { data: string }).data
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

function span(el: Element, attr: 'rowspan' | 'colspan'): number {
  const n = Number.parseInt(el.attribs[attr] ?? '1', 10)
  return Number.isFinite(n) && n > 0 && n < 1000 ? n : 1
}

export function readHtmlTables(html: string, file: string): Table[] {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true })
  const tables = findAll(doc, 'table')
  const innermost = tables.filter((t) => findAll(t, 'table').length === 0)
  return innermost.map((table, ti) => {
    const grid: string[][] = []
    const trs = findAll(table, 'tr', [], 'table')
    trs.forEach((tr, r) => {
      grid[r] ??= []
      let c = 0
      for (const cell of tr.children.filter(isElement).filter((e) => e.name === 'td' || e.name === 'th')) {
        while (grid[r]![c] !== undefined) c++
        const text = cleanCell(textOf(cell))
        const rs = span(cell, 'rowspan')
        const cs = span(cell, 'colspan')
        for (let dr = 0; dr < rs; dr++) {
          grid[r + dr] ??= []
          for (let dc = 0; dc < cs; dc++) grid[r + dr]![c + dc] = text
        }
        c += cs
      }
    })
    const width = Math.max(0, ...grid.map((row) => row.length))
    const rows = grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''))
    return { file, sheet: innermost.length > 1 ? `表${ti + 1}` : undefined, rows, rowNumbers: rows.map((_, i) => i + 1) } as Table
  })
}
