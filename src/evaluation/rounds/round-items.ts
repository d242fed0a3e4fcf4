/**
 * Which of the plan's targets and tasks are items of a round for one region (issue 16). A target applies to a
 * region when it is the region's own or its province's (level and direction targets: the target's region is the
 * region or contains it), when the region or one of its parts is in the set a count, share or each target counts
 * over, and always for a qualitative target. A task applies when one of its regions (a grouping standing for its
 * members) is the region or contains it — except the plan's `province`, which makes a task province-wide, no
 * city's — or when its lead or a co-operating party names the region. Pure: region relations come in as functions.
 * @module
 */
export interface TargetScope {
  readonly id: string
  readonly kind: 'level' | 'direction' | 'count' | 'share' | 'each' | 'qualitative'
  /** Level and direction targets. */
  readonly region?: string | undefined
  /** Count, share and each targets: the regions of the set (as the status engine resolved them). */
  readonly setRegions?: ReadonlyArray<string> | undefined
}

export interface TaskScope {
  readonly id: string
  readonly lead: string
  readonly cooperating: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
}

export interface RegionRelations {
  /** `code` is `ancestor` or lies within it. */
  isWithin(code: string, ancestor: string): boolean
  /** The members of a grouping, or [code] for a region (an unknown code: []). */
  expand(code: string): ReadonlyArray<string>
  /** Names a party may use for the region (its code and name). */
  names(code: string): ReadonlyArray<string>
}

export function targetApplies(t: TargetScope, region: string, rel: RegionRelations): boolean {
  if (t.kind === 'qualitative') return true
  if (t.kind === 'level' || t.kind === 'direction') return t.region !== undefined && rel.isWithin(region, t.region)
  return (t.setRegions ?? []).some((r) => r === region || rel.isWithin(r, region) || rel.isWithin(region, r))
}

export function taskApplies(t: TaskScope, region: string, rel: RegionRelations): boolean {
  if (t.regions.some((code) => rel.expand(code).some((m) => rel.isWithin(region, m)))) return true
  const names = rel.names(region)
  return [t.lead, ...t.cooperating].some((party) => names.includes(party))
}

/** Keeps the round's own list when it names one (null: all that apply). */
export function covered<T extends { readonly id: string }>(all: ReadonlyArray<T>, list: ReadonlyArray<string> | null): T[] {
  return list === null ? [...all] : all.filter((x) => list.includes(x.id))
}
