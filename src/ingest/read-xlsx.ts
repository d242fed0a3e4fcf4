import type ExcelJS from 'exceljs'

// Loaded when a workbook is read or written: the library is large, and most commands never touch one.
const workbook = async (): Promise<ExcelJS.Workbook> => new (await import('exceljs')).default.Workbook()

import { cleanCell, type Table } from './table.js'

/** The text of an ExcelJS cell value (numbers as their shortest decimal, dates as YYYY-MM-DD, formulas by result). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('')
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
    if ('text' in v) return String(v.text)
    if ('error' in v) return String(v.error)
  }
  return String(v)
}

/** Every sheet (or the named one) as a table; merged cells repeat the master cell's text across the merge. */
export async function readXlsx(bytes: Uint8Array, file: string, sheetName?: string): Promise<Table[]> {
  const wb = await workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  const tables: Table[] = []
  wb.eachSheet((ws) => {
    if (sheetName !== undefined && ws.name !== sheetName) return
    const rows: string[][] = []
    const rowNumbers: number[] = []
    const width = ws.columnCount
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r)
      const cells: string[] = []
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c)
        const source = cell.isMerged && cell.master ? cell.master : cell
        cells.push(cleanCell(cellText(source.value)))
      }
      rows.push(cells)
      rowNumbers.push(r)
    }
    tables.push({ file, sheet: ws.name, rows, rowNumbers })
  })
  return tables
}

export async function sheetNames(bytes: Uint8Array): Promise<string[]> {
  const wb = await workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return wb.worksheets.map((w) => w.name)
}
