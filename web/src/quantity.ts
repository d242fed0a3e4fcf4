/**
 * A number with its unit, as a reader of the current language expects it. Chinese keeps the plan's unit as the
 * yearbooks print it ("957.7 万人"). English has no 万 or 亿, so a value in such a unit is written out in English
 * scale words ("9.577 million persons", "13.7008 trillion yuan") — exact: the digits shown are the same digits, the
 * decimal point moved. Alone (a column heading, an axis) a unit reads "10,000 persons" (see unitText).
 */
/** The dashboard's languages (i18n.ts's Lang; not imported, as i18n.ts imports this file). */
type Lang = 'zh' | 'en'

/** Chinese units that are a power of ten times a base unit: 万人 is 10^4 persons. */
const SCALED: Readonly<Record<string, { readonly power: number; readonly base: string }>> = {
  万人: { power: 4, base: 'persons' },
  万张: { power: 4, base: 'permits' },
  万户: { power: 4, base: 'households' },
  万个: { power: 4, base: '' },
  '万立方米/日': { power: 4, base: 'm³/day' },
  亿元: { power: 8, base: 'yuan' },
}

/** English names of the plan's other units, after a number; units not listed are shown as written. */
const AFTER_NUMBER_EN: Readonly<Record<string, string>> = {
  '%': '%',
  km: 'km',
  ratio: '',
  year: '',
  'yes/no': '',
  'μg/m3': 'μg/m³',
  个: '',
  人: 'persons',
  '人/万人': 'per 10,000 residents',
  '件/万人': 'per 10,000 residents',
  '张/万人': 'per 10,000 residents',
  元: 'yuan',
  '元/人/年': 'yuan per person per year',
  天: 'days',
  平方公里: 'km²',
  平方米: 'm²',
  百分点: 'percentage points',
}

const SCALES: ReadonlyArray<{ readonly power: number; readonly word: string }> = [
  { power: 12, word: 'trillion' },
  { power: 9, word: 'billion' },
  { power: 6, word: 'million' },
]

/** Grouped digits with at most `digits` decimals, trailing zeros dropped (as the dashboard's fmt). */
function grouped(v: number, digits: number, locale: string): string {
  return Number(v.toFixed(digits)).toLocaleString(locale, { maximumFractionDigits: digits })
}

const join = (number: string, unit: string): string => (unit ? `${number} ${unit}` : number)

/**
 * `value` in `unit` with at most `digits` decimals. In English a 万/亿 unit is converted to a scale word, keeping
 * every digit: the result has `digits + power − scale` decimals, so nothing shown is rounded that was not before.
 * @example quantity('en', 957.7, '万人') // '9.577 million persons'
 * @example quantity('zh', 957.7, '万人') // '957.7 万人'
 */
export function quantity(lang: Lang, value: number | null | undefined, unit: string, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (lang === 'zh') return join(grouped(value, digits, 'zh-CN'), unit)
  const scaled = SCALED[unit]
  if (!scaled) return join(grouped(value, digits, 'en-US'), AFTER_NUMBER_EN[unit] ?? unit)
  const whole = Math.abs(value) * 10 ** scaled.power
  const scale = SCALES.find((s) => whole >= 10 ** s.power)
  if (!scale) return join(grouped(value * 10 ** scaled.power, Math.max(0, digits - scaled.power), 'en-US'), scaled.base)
  // Moving the decimal point by a power of ten: the product's float error is far below the digits kept.
  const shift = scale.power - scaled.power
  return join(`${grouped(value / 10 ** shift, digits + shift, 'en-US')} ${scale.word}`, scaled.base)
}
