/**
 * Numbers with units in the dashboard (web/src/quantity.ts): English has no 万 or 亿, so the value is written in
 * English scale words. Every expectation below is worked by hand from the published figure: 957.7 万人 is
 * 957.7 × 10,000 = 9,577,000 persons = 9.577 million.
 */
import { describe, expect, it } from 'vitest'

import { quantity } from '../web/src/quantity.js'

describe('quantity', () => {
  it('keeps the plan’s unit in Chinese, as the yearbooks print it', () => {
    expect(quantity('zh', 957.7, '万人')).toBe('957.7 万人')
    expect(quantity('zh', 137008, '亿元')).toBe('137,008 亿元')
    expect(quantity('zh', 75.5, '%')).toBe('75.5 %')
  })

  it('writes 万 and 亿 values in English scale words without losing a digit', () => {
    // 957.7 × 10^4 = 9,577,000
    expect(quantity('en', 957.7, '万人')).toBe('9.577 million persons')
    // 960 × 10^4 = 9,600,000 (the "960 10,000 persons")
    expect(quantity('en', 960, '万人')).toBe('9.6 million persons')
    // 8,526 × 10^4 = 85,260,000
    expect(quantity('en', 8526, '万人')).toBe('85.26 million persons')
    // 137,008 亿元 × 10^8 = 13,700,800,000,000 = 13.7008 trillion
    expect(quantity('en', 137008, '亿元')).toBe('13.7008 trillion yuan')
    // 1,729.5 × 10^8 = 172,950,000,000 = 172.95 billion
    expect(quantity('en', 1729.5, '亿元')).toBe('172.95 billion yuan')
    // 9.34 亿元 = 934,000,000 = 934 million
    expect(quantity('en', 9.34, '亿元')).toBe('934 million yuan')
    // Two decimals of 万人 are whole persons: 143.02 × 10^4 = 1,430,200
    expect(quantity('en', 143.02, '万人')).toBe('1.4302 million persons')
    // 18.7 万个 (5G base stations) = 187,000, below a million: plain digits
    expect(quantity('en', 18.7, '万个')).toBe('187,000')
    // 3.51 万人 = 35,100 persons
    expect(quantity('en', 3.51, '万人')).toBe('35,100 persons')
    // 259 万立方米/日 = 2,590,000 m³/day
    expect(quantity('en', 259, '万立方米/日')).toBe('2.59 million m³/day')
  })

  it('keeps the sign of a change', () => {
    // -12.5 万人 = -125,000 persons
    expect(quantity('en', -12.5, '万人')).toBe('-125,000 persons')
    // -250 万人 = -2,500,000
    expect(quantity('en', -250, '万人')).toBe('-2.5 million persons')
  })

  it('names the other units in English and leaves out those that are no unit', () => {
    expect(quantity('en', 75.5, '%')).toBe('75.5 %')
    expect(quantity('en', 255, '天')).toBe('255 days')
    expect(quantity('en', 44.34, '人/万人')).toBe('44.34 per 10,000 residents')
    expect(quantity('en', 823, '平方公里')).toBe('823 km²')
    expect(quantity('en', 2.19, 'ratio')).toBe('2.19')
    expect(quantity('en', 12, '个')).toBe('12')
    expect(quantity('en', 1.5, 'furlongs')).toBe('1.5 furlongs')
  })

  it('shows a dash for a missing value, in both languages', () => {
    expect(quantity('en', null, '万人')).toBe('—')
    expect(quantity('zh', Number.NaN, '万人')).toBe('—')
  })
})
