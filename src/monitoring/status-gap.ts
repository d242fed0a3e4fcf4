/**
 * Why a target has no status, what would give it one, and what is known meanwhile: the `gap` of a status row
 * whose status is `no_data`.
 * @module
 */
import type { Plan, Target } from '../plan/plan-schema.js'
import { expandRegionSet } from '../regions/load-regions.js'
import type { MonitoringData } from './monitoring-data.js'
import type { GapMembers, GapRegion, RegionOutcome, StatusGap, TargetStatus } from './target-status.js'

/** The gap of a row without a status; undefined when the row has a status. */
export function statusGap(plan: Plan, t: Target, row: TargetStatus, data: MonitoringData, asOf: number): StatusGap | undefined {
  if (row.status !== 'no_data') return undefined
  const ref = (code: string): GapRegion => {
    const r = data.regions.get(code)
    return { region: code, regionName: r?.name ?? code, regionNameEn: r?.nameEn ?? code }
  }
  const known = { latestYear: row.latestYear, latestValue: row.latestValue }
  if (t.kind === 'qualitative') return { code: 'qualitative', since: null, needs: { kind: 'assessment', year: null, regions: [] }, ...known, members: null }
  const baselineYear = t.baseline?.year ?? plan.period.baselineYear
  const due = asOf - plan.reportingLag
  // The first figure after the baseline falls due a reporting lag after its year.
  const notYetDue = (since: number | null): StatusGap | undefined =>
    baselineYear + 1 > due ? { code: 'not_yet_due', since, needs: { kind: 'wait', year: baselineYear + 1 + plan.reportingLag, regions: [] }, ...known, members: null } : undefined
  if (t.kind === 'level' || t.kind === 'direction') {
    const where = [ref(t.region)]
    if (row.latestYear === null) {
      return (
        notYetDue(null) ?? {
          code: 'no_data',
          since: null,
          needs: t.baseline ? { kind: 'figure_after', year: baselineYear, regions: where } : { kind: 'baseline_and_later', year: baselineYear, regions: where },
          ...known,
          members: null,
        }
      )
    }
    return (
      notYetDue(row.latestYear) ?? {
        code: 'no_data_since_baseline',
        since: row.latestYear,
        needs: { kind: 'figure_after', year: Math.max(baselineYear, row.latestYear), regions: where },
        ...known,
        members: null,
      }
    )
  }
  const all = expandRegionSet(data.regions, t.over)
  const outcomes: ReadonlyArray<RegionOutcome> = row.regions ?? all.map((m) => ({ region: m.code, regionName: m.name, year: null, value: null, meets: null }))
  const members: GapMembers = {
    year: row.latestYear,
    total: outcomes.length,
    meeting: outcomes.filter((o) => o.meets === true).map((o) => ref(o.region)),
    notMeeting: outcomes.filter((o) => o.meets === false).map((o) => ref(o.region)),
    noData: outcomes.filter((o) => o.meets === null).map((o) => ref(o.region)),
  }
  if (row.latestYear === null) {
    return notYetDue(null) ?? { code: 'no_data', since: null, needs: { kind: 'member_figures', year: due, regions: members.noData }, ...known, members }
  }
  if (members.noData.length > 0) {
    return { code: 'members_missing', since: row.latestYear, needs: { kind: 'member_figures', year: row.latestYear, regions: members.noData }, ...known, members }
  }
  // Every member is known and the goal is not met: progress needs a count at the baseline year to start from.
  const withoutBaseline = all.filter((m) => data.resolve(t.indicator, m.code, baselineYear) === undefined).map((m) => ref(m.code))
  return { code: 'no_baseline', since: row.latestYear, needs: { kind: 'baseline', year: baselineYear, regions: withoutBaseline }, ...known, members }
}
