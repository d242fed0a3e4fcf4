/** A table as read from any file format: text cells, with the row numbers and column labels the user sees. */
export interface Table {
  readonly file: string
  /** Sheet name for XLSX, table index for HTML ("表1"), undefined for CSV/JSON. */
  readonly sheet?: string
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
  /** 1-based row number in the original file for each row. */
  readonly rowNumbers: ReadonlyArray<number>
}

/** 0 → A, 25 → Z, 26 → AA: spreadsheet column letters. */
export function columnLetter(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

export function cleanCell(v: string): string {
  // Most cells have neither; skipping the two regular expressions matters at millions of cells.
  if (!v.includes('\u00a0') && !v.includes('\r')) return v.trim()
  return v
    .replace(/\u00a0/g, ' ')
    .replace(/\r\n?/g, '\n')
    .trim()
}

export function isBlankRow(row: ReadonlyArray<string>): boolean {
  return row.every((c) => c.trim() === '')
}
