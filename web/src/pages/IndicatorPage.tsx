import { LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useMemo, useRef, useState } from 'react'

import {
  fmt,
  type ForecastReply,
  forecastReply,
  indicatorsReply,
  type Observation,
  observationsReply,
  planReply,
  type PlanTarget,
  regionsReply,
  sessionReply,
  useApi,
} from '../api'
import { HistoryDialog, type CellRef } from '../components/HistoryDialog'
import { useI18n } from '../i18n'
import { routeParam } from '../route'
import { Async, ErrorBox } from '../ui'

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, AriaComponent, SVGRenderer])

const PROVINCE = '320000'

interface Series {
  code: string
  name: string
  byYear: Map<number, Observation>
}

function SeriesChart({
  title,
  unit,
  years,
  series,
  target,
  band,
}: {
  title: string
  /** As the plan writes it (万人): the chart names it in the reader's language. */
  unit: string
  years: number[]
  series: Series[]
  target: { value: number; label: string } | null
  band: ForecastReply['forecast']
}) {
  const ref = useRef<HTMLDivElement>(null)
  const { t, unit: unitLabel, quantity } = useI18n()
  useEffect(() => {
    if (!ref.current) return
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' })
    const cats = years.map(String)
    const bandBy = new Map(band.map((p) => [p.year, p]))
    const lines = series.map((s) => {
      const province = s.code === PROVINCE
      return {
        type: 'line' as const,
        name: s.name,
        data: years.map((y) => s.byYear.get(y)?.value ?? null),
        connectNulls: true,
        symbolSize: province ? 6 : 3,
        z: province ? 5 : 2,
        lineStyle: { width: province ? 3.5 : 1.2, ...(province ? { color: '#0b3d6e' } : {}) },
        ...(province ? { itemStyle: { color: '#0b3d6e' } } : {}),
        ...(province && target
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed' as const, color: '#c62828', width: 2 },
                label: { formatter: target.label, position: 'insideEndTop' as const },
                data: [{ yAxis: target.value }],
              },
            }
          : {}),
      }
    })
    const bandSeries = band.length
      ? [
          {
            type: 'line' as const,
            name: 'band-low',
            data: years.map((y) => bandBy.get(y)?.low ?? null),
            stack: 'band',
            lineStyle: { opacity: 0 },
            symbol: 'none',
            silent: true,
            tooltip: { show: false },
          },
          {
            type: 'line' as const,
            name: t('forecastBand'),
            data: years.map((y) => {
              const p = bandBy.get(y)
              return p ? p.high - p.low : null
            }),
            stack: 'band',
            lineStyle: { opacity: 0 },
            symbol: 'none',
            areaStyle: { color: 'rgba(11,92,173,0.18)' },
            itemStyle: { color: 'rgba(11,92,173,0.35)' },
            silent: true,
            tooltip: { show: false },
          },
          {
            type: 'line' as const,
            name: t('forecastMid'),
            data: years.map((y) => bandBy.get(y)?.value ?? null),
            lineStyle: { type: 'dotted' as const, color: '#0b3d6e', width: 2 },
            itemStyle: { color: '#0b3d6e' },
            symbolSize: 4,
          },
        ]
      : []
    chart.setOption(
      {
        aria: { enabled: true },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? quantity(v, unit) : '—') },
        legend: { type: 'scroll', top: 0, data: [...series.map((s) => s.name), ...(band.length ? [t('forecastMid'), t('forecastBand')] : [])] },
        grid: { left: 50, right: 24, top: 56, bottom: 30 },
        xAxis: { type: 'category', data: cats, boundaryGap: false },
        yAxis: { type: 'value', scale: true, name: unitLabel(unit), nameGap: 8 },
        series: [...lines, ...bandSeries],
      },
      true,
    )
    const onResize = () => chart.resize()
    window.addEventListener('resize', onResize)
    return () => {
      window.removeEventListener('resize', onResize)
      chart.dispose()
    }
  }, [years, series, target, band, unit, t, unitLabel, quantity])
  return <div ref={ref} className="chart" role="img" aria-label={title} data-testid="indicator-chart" />
}

function Picker() {
  const { t, pick, unit } = useI18n()
  const indicators = useApi('/api/indicators', indicatorsReply)
  return (
    <section aria-labelledby="h-ind">
      <h2 id="h-ind">{t('navIndicator')}</h2>
      <p>{t('pickIndicator')}</p>
      <Async state={indicators} isEmpty={(d) => d.length === 0}>
        {(d) => (
          <ul className="picker">
            {d.map((i) => (
              <li key={i.id}>
                <a href={`#/indicator/${encodeURIComponent(i.id)}`}>{pick(i.name, i.nameEn)}</a> <span className="muted small">{unit(i.unit)}</span>
              </li>
            ))}
          </ul>
        )}
      </Async>
    </section>
  )
}

/** A target on one region's value (level targets; direction targets have no number). */
type LevelTarget = Extract<PlanTarget, { kind: 'level' }>

function targetValue(tg: LevelTarget): number | null {
  if (tg.value !== undefined) return tg.value
  if (tg.min !== undefined && tg.max !== undefined) return (tg.min + tg.max) / 2
  return null
}

export function IndicatorPage() {
  const id = routeParam('/indicator')
  return id === null ? <Picker /> : <IndicatorDetail id={id} />
}

function IndicatorDetail({ id }: { id: string }) {
  const { t, pick, lang, unit } = useI18n()
  const indicators = useApi('/api/indicators', indicatorsReply)
  const regions = useApi('/api/regions?level=prefecture', regionsReply)
  const plan = useApi('/api/plan', planReply)
  const obs = useApi(`/api/observations?indicator=${encodeURIComponent(id)}`, observationsReply)
  const ind = indicators.data?.find((i) => i.id === id)
  // The nearest target on this indicator for the province (else any region's): its year bounds the forecast.
  const target = useMemo(() => {
    const ts = (plan.data?.targets ?? []).filter((tg): tg is LevelTarget => tg.kind === 'level' && tg.indicator === id && targetValue(tg) !== null)
    return ts.filter((tg) => tg.region === PROVINCE).sort((a, b) => a.year - b.year)[0] ?? null
  }, [plan.data, id])
  const to = plan.data ? (target?.year ?? 2025) : null
  const fc = useApi(to === null ? null : `/api/forecast?indicator=${encodeURIComponent(id)}&region=${PROVINCE}&to=${to}`, forecastReply)
  // Signed-in users can open every revision of a cell (the history is not public).
  const session = useApi('/api/session', sessionReply)
  const signedIn = session.data?.user != null
  const [history, setHistory] = useState<CellRef | null>(null)

  const names = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, lang === 'en' ? r.nameEn : r.name])), [regions.data, lang])
  const series: Series[] = useMemo(() => {
    const codes = [PROVINCE, ...[...names.keys()].sort()]
    const by = new Map<string, Series>(codes.map((c) => [c, { code: c, name: c === PROVINCE ? t('province') : (names.get(c) ?? c), byYear: new Map() }]))
    for (const o of obs.data ?? []) {
      const s = by.get(o.region)
      if (!s) continue
      const prev = s.byYear.get(o.year)
      if (!prev || (o.preferred && !prev.preferred)) s.byYear.set(o.year, o)
    }
    return [...by.values()].filter((s) => s.byYear.size > 0)
  }, [obs.data, names, t])
  const observedYears = useMemo(() => [...new Set(series.flatMap((s) => [...s.byYear.keys()]))].sort((a, b) => a - b), [series])
  const lastProvince = Math.max(0, ...(series.find((s) => s.code === PROVINCE)?.byYear.keys() ?? []))
  const band = useMemo(() => {
    const ahead = (fc.data?.forecast ?? []).filter((p) => p.year > lastProvince)
    // Anchor the band at the last observed value so that even a one-year forecast draws as an area.
    const last = series.find((s) => s.code === PROVINCE)?.byYear.get(lastProvince)
    return ahead.length && last ? [{ year: last.year, value: last.value, low: last.value, high: last.value }, ...ahead] : ahead
  }, [fc.data, lastProvince, series])
  const chartYears = useMemo(() => [...new Set([...observedYears, ...band.map((p) => p.year)])].sort((a, b) => a - b), [observedYears, band])
  const tv = target ? targetValue(target) : null
  const targetLine = useMemo(() => (target && tv !== null ? { value: tv, label: `${t('targetLine', target.year)} ${fmt(tv)}` } : null), [target, tv, t])
  const title = ind ? pick(ind.name, ind.nameEn) : id

  return (
    <section aria-labelledby="h-ind">
      <p className="small">
        <a href="#/indicator">← {t('back')}</a>
      </p>
      <h2 id="h-ind">{t('indicatorTitle', title)}</h2>
      {indicators.error && <ErrorBox error={indicators.error} onRetry={indicators.reload} />}
      {indicators.data && !ind && (
        <div className="state state-error" role="alert">
          {t('unknownIndicator')}
        </div>
      )}
      {ind && (
        <dl className="facts meta">
          <div>
            <dt>{t('unit')}</dt>
            <dd>{ind.unit ? unit(ind.unit) : '—'}</dd>
          </div>
          <div>
            <dt>{t('definition')}</dt>
            <dd className="plain">{pick(ind.definition, ind.definitionEn) || '—'}</dd>
          </div>
          {ind.formula && (
            <div>
              <dt>{t('formula')}</dt>
              <dd>
                <code>{ind.formula}</code>
              </dd>
            </div>
          )}
          {target && (
            <div>
              <dt>{t('target')}</dt>
              <dd>
                {target.comparator} {fmt(tv)} ({target.year})
              </dd>
            </div>
          )}
        </dl>
      )}
      {regions.error && <ErrorBox error={regions.error} onRetry={regions.reload} />}
      <Async state={obs} isEmpty={() => series.length === 0} empty={t('noObservations')}>
        {() => (
          <>
            <SeriesChart title={t('chartCaption', title)} unit={ind?.unit ?? ''} years={chartYears} series={series} target={targetLine} band={band} />
            {fc.error && fc.error.status !== 422 && (
              <p className="small muted">
                {t('forecast')}: {pick(fc.error.message, fc.error.messageEn)}
              </p>
            )}
            <div className="table-wrap">
              <table data-testid="indicator-table">
                <caption>
                  {t('seriesTable')}
                  {ind?.unit ? ` (${unit(ind.unit)})` : ''}
                  {signedIn ? ` · ${t('historyHint')}` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('region')}</th>
                    {observedYears.map((y) => (
                      <th scope="col" key={y}>
                        {y}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.code}>
                      <th scope="row">
                        <a href={`#/region/${s.code}`}>{s.name}</a>
                      </th>
                      {observedYears.map((y) => {
                        const o = s.byYear.get(y)
                        const label = `${s.name} · ${title} · ${y}`
                        return (
                          <td key={y} title={o ? `${t('source')}: ${o.source}` : undefined}>
                            {o && signedIn ? (
                              <button
                                type="button"
                                className="link"
                                aria-label={t('historyOf', label)}
                                onClick={() => setHistory({ indicator: id, region: s.code, year: y, label })}
                              >
                                {fmt(o.value)}
                              </button>
                            ) : o ? (
                              fmt(o.value)
                            ) : (
                              '—'
                            )}
                          </td>
                        )
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Async>
      {history && <HistoryDialog cell={history} onClose={() => setHistory(null)} />}
      <h3 className="gap">{t('downloads')}</h3>
      <p>
        {(['csv', 'xlsx', 'json'] as const).map((f) => (
          <a key={f} className="dl" href={`/api/export?format=${f}&indicator=${encodeURIComponent(id)}`} download aria-label={`${title} ${f.toUpperCase()}`}>
            {f.toUpperCase()}
          </a>
        ))}
      </p>
    </section>
  )
}
