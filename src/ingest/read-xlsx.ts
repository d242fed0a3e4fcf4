import type ExcelJS from 'exceljs'

import { columnLetter, cleanCell, type Table } from './table.js'
import { DEFAULT_INPUT_LIMITS, type InputLimits } from './limits.js'
import { refuse } from './refusal.js'
import { precheckXlsx } from './xlsx-precheck.js'

// Loaded when a workbook is read or written: the library is large, and most commands never touch one.
const workbook = async (): Promise<ExcelJS.Workbook> => new (await import('exceljs')).default.Workbook()

/** The text of an ExcelJS cell value (numbers as their shortest decimal, dates as YYYY-MM-DD, formulas by result). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)
  if ('richText' in v) return v.richText.map((r) => r.text).join('')
  if ('result' in v) return cellText(v.result)
  if ('text' in v) return typeof v.text === 'string' ? v.text : ''
  if ('error' in v) return v.error
  return ''
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = await workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return wb
}

/**
 * Every sheet (or the named one) as a table; merged cells repeat the master cell's text across the merge.
 * Only the cells that hold something are visited (never the declared range), and the table they span is checked
 * against the limits before it is allocated.
 */
export async function readXlsx(bytes: Uint8Array, file: string, sheetName?: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Promise<Table[]> {
  precheckXlsx(bytes, file, limits)
  const wb = await load(bytes)
  const tables: Table[] = []
  wb.eachSheet((ws) => {
    if (sheetName !== undefined && ws.name !== sheetName) return
    const where = { file, sheet: ws.name }
    const used: Array<{ row: number; col: number; text: string }> = []
    let lastRow = 0
    let width = 0
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const source = cell.isMerged ? cell.master : cell
        const text = cleanCell(cellText(source.value))
        if (text === '') return
        if (text.length > limits.fieldChars) refuse(limits, 'fieldChars', { ...where, row: r, column: columnLetter(c - 1) }, text.length)
        used.push({ row: r, col: c, text })
        lastRow = Math.max(lastRow, r)
        width = Math.max(width, c)
      })
    })
    if (width > limits.columns) refuse(limits, 'columns', where, width)
    if (lastRow * width > limits.cells) refuse(limits, 'cells', where, lastRow * width)
    const rows = Array.from({ length: lastRow }, () => new Array<string>(width).fill(''))
    for (const u of used) (rows[u.row - 1] as string[])[u.col - 1] = u.text
    tables.push({ file, sheet: ws.name, rows, rowNumbers: rows.map((_, i) => i + 1) })
  })
  return tables
}

export async function sheetNames(bytes: Uint8Array, limits: InputLimits = DEFAULT_INPUT_LIMITS): Promise<string[]> {
  precheckXlsx(bytes, 'workbook', limits)
  const wb = await load(bytes)
  return wb.worksheets.map((w) => w.name)
}
