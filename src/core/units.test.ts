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

  // Each expectation worked by hand from a figure of data/observations/jiangsu-published-figures-2.csv.
  it('converts the units the second evidence file prints', () => {
    // 千人 = 10³ persons, 万人 = 10⁴: divide by 10.
    expect(convertUnit('8258.000', '千人', '万人')).toBe('825.8')
    // 人 → 万人: divide by 10⁴.
    expect(convertUnit('163700', '人', '万人')).toBe('16.37')
    // million = 10⁶ persons = 100 万人.
    expect(convertUnit('4.708', 'million', '万人')).toBe('470.8')
    expect(convertUnit('5.67', 'million persons', '万人')).toBe('567')
    // billion yuan = 10⁹ 元 = 10 亿元; trillion = 10¹² = 10⁴ 亿元; million = 10⁶ = 10⁻² 亿元.
    expect(convertUnit('333.76', 'billion yuan', '亿元')).toBe('3337.6')
    expect(convertUnit('1545.619', 'Billion Yuan', '亿元')).toBe('15456.19')
    expect(convertUnit('1.14386', 'trillion yuan', '亿元')).toBe('11438.6')
    expect(convertUnit('10.27', '万亿元', '亿元')).toBe('102700')
    expect(convertUnit('1731951', 'million yuan', '亿元')).toBe('17319.51')
    // km: 10³ m; km² = 10⁶ m², to 平方公里 unchanged.
    expect(convertUnit('936.2', 'km', '公里')).toBe('936.2')
    expect(convertUnit('1.5', 'km', 'm')).toBe('1500')
    expect(convertUnit('823', 'km²', '平方公里')).toBe('823')
    expect(convertUnit('823', 'km²', '万平方米')).toBe('82300')
    expect(convertUnit('14.5', 'm²', '平方米')).toBe('14.5')
    expect(convertUnit('38', 'μg/m³', 'μg/m3')).toBe('38')
    expect(convertUnit('3.2', '% of GDP', '%')).toBe('3.2')
    expect(convertUnit('75.93', '张/万人', '张/万人')).toBe('75.93')
    // 张/千人 → 张/万人: ten times as many residents, ten times the count.
    expect(convertUnit('7.593', '张/千人', '张/万人')).toBe('75.93')
    expect(convertUnit('44.34', '人/万人', '人/万人')).toBe('44.34')
    expect(convertUnit('61.5', '件/万人', '件/万人')).toBe('61.5')
    // 5G base stations: 万个 → 个 multiplies by 10⁴; 个 → 万个 divides.
    expect(convertUnit('7.1', '万个', '个')).toBe('71000')
    expect(convertUnit('45834', '个', '万个')).toBe('4.5834')
    expect(convertUnit('1020.6', '万户', '户')).toBe('10206000')
    expect(convertUnit('1020.6', '万户', '万户')).toBe('1020.6')
    expect(convertUnit('259', '万立方米/日', '立方米/日')).toBe('2590000')
    expect(convertUnit('2019', 'year', '年份')).toBe('2019')
    expect(convertUnit('13', '个设区市', '个')).toBe('13')
    expect(convertUnit('13', '个省辖市', '个')).toBe('13')
    expect(convertUnit('0', 'flag (1=yes,0=no)', 'yes/no')).toBe('0')
  })

  it('keeps a bare scale word to counted things and the families apart', () => {
    expect(convertUnit('4.708', 'million', '%')).toBeUndefined()
    expect(convertUnit('4.708', 'million', 'km')).toBeUndefined()
    expect(convertUnit('1', 'km', '平方公里')).toBeUndefined()
    expect(convertUnit('1', '张/万人', '人/万人')).toBeUndefined()
    expect(convertUnit('1', '万户', '万人')).toBeUndefined()
    expect(convertUnit('1', 'billion yuan', '万人')).toBeUndefined()
    expect(convertUnit('2019', 'year', '个')).toBeUndefined()
    expect(sameUnit('million', '百万元')).toBe(false)
    expect(sameUnit('km²', '平方公里')).toBe(true)
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
