import { useMemo } from 'react'

import { evaluationReply, fmt, regionsReply, useApi } from '../api'
import { useI18n } from '../i18n'
import { Async } from '../ui'

export function Evaluation() {
  const { t, lang, code } = useI18n()
  const state = useApi('/api/evaluation', evaluationReply)
  const regions = useApi(lang === 'en' ? '/api/regions?level=prefecture' : null, regionsReply)
  const nameEn = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.nameEn])), [regions.data])
  return (
    <section aria-labelledby="h-eval">
      <h2 id="h-eval">{t('evalTitle')}</h2>
      <Async state={state} isEmpty={(d) => d.results.length === 0}>
        {(d) => {
          const dims = [...new Set(d.results.flatMap((r) => Object.keys(r.dimensions)))]
          return (
            <>
              <p className="muted">{t('evalYear', d.year, `${code('m_', d.method.aggregation)} / ${code('m_', d.method.weighting)} / ${code('m_', d.method.normalisation)}`)}</p>
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">{t('evalTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('rank')}</th>
                      <th scope="col">{t('region')}</th>
                      <th scope="col">{t('score')}</th>
                      <th scope="col">{t('rankInterval')}</th>
                      {dims.map((k) => (
                        <th scope="col" key={k}>
                          {code('dim_', k)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {d.results.map((r) => (
                      <tr key={r.region}>
                        <td>{r.rank}</td>
                        <th scope="row">
                          <a href={`#/region/${r.region}`}>{lang === 'zh' ? r.regionName : (nameEn.get(r.region) ?? r.region)}</a>
                        </th>
                        <td>{fmt(r.score, 3)}</td>
                        <td>
                          <span className="interval" aria-label={`${r.rankLow}–${r.rankHigh}`}>
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
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }}
      </Async>
    </section>
  )
}
