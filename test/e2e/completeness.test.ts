/**
 * The completeness page in a real Chromium: a reviewer sees the year's totals (counted by hand from the plan), the
 * states of one section's cells after values were entered, submitted and approved, filters the late ones, opens a
 * region's list; a reporter sees only its city with links to the entry grid; the page fits 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, lowContrast, shot, signIn, startDashboard, NANJING_REPORTER, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('the completeness page', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
    const seed = async (method: string, url: string, body: unknown) => {
      const r = await d.admin.req(method, url, body)
      expect(r.statusCode, r.body).toBe(200)
      return r.json<{ id: number }>()
    }
    // 2025 (the bundled data's latest year): 徐州 gdp submitted, 南京 retail sales approved, 南京 gdp a draft.
    const xz = await seed('PUT', '/api/observations/gdp/320300/2025', { value: 9500 })
    await seed('POST', '/api/review/submit', { ids: [xz.id] })
    const nj = await seed('PUT', '/api/observations/retail_sales/320100/2025', { value: 8000 })
    await seed('POST', '/api/review/submit', { ids: [nj.id] })
    await seed('POST', '/api/review/approve', { ids: [nj.id] })
    await seed('PUT', '/api/observations/gdp/320100/2025', { value: 18500 })
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('shows states and totals, filters the late cells, opens a region, and fits 390 px', async () => {
    const { base } = d
    const page = await d.page({ width: 1280, height: 900 })
    await signIn(page, base, 'reviewer1')
    await page.goto(`${base}#/completeness`)
    const total = page.getByTestId('completeness-total')
    await total.waitFor()
    // The plan has 66 indicators, 4 of them with a formula (derived): 62 collected × 14 regions = 868 expected.
    expect(await total.innerText()).toContain('/868 已发布')
    expect(await page.getByTestId('completeness-year').inputValue()).toBe('2025')
    expect(await page.getByTestId('completeness-legend').innerText()).toContain('⚠ 逾期')
    // Jiangsu's calendar: bulletin figures by 31 March, yearbook figures by 30 September of the next year.
    const due = await page.getByTestId('completeness-due').innerText()
    expect(due).toContain('2026-03-31')
    expect(due).toContain('2026-09-30')
    await expect.poll(() => page.getByTestId('completeness-chapters').locator('tbody tr').count()).toBe(14)
    await shot(page, 'web-completeness-chapters')

    // Section 二(三): gdp, retail sales and migrant children's schooling are collected (3 × 14 = 42 cells); of 2025
    // only 苏州's gdp is published (bundled), and every due date has passed, so the other 41 are late.
    await page.getByTestId('completeness-section').selectOption('二(三)')
    const matrix = page.getByTestId('completeness-matrix')
    await expect.poll(() => total.innerText()).toContain('1/42 已发布')
    expect(await total.innerText()).toContain('41 项逾期')
    expect(await total.innerText()).toContain('已审核 1 · 已提交 1 · 已填报 1 · 缺报 38')
    const row = (name: string) => matrix.locator('tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) })
    expect(await row('徐州市').innerText()).toContain('已提交 · 逾期')
    expect(await row('南京市').innerText()).toContain('已审核 · 逾期')
    expect(await row('南京市').innerText()).toContain('已填报（未提交） · 逾期')
    expect(await row('苏州市').innerText()).toContain('已发布')
    expect(await row('南京市').innerText()).toMatch(/0\/3 已发布, ⚠ 3 项逾期/)
    await shot(page, 'web-completeness')
    expect(await lowContrast(page)).toEqual([])

    // Late only: 苏州's published gdp leaves the matrix; the download asks for the same.
    await page.getByTestId('completeness-late').check()
    await expect.poll(() => row('苏州市').innerText()).not.toContain('已发布 ')
    expect(await row('苏州市').innerText()).toContain('缺报 · 逾期')
    const href = await page.getByRole('link', { name: '下载 CSV' }).getAttribute('href')
    expect(href).toBe(`/api/completeness?${new URLSearchParams({ format: 'csv', year: '2025', section: '二(三)', late: 'true' }).toString()}`)

    // A region's list, opened by keyboard.
    await row('南京市').getByRole('button', { name: '明细：南京市' }).focus()
    await page.keyboard.press('Enter')
    const detail = page.getByTestId('completeness-detail')
    await expect.poll(() => detail.locator('tbody tr').count()).toBe(3)
    expect(await detail.innerText()).toContain('南京市 2025 年各指标')

    // 390 px: the page does not scroll sideways (the matrix scrolls in its frame).
    await page.setViewportSize({ width: 390, height: 844 })
    await expect.poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await shot(page, 'web-completeness-390')
    expect(d.errors).toEqual([])
  })

  it('shows a reporter only its city, with links from missing cells to the entry grid; viewers are told it is not for them', async () => {
    const { base } = d
    const page = await d.page()
    await signIn(page, base, NANJING_REPORTER)
    await page.goto(`${base}#/completeness`)
    await page.getByTestId('completeness-section').selectOption('二(三)')
    const matrix = page.getByTestId('completeness-matrix')
    await expect.poll(() => matrix.locator('tbody tr').count()).toBe(1)
    const link = matrix.locator('tbody a').first()
    expect(await link.getAttribute('href')).toMatch(/^#\/data\?indicator=[a-z_]+&region=320100&year=2025$/)
    expect(d.errors).toEqual([])

    const viewer = await d.page()
    await signIn(viewer, base, 'viewer1')
    await viewer.goto(`${base}#/completeness`)
    await expect.poll(() => viewer.getByRole('alert').first().innerText()).toMatch(/.+/)
  })

  it('is in English with no Chinese left in the matrix and the legend', async () => {
    const { base } = d
    const page = await d.page({ width: 1280, height: 900 })
    await signIn(page, base, 'reviewer1')
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await page.goto(`${base}#/completeness`)
    await page.getByTestId('completeness-section').selectOption('二(三)')
    const total = page.getByTestId('completeness-total')
    await expect.poll(() => total.innerText()).toContain('1/42 published, ⚠ 41 late')
    expect(await page.getByTestId('completeness-legend').innerText()).toContain('Legend: ✓ Published')
    expect(await page.getByTestId('completeness-due').innerText()).toContain('By 2026-03-31: Gross domestic product')
    const matrix = await page.getByTestId('completeness-matrix').innerText()
    expect(matrix).toContain('Xuzhou')
    expect(matrix).toContain('Submitted · Late')
    expect(matrix).not.toMatch(/[\u4e00-\u9fff]/)
    await shot(page, 'web-completeness-en')
    expect(d.errors).toEqual([])
  })
})
