/**
 * The review workflow in a real Chromium: a reporter imports a CSV with a bad cell (its row and column named),
 * fixes it and submits two years; a reviewer sees a revision beside the published value (the change in 亿元 and
 * in %) and its history, approves two rows at once, approves and publishes another, and the public then sees the
 * new value through the API and on the map. Colour contrast is checked on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, lowContrast, NANJING_REPORTER, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('the review workflow', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
    const seed = async (session: typeof d.admin, method: string, url: string, body: unknown) => {
      const r = await session.req(method, url, body)
      expect(r.statusCode, r.body).toBe(200)
      return r.json<{ version?: number }>()
    }
    // A published GDP for 南京 2024 and a revision of it waiting for review: the queue shows the change.
    const first = await seed(d.admin, 'PUT', '/api/observations/gdp/320100/2024', { value: 18000, note: '2024 统计公报（初步核算）' })
    for (const action of ['submit', 'approve', 'publish']) await seed(d.admin, 'POST', `/api/review/${action}`, { indicator: 'gdp', region: '320100', year: 2024 })
    await seed(d.admin, 'PUT', '/api/observations/gdp/320100/2024', { value: 18500.5, note: '年鉴最终核实数', version: (first.version ?? 1) + 3 })
    await seed(d.admin, 'POST', '/api/review/submit', { indicator: 'gdp', region: '320100', year: 2024 })
    // Two 2024 drafts of the reporter's, as the entry grid saves them (test/e2e/data-entry.test.ts drives the grid).
    const reporter = await d.server.login(NANJING_REPORTER)
    await seed(reporter, 'PUT', '/api/observations/urbanization_rate/320100/2024', { value: 87.66 })
    await seed(reporter, 'PUT', '/api/observations/hukou_urbanization_rate/320100/2024', { value: 79.2 })
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('imports with a fix and submits; the reviewer approves and publishes; the public sees the value', async () => {
    const { base, origin } = d
    const rep = await d.page()
    await signIn(rep, base, NANJING_REPORTER)
    // A reporter imports a CSV with a bad cell, sees the row and column, fixes it, imports again, submits.
    // The import form asks for the source the public will read (else it would be the file's name) and its grade.
    await rep.getByLabel('数据来源').fill('南京市统计局 2025年统计快报')
    await rep.getByLabel('来源等级').selectOption({ label: '统计公报' })
    const upload = async (body: string) => {
      await rep.getByLabel('文件（CSV / XLSX）').setInputFiles({ name: 'nanjing-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(body) })
      await rep.getByRole('button', { name: '上传并校验' }).click()
      await rep.getByTestId('import-report').waitFor()
    }
    await upload('indicator,region,year,value\nurbanization_rate,南京市,2025,八十八\n')
    const report = rep.getByTestId('import-report')
    await expect.poll(() => report.innerText()).toContain('未通过校验')
    const bad = await report.locator('tbody tr').first().innerText()
    expect(bad).toContain('2')
    expect(bad).toContain('D')
    expect(bad).toContain('不是数字')
    await shot(rep, '5-data-import-error')
    await upload('indicator,region,year,value\nurbanization_rate,南京市,2025,88.12\n')
    await expect.poll(() => rep.getByTestId('import-report').innerText()).toContain('导入成功')
    await shot(rep, '5-data-import-ok')
    const submitForm = rep.locator('form', { has: rep.getByRole('heading', { name: '提交审核' }) })
    await submitForm.getByLabel('年份', { exact: true }).fill('2025')
    await submitForm.getByRole('button', { name: '预览将提交的数值' }).click()
    await submitForm.getByTestId('submit-preview').getByRole('button', { name: '确认提交' }).click()
    await expect.poll(() => submitForm.locator('.state').innerText()).toMatch(/已提交 \d+ 条/)
    await submitForm.getByLabel('年份', { exact: true }).fill('2024')
    await submitForm.getByRole('button', { name: '预览将提交的数值' }).click()
    // The preview lists what goes before anything moves.
    await expect.poll(() => submitForm.getByTestId('submit-preview').innerText()).toContain('将提交 2 项')
    await shot(rep, '5-data-submit-preview')
    await submitForm.getByTestId('submit-preview').getByRole('button', { name: '确认提交' }).click()
    await expect.poll(() => submitForm.locator('.state').innerText()).toContain('已提交 2 条')
    await shot(rep, '5-data-submitted')

    // A reviewer approves and publishes.
    const rev = await d.page()
    await signIn(rev, base, 'reviewer1')
    await rev.goto(`${base}#/review`)
    const queue = rev.getByTestId('queue')
    // The revised GDP beside the published one, with the change in 亿元 and in %.
    const gdpRow = queue.locator('tr', { hasText: '地区生产总值' })
    await gdpRow.waitFor()
    const gdpText = await gdpRow.innerText()
    expect(gdpText).toContain('18,500.5')
    expect(gdpText).toContain('18,000')
    expect(gdpText).toContain('+500.5')
    expect(gdpText).toContain('(+2.8%)')
    expect(await queue.locator('tr', { hasText: '常住人口城镇化率 · 2024' }).innerText()).toContain('新增（无发布值）')
    await shot(rev, '5-data-review-diff')
    expect(await lowContrast(rev)).toEqual([])
    // Its history, from the queue: published 18,000 and the revision after it.
    await gdpRow.getByRole('button', { name: '查看修订历史：南京市 · 地区生产总值 · 2024' }).click()
    const gdpHistory = rev.getByTestId('history')
    await gdpHistory.locator('tbody tr').first().waitFor()
    expect(await gdpHistory.locator('tbody tr').first().innerText()).toContain('已提交')
    expect(await gdpHistory.locator('tbody tr').count()).toBeGreaterThanOrEqual(5)
    await gdpHistory.getByRole('button', { name: '关闭' }).click()
    // Bulk approval of the two 2024 rows the grid and the seed left.
    await gdpRow.getByRole('checkbox').check()
    await queue.locator('tr', { hasText: '常住人口城镇化率 · 2024' }).getByRole('checkbox').check()
    await rev.getByTestId('bulk-approve').click()
    // A confirmation lists what the bulk step moves.
    expect(await rev.getByTestId('review-confirm').innerText()).toContain('2 条数值')
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => rev.locator('.state-ok').first().innerText()).toContain('2 条数值 → 通过')
    await expect.poll(() => gdpRow.innerText()).toContain('已通过')
    const row = queue.locator('tr', { hasText: '88.12' })
    await row.getByRole('button', { name: '通过' }).click()
    await row.getByRole('button', { name: '发布' }).click()
    await expect.poll(() => rev.locator('.state-ok').first().innerText()).toContain('发布')
    await shot(rev, '5-data-review')

    const anon = await d.page()
    // The public sees the new value: the API and the map (latest year).
    const published = (await (await fetch(`${origin}/api/observations?indicator=urbanization_rate&region=320100&year=2025`)).json()) as Array<{
      value: number
      status: string
      source: string
      sourceGrade: string
    }>
    expect(published.find((o) => o.value === 88.12 && o.status === 'published')).toMatchObject({ source: '南京市统计局 2025年统计快报', sourceGrade: 'bulletin' })
    await anon.goto(`${base}#/`)
    await anon.goto(`${base}#/map`)
    await anon.locator('[data-testid=map-table] tbody tr').first().waitFor()
    // The slider, by keyboard, to the latest year (2025, where only 南京 has a value).
    await anon.getByTestId('year-slider').focus()
    await anon.keyboard.press('End')
    await expect.poll(() => anon.getByTestId('map-table').innerText()).toContain('88.12')
    await shot(anon, '8-map-after-publish')
    expect(d.errors).toEqual([])
  }, 120_000)
})
