/**
 * The preferred-source rule as a hand-written table: each case lists a cell's candidates and the one the rule must
 * pick, with the step that decides it (reviewer choice → plan patterns → grade → vintage → confidence → latest
 * write → id). Grades, vintages and choices come from a ranking built here, as the store would give it.
 */
import { describe, expect, it } from 'vitest'

import { buildSourceRanking, compareCandidates, NO_RANKING, pickPreferred, type Candidate, type GradedSource } from './preferred-source.js'

const graded = (source: string, grade: GradedSource['grade'], vintage: string | null = null): GradedSource => ({ source, grade, vintage, basis: 'registry' })

const ranking = buildSourceRanking({
  sources: [
    graded('yb2019', 'yearbook', '2019'),
    graded('yb2021', 'yearbook', '2021'),
    graded('yb-nov', 'yearbook'),
    graded('yb2021-06', 'yearbook', '2021-06-30'),
    graded('bulletin', 'bulletin', '2022'),
    graded('gov', 'government'),
    graded('news', 'news', '2023'),
    graded('wiki-stated', 'secondary'),
  ],
  hosts: [
    { host: 'jiangsu.gov.cn', grade: 'government' },
    { host: 'tj.jiangsu.gov.cn', grade: 'yearbook' },
    { host: 'maigoo.com', grade: 'secondary' },
  ],
  choices: [{ indicator: 'rate', region: '320100', source: 'news' }],
})

const c = (id: number, source: string, updatedAt = '2024-01-01T00:00:00Z', confidence?: Candidate['confidence']): Candidate => ({
  id,
  source,
  updatedAt,
  ...(confidence !== undefined ? { confidence } : {}),
})
const plain = { id: 'gdp', preferredSources: [] as string[] }

describe('pickPreferred', () => {
  const cases: Array<{ name: string; candidates: Candidate[]; indicator?: { id: string; preferredSources: string[] }; region?: string; want: number }> = [
    // 1. A reviewer's choice beats everything, when the cell has that source.
    { name: 'reviewer choice over a better grade', candidates: [c(1, 'yb2021'), c(2, 'news')], indicator: { id: 'rate', preferredSources: [] }, region: '320100', want: 2 },
    {
      name: 'reviewer choice over the plan patterns',
      candidates: [c(1, 'yb2021'), c(2, 'news')],
      indicator: { id: 'rate', preferredSources: ['yb'] },
      region: '320100',
      want: 2,
    },
    { name: 'a choice for another region does not apply', candidates: [c(1, 'yb2021'), c(2, 'news')], indicator: { id: 'rate', preferredSources: [] }, region: '320200', want: 1 },
    {
      name: 'a chosen source the cell lacks falls through to the rule',
      candidates: [c(1, 'yb2019'), c(3, 'gov')],
      indicator: { id: 'rate', preferredSources: [] },
      region: '320100',
      want: 1,
    },
    // 2. Plan patterns next (first pattern that matches, in pattern order).
    { name: 'plan pattern over a better grade', candidates: [c(1, 'yb2021'), c(2, 'https://www.maigoo.com/x')], indicator: { id: 'gdp', preferredSources: ['maigoo'] }, want: 2 },
    // 3. Grade.
    {
      name: 'yearbook over secondary (Nanjing 2018)',
      candidates: [c(1, 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm', '2024-01-01'), c(2, 'https://www.maigoo.com/news/688384.html', '2025-01-01')],
      want: 1,
    },
    { name: 'bulletin over government though newer vintage absent', candidates: [c(1, 'gov', '2025-01-01'), c(2, 'bulletin', '2020-01-01')], want: 2 },
    { name: 'news over an unrated source written later', candidates: [c(1, 'news', '2020-01-01'), c(2, 'unknown.example', '2025-01-01')], want: 1 },
    { name: 'secondary over unrated', candidates: [c(1, 'some text', '2025-01-01'), c(2, 'wiki-stated', '2020-01-01')], want: 2 },
    {
      name: 'host rule: longest suffix wins (tj.jiangsu.gov.cn yearbook over jiangsu.gov.cn government)',
      candidates: [c(1, 'http://www.jiangsu.gov.cn/a'), c(2, 'http://tj.jiangsu.gov.cn/b')],
      want: 2,
    },
    { name: 'host rule matches sub-domains only on a dot', candidates: [c(1, 'http://notmaigoo.com/a', '2025-01-01'), c(2, 'https://m.maigoo.com/b', '2020-01-01')], want: 2 },
    // 4. Vintage within a grade: newer first, none last; years and dates compare as text.
    { name: 'newer vintage within a grade', candidates: [c(1, 'yb2021', '2020-01-01'), c(2, 'yb2019', '2025-01-01')], want: 1 },
    { name: 'a vintage beats none', candidates: [c(1, 'yb-nov', '2025-01-01'), c(2, 'yb2019', '2020-01-01')], want: 2 },
    { name: 'a mid-2021 date is newer than 2021', candidates: [c(1, 'yb2021'), c(2, 'yb2021-06')], want: 2 },
    // 5. Confidence within grade and vintage: high > medium > low > none.
    { name: 'higher confidence, same source quality', candidates: [c(1, 'a.txt', '2025-01-01', 'low'), c(2, 'b.txt', '2020-01-01', 'high')], want: 2 },
    { name: 'a stated confidence beats none', candidates: [c(1, 'a.txt', '2025-01-01'), c(2, 'b.txt', '2020-01-01', 'low')], want: 2 },
    // 6. Latest write, then the larger id.
    { name: 'latest write when all else ties', candidates: [c(1, 'a.txt', '2025-01-01', 'medium'), c(2, 'b.txt', '2020-01-01', 'medium')], want: 1 },
    { name: 'larger id when written at the same time', candidates: [c(7, 'a.txt', '2025-01-01'), c(9, 'b.txt', '2025-01-01')], want: 9 },
  ]
  for (const k of cases) {
    it(k.name, () => {
      expect(pickPreferred(k.candidates, k.indicator ?? plain, k.region ?? '320100', ranking)?.id).toBe(k.want)
      // The order of the candidates does not matter.
      expect(pickPreferred([...k.candidates].reverse(), k.indicator ?? plain, k.region ?? '320100', ranking)?.id).toBe(k.want)
    })
  }

  it('without a ranking keeps the former rule: patterns, then the latest write', () => {
    expect(pickPreferred([c(1, 'yb2021', '2020-01-01'), c(2, 'maigoo', '2025-01-01')], plain, '320100', NO_RANKING)?.id).toBe(2)
    expect(pickPreferred([], plain)).toBeUndefined()
  })

  it('compareCandidates is antisymmetric on every pair of the table', () => {
    const all = cases.flatMap((k) => k.candidates)
    for (const a of all) for (const b of all) if (a !== b && a.id !== b.id) expect(Math.sign(compareCandidates(a, b, ranking))).toBe(-Math.sign(compareCandidates(b, a, ranking)))
  })

  it('a source neither graded nor matched by a host rule is unrated, with basis none', () => {
    expect(ranking.quality('(no URL returned by search)')).toEqual({ grade: 'unrated', vintage: null, basis: 'none' })
    expect(ranking.quality('https://zh.maigoo.com/x')).toEqual({ grade: 'secondary', vintage: null, basis: 'host' })
    expect(ranking.quality('yb2019')).toEqual({ grade: 'yearbook', vintage: '2019', basis: 'registry' })
  })
})
