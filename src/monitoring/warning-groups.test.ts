import { describe, expect, it } from 'vitest'

import { jiangsuRegions } from '../../test/helpers/domain.js'
import { groupWarnings, matchesFilter, warningLink } from './warning-groups.js'
import type { MonitoringWarning } from './warnings.js'

const task = (id: string, lead: string, days: number): MonitoringWarning => ({
  kind: 'task_overdue',
  severity: 'high',
  indicator: null,
  region: null,
  year: null,
  target: id,
  score: days,
  params: { task: id, title: id, lead, deadline: '2025-12-31', days },
})
const jump = (indicator: string, region: string, score: number): MonitoringWarning => ({
  kind: 'suspicious_jump',
  severity: 'medium',
  indicator,
  region,
  year: 2020,
  target: null,
  score,
  params: {},
})
const regions = jiangsuRegions()

describe('warning groups', () => {
  it('fold task warnings per lead department and data warnings per kind and indicator, worst first', () => {
    const groups = groupWarnings([
      task('1.1', '省发展改革委', 30),
      jump('gdp', '320100', 4),
      task('1.2', '省住房城乡建设厅', 90),
      task('1.3', '省发展改革委', 60),
      jump('gdp', '320200', 9),
      jump('resident_pop', '320100', 5),
    ])
    expect(groups.map((g) => [g.kind, g.subject.id, g.count, g.score])).toEqual([
      // High before medium; within a kind the larger score first.
      ['task_overdue', '省住房城乡建设厅', 1, 90],
      ['task_overdue', '省发展改革委', 2, 60],
      ['suspicious_jump', 'gdp', 2, 9],
      ['suspicious_jump', 'resident_pop', 1, 5],
    ])
    expect(groups[1]!.warnings.map((w) => w.target)).toEqual(['1.3', '1.1'])
  })

  it('link a task to its task and the first region and indicator it names; a set target to no region', () => {
    expect(warningLink(task('1.1', 'x', 1), regions, { indicators: ['gdp'], regions: ['320100', '320200'] })).toEqual({
      task: '1.1',
      target: null,
      region: '320100',
      indicator: 'gdp',
    })
    const behind: MonitoringWarning = { ...jump('gdp', '320000/prefecture', 1), kind: 'target_behind', target: 'trillion' }
    expect(warningLink(behind, regions)).toEqual({ task: null, target: 'trillion', region: null, indicator: 'gdp' })
  })

  it('filter by region: the warning’s region, its link, or a finding listing the region', () => {
    const listing: MonitoringWarning = { ...jump('gdp', '', 1), kind: 'missing_data', region: null, params: { regions: '320100,320300' } }
    const w = { ...listing, link: warningLink(listing, regions) }
    expect(matchesFilter(w, { region: '320300' })).toBe(true)
    expect(matchesFilter(w, { region: '320200' })).toBe(false)
    expect(matchesFilter(w, { region: '320300', kind: 'stale_data' })).toBe(false)
    expect(matchesFilter(w, { indicator: 'gdp' })).toBe(true)
    expect(matchesFilter(w, { indicator: 'resident_pop' })).toBe(false)
  })
})
