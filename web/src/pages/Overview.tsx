import { useMemo, useState } from 'react'

import { fmt, indicatorsReply, regionsReply, statusReply, type StatusReply, type TargetRow, useApi } from '../api'
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

type GapRegion = NonNullable<TargetRow['gap']>['needs']['regions'][number]

/** Region names in the current language, the first few and "and N more". */
function useRegionList(): (list: ReadonlyArray<GapRegion>, max?: number) => string {
  const { t, pick } = useI18n()
  return (list, max = 5) => {
    const names = list.map((r) => pick(r.regionName, r.regionNameEn))
    const shown = names.slice(0, max).join(t('listSep'))
    return names.length > max ? t('listMore', shown, names.length - max) : shown
  }
}

/** Why a card has no status, what would give it one, and what is known meanwhile. */
function GapNote({ gap, unitLabel }: { gap: NonNullable<TargetRow['gap']>; unitLabel: string }) {
  const { t } = useI18n()
  const regions = useRegionList()
  const why = (() => {
    switch (gap.code) {
      case 'no_data_since_baseline':
        return t('gap_no_data_since_baseline', gap.since ?? '')
      case 'members_missing':
        return t('gap_members_missing', gap.members?.noData.length ?? 0, gap.members?.year ?? '')
      default:
        return t(`gap_${gap.code}`)
    }
  })()
  const n = gap.needs
  const needs = (() => {
    switch (n.kind) {
      case 'figure_after':
        return t('needs_figure_after', regions(n.regions), n.year ?? '')
      case 'baseline_and_later':
        return t('needs_baseline_and_later', regions(n.regions), n.year ?? '')
      case 'member_figures':
        return t('needs_member_figures', regions(n.regions), n.year ?? '')
      case 'baseline':
        return n.regions.length > 0 ? t('needs_baseline', regions(n.regions), n.year ?? '') : t('needs_baseline_plan', n.year ?? '')
      case 'assessment':
        return t('needs_assessment')
      case 'wait':
        return t('needs_wait', n.year ?? '')
    }
  })()
  const m = gap.members
  return (
    <div className="gap" data-testid="card-gap" data-gap={gap.code}>
      <p>
        <strong>{t('gapWhy')}</strong>
        {t('colon')}
        {why}
      </p>
      <p>
        <strong>{t('gapNeeds')}</strong>
        {t('colon')}
        {needs}
      </p>
      {(m || gap.latestValue !== null) && (
        <div className="small">
          <strong>{t('gapKnown')}</strong>
          {t('colon')}
          {m
            ? m.year === null
              ? t('gapMembersNone', m.total)
              : t('gapMembers', m.year, m.meeting.length, m.notMeeting.length, m.noData.length)
            : t('gapLatest', `${fmt(gap.latestValue)}${unitLabel}`, gap.latestYear ?? '')}
          {m && m.year !== null && (
            <ul className="gap-members">
              {m.meeting.length > 0 && <li>{t('gapMeeting', regions(m.meeting, 13))}</li>}
              {m.notMeeting.length > 0 && <li>{t('gapNotMeeting', regions(m.notMeeting, 13))}</li>}
              {m.noData.length > 0 && <li>{t('gapNoData', regions(m.noData))}</li>}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}

/** How many targets have each status; a click filters the cards. */
function StatusSummary({ d, onPick }: { d: StatusReply; onPick: (status: string) => void }) {
  const { t } = useI18n()
  return (
    <section className="status-summary" aria-labelledby="h-summary" data-testid="status-summary">
      <h3 id="h-summary">
        {t('summaryTitle')} <span className="muted small">{t('summaryTotal', d.targets.length)}</span>
      </h3>
      <ul>
        {STATUSES.map((s) => (
          <li key={s}>
            <button type="button" className="linklike" onClick={() => onPick(s)} data-status={s}>
              <StatusBadge status={s} /> <span className="count">{d.summary[s]}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

function AtRisk({ d }: { d: StatusReply }) {
  const { t, pick } = useI18n()
  return (
    <section className="at-risk" aria-labelledby="h-atrisk" data-testid="at-risk">
      <h3 id="h-atrisk">{t('atRiskTitle')}</h3>
      {d.atRisk.length === 0 ? (
        <p className="muted">{t('atRiskNone')}</p>
      ) : (
        <ol>
          {d.atRisk.map((a) => (
            <li key={a.target}>
              <StatusBadge status={a.status} />{' '}
              {(() => {
                const indicator = d.targets.find((r) => r.target === a.target)?.indicator
                return indicator ? <a href={`#/indicator/${encodeURIComponent(indicator)}`}>{pick(a.name, a.nameEn)}</a> : pick(a.name, a.nameEn)
              })()}
              {a.shortfall !== null && a.shortfall > 0 && <span className="muted small"> · {t('shortfall', Math.round(a.shortfall * 1000) / 10)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
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
      {row.gap && (
        <GapNote gap={row.gap} unitLabel={row.unit === '%' ? '%' : row.unit && row.kind !== 'count' && row.kind !== 'share' && row.kind !== 'each' ? ` ${unit(row.unit)}` : ''} />
      )}
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
              <p className="muted" data-testid="as-of">
                {d.dataYear === null ? t('asOf', d.asOf) : t('asOfFigures', d.dataYear, d.dataCoverage.covered, d.dataCoverage.withData, d.asOf)}
                {d.dataYear !== null && d.published && ` · ${t('publicViewNote')}`}
              </p>
              <div className="summary-row">
                <StatusSummary d={d} onPick={setStatus} />
                <AtRisk d={d} />
              </div>
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
