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
  warningsReply,
} from '../api'
import { HistoryDialog, type CellRef } from '../components/HistoryDialog'
import { GradeMark, SourceCite, useSourceIndex, useSourceName } from '../components/SourceBadge'
import { useI18n } from '../i18n'
import { routeParam } from '../route'
import { CENSUS_YEAR, type Cell, cellsOf, crossesCensusWithBreak, GRADE_ORDER, comparableRuns } from '../source-view'
import { Async, ErrorBox } from '../ui'

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, AriaComponent, SVGRenderer])

const PROVINCE = '320000'

interface Series {
  code: string
  name: string
  /** Each year's cell: the figure shown (the preferred source) and the other sources' figures. */
  byYear: Map<number, Cell<Observation>>
}

/** A chart point: the figure and the words its tooltip gives for its source. */
interface Point {
  value: number
  region: string
  year: number
  source: string
  grade: string
  vintage: string | null
}

function SeriesChart({
  title,
  unit,
  years,
  series,
  target,
  band,
  censusBreak,
  nameOf,
}: {
  title: string
  /** As the plan writes it (万人): the chart names it in the reader's language. */
  unit: string
  years: number[]
  series: Series[]
  target: { value: number; label: string } | null
  band: ForecastReply['forecast']
  censusBreak: boolean
  nameOf: (source: string) => string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const { t, code, unit: unitLabel, quantity } = useI18n()
  useEffect(() => {
    if (!ref.current) return
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' })
    const cats = years.map(String)
    const bandBy = new Map(band.map((p) => [p.year, p]))
    // One chart series per run of one source (one vintage): a line never joins figures of different sources.
    // Runs of one region share its name, so the legend shows (and toggles) the region once.
    const palette = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc', '#8d6e63', '#26a69a', '#7e57c2', '#c0ca33']
    const censusAt = years.find((y) => y >= CENSUS_YEAR)
    const lines = series.flatMap((s, si) => {
      const province = s.code === PROVINCE
      const color = province ? '#0b3d6e' : (palette[(si - 1 + palette.length) % palette.length] ?? '#5470c6')
      const runs = comparableRuns([...s.byYear.values()].map((c) => c.shown))
      return runs.map((run, ri) => {
        const at = new Map(run.points.map((o) => [o.year, o]))
        const first = si === 0 && ri === 0
        const marks = [
          ...(province && ri === 0 && target
            ? [{ yAxis: target.value, label: { formatter: target.label, position: 'insideEndTop' as const }, lineStyle: { type: 'dashed' as const, color: '#c62828', width: 2 } }]
            : []),
          ...(first && censusBreak && censusAt !== undefined
            ? [
                {
                  xAxis: String(censusAt),
                  label: { formatter: t('censusBreak'), position: 'end' as const, color: '#5a3d00' },
                  lineStyle: { type: 'dashed' as const, color: '#8a6d00', width: 1.5 },
                },
              ]
            : []),
        ]
        return {
          type: 'line' as const,
          name: s.name,
          data: years.map((y) => {
            const o = at.get(y)
            return o
              ? { value: o.value, point: { value: o.value, region: s.name, year: y, source: o.source, grade: o.sourceGrade, vintage: o.sourceVintage } satisfies Point }
              : null
          }),
          connectNulls: true,
          showSymbol: true,
          symbolSize: province ? 6 : run.points.length === 1 ? 5 : 3,
          z: province ? 5 : 2,
          lineStyle: { width: province ? 3.5 : 1.2, color },
          itemStyle: { color },
          ...(marks.length ? { markLine: { symbol: 'none', silent: true, data: marks } } : {}),
        }
      })
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
        tooltip: {
          trigger: 'item',
          // Long source names wrap inside the chart instead of running off its edge.
          confine: true,
          extraCssText: 'white-space: normal; max-width: 320px;',
          formatter: (p: { data?: { point?: Point } | null; seriesName?: string; value?: unknown }) => {
            const pt = p.data?.point
            if (!pt) return typeof p.value === 'number' ? `${p.seriesName ?? ''}<br/>${quantity(p.value, unit)}` : (p.seriesName ?? '')
            const esc = (x: string) => x.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
            const vintage = pt.vintage ? ` · ${t('vintage')} ${esc(pt.vintage)}` : ''
            return `${esc(pt.region)} ${pt.year}<br/><strong>${quantity(pt.value, unit)}</strong><br/>${esc(t('citeSource', nameOf(pt.source), code('grade_', pt.grade)))}${vintage}`
          },
        },
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
  }, [years, series, target, band, unit, t, code, unitLabel, quantity, censusBreak, nameOf])
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
  const { t, pick, lang, unit, code, quantity } = useI18n()
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

  const sources = useSourceIndex()
  const nameOf = useSourceName(sources)
  // Census breaks the engine found for this indicator (a step across the census the other years do not show).
  const warnings = useApi('/api/warnings', warningsReply)
  const names = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, lang === 'en' ? r.nameEn : r.name])), [regions.data, lang])
  const series: Series[] = useMemo(() => {
    const codes = [PROVINCE, ...[...names.keys()].sort()]
    const by = new Map<string, Series>(codes.map((c) => [c, { code: c, name: c === PROVINCE ? t('province') : (names.get(c) ?? c), byYear: new Map() }]))
    for (const [, cell] of cellsOf(
      (obs.data ?? []).filter((o) => by.has(o.region)),
      (o) => `${o.region}|${o.year}`,
    )) {
      by.get(cell.shown.region)?.byYear.set(cell.shown.year, cell)
    }
    return [...by.values()].filter((s) => s.byYear.size > 0)
  }, [obs.data, names, t])
  const censusBreak = useMemo(
    () =>
      series.some((s) => crossesCensusWithBreak([...s.byYear.values()].map((c) => c.shown))) || (warnings.data ?? []).some((w) => w.kind === 'census_break' && w.indicator === id),
    [series, warnings.data, id],
  )
  // Every source a shown figure comes from, best grade first, then by how many figures: the chart's footnote.
  const shownSources = useMemo(() => {
    const m = new Map<string, { source: string; grade: Observation['sourceGrade']; vintage: string | null; n: number }>()
    for (const s of series)
      for (const { shown: o } of s.byYear.values()) {
        const e = m.get(o.source) ?? { source: o.source, grade: o.sourceGrade, vintage: o.sourceVintage, n: 0 }
        e.n += 1
        m.set(o.source, e)
      }
    return [...m.values()].sort((a, b) => GRADE_ORDER.indexOf(a.grade) - GRADE_ORDER.indexOf(b.grade) || b.n - a.n || a.source.localeCompare(b.source))
  }, [series])
  const alternatives = useMemo(
    () =>
      series
        .flatMap((s) => [...s.byYear.values()].filter((c) => c.others.length > 0).map((c) => ({ name: s.name, cell: c })))
        .sort((a, b) => a.cell.shown.year - b.cell.shown.year),
    [series],
  )
  const observedYears = useMemo(() => [...new Set(series.flatMap((s) => [...s.byYear.keys()]))].sort((a, b) => a - b), [series])
  const lastProvince = Math.max(0, ...(series.find((s) => s.code === PROVINCE)?.byYear.keys() ?? []))
  const band = useMemo(() => {
    const ahead = (fc.data?.forecast ?? []).filter((p) => p.year > lastProvince)
    // Anchor the band at the last observed value so that even a one-year forecast draws as an area.
    const last = series.find((s) => s.code === PROVINCE)?.byYear.get(lastProvince)?.shown
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
          <div>
            <dt>{t('odMetadataLink')}</dt>
            <dd className="plain">
              <a href={`#/opendata/indicator/${encodeURIComponent(ind.id)}`}>{t('odMetadataLinkText')}</a>
            </dd>
          </div>
        </dl>
      )}
      {regions.error && <ErrorBox error={regions.error} onRetry={regions.reload} />}
      <Async state={obs} isEmpty={() => series.length === 0} empty={t('noObservations')}>
        {() => (
          <>
            <SeriesChart
              title={t('chartCaption', title)}
              unit={ind?.unit ?? ''}
              years={chartYears}
              series={series}
              target={targetLine}
              band={band}
              censusBreak={censusBreak}
              nameOf={nameOf}
            />
            <div className="chart-note" data-testid="chart-sources">
              <p>
                {t('citeSources')}
                {shownSources.slice(0, 4).map((e, i) => (
                  <span key={e.source}>
                    {i > 0 ? t('listSep') : ''}
                    <SourceCite source={e.source} grade={e.grade} vintage={e.vintage} index={sources} /> <span className="nowrap">({t('figuresN', e.n)})</span>
                  </span>
                ))}
              </p>
              {shownSources.length > 4 && (
                <details className="others">
                  <summary>{t('otherSources', shownSources.length - 4)}</summary>
                  <ul>
                    {shownSources.slice(4).map((e) => (
                      <li key={e.source}>
                        <SourceCite source={e.source} grade={e.grade} vintage={e.vintage} index={sources} /> ({t('figuresN', e.n)})
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              <p>{t('chartRunsNote')}</p>
              {censusBreak && <p data-testid="census-note">{t('censusBreakNote')}</p>}
            </div>
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
                        const c = s.byYear.get(y)
                        const o = c?.shown
                        const label = `${s.name} · ${title} · ${y}`
                        const others = c && c.others.length ? ` · ${t('otherSources', c.others.length)}` : ''
                        return (
                          <td
                            key={y}
                            className="nowrap"
                            data-region={s.code}
                            data-year={y}
                            title={
                              o
                                ? `${t('source')}: ${t('citeSource', nameOf(o.source), code('grade_', o.sourceGrade))}${o.sourceVintage ? ` · ${t('vintage')} ${o.sourceVintage}` : ''}${others}`
                                : undefined
                            }
                          >
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
                            {o && <GradeMark grade={o.sourceGrade} />}
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
      {alternatives.length > 0 && (
        <details className="others" data-testid="table-other-sources">
          <summary>
            {t(
              'otherSources',
              alternatives.reduce((n, a) => n + a.cell.others.length, 0),
            )}
          </summary>
          <ul>
            {alternatives.map(({ name, cell }) => (
              <li key={`${cell.shown.region}|${cell.shown.year}`}>
                <strong>
                  {name} {cell.shown.year}
                </strong>
                {t('colon')}
                {t('cellSourcesShown')} {fmt(cell.shown.value)} <GradeMark grade={cell.shown.sourceGrade} />
                <ul>
                  {cell.others.map((o) => (
                    <li key={o.source}>
                      <strong className="nowrap">{quantity(o.value, ind?.unit ?? '')}</strong>{' '}
                      <SourceCite source={o.source} grade={o.sourceGrade} vintage={o.sourceVintage} index={sources} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="small muted">{t('gradeMarksNote')}</p>
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
