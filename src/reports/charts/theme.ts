/**
 * Shared look of urbmon's report charts: CJK-capable fonts, colours and number formatting. Values only, no ECharts
 * import, so the option builders stay plain data-in/option-out functions.
 * @module
 */

/**
 * Font stack for every text element. The SVG names these families; `svgToPng` loads Noto Sans CJK (or another CJK
 * font it finds) under the first name, browsers on Windows fall back to Microsoft YaHei.
 */
export const FONT_FAMILY = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

/** Text colours and sizes tuned to stay legible at 640×360. */
export const TEXT = {
  color: '#333333',
  muted: '#666666',
  titleSize: 15,
  subtitleSize: 11,
  labelSize: 11,
  axisSize: 11,
} as const

/** Observed series (colour-blind-safe ordering: blue, orange, green, purple, ...). */
export const SERIES_COLORS = ['#1f5fa8', '#e07b24', '#3a9a4a', '#8b5bb5', '#b5463c', '#5a8fa8', '#a8873a'] as const

export const COLORS = {
  target: '#c0392b',
  path: '#7f8c8d',
  forecast: '#1f5fa8',
  band: 'rgba(31, 95, 168, 0.18)',
  bar: '#3b78b8',
  missing: '#d6d6d6',
  border: '#ffffff',
  axisLine: '#999999',
  grid: '#e6e6e6',
  /** Sequential ramp for choropleths, light (low) to dark (high). */
  ramp: ['#eef5fb', '#c6dcef', '#8fbcdc', '#4f93c4', '#1f5fa8', '#0b3a75'],
} as const

/** Top-level options every chart shares. */
export function baseOption(): {
  animation: false
  backgroundColor: string
  textStyle: { fontFamily: string; color: string }
} {
  return { animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: FONT_FAMILY, color: TEXT.color } }
}

export function titleOption(title: string, subtitle?: string): Record<string, unknown> {
  return {
    text: title,
    ...(subtitle ? { subtext: subtitle } : {}),
    left: 'center',
    top: 6,
    itemGap: 4,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: TEXT.titleSize, fontWeight: 'bold', color: TEXT.color },
    subtextStyle: { fontFamily: FONT_FAMILY, fontSize: TEXT.subtitleSize, color: TEXT.muted },
  }
}

/**
 * Formats a number for a label: at most `maxDecimals` decimals, trailing zeros dropped, no thousands separator
 * below 10 000 (years and rates read better without), a minus sign for negatives.
 */
export function formatNumber(value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return '—'
  const fixed = value.toFixed(maxDecimals)
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
  const normalised = trimmed === '-0' ? '0' : trimmed
  if (Math.abs(value) < 10_000) return normalised
  const [int, frac] = normalised.split('.')
  const grouped = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac ? `${grouped}.${frac}` : grouped
}

/** Formats with exactly `decimals` decimals (labels of one chart line up: "66.0", "88.6"). */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return '—'
  const s = value.toFixed(decimals)
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s
}

/** Decimals enough to tell the given values apart at label precision (0–2). */
export function decimalsFor(values: ReadonlyArray<number>): number {
  let max = 0
  for (const v of values) {
    if (!Number.isFinite(v)) continue
    const s = String(Math.round(v * 100) / 100)
    const dot = s.indexOf('.')
    if (dot >= 0) max = Math.max(max, s.length - dot - 1)
  }
  return Math.min(max, 2)
}
