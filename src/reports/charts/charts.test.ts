import { readFileSync } from 'node:fs'
import * as echarts from 'echarts'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { loadJiangsuCityBoundaries } from './boundaries.js'
import { NO_DATA_LABEL, choroplethMap, type ChoroplethInput } from './choropleth-map.js'
import { rankLabel, rankingChart, type RankingChartInput } from './ranking-chart.js'
import { SERIES_CHART_NAMES, seriesChart, type SeriesChartInput } from './series-chart.js'
import { FONT_FAMILY, formatFixed, formatNumber } from './theme.js'

const examples = JSON.parse(readFileSync(new URL('../../../test/fixtures/charts/examples.json', import.meta.url), 'utf8')) as {
  series: SeriesChartInput
  ranking: RankingChartInput
  choropleth: Omit<ChoroplethInput, 'geojson'>
}

// What the tests read of each option, checked with zod: EChartsOption is a wide union of every chart type, and a
// parse fails the test when the option lacks a part (or has it in another shape) where a cast would not.
const title = z.object({ text: z.string(), subtext: z.string().optional() })
const label = z.object({ show: z.boolean().optional(), position: z.string().optional(), formatter: z.unknown().optional() })

const seriesOptionView = z.object({
  title,
  textStyle: z.object({ fontFamily: z.string() }),
  xAxis: z.object({ type: z.string(), data: z.array(z.string()) }),
  yAxis: z.object({ name: z.string() }),
  legend: z.object({ data: z.array(z.union([z.string(), z.object({ name: z.string() })])) }),
  series: z.array(
    z.object({
      type: z.string(),
      name: z.string(),
      data: z.array(z.number().nullable()),
      stack: z.string().optional(),
      connectNulls: z.boolean().optional(),
      lineStyle: z.object({ type: z.string().optional() }).optional(),
      areaStyle: z.unknown().optional(),
      markLine: z.object({ data: z.unknown(), label }).optional(),
      markPoint: z.object({ data: z.array(z.object({ coord: z.unknown() })) }).optional(),
    }),
  ),
})

const rankingOptionView = z.object({
  xAxis: z.object({ type: z.string() }),
  yAxis: z.object({ type: z.string(), inverse: z.boolean(), data: z.array(z.string()) }),
  series: z.array(z.object({ type: z.string(), label, data: z.array(z.object({ name: z.string(), value: z.number(), label })) })),
})

const choroplethOptionView = z.object({
  title,
  visualMap: z.object({
    type: z.string(),
    min: z.number(),
    max: z.number(),
    text: z.array(z.string()),
    outOfRange: z.object({ color: z.array(z.string()) }),
  }),
  graphic: z.array(z.unknown()),
  series: z.array(
    z.object({
      type: z.string(),
      map: z.string(),
      label,
      data: z.array(
        z.object({
          name: z.string(),
          value: z.union([z.number(), z.literal('-')]),
          label,
          itemStyle: z.object({ areaColor: z.string().optional() }).optional(),
        }),
      ),
    }),
  ),
})

type SeriesView = z.infer<typeof seriesOptionView>['series'][number]
type RankingBar = z.infer<typeof rankingOptionView>['series'][number]['data'][number]
type MapArea = z.infer<typeof choroplethOptionView>['series'][number]['data'][number]

describe('seriesChart', () => {
  const raw = seriesChart(examples.series)
  const option = seriesOptionView.parse(raw)
  const series = option.series
  const byName = (name: string): SeriesView => {
    const s = series.find((x) => x.name === name)
    if (!s) throw new Error(`no series ${name}`)
    return s
  }
  const years = option.xAxis.data

  it('draws lines on a year axis covering observations, target and forecast', () => {
    expect(series.every((s) => s.type === 'line')).toBe(true)
    expect(series.map((s) => s.name)).toEqual(['实际值', '规划路径', '预测区间下限', '90% 预测区间', '预测'])
    expect(option.xAxis.type).toBe('category')
    expect(years).toEqual(['2020', '2021', '2022', '2023', '2024', '2025', '2026', '2027'])
    expect(byName('实际值').data).toEqual([73.44, 73.94, 74.4, 75.04, 75.5, null, null, null])
    expect(option.yAxis.name).toBe('%')
    expect(option.title.text).toBe('江苏省常住人口城镇化率')
  })

  it('draws the plan path from baseline to target dashed and marks the target', () => {
    const path = byName(SERIES_CHART_NAMES.path)
    expect(path.lineStyle?.type).toBe('dashed')
    expect(path.connectNulls).toBe(true)
    expect(path.data[years.indexOf('2020')]).toBe(73.44)
    expect(path.data[years.indexOf('2025')]).toBe(75)
    expect(path.data.filter((v) => v !== null)).toHaveLength(2)
    expect(path.markLine?.data).toEqual([{ name: '目标', yAxis: 75 }])
    expect(path.markLine?.label.formatter).toBe('2025年目标 ≥75%')
    expect(path.markPoint?.data[0]?.coord).toEqual(['2025', 75])
  })

  it('continues the first series with a dashed forecast and a stacked 90% band', () => {
    const line = byName(SERIES_CHART_NAMES.forecast)
    const lower = byName(SERIES_CHART_NAMES.bandLower)
    const band = byName('90% 预测区间')
    expect(line.lineStyle?.type).toBe('dashed')
    // Anchored at the last observation (2024) so the forecast joins the observed line.
    expect(line.data).toEqual([null, null, null, null, 75.5, 76.03, 76.5, 76.95])
    expect(lower.stack).toBe(band.stack)
    expect(lower.data[years.indexOf('2025')]).toBe(75.87)
    expect(band.data[years.indexOf('2024')]).toBe(0)
    expect(band.data[years.indexOf('2025')]).toBeCloseTo(76.3 - 75.87, 10)
    expect(band.areaStyle).toBeDefined()
    expect(lower.areaStyle).toBeUndefined()
  })

  it('lists the visible series in the legend, not the band helper', () => {
    const names = option.legend.data.map((d) => (typeof d === 'string' ? d : d.name))
    expect(names).toEqual(['实际值', '规划路径', '预测', '90% 预测区间'])
  })

  it('uses a CJK font stack and is plain JSON data (snapshot-able)', () => {
    expect(option.textStyle.fontFamily).toBe(FONT_FAMILY)
    expect(FONT_FAMILY).toContain('Noto Sans CJK SC')
    expect(FONT_FAMILY).toContain('Microsoft YaHei')
    expect(JSON.parse(JSON.stringify(raw))).toEqual(raw)
  })

  it('works without target and forecast, with gaps, and with several series', () => {
    const o = seriesOptionView.parse(
      seriesChart({
        title: '常住人口',
        unit: '万人',
        series: [
          {
            name: '南京市',
            points: [
              { year: 2020, value: 931 },
              { year: 2021, value: null },
              { year: 2022, value: 949 },
            ],
          },
          { name: '苏州市', points: [{ year: 2021, value: 1284.8 }] },
        ],
      }),
    )
    expect(o.series.map((s) => s.name)).toEqual(['南京市', '苏州市'])
    expect(o.series[0]!.data).toEqual([931, null, 949])
    expect(o.series[1]!.data).toEqual([null, 1284.8, null])
    expect(o.series.some((s) => s.markLine !== undefined)).toBe(false)
    expect(o.legend.data).toEqual(['南京市', '苏州市'])
  })

  it('uses the forecast level in the band name and rejects fractional years', () => {
    const o = seriesOptionView.parse(
      seriesChart({
        title: 't',
        unit: '%',
        series: [{ name: 'a', points: [{ year: 2020, value: 1 }] }],
        forecast: { level: 0.8, points: [{ year: 2021, value: 2, low: 1, high: 3 }] },
      }),
    )
    expect(o.series.map((s) => s.name)).toContain('80% 预测区间')
    expect(() => seriesChart({ title: 't', unit: '%', series: [{ name: 'a', points: [{ year: 2020.5, value: 1 }] }] })).toThrow(/not an integer/)
    expect(() => seriesChart({ title: 't', unit: '%', series: [] })).toThrow(/no data/)
  })
})

describe('rankingChart', () => {
  const raw = rankingChart(examples.ranking)
  const option = rankingOptionView.parse(raw)
  const bars = option.series[0]!

  it('draws horizontal bars sorted by rank, best at the top', () => {
    expect(bars.type).toBe('bar')
    expect(option.yAxis.type).toBe('category')
    expect(option.yAxis.inverse).toBe(true)
    expect(option.xAxis.type).toBe('value')
    expect(option.yAxis.data.slice(0, 3)).toEqual(['苏州市', '南京市', '无锡市'])
    expect(option.yAxis.data.at(-1)).toBe('宿迁市')
    expect(bars.data.map((d) => d.value).slice(0, 3)).toEqual([89.4, 88.6, 86.1])
    expect(bars.data.map((d) => d.name)).toEqual(option.yAxis.data)
  })

  it('labels each bar with score, rank and rank interval', () => {
    const bar = (name: string): RankingBar => {
      const d = bars.data.find((x) => x.name === name)
      if (!d) throw new Error(`no bar ${name}`)
      return d
    }
    expect(bar('南京市').label.formatter).toBe('88.6　第2名（1–3）')
    expect(bar('泰州市').label.formatter).toBe('66.0　第11名（9–12）')
    expect(bars.label.show).toBe(true)
    expect(bars.label.position).toBe('right')
    expect(rankLabel({ rank: 1, rankLow: 1, rankHigh: 1 })).toBe('第1名')
    expect(rankLabel({ rank: 2, rankLow: 1, rankHigh: 4 })).toBe('第2名（1–4）')
    expect(JSON.parse(JSON.stringify(raw))).toEqual(raw)
  })

  it('rejects a rank outside its interval', () => {
    expect(() => rankingChart({ title: 't', items: [{ name: 'a', score: 1, rank: 5, rankLow: 1, rankHigh: 4 }] })).toThrow(/outside its interval/)
  })
})

describe('choroplethMap', () => {
  const geojson = loadJiangsuCityBoundaries()
  const raw = choroplethMap({ ...examples.choropleth, geojson })
  const option = choroplethOptionView.parse(raw)
  const map = option.series[0]!
  const area = (name: string): MapArea => {
    const d = map.data.find((x) => x.name === name)
    if (!d) throw new Error(`no area ${name}`)
    return d
  }

  it('is a map series over a registered map of the 13 cities', () => {
    expect(map.type).toBe('map')
    expect(typeof map.map).toBe('string')
    expect(echarts.getMap(map.map)).toBeTruthy()
    expect(map.data).toHaveLength(13)
    expect(map.data.map((d) => d.name)).toEqual(geojson.features.map((f) => f.properties.name))
    expect(map.label.show).toBe(true)
  })

  it('scales the visualMap from the smallest to the largest value', () => {
    expect(option.visualMap.type).toBe('continuous')
    expect(option.visualMap.min).toBe(63.08)
    expect(option.visualMap.max).toBe(87.01)
    expect(option.visualMap.text).toEqual(['87.0', '63.1'])
    expect(option.title.subtext).toBe('单位：%')
  })

  it('labels each city with name and value, and missing values grey with 无数据', () => {
    const nanjing = area('南京市')
    expect(nanjing.value).toBe(87.01)
    expect(nanjing.label.formatter).toBe('南京市\n87.0')
    const zhenjiang = area('镇江市')
    expect(zhenjiang.value).toBe('-')
    expect(zhenjiang.label.formatter).toBe(`镇江市\n${NO_DATA_LABEL}`)
    expect(zhenjiang.itemStyle?.areaColor).toBe(option.visualMap.outOfRange.color[0])
    expect(JSON.stringify(option.graphic)).toContain(NO_DATA_LABEL)
    expect(JSON.parse(JSON.stringify(raw))).toEqual(raw)
  })

  it('treats absent cities as missing, has no 无数据 key when nothing is missing, and rejects unknown codes', () => {
    const one = choroplethOptionView.parse(choroplethMap({ title: 't', unit: '%', geojson, values: [{ code: '320500', name: '苏州市', value: 5 }] }))
    expect(one.series[0]!.data.filter((d) => d.value === '-')).toHaveLength(12)
    expect(one.visualMap.min).toBe(5)
    expect(one.visualMap.max).toBeGreaterThan(5)
    const full = choroplethOptionView.parse(
      choroplethMap({
        title: 't',
        unit: '%',
        geojson,
        values: geojson.features.map((f, i) => ({ code: f.properties.code, name: f.properties.name, value: i })),
      }),
    )
    expect(full.graphic).toEqual([])
    expect(full.visualMap.text).toEqual(['12', '0'])
    expect(() => choroplethMap({ title: 't', unit: '%', geojson, values: [{ code: '340100', name: '合肥市', value: 1 }] })).toThrow(/not a region of the map/)
  })
})

describe('number formatting', () => {
  it('formats labels', () => {
    expect(formatNumber(75)).toBe('75')
    expect(formatNumber(75.5)).toBe('75.5')
    expect(formatNumber(12345.678, 1)).toBe('12,345.7')
    expect(formatNumber(-0.001)).toBe('0')
    expect(formatFixed(66, 1)).toBe('66.0')
    expect(formatFixed(-0.01, 1)).toBe('0.0')
  })
})
