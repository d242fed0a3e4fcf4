/**
 * What the overview says above the target cards: how many targets stand where, which are at risk, and the year
 * of the figures shown.
 * @module
 */
import type { Plan } from '../plan/plan-schema.js'
import type { MonitoringData } from './monitoring-data.js'
import type { Status } from './straight-path.js'
import type { TargetStatus } from './target-status.js'
import { watched } from './warnings.js'

export type StatusCounts = Readonly<Record<Status, number>>

/** How many targets have each status (every status present, zeros included). */
export function statusCounts(rows: ReadonlyArray<Pick<TargetStatus, 'status'>>): StatusCounts {
  const counts: Record<Status, number> = { achieved: 0, on_track: 0, at_risk: 0, off_track: 0, regressing: 0, no_data: 0 }
  for (const r of rows) counts[r.status]++
  return counts
}

export interface AtRiskTarget {
  readonly target: string
  readonly name: string
  readonly nameEn: string
  readonly status: 'at_risk' | 'off_track' | 'regressing'
  /** The share of the straight path expected but not covered (expected − progress); null without progress. */
  readonly shortfall: number | null
}

const RISK_RANK = { regressing: 0, off_track: 1, at_risk: 2 } as const
const isRisk = (s: Status): s is AtRiskTarget['status'] => s === 'at_risk' || s === 'off_track' || s === 'regressing'

/** The targets at risk, off track or regressing, worst first: regressing, off track, at risk, then by shortfall. */
export function atRiskTargets(rows: ReadonlyArray<TargetStatus>): AtRiskTarget[] {
  const out: AtRiskTarget[] = []
  for (const r of rows) {
    if (!isRisk(r.status)) continue
    const shortfall = r.progress !== null && r.expectedProgress !== null ? r.expectedProgress - r.progress : null
    out.push({ target: r.target, name: r.name, nameEn: r.nameEn, status: r.status, shortfall })
  }
  return out.sort((a, b) => RISK_RANK[a.status] - RISK_RANK[b.status] || (b.shortfall ?? -Infinity) - (a.shortfall ?? -Infinity))
}

export interface FiguresYear {
  /** The year of the figures shown; null when no watched cell has a figure. */
  readonly year: number | null
  /** Watched cells with a figure in that year, and watched cells with any figure up to asOf. */
  readonly covered: number
  readonly withData: number
}

/**
 * The year of the figures the status rows show: among the cells the plan's targets watch (each indicator × region
 * a target reads, members of set targets included) that have any figure up to `asOf`, the latest year in which
 * more than half of them have a figure. If no year reaches half, the year in which the most of them have one (the
 * latest of equals). One city publishing early does not move it; the evaluation year (`asOf`) is unchanged.
 */
export function figuresYear(plan: Plan, data: MonitoringData, asOf: number): FiguresYear {
  const coverage = new Map<number, number>()
  let withData = 0
  for (const { indicator, region } of watched(plan, data)) {
    const series = data.series(indicator, region, asOf)
    if (series.length === 0) continue
    withData++
    for (const p of series) coverage.set(p.year, (coverage.get(p.year) ?? 0) + 1)
  }
  let majority: number | null = null
  let most: { year: number; count: number } | null = null
  for (const [year, count] of coverage) {
    if (2 * count > withData && (majority === null || year > majority)) majority = year
    if (most === null || count > most.count || (count === most.count && year > most.year)) most = { year, count }
  }
  const year = majority ?? most?.year ?? null
  return { year, covered: year === null ? 0 : (coverage.get(year) ?? 0), withData }
}
