/**
 * Tasks and special inspections in a real Chromium: a department's reporter files a progress report with an
 * evidence file, the reviewer accepts it (the task's percent and status change on the page), returns a second one
 * with a comment that the reporter then reads; an inspection is opened with a finding, the department records the
 * correction, and the reviewer closes it after the page and the server said why it could not be closed yet. The
 * task's history timeline (from the audit log) shows each step with who, when and the before → after of an edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { copyFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { browserTestsEnabled, lowContrast, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'
import { PASSWORD } from '../helpers/server.js'
import { PDF } from '../helpers/evidence.js'

const DEPT = '省公安厅'

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
    await expect
      .poll(() =>
        rep
          .locator('[data-testid^="report-"]')
          .getByRole('link', { name: /下载 细则\.pdf/ })
          .count(),
      )
      .toBe(1)
    await shot(rep, 'tasks-report-filed')

    const rev = await d.page()
    await signIn(rev, base, 'reviewer1')
    await rev.goto(`${base}#/tasks/${encodeURIComponent(taskId)}`)
    await rev.getByTestId('task-percent').waitFor()
    // The reviewer moves the deadline; the plan's deadline is the "before".
    const oldDeadline = await rev.getByLabel('截止', { exact: true }).inputValue()
    expect(oldDeadline).toMatch(/^\d{4}-12-31$/)
    await rev.getByLabel('截止', { exact: true }).fill('2026-06-30')
    await rev.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => rev.getByTestId('task-history').innerText()).toContain(`截止日期 ${oldDeadline} → 2026-06-30`)
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
    // The history names who did what, newest first: the return with its comment, the second report, the
    // acceptance with the status and progress it set, the reviewer's edit, the first report with its evidence.
    const items = rep.getByTestId('task-history').locator(':scope > li')
    await expect.poll(() => items.count()).toBe(5)
    const texts = await items.allInnerTexts()
    const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · /
    for (const t of texts) expect(t).toMatch(stamp)
    expect(texts[0]).toContain('reviewer1 · 退回进展报告')
    expect(texts[0]).toContain('“请补充各设区市落实情况”')
    expect(texts[1]).toContain('e2e-police · 提交进展报告')
    expect(texts[1]).toContain('进度 → 80%')
    expect(texts[2]).toContain('reviewer1 · 采纳进展报告')
    expect(texts[2]).toContain('状态 未开始 → 推进中；进度 → 60%')
    expect(texts[3]).toContain('reviewer1 · 修改任务')
    expect(texts[3]).toContain(`截止日期 ${oldDeadline} → 2026-06-30`)
    expect(texts[4]).toContain('e2e-police · 提交进展报告')
    expect(texts[4]).toContain('查看 2025H1 报告')
    // The evidence link in the history downloads the file filed with the first report.
    const link = items.nth(4).getByRole('link', { name: '下载 细则.pdf' })
    const bytes = await rep.evaluate(async (href) => new Uint8Array(await (await fetch(href)).arrayBuffer()).length, (await link.getAttribute('href')) ?? '')
    expect(bytes).toBe(PDF.length)
    // "Show the report" takes the keyboard to the report's card.
    await items.nth(4).getByRole('button', { name: '查看 2025H1 报告' }).click()
    expect(String(await rep.evaluate('document.activeElement?.getAttribute("data-testid") ?? ""'))).toMatch(/^report-\d+$/)
    expect(await lowContrast(rep)).toEqual([])
    await shot(rep, 'tasks-returned')
    // The same timeline in English.
    await rep.getByRole('button', { name: /English|英文/ }).click()
    await expect.poll(() => items.first().innerText()).toContain('Returned a progress report')
    expect(await items.nth(2).innerText()).toContain('Status Not started → In progress; Progress → 60%')
    expect(await items.nth(3).innerText()).toContain(`Deadline ${oldDeadline} → 2026-06-30`)
    await rep.getByRole('button', { name: /中文|Chinese/ }).click()
    await expect.poll(() => items.first().innerText()).toContain('退回进展报告')
    // The README's picture of a task page with its history; copied into docs/images when asked
    // (URBMON_README_SHOTS=1), so that an ordinary run leaves the working tree as it was.
    await shot(rep, 'web-task')
    if (process.env.URBMON_README_SHOTS) copyFileSync('/tmp/urbmon-e2e/web-task.png', fileURLToPath(new URL('../../docs/images/web-task.png', import.meta.url)))
    // An unknown task is not found (not an error with Retry); so are unknown workplace addresses.
    for (const path of ['#/tasks/NOPE', '#/requests/999', '#/nothing']) {
      await rep.goto(`${base}${path}`)
      await rep.getByTestId('not-found').waitFor()
    }
    // At 390 px the page has no sideways scroll.
    const phone = await d.page({ width: 390, height: 844, isMobile: true })
    await signIn(phone, base, 'e2e-police')
    await phone.goto(`${base}#/tasks`)
    await phone.locator('table').first().waitFor()
    expect(Number(await phone.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390)
    await shot(phone, 'tasks-board-390')
    // So has a task with its reports and history.
    await phone.goto(`${base}#/tasks/${encodeURIComponent(taskId)}`)
    await phone.getByTestId('task-history').waitFor()
    expect(Number(await phone.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390)
    await shot(phone, 'task-390')

    // An inspection on the task with one finding.
    await rev.goto(`${base}#/inspections`)
    await rev.getByLabel('督查名称').fill('2025 年户籍制度改革专项督查')
    await rev.getByLabel('任务', { exact: true }).selectOption(taskId)
    await rev.getByLabel('发现的问题').fill('部分设区市细则未公开')
    await rev.getByLabel('整改要求').fill('年底前全部公开')
    await rev.getByRole('button', { name: '发起', exact: true }).click()
    await expect.poll(() => rev.locator('section.card').first().innerText()).toContain('✗ 未整改')
    // The page says why it cannot be closed yet; closing anyway is refused with the server's message.
    const rule = rev.locator('section.card').first().locator('[data-testid^="close-rule-"]')
    expect(await rule.innerText()).toBe('⚠ 尚有 1 条问题未整改（第 1 条），暂不能关闭')
    await rev.getByLabel('督查结论').fill('已完成')
    await rev.getByRole('button', { name: '关闭督查' }).click()
    await rev.locator('section.card [role=alert]').waitFor()
    expect(await rev.locator('section.card [role=alert]').innerText()).toBe('督查仍有 1 项问题未整改，不能关闭')
    await shot(rev, 'inspections-refused')
    await rev.getByRole('button', { name: /English|英文/ }).click()
    await expect.poll(() => rule.innerText()).toBe('⚠ 1 finding(s) not corrected yet (no. 1): it cannot be closed yet')
    await rev.getByRole('button', { name: 'Close the inspection' }).click()
    await expect.poll(() => rev.locator('section.card [role=alert]').innerText()).toBe('The inspection still has 1 finding(s) not corrected; it cannot be closed')
    await rev.getByRole('button', { name: /中文|Chinese/ }).click()
    await expect.poll(() => rule.innerText()).toContain('暂不能关闭')

    await rep.goto(`${base}#/inspections`)
    await rep.getByLabel('整改情况').fill('已在各市政府网站公开')
    await rep.getByRole('button', { name: '记录整改' }).click()
    await expect.poll(() => rep.locator('section.card').first().innerText()).toContain('✓ 已整改')

    await rev.reload()
    await expect.poll(() => rule.innerText()).toBe('✓ 各条问题均已整改，填写督查结论后可关闭')
    await rev.getByLabel('督查结论').fill('问题均已整改')
    await rev.getByRole('button', { name: '关闭督查' }).click()
    await expect.poll(() => rev.locator('section.card').first().innerText()).toContain('● 已关闭')
    await shot(rev, 'inspections-closed')
    await phone.goto(`${base}#/inspections`)
    await phone.locator('section.card').first().waitFor()
    expect(Number(await phone.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390)
    // The task's history has the inspection, opened and corrected, and closed.
    await rev.goto(`${base}#/tasks/${encodeURIComponent(taskId)}`)
    const recent = rev.getByTestId('task-history').locator(':scope > li')
    await expect.poll(() => recent.first().innerText()).toContain('关闭专项督查')
    expect(await recent.nth(0).innerText()).toContain('“问题均已整改”')
    expect(await recent.nth(1).innerText()).toContain('e2e-police · 记录督查整改')
    expect(await recent.nth(2).innerText()).toContain('reviewer1 · 发起专项督查')
    expect(await recent.nth(2).innerText()).toContain('督查：2025 年户籍制度改革专项督查')
    expect(d.errors).toEqual([])
  }, 120_000)
})
