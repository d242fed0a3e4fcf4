/**
 * The public dashboard in a real Chromium, signed out: the static serving, the overview, the map with a grouping
 * overlay, warnings, evaluation, open data, an indicator, a region, the reports page and the overview on a phone.
 * Text colour pairs on the pages are checked against WCAG AA (4.5:1), and the check is shown to catch grey text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, lowContrast, shot, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('the public pages', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('serves the app under /app/ with cache headers, without shadowing /api', async () => {
    const root = await fetch(`${d.origin}/`, { redirect: 'manual' })
    expect(root.status).toBe(302)
    expect(root.headers.get('location')).toBe('/app/')
    const index = await fetch(d.base)
    expect(index.status).toBe(200)
    expect(index.headers.get('cache-control')).toBe('no-cache')
    const asset = (await index.text()).match(/assets\/[^"]+\.js/)![0]
    expect((await fetch(`${d.base}${asset}`)).headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${d.origin}/api/health`)).status).toBe(200)
  })

  it('shows the overview, the map with a grouping overlay, and the other public pages', async () => {
    const { base } = d
    const anon = await d.page()

    // Overview: cards with Chinese status text.
    await anon.goto(base)
    await anon.getByTestId('target-card').first().waitFor()
    expect(await anon.getByTestId('target-card').count()).toBeGreaterThan(5)
    const statusText = await anon.locator('.card .badge').allInnerTexts()
    expect(statusText.some((x) => /已实现|符合预期|存在风险|明显滞后|倒退|暂无数据/.test(x))).toBe(true)
    await shot(anon, '1-overview')

    // Map: an SVG with the 13 cities, and a table of 13 rows.
    await anon.goto(`${base}#/map`)
    await anon.locator('[data-testid=map] svg path').first().waitFor()
    expect(await anon.locator('[data-testid=map-table] tbody tr').count()).toBe(13)
    await anon.waitForTimeout(500)
    await shot(anon, '2-map')
    expect(await lowContrast(anon)).toEqual([])
    // The contrast check can fail: light grey text is caught.
    await anon.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<p id=probe style=\"color:#999\">对比度探针</p>')")
    expect((await lowContrast(anon)).join('\n')).toContain('对比度探针')
    await anon.evaluate("document.getElementById('probe').remove()")

    // A grouping overlay: 苏南 outlined, the other cities faded, the grouping's own value beside the map.
    await anon.getByTestId('grouping-select').selectOption({ label: '苏南' })
    await anon.getByTestId('grouping-value').waitFor()
    const panel = await anon.getByTestId('grouping-panel').innerText()
    expect(panel).toContain('苏南')
    expect(panel).toContain('南京市、无锡市、常州市、苏州市、镇江市')
    expect(await anon.getByTestId('grouping-value').innerText()).toMatch(/\d+(\.\d+)? %/)
    expect(await anon.getByTestId('map-table').locator('tbody tr:not(.faded)').count()).toBe(5)
    expect(await anon.getByTestId('map-table').locator('tbody tr.faded').count()).toBe(8)
    // A grouping with members outside the province says which members lack data instead of a partial sum.
    await anon.getByTestId('grouping-select').selectOption({ label: '南京都市圈' })
    await expect.poll(() => anon.getByTestId('grouping-value').innerText()).toContain('缺少成员')
    await anon.getByTestId('grouping-select').selectOption({ label: '扬子江城市群' })
    await expect.poll(() => anon.getByTestId('grouping-panel').innerText()).toContain('扬子江城市群')
    await anon.getByTestId('grouping-value').waitFor()
    await anon.waitForTimeout(400)
    await shot(anon, '2-map-grouping')
    expect(await anon.getByText('系统未附带县级行政区边界').count()).toBe(1)

    for (const [hash, name, sel] of [
      ['#/warnings', '3-warnings', '.warning'],
      ['#/evaluation', '4-evaluation', 'table tbody tr'],
      ['#/opendata', '6-opendata', 'table tbody tr'],
    ] as const) {
      await anon.goto(`${base}${hash}`)
      await anon.locator(sel).first().waitFor()
      await shot(anon, name, name !== '3-warnings')
      expect(await lowContrast(anon), name).toEqual([])
    }
    // Indicator page: the chart (SVG lines) and the region × year table, Chinese heading.
    await anon.goto(`${base}#/indicator/urbanization_rate`)
    // Horizontal grid lines have no height and count as hidden: wait for the paths to be there, then for the lines.
    await anon.locator('[data-testid=indicator-chart] svg path').first().waitFor({ state: 'attached' })
    await expect.poll(() => anon.locator('[data-testid=indicator-chart] svg path').count()).toBeGreaterThan(20)
    await anon.getByTestId('indicator-table').locator('tbody tr').first().waitFor()
    expect(await anon.locator('h2').innerText()).toContain('指标：常住人口城镇化率')
    expect(await anon.getByTestId('indicator-table').locator('tbody tr').count()).toBeGreaterThan(5)
    expect(await anon.getByTestId('indicator-table').innerText()).toContain('江苏省')
    expect(await anon.getByTestId('indicator-table').locator('td[title^="来源"]').count()).toBeGreaterThan(0)
    await anon.waitForTimeout(500)
    await shot(anon, '10-indicator')

    // Region page: 南京市 with its latest values, targets, rank and warnings sections.
    await anon.goto(`${base}#/region/320100`)
    await anon.getByTestId('region-latest').locator('tbody tr').first().waitFor()
    await expect.poll(() => anon.locator('h2').innerText()).toContain('南京市')
    const latestText = await anon.getByTestId('region-latest').innerText()
    expect(latestText).toContain('常住人口城镇化率')
    expect(await anon.getByTestId('region-latest').locator('tbody tr').count()).toBeGreaterThan(3)
    await anon.getByTestId('region-rank').or(anon.getByText('该地区未参与综合评价。')).first().waitFor()
    await shot(anon, '11-region')

    // Reports: nothing is published in this store yet, and the page says so (public-reports.test.ts downloads one).
    await anon.goto(`${base}#/reports`)
    await anon.getByTestId('reports-none').waitFor()
    expect(d.errors).toEqual([])
  }, 120_000)

  it('fits the overview on a phone', async () => {
    const phone = await d.page({ width: 390, height: 844, isMobile: true })
    await phone.goto(d.base)
    await phone.getByTestId('target-card').first().waitFor()
    await shot(phone, '7-overview-phone', false)
    expect(await lowContrast(phone)).toEqual([])
    // No sideways scrolling on a phone.
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    expect(d.errors).toEqual([])
  }, 60_000)
})
