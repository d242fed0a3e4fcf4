/**
 * Ranking chart: horizontal bars of scores, best rank at the top, each bar labelled with its score, rank and the
 * rank's uncertainty interval, e.g. "86.2　第2名（1–4）".
 * @module
 */
import type { BarSeriesOption, EChartsOption } from 'echarts'
import { COLORS, FONT_FAMILY, TEXT, baseOption, decimalsFor, formatFixed, titleOption } from './theme.js'

export interface RankingItem {
  readonly name: string
  readonly score: number
  /** 1 = best. */
  readonly rank: number
  /** Best plausible rank (smallest number) of the interval. */
  readonly rankLow: number
  /** Worst plausible rank (largest number) of the interval. */
  readonly rankHigh: number
}

export interface RankingChartInput {
  readonly title: string
  /** Shown under the title; default explains the bracket. Pass "" for none. */
  readonly subtitle?: string
  /** Name of the score axis; default "得分". */
  readonly scoreName?: string
  readonly items: ReadonlyArray<RankingItem>
  /** Decimals of the score labels; default 1, or 0 when all scores are whole numbers. */
  readonly decimals?: number
}

export const RANKING_DEFAULT_SUBTITLE = '标签：得分　名次（括号内为名次区间）'

/** "第2名（1–4）", or "第2名" when the interval is a single rank. */
export function rankLabel(item: Pick<RankingItem, 'rank' | 'rankLow' | 'rankHigh'>): string {
  const interval = item.rankLow === item.rankHigh ? '' : `（${item.rankLow}–${item.rankHigh}）`
  return `第${item.rank}名${interval}`
}

export function rankingChart(input: RankingChartInput): EChartsOption {
  for (const it of input.items) {
    if (!(it.rankLow <= it.rank && it.rank <= it.rankHigh)) {
      // programmer error: ranks come from the evaluation, which keeps them inside their intervals
      throw new Error(`rankingChart: ${it.name} has rank ${it.rank} outside its interval ${it.rankLow}–${it.rankHigh}`)
    }
  }
  const items = [...input.items].sort((a, b) => a.rank - b.rank || b.score - a.score || a.name.localeCompare(b.name, 'zh'))
  const decimals = input.decimals ?? Math.min(1, decimalsFor(items.map((i) => i.score)))
  const subtitle = input.subtitle ?? RANKING_DEFAULT_SUBTITLE
  const longestLabel = Math.max(0, ...items.map((i) => formatFixed(i.score, decimals).length * 0.6 + rankLabel(i).length))

  const bars: BarSeriesOption = {
    type: 'bar',
    name: input.scoreName ?? '得分',
    barMaxWidth: 18,
    barCategoryGap: '28%',
    itemStyle: { color: COLORS.bar },
    label: {
      show: true,
      position: 'right',
      distance: 6,
      fontFamily: FONT_FAMILY,
      fontSize: TEXT.labelSize,
      color: TEXT.color,
    },
    data: items.map((it) => ({
      name: it.name,
      value: it.score,
      label: { formatter: `${formatFixed(it.score, decimals)}　${rankLabel(it)}` },
    })),
  }

  return {
    ...baseOption(),
    title: titleOption(input.title, subtitle || undefined),
    grid: {
      left: 12,
      // Room for the bar labels right of the longest bar (CJK glyphs are about one font size wide).
      right: Math.ceil(16 + longestLabel * TEXT.labelSize),
      top: subtitle ? 60 : 44,
      bottom: 26,
      containLabel: true,
    },
    xAxis: {
      type: 'value',
      name: input.scoreName ?? '得分',
      nameLocation: 'middle',
      nameGap: 22,
      nameTextStyle: { fontFamily: FONT_FAMILY, fontSize: TEXT.axisSize, color: TEXT.muted },
      splitLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: TEXT.axisSize, color: TEXT.muted },
      ...(items.every((i) => i.score >= 0) ? { min: 0 } : {}),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => i.name),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.axisLine } },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: TEXT.axisSize, color: TEXT.color, interval: 0 },
    },
    series: [bars],
  }
}
