/**
 * Time-series chart of an indicator: observed series, the plan's straight path from baseline to target (dashed),
 * the target level, and a forecast (dashed) with its shaded prediction band.
 * @module
 */
import type { EChartsOption, LineSeriesOption } from 'echarts'
import { must } from '../../core/checked.js'
import { COLORS, FONT_FAMILY, SERIES_COLORS, TEXT, baseOption, formatNumber, titleOption } from './theme.js'

export interface SeriesPoint {
  readonly year: number
  /** `null` leaves a gap (no observation that year). */
  readonly value: number | null
}

export interface SeriesChartTarget {
  readonly year: number
  readonly value: number
  /** Shown on the target line, e.g. "2025年目标 ≥75%". */
  readonly label: string
  readonly baselineYear: number
  readonly baselineValue: number
}

export interface ForecastPoint {
  readonly year: number
  readonly value: number
  readonly low: number
  readonly high: number
}

export interface SeriesChartForecast {
  readonly points: ReadonlyArray<ForecastPoint>
  /** Coverage of [low, high] for the legend; default 0.9 ("90% 预测区间"). */
  readonly level?: number
}

export interface SeriesChartInput {
  readonly title: string
  readonly subtitle?: string
  /** Unit of the values, shown as the y-axis name (e.g. "%", "万人", "亿元"). */
  readonly unit: string
  /** Observed series; the first one is the series the forecast continues. */
  readonly series: ReadonlyArray<{ readonly name: string; readonly points: ReadonlyArray<SeriesPoint> }>
  readonly target?: SeriesChartTarget
  readonly forecast?: SeriesChartForecast
}

/** Legend and series names (Chinese; readers are planners). */
export const SERIES_CHART_NAMES = {
  path: '规划路径',
  forecast: '预测',
  bandLower: '预测区间下限',
  band: (level: number): string => `${formatNumber(level * 100, 1)}% 预测区间`,
  target: '目标',
} as const

const BAND_STACK = 'forecast-band'

/**
 * Builds the ECharts option. The x axis is a category axis of every year from the first to the last one that any
 * input mentions, so all lines share one year grid (a straight path between two years stays straight).
 */
export function seriesChart(input: SeriesChartInput): EChartsOption {
  const years = yearRange(input)
  const index = new Map(years.map((y, i) => [y, i]))
  const slot = (): Array<number | null> => years.map(() => null)
  const at = (year: number): number => {
    const i = index.get(year)
    if (i === undefined) throw new Error(`year ${year} outside the axis`)
    return i
  }

  const series: LineSeriesOption[] = []
  const legend: Array<string | { name: string; icon: string }> = []

  input.series.forEach((s, k) => {
    const data = slot()
    for (const p of s.points) {
      if (p.value === null || !Number.isFinite(p.value)) continue
      data[at(p.year)] = p.value
    }
    const color = must(SERIES_COLORS[k % SERIES_COLORS.length], 'series colour (index taken modulo the palette)')
    series.push({
      type: 'line',
      name: s.name,
      data,
      connectNulls: false,
      symbol: 'circle',
      symbolSize: 5,
      lineStyle: { width: 2, color },
      itemStyle: { color },
      z: 5,
    })
    legend.push(s.name)
  })

  if (input.target) {
    const t = input.target
    const data = slot()
    data[at(t.baselineYear)] = t.baselineValue
    data[at(t.year)] = t.value
    series.push({
      type: 'line',
      name: SERIES_CHART_NAMES.path,
      data,
      connectNulls: true,
      symbol: 'none',
      lineStyle: { width: 1.5, type: 'dashed', color: COLORS.path },
      itemStyle: { color: COLORS.path },
      z: 3,
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { type: 'dotted', width: 1.2, color: COLORS.target },
        label: {
          show: true,
          position: 'insideStartTop',
          formatter: t.label,
          color: COLORS.target,
          fontFamily: FONT_FAMILY,
          fontSize: TEXT.labelSize,
        },
        data: [{ name: SERIES_CHART_NAMES.target, yAxis: t.value }],
      },
      markPoint: {
        silent: true,
        symbol: 'diamond',
        symbolSize: 11,
        itemStyle: { color: COLORS.target, borderColor: '#ffffff', borderWidth: 1 },
        label: { show: false },
        data: [{ name: SERIES_CHART_NAMES.target, coord: [String(t.year), t.value], value: t.value }],
      },
    })
    legend.push(SERIES_CHART_NAMES.path)
  }

  const forecastPoints = [...(input.forecast?.points ?? [])].sort((a, b) => a.year - b.year)
  const firstForecast = forecastPoints[0]
  if (input.forecast && firstForecast) {
    const level = input.forecast.level ?? 0.9
    const anchor = lastObservedBefore(input.series[0]?.points ?? [], firstForecast.year)
    const line = slot()
    const lower = slot()
    const width = slot()
    if (anchor) {
      line[at(anchor.year)] = anchor.value
      lower[at(anchor.year)] = anchor.value
      width[at(anchor.year)] = 0
    }
    for (const p of forecastPoints) {
      const i = at(p.year)
      line[i] = p.value
      lower[i] = p.low
      width[i] = Math.max(0, p.high - p.low)
    }
    const bandName = SERIES_CHART_NAMES.band(level)
    series.push(
      {
        type: 'line',
        name: SERIES_CHART_NAMES.bandLower,
        data: lower,
        stack: BAND_STACK,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        silent: true,
        z: 1,
      },
      {
        type: 'line',
        name: bandName,
        data: width,
        stack: BAND_STACK,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: COLORS.band, opacity: 1 },
        itemStyle: { color: COLORS.band },
        silent: true,
        z: 1,
      },
      {
        type: 'line',
        name: SERIES_CHART_NAMES.forecast,
        data: line,
        symbol: 'emptyCircle',
        symbolSize: 5,
        lineStyle: { width: 2, type: 'dashed', color: COLORS.forecast },
        itemStyle: { color: COLORS.forecast },
        z: 4,
      },
    )
    legend.push(SERIES_CHART_NAMES.forecast, { name: bandName, icon: 'rect' })
  }

  return {
    ...baseOption(),
    title: titleOption(input.title, input.subtitle),
    legend: {
      data: legend,
      bottom: 4,
      left: 'center',
      itemWidth: 22,
      itemHeight: 10,
      itemGap: 14,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: TEXT.labelSize, color: TEXT.color },
    },
    grid: { left: 12, right: 24, top: input.subtitle ? 64 : 48, bottom: 36, containLabel: true },
    xAxis: {
      type: 'category',
      data: years.map(String),
      boundaryGap: false,
      axisLine: { lineStyle: { color: COLORS.axisLine } },
      axisTick: { alignWithLabel: true },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: TEXT.axisSize, color: TEXT.muted },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: input.unit,
      nameGap: 8,
      nameTextStyle: { fontFamily: FONT_FAMILY, fontSize: TEXT.axisSize, color: TEXT.muted, align: 'right' },
      splitLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: TEXT.axisSize, color: TEXT.muted },
    },
    series,
  }
}

function yearRange(input: SeriesChartInput): number[] {
  const years: number[] = []
  for (const s of input.series) for (const p of s.points) years.push(p.year)
  if (input.target) years.push(input.target.year, input.target.baselineYear)
  for (const p of input.forecast?.points ?? []) years.push(p.year)
  if (years.length === 0) throw new Error('seriesChart: no data (no series points, target or forecast)') // programmer error, like the checks below: callers pass validated series
  for (const y of years) if (!Number.isInteger(y)) throw new Error(`seriesChart: year ${y} is not an integer`)
  const min = Math.min(...years)
  const max = Math.max(...years)
  if (max - min > 200) throw new Error(`seriesChart: years ${min}–${max} span more than 200 years`)
  return Array.from({ length: max - min + 1 }, (_, i) => min + i)
}

/** The latest observation strictly before `year`, provided there is none in `year` itself. */
function lastObservedBefore(points: ReadonlyArray<SeriesPoint>, year: number): { year: number; value: number } | null {
  let best: { year: number; value: number } | null = null
  for (const p of points) {
    if (p.value === null || !Number.isFinite(p.value)) continue
    if (p.year === year) return null
    if (p.year < year && (!best || p.year > best.year)) best = { year: p.year, value: p.value }
  }
  return best
}
