import { useMemo } from 'react'

import { openDataCatalogueReply, openDataIndicatorReply, regionsReply, reportingStatusReply, useApi, type IndicatorMetadataReply, type OpenDataIndicatorReply } from '../api'
import { sectionNumber, useI18n, type Key } from '../i18n'
import { routeParam } from '../route'
import { Async } from '../ui'

/** `#/opendata` the catalogue, `#/opendata/status` the reporting status, `#/opendata/indicator/<id>` one indicator. */
export function OpenData() {
  const id = routeParam('/opendata/indicator')
  if (id !== null) return <IndicatorMetadataPage id={id} />
  if (location.hash.replace(/^#/, '').startsWith('/opendata/status')) return <ReportingStatusPage />
  return <Catalogue />
}

function StatusTag({ status }: { status: IndicatorMetadataReply['status'] }) {
  const { t } = useI18n()
  const tone = status === 'complete' ? 'achieved' : status === 'partial' ? 'at_risk' : 'no_data'
  return <span className={`badge badge-${tone}`}>{t(`odStatus_${status}` as Key)}</span>
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—')

function Licence({ head }: { head: Pick<OpenDataIndicatorReply, 'licence' | 'publisher' | 'publisherEn' | 'contact'> }) {
  const { t, pick } = useI18n()
  return (
    <div className="od-licence small" data-testid="licence">
      <p>
        {t('odLicence', '')}
        <a href={head.licence.url} rel="license noreferrer" target="_blank">
          {pick(head.licence.name, head.licence.nameEn)}
        </a>
        {t('odSentenceEnd')}
        {pick(head.licence.note, head.licence.noteEn)}
      </p>
      {/* Shown once the operator has set URBMON_OPEN_DATA_PUBLISHER / _CONTACT: "not set" tells the public nothing. */}
      {(head.publisher !== null || head.contact !== null) && (
        <p>{t('odPublisherLine', pick(head.publisher, head.publisherEn) || t('odNotConfigured'), head.contact ?? t('odNotConfigured'))}</p>
      )}
    </div>
  )
}

function Span({ i }: { i: Pick<IndicatorMetadataReply, 'firstYear' | 'lastYear' | 'regions'> }) {
  const { t } = useI18n()
  if (i.firstYear === null || i.lastYear === null) return <>—</>
  return <>{i.firstYear === i.lastYear ? t('odCoverageYear', i.firstYear, i.regions) : t('odCoverageSpan', i.firstYear, i.lastYear, i.regions)}</>
}

function Catalogue() {
  const { t, pick, unit } = useI18n()
  const state = useApi('/api/open-data/indicators', openDataCatalogueReply)
  const origin = typeof location !== 'undefined' ? location.origin : 'http://127.0.0.1:8080'
  return (
    <section aria-labelledby="h-open">
      <h2 id="h-open">{t('openTitle')}</h2>
      <p>{t('odIntro')}</p>
      <Async state={state} isEmpty={(d) => d.indicators.length === 0}>
        {(d) => (
          <>
            <p className="actions">
              <a className="button" href={d.downloadAll} download data-testid="download-all">
                {t('odDownloadAll')}
              </a>
              <a href="#/opendata/status">{t('odReportingStatus')}</a>
            </p>
            <p className="small muted">{t('odDownloadAllHint')}</p>
            <Licence head={d} />
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('indicator')}</th>
                    <th scope="col">{t('unit')}</th>
                    <th scope="col">{t('definition')}</th>
                    <th scope="col">{t('odCoverage')}</th>
                    <th scope="col">{t('odLastUpdated')}</th>
                    <th scope="col">{t('download')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.indicators.map((i) => (
                    <tr key={i.id} data-indicator={i.id}>
                      <th scope="row">
                        <a href={`#/opendata/indicator/${encodeURIComponent(i.id)}`}>{pick(i.name, i.nameEn)}</a>
                        <div className="muted small">
                          <code>{i.id}</code> <StatusTag status={i.status} />
                        </div>
                      </th>
                      <td>{unit(i.unit)}</td>
                      <td className="small">{pick(i.definition, i.definitionEn) || '—'}</td>
                      <td className="nowrap small">
                        <Span i={i} />
                      </td>
                      <td className="nowrap small">{day(i.lastUpdated)}</td>
                      <td className="small">
                        {i.files ? (
                          <>
                            <a className="dl" href={i.files.csv} download title={t('odCsvZh')}>
                              {t('odCsvZhShort')}
                            </a>
                            <a className="dl" href={i.files.csvEn} download title={t('odCsvEn')}>
                              {t('odCsvEnShort')}
                            </a>
                          </>
                        ) : (
                          <span className="muted">{t('odNoFile')}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Async>
      <h3>{t('apiExamples')}</h3>
      <pre className="code" tabIndex={0}>
        {[
          `curl '${origin}/api/open-data/indicators'`,
          `curl '${origin}/api/open-data/indicators/urbanization_rate'`,
          `curl -OJ '${origin}/api/open-data/indicators/urbanization_rate/data.csv?region=320100&lang=en'`,
          `curl -OJ '${origin}/api/open-data/all.zip'`,
          `curl '${origin}/api/search?q=%E5%8D%97%E4%BA%AC'`,
          `# OpenAPI: ${origin}/api/openapi.json · ${origin}/api/docs`,
        ].join('\n')}
      </pre>
    </section>
  )
}

function IndicatorMetadataPage({ id }: { id: string }) {
  const { t, pick, unit, lang } = useI18n()
  const state = useApi(`/api/open-data/indicators/${encodeURIComponent(id)}`, openDataIndicatorReply)
  const regions = useApi('/api/regions', regionsReply)
  const regionName = useMemo(() => {
    const m = new Map((regions.data ?? []).map((r) => [r.code, lang === 'en' ? r.nameEn : r.name]))
    return (code: string) => m.get(code) ?? code
  }, [regions.data, lang])
  return (
    <section aria-labelledby="h-odi">
      <p>
        <a href="#/opendata">{t('odBack')}</a>
      </p>
      <Async state={state}>
        {(d) => {
          const i = d.indicator
          return (
            <>
              <h2 id="h-odi">
                {pick(i.name, i.nameEn)} <StatusTag status={i.status} />
              </h2>
              <p className="muted small">
                <code>{i.id}</code>
              </p>
              <h3>{t('odMetadata')}</h3>
              <dl className="facts od-meta">
                <div>
                  <dt>{t('definition')}</dt>
                  <dd>{pick(i.definition, i.definitionEn) || '—'}</dd>
                </div>
                <div>
                  <dt>{t('unit')}</dt>
                  <dd>{unit(i.unit)}</dd>
                </div>
                <div>
                  <dt>{t('odMethod')}</dt>
                  <dd>{i.method.kind === 'derived' ? t('odMethod_derived', pick(i.method.formulaText, i.method.formulaTextEn)) : t('odMethod_observed')}</dd>
                </div>
                <div>
                  <dt>{t('odAggregation')}</dt>
                  <dd>{t(`odAgg_${i.method.aggregation}` as Key)}</dd>
                </div>
                <div>
                  <dt>{t('odChapterSection')}</dt>
                  <dd>{i.section ? sectionNumber(lang, i.section) : t('odOther')}</dd>
                </div>
                <div>
                  <dt>{t('odTargets')}</dt>
                  <dd>{i.targets.length ? i.targets.map((x) => pick(x.name, x.nameEn)).join('；') : '—'}</dd>
                </div>
                <div>
                  <dt>{t('odCoverage')}</dt>
                  <dd>
                    <Span i={i} />
                  </dd>
                </div>
                <div>
                  <dt>{t('odLastUpdated')}</dt>
                  <dd>{day(i.lastUpdated)}</dd>
                </div>
              </dl>
              <Licence head={d} />
              <h3>{t('download')}</h3>
              {i.files ? (
                <p className="actions">
                  <a className="dl" href={i.files.csv} download>
                    {t('odCsvZh')}
                  </a>
                  <a className="dl" href={i.files.csvEn} download>
                    {t('odCsvEn')}
                  </a>
                  {i.files.vintages ? (
                    <a className="dl" href={i.files.vintages} download>
                      {t('odVintages')}
                    </a>
                  ) : null}
                </p>
              ) : (
                <p className="muted" data-testid="no-file">
                  {t('odNoFile')}
                </p>
              )}
              <h3>{t('odSources')}</h3>
              {i.sources.length === 0 ? (
                <p className="muted">{t('odNoCoverage')}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('odSource')}</th>
                        <th scope="col">{t('odGrade')}</th>
                        <th scope="col">{t('odVintage')}</th>
                        <th scope="col">{t('odPreferredFigures')}</th>
                        <th scope="col">{t('odOtherFigures')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {i.sources.map((s) => (
                        <tr key={s.source}>
                          <td className="small od-source">
                            {pick(s.publisher, s.publisherEn) ? <div>{pick(s.publisher, s.publisherEn)}</div> : null}
                            {pick(s.title, s.titleEn) ? <div className="muted">{pick(s.title, s.titleEn)}</div> : null}
                            {/^https?:\/\//.test(s.source) ? (
                              <a href={s.source} rel="noreferrer" target="_blank">
                                {s.source}
                              </a>
                            ) : (
                              <span>{s.source}</span>
                            )}
                          </td>
                          <td className="nowrap">{t(`odGrade_${s.grade}` as Key)}</td>
                          <td className="nowrap">{s.vintage ?? '—'}</td>
                          <td className="num">{s.preferredFigures}</td>
                          <td className="num">{s.otherFigures}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <h3>{t('odCoverageTitle')}</h3>
              <p className="small muted">{t('odCoverageIntro', d.expectedRegions.length)}</p>
              {i.coverage.length === 0 ? (
                <p className="muted">{t('odNoCoverage')}</p>
              ) : (
                <div className="table-wrap">
                  <table data-testid="coverage">
                    <thead>
                      <tr>
                        <th scope="col">{t('odYear')}</th>
                        <th scope="col">{t('odRegions')}</th>
                        <th scope="col">{t('odRegionList')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {i.coverage.map((c) => (
                        <tr key={c.year}>
                          <th scope="row">{c.year}</th>
                          <td className="num nowrap">
                            {c.regions.filter((r) => d.expectedRegions.includes(r)).length} / {d.expectedRegions.length}
                            {c.regions.some((r) => !d.expectedRegions.includes(r)) ? (
                              <div className="small muted">{t('odCoverageOthers', c.regions.filter((r) => !d.expectedRegions.includes(r)).length)}</div>
                            ) : null}
                          </td>
                          <td className="small">{c.regions.map(regionName).join(lang === 'en' ? ', ' : '、')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )
        }}
      </Async>
    </section>
  )
}

function ReportingStatusPage() {
  const { t, pick, lang } = useI18n()
  const state = useApi('/api/open-data/status', reportingStatusReply)
  return (
    <section aria-labelledby="h-ods">
      <p>
        <a href="#/opendata">{t('odBack')}</a>
      </p>
      <h2 id="h-ods">{t('odReportingStatus')}</h2>
      <p className="small">{t('odStatusRule')}</p>
      <Async state={state} isEmpty={(d) => d.chapters.length === 0}>
        {(d) => (
          <>
            <p className="od-summary" role="status">
              {(['complete', 'partial', 'none'] as const).map((k) => (
                <span key={k}>
                  <StatusTag status={k} /> {d.chapters.reduce((n, c) => n + c[k], 0)}
                </span>
              ))}
            </p>
            {d.chapters.map((c) => (
              <section key={c.chapter ?? 'other'} className="od-chapter" data-testid="status-chapter">
                <h3>{c.chapter === null ? t('odOther') : lang === 'en' ? `${sectionNumber(lang, c.chapter)}. ${pick(c.title, c.titleEn)}` : `${c.chapter}、${c.title}`}</h3>
                <p className="small muted">{t('odChapterCounts', c.complete, c.partial, c.none)}</p>
                <ul className="od-list">
                  {c.indicators.map((i) => (
                    <li key={i.id}>
                      <a href={`#/opendata/indicator/${encodeURIComponent(i.id)}`}>{pick(i.name, i.nameEn)}</a> <StatusTag status={i.status} />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </Async>
    </section>
  )
}
