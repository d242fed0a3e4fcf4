import { describe, expect, it } from 'vitest'

import { chapterNumber, compareSections, goalText } from '../web/src/plan-text.js'

describe('plan chapter order', () => {
  it('reads Chinese chapter numerals', () => {
    expect(['一', '五', '九', '十', '十一', '十九', '二十', '二十三'].map(chapterNumber)).toEqual([1, 5, 9, 10, 11, 19, 20, 23])
    expect(chapterNumber('other')).toBeNaN()
    expect(chapterNumber('')).toBeNaN()
  })

  it('sorts chapters and sections in plan order, not as they arrive (the issue’s 一 二 五 四)', () => {
    expect(['一', '二', '五', '四'].sort(compareSections)).toEqual(['一', '二', '四', '五'])
    expect(['十一', '二', '十', '九'].sort(compareSections)).toEqual(['二', '九', '十', '十一'])
    expect(['五(五)', '一(一)', '五(一)', '二(三)', '四(四)'].sort(compareSections)).toEqual(['一(一)', '二(三)', '四(四)', '五(一)', '五(五)'])
    // A chapter comes before its own sections; anything that is not a numeral goes last.
    expect(['other', '三(一)', '三'].sort(compareSections)).toEqual(['三', '三(一)', 'other'])
  })
})

describe('goal text', () => {
  it('shows the “every region” word in the reader’s language', () => {
    expect(goalText('en', '全部(all) ≥1')).toBe('all ≥1')
    expect(goalText('zh', '全部(all) ≥1')).toBe('全部 ≥1')
    expect(goalText('en', '≥ 75.5')).toBe('≥ 75.5')
  })
})
