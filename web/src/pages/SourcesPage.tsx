/** Every source with its grade, vintage, confidence, site and how many figures it supplies (public). */
import { useEffect, useMemo, useState } from 'react'

import { type SourceEntry, type SourceGradeId, sourcesReply, useApi } from '../api'
import { GradeBadge, SourceLink } from '../components/SourceBadge'
import { useI18n } from '../i18n'
import { routeParam } from '../route'
import { GRADE_ORDER } from '../source-view'
import { Async } from '../ui'

const CONFIDENCE_KEYS = ['high', 'medium', 'low', 'none'] as const

function Confidence({ c }: { c: SourceEntry['confidence'] }) {
  const { t, code } = useI18n()
  const parts = CONFIDENCE_KEYS.filter((k) => c[k] > 0).map((k) => `${code('conf_', k)} ${c[k]}`)
  return <>{parts.length ? parts.join(t('listSep')) : '—'}</>
}

export function SourcesPage() {
  const { t, code } = useI18n()
  const state = useApi('/api/sources', sourcesReply)
  const selected = routeParam('/sources')
  const [grade, setGrade] = useState<SourceGradeId | ''>('')
  const index = useMemo(() => new Map((state.data ?? []).map((e) => [e.source, e])), [state.data])
  const rows = useMemo(() => (state.data ?? []).filter((e) => grade === '' || e.grade === grade), [state.data, grade])
  const summary = useMemo(
    () =>
      GRADE_ORDER.map((g) => {
        const list = (state.data ?? []).filter((e) => e.grade === g)
        return { grade: g, sources: list.length, figures: list.reduce((n, e) => n + e.figures, 0) }
      }).filter((s) => s.sources > 0),
    [state.data],
  )
  // A badge links here with its source: bring that row into view once the list is drawn.
  useEffect(() => {
    if (selected && state.data) document.getElementById(`src-${encodeURIComponent(selected)}`)?.scrollIntoView({ block: 'center' })
  }, [selected, state.data])
  return (
    <section aria-labelledby="h-sources">
      <h2 id="h-sources">{t('sourcesTitle')}</h2>
      <p>{t('sourcesIntro')}</p>
      <Async state={state} isEmpty={(d) => d.length === 0}>
        {(d) => (
          <>
            <p data-testid="sources-count">
              <strong>
                {t(
                  'sourcesCount',
                  d.length,
                  d.reduce((n, e) => n + e.figures, 0),
                )}
              </strong>
            </p>
            <ul className="grade-summary" data-testid="grade-summary">
              {summary.map((s) => (
                <li key={s.grade}>
                  <GradeBadge grade={s.grade} /> {t('gradeSummary', code('grade_', s.grade), s.sources, s.figures)}
                </li>
              ))}
            </ul>
            <div className="filters">
              <label>
                {t('filterGrade')}
                <select value={grade} onChange={(e) => setGrade(e.target.value as SourceGradeId | '')} data-testid="grade-filter">
                  <option value="">{t('all')}</option>
                  {GRADE_ORDER.map((g) => (
                    <option key={g} value={g}>
                      {code('grade_', g)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {rows.length === 0 ? (
              <div className="state state-empty">{t('sourcesNoneMatch')}</div>
            ) : (
              <div className="table-wrap">
                <table data-testid="sources-table">
                  <caption className="sr-only">{t('sourcesTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('srcName')}</th>
                      <th scope="col">{t('srcGrade')}</th>
                      <th scope="col">{t('srcVintage')}</th>
                      <th scope="col">{t('srcConfidence')}</th>
                      <th scope="col">{t('srcHost')}</th>
                      <th scope="col" className="num">
                        {t('srcFigures')}
                      </th>
                      <th scope="col">{t('srcBasis')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((e) => (
                      <tr
                        key={e.source}
                        id={`src-${encodeURIComponent(e.source)}`}
                        className={e.source === selected ? 'highlight' : undefined}
                        aria-current={e.source === selected ? 'true' : undefined}
                      >
                        <th scope="row" className="small src">
                          <SourceLink source={e.source} index={index} />
                          {e.source === selected && <span className="sr-only"> ({t('sourceHighlighted')})</span>}
                        </th>
                        <td>
                          <span className={`grade grade-${e.grade}`} data-grade={e.grade}>
                            {code('grade_', e.grade)}
                          </span>
                        </td>
                        <td className="nowrap">{e.vintage ?? '—'}</td>
                        <td className="small">
                          <Confidence c={e.confidence} />
                        </td>
                        <td className="small">{e.host ?? '—'}</td>
                        <td className="num">{e.figures}</td>
                        <td className="small">{code('basis_', e.basis)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Async>
    </section>
  )
}
