/**
 * The overview and warnings pages on the bundled data, signed out: a card without a status says why, what would
 * give it one and what is known; the status summary and at-risk list; the "as of" year is the figures' year; the
 * warnings page folds a department's overdue tasks into one line, filters, and links each row to its page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { statusReply, warningGroupsReply } from '../../src/contract/index.js'
import { browserTestsEnabled, lowContrast, shot, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('gaps explained and warnings grouped', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('overview: the summary, the at-risk list, and each card without status with its reason', async () => {
    const status = statusReply.parse(await (await fetch(`${d.origin}/api/status`)).json())
    const page = await d.page({ width: 1440, height: 900 })
    await page.goto(d.base)
    await page.getByTestId('target-card').first().waitFor()

    // The year of the figures shown, not the latest single figure's.
    expect(status.dataYear).not.toBeNull()
    expect(await page.getByTestId('as-of').innerText()).toContain(`数据截至 ${status.dataYear} 年`)

    const summary = page.getByTestId('status-summary')
    for (const [s, n] of Object.entries(status.summary)) expect(await summary.locator(`[data-status=${s}] .count`).innerText(), s).toBe(String(n))
    expect(await page.getByTestId('at-risk').locator('li').count()).toBe(status.atRisk.length)

    // Every card without a status names its reason; the trillion-yuan cities card gives its counts.
    const noStatus = status.targets.filter((t) => t.status === 'no_data')
    expect(noStatus.length).toBeGreaterThan(0)
    expect(await page.getByTestId('card-gap').count()).toBe(noStatus.length)
    const trillion = page.locator('[data-testid=target-card][aria-labelledby=t-trillion-gdp-cities-2025]')
    expect(await trillion.innerText()).toContain('培育6个经济总量超万亿的城市')
    const gap = status.targets.find((t) => t.target === 'trillion-gdp-cities-2025')?.gap
    expect(gap).toBeDefined()
    const text = await trillion.getByTestId('card-gap').innerText()
    expect(text).toContain('原因')
    expect(text).toContain('需要')
    const m = gap!.members!
    expect(text).toContain(`${m.year} 年：${m.meeting.length} 个达到、${m.notMeeting.length} 个未达到、${m.noData.length} 个暂无数据`)
    for (const r of m.meeting) expect(text).toContain(r.regionName)
    const qualitative = page.getByTestId('card-gap').and(page.locator('[data-gap=qualitative]'))
    expect(await qualitative.innerText()).toContain('定性目标')
    await shot(page, 'gaps-overview')
    expect(await lowContrast(page)).toEqual([])

    // English: the same reasons in English.
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await page.getByText('Targets by status').waitFor()
    await shot(page, 'gaps-overview-en')
    expect(await trillion.getByTestId('card-gap').innerText()).toContain(`${m.year}: ${m.meeting.length} meeting, ${m.notMeeting.length} not meeting`)
    expect(d.errors).toEqual([])
  }, 90_000)

  it('warnings: one line per department for overdue tasks, filters, and links to the pages', async () => {
    const groups = warningGroupsReply.parse(await (await fetch(`${d.origin}/api/warnings/groups`)).json())
    const overdue = groups.groups.filter((g) => g.kind === 'task_overdue')
    expect(overdue.length).toBeGreaterThan(0)
    expect(groups.kinds.task_overdue).toBeGreaterThan(overdue.length)
    const page = await d.page({ width: 1440, height: 900 })
    await page.goto(`${d.base}#/warnings`)
    await page.getByTestId('warning-group').first().waitFor()
    expect(await page.getByTestId('warning-group').count()).toBe(groups.groups.length)
    expect(await page.locator('[data-testid=warning-group][data-kind=task_overdue]').count()).toBe(overdue.length)
    expect(await page.getByTestId('warnings-count').innerText()).toBe(`${groups.groups.length} 组，共 ${groups.total} 条预警`)
    const folded = overdue.find((g) => g.count > 1)
    if (folded)
      expect(await page.locator(`[data-testid=warning-group][data-kind=task_overdue][data-count="${folded.count}"]`).first().innerText()).toContain('项任务已超过完成时限')
    await shot(page, 'gaps-warnings', false)
    // Every kind with its count, the rare ones first: one suspicious jump is not buried under a hundred tasks.
    const chips = page.getByTestId('kind-chips').locator('button')
    const present = Object.entries(groups.kinds).filter(([, n]) => n > 0)
    expect(await chips.count()).toBe(present.length)
    const rarest = present.reduce((a, b) => (b[1] < a[1] ? b : a))
    expect(await chips.first().getAttribute('data-kind')).toBe(present.filter(([, n]) => n === rarest[1]).map(([k]) => k)[0])

    // Filter by kind: only that kind's groups.
    const kind = Object.entries(groups.kinds).find(([k, n]) => n > 0 && k !== 'task_overdue')?.[0]
    expect(kind).toBeDefined()
    await page.getByTestId('filter-kind').selectOption(kind!)
    await page.locator(`[data-testid=warning-group][data-kind=${kind}]`).first().waitFor()
    const kindsShown = async () => new Set(await Promise.all((await page.getByTestId('warning-group').all()).map((l) => l.getAttribute('data-kind'))))
    await expect.poll(kindsShown).toEqual(new Set([kind]))
    expect(await page.getByTestId('warning-group').count()).toBe(groups.groups.filter((g) => g.kind === kind).length)

    // Filter by region: 南京市, the groups the API gives for it.
    await page.getByTestId('filter-kind').selectOption('')
    await page.getByTestId('filter-region').selectOption('320100')
    const expected = warningGroupsReply.parse(await (await fetch(`${d.origin}/api/warnings/groups?region=320100`)).json())
    expect(expected.groups.length).toBeLessThan(groups.groups.length)
    await expect.poll(() => page.getByTestId('warning-group').count()).toBe(expected.groups.length)
    expect(await page.getByTestId('warnings-count').innerText()).toBe(`${expected.groups.length} 组，共 ${expected.total} 条预警`)

    // A data warning links to its indicator page.
    const link = page.getByTestId('link-indicator').first()
    const href = await link.getAttribute('href')
    expect(href).toMatch(/^#\/indicator\//)
    await link.click()
    await page.waitForURL(/#\/indicator\//)
    expect(d.errors).toEqual([])
  }, 90_000)

  it('on a phone (390 px) neither page scrolls sideways', async () => {
    const page = await d.page({ width: 390, height: 844, isMobile: true })
    for (const [hash, ready, name] of [
      ['', 'card-gap', 'gaps-overview-390'],
      ['#/warnings', 'warning-group', 'gaps-warnings-390'],
    ] as const) {
      await page.goto(`${d.base}${hash}`)
      await page.getByTestId(ready).first().waitFor()
      await shot(page, name, false)
      expect(await page.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(390)
    }
    expect(d.errors).toEqual([])
  }, 60_000)
})
