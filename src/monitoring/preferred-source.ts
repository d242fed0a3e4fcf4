/**
 * The preferred-source rule: which of a cell's sources (indicator × region × period) a series shows.
 *
 * 1. a reviewer's choice for the series (indicator × region → source), when the cell has that source;
 * 2. the first of the indicator's `preferredSources` patterns that matches (substring);
 * 3. the better source grade (yearbook … secondary, unrated last);
 * 4. the newer vintage (a source without one last);
 * 5. the higher confidence of the figure (none last);
 * 6. the value written most recently, then the larger id.
 * @module
 */
import { confidenceRank, gradeRank, hostMatches, sourceHost, type Confidence, type GradeBasis, type SourceGrade } from '../core/source-grade.js'
import type { Indicator } from '../plan/plan-schema.js'

export interface Candidate {
  readonly id: number
  readonly source: string
  readonly updatedAt: string
  readonly confidence?: Confidence | null
}

/** A source's grade and vintage as the rule reads them, and where the grade came from. */
export interface SourceQuality {
  readonly grade: SourceGrade
  readonly vintage: string | null
  readonly basis: GradeBasis
}

/** What the rule knows beyond the candidates: each source's quality and the reviewers' per-series choices. */
export interface SourceRanking {
  quality(source: string): SourceQuality
  /** The source a reviewer chose for the series, if any. */
  choiceOf(indicator: string, region: string): string | undefined
}

export interface GradedSource {
  readonly source: string
  readonly grade: SourceGrade
  readonly vintage: string | null
  readonly basis: Exclude<GradeBasis, 'host' | 'none'>
}

export interface HostRule {
  readonly host: string
  readonly grade: SourceGrade
}

export interface SeriesChoice {
  readonly indicator: string
  readonly region: string
  readonly source: string
}

const UNRATED: SourceQuality = { grade: 'unrated', vintage: null, basis: 'none' }

/** No grades and no choices: every source unrated, so the rule falls back to patterns, then the latest write. */
export const NO_RANKING: SourceRanking = { quality: () => UNRATED, choiceOf: () => undefined }

/**
 * The ranking from the stored grades, the host rules (a source not graded takes the grade of the longest host rule
 * its address matches) and the reviewers' choices.
 */
export function buildSourceRanking(input: {
  readonly sources: ReadonlyArray<GradedSource>
  readonly hosts: ReadonlyArray<HostRule>
  readonly choices: ReadonlyArray<SeriesChoice>
}): SourceRanking {
  const graded = new Map<string, SourceQuality>(input.sources.map((s) => [s.source, { grade: s.grade, vintage: s.vintage, basis: s.basis }]))
  const hosts = [...input.hosts].sort((a, b) => b.host.length - a.host.length)
  const choices = new Map(input.choices.map((c) => [`${c.indicator}\u0000${c.region}`, c.source]))
  const memo = new Map<string, SourceQuality>()
  return {
    quality(source) {
      const known = graded.get(source) ?? memo.get(source)
      if (known) return known
      const host = sourceHost(source)
      const rule = host === undefined ? undefined : hosts.find((h) => hostMatches(host, h.host))
      const q: SourceQuality = rule ? { grade: rule.grade, vintage: null, basis: 'host' } : UNRATED
      memo.set(source, q)
      return q
    },
    choiceOf: (indicator, region) => choices.get(`${indicator}\u0000${region}`),
  }
}

/**
 * Steps 3–6: negative when `a` is preferred to `b`. Vintages compare as text (`2019` < `2019-05-01` < `2020`).
 */
export function compareCandidates(a: Candidate, b: Candidate, ranking: SourceRanking): number {
  const qa = ranking.quality(a.source)
  const qb = ranking.quality(b.source)
  const grade = gradeRank(qa.grade) - gradeRank(qb.grade)
  if (grade !== 0) return grade
  if (qa.vintage !== qb.vintage) {
    if (qa.vintage === null) return 1
    if (qb.vintage === null) return -1
    return qa.vintage > qb.vintage ? -1 : 1
  }
  const conf = confidenceRank(a.confidence) - confidenceRank(b.confidence)
  if (conf !== 0) return conf
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? -1 : 1
  return b.id - a.id
}

/** The candidate the series shows (see the module comment for the order). */
export function pickPreferred<T extends Candidate>(
  candidates: ReadonlyArray<T>,
  indicator: Pick<Indicator, 'id' | 'preferredSources'> | undefined,
  region?: string,
  ranking: SourceRanking = NO_RANKING,
): T | undefined {
  if (indicator && region !== undefined) {
    const chosen = ranking.choiceOf(indicator.id, region)
    const hit = chosen === undefined ? undefined : candidates.find((c) => c.source === chosen)
    if (hit) return hit
  }
  for (const pattern of indicator?.preferredSources ?? []) {
    const hit = candidates.find((c) => c.source.includes(pattern))
    if (hit) return hit
  }
  let best: T | undefined
  for (const c of candidates) if (!best || compareCandidates(c, best, ranking) < 0) best = c
  return best
}
