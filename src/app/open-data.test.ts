import { describe, expect, it } from 'vitest'

import { fileName, publisherFromEnv, readableFormula } from './open-data.js'

describe('open data helpers', () => {
  it('names files after indicator, region and years', () => {
    expect(fileName('urbanization_rate', '320100', [2015, 2020])).toBe('urbmon-urbanization_rate-320100-2015-2020.csv')
    expect(fileName('gdp', null, [2021, 2021], '-en')).toBe('urbmon-gdp-all-2021-en.csv')
    // Nothing outside [A-Za-z0-9_-] reaches a Content-Disposition header.
    expect(fileName('a"b', 'x/y', [2020, 2021])).toBe('urbmon-a_b-x_y-2020-2021.csv')
  })

  it('reads the publisher settings, trimmed, empty as unset', () => {
    expect(publisherFromEnv({ URBMON_OPEN_DATA_PUBLISHER: ' 江苏省发展和改革委员会 ', URBMON_OPEN_DATA_CONTACT: '' })).toEqual({
      publisher: '江苏省发展和改革委员会',
      publisherEn: null,
      contact: null,
    })
  })

  it('writes a formula with indicator names', () => {
    const plan = {
      indicators: [
        { id: 'urban_income', name: '城镇居民人均可支配收入', nameEn: 'Urban income' },
        { id: 'rural_income', name: '农村居民人均可支配收入', nameEn: 'Rural income' },
      ],
    }
    expect(readableFormula(plan as never, 'urban_income / rural_income', 'zh')).toBe('城镇居民人均可支配收入 ÷ 农村居民人均可支配收入')
    expect(readableFormula(plan as never, '100*urban_income/unknown_id', 'en')).toBe('100 × Urban income ÷ unknown_id')
  })
})
