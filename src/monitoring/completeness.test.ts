import { describe, expect, it } from 'vitest'

import { completeness, expectedCells, isCollected, overall, totals } from './completeness.js'

const calendar = { default: { dueMonth: 6, dueDay: 30 }, indicators: { gdp: { dueMonth: 3, dueDay: 31 } } }
const expected = [
  { region: 'A', indicator: 'gdp', year: 2023 },
  { region: 'B', indicator: 'gdp', year: 2023 },
  { region: 'A', indicator: 'pop', year: 2023 },
]
const cells = [
  { region: 'A', indicator: 'gdp', year: 2023, status: 'draft' as const },
  { region: 'A', indicator: 'gdp', year: 2023, status: 'approved' as const },
  { region: 'A', indicator: 'pop', year: 2023, status: 'published' as const },
]

describe('completeness', () => {
  it('takes the furthest state of a cell, and is late only the day after the due date', () => {
    // gdp 2023 due 2024-03-31; A's gdp approved (not published), B's missing; A's pop published.
    const onDue = completeness(expected, cells, calendar, '2024-03-31')
    expect(onDue.map((c) => [c.state, c.due, c.late])).toEqual([
      ['approved', '2024-03-31', false],
      ['missing', '2024-03-31', false],
      ['published', '2024-06-30', false],
    ])
    const after = completeness(expected, cells, calendar, '2024-04-01')
    expect(after.map((c) => c.late)).toEqual([true, true, false])
    expect(completeness(expected, [], calendar, '2024-06-30')[2]?.late).toBe(false)
    expect(completeness(expected, [], calendar, '2024-07-01')[2]?.late).toBe(true)
  })

  it('totals per region', () => {
    const t = totals(completeness(expected, cells, calendar, '2024-04-01'), 'region')
    expect(t.get('A')).toEqual({ expected: 2, published: 1, approved: 1, submitted: 0, entered: 0, missing: 0, late: 1 })
    expect(t.get('B')).toEqual({ expected: 1, published: 0, approved: 0, submitted: 0, entered: 0, missing: 1, late: 1 })
    expect(overall(completeness(expected, cells, calendar, '2024-04-01'))).toEqual({ expected: 3, published: 1, approved: 1, submitted: 0, entered: 0, missing: 1, late: 2 })
  })

  it('without a data calendar has no due dates and nothing late', () => {
    const cells2 = completeness(expected, [], undefined, '2099-01-01')
    expect(cells2.map((c) => [c.state, c.due, c.late])).toEqual([
      ['missing', null, false],
      ['missing', null, false],
      ['missing', null, false],
    ])
  })

  it('counts a submitted revision of a cell with draft and returned values from other sources as submitted', () => {
    const [c] = completeness(
      [{ region: 'A', indicator: 'gdp', year: 2023 }],
      [
        { region: 'A', indicator: 'gdp', year: 2023, status: 'returned' },
        { region: 'A', indicator: 'gdp', year: 2023, status: 'submitted' },
        { region: 'A', indicator: 'gdp', year: 2023, status: 'draft' },
      ],
      calendar,
      '2024-01-01',
    )
    expect(c?.state).toBe('submitted')
  })
})

describe('expectedCells', () => {
  it('expects every collected indicator in every region and year, and no derived one', () => {
    const indicators = [{ id: 'pop' }, { id: 'urban' }, { id: 'rate', formula: '100 * urban / pop' }]
    expect(indicators.map(isCollected)).toEqual([true, true, false])
    // By hand: 2 collected × 2 regions × 2 years = 8, region first, then indicator, then year.
    expect(expectedCells(indicators, ['P', 'C'], [2023, 2024])).toEqual([
      { region: 'P', indicator: 'pop', year: 2023 },
      { region: 'P', indicator: 'pop', year: 2024 },
      { region: 'P', indicator: 'urban', year: 2023 },
      { region: 'P', indicator: 'urban', year: 2024 },
      { region: 'C', indicator: 'pop', year: 2023 },
      { region: 'C', indicator: 'pop', year: 2024 },
      { region: 'C', indicator: 'urban', year: 2023 },
      { region: 'C', indicator: 'urban', year: 2024 },
    ])
    expect(expectedCells(indicators, [], [2023])).toEqual([])
  })
})
