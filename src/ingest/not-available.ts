/** Cells that mean "not available" in Chinese statistical tables: never zero. */
const MARKERS = new Set(['', '—', '——', '-', '--', '–', '－', '…', '……', '...', '..', '·', 'na', 'n/a', 'null', '空', '无数据', '/', 'x', '×'])

export function isNotAvailable(raw: string): boolean {
  return MARKERS.has(raw.normalize('NFKC').trim().toLowerCase())
}
