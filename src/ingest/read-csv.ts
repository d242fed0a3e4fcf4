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

/** CSV text → table. */
export function readCsv(text: string, file: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Table {
  const check = recordChecker(limits, file)
  let row = 0
  const records: string[][] = parse(text, {
    ...csvParseOptions(detectDelimiter(text.split(/\r?\n/, 1)[0] ?? '')),
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
