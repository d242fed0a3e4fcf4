import { useMemo, useState } from 'react'

import { fmt, indicatorsReply, regionsReply, statusReply, type TargetRow, useApi } from '../api'
import { sectionNumber, useI18n, type Lang } from '../i18n'
import { compareSections } from '../plan-text'
import { Async } from '../ui'

const STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing', 'no_data'] as const
const chapterOf = (section: string): string => section.split('(')[0] ?? section
/** The server writes "every region" goals as 全部(all); show the word of the current language. */
const goalText = (goal: string, all: string): string => goal.replace('全部(all)', all)
const sectionText = (section: string, lang: Lang): string => (lang === 'en' && section ? `§${sectionNumber(lang, section)}` : section)

export function StatusBadge({ status }: { status: string }) {
  const { code } = useI18n()
  const icon: Record<string, string> = { achieved: '✓', on_track: '↗', at_risk: '!', off_track: '‼', regressing: '↘', no_data: '?' }
  return (
    <span className={`badge badge-${status}`}>
      <span aria-hidden="true">{icon[status] ?? ''} </span>
      {code('st_', status)}
    </span>
  )
}

function Progress({ row }: { row: TargetRow }) {
  const { t } = useI18n()
  if (row.progress === null) return null
  const p = Math.max(0, Math.min(1, row.progress))
  const e = row.expectedProgress === null ? null : Math.max(0, Math.min(1, row.expectedProgress))
  return (
    <div className="progress">
      <div className="bar" role="img" aria-label={`${t('progress')} ${Math.round(row.progress * 100)}%`}>
        <div className="fill" style={{ width: `${p * 100}%` }} />
        {e !== null && <div className="mark" style={{ left: `${e * 100}%` }} />}
      </div>
      <div className="small">
        {t('progress')} {Math.round(row.progress * 100)}%{e !== null && row.expectedProgress !== null && ` · ${t('expected')} ${Math.round(row.expectedProgress * 100)}%`}
      </div>
    </div>
  )
}

function TargetCard({ row, names, regionNames }: { row: TargetRow; names: Map<string, string>; regionNames: Map<string, string> }) {
  const { t, pick, lang, unit } = useI18n()
  const indicatorName = lang === 'en' ? (names.get(row.indicator ?? '') ?? row.indicatorName) : row.indicatorName
  // A target over a set of regions names it "320000/prefecture" (or "320000/county(县市)"): say it in words.
  const regionLabel = (r: TargetRow): string => {
    if (!r.region) return ''
    const [code = '', level] = r.region.split('/')
    const name = lang === 'zh' ? ((code === r.region ? r.regionName : null) ?? regionNames.get(`zh:${code}`) ?? code) : (regionNames.get(code) ?? code)
    if (!level) return name
    return t(level.startsWith('county') ? 'setCounties' : 'setCities', name)
  }
  return (
    <article className="card" data-testid="target-card" aria-labelledby={`t-${row.target}`}>
      <header className="card-head">
        <h3 id={`t-${row.target}`}>{pick(row.name, row.nameEn)}</h3>
        <StatusBadge status={row.status} />
      </header>
      <div className="muted small">
        {[sectionText(row.section, lang), regionLabel(row)].filter(Boolean).join(' · ')}
        {indicatorName && (
          <>
            {' · '}
            <a href={`#/indicator/${encodeURIComponent(row.indicator ?? '')}`} data-testid="card-indicator">
              {indicatorName}
            </a>
            {row.unit ? ` (${unit(row.unit)})` : ''}
          </>
        )}
      </div>
      <dl className="facts">
        <div>
          <dt>{t('baseline')}</dt>
          <dd>
            {fmt(row.baselineValue)}
            {row.baselineYear ? ` (${row.baselineYear})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('latest')}</dt>
          <dd>
            {fmt(row.latestValue)}
            {row.latestYear ? ` (${row.latestYear})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('target')}</dt>
          <dd>
            {goalText(row.goal, t('goalAll'))} ({row.targetYear})
          </dd>
        </div>
        <div>
          <dt>
            {t('forecast')} {row.targetYear}
          </dt>
          <dd>{row.forecastLow === null ? '—' : `[${fmt(row.forecastLow)}, ${fmt(row.forecastHigh)}]`}</dd>
        </div>
        <div>
          <dt>{t('probability')}</dt>
          <dd>{row.probability === null ? '—' : `${Math.round(row.probability * 100)}%`}</dd>
        </div>
      </dl>
      <Progress row={row} />
    </article>
  )
}

export function Overview() {
  const { t, code } = useI18n()
  const state = useApi('/api/status', statusReply)
  const indicators = useApi('/api/indicators', indicatorsReply)
  const { lang } = useI18n()
  const names = useMemo(() => new Map((indicators.data ?? []).map((i) => [i.id, i.nameEn])), [indicators.data])
  const regions = useApi('/api/regions?level=province', regionsReply)
  const regionNames = useMemo(
    () =>
      new Map(
        (regions.data ?? []).flatMap((r) => [
          [r.code, r.nameEn],
          [`zh:${r.code}`, r.name],
        ]),
      ),
    [regions.data],
  )
  const [chapter, setChapter] = useState('')
  const [status, setStatus] = useState('')
  const chapters = useMemo(() => [...new Set((state.data?.targets ?? []).map((r) => chapterOf(r.section)))].sort(compareSections), [state.data])
  return (
    <section aria-labelledby="h-overview">
      <h2 id="h-overview">{t('navOverview')}</h2>
      <Async state={state} isEmpty={(d) => d.targets.length === 0}>
        {(d) => {
          const headline = ['urbanization_rate', 'income_ratio']
            .map((ind) => d.targets.find((r) => r.indicator === ind && r.region === '320000'))
            .filter((r): r is TargetRow => r !== undefined)
          const rows = d.targets.filter((r) => (!chapter || chapterOf(r.section) === chapter) && (!status || r.status === status))
          return (
            <>
              <p className="muted">{t('asOf', d.asOf)}</p>
              {headline.length > 0 && (
                <div className="headline" aria-label={t('headline')}>
                  {headline.map((r) => (
                    <div className="kpi" key={r.target}>
                      <div className="kpi-label">{lang === 'en' ? (names.get(r.indicator ?? '') ?? r.indicatorName) : r.indicatorName}</div>
                      <div className="kpi-value">
                        {fmt(r.latestValue)}
                        <span className="kpi-unit">{r.unit === '%' ? '%' : ''}</span>
                      </div>
                      <div className="small">
                        {r.latestYear} · {t('target')} {goalText(r.goal, t('goalAll'))} ({r.targetYear}) · <StatusBadge status={r.status} />
                      </div>
                    </div>
                  ))}
                </div>
              )}
              <div className="filters">
                <label>
                  {t('filterChapter')}
                  <select value={chapter} onChange={(e) => setChapter(e.target.value)}>
                    <option value="">{t('all')}</option>
                    {chapters.map((c) => (
                      <option key={c} value={c}>
                        {t('chapter', sectionNumber(lang, c))}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('filterStatus')}
                  <select value={status} onChange={(e) => setStatus(e.target.value)}>
                    <option value="">{t('all')}</option>
                    {STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {code('st_', s)}
                      </option>
                    ))}
                  </select>
                </label>
                <span className="muted small" aria-live="polite">
                  {rows.length} / {d.targets.length}
                </span>
              </div>
              {rows.length === 0 ? (
                <div className="state state-empty">{t('noTargetsMatch')}</div>
              ) : (
                <div className="cards">
                  {rows.map((r) => (
                    <TargetCard key={r.target} row={r} names={names} regionNames={regionNames} />
                  ))}
                </div>
              )}
            </>
          )
        }}
      </Async>
    </section>
  )
}
