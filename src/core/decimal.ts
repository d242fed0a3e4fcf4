/**
 * Published figures are decimal text. Converting 84748016 人 to 万人 must give 8474.8016 exactly, not
 * 8474.801600000001, so power-of-ten unit changes shift the decimal point in the text before parsing.
 * @module
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** Parses a cell as people write numbers: thousands separators, full-width digits, − signs. */
export function parseNumberText(raw: string): { text: string; value: number } | undefined {
  const s = raw
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013]/g, '-')
    .replace(/[\s,，]/g, '')
  if (!NUMBER.test(s)) return undefined
  const value = Number(s)
  return Number.isFinite(value) ? { text: s, value } : undefined
}

/** `text × 10^power`, computed on the digits. */
export function shiftDecimal(text: string, power: number): string {
  if (power === 0) return text
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) return String(Number(text) * 10 ** power)
  const sign = m[1] === '-' ? '-' : ''
  const intPart = m[2] ?? ''
  let digits = intPart + (m[3] ?? '')
  // Position of the decimal point within `digits` after the shift.
  let point = intPart.length + Number(m[4] ?? 0) + power
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length)
  const whole = digits.slice(0, point).replace(/^0+/, '') || '0'
  const rest = digits.slice(point).replace(/0+$/, '')
  const out = whole + (rest ? `.${rest}` : '')
  return out === '0' ? out : sign + out
}

export function decimalsOf(text: string): number {
  const m = /\.(\d+)/.exec(text)
  return m?.[1]?.length ?? 0
}
