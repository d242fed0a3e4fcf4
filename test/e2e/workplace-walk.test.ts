/**
 * The whole reporting loop of issue 15 in one walk, in a real Chromium, each step through the pages a person uses:
 * a 南京 reporter downloads a template, fills it, imports it with a source and meets the consistency rule (an
 * urbanization rate of 87.5 with 800 urban of 960 resident, where 100 × 800 / 960 = 83.33), fixes the file and
 * imports it, submits after a preview; the reviewer returns the rate with a comment and approves the rest; the
 * reporter reads the comment in the inbox and on the cell, meets the same rule typing 87.5 in the grid, fixes the
 * cell and resubmits; the reviewer approves and publishes in bulk; a department reports on a task with evidence and
 * the reviewer accepts; an inspection is opened and closed; an admin creates a user and revokes a token; the
 * audit page shows each of these actions.
 */
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { browserTestsEnabled, NANJING_REPORTER, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'
import { PASSWORD } from '../helpers/server.js'
import { PDF } from '../helpers/evidence.js'

// A year beyond the bundled data: only this walk's values are in it.
const YEAR = '2026'
const SOURCE = '2026年南京市统计快报'
const DEPT = '省公安厅'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe.skipIf(!browserTestsEnabled)('the reporting loop, end to end', () => {
  let d: Dashboard
  let taskId = ''
  beforeAll(async () => {
    d = await startDashboard()
    await new UserService(d.server.ctx, d.server.ctx.regions).create(
      { username: 'e2e-police', password: PASSWORD, role: 'reporter', department: DEPT },
      'test',
      FIXED_NOW.toISOString(),
      'test',
    )
    taskId = d.server.ctx.plan.tasks.find((t) => t.lead === DEPT)?.id ?? ''
    expect(taskId).not.toBe('')
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  const values = async (indicator: string) =>
    (await d.admin.req('GET', `/api/observations?indicator=${indicator}&region=320100&year=${YEAR}&view=current`)).json<Array<{ value: number; status: string; source: string }>>()

  it('closes the loop from template to publication, tasks, inspections, accounts and the audit log', async () => {
    const { base } = d
    const rep = await d.page()
    await signIn(rep, base, NANJING_REPORTER)

    // 1. The template for chapter 一 and the year, from the import panel.
    await rep.getByText('下载填报模板', { exact: true }).first().click()
    const block = rep.getByTestId('template-download')
    await block.getByLabel('规划章节').selectOption('一')
    await block.getByLabel('年份').fill(YEAR)
    const [download] = await Promise.all([rep.waitForEvent('download'), block.getByRole('link', { name: '下载填报模板' }).click()])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await download.path())
    const sheet = wb.getWorksheet('数据')!
    const fill = async (rate: number) => {
      const typed: Record<string, number> = { urban_pop: 800, resident_pop: 960, urbanization_rate: rate }
      const found: string[] = []
      sheet.eachRow((row, n) => {
        const id = row.getCell(1).text
        if (n === 1 || !(id in typed)) return
        expect(row.getCell(3).text).toBe('320100')
        row.getCell(8).value = typed[id]!
        found.push(id)
      })
      expect(found.sort()).toEqual(['resident_pop', 'urban_pop', 'urbanization_rate'])
      return Buffer.from(await wb.xlsx.writeBuffer())
    }
    const importForm = rep.locator('form[aria-labelledby="h-import"]')
    const upload = async (buffer: Buffer) => {
      await importForm.locator('input[type=file]').setInputFiles({ name: '南京2026.xlsx', mimeType: XLSX, buffer })
      await importForm.locator('input[name=source]').fill(SOURCE)
      await importForm.locator('button[type=submit]').click()
    }

    // 2. Filled with an inconsistent rate: refused, naming the file, row and column, and nothing lands.
    await upload(await fill(87.5))
    const report = rep.getByTestId('import-report')
    await expect.poll(() => report.innerText()).toContain('83.33')
    expect(await report.innerText()).toMatch(/南京2026\.xlsx.*第 \d+ 行.*H 列/)
    await shot(rep, 'walk-1-consistency-error')
    expect(await values('urbanization_rate')).toEqual([])

    // 3. Fixed and imported with its source.
    await upload(await fill(83.33))
    await expect.poll(() => report.innerText()).toContain('导入成功')
    expect((await values('urbanization_rate')).map((o) => [o.value, o.source, o.status])).toEqual([[83.33, SOURCE, 'draft']])

    // 4. Submitted after a preview of the three values.
    const submitForm = rep.locator('form', { has: rep.getByRole('heading', { name: '提交审核' }) })
    await submitForm.getByLabel('年份', { exact: true }).fill(YEAR)
    await submitForm.getByRole('button', { name: '预览将提交的数值' }).click()
    const preview = submitForm.getByTestId('submit-preview')
    await expect.poll(() => preview.innerText()).toContain('将提交 3 项')
    for (const name of ['城镇人口', '常住人口', '常住人口城镇化率']) expect(await preview.innerText()).toContain(name)
    await shot(rep, 'walk-2-submit-preview')
    await preview.getByRole('button', { name: '确认提交' }).click()
    await expect.poll(() => submitForm.locator('.state').innerText()).toContain('已提交 3 条')

    // 5. The reviewer returns the rate with a comment and approves the populations.
    const rev = await d.page()
    await signIn(rev, base, 'reviewer1')
    await rev.goto(`${base}#/review?region=320100&year=${YEAR}`)
    const queue = rev.getByTestId('queue')
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(3)
    const rateRow = queue.locator('tr', { hasText: `常住人口城镇化率 · ${YEAR}` })
    await rateRow.getByRole('checkbox').check()
    await rev.getByTestId('bulk-comment').fill('请按快报口径核对城镇化率')
    await rev.getByTestId('bulk-return').click()
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(2)
    for (const row of await queue.locator('tbody tr').all()) await row.getByRole('checkbox').check()
    await rev.getByTestId('bulk-approve').click()
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => rev.locator('.state-ok').first().innerText()).toContain('2 条数值 → 通过')

    // 6. The reporter reads the comment in the inbox and follows the link to the cell, which shows it too.
    await rep.goto(`${base}#/inbox`)
    const returned = rep.getByTestId('inbox-returned')
    await expect.poll(() => returned.innerText()).toContain('请按快报口径核对城镇化率')
    expect(await returned.innerText()).toContain(`南京市 · 常住人口城镇化率 · ${YEAR}`)
    await shot(rep, 'walk-3-inbox')
    await returned.getByRole('link').first().click()
    const grid = rep.getByTestId('entry-grid')
    await grid.getByTestId('grid').waitFor()
    expect(await grid.getByLabel('年份', { exact: true }).inputValue()).toBe(YEAR)
    const rate = grid.getByLabel(`南京市 · 常住人口城镇化率 · ${YEAR}`, { exact: true })
    const cell = grid.locator('td.cell', { has: rep.getByLabel(`南京市 · 常住人口城镇化率 · ${YEAR}`, { exact: true }) })
    await expect.poll(() => cell.innerText()).toContain('请按快报口径核对城镇化率')
    await shot(rep, 'walk-4-returned-cell')

    // 7. Typed into the grid, 87.5 meets the rule the import met; 83.34 is saved into the imported cell.
    await rate.fill('87.5')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('失败 1 格')
    await expect.poll(() => cell.innerText()).toContain('83.33')
    await rate.fill('83.34')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('成功 1 格')
    expect((await values('urbanization_rate')).map((o) => [o.value, o.source, o.status])).toEqual([[83.34, SOURCE, 'draft']])
    await submitForm.getByLabel('年份', { exact: true }).fill(YEAR)
    await submitForm.getByRole('button', { name: '预览将提交的数值' }).click()
    await expect.poll(() => preview.innerText()).toContain('将提交 1 项')
    await preview.getByRole('button', { name: '确认提交' }).click()
    await expect.poll(() => submitForm.locator('.state').innerText()).toContain('已提交 1 条')

    // 8. The reviewer approves the rate, then publishes all three in bulk; the public sees them.
    await rev.reload()
    // The queue holds what awaits approval and what awaits publication: the resubmitted rate and the two approved.
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(3)
    await rateRow.getByRole('checkbox').check()
    await rev.getByTestId('bulk-approve').click()
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => rev.locator('.state-ok').first().innerText()).toContain('南京市 · 常住人口城镇化率 · 2026 → 通过')
    await expect.poll(() => rateRow.innerText()).toContain('已通过')
    for (const row of await queue.locator('tbody tr').all()) await row.getByRole('checkbox').check()
    await expect.poll(() => rev.getByTestId('bulk-publish').innerText()).toContain('3 条')
    await rev.getByTestId('bulk-publish').click()
    expect(await rev.getByTestId('review-confirm').innerText()).toContain('3 条数值')
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(0)
    const published = (await (await fetch(`${d.origin}/api/observations?region=320100&year=${YEAR}`)).json()) as Array<{ indicator: string; value: number }>
    expect(Object.fromEntries(published.map((o) => [o.indicator, o.value]))).toEqual({ urban_pop: 800, resident_pop: 960, urbanization_rate: 83.34 })

    // 9. A department reports on its task with evidence; the reviewer accepts.
    const police = await d.page()
    await signIn(police, base, 'e2e-police')
    await police.goto(`${base}#/tasks/${encodeURIComponent(taskId)}`)
    await police.getByTestId('task-percent').waitFor()
    await police.getByLabel('报告期').fill('2026H1')
    await police.getByLabel('进展说明').fill('积分落户细则已在 13 个设区市公开')
    await police.getByLabel('进度', { exact: true }).fill('70')
    await police.getByLabel('建议状态').selectOption('in_progress')
    await police.getByLabel('佐证材料', { exact: true }).setInputFiles({ name: '公开情况.pdf', mimeType: 'application/pdf', buffer: PDF })
    await police.getByRole('button', { name: '提交报告' }).click()
    await expect.poll(() => police.locator('form .state').first().innerText()).toContain('报告已提交')
    await rev.goto(`${base}#/tasks/${encodeURIComponent(taskId)}`)
    await rev.getByTestId('report-1').getByRole('link', { name: '下载 公开情况.pdf' }).waitFor()
    await rev.getByRole('button', { name: '采纳' }).click()
    await expect.poll(() => rev.getByTestId('task-percent').innerText()).toBe('70%')

    // 10. An inspection is opened, corrected by the department and closed.
    await rev.goto(`${base}#/inspections`)
    await rev.getByLabel('督查名称').fill('2026 年户籍制度改革专项督查')
    await rev.getByLabel('任务', { exact: true }).selectOption(taskId)
    await rev.getByLabel('发现的问题').fill('两个设区市未公开办理时限')
    await rev.getByLabel('整改要求').fill('一个月内公开')
    await rev.getByRole('button', { name: '发起', exact: true }).click()
    await expect.poll(() => rev.locator('section.card').first().innerText()).toContain('✗ 未整改')
    await police.goto(`${base}#/inspections`)
    await police.getByLabel('整改情况').fill('已公开办理时限')
    await police.getByRole('button', { name: '记录整改' }).click()
    await expect.poll(() => police.locator('section.card').first().innerText()).toContain('✓ 已整改')
    await rev.reload()
    await rev.getByLabel('督查结论').fill('整改到位')
    await rev.getByRole('button', { name: '关闭督查' }).click()
    await expect.poll(() => rev.locator('section.card').first().innerText()).toContain('● 已关闭')

    // 11. An admin creates a user; the admin's own API token is created and revoked.
    const admin = await d.page()
    acceptDialogs(admin)
    await signIn(admin, base, 'admin1')
    await admin.goto(`${base}#/users`)
    const create = admin.getByTestId('create-user')
    await create.getByLabel('用户名').fill('e2e-suzhou')
    await create.getByLabel('姓名').fill('苏州填报员')
    await create.getByLabel('搜索地区').fill('苏州')
    await create.getByRole('checkbox', { name: '苏州市', exact: true }).check()
    await create.getByLabel('密码', { exact: true }).fill('correct-horse-battery')
    await create.getByRole('button', { name: '创建', exact: true }).click()
    await admin.getByText('账号 e2e-suzhou 已创建').waitFor()
    await admin.goto(`${base}#/account`)
    await admin.getByLabel('令牌名称').fill('walk-token')
    await admin.getByRole('button', { name: '创建令牌' }).click()
    const secret = (await admin.getByTestId('secret').textContent()) ?? ''
    await admin.getByRole('button', { name: '我已保存' }).click()
    await admin.getByRole('button', { name: '吊销 walk-token' }).click()
    await admin.getByText('令牌“walk-token”已吊销').waitFor()
    expect((await fetch(`${d.origin}/api/session`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401)

    // 12. Import history shows who loaded which file with its report; the plan page shows the plan as loaded.
    await admin.goto(`${base}#/imports`)
    const imports = admin.getByTestId('imports-table')
    await expect.poll(() => imports.innerText()).toContain('南京2026.xlsx')
    expect(await imports.innerText()).toContain(NANJING_REPORTER)
    await shot(admin, 'walk-6-imports')
    await admin.goto(`${base}#/plan-admin`)
    await admin.getByTestId('plan-counts').waitFor()
    expect(await admin.getByTestId('plan-counts').innerText()).toMatch(/\d+/)
    await shot(admin, 'walk-7-plan')

    // 13. The audit page shows each action, by whom.
    await admin.goto(`${base}#/audit`)
    const table = admin.getByTestId('audit-table')
    const seen = async (actor: string) => {
      await admin.getByLabel('操作人（用户名）').fill(actor)
      await admin.getByRole('button', { name: '筛选' }).click()
      // The filtered table: every row by this actor (not the previous filter's rows still on screen).
      const rows = table.locator('tbody tr')
      await expect.poll(async () => (await rows.allInnerTexts()).length > 0 && (await rows.allInnerTexts()).every((r) => r.includes(actor))).toBe(true)
      return (await table.innerText()).replace(/\s+/g, ' ')
    }
    const byReporter = await seen(NANJING_REPORTER)
    expect(byReporter).toContain('导入')
    expect(byReporter).toContain('提交审核')
    const byReviewer = await seen('reviewer1')
    for (const a of ['退回', '审核通过', '发布', '采纳进展报告', '发起专项督查', '关闭专项督查']) expect(byReviewer).toContain(a)
    const byAdmin = await seen('admin1')
    for (const a of ['新建账号', '创建 API 令牌', '吊销 API 令牌']) expect(byAdmin).toContain(a)
    const byPolice = await seen('e2e-police')
    for (const a of ['提交进展报告', '记录整改']) expect(byPolice).toContain(a)
    await shot(admin, 'walk-5-audit')
    expect(d.errors).toEqual([])
  }, 240_000)
})

function acceptDialogs(p: Page) {
  p.on('dialog', (dlg) => void dlg.accept())
}
