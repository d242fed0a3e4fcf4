/**
 * The dashboard's source helpers (web/src/source-view.ts) on hand-made data: the map's default year, the figure a
 * cell shows, a line cut into one-source runs, the census break and a source's display name.
 */
import { describe, expect, it } from 'vitest'

import type { SourceEntry } from '../src/contract/index.js'
import { type Candidate, cellsOf, crossesCensusWithBreak, defaultMapYear, hostOf, sourceName, comparableRuns } from '../web/src/source-view.js'

const cities = (n: number) => Array.from({ length: n }, (_, i) => `32${String(i + 1).padStart(2, '0')}00`)
const at = (year: number, regions: ReadonlyArray<string>) => regions.map((region) => ({ year, region }))

describe('defaultMapYear', () => {
  it('opens on the latest of the years with the most regions, not on the latest year', () => {
    // 2017 and 2018: all 13 cities; 2019: 5; 2024: 2 (early releases). By hand: 13 is the most, 2018 the later of the two.
    const cells = [...at(2017, cities(13)), ...at(2018, cities(13)), ...at(2019, cities(5)), ...at(2024, cities(2))]
    expect(defaultMapYear(cells)).toEqual({ year: 2018, count: 13 })
  })

  it('counts regions, not figures: two sources for one city in a year count once', () => {
    // 2020: 3 cities, one of them twice (two sources) = 3 regions; 2019: 4 cities. By hand: 2019 wins with 4.
    const cells = [...at(2019, cities(4)), ...at(2020, cities(3)), { year: 2020, region: '320100' }, { year: 2020, region: '320100' }]
    expect(defaultMapYear(cells)).toEqual({ year: 2019, count: 4 })
  })

  it('takes the single best year even when it is the earliest, and null without data', () => {
    expect(defaultMapYear([...at(2010, cities(12)), ...at(2015, cities(11)), ...at(2023, cities(11))])).toEqual({ year: 2010, count: 12 })
    expect(defaultMapYear([])).toBeNull()
  })
})

const cand = (p: Partial<Candidate> & Pick<Candidate, 'source'>): Candidate & { region: string } => ({
  year: 2018,
  value: 1,
  preferred: false,
  sourceGrade: 'unrated',
  sourceVintage: null,
  region: '320100',
  ...p,
})

describe('cellsOf', () => {
  it('shows the figure the server prefers and lists the others best grade first', () => {
    const figures = [
      cand({ source: 'maigoo', value: 85.22, sourceGrade: 'secondary' }),
      cand({ source: 'yb2019', value: 82.5, sourceGrade: 'yearbook', sourceVintage: '2019', preferred: true }),
      cand({ source: 'news', value: 84, sourceGrade: 'news' }),
    ]
    const cell = cellsOf(figures, (o) => `${o.region}|${o.year}`).get('320100|2018')!
    expect(cell.shown.value).toBe(82.5)
    expect(cell.others.map((o) => o.source)).toEqual(['news', 'maigoo'])
  })

  it('without a preferred mark, the best grade is shown, whatever the arrival order', () => {
    const cell = cellsOf([cand({ source: 'a', sourceGrade: 'secondary' }), cand({ source: 'b', sourceGrade: 'bulletin' })], () => 'k').get('k')!
    expect(cell.shown.source).toBe('b')
  })
})

describe('comparableRuns and the census break', () => {
  // Nanjing's shown figures as the bundled data has them: yearbook 2017-2018, bulletin 2019, secondary 2020-2021.
  const line = [
    { year: 2020, source: 'maigoo', sourceGrade: 'secondary', sourceVintage: null },
    { year: 2017, source: 'yb', sourceGrade: 'yearbook', sourceVintage: '2019' },
    { year: 2019, source: 'bulletin', sourceGrade: 'bulletin', sourceVintage: null },
    { year: 2018, source: 'yb', sourceGrade: 'yearbook', sourceVintage: '2019' },
    { year: 2021, source: 'maigoo', sourceGrade: 'secondary', sourceVintage: null },
  ] as const

  it('cuts a line into runs of one grade, in year order', () => {
    expect(comparableRuns(line).map((r) => [r.grade, r.points.map((p) => p.year)])).toEqual([
      ['yearbook', [2017, 2018]],
      ['bulletin', [2019]],
      ['secondary', [2020, 2021]],
    ])
  })

  it('joins the annual bulletins of one grade, but not across the census when the source changes', () => {
    // The province: bulletin 2018, 2019 (pre-census), then the 2020…2022 bulletins (census basis). By hand: two runs,
    // 2018–2019 and 2020–2022; one bulletin series that crosses 2020 in one source and vintage stays one run.
    const bulletins = [2018, 2019, 2020, 2021, 2022].map((year) => ({ year, source: `bulletin-${year + 1}`, sourceGrade: 'bulletin' as const, sourceVintage: `${year + 1}` }))
    expect(comparableRuns(bulletins).map((r) => r.points.map((p) => p.year))).toEqual([
      [2018, 2019],
      [2020, 2021, 2022],
    ])
    const revised = [2019, 2020, 2021].map((year) => ({ year, source: 'yb-2022', sourceGrade: 'yearbook' as const, sourceVintage: '2022' }))
    expect(comparableRuns(revised).map((r) => r.points.map((p) => p.year))).toEqual([[2019, 2020, 2021]])
  })

  it('a line whose 2019 and 2020 figures come from different sources crosses the census with a break', () => {
    expect(crossesCensusWithBreak(line)).toBe(true)
  })

  it('no break for one source and vintage across 2020, for a line that does not cross 2020, or for a vintage change only after it', () => {
    const same = [2018, 2019, 2020, 2021].map((year) => ({ year, source: 'yb', sourceVintage: '2022' }))
    expect(crossesCensusWithBreak(same)).toBe(false)
    expect(crossesCensusWithBreak(line.filter((p) => p.year < 2020))).toBe(false)
    expect(crossesCensusWithBreak(line.filter((p) => p.year >= 2020))).toBe(false)
    // The same source in two vintages either side of the census is a break too.
    expect(
      crossesCensusWithBreak([
        { year: 2019, source: 'yb', sourceVintage: '2020' },
        { year: 2020, source: 'yb', sourceVintage: '2021' },
      ]),
    ).toBe(true)
  })
})

describe('sourceName', () => {
  const entry = (p: Partial<SourceEntry>): SourceEntry => ({
    source: 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm',
    grade: 'yearbook',
    vintage: '2019',
    basis: 'registry',
    publisher: null,
    publisherEn: null,
    title: null,
    titleEn: null,
    figures: 1,
    confidence: { high: 1, medium: 0, low: 0, none: 0 },
    host: 'tj.jiangsu.gov.cn',
    gradedBy: null,
    gradedAt: null,
    ...p,
  })

  it('title in the reader’s language, else the other, else the publisher, else the host, else the text', () => {
    const yb = entry({ title: '江苏统计年鉴2019 表3-6', titleEn: 'Jiangsu Statistical Yearbook 2019 table 3-6', publisher: '江苏省统计局' })
    expect(sourceName(yb, yb.source, 'zh')).toBe('江苏统计年鉴2019 表3-6')
    expect(sourceName(yb, yb.source, 'en')).toBe('Jiangsu Statistical Yearbook 2019 table 3-6')
    expect(sourceName(entry({ titleEn: 'Only English' }), 'x', 'zh')).toBe('Only English')
    expect(sourceName(entry({ publisher: '南京市统计局' }), 'x', 'en')).toBe('南京市统计局')
    expect(sourceName(undefined, 'https://www.maigoo.com/news/688384.html', 'zh')).toBe('www.maigoo.com')
    expect(sourceName(undefined, 'raw/064.txt', 'zh')).toBe('raw/064.txt')
    expect(hostOf('HTTP://User@Tj.Jiangsu.gov.cn:80/x')).toBe('tj.jiangsu.gov.cn')
  })
})
