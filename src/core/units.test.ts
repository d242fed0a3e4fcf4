import { describe, expect, it } from 'vitest'

import { convertUnit, sameUnit, unitInText } from './units.js'

describe('convertUnit', () => {
  it('converts within a family by powers of ten, exactly', () => {
    expect(convertUnit('84748016', '人', '万人')).toBe('8474.8016')
    expect(convertUnit('8474.8016', '万人', '人')).toBe('84748016')
    expect(convertUnit('6.35', '万元', '元')).toBe('63500')
    expect(convertUnit('1163642000', '万元', '亿元')).toBe('116364.2')
    expect(convertUnit('2.5', '万亿元', '亿元')).toBe('25000')
    expect(convertUnit('3240', '万张', '万张')).toBe('3240')
  })

  it('accepts spellings of the same unit', () => {
    expect(convertUnit('73.44', '％', '%')).toBe('73.44')
    expect(convertUnit('2.11', ':1', 'ratio')).toBe('2.11')
    expect(convertUnit('27.9', 'μg/m³', 'μg/m3')).toBe('27.9')
    expect(sameUnit('万人', '10k persons')).toBe(true)
  })

  it('refuses to convert across families', () => {
    expect(convertUnit('100', '元', '万人')).toBeUndefined()
    expect(convertUnit('100', '%', '亿元')).toBeUndefined()
    expect(convertUnit('100', 'furlongs', '亿元')).toBeUndefined()
  })

  it('keeps the value when no unit is given', () => {
    expect(convertUnit('12.5', '', '万人')).toBe('12.5')
  })
})

describe('unitInText', () => {
  it('finds a unit in a heading', () => {
    expect(unitInText('总人口(万人)')).toEqual({ unit: '万人', rest: '总人口' })
    expect(unitInText('地区生产总值（万元）')).toEqual({ unit: '万元', rest: '地区生产总值' })
    expect(unitInText('城镇人口比重(%)')).toEqual({ unit: '%', rest: '城镇人口比重' })
  })

  it('ignores parentheses that are not units', () => {
    expect(unitInText('县(市、区)')).toBeUndefined()
  })
})
