/**
 * Warnings people can read: each with the page it is about, filtered by kind, region and indicator, and grouped so
 * that 100 overdue tasks of one department are one line, not 100.
 * @module
 */
import type { RegionCatalog } from '../regions/region-catalog.js'
import { compareWarnings, type MonitoringWarning, type WarningKind, type WarningSeverity } from './warnings.js'

/** What a warning is about, for a link: a task, a target, a region (a code of the catalog) and an indicator. */
export interface WarningLink {
  readonly task: string | null
  readonly target: string | null
  readonly region: string | null
  readonly indicator: string | null
}

/** What a task warning's task names, when the caller knows it (the task follow-up does). */
export interface TaskRefs {
  readonly indicators: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
}

const isTask = (kind: WarningKind): boolean => kind === 'task_overdue' || kind === 'task_stalled'

/** The link of a warning; a target over a set of regions has no one region to link to. */
export function warningLink(w: MonitoringWarning, regions: RegionCatalog, task?: TaskRefs): WarningLink {
  const code = (c: string | null | undefined) => (c && regions.get(c) ? c : null)
  if (isTask(w.kind)) return { task: w.target, target: null, region: code(task?.regions[0]), indicator: task?.indicators[0] ?? null }
  return { task: null, target: w.kind === 'target_behind' ? w.target : null, region: code(w.region), indicator: w.indicator }
}

export interface WarningFilter {
  readonly kind?: WarningKind
  /** A region code: warnings on it, findings listing it, tasks naming it. */
  readonly region?: string
  readonly indicator?: string
}

/** Whether a warning (with its link) passes the filter. */
export function matchesFilter(w: MonitoringWarning & { readonly link: WarningLink }, f: WarningFilter): boolean {
  if (f.kind && w.kind !== f.kind) return false
  if (f.indicator && w.indicator !== f.indicator && w.link.indicator !== f.indicator) return false
  if (f.region) {
    const listed = typeof w.params.regions === 'string' && w.params.regions.split(',').includes(f.region)
    if (w.region !== f.region && w.link.region !== f.region && !listed) return false
  }
  return true
}

/**
 * A group's subject: the department leading the tasks (task warnings), the target (targets behind), or the
 * indicator (every data warning).
 */
export type GroupSubject =
  { readonly type: 'department'; readonly id: string } | { readonly type: 'target'; readonly id: string } | { readonly type: 'indicator'; readonly id: string }

export interface WarningGroup<W extends MonitoringWarning> {
  readonly kind: WarningKind
  readonly subject: GroupSubject
  /** The most serious member's severity, and the largest score. */
  readonly severity: WarningSeverity
  readonly score: number
  readonly count: number
  /** Members, most serious first. */
  readonly warnings: ReadonlyArray<W>
}

function subjectOf(w: MonitoringWarning): GroupSubject {
  if (isTask(w.kind)) return { type: 'department', id: String(w.params.lead ?? '') }
  if (w.kind === 'target_behind') return { type: 'target', id: w.target ?? '' }
  return { type: 'indicator', id: w.indicator ?? '' }
}

/** Groups by kind and subject, most serious group first (the order of the warnings themselves). */
export function groupWarnings<W extends MonitoringWarning>(list: ReadonlyArray<W>): Array<WarningGroup<W>> {
  const groups = new Map<string, { kind: WarningKind; subject: GroupSubject; members: W[] }>()
  for (const w of list) {
    const subject = subjectOf(w)
    const key = `${w.kind}\u0000${subject.type}\u0000${subject.id}`
    const g = groups.get(key) ?? { kind: w.kind, subject, members: [] }
    g.members.push(w)
    groups.set(key, g)
  }
  return [...groups.values()]
    .map((g) => {
      const members = [...g.members].sort(compareWarnings)
      const first = members[0]
      // A group is made by its first member, so it has one.
      if (!first) throw new Error('empty warning group')
      return { kind: g.kind, subject: g.subject, severity: first.severity, score: first.score, count: members.length, warnings: members }
    })
    .sort(compareWarnings)
}
