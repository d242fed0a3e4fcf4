/**
 * One whole mid-term evaluation round (issue 16) in the browser, each page as the role it is for: a provincial
 * reviewer opens a round for 南京 and 徐州 with an evaluator and the satisfaction survey, and moves it on; each
 * city's reporter self-evaluates an item with an evidence file (南京 with a figure cited from the store) and
 * submits; the reviewer returns 南京's with a comment, which the reporter reads on the form, fixes and resubmits;
 * the evaluator finds 南京's item flagged first and disagrees, and agrees with 徐州; 30 residents answer the public
 * form on a phone; the consolidated view lists the disagreement and 南京's survey results; the round is closed and
 * its consolidated report is read by the public as HTML and DOCX. Every page in English too, and at 390 px without
 * sideways scroll.
 */
import { copyFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import JSZip from 'jszip'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { browserTestsEnabled, lowContrast, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'
import { PDF } from '../helpers/evidence.js'
import { PASSWORD } from '../helpers/server.js'
import { answerSurvey } from '../helpers/survey-form.js'

const EVALUATOR = 'e2e-evaluator'
const NANJING = '320100'
const XUZHOU = '320300'

/** The README's picture of a page; copied into docs/images only when asked, so an ordinary run leaves the tree as it was. */
async function readmeShot(page: Page, name: string, fullPage = true): Promise<void> {
  await shot(page, name, fullPage)
  if (process.env.URBMON_README_SHOTS) copyFileSync(`/tmp/urbmon-e2e/${name}.png`, fileURLToPath(new URL(`../../docs/images/${name}.png`, import.meta.url)))
}

const noSidewaysScroll = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth')

describe.skipIf(!browserTestsEnabled)('evaluation round pages', () => {
  let d: Dashboard
  const rateLimitBefore = process.env.URBMON_SURVEY_RATE_LIMIT
  beforeAll(async () => {
    // 30 residents answer from this one machine's address: the flood limit (default 5 per 10 minutes) raised.
    process.env.URBMON_SURVEY_RATE_LIMIT = '100'
    d = await startDashboard()
    await new UserService(d.server.ctx, d.server.ctx.regions).create(
      { username: EVALUATOR, password: PASSWORD, role: 'evaluator', regions: [] },
      'test',
      FIXED_NOW.toISOString(),
      'test',
    )
  }, 60_000)
  afterAll(async () => {
    if (rateLimitBefore === undefined) delete process.env.URBMON_SURVEY_RATE_LIMIT
    else process.env.URBMON_SURVEY_RATE_LIMIT = rateLimitBefore
    await d.close()
  }, 30_000)

  it('open a round, two cities self-evaluate, return and fix, rate and disagree, 30 survey responses, consolidate, close, the report; in English and on a phone', async () => {
    // ---- The reviewer opens the round on #/rounds.
    const rev = await d.page({ width: 1280, height: 900 })
    await signIn(rev, d.base, 'reviewer1')
    await rev.goto(`${d.base}#/rounds`)
    await rev.locator('summary', { hasText: '发起评估轮次' }).click()
    const form = rev.getByRole('form', { name: '发起评估轮次' })
    await form.getByLabel('类型').selectOption('midterm')
    await form.getByLabel('评估年份').fill('2023')
    await form.getByLabel('标题（中文）').fill('“十四五”规划中期评估')
    await form.getByLabel('标题（英文）').fill('Mid-term evaluation of the plan')
    // Every city is ticked by default; this round takes two.
    expect(await form.locator('input[name=region]:checked').count()).toBe(13)
    await form.getByRole('button', { name: '全不选' }).click()
    await form.getByLabel('南京市', { exact: true }).check()
    await form.getByLabel('徐州市', { exact: true }).check()
    await form.getByLabel('城市自评截止').fill('2099-06-30')
    await form.getByLabel('满意度问卷（可选）').fill('jiangsu-satisfaction')
    await form.getByRole('button', { name: '添加评估人员' }).click()
    const ev = form.getByTestId('evaluator-0')
    await ev.getByLabel('用户名').fill(EVALUATOR)
    await ev.getByLabel('南京市', { exact: true }).check()
    await ev.getByLabel('徐州市', { exact: true }).check()
    await form.getByRole('button', { name: '创建轮次' }).click()
    const admin = rev.getByTestId('round-admin')
    await admin.waitFor()
    const id = Number(/#\/rounds\/(\d+)/.exec(rev.url())?.[1])
    expect(id).toBeGreaterThan(0)
    const round = await d.admin.req('GET', `/api/rounds/${id}`)
    expect(round.statusCode, round.body).toBe(200)
    const view = JSON.parse(round.body) as { regions: string[]; kind: string; evaluators: unknown; survey: string | null; deadlines: { selfEvaluation: string | null } }
    expect(view.regions).toEqual([NANJING, XUZHOU])
    expect(view.kind).toBe('midterm')
    expect(view.evaluators).toEqual([{ username: EVALUATOR, regions: [NANJING, XUZHOU] }])
    expect(view.survey).toBe('jiangsu-satisfaction')
    expect(view.deadlines.selfEvaluation).toBe('2099-06-30')
    expect(await admin.getByTestId('phase-stepper').locator('li[aria-current=step]').innerText()).toContain('草拟')
    // By keyboard: the step button is a real button, reached and pressed without a mouse.
    await admin.getByRole('button', { name: '进入下一阶段：城市自评' }).focus()
    await rev.keyboard.press('Enter')
    await expect.poll(() => admin.getByTestId('phase-stepper').locator('li[aria-current=step]').innerText()).toContain('城市自评')
    const board = admin.getByTestId('round-progress')
    expect(await board.locator('tbody tr').count()).toBe(2)

    // The items of 南京 as the server counts them: the board says the same.
    const items = JSON.parse((await d.admin.req('GET', `/api/rounds/${id}/items?region=${NANJING}`)).body) as Array<{
      kind: string
      itemId: string
      computed: { status: string | null }
    }>
    expect(items.length).toBeGreaterThan(0)
    await expect.poll(() => board.locator(`tr[data-region="${NANJING}"] td[data-col=items]`).innerText()).toBe(String(items.length))

    // ---- The Nanjing reporter fills one target in: 已实现 (achieved), a narrative, a cited figure, a PDF.
    // An item the data do not call achieved: self-rated 已实现, it is flagged for the evaluator.
    const target = items.find((i) => i.kind === 'target' && i.computed.status !== null && i.computed.status !== 'achieved' && i.computed.status !== 'no_data')
    if (!target) throw new Error(`no target of 南京 with a computed status short of achieved: ${JSON.stringify(items.map((i) => i.computed.status))}`)
    const rep = await d.page({ width: 1280, height: 900 })
    await signIn(rep, d.base, 'nanjing')
    await rep.goto(`${d.base}#/rounds`)
    await rep
      .getByTestId('rounds-table')
      .getByRole('link', { name: /自评表 · 南京市/ })
      .click()
    const self = rep.getByTestId('round-self')
    await self.waitFor()
    expect(await self.getByText('自评截止: 2099-06-30', { exact: false }).count()).toBe(1)
    const card = self.getByTestId(`self-${target.kind}-${target.itemId}`)
    await card.waitFor()
    await card.getByLabel('自评状态').selectOption('achieved')
    await card.getByLabel('自评说明（纯文本）').fill('<b>城镇化</b>稳步推进，\n详见佐证材料。')
    await card.locator('summary', { hasText: '从数据库中引用' }).click()
    await card.getByRole('button', { name: '查找' }).click()
    const found = card.getByTestId('citation-search')
    await found.getByRole('button', { name: /^引用/ }).first().click()
    await card.getByTestId('citations').locator('li').first().waitFor()
    await card.locator('input[type=file]').setInputFiles({ name: '南京自评佐证.pdf', mimeType: 'application/pdf', buffer: PDF })
    await card.getByRole('button', { name: '上传' }).click()
    await card.getByTestId('evidence').getByRole('link', { name: '南京自评佐证.pdf' }).waitFor()
    await card.getByRole('button', { name: '保存草稿' }).click()
    await expect.poll(() => self.getByTestId(`self-${target.kind}-${target.itemId}`).getAttribute('data-state')).toBe('draft')
    await self.getByRole('button', { name: '提交本地区自评' }).click()
    await expect.poll(() => self.getByTestId(`self-${target.kind}-${target.itemId}`).getAttribute('data-state')).toBe('submitted')
    const saved = (
      JSON.parse((await d.admin.req('GET', `/api/rounds/${id}/items?region=${NANJING}`)).body) as Array<{
        itemId: string
        self: { status: string; narrative: string; citations: unknown[]; evidence: Array<{ fileName: string }> } | null
      }>
    ).find((i) => i.itemId === target.itemId)
    expect(saved?.self?.status).toBe('achieved')
    // Plain text, stored as typed and never rendered as markup.
    expect(saved?.self?.narrative).toBe('<b>城镇化</b>稳步推进，\n详见佐证材料。')
    expect(saved?.self?.evidence.map((e) => e.fileName)).toEqual(['南京自评佐证.pdf'])
    expect(saved?.self?.citations.length).toBe(1)
    expect(await self.locator('b', { hasText: '城镇化' }).count()).toBe(0)

    // ---- The 徐州 reporter self-evaluates one target as the data say, with an evidence file, and submits.
    const xzItems = JSON.parse((await d.admin.req('GET', `/api/rounds/${id}/items?region=${XUZHOU}`)).body) as Array<{
      kind: string
      itemId: string
      computed: { status: string | null }
    }>
    const xzTarget = xzItems.find((i) => i.kind === 'target' && i.computed.status !== null && i.computed.status !== 'no_data')
    if (!xzTarget) throw new Error(`no target of 徐州 with a computed status: ${JSON.stringify(xzItems.map((i) => i.computed.status))}`)
    const xzStatus = xzTarget.computed.status!
    const xzp = await d.page({ width: 1280, height: 900 })
    await signIn(xzp, d.base, 'xuzhou')
    await xzp.goto(`${d.base}#/rounds/${id}/self/${XUZHOU}`)
    const xzSelf = xzp.getByTestId('round-self')
    const xzCard = xzSelf.getByTestId(`self-target-${xzTarget.itemId}`)
    await xzCard.waitFor()
    await xzCard.getByLabel('自评状态').selectOption(xzStatus)
    await xzCard.getByLabel('自评说明（纯文本）').fill('与监测数据一致。')
    await xzCard.locator('input[type=file]').setInputFiles({ name: '徐州自评佐证.pdf', mimeType: 'application/pdf', buffer: PDF })
    await xzCard.getByRole('button', { name: '上传' }).click()
    await xzCard.getByTestId('evidence').getByRole('link', { name: '徐州自评佐证.pdf' }).waitFor()
    await xzCard.getByRole('button', { name: '保存草稿' }).click()
    await expect.poll(() => xzSelf.getByTestId(`self-target-${xzTarget.itemId}`).getAttribute('data-state')).toBe('draft')
    await xzSelf.getByRole('button', { name: '提交本地区自评' }).click()
    await expect.poll(() => xzSelf.getByTestId(`self-target-${xzTarget.itemId}`).getAttribute('data-state')).toBe('submitted')

    // ---- The reviewer returns it with a comment; the board counts 1 submitted, then 1 returned.
    await rev.reload()
    await admin.waitFor()
    await expect.poll(() => board.locator(`tr[data-region="${NANJING}"] td[data-col=submitted]`).innerText()).toBe('1')
    await expect.poll(() => board.locator(`tr[data-region="${NANJING}"] td[data-col=drafted]`).innerText()).toBe('0')
    const review = admin.getByTestId('round-review')
    await review.getByLabel('审核地区').selectOption(NANJING)
    const toReview = review.getByTestId(`review-${target.kind}-${target.itemId}`)
    await toReview.getByRole('button', { name: '退回' }).click()
    await toReview.getByText('退回时请填写意见。').waitFor()
    await toReview.getByLabel('退回意见').fill('请补充2023年数据来源。')
    await toReview.getByRole('button', { name: '退回' }).click()
    await expect.poll(() => board.locator(`tr[data-region="${NANJING}"] td[data-col=returned]`).innerText()).toBe('1')
    await expect.poll(() => board.locator(`tr[data-region="${NANJING}"] td[data-col=submitted]`).innerText()).toBe('0')

    await rep.reload()
    await self.waitFor()
    const returned = self.getByTestId(`self-${target.kind}-${target.itemId}`)
    await expect.poll(() => returned.getByTestId('review-comment').innerText()).toContain('请补充2023年数据来源。')
    await readmeShot(rep, 'web-round-self')
    await returned.getByLabel('自评说明（纯文本）').fill('城镇化稳步推进，2023年数据见统计公报。')
    await returned.getByRole('button', { name: '保存草稿' }).click()
    await self.getByText(/已保存为第 \d+ 版草稿/).waitFor()
    await self.getByRole('button', { name: '提交本地区自评' }).click()
    await expect.poll(() => self.getByTestId(`self-${target.kind}-${target.itemId}`).getAttribute('data-state')).toBe('submitted')

    // Accepted now, and on to the third-party review.
    await rev.reload()
    await review.getByLabel('审核地区').selectOption(NANJING)
    await review.getByTestId(`review-${target.kind}-${target.itemId}`).getByRole('button', { name: '采纳' }).click()
    await expect.poll(() => board.locator(`tr[data-region="${NANJING}"] td[data-col=accepted]`).innerText()).toBe('1')
    await review.getByLabel('审核地区').selectOption(XUZHOU)
    await review.getByTestId(`review-target-${xzTarget.itemId}`).getByRole('button', { name: '采纳' }).click()
    await expect.poll(() => board.locator(`tr[data-region="${XUZHOU}"] td[data-col=accepted]`).innerText()).toBe('1')
    await admin.getByRole('button', { name: '进入下一阶段：第三方评估' }).click()
    await expect.poll(() => admin.getByTestId('phase-stepper').locator('li[aria-current=step]').innerText()).toContain('第三方评估')
    // The deadline is years away: not overdue, said in words.
    expect(await board.locator(`tr[data-region="${XUZHOU}"] td[data-col=overdue]`).innerText()).toBe('—')
    await readmeShot(rev, 'web-round-admin')
    expect(await lowContrast(rev)).toEqual([])

    // ---- The evaluator: the flagged item first, rated against the data.
    const evp = await d.page({ width: 1280, height: 900 })
    await signIn(evp, d.base, EVALUATOR)
    await evp.goto(`${d.base}#/rounds`)
    await evp
      .getByTestId('rounds-table')
      .getByRole('link', { name: /评估工作台 · 南京市/ })
      .click()
    const ws = evp.getByTestId('round-evaluate')
    await ws.waitFor()
    const rated = ws.getByTestId(`eval-${target.kind}-${target.itemId}`)
    await rated.waitFor()
    expect(await rated.getByTestId('flag').innerText()).toContain('自评优于数据')
    expect(await ws.locator('article.round-item').first().getAttribute('data-testid')).toBe(`eval-${target.kind}-${target.itemId}`)
    await rated.getByLabel('评估结论').selectOption('at_risk')
    await rated.getByLabel('评分（0–100）').fill('62.5')
    await rated.getByLabel('发现的问题').fill('自评偏乐观：数据显示进度落后于应达水平。')
    await rated.getByLabel('建议').fill('加快农业转移人口市民化。')
    await rated.getByRole('button', { name: '保存评估' }).click()
    await expect
      .poll(() =>
        ws
          .getByTestId(`eval-${target.kind}-${target.itemId}`)
          .getByText(/保存于/)
          .count(),
      )
      .toBe(1)
    const afterRating = (
      JSON.parse((await d.admin.req('GET', `/api/rounds/${id}/items?region=${NANJING}`)).body) as Array<{ itemId: string; rating: { rating: string; score: number } | null }>
    ).find((i) => i.itemId === target.itemId)
    expect(afterRating?.rating).toMatchObject({ rating: 'at_risk', score: 62.5 })
    await readmeShot(evp, 'web-round-evaluate')

    // The evaluator agrees with 徐州: the same status as the self-rating.
    await evp.goto(`${d.base}#/rounds/${id}/evaluate/${XUZHOU}`)
    const xzRated = ws.getByTestId(`eval-target-${xzTarget.itemId}`)
    await xzRated.waitFor()
    await xzRated.getByLabel('评估结论').selectOption(xzStatus)
    await xzRated.getByLabel('评分（0–100）').fill('85')
    await xzRated.getByLabel('发现的问题').fill('自评与数据一致。')
    await xzRated.getByLabel('建议').fill('保持现有工作力度。')
    await xzRated.getByRole('button', { name: '保存评估' }).click()
    await expect
      .poll(() =>
        ws
          .getByTestId(`eval-target-${xzTarget.itemId}`)
          .getByText(/保存于/)
          .count(),
      )
      .toBe(1)

    // ---- 30 residents of 南京 answer the public form on a phone, without signing in; each counts for this round.
    const resident = await d.page({ width: 390, height: 844, isMobile: true })
    for (let i = 0; i < 30; i++) await answerSurvey(resident, d.base, NANJING, 1 + (i % 5), `南京居民意见 ${i}`)
    const responses = await d.server.ctx.surveyResponses.list({ round: id })
    expect(responses.filter((r) => r.region === NANJING)).toHaveLength(30)

    // ---- Consolidation: the disagreement (self 已实现, evaluator 存在风险) is listed.
    await admin.getByRole('button', { name: '进入下一阶段：汇总' }).click()
    await expect.poll(() => admin.getByTestId('phase-stepper').locator('li[aria-current=step]').innerText()).toContain('汇总')
    await rev.getByRole('link', { name: '汇总视图' }).first().click()
    const cons = rev.getByTestId('round-consolidated')
    await cons.waitFor()
    const t = cons.getByTestId(`cons-target-${target.itemId}`)
    await expect.poll(() => t.getByTestId('disagreements').innerText()).toContain('南京市：自评 已实现，评估 存在风险')
    // 徐州's item, where self-rating and rating agree, is no disagreement.
    expect(await cons.getByTestId('disagreements').allInnerTexts()).not.toContain(expect.stringContaining('徐州市'))
    // 南京's survey: 30 answers, settle_in 1…5 six times each and housing 4, so 市民化 has mean 3.5 (see survey.test.ts for the interval).
    await expect.poll(() => cons.getByTestId(`survey-${NANJING}`).innerText()).toContain('30')
    expect(await cons.getByTestId(`survey-${NANJING}`).innerText()).toContain('3.5')
    expect(await cons.getByRole('link', { name: '网页版（HTML）' }).getAttribute('href')).toBe(`/api/rounds/${id}/report.html`)
    expect(await cons.getByRole('link', { name: 'Word 版（DOCX）' }).getAttribute('href')).toBe(`/api/rounds/${id}/report.docx`)
    await readmeShot(rev, 'web-round-consolidated')

    // ---- English.
    await rev.getByRole('button', { name: 'Switch to English' }).click()
    await cons.getByText('Disagreements', { exact: false }).first().waitFor()
    await rev.goto(`${d.base}#/rounds/${id}`)
    await admin.getByText('Progress board').waitFor()
    expect(await admin.getByTestId('phase-stepper').locator('li[aria-current=step]').innerText()).toContain('Consolidation')
    await rev.getByRole('button', { name: '切换到中文' }).click()

    // ---- A phone: no page scrolls sideways.
    const phone = await d.page({ width: 390, height: 844, isMobile: true })
    await signIn(phone, d.base, 'reviewer1')
    for (const [path, testId] of [
      ['#/rounds', 'rounds-table'],
      [`#/rounds/${id}`, 'round-admin'],
      [`#/rounds/${id}/self/${NANJING}`, 'round-self'],
      [`#/rounds/${id}/evaluate/${NANJING}`, 'round-evaluate'],
      [`#/rounds/${id}/consolidated`, 'round-consolidated'],
    ] as const) {
      await phone.goto(`${d.base}${path}`)
      await phone.getByTestId(testId).waitFor()
      await phone.locator('.round-item, table').first().waitFor()
      expect(await noSidewaysScroll(phone), path).toBeLessThanOrEqual(390)
    }
    await shot(phone, 'rounds-phone-admin')
    const phoneRep = await d.page({ width: 390, height: 844, isMobile: true })
    await signIn(phoneRep, d.base, 'nanjing')
    await phoneRep.goto(`${d.base}#/rounds/${id}/self/${NANJING}`)
    await phoneRep.getByTestId(`self-${target.kind}-${target.itemId}`).waitFor()
    expect(await noSidewaysScroll(phoneRep)).toBeLessThanOrEqual(390)
    await shot(phoneRep, 'rounds-phone-self')

    // Another city's reporter reads 南京's form but cannot fill it in.
    const xz = await d.page()
    await signIn(xz, d.base, 'xuzhou')
    await xz.goto(`${d.base}#/rounds/${id}/self/${NANJING}`)
    await xz.getByText('您的账号不负责该地区，无法填写本表。').waitFor()
    expect(await xz.getByRole('button', { name: '保存草稿' }).count()).toBe(0)

    // An unknown round, or a region outside it, is not found.
    for (const path of [`#/rounds/99999`, `#/rounds/${id}/self/320500`, `#/rounds/${id}/nothing`]) {
      await rev.goto(`${d.base}${path}`)
      await rev.getByTestId('not-found').waitFor()
    }

    // ---- Close: the round is locked, and its consolidated report is the public's to read.
    await rev.goto(`${d.base}#/rounds/${id}`)
    await admin.getByRole('button', { name: '进入下一阶段：已关闭' }).click()
    await expect.poll(() => admin.getByTestId('phase-stepper').locator('li[aria-current=step]').innerText()).toContain('已关闭')
    const closed = JSON.parse((await d.admin.req('GET', `/api/rounds/${id}`)).body) as { phase: string; closedAt: string | null }
    expect(closed.phase).toBe('closed')
    expect(closed.closedAt).not.toBeNull()
    const publicPage = await d.page({ width: 1280, height: 900 })
    // The report downloads (Content-Disposition: attachment); the public fetches it without signing in, and it is shown as saved.
    const html = await publicPage.request.get(`${d.origin}/api/rounds/${id}/report.html`)
    expect(html.status()).toBe(200)
    await publicPage.setContent(await html.text())
    const text = await publicPage.locator('body').innerText()
    expect(text).toContain('“十四五”规划中期评估')
    expect(text).toContain('分歧事项')
    expect(text).toContain('自评偏乐观：数据显示进度落后于应达水平。')
    expect(text).toContain('南京自评佐证.pdf')
    expect(text).toContain('徐州自评佐证.pdf')
    expect(text).toContain('南京市：社会满意度调查结果')
    await publicPage.setViewportSize({ width: 1000, height: 1400 })
    await readmeShot(publicPage, 'web-round-report', false)
    const docx = await publicPage.request.get(`${d.origin}/api/rounds/${id}/report.docx`)
    expect(docx.status()).toBe(200)
    expect(docx.headers()['content-type']).toContain('officedocument.wordprocessingml')
    const body = await docx.body()
    // Kept for a look at the pages (LibreOffice, where installed): /tmp/urbmon-e2e/round-report.docx.
    writeFileSync('/tmp/urbmon-e2e/round-report.docx', body)
    const document = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string')
    for (const words of ['中期评估汇总报告', '自评偏乐观：数据显示进度落后于应达水平。', '南京自评佐证.pdf', '社会满意度调查结果']) expect(document).toContain(words)
    // A closed round takes no more writing: the city's form is read-only.
    await rep.goto(`${d.base}#/rounds/${id}/self/${NANJING}`)
    // The same address again does not load the page anew: reload it.
    await rep.reload()
    await self.getByText('当前阶段为“已关闭”', { exact: false }).waitFor()
    expect(await self.getByRole('button', { name: '保存草稿' }).count()).toBe(0)
    expect(d.errors).toEqual([])
  }, 180_000)
})
