import { MapChart } from 'echarts/charts'
import { TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useMemo, useRef, useState } from 'react'

import { fmt, useApi, type Indicator, type Observation } from '../api'
import { useI18n } from '../i18n'
import { Async, ErrorBox } from '../ui'

echarts.use([MapChart, TooltipComponent, VisualMapComponent, SVGRenderer])

interface Feature { properties: { code: string; name: string } }
interface Geo { type: 'FeatureCollection'; features: Feature[] }

let registered = false

interface CityValue { code: string; name: string; value: number | null; rank: number | null }

function MapChartView({ geo, cities, title, unit }: { geo: Geo; cities: CityValue[]; title: string; unit: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const { t } = useI18n()
  useEffect(() => {
    if (!ref.current) return
    if (!registered) {
      echarts.registerMap('jiangsu', geo as never)
      registered = true
    }
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' })
    const values = cities.map((c) => c.value).filter((v): v is number => v !== null)
    const byName = new Map(cities.map((c) => [c.name, c]))
    let lo = values.length ? Math.min(...values) : 0
    let hi = values.length ? Math.max(...values) : 1
    if (hi === lo) {
      lo -= 1
      hi += 1
    }
    chart.setOption({
      aria: { enabled: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const c = byName.get(p.name)
          if (!c || c.value === null) return `${p.name}<br/>${t('noData')}`
          return `${p.name}<br/>${fmt(c.value)} ${unit}<br/>${t('rank')} ${c.rank} / ${values.length}`
        },
      },
      visualMap: values.length
        ? { type: 'continuous', min: lo, max: hi, left: 8, bottom: 8, text: [fmt(Math.max(...values)), fmt(Math.min(...values))], seriesIndex: 0, calculable: false, inRange: { color: ['#deebf7', '#6baed6', '#08519c'] }, itemHeight: 100 }
        : undefined,
      series: [
        {
          type: 'map',
          map: 'jiangsu',
          roam: false,
          name: title,
          label: { show: true, fontSize: 10, color: '#222' },
          itemStyle: { areaColor: '#cccccc', borderColor: '#fff' },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#fdae6b' } },
          // Cities without a value are drawn grey explicitly ("无数据"), whatever the visual map says.
          data: cities.map((c) => (c.value === null ? { name: c.name, value: '-', itemStyle: { areaColor: '#cccccc' } } : { name: c.name, value: c.value })),
        },
      ],
    }, true)
    const onResize = () => chart.resize()
    window.addEventListener('resize', onResize)
    return () => {
      window.removeEventListener('resize', onResize)
      chart.dispose()
    }
  }, [geo, cities, title, unit, t])
  return <div ref={ref} className="map" role="img" aria-label={title} data-testid="map" />
}

export function MapPage() {
  const { t, pick } = useI18n()
  const [indicator, setIndicator] = useState('urbanization_rate')
  const [year, setYear] = useState<number | null>(null)
  const indicators = useApi<Indicator[]>('/api/indicators')
  const geo = useApi<Geo>('/api/boundaries/jiangsu-cities')
  const obs = useApi<Observation[]>(`/api/observations?indicator=${encodeURIComponent(indicator)}`)
  const ind = indicators.data?.find((i) => i.id === indicator)

  const codes = useMemo(() => new Map((geo.data?.features ?? []).map((f) => [f.properties.code, f.properties.name])), [geo.data])
  // preferred value per city and year
  const table = useMemo(() => {
    const m = new Map<string, Observation>()
    for (const o of obs.data ?? []) {
      if (!codes.has(o.region)) continue
      const k = `${o.region}|${o.year}`
      const prev = m.get(k)
      if (!prev || (o.preferred && !prev.preferred)) m.set(k, o)
    }
    return m
  }, [obs.data, codes])
  const years = useMemo(() => [...new Set([...table.values()].map((o) => o.year))].sort((a, b) => a - b), [table])
  // Default: the latest year with the most cities reported.
  const defaultYear = useMemo(() => {
    const count = new Map<number, number>()
    for (const o of table.values()) count.set(o.year, (count.get(o.year) ?? 0) + 1)
    const most = Math.max(0, ...count.values())
    return [...count].filter(([, n]) => n === most).map(([y]) => y).sort((a, b) => b - a)[0] ?? null
  }, [table])
  const shownYear = year !== null && years.includes(year) ? year : defaultYear
  const cities: CityValue[] = useMemo(() => {
    const list = [...codes].map(([code, name]) => ({ code, name, value: shownYear === null ? null : table.get(`${code}|${shownYear}`)?.value ?? null, rank: null as number | null }))
    const sorted = list.filter((c) => c.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
    sorted.forEach((c, i) => (c.rank = i + 1))
    return list.sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))
  }, [codes, table, shownYear])

  return (
    <section aria-labelledby="h-map">
      <h2 id="h-map">{t('navMap')}</h2>
      <div className="filters">
        <label>
          {t('indicator')}
          <select value={indicator} onChange={(e) => { setIndicator(e.target.value); setYear(null) }}>
            {(indicators.data ?? [{ id: 'urbanization_rate', name: '常住人口城镇化率', nameEn: 'Urbanization rate', unit: '%' }]).map((i) => (
              <option key={i.id} value={i.id}>{pick(i.name, i.nameEn)}</option>
            ))}
          </select>
        </label>
        {years.length > 0 && shownYear !== null && (
          <label>
            {t('year')}: <strong>{shownYear}</strong>
            <input type="range" data-testid="year-slider" min={0} max={years.length - 1} step={1} value={years.indexOf(shownYear)} onChange={(e) => setYear(years[Number(e.target.value)] ?? null)} aria-valuetext={String(shownYear)} />
          </label>
        )}
      </div>
      {indicators.error && <ErrorBox error={indicators.error} onRetry={indicators.reload} />}
      <Async state={geo}>
        {(g) => (
          <Async state={obs} isEmpty={() => table.size === 0} empty={t('noObservations')}>
            {() => (
              <div className="map-layout">
                <div>
                  <MapChartView geo={g} cities={cities} title={t('mapCaption', ind ? pick(ind.name, ind.nameEn) : indicator, shownYear ?? '')} unit={ind?.unit ?? ''} />
                  <p className="small muted"><span className="swatch" aria-hidden="true" /> {t('legendNoData')}</p>
                </div>
                <div className="table-wrap">
                  <table data-testid="map-table">
                    <caption>{t('mapTable')}</caption>
                    <thead><tr><th scope="col">{t('rank')}</th><th scope="col">{t('region')}</th><th scope="col">{t('value')} ({ind?.unit ?? ''})</th></tr></thead>
                    <tbody>
                      {cities.map((c) => (
                        <tr key={c.code}><td>{c.rank ?? '—'}</td><th scope="row"><a href={`#/region/${c.code}`}>{c.name}</a></th><td>{c.value === null ? t('noData') : fmt(c.value)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            )}
          </Async>
        )}
      </Async>
    </section>
  )
}
