import { describe, expect, it } from 'vitest'

import { requestProgress } from './request-progress.js'

describe('requestProgress', () => {
  const scope = { indicators: ['gdp', 'resident_pop', 'urban_pop'], regions: ['320100', '320200'], year: 2024, due: '2025-03-31' }
  // Six cells expected (2 regions × 3 indicators). Counted by hand:
  //   320100 gdp: draft + published (another source) → published
  //   320100 resident_pop: submitted → submitted
  //   320100 urban_pop: returned → entered
  //   320200 gdp: approved_local → approved
  //   320200 resident_pop: nothing at 2024 (a 2023 value does not count) → missing
  //   320200 urban_pop: nothing → missing
  //   a cell outside the request (320300) is ignored.
  const cells = [
    { indicator: 'gdp', region: '320100', year: 2024, status: 'draft' as const },
    { indicator: 'gdp', region: '320100', year: 2024, status: 'published' as const },
    { indicator: 'resident_pop', region: '320100', year: 2024, status: 'submitted' as const },
    { indicator: 'urban_pop', region: '320100', year: 2024, status: 'returned' as const },
    { indicator: 'gdp', region: '320200', year: 2024, status: 'approved_local' as const },
    { indicator: 'resident_pop', region: '320200', year: 2023, status: 'published' as const },
    { indicator: 'gdp', region: '320300', year: 2024, status: 'published' as const },
  ]

  it('takes the furthest state of each requested cell and counts them', () => {
    const p = requestProgress(scope, cells, '2025-03-01')
    expect(p.rows).toEqual([
      { region: '320100', indicator: 'gdp', state: 'published' },
      { region: '320100', indicator: 'resident_pop', state: 'submitted' },
      { region: '320100', indicator: 'urban_pop', state: 'entered' },
      { region: '320200', indicator: 'gdp', state: 'approved' },
      { region: '320200', indicator: 'resident_pop', state: 'missing' },
      { region: '320200', indicator: 'urban_pop', state: 'missing' },
    ])
    expect(p.totals).toEqual({
      expected: 6,
      exactly: { missing: 2, entered: 1, submitted: 1, approved: 1, published: 1 },
      // entered or further 4; submitted or further 3; approved or further 2; published 1.
      reached: { entered: 4, submitted: 3, approved: 2, published: 1 },
    })
    expect(p.late).toBe(false)
  })

  it('is late only after the due date, while some cell is not yet submitted', () => {
    expect(requestProgress(scope, cells, '2025-03-31').late).toBe(false)
    expect(requestProgress(scope, cells, '2025-04-01').late).toBe(true)
    const all = scope.regions.flatMap((region) => scope.indicators.map((indicator) => ({ indicator, region, year: 2024, status: 'submitted' as const })))
    expect(requestProgress(scope, all, '2025-04-01')).toMatchObject({ late: false, totals: { reached: { submitted: 6 } } })
  })

  it('counts nothing for an empty request', () => {
    expect(requestProgress({ ...scope, regions: [] }, cells, '2026-01-01')).toMatchObject({ rows: [], late: false, totals: { expected: 0 } })
  })
})
