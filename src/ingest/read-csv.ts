import { parse } from 'csv-parse/sync'

import { cleanCell, type Table } from './table.js'

/** CSV text → table. Delimiter: comma, or tab/semicolon when the first line clearly uses them. */
export function readCsv(text: string, file: string): Table {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const count = (ch: string) => firstLine.split(ch).length - 1
  const delimiter = count('\t') > count(',') ? '\t' : count(';') > count(',') ? ';' : ','
  const records = parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  }) as string[][]
  const rows: string[][] = []
  const rowNumbers: number[] = []
  records.forEach((r, i) => {
    rows.push(r.map(cleanCell))
    rowNumbers.push(i + 1)
  })
  return { file, rows, rowNumbers }
}
