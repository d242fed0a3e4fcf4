/**
 * Sources shown honestly, in a real Chromium on the bundled data, signed out: where a cell has an official figure
 * (yearbook, bulletin, government report) no secondary or news figure is shown for it on the region page, the
 * indicator page or the map (Nanjing's 2018 urbanisation rate is the yearbook's 82.5, not the reprint's 85.22);
 * the sources page lists every source with its grade; the map opens on the year with the most cities and says how
 * many; the indicator chart names its sources and marks the census break. The expected figures come from the API.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, lowContrast, shot, startDashboard, type Dashboard } from '../helpers/dashboard.js'

interface Obs {
  indicator: string
  region: string
  year: number
  value: number
  source: string
  preferred: boolean
  sourceGrade: string
}

/** Runs browser JavaScript given as text (the tests compile without the DOM types) and returns its result. */
const inPage = <T>(page: Page, expression: string): Promise<T> => page.evaluate<T>(expression)

const OFFICIAL = new Set(['yearbook', 'bulletin', 'government'])
const PREFECTURES = 13

describe.skipIf(!browserTestsEnabled)('sources on the public pages', () => {
  let d: Dashboard
  let rate: Obs[]
  beforeAll(async () => {
    d = await startDashboard()
    rate = (await (await fetch(`${d.origin}/api/observations?indicator=urbanization_rate`)).json()) as Obs[]
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  /** Cells (region|year) that have an official figure. */
  const officialCells = (rows: Obs[], key: (o: Obs) => string) => new Set(rows.filter((o) => OFFICIAL.has(o.sourceGrade)).map(key))

  it('the indicator page shows the official figure of every cell that has one, names its sources and marks the census', async () => {
    const page = await d.page()
    await page.goto(`${d.base}#/indicator/urbanization_rate`)
    await page.getByTestId('indicator-table').locator('tbody tr').first().waitFor()
    const nanjing2018 = page.locator('[data-testid=indicator-table] td[data-region="320100"][data-year="2018"]')
    expect(await nanjing2018.innerText()).toContain('82.5')
    expect(await nanjing2018.innerText()).not.toContain('85.22')
    expect(await nanjing2018.locator('[data-grade]').getAttribute('data-grade')).toBe('yearbook')
    expect(await nanjing2018.getAttribute('title')).toContain('官方年鉴')

    const official = officialCells(rate, (o) => `${o.region}|${o.year}`)
    const cells = await inPage<Array<{ key: string; grade: string | null }>>(
      page,
      `[...document.querySelectorAll('[data-testid=indicator-table] td[data-region]')].map((td) => ({
        key: td.getAttribute('data-region') + '|' + td.getAttribute('data-year'),
        grade: td.querySelector('[data-grade]')?.getAttribute('data-grade') ?? null,
      }))`,
    )
    const checked = cells.filter((c) => official.has(c.key))
    expect(checked.length).toBeGreaterThan(20)
    for (const c of checked) expect(OFFICIAL.has(c.grade ?? ''), c.key).toBe(true)

    // The chart names its sources (the yearbook among them) and draws the census break.
    const note = await page.getByTestId('chart-sources').innerText()
    expect(note).toContain('来源：')
    expect(note).toContain('江苏统计年鉴2019')
    expect(note).toContain('官方年鉴')
    expect(await page.getByTestId('census-note').innerText()).toContain('第七次全国人口普查')
    await page.waitForTimeout(600)
    await shot(page, 'sources-1-indicator')
    // SVG text has no innerText: read its textContent.
    await expect
      .poll(() => inPage<string[]>(page, `[...document.querySelectorAll('[data-testid=indicator-chart] svg text')].map((x) => x.textContent)`))
      .toContain('第七次人口普查')
    // The other sources of a cell can be opened: Nanjing 2018's reprint is listed there with its grade.
    const others = page.getByTestId('table-other-sources')
    await others.locator('summary').click()
    const nanjingOthers = others.locator('li', { hasText: '南京市 2018' })
    expect(await nanjingOthers.innerText()).toContain('85.22')
    expect(await nanjingOthers.innerText()).toContain('二手转载')
    await shot(page, 'sources-1-indicator')
    expect(await lowContrast(page)).toEqual([])
  }, 90_000)

  it('the region page shows each indicator’s latest official figure where one exists, with grade and vintage, the others behind a disclosure', async () => {
    const mine = (await (await fetch(`${d.origin}/api/observations?region=320100`)).json()) as Obs[]
    const official = officialCells(mine, (o) => `${o.indicator}|${o.year}`)
    const page = await d.page()
    await page.goto(`${d.base}#/region/320100`)
    await page.getByTestId('region-latest').locator('tbody tr').first().waitFor()
    const rows = await inPage<Array<{ key: string; grade: string | null; value: string }>>(
      page,
      `[...document.querySelectorAll('[data-testid=region-latest] tbody tr')].map((tr) => ({
        key: tr.getAttribute('data-indicator') + '|' + tr.getAttribute('data-year'),
        grade: tr.querySelector('[data-testid=source-cite] [data-grade]')?.getAttribute('data-grade') ?? null,
        value: tr.querySelector('[data-testid=region-value]')?.textContent ?? '',
      }))`,
    )
    expect(rows.length).toBeGreaterThan(3)
    for (const r of rows) {
      expect(r.grade, r.key).not.toBeNull()
      if (official.has(r.key)) expect(OFFICIAL.has(r.grade ?? ''), r.key).toBe(true)
      // The value shown is the preferred figure of that cell.
      const [indicator, year] = r.key.split('|')
      const preferred = mine.find((o) => o.indicator === indicator && o.year === Number(year) && o.preferred)!
      expect(Number(r.value.replace(/,/g, '')), r.key).toBeCloseTo(preferred.value, 2)
    }
    await shot(page, 'sources-2-region')
    expect(await lowContrast(page)).toEqual([])
    // A badge leads to the sources page, with its source picked out.
    await page.locator('[data-testid=region-latest] [data-testid=source-cite] a.grade').first().click()
    await page.getByTestId('sources-table').waitFor()
    expect(await page.locator('[data-testid=sources-table] tr.highlight').count()).toBe(1)
  }, 90_000)

  it('the map opens on the latest year with the most cities, says how many have data, and its tooltip cites the yearbook', async () => {
    // By hand from the API: the years with the most prefecture cities, the latest of them.
    const cities = rate.filter((o) => /^32\d\d00$/.test(o.region) && o.region !== '320000')
    const count = new Map<number, number>()
    for (const y of new Set(cities.map((o) => o.year))) count.set(y, new Set(cities.filter((o) => o.year === y).map((o) => o.region)).size)
    const most = Math.max(...count.values())
    const year = Math.max(...[...count].filter(([, n]) => n === most).map(([y]) => y))
    expect(year).not.toBe(Math.max(...count.keys()))

    const page = await d.page()
    await page.goto(`${d.base}#/map`)
    await page.locator('[data-testid=map] svg path').first().waitFor()
    expect(await page.getByTestId('map-coverage').innerText()).toContain(`${PREFECTURES} 个设区市中 ${most} 个有数据`)
    expect(
      await page
        .locator('label', { has: page.getByTestId('year-slider') })
        .locator('strong')
        .innerText(),
    ).toBe(String(year))
    expect(await page.getByTestId('year-ticks').innerText()).toContain(String(year))
    const nanjing = page.locator('[data-testid=map-table] tbody tr', { hasText: '南京市' })
    expect(await nanjing.innerText()).toContain('82.5')
    expect(await nanjing.innerText()).not.toContain('85.22')
    expect(await nanjing.locator('[data-testid=source-cite] [data-grade]').first().getAttribute('data-grade')).toBe('yearbook')
    expect(await page.getByTestId('map-sources').innerText()).toContain('江苏统计年鉴2019')

    // Hover 南京市's label on the map: the tooltip gives the yearbook figure and grade.
    const label = page.locator('[data-testid=map] svg text', { hasText: '南京市' }).first()
    const box = (await label.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    const tooltip = page.locator('[data-testid=map] div', { hasText: '官方年鉴' }).last()
    await tooltip.waitFor()
    const tip = await tooltip.innerText()
    expect(tip).toContain('82.5')
    expect(tip).not.toContain('85.22')

    // Indicators without a single published figure are listed as such and cannot be chosen.
    const coverage = (await (await fetch(`${d.origin}/api/coverage`)).json()) as Array<{ indicator: string; figures: number }>
    const empty = coverage.filter((c) => c.figures === 0).map((c) => c.indicator)
    expect(empty.length).toBeGreaterThan(0)
    const marked = await inPage<Array<{ value: string; disabled: boolean; text: string }>>(
      page,
      `[...document.querySelectorAll('select option[data-nodata=true]')].map((o) => ({ value: o.value, disabled: o.disabled, text: o.textContent }))`,
    )
    expect(marked.map((m) => m.value).sort()).toEqual([...empty].sort())
    for (const m of marked) {
      expect(m.disabled).toBe(true)
      expect(m.text).toContain('无数据')
    }
    await shot(page, 'sources-3-map')
    expect(await lowContrast(page)).toEqual([])
  }, 90_000)

  it('the sources page lists every source with its grade, best grade first, and counts their figures', async () => {
    const list = (await (await fetch(`${d.origin}/api/sources`)).json()) as Array<{ source: string; grade: string; figures: number }>
    const page = await d.page()
    await page.goto(`${d.base}#/sources`)
    await page.getByTestId('sources-table').locator('tbody tr').first().waitFor()
    const rows = await inPage<Array<string | null>>(
      page,
      `[...document.querySelectorAll('[data-testid=sources-table] tbody tr')].map((tr) => tr.querySelector('[data-grade]')?.getAttribute('data-grade') ?? null)`,
    )
    expect(rows.length).toBe(list.length)
    const order = ['yearbook', 'bulletin', 'government', 'news', 'secondary', 'unrated']
    const ranks = rows.map((g) => order.indexOf(g ?? ''))
    expect(ranks.every((r) => r >= 0)).toBe(true)
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks)
    const yb = page.locator('[data-testid=sources-table] tbody tr').first()
    expect(await yb.innerText()).toContain('官方年鉴')
    expect(await yb.innerText()).toContain('tj.jiangsu.gov.cn')
    expect(await yb.innerText()).toContain(String(list[0]!.figures))
    expect(await page.getByTestId('sources-count').innerText()).toContain(`共 ${list.length} 个来源`)
    // Filtering by grade keeps only that grade.
    await page.getByTestId('grade-filter').selectOption('secondary')
    const filtered = await inPage<Array<string | null>>(
      page,
      `[...document.querySelectorAll('[data-testid=sources-table] tbody tr [data-grade]')].map((x) => x.getAttribute('data-grade'))`,
    )
    expect(filtered.length).toBe(list.filter((e) => e.grade === 'secondary').length)
    expect(new Set(filtered)).toEqual(new Set(['secondary']))
    // The nav and the footer lead here.
    expect(await page.locator('nav a[href="#/sources"]').count()).toBe(1)
    expect(await page.locator('footer a[href="#/sources"]').count()).toBe(1)
    await shot(page, 'sources-4-sources')
    expect(await lowContrast(page)).toEqual([])

    // In English: grades and the map's coverage line in English.
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await page.getByTestId('grade-filter').selectOption('')
    await expect.poll(() => page.getByTestId('sources-table').locator('tbody tr').first().innerText()).toContain('Official yearbook')
    expect(await page.getByTestId('sources-count').innerText()).toContain(`${list.length} sources`)
    await page.goto(`${d.base}#/map`)
    await page.locator('[data-testid=map] svg path').first().waitFor()
    expect(await page.getByTestId('map-coverage').innerText()).toMatch(/^\d+ of 13 cities have data/)
    expect(await page.getByTestId('map-sources').innerText()).toContain('Jiangsu Statistical Yearbook 2019')
    expect(d.errors).toEqual([])
  }, 90_000)
})
