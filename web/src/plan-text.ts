/** How the plan's own notation reads on screen: chapter order and target goals. */

const NUMERALS = '一二三四五六七八九'

/** The value of a Chinese chapter numeral up to 九十九 (一 1, 十 10, 十二 12, 二十一 21); NaN for anything else. */
export function chapterNumber(chapter: string): number {
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(chapter)
  if (!m || chapter === '') return Number.NaN
  const [, a = '', ten = '', b = ''] = m
  if (!ten) return a && !b ? NUMERALS.indexOf(a) + 1 : Number.NaN
  return (a ? NUMERALS.indexOf(a) + 1 : 1) * 10 + (b ? NUMERALS.indexOf(b) + 1 : 0)
}

/**
 * Plan order for chapter ids (一, 二, …, 十, 十一) and section ids (一(一), 二(三)), so lists read 一 二 三 and not in
 * the order data happened to arrive. Ids that are not numerals go last, in their own order.
 */
export function compareSections(a: string, b: string): number {
  const key = (s: string): [number, number] => {
    const [chapter = '', section = ''] = s.replace(/\)$/, '').split('(')
    return [chapterNumber(chapter), section ? chapterNumber(section) : 0]
  }
  const [ca, sa] = key(a)
  const [cb, sb] = key(b)
  const na = Number.isNaN(ca)
  const nb = Number.isNaN(cb)
  if (na || nb) return na && nb ? a.localeCompare(b) : na ? 1 : -1
  return ca - cb || (sa || 0) - (sb || 0)
}

/** The server writes "every region" goals as 全部(all) ≥1; show the word of the reader's language. */
export const goalText = (lang: 'zh' | 'en', goal: string): string => goal.replace('全部(all)', lang === 'en' ? 'all' : '全部')
