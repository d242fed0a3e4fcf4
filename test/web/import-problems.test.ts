/** The import report's gathering of blank-cell notes, against hand-written expectations. */
import { describe, expect, it } from 'vitest'

import { problemLines, rowRanges } from '../../web/src/import-problems.js'

const blank = (row: number, column = 'H') => ({
  severity: 'warning' as const,
  code: 'ingest.not_available',
  file: 'a.xlsx',
  sheet: '数据',
  row,
  column,
  params: {},
  message: `第 ${row} 行`,
  messageEn: `row ${row}`,
})

describe('import report lines', () => {
  it('writes rows as ranges', () => {
    expect(rowRanges([4, 6, 7, 8, 9, 14, 10])).toBe('4, 6–10, 14')
    expect(rowRanges([3])).toBe('3')
    expect(rowRanges([])).toBe('')
  })
  it('gathers more than three blanks of one column into one line, after the errors', () => {
    const error = { severity: 'error' as const, code: 'ingest.rule_failed', file: 'a.xlsx', row: 5, column: 'H', params: {}, message: '规则', messageEn: 'rule' }
    const lines = problemLines([blank(4), error, blank(6), blank(7), blank(8), blank(2, 'G')])
    expect(lines.map((l) => [l.severity, l.rows, l.column, l.count, l.problem?.code ?? null])).toEqual([
      ['error', '5', 'H', 1, 'ingest.rule_failed'],
      ['warning', '2', 'G', 1, 'ingest.not_available'],
      ['warning', '4, 6–8', 'H', 4, null],
    ])
  })
  it('keeps three or fewer blanks as they are', () => {
    expect(problemLines([blank(4), blank(5), blank(6)]).map((l) => l.rows)).toEqual(['4', '5', '6'])
  })
})
