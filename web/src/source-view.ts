/**
 * How the dashboard shows a figure's source: the preferred figure of a cell with the other candidates beside it,
 * a source's display name, the map's default year, a chart line cut into one-source runs and the census break.
 * Pure functions (no React), so tests can check them on hand-made data.
 * @module
 */
// The contract directly (not ./api): tests import this module under the server's module resolution too.
import type { SourceEntry, SourceGradeId } from '../../src/contract/index.js'

type Lang = 'zh' | 'en'

/** Best first, as the server ranks them. */
export const GRADE_ORDER: ReadonlyArray<SourceGradeId> = ['yearbook', 'bulletin', 'government', 'news', 'secondary', 'unrated']

/** The year of the 7th national population census, after which the bureaus revised earlier population series. */
export const CENSUS_YEAR = 2020

export interface Candidate {
  readonly year: number
  readonly value: number
  readonly source: string
  readonly preferred: boolean
  readonly sourceGrade: SourceGradeId
  readonly sourceVintage: string | null
}

/** One cell: the figure the preferred-source rule shows, and every other source's figure, best grade first. */
export interface Cell<O extends Candidate> {
  readonly shown: O
  readonly others: ReadonlyArray<O>
}

const gradeRank = (g: SourceGradeId): number => GRADE_ORDER.indexOf(g)

/**
 * Groups figures into cells by `key`. The shown figure is the one the server marks preferred; a cell with none
 * marked (which the server does not send) shows its best grade, so a secondary figure never wins by arrival order.
 */
export function cellsOf<O extends Candidate>(figures: Iterable<O>, key: (o: O) => string): Map<string, Cell<O>> {
  const groups = new Map<string, O[]>()
  for (const o of figures) {
    const k = key(o)
    const list = groups.get(k)
    if (list) list.push(o)
    else groups.set(k, [o])
  }
  const out = new Map<string, Cell<O>>()
  for (const [k, list] of groups) {
    const sorted = [...list].sort((a, b) => Number(b.preferred) - Number(a.preferred) || gradeRank(a.sourceGrade) - gradeRank(b.sourceGrade))
    const [shown, ...others] = sorted
    if (shown) out.set(k, { shown, others })
  }
  return out
}

/**
 * The year the map opens on: the latest of the years with the most regions reported (not simply the latest year,
 * which often has only a few early releases), with how many regions that is; null without data.
 */
export function defaultMapYear(cells: Iterable<{ readonly year: number; readonly region: string }>): { year: number; count: number } | null {
  const regions = new Map<number, Set<string>>()
  for (const c of cells) {
    const s = regions.get(c.year)
    if (s) s.add(c.region)
    else regions.set(c.year, new Set([c.region]))
  }
  let best: { year: number; count: number } | null = null
  for (const [year, s] of regions) {
    if (!best || s.size > best.count || (s.size === best.count && year > best.year)) best = { year, count: s.size }
  }
  return best
}

/** The host of a source address, or null for text that is not a URL. */
export function hostOf(source: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/:?#]+)/i.exec(source.trim())
  return m?.[1]?.toLowerCase() ?? null
}

export const isLink = (source: string): boolean => /^https?:\/\//i.test(source.trim())

/**
 * What a source is called on screen: its title in the reader's language (else the other language's), else its
 * publisher, else the site's host, else the source text itself.
 */
export function sourceName(entry: SourceEntry | undefined, source: string, lang: Lang): string {
  const pick = (zh: string | null | undefined, en: string | null | undefined) => (lang === 'en' ? (en ?? zh) : (zh ?? en)) ?? null
  return pick(entry?.title, entry?.titleEn) ?? pick(entry?.publisher, entry?.publisherEn) ?? hostOf(source) ?? source
}

/** A run of consecutive points of one line that may be joined: one grade of source, one side of the census basis. */
export interface Run<P> {
  readonly grade: SourceGradeId
  readonly points: ReadonlyArray<P>
}

interface RunPoint {
  readonly year: number
  readonly source: string
  readonly sourceGrade: SourceGradeId
  readonly sourceVintage: string | null
}

type Basis = { readonly source: string; readonly sourceVintage: string | null }
/** Two figures on either side of the census year from different sources or vintages: not one basis. */
const changesBasis = (before: Basis, after: Basis): boolean => before.source !== after.source || before.sourceVintage !== after.sourceVintage

/**
 * Cuts a line (points in any order) into runs the chart may join. A new run starts where the grade of the source
 * changes (an official figure is not joined to a reprint), and where the line crosses the census year with a change
 * of source or vintage (a pre-census figure is not joined to a revised one). Annual bulletins of one grade join:
 * each year's figure is that year's official release.
 */
export function comparableRuns<P extends RunPoint>(points: Iterable<P>, census = CENSUS_YEAR): Run<P>[] {
  const sorted = [...points].sort((a, b) => a.year - b.year)
  const runs: Array<{ grade: SourceGradeId; points: P[] }> = []
  for (const p of sorted) {
    const last = runs[runs.length - 1]
    const prev = last?.points[last.points.length - 1]
    const censusBreak = prev !== undefined && prev.year < census && p.year >= census && changesBasis(prev, p)
    if (last && last.grade === p.sourceGrade && !censusBreak) last.points.push(p)
    else runs.push({ grade: p.sourceGrade, points: [p] })
  }
  return runs
}

/**
 * Whether a line crosses the census with a change of source or vintage: its last point before the census year and
 * its first at or after it come from different sources (or the same source in different vintages).
 */
export function crossesCensusWithBreak(points: Iterable<{ readonly year: number; readonly source: string; readonly sourceVintage: string | null }>, census = CENSUS_YEAR): boolean {
  const sorted = [...points].sort((a, b) => a.year - b.year)
  const at = sorted.findIndex((p) => p.year >= census)
  const before = at > 0 ? sorted[at - 1] : undefined
  const after = at >= 0 ? sorted[at] : undefined
  if (!before || !after) return false
  return changesBasis(before, after)
}
