import { parse } from 'csv-parse/sync'

import { cleanCell, type Table } from './table.js'

/** The delimiter of a CSV file: comma, or tab/semicolon when its first line clearly uses them. */
export function detectDelimiter(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1
  return count('\t') > count(',') ? '\t' : count(';') > count(',') ? ';' : ','
}

/** How csv-parse reads our CSV files, whole or streamed: lenient about ragged rows and stray quotes. */
export const csvParseOptions = (delimiter: string) => ({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as const

/** CSV text → table. */
export function readCsv(text: string, file: string): Table {
  const records = parse(text, csvParseOptions(detectDelimiter(text.split(/\r?\n/, 1)[0] ?? ''))) as string[][]
  const rows: string[][] = []
  const rowNumbers: number[] = []
  records.forEach((r, i) => {
    rows.push(r.map(cleanCell))
    rowNumbers.push(i + 1)
  })
  return { file, rows, rowNumbers }
}
