/**
 * Tasks and special inspections in a real Chromium: a department's reporter files a progress report with an
 * evidence file, the reviewer accepts it (the task's percent and status change on the page), returns a second one
 * with a comment that the reporter then reads; an inspection is opened with a finding, the department records the
 * correction, and the reviewer closes it after the server refused while the finding was open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { browserTestsEnabled, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'
import { PASSWORD } from '../helpers/server.js'

const DEPT = '省公安厅'
// A minimal valid PDF, as test/http/tasks.test.ts sends.
const PDF_BODY = '%PDF-1.4\n1 0 obj<<>>endobj\n'
const PDF = Buffer.from(`${PDF_BODY}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer<</Size 2>>\nstartxref\n${PDF_BODY.length}\n%%EOF\n`)

describe.skipIf(!browserTestsEnabled)('tasks and inspections in the web app', () => {
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
    const own = d.server.ctx.plan.tasks.find((t) => t.lead === DEPT)
    if (!own) throw new Error(`no task led by ${DEPT} in the plan`)
    taskId = own.id
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('reports with evidence, accepts, returns with a comment; opens, corrects and closes an inspection', async () => {
    const { base } = d
    const rep = await d.page()
    await signIn(rep, base, 'e2e-police')
    await rep.goto(`${base}#/tasks/${encodeURIComponent(taskId)}`)
    await rep.getByTestId('task-percent').waitFor()
    // The server's limits are said before the upload.
    await expect.poll(() => rep.locator('#files-hint').innerText()).toContain('10 MiB')
    const file = async (period: string, text: string, percent: string) => {
      await rep.getByLabel('报告期').fill(period)
      await rep.getByLabel('进展说明').fill(text)
      await rep.getByLabel('进度', { exact: true }).fill(percent)
      await rep.getByLabel('建议状态').selectOption('in_progress')
      await rep.getByLabel('佐证材料', { exact: true }).setInputFiles({ name: '细则.pdf', mimeType: 'application/pdf', buffer: PDF })
      await rep.getByRole('button', { name: '提交报告' }).click()
      await rep
        .locator('form .state')
        .first()
        .waitFor()
        .catch(async (e: unknown) => {
          await shot(rep, 'tasks-report-failed')
          throw e
        })
      expect(await rep.locator('form .state').first().innerText()).toContain('报告已提交')
    }
    await file('2025H1', '已出台积分落户实施细则', '60')
    await expect.poll(() => rep.getByRole('link', { name: /下载 细则\.pdf/ }).count()).toBe(1)
    await shot(rep, 'tasks-report-filed')

    const rev = await d.page()
    await signIn(rev, base, 'reviewer1')
    await rev.goto(`${base}#/tasks/${encodeURIComponent(taskId)}`)
    await rev.getByTestId('task-percent').waitFor()
    await rev.getByRole('button', { name: '采纳' }).click()
    // The report's 60 % and proposed status become the task's.
    await expect.poll(() => rev.getByTestId('task-percent').innerText()).toBe('60%')
    await expect.poll(() => rev.getByTestId('task-status').innerText()).toBe('推进中')
    await shot(rev, 'tasks-accepted')

    await rep.reload()
    await file('2025H2', '进展说明不全', '80')
    await rev.reload()
    await rev.getByLabel('审核意见').fill('请补充各设区市落实情况')
    await rev.getByRole('button', { name: '退回' }).click()
    await expect.poll(() => rev.getByTestId('task-percent').innerText()).toBe('60%')
    await rep.reload()
    await expect.poll(() => rep.locator('article').innerText()).toContain('请补充各设区市落实情况')
    await expect.poll(() => rep.locator('article').innerText()).toContain('↩ 已退回')
    // The history names who did what: two reports filed, one accepted, one returned.
    const history = await rep.getByTestId('task-history').innerText()
    expect(history).toContain('reviewer1 退回 2025H2 报告')
    expect(history).toContain('reviewer1 采纳 2025H1 报告')
    expect(history).toContain('e2e-police 提交 2025H1 进展报告（60%）')
    await shot(rep, 'tasks-returned')
    // At 390 px the page has no sideways scroll.
    const phone = await d.page({ width: 390, height: 844, isMobile: true })
    await signIn(phone, base, 'e2e-police')
    await phone.goto(`${base}#/tasks`)
    await phone.locator('table').first().waitFor()
    expect(Number(await phone.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390)
    await shot(phone, 'tasks-board-390')

    // An inspection on the task with one finding.
    await rev.goto(`${base}#/inspections`)
    await rev.getByLabel('督查名称').fill('2025 年户籍制度改革专项督查')
    await rev.getByLabel('任务', { exact: true }).selectOption(taskId)
    await rev.getByLabel('发现的问题').fill('部分设区市细则未公开')
    await rev.getByLabel('整改要求').fill('年底前全部公开')
    await rev.getByRole('button', { name: '发起', exact: true }).click()
    await expect.poll(() => rev.locator('section.card').first().innerText()).toContain('✗ 未整改')
    // Closing before the correction is refused, with the server's message.
    await rev.getByLabel('督查结论').fill('已完成')
    await rev.getByRole('button', { name: '关闭督查' }).click()
    await rev.locator('section.card [role=alert]').waitFor()
    await shot(rev, 'inspections-refused')

    await rep.goto(`${base}#/inspections`)
    await rep.getByLabel('整改情况').fill('已在各市政府网站公开')
    await rep.getByRole('button', { name: '记录整改' }).click()
    await expect.poll(() => rep.locator('section.card').first().innerText()).toContain('✓ 已整改')

    await rev.reload()
    await rev.getByLabel('督查结论').fill('问题均已整改')
    await rev.getByRole('button', { name: '关闭督查' }).click()
    await expect.poll(() => rev.locator('section.card').first().innerText()).toContain('● 已关闭')
    await shot(rev, 'inspections-closed')
    expect(d.errors).toEqual([])
  }, 120_000)
})
