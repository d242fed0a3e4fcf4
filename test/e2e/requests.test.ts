/**
 * Data requests (数据征集) in the browser: a provincial reviewer sends one (two indicators × every city × a year);
 * the Nanjing reporter finds it in the inbox and on the requests page, downloads its template (only Nanjing's rows)
 * and the page fits a phone.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, lowContrast, NANJING_REPORTER, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('data requests', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('a reviewer sends a request; the reporter sees it, downloads its template', async () => {
    const rev = await d.page({ width: 1280, height: 900 })
    await signIn(rev, d.base, 'reviewer1')
    await rev.goto(`${d.base}#/requests`)
    await rev.locator('summary', { hasText: '发起数据征集' }).click()
    const form = rev.getByRole('form', { name: '发起数据征集' })
    await form.getByLabel('标题').fill('2025年人口数据征集')
    await form.getByLabel('说明（可选）').fill('请各设区市于截止日前报送 2025 年常住人口和城镇人口。')
    await form.getByLabel('数据年份').fill('2025')
    await form.getByLabel('截止日期').fill('2099-03-31')
    await form.locator('summary', { hasText: '一、规划基础' }).click()
    await form.getByLabel('常住人口', { exact: true }).check()
    await form.getByLabel('城镇人口', { exact: true }).check()
    // Every city is ticked by default; one district besides: (13 cities + 江宁区) × 2 indicators = 28 cells.
    expect(await form.locator('input[name=region]:checked').count()).toBe(13)
    await form.locator('summary', { hasText: '县（市、区）' }).click()
    await form.getByLabel('江宁区', { exact: true }).check()
    await form.getByRole('button', { name: '发送征集' }).click()
    const detail = rev.getByTestId('request-detail')
    await detail.waitFor()
    expect(await detail.getByRole('heading', { name: '2025年人口数据征集' }).count()).toBe(1)
    const table = rev.getByTestId('request-progress')
    expect(await table.locator('tbody tr').count()).toBe(14)
    expect(await table.locator('thead th').count()).toBe(3)
    // Nothing for 2025 is in the bundled data: every cell says so in words.
    expect(await table.locator('td[data-state=missing]').count()).toBe(28)
    await expect.poll(() => detail.getByText('0/28 已提交').count()).toBe(1)
    await detail.getByLabel('新的截止日期').fill('2099-04-30')
    await detail.getByRole('button', { name: '修改截止日期' }).click()
    await expect.poll(() => detail.getByText('截止日期已修改').count()).toBe(1)
    // The message shows before the reloaded request does: wait for the new date too.
    await expect.poll(() => detail.getByText('2099-04-30', { exact: false }).count()).toBeGreaterThan(0)
    await shot(rev, 'requests-1-detail')
    // A second request, for 2023: the bundled files (data/observations) hold resident_pop of 南京, 无锡, 徐州 and
    // urban_pop of 南京 for 2023, published: 4 of the 6 cells.
    const again = await d.admin.req('POST', '/api/requests', {
      title: '2023年人口数据复核',
      indicators: ['resident_pop', 'urban_pop'],
      regions: ['320100', '320200', '320300'],
      year: 2023,
      due: '2026-01-31',
    })
    expect(again.statusCode, again.body).toBe(201)
    await rev.goto(`${d.base}#/requests`)
    await rev.getByTestId('requests-table').getByRole('link', { name: '2025年人口数据征集' }).waitFor()
    await shot(rev, 'web-requests')
    await expect.poll(() => rev.getByTestId('requests-table').getByText('4/6 已提交').count()).toBe(1)
    expect(await lowContrast(rev)).toEqual([])
    await rev.getByRole('button', { name: 'Switch to English' }).click()
    await rev.getByRole('link', { name: '2025年人口数据征集' }).click()
    await expect.poll(() => rev.getByTestId('request-detail').getByText('0/28 submitted').count()).toBe(1)
    expect(await rev.getByTestId('request-progress').locator('td', { hasText: 'Missing' }).count()).toBe(28)
    await shot(rev, 'requests-6-english')
    await rev.getByRole('button', { name: '切换到中文' }).click()

    const rep = await d.page()
    await signIn(rep, d.base, NANJING_REPORTER)
    await rep.goto(`${d.base}#/inbox`)
    const inbox = rep.getByTestId('inbox-requests')
    await inbox.waitFor()
    expect(await inbox.getByText('2025年人口数据征集').count()).toBe(1)
    expect(await inbox.getByText('已填写 0/4 · 已提交 0/4').count()).toBe(1)
    await shot(rep, 'requests-2-inbox')
    await rep.goto(`${d.base}#/requests`)
    const card = rep.locator('section.card', { hasText: '2025年人口数据征集' })
    await card.waitFor()
    expect(await card.getByRole('link', { name: '去填报 2025 年数据' }).getAttribute('href')).toBe('#/data?year=2025')
    const [download] = await Promise.all([rep.waitForEvent('download'), card.getByRole('link', { name: 'Excel（XLSX）' }).click()])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await download.path())
    const got: string[] = []
    wb.getWorksheet('数据')!.eachRow((row, n) => {
      if (n > 1) got.push(`${row.getCell(1).text} ${row.getCell(3).text} ${row.getCell(5).text}`)
    })
    // Nanjing's share: the city and its district 江宁区.
    expect(got).toEqual(['resident_pop 320100 2025', 'urban_pop 320100 2025', 'resident_pop 320115 2025', 'urban_pop 320115 2025'])
    await shot(rep, 'requests-3-reporter')

    const phone = await d.page({ width: 390, height: 844, isMobile: true })
    await signIn(phone, d.base, 'reviewer1')
    await phone.goto(`${d.base}#/requests`)
    await phone.getByTestId('requests-table').waitFor()
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await shot(phone, 'requests-4-phone')
    await phone.locator('summary', { hasText: '发起数据征集' }).click()
    await phone.getByRole('form', { name: '发起数据征集' }).getByLabel('标题').waitFor()
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await shot(phone, 'requests-5-phone-form')
    expect(d.errors).toEqual([])
  }, 90_000)
})
