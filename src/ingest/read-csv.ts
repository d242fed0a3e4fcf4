import { parse } from 'csv-parse/sync'

import { DEFAULT_INPUT_LIMITS, type InputLimits } from './limits.js'
import { refuse } from './refusal.js'
import { cleanCell, columnLetter, type Table } from './table.js'

/** The delimiter of a CSV file: comma, or tab/semicolon when its first line clearly uses them. */
export function detectDelimiter(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1
  return count('\t') > count(',') ? '\t' : count(';') > count(',') ? ';' : ','
}

/** How csv-parse reads our CSV files, whole or streamed: lenient about ragged rows and stray quotes. */
export const csvParseOptions = (delimiter: string) => ({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as const

/** Checks one record against the limits as the parser hands it over (a refusal stops the parser there). */
export function recordChecker(limits: InputLimits, file: string): (record: string[], row: number) => void {
  let cells = 0
  return (record, row) => {
    if (record.length > limits.columns) refuse(limits, 'columns', { file, row }, record.length)
    cells += record.length
    if (cells > limits.cells) refuse(limits, 'cells', { file, row })
    for (let i = 0; i < record.length; i++) {
      const length = (record[i] as string).length
      if (length > limits.fieldChars) refuse(limits, 'fieldChars', { file, row, column: columnLetter(i) }, length)
    }
  }
}

/**
 * Refuses a row with more fields than the limit, in one pass before the parser sees the text: the parser slows
 * down more than linearly with the fields of a record (a million fields took it half a minute).
 */
function checkWidth(text: string, delimiter: string, limits: InputLimits, file: string): void {
  const d = delimiter.charCodeAt(0)
  let row = 1
  let fields = 1
  let quoted = false
  let fieldStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (quoted) {
      if (ch !== 0x22) continue
      if (text.charCodeAt(i + 1) === 0x22) i++
      else quoted = false
      continue
    }
    if (ch === 0x22 && fieldStart) {
      quoted = true
      fieldStart = false
    } else if (ch === d) {
      if (++fields > limits.columns) refuse(limits, 'columns', { file, row }, countFields(text, i, d, fields))
      fieldStart = true
    } else if (ch === 0x0a) {
      row++
      fields = 1
      fieldStart = true
    } else fieldStart = false
  }
}

/** The fields of the row from `at` on (for the message), counting delimiters to the end of the line. */
function countFields(text: string, at: number, delimiter: number, sofar: number): number {
  let n = sofar
  for (let i = at + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 0x0a) break
    if (ch === delimiter) n++
  }
  return n
}

/** CSV text → table. */
export function readCsv(text: string, file: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Table {
  const check = recordChecker(limits, file)
  const delimiter = detectDelimiter(text.split(/\r?\n/, 1)[0] ?? '')
  checkWidth(text, delimiter, limits, file)
  let row = 0
  const records: string[][] = parse(text, {
    ...csvParseOptions(delimiter),
    on_record: (record: string[]) => {
      check(record, ++row)
      return record
    },
  })
  const rows: string[][] = []
  const rowNumbers: number[] = []
  records.forEach((r, i) => {
    rows.push(r.map(cleanCell))
    rowNumbers.push(i + 1)
  })
  return { file, rows, rowNumbers }
}
