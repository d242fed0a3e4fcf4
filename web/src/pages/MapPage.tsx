import { MapChart } from 'echarts/charts'
import { TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useMemo, useRef, useState } from 'react'

import {
  aggregatesReply,
  type AggregatesReply,
  boundariesReply,
  coverageReply,
  fmt,
  indicatorsReply,
  type Loadable,
  type Observation,
  observationsReply,
  type Region,
  regionsReply,
  useApi,
  type Boundaries,
} from '../api'
import { GradeMark, OtherSources, SourceCite, useSourceIndex, useSourceName } from '../components/SourceBadge'
import { useI18n } from '../i18n'
import { type Cell, cellsOf, defaultMapYear, GRADE_ORDER } from '../source-view'
import { Async, ErrorBox } from '../ui'

echarts.use([MapChart, TooltipComponent, VisualMapComponent, SVGRenderer])

type Geo = Boundaries

let registered = false

interface CityValue {
  code: string
  geoName: string
  name: string
  value: number | null
  rank: number | null
  member: boolean
  /** The cell: the figure shown (the preferred source) and the other sources' figures. */
  cell: Cell<Observation> | null
}

/** The plan's spatial structure, in the order the plan names it: 一群 两轴 三圈, then the statistical regions. */
const KIND_ORDER = ['city-cluster', 'axis', 'metropolitan-area', 'statistical-region'] as const

function MapChartView({
  geo,
  cities,
  title,
  unit,
  grouped,
  nameOf,
}: {
  geo: Geo
  cities: CityValue[]
  title: string
  unit: string
  grouped: boolean
  nameOf: (source: string) => string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const { t, code, quantity } = useI18n()
  useEffect(() => {
    if (!ref.current) return
    if (!registered) {
      echarts.registerMap('jiangsu', geo)
      registered = true
    }
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' })
    const values = cities.map((c) => c.value).filter((v): v is number => v !== null)
    const byGeo = new Map(cities.map((c) => [c.geoName, c]))
    let lo = values.length ? Math.min(...values) : 0
    let hi = values.length ? Math.max(...values) : 1
    if (hi === lo) {
      lo -= 1
      hi += 1
    }
    // With a grouping chosen, its members keep their colour and get a dark outline; the other cities fade.
    const style = (c: CityValue) => (!grouped ? {} : c.member ? { borderColor: '#1b1f24', borderWidth: 2.5 } : { opacity: 0.28 })
    chart.setOption(
      {
        aria: { enabled: true },
        tooltip: {
          trigger: 'item',
          // Long source names wrap inside the chart instead of running off its edge.
          confine: true,
          extraCssText: 'white-space: normal; max-width: 320px;',
          formatter: (p: { name: string }) => {
            const c = byGeo.get(p.name)
            const name = c?.name ?? p.name
            if (!c || c.value === null || !c.cell) return `${name}<br/>${t('noData')}`
            const o = c.cell.shown
            const esc = (x: string) => x.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
            const cite = esc(t('citeSource', nameOf(o.source), code('grade_', o.sourceGrade))) + (o.sourceVintage ? ` · ${t('vintage')} ${esc(o.sourceVintage)}` : '')
            const others = c.cell.others.length ? `<br/>${t('otherSources', c.cell.others.length)}` : ''
            return `${name}<br/><strong>${quantity(c.value, unit)}</strong><br/>${cite}<br/>${t('rank')} ${c.rank} / ${values.length}${grouped && c.member ? `<br/>${t('memberYes')}` : ''}${others}`
          },
        },
        visualMap: values.length
          ? {
              type: 'continuous',
              min: lo,
              max: hi,
              left: 8,
              bottom: 8,
              text: [fmt(Math.max(...values)), fmt(Math.min(...values))],
              seriesIndex: 0,
              calculable: false,
              inRange: { color: ['#deebf7', '#6baed6', '#08519c'] },
              itemHeight: 100,
            }
          : undefined,
        series: [
          {
            type: 'map',
            map: 'jiangsu',
            roam: false,
            name: title,
            label: { show: true, fontSize: 10, color: '#1b1f24', formatter: (p: { name: string }) => byGeo.get(p.name)?.name ?? p.name },
            itemStyle: { areaColor: '#cccccc', borderColor: '#fff' },
            emphasis: { label: { show: true }, itemStyle: { areaColor: '#fdae6b' } },
            // Cities without a value are drawn grey explicitly ("无数据"), whatever the visual map says.
            data: cities.map((c) =>
              c.value === null
                ? { name: c.geoName, value: '-', itemStyle: { areaColor: '#cccccc', ...style(c) } }
                : { name: c.geoName, value: c.value, itemStyle: style(c), ...(grouped && !c.member ? { label: { color: '#5a6470' } } : {}) },
            ),
          },
        ],
      },
      true,
    )
    const onResize = () => chart.resize()
    window.addEventListener('resize', onResize)
    return () => {
      window.removeEventListener('resize', onResize)
      chart.dispose()
    }
  }, [geo, cities, title, unit, t, code, quantity, grouped, nameOf])
  return <div ref={ref} className="map" role="img" aria-label={title} data-testid="map" />
}

/** The chosen grouping: its members and its value for the year, as the server aggregates it. */
function GroupingPanel({
  grouping,
  year,
  unit,
  aggregates,
  names,
}: {
  grouping: Region
  year: number
  unit: string
  aggregates: Loadable<AggregatesReply>
  names: Map<string, Region>
}) {
  const { t, pick, code, quantity } = useI18n()
  const name = (c: string) => {
    const r = names.get(c)
    return r ? pick(r.name, r.nameEn) : c
  }
  const agg = aggregates.data?.aggregates.find((a) => a.region === grouping.code)
  return (
    <div className="panel grouping" data-testid="grouping-panel" aria-live="polite">
      <h3>
        {pick(grouping.name, grouping.nameEn)} <span className="muted small">{code('gk_', grouping.groupingKind ?? '')}</span>
      </h3>
      <p className="small">
        {t('members')}: {grouping.members.map(name).join(t('listSep'))}
      </p>
      {aggregates.error && <ErrorBox error={aggregates.error} onRetry={aggregates.reload} />}
      {aggregates.loading && !aggregates.data && <p className="small muted">{t('loading')}</p>}
      {aggregates.data &&
        (agg && agg.value !== null ? (
          <p data-testid="grouping-value">
            <span className="kpi-label">{t('groupValue', year)}</span> <strong className="big">{quantity(agg.value, unit)}</strong>{' '}
            <span className="muted small" title={agg.method ?? undefined}>
              {code('origin_', agg.origin ?? '')}
              {agg.weightedFallback ? ` · ${t('weightedFallback')}` : ''}
            </span>
          </p>
        ) : (
          <p data-testid="grouping-value" className="small">
            <strong>{t('groupNoValue', year)}</strong>{' '}
            {agg?.reason === 'incomplete' && agg.missing.length > 0
              ? t('groupMissing', agg.missing.map(name).join(t('listSep')))
              : agg?.reason === 'not_aggregable'
                ? t('groupNotAggregable')
                : ''}
          </p>
        ))}
    </div>
  )
}

export function MapPage() {
  const { t, pick, lang, code: codeText, unit: unitOf } = useI18n()
  const [indicator, setIndicator] = useState('urbanization_rate')
  const [year, setYear] = useState<number | null>(null)
  const [groupingCode, setGroupingCode] = useState('')
  const indicators = useApi('/api/indicators', indicatorsReply)
  const regions = useApi('/api/regions', regionsReply)
  const geo = useApi('/api/boundaries/jiangsu-cities', boundariesReply)
  const obs = useApi(`/api/observations?indicator=${encodeURIComponent(indicator)}`, observationsReply)
  const coverage = useApi('/api/coverage', coverageReply)
  const withData = useMemo(() => new Map((coverage.data ?? []).map((c) => [c.indicator, c.figures])), [coverage.data])
  const sources = useSourceIndex()
  const nameOf = useSourceName(sources)
  const ind = indicators.data?.find((i) => i.id === indicator)
  const unit = unitOf(ind?.unit ?? '')
  const byCode = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r])), [regions.data])
  const groupings = useMemo(() => (regions.data ?? []).filter((r) => r.level === 'grouping'), [regions.data])
  const grouping = groupings.find((g) => g.code === groupingCode) ?? null

  const codes = useMemo(() => new Map((geo.data?.features ?? []).map((f) => [f.properties.code, f.properties.name])), [geo.data])
  // Each city's cell per year: the preferred source's figure, and the others.
  const table = useMemo(
    () =>
      cellsOf(
        (obs.data ?? []).filter((o) => codes.has(o.region)),
        (o) => `${o.region}|${o.year}`,
      ),
    [obs.data, codes],
  )
  const years = useMemo(() => [...new Set([...table.values()].map((c) => c.shown.year))].sort((a, b) => a - b), [table])
  // Default: the latest year with the most cities reported, not the latest year (often a few early releases).
  const defaultYear = useMemo(() => defaultMapYear([...table.values()].map((c) => c.shown))?.year ?? null, [table])
  const shownYear = year !== null && years.includes(year) ? year : defaultYear
  const withValue = useMemo(() => [...table.values()].filter((c) => c.shown.year === shownYear), [table, shownYear])
  // The sources of this year's shown figures, best grade first: named under the map.
  const yearSources = useMemo(() => {
    const m = new Map<string, { source: string; grade: Observation['sourceGrade']; vintage: string | null; n: number }>()
    for (const { shown: o } of withValue) {
      const e = m.get(o.source) ?? { source: o.source, grade: o.sourceGrade, vintage: o.sourceVintage, n: 0 }
      e.n += 1
      m.set(o.source, e)
    }
    return [...m.values()].sort((a, b) => GRADE_ORDER.indexOf(a.grade) - GRADE_ORDER.indexOf(b.grade) || b.n - a.n || a.source.localeCompare(b.source))
  }, [withValue])
  const aggregates = useApi(grouping && shownYear !== null ? `/api/aggregates?indicator=${encodeURIComponent(indicator)}&year=${shownYear}` : null, aggregatesReply)
  const displayName = (c: string, fallback: string) => {
    const r = byCode.get(c)
    return r ? (lang === 'en' ? r.nameEn : r.name) : fallback
  }
  const cities: CityValue[] = useMemo(() => {
    const members = new Set(grouping?.members ?? [])
    const list = [...codes].map(([c, geoName]): CityValue => {
      const r = byCode.get(c)
      const cell = shownYear === null ? null : (table.get(`${c}|${shownYear}`) ?? null)
      return {
        code: c,
        geoName,
        name: r ? (lang === 'en' ? r.nameEn : r.name) : geoName,
        value: cell?.shown.value ?? null,
        rank: null,
        member: members.has(c),
        cell,
      }
    })
    const sorted = list.filter((c) => c.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
    sorted.forEach((c, i) => (c.rank = i + 1))
    return list.sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))
  }, [codes, table, shownYear, grouping, byCode, lang])

  // County-level values, where any exist: no county boundaries are bundled, so they are listed by city.
  const counties = useMemo(() => {
    if (shownYear === null) return []
    const best = new Map<string, Observation>()
    for (const o of obs.data ?? []) {
      if (o.year !== shownYear || byCode.get(o.region)?.level !== 'county') continue
      const prev = best.get(o.region)
      if (!prev || (o.preferred && !prev.preferred)) best.set(o.region, o)
    }
    const byCity = new Map<string, Observation[]>()
    for (const o of best.values()) {
      const city = byCode.get(o.region)?.parent ?? ''
      byCity.set(city, [...(byCity.get(city) ?? []), o])
    }
    return [...byCity].sort(([a], [b]) => a.localeCompare(b))
  }, [obs.data, byCode, shownYear])

  const title = t('mapCaption', ind ? pick(ind.name, ind.nameEn) : indicator, shownYear ?? '') + (grouping ? ` · ${pick(grouping.name, grouping.nameEn)}` : '')
  return (
    <section aria-labelledby="h-map">
      <h2 id="h-map">{t('navMap')}</h2>
      <div className="filters">
        <label>
          {t('indicator')}
          <select
            value={indicator}
            onChange={(e) => {
              setIndicator(e.target.value)
              setYear(null)
            }}
          >
            {(indicators.data ?? [{ id: 'urbanization_rate', name: '常住人口城镇化率', nameEn: 'Urbanization rate', unit: '%' }]).map((i) => {
              // An indicator without a single published figure cannot be mapped: listed, marked, not selectable.
              const none = withData.get(i.id) === 0 && i.id !== indicator
              return (
                <option key={i.id} value={i.id} disabled={none} data-nodata={none ? 'true' : undefined}>
                  {pick(i.name, i.nameEn)}
                  {none ? t('noDataTag') : ''}
                </option>
              )
            })}
          </select>
        </label>
        <label>
          {t('overlay')}
          <select value={groupingCode} onChange={(e) => setGroupingCode(e.target.value)} data-testid="grouping-select">
            <option value="">{t('overlayNone')}</option>
            {KIND_ORDER.map((k) => (
              <optgroup key={k} label={codeText('gk_', k)}>
                {groupings
                  .filter((g) => g.groupingKind === k)
                  .map((g) => (
                    <option key={g.code} value={g.code}>
                      {pick(g.name, g.nameEn)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        {years.length > 0 && shownYear !== null && (
          <label>
            {t('year')}: <strong>{shownYear}</strong>
            <input
              type="range"
              data-testid="year-slider"
              min={0}
              max={years.length - 1}
              step={1}
              value={years.indexOf(shownYear)}
              onChange={(e) => setYear(years[Number(e.target.value)] ?? null)}
              aria-valuetext={String(shownYear)}
              list="map-year-ticks"
            />
            <datalist id="map-year-ticks">
              {years.map((y, i) => (
                <option key={y} value={i} label={String(y)} />
              ))}
            </datalist>
            <span className="year-ticks" aria-label={t('yearTicks')} data-testid="year-ticks">
              {years.map((y, i) => {
                // Many years: every other one is a dot, but the first, the last and the one shown keep their label.
                const dot = years.length > 8 && i % 2 === 1 && i !== years.length - 1 && y !== shownYear
                return (
                  <span key={y} className={y === shownYear ? 'tick-current' : undefined}>
                    {dot ? '·' : y}
                  </span>
                )
              })}
            </span>
          </label>
        )}
      </div>
      {indicators.error && <ErrorBox error={indicators.error} onRetry={indicators.reload} />}
      {regions.error && <ErrorBox error={regions.error} onRetry={regions.reload} />}
      <Async state={geo}>
        {(g) => (
          <Async state={obs} isEmpty={() => table.size === 0} empty={t('noObservations')}>
            {() => (
              <>
                <div className="map-layout">
                  <div>
                    <MapChartView geo={g} cities={cities} title={title} unit={ind?.unit ?? ''} grouped={grouping !== null} nameOf={nameOf} />
                    <p className="map-note" data-testid="map-coverage">
                      <strong>{t('mapCoverage', codes.size, withValue.length)}</strong>
                      {shownYear !== null ? ` (${shownYear})` : ''}
                    </p>
                    <div className="map-note" data-testid="map-sources">
                      {t('citeSources')}
                      {yearSources.map((e, i) => (
                        <span key={e.source}>
                          {i > 0 ? t('listSep') : ''}
                          <SourceCite source={e.source} grade={e.grade} vintage={e.vintage} index={sources} /> ({t('figuresN', e.n)})
                        </span>
                      ))}
                      {yearSources.length > 1 && <p>{t('mapMixedSources', yearSources.length)}</p>}
                    </div>
                    <p className="small muted">
                      <span className="swatch" aria-hidden="true" /> {t('legendNoData')}
                      {grouping && (
                        <>
                          {' '}
                          · <span className="swatch swatch-member" aria-hidden="true" /> {t('legendMember')}
                        </>
                      )}
                    </p>
                  </div>
                  <div>
                    {grouping && shownYear !== null && <GroupingPanel grouping={grouping} year={shownYear} unit={ind?.unit ?? ''} aggregates={aggregates} names={byCode} />}
                    <div className="table-wrap">
                      <table data-testid="map-table">
                        <caption>{t('mapTable')}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('rank')}</th>
                            <th scope="col">{t('region')}</th>
                            <th scope="col">
                              {t('value')} ({unit})
                            </th>
                            {grouping && <th scope="col">{t('member')}</th>}
                            <th scope="col">{t('source')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {cities.map((c) => (
                            <tr key={c.code} className={grouping && !c.member ? 'faded' : undefined}>
                              <td>{c.rank ?? '—'}</td>
                              <th scope="row">
                                <a href={`#/region/${c.code}`}>{c.name}</a>
                              </th>
                              <td>{c.value === null ? t('noData') : fmt(c.value)}</td>
                              {grouping && (
                                <td>
                                  {c.member ? (
                                    <>
                                      <span aria-hidden="true">● </span>
                                      {t('memberYes')}
                                    </>
                                  ) : (
                                    <span className="muted">{t('memberNo')}</span>
                                  )}
                                </td>
                              )}
                              <td className="small src">
                                {c.cell ? (
                                  <>
                                    <SourceCite source={c.cell.shown.source} grade={c.cell.shown.sourceGrade} vintage={c.cell.shown.sourceVintage} index={sources} />
                                    <OtherSources others={c.cell.others} unit={unit} index={sources} />
                                  </>
                                ) : (
                                  '—'
                                )}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  </div>
                </div>
                {counties.length > 0 && (
                  <div className="section-block">
                    <div className="table-wrap">
                      <table data-testid="county-table">
                        <caption>{t('countyTable', shownYear ?? '')}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('prefecture')}</th>
                            <th scope="col">{t('county')}</th>
                            <th scope="col">
                              {t('value')} ({unit})
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {counties.flatMap(([city, list]) =>
                            list
                              .sort((a, b) => a.region.localeCompare(b.region))
                              .map((o, i) => (
                                <tr key={o.region}>
                                  {i === 0 && (
                                    <th scope="rowgroup" rowSpan={list.length}>
                                      {displayName(city, city)}
                                    </th>
                                  )}
                                  <th scope="row">{displayName(o.region, o.regionName)}</th>
                                  <td title={t('citeSource', nameOf(o.source), codeText('grade_', o.sourceGrade))}>
                                    {fmt(o.value)}
                                    <GradeMark grade={o.sourceGrade} />
                                  </td>
                                </tr>
                              )),
                          )}
                        </tbody>
                      </table>
                    </div>
                  </div>
                )}
                <p className="small muted">{counties.length > 0 ? t('countyNote') : t('countyNone')}</p>
              </>
            )}
          </Async>
        )}
      </Async>
    </section>
  )
}
