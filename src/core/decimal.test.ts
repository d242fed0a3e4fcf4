import { describe, expect, it } from 'vitest'

import { parseNumberText, shiftDecimal } from './decimal.js'

describe('shiftDecimal', () => {
  // Expected values worked out by hand: moving the decimal point, no floating-point arithmetic.
  it.each([
    ['84748016', -4, '8474.8016'],
    ['62242383', -4, '6224.2383'],
    ['6.35', 4, '63500'],
    ['14.82', 4, '148200'],
    ['0.5', -2, '0.005'],
    ['1200.50', 0, '1200.50'],
    ['-3.2', 1, '-32'],
    ['116364.2', 4, '1163642000'],
    ['5', -8, '0.00000005'],
    ['1e3', -4, '0.1'],
  ])('%s × 10^%i = %s', (text, power, expected) => {
    expect(shiftDecimal(text, power)).toBe(expected)
  })

  it('gives the exact double, where multiplying would not', () => {
    expect(Number(shiftDecimal('84748016', -4))).toBe(8474.8016)
    expect(Number(shiftDecimal('1.1', 2))).toBe(110) // 1.1 * 100 = 110.00000000000001
    expect(1.1 * 100).not.toBe(110)
  })
})

describe('parseNumberText', () => {
  it('reads the ways tables print numbers', () => {
    expect(parseNumberText('8,474.80')?.value).toBe(8474.8)
    expect(parseNumberText(' 12 ')?.value).toBe(12)
    expect(parseNumberText('１２３．５')?.value).toBe(123.5) // full-width digits
    expect(parseNumberText('−3.5')?.value).toBe(-3.5) // U+2212 minus sign
    expect(parseNumberText('1.5e2')?.value).toBe(150)
  })

  it('rejects what is not a number', () => {
    for (const s of ['12o.5', '', 'abc', '1.2.3', '—', '12%%', '0x10']) expect(parseNumberText(s)).toBeUndefined()
  })
})
