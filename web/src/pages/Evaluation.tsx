import { useMemo, useState } from 'react'

import { evaluationReply, fmt, regionsReply, useApi, type EvaluationReply } from '../api'
import { useI18n } from '../i18n'
import { Async } from '../ui'

const AGGREGATIONS = ['arithmetic', 'geometric', 'topsis'] as const
const WEIGHTINGS = ['equal', 'entropy', 'critic'] as const
const NORMALISATIONS = ['minmax', 'zscore', 'rank'] as const
/** Years offered: from the plan's baseline period to the current year (a year without data says so). */
const FIRST_YEAR = 2015

export function Evaluation() {
  const { t, lang, code, pick } = useI18n()
  const [year, setYear] = useState('')
  const [aggregation, setAggregation] = useState('')
  const [weighting, setWeighting] = useState('')
  const [normalisation, setNormalisation] = useState('')
  const query = new URLSearchParams()
  if (year) query.set('year', year)
  if (aggregation) query.set('method', aggregation)
  if (weighting) query.set('weighting', weighting)
  // TOPSIS normalises the data itself (vector or min–max): only min–max may be asked of it.
  if (normalisation && (aggregation !== 'topsis' || normalisation === 'minmax')) query.set('normalisation', normalisation)
  const qs = query.toString()
  const state = useApi(`/api/evaluation${qs ? `?${qs}` : ''}`, evaluationReply)
  const regions = useApi(lang === 'en' ? '/api/regions?level=prefecture' : null, regionsReply)
  const nameEn = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.nameEn])), [regions.data])
  const cityName = (codeOf: string, zhName: string) => (lang === 'zh' ? zhName : (nameEn.get(codeOf) ?? codeOf))
  const years = Array.from({ length: new Date().getFullYear() - FIRST_YEAR + 1 }, (_, i) => String(new Date().getFullYear() - i))
  return (
    <section aria-labelledby="h-eval">
      <h2 id="h-eval">{t('evalTitle')}</h2>
      <p>{t('evalAbout')}</p>
      <p>
        <a href="#/survey/jiangsu-satisfaction/results" data-testid="survey-results-link">
          {t('surveyResultsLink')}
        </a>
      </p>
      <form className="filters" aria-label={t('evalChoices')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('year')}{' '}
          <select value={year} onChange={(e) => setYear(e.target.value)} data-testid="eval-year">
            <option value="">{t('evalYearAuto')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('evalNormalisation')}{' '}
          <select value={normalisation} onChange={(e) => setNormalisation(e.target.value)} data-testid="eval-normalisation">
            <option value="">{t('evalDefault')}</option>
            {NORMALISATIONS.map((m) => (
              <option key={m} value={m} disabled={aggregation === 'topsis' && m !== 'minmax'}>
                {code('m_', m)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('evalWeighting')}{' '}
          <select value={weighting} onChange={(e) => setWeighting(e.target.value)} data-testid="eval-weighting">
            <option value="">{t('evalDefault')}</option>
            {WEIGHTINGS.map((m) => (
              <option key={m} value={m}>
                {code('m_', m)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('evalAggregation')}{' '}
          <select value={aggregation} onChange={(e) => setAggregation(e.target.value)} data-testid="eval-aggregation">
            <option value="">{t('evalDefault')}</option>
            {AGGREGATIONS.map((m) => (
              <option key={m} value={m}>
                {code('m_', m)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Async state={state} isEmpty={(d) => d.results.length === 0}>
        {(d) => <EvaluationBody d={d} cityName={cityName} pick={pick} />}
      </Async>
    </section>
  )
}

function EvaluationBody({ d, cityName, pick }: { d: EvaluationReply; cityName: (code: string, zhName: string) => string; pick: (z: string, e: string) => string }) {
  const { t, code } = useI18n()
  const indicatorName = (id: string) => {
    const i = d.indicators.find((x) => x.id === id) ?? d.leftOutIndicators.find((x) => x.id === id)
    return i ? pick(i.name, i.nameEn) : id
  }
  const dimName = (id: string) => {
    const x = d.dimensions.find((y) => y.id === id)
    return x ? pick(x.name, x.nameEn) : code('dim_', id)
  }
  const dims = d.dimensions.filter((x) => x.covered).map((x) => x.id)
  const uncovered = d.dimensions.filter((x) => !x.covered)
  return (
    <>
      <p className="muted" data-testid="eval-method">
        {t('evalYear', d.year, `${code('m_', d.method.normalisation)} / ${code('m_', d.method.weighting)} / ${code('m_', d.method.aggregation)}`)}
      </p>
      <p data-testid="eval-coverage">
        {t('evalCoverage', d.adequacy.covered, d.adequacy.total)}
        {uncovered.length > 0 && ` ${t('evalUncovered', uncovered.map((x) => pick(x.name, x.nameEn)).join(' · '))}`}
      </p>
      {!d.adequacy.adequate && (
        <div className="state state-empty" role="note" data-testid="eval-narrow">
          {t('evalNarrow', d.adequacy.covered, d.adequacy.minDimensions)}
          {d.latestAdequateYear !== null && ` ${t('evalLatestAdequate', d.latestAdequateYear)}`}
        </div>
      )}
      <div className="table-wrap">
        <table data-testid="eval-table">
          <caption>{t('evalTableCaption', d.uncertainty.draws)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rank')}</th>
              <th scope="col">{t('region')}</th>
              <th scope="col">{t('score')}</th>
              <th scope="col">{t('rankInterval')}</th>
              {dims.map((k) => (
                <th scope="col" key={k}>
                  {dimName(k)}
                </th>
              ))}
              <th scope="col">{t('evalNotes')}</th>
            </tr>
          </thead>
          <tbody>
            {d.results.map((r) => {
              const imputed = d.imputedCells.filter((c) => c.region === r.region)
              const older = d.olderCells.filter((c) => c.region === r.region)
              return (
                <tr key={r.region}>
                  <td>{r.rank}</td>
                  <th scope="row">
                    <a href={`#/region/${r.region}`}>{cityName(r.region, r.regionName)}</a>
                  </th>
                  <td>{fmt(r.score, 3)}</td>
                  <td className="nowrap">
                    <span className="interval" aria-hidden="true">
                      <span
                        className="interval-bar"
                        style={{ marginLeft: `${((r.rankLow - 1) / d.results.length) * 100}%`, width: `${((r.rankHigh - r.rankLow + 1) / d.results.length) * 100}%` }}
                      />
                    </span>
                    {r.rankLow}–{r.rankHigh}
                  </td>
                  {dims.map((k) => (
                    <td key={k}>{fmt(r.dimensions[k], 3)}</td>
                  ))}
                  <td data-testid={`eval-notes-${r.region}`}>
                    {imputed.map((c) => (
                      <span key={c.indicator} className="badge badge-at_risk" title={t('evalImputedTitle')}>
                        {t('evalImputedMark', indicatorName(c.indicator))}
                      </span>
                    ))}{' '}
                    {older.map((c) => t('evalOlderMark', indicatorName(c.indicator), c.year)).join(' · ')}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('evalIntervalNote', d.uncertainty.draws)}</p>

      <h3>{t('evalUsed')}</h3>
      <div className="table-wrap">
        <table data-testid="eval-used">
          <thead>
            <tr>
              <th scope="col">{t('evalDimension')}</th>
              <th scope="col">{t('indicator')}</th>
              <th scope="col">{t('evalCitiesWithData')}</th>
              <th scope="col">{t('evalWeight')}</th>
            </tr>
          </thead>
          <tbody>
            {d.indicators.map((i) => (
              <tr key={i.id}>
                <td>{dimName(i.dimension)}</td>
                <th scope="row">{pick(i.name, i.nameEn)}</th>
                <td>{i.regions}</td>
                <td>{fmt(i.weight * 100, 1)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.leftOutIndicators.length > 0 && (
        <>
          <h3>{t('evalLeftOut')}</h3>
          <ul data-testid="eval-left-out">
            {d.leftOutIndicators.map((i) => (
              <li key={i.id}>
                {pick(`${i.name}（${dimName(i.dimension)}）：`, `${i.nameEn} (${dimName(i.dimension)}): `)}
                {t('evalLeftOutReason', i.regions, i.needed)}
              </li>
            ))}
          </ul>
        </>
      )}
      {d.excluded.length > 0 && (
        <>
          <h3>{t('evalExcluded')}</h3>
          <ul data-testid="eval-excluded">
            {d.excluded.map((e) => (
              <li key={e.code}>
                {cityName(e.code, e.name)}
                {pick('：', ': ')}
                {t('evalExcludedReason', e.missing.map(indicatorName).join(' · '), Math.round((d.method.missing.maxMissingShare ?? 0) * 100))}
              </li>
            ))}
          </ul>
        </>
      )}
      {d.imputedCells.length > 0 && <p data-testid="eval-imputed">{t('evalImputedSummary', d.imputedCells.length)}</p>}
    </>
  )
}
