import { useMemo } from 'react'

import { evaluationReply, fmt, indicatorsReply, type Observation, observationsReply, type Region, regionsReply, statusReply, useApi, warningsReply } from '../api'
import { useI18n } from '../i18n'
import { goalText } from '../plan-text'
import { routeParam } from '../route'
import { GradeMark, OtherSources, SourceCite, useSourceIndex } from '../components/SourceBadge'
import { cellsOf } from '../source-view'
import { Async, ErrorBox } from '../ui'
import { StatusBadge } from './Overview'

function Picker() {
  const { t, lang } = useI18n()
  const prefectures = useApi('/api/regions?level=prefecture', regionsReply)
  const groupings = useApi('/api/regions?level=grouping', regionsReply)
  const list = (d: Region[]) => (
    <ul className="picker">
      {d.map((r) => (
        <li key={r.code}>
          <a href={`#/region/${encodeURIComponent(r.code)}`}>{lang === 'en' ? r.nameEn : r.name}</a> <span className="muted small">{r.code}</span>
        </li>
      ))}
    </ul>
  )
  return (
    <section aria-labelledby="h-region">
      <h2 id="h-region">{t('navRegion')}</h2>
      <p>{t('pickRegion')}</p>
      <p>
        <a href="#/region/320000">{t('province')}</a>
      </p>
      <h3>{t('prefectures')}</h3>
      <Async state={prefectures} isEmpty={(d) => d.length === 0}>
        {list}
      </Async>
      <h3>{t('groupings')}</h3>
      <Async state={groupings} isEmpty={(d) => d.length === 0}>
        {list}
      </Async>
    </section>
  )
}

export function RegionPage() {
  const code = routeParam('/region')
  return code === null ? <Picker /> : <RegionDetail code={code} />
}

function RegionDetail({ code: regionCode }: { code: string }) {
  const code = regionCode
  const { t, pick, lang, code: codeText, unit } = useI18n()
  const q = encodeURIComponent(code)
  const regions = useApi('/api/regions', regionsReply)
  const obs = useApi(`/api/observations?region=${q}`, observationsReply)
  const indicators = useApi('/api/indicators', indicatorsReply)
  const indNameEn = useMemo(() => new Map((indicators.data ?? []).map((i) => [i.id, i.nameEn])), [indicators.data])
  const status = useApi(`/api/status?region=${q}`, statusReply)
  const evaluation = useApi('/api/evaluation', evaluationReply)
  const warnings = useApi('/api/warnings', warningsReply)
  const region = regions.data?.find((r) => r.code === code)
  const name = region ? (lang === 'en' ? region.nameEn : region.name) : code

  const sources = useSourceIndex()
  // Each indicator's latest cell: the figure the preferred-source rule shows, and the cell's other sources.
  const latest = useMemo(() => {
    const cells = cellsOf(
      (obs.data ?? []).filter((o) => o.region === code),
      (o) => `${o.indicator}|${o.year}`,
    )
    const m = new Map<string, { shown: Observation; others: ReadonlyArray<Observation> }>()
    for (const c of cells.values()) {
      const prev = m.get(c.shown.indicator)
      if (!prev || c.shown.year > prev.shown.year) m.set(c.shown.indicator, c)
    }
    return [...m.values()].sort((a, b) => a.shown.indicator.localeCompare(b.shown.indicator))
  }, [obs.data, code])
  const mine = useMemo(
    () =>
      (warnings.data ?? []).filter(
        (w) =>
          w.region === code ||
          String(w.params.regions ?? '')
            .split(',')
            .includes(code),
      ),
    [warnings.data, code],
  )

  return (
    <section aria-labelledby="h-region">
      <p className="small">
        <a href="#/region">← {t('back')}</a>
      </p>
      <h2 id="h-region">{t('regionTitle', name)}</h2>
      {regions.error && <ErrorBox error={regions.error} onRetry={regions.reload} />}
      {regions.data && !region && (
        <div className="state state-error" role="alert">
          {t('unknownRegion')}
        </div>
      )}

      <div className="section-block" aria-labelledby="h-rank">
        <h3 id="h-rank">{t('evalRank')}</h3>
        <Async state={evaluation}>
          {(d) => {
            const r = d.results.find((x) => x.region === code)
            return r ? (
              <p data-testid="region-rank">
                <strong>{t('rankOf', r.rank, d.results.length, r.rankLow, r.rankHigh)}</strong> · {t('score')} {fmt(r.score, 3)} · {t('year')} {d.year}
              </p>
            ) : (
              <div className="state state-empty">{t('notRanked')}</div>
            )
          }}
        </Async>
      </div>

      <div className="section-block">
        <Async state={obs} isEmpty={() => latest.length === 0}>
          {() => (
            <div className="table-wrap">
              <table data-testid="region-latest">
                <caption>{t('latestValues')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('indicator')}</th>
                    <th scope="col">{t('value')}</th>
                    <th scope="col">{t('unit')}</th>
                    <th scope="col">{t('year')}</th>
                    <th scope="col">{t('source')}</th>
                  </tr>
                </thead>
                <tbody>
                  {latest.map(({ shown: o, others }) => (
                    <tr key={o.indicator} data-indicator={o.indicator} data-year={o.year}>
                      <th scope="row">
                        <a href={`#/indicator/${encodeURIComponent(o.indicator)}`}>{lang === 'en' ? (indNameEn.get(o.indicator) ?? o.indicator) : o.indicatorName}</a>
                      </th>
                      <td className="num" data-testid="region-value">
                        {fmt(o.value)}
                      </td>
                      <td>{unit(o.unit)}</td>
                      <td>{o.year}</td>
                      <td className="small src">
                        <SourceCite source={o.source} grade={o.sourceGrade} vintage={o.sourceVintage} index={sources} />
                        <OtherSources others={others} unit={unit(o.unit)} index={sources} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Async>
      </div>

      <div className="section-block">
        <Async state={status} isEmpty={(d) => d.targets.length === 0} empty={t('noTargets')}>
          {(d) => (
            <div className="table-wrap">
              <table data-testid="region-targets">
                <caption>{t('targets')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('target')}</th>
                    <th scope="col">{t('latest')}</th>
                    <th scope="col">{t('target')}</th>
                    <th scope="col">{t('progress')}</th>
                    <th scope="col">{t('status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.targets.map((r) => (
                    <tr key={r.target}>
                      <th scope="row">{pick(r.name, r.nameEn)}</th>
                      <td>
                        {fmt(r.latestValue)}
                        {r.sourceGrade && <GradeMark grade={r.sourceGrade} />}
                        {r.latestYear ? ` (${r.latestYear})` : ''}
                      </td>
                      <td>
                        {goalText(lang, r.goal)} ({r.targetYear})
                      </td>
                      <td>{r.progress === null ? '—' : `${Math.round(r.progress * 100)}%`}</td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Async>
      </div>

      <div className="section-block" aria-labelledby="h-rwarn">
        <h3 id="h-rwarn">{t('navWarnings')}</h3>
        <Async state={warnings} isEmpty={() => mine.length === 0} empty={t('noWarnings')}>
          {() => (
            <ul className="warnings">
              {mine.map((w, i) => (
                <li key={i} className={`warning sev-${w.severity}`}>
                  <span className={`sev sev-${w.severity}`}>
                    {t('severity')}
                    {t('colon')}
                    {codeText('sev_', w.severity)}
                  </span>
                  <span className="muted small"> {codeText('wk_', w.kind)}</span>
                  <p>{pick(w.message, w.messageEn)}</p>
                </li>
              ))}
            </ul>
          )}
        </Async>
      </div>
    </section>
  )
}
