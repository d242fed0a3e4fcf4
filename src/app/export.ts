/**
 * Open-data export: CSV that Excel opens correctly (UTF-8 BOM) with formula injection neutralised, XLSX, JSON.
 * @module
 */
import type ExcelJS from 'exceljs'

// Loaded when a workbook is read or written: the library is large, and most commands never touch one.
const workbook = async (): Promise<ExcelJS.Workbook> => new (await import('exceljs')).default.Workbook()

import type { ObservationView } from './query.js'

export type ExportFormat = 'csv' | 'xlsx' | 'json'

const COLUMNS = ['indicator', 'indicatorName', 'region', 'regionName', 'year', 'value', 'unit', 'source', 'note', 'status', 'preferred', 'version', 'updatedAt'] as const

/**
 * A text cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheet programs (OWASP "CSV
 * injection"); prefixing a single quote makes it plain text. Numbers stay numbers.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

function csvField(v: ObservationView[(typeof COLUMNS)[number]]): string {
  if (v === null) return ''
  const text = typeof v === 'number' ? String(v) : neutraliseFormula(String(v))
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: ReadonlyArray<ObservationView>): string {
  const lines = [COLUMNS.join(',')]
  for (const r of rows) lines.push(COLUMNS.map((c) => csvField(r[c])).join(','))
  return `\ufeff${lines.join('\r\n')}\r\n`
}

export async function toXlsx(rows: ReadonlyArray<ObservationView>): Promise<Buffer> {
  const wb = await workbook()
  wb.creator = 'urbmon'
  const ws = wb.addWorksheet('observations')
  ws.columns = COLUMNS.map((c) => ({ header: c, key: c, width: c === 'source' ? 50 : 14 }))
  for (const r of rows) {
    // Strings are written as shared strings, never formulas; neutralise anyway so a copy-paste to CSV stays safe.
    ws.addRow(COLUMNS.map((c) => (typeof r[c] === 'string' ? neutraliseFormula(r[c]) : r[c])))
  }
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export function toJson(rows: ReadonlyArray<ObservationView>): string {
  return `${JSON.stringify(rows, null, 2)}\n`
}
