/**
 * The open-data pages in Chromium, signed out: the catalogue lists each indicator's metadata, its "download all"
 * link gives the archive, an indicator without data has no download link and says so, an indicator's metadata
 * page shows its sources with their grades and coverage, the reporting status links to it, and the header's
 * search box leads to results.
 */
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, shot, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('open data in the browser', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('lists metadata, downloads everything, and offers no link where there is no data', async () => {
    const page = await d.page()
    await page.goto(`${d.base}#/opendata`)
    const rate = page.locator('tr[data-indicator=urbanization_rate]')
    await rate.waitFor()
    const rateText = await rate.innerText()
    expect(rateText).toContain('城镇常住人口占常住总人口的比重')
    expect(rateText).toMatch(/\d{4}–\d{4} 年，\d+ 个地区/)
    expect(rateText).toContain('2026-01-01')
    expect(await rate.getByRole('link', { name: 'CSV 中文' }).getAttribute('href')).toBe('/api/open-data/indicators/urbanization_rate/data.csv')

    // No data, no link: the row says why instead.
    const gap = page.locator('tr[data-indicator=urbanization_gap]')
    expect(await gap.locator('a[download]').count()).toBe(0)
    expect(await gap.innerText()).toContain('暂无已发布数据，无可下载文件')
    // Every row either links its files or says it has none.
    for (const row of await page.locator('tbody tr[data-indicator]').all()) {
      const links = await row.locator('a[download]').count()
      const none = (await row.innerText()).includes('暂无已发布数据')
      expect(links === 2 || (links === 0 && none)).toBe(true)
    }
    expect(await page.getByTestId('licence').innerText()).toContain('CC BY 4.0')
    // No publisher configured: no empty "publisher: not set" line.
    expect(await page.getByTestId('licence').innerText()).not.toContain('未设置')

    // The download-all link: a real download with the dated name, an archive with a file per indicator with data.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-all').click()])
    expect(download.suggestedFilename()).toMatch(/^urbmon-open-data-\d{4}-\d{2}-\d{2}\.zip$/)
    const zip = await JSZip.loadAsync(await (await fetch(`${d.origin}${await page.getByTestId('download-all').getAttribute('href')}`)).arrayBuffer())
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['README.txt', 'metadata.csv', 'metadata.json']))
    const withData = await page.locator('tbody tr[data-indicator]:has(a[download])').count()
    expect(Object.keys(zip.files).filter((n) => n.startsWith('data/'))).toHaveLength(withData)
    await shot(page, 'opendata-catalogue')
    expect(d.errors).toEqual([])
  })

  it("shows an indicator's sources with grades and coverage; the status page and the search lead there", async () => {
    const page = await d.page()
    await page.goto(`${d.base}#/opendata/status`)
    await page.getByRole('heading', { name: '数据报送状态' }).waitFor()
    const first = page.getByTestId('status-chapter').first()
    expect(await first.locator('h3').innerText()).toBe('一、规划基础')
    await first.getByRole('link', { name: '常住人口城镇化率' }).click()
    await page.getByTestId('coverage').waitFor()
    const text = await page.locator('main').innerText()
    expect(text).toContain('统计年鉴')
    expect(text).toContain('江苏省统计局')
    expect(text).toContain('由公式计算：100 × 城镇人口 ÷ 常住人口')
    expect(await page.getByRole('link', { name: '各版本（全部来源）' }).getAttribute('href')).toBe('/api/open-data/indicators/urbanization_rate/data.csv?vintages=true')
    await shot(page, 'opendata-indicator')

    await page.goto(`${d.base}#/opendata/indicator/urbanization_gap`)
    await page.getByTestId('no-file').waitFor()
    expect(await page.locator('main a[download]').count()).toBe(0)

    // The header's search box.
    await page.getByRole('searchbox', { name: '搜索指标、地区、目标' }).fill('南京')
    await page.getByRole('button', { name: '搜索' }).click()
    await page.getByText('“南京”的搜索结果').waitFor()
    await page.getByRole('link', { name: '南京市' }).first().click()
    await page.waitForURL(/#\/region\/320100$/)
    expect(d.errors).toEqual([])
  })

  it('fits a phone in both languages: no sideways scroll on the open-data pages; English text in English', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const page = await d.page({ width: 390, height: 844, isMobile: true })
      await page.addInitScript(`localStorage.setItem('urbmon.lang', '${lang}')`)
      for (const [hash, ready] of [
        ['#/opendata', 'tr[data-indicator]'],
        ['#/opendata/status', '[data-testid=status-chapter]'],
        ['#/opendata/indicator/urbanization_rate', '[data-testid=coverage]'],
        ['#/search?q=urban', '.search-results li'],
      ] as const) {
        await page.goto(`${d.base}${hash}`)
        await page.locator(ready).first().waitFor()
        expect(await page.evaluate<number>('document.documentElement.scrollWidth'), `${lang} ${hash}`).toBeLessThanOrEqual(390)
        await shot(page, `opendata-${lang}-${hash.replace(/[^a-z]+/g, '_')}-390`)
      }
      if (lang === 'en') {
        await page.goto(`${d.base}#/opendata/indicator/urbanization_rate`)
        await page.getByTestId('coverage').waitFor()
        const text = await page.locator('main').innerText()
        expect(text).toContain('Urban residents as a percentage of all residents.')
        expect(text).toContain('computed by the formula 100 × Urban resident population ÷ Resident population')
        expect(text).toContain('statistical yearbook')
        expect(text).toContain('Jiangsu Provincial Bureau of Statistics')
      }
    }
    expect(d.errors).toEqual([])
  })
})
