/**
 * A reporter downloads a data template from the import panel, fills it, imports it with a source through the page
 * and sees it land; the public reporting guide opens for a visitor.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, NANJING_REPORTER, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('data templates', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('downloads, fills and imports a template', async () => {
    const rep = await d.page()
    await signIn(rep, d.base, NANJING_REPORTER)
    await rep.getByText('下载填报模板', { exact: true }).first().click()
    const block = rep.getByTestId('template-download')
    await block.getByLabel('规划章节').selectOption('三')
    await block.getByLabel('年份').fill('2023')
    await shot(rep, 'templates-1-download')
    const [download] = await Promise.all([rep.waitForEvent('download'), block.getByRole('link', { name: '下载填报模板' }).click()])
    const path = await download.path()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const ws = wb.getWorksheet('数据')!
    // 10 is inside every range of chapter 三's indicators (jobs 0–1000, doctors and beds per 10 000 0–1000 …).
    let rows = 0
    ws.eachRow((row, n) => {
      if (n === 1) return
      expect(row.getCell(3).text).toBe('320100')
      row.getCell(8).value = 10
      rows++
    })
    expect(rows).toBeGreaterThan(0)
    const buffer = Buffer.from(await wb.xlsx.writeBuffer())
    const form = rep.locator('form[aria-labelledby="h-import"]')
    await form.locator('input[type=file]').setInputFiles({ name: 'template.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
    await form.locator('input[name=source]').fill('2023年南京市统计年鉴')
    await form.locator('button[type=submit]').click()
    await rep.getByTestId('import-report').waitFor()
    expect(await rep.getByTestId('import-report').locator('[role=status]').count()).toBe(1)
    await shot(rep, 'templates-2-imported')
    const r = await d.admin.req('GET', '/api/observations?region=320100&year=2023&view=current')
    const landed = r.json<Array<{ value: number; source: string }>>().filter((o) => o.source === '2023年南京市统计年鉴')
    expect(landed).toHaveLength(rows)
    expect(landed.every((o) => o.value === 10)).toBe(true)

    const visitor = await d.page()
    await visitor.goto(`${d.base}#/guide`)
    await visitor.getByRole('heading', { name: '填报指南', level: 2 }).waitFor()
    await shot(visitor, 'templates-3-guide')
    expect(d.errors).toEqual([])
  }, 60_000)
})
