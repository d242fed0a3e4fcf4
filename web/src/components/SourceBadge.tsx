/** A figure's source as every page shows it: its name (linked), its grade badge (linked to the sources page), its vintage, and the cell's other sources. */
import { useEffect, useMemo, useState } from 'react'

import { api, DATA_ENTRY_SOURCE, fmt, type SourceEntry, type SourceGradeId, sourcesReply } from '../api'
import { useI18n } from '../i18n'
import { type Candidate, isLink, sourceName } from '../source-view'

// One request per page load: every page that names sources shares it.
let shared: Promise<SourceEntry[]> | null = null

/** Every source's registry entry (name, publisher, grade basis) by source string; empty until it has loaded, or if it fails (names fall back to the site's host). */
export function useSourceIndex(): ReadonlyMap<string, SourceEntry> {
  const [list, setList] = useState<SourceEntry[] | null>(null)
  useEffect(() => {
    let live = true
    shared ??= api('/api/sources', sourcesReply)
    shared.then(
      (l) => live && setList(l),
      () => {
        shared = null
      },
    )
    return () => {
      live = false
    }
  }, [])
  return useMemo(() => new Map((list ?? []).map((e) => [e.source, e])), [list])
}

/** Hash link to a source on the sources page. */
export const sourcesHref = (source?: string): string => (source === undefined ? '#/sources' : `#/sources/${encodeURIComponent(source)}`)

/** The display name of a source (the data-entry source gets its own words). */
export function useSourceName(index: ReadonlyMap<string, SourceEntry>): (source: string) => string {
  const { t, lang } = useI18n()
  return (source: string) => (source === DATA_ENTRY_SOURCE ? t('dataEntrySource') : sourceName(index.get(source), source, lang))
}

export function GradeBadge({ grade, source }: { grade: SourceGradeId; source?: string }) {
  const { t, code } = useI18n()
  const label = code('grade_', grade)
  return (
    <a className={`grade grade-${grade}`} href={sourcesHref(source)} title={t('gradeTitle', label)} data-grade={grade}>
      {label}
    </a>
  )
}

/** A one-character grade mark for dense tables (the full grade is in its title and for screen readers). */
export function GradeMark({ grade }: { grade: SourceGradeId }) {
  const { code } = useI18n()
  return (
    <sup className={`grade-mark grade-${grade}`} title={code('grade_', grade)} data-grade={grade}>
      <span aria-hidden="true">{code('gradeShort_', grade)}</span>
      <span className="sr-only">{code('grade_', grade)}</span>
    </sup>
  )
}

export function SourceLink({ source, index }: { source: string; index: ReadonlyMap<string, SourceEntry> }) {
  const name = useSourceName(index)(source)
  return isLink(source) ? (
    <a href={source} rel="noreferrer noopener" target="_blank" title={source} className="src-name">
      {name}
    </a>
  ) : (
    <span className="src-name" title={source}>
      {name}
    </span>
  )
}

/** Name, grade badge and vintage of the source of one figure. */
export function SourceCite({ source, grade, vintage, index }: { source: string; grade: SourceGradeId; vintage: string | null; index: ReadonlyMap<string, SourceEntry> }) {
  const { t } = useI18n()
  return (
    <span className="cite" data-testid="source-cite">
      <SourceLink source={source} index={index} /> <GradeBadge grade={grade} source={source} />{' '}
      <span className="muted small nowrap">{vintage ? `${t('vintage')} ${vintage}` : t('noVintage')}</span>
    </span>
  )
}

/** The cell's other sources, closed by default: each figure with its source, grade and vintage. */
export function OtherSources({ others, unit, index }: { others: ReadonlyArray<Candidate>; unit: string; index: ReadonlyMap<string, SourceEntry> }) {
  const { t } = useI18n()
  if (others.length === 0) return null
  return (
    <details className="others" data-testid="other-sources">
      <summary>{t('otherSources', others.length)}</summary>
      <ul>
        {others.map((o) => (
          <li key={o.source}>
            <strong className="nowrap">
              {fmt(o.value)} {unit}
            </strong>{' '}
            <SourceCite source={o.source} grade={o.sourceGrade} vintage={o.sourceVintage} index={index} />
          </li>
        ))}
      </ul>
    </details>
  )
}
