/**
 * The review page in a real Chromium: filters kept in the address, the year before and the growth beside each
 * value (checked against hand calculations), two rows ticked and approved in bulk after a confirmation, one
 * returned with a comment, one published in bulk; and the page at 390 px without sideways scrolling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('the review page', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
    const seed = async (method: string, url: string, body: unknown) => {
      const r = await d.admin.req(method, url, body)
      expect(r.statusCode, r.body).toBe(200)
      return r.json<{ id: number }>()
    }
    // Years beyond the bundled data: 2027 published, 2028 in review.
    for (const [indicator, value] of [
      ['gdp', 17421.4],
      ['urbanization_rate', 87],
    ] as const) {
      const { id } = await seed('PUT', `/api/observations/${indicator}/320100/2027`, { value })
      for (const action of ['submit', 'approve', 'publish']) await seed('POST', `/api/review/${action}`, { ids: [id] })
    }
    const ids = [
      (await seed('PUT', '/api/observations/gdp/320100/2028', { value: 18000 })).id,
      (await seed('PUT', '/api/observations/urbanization_rate/320100/2028', { value: 87.6 })).id,
      (await seed('PUT', '/api/observations/gdp/320300/2028', { value: 9000 })).id,
    ]
    await seed('POST', '/api/review/submit', { ids })
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('filters, ticks two rows, approves them, returns one with a comment and publishes the other', async () => {
    const { base } = d
    const rev = await d.page()
    await signIn(rev, base, 'reviewer1')
    await rev.goto(`${base}#/review`)
    const form = rev.getByTestId('review-filters')
    await form.getByLabel('地区（含下辖）').selectOption({ label: '南京市' })
    await form.getByLabel('年份', { exact: true }).fill('2028')
    await form.getByRole('button', { name: '筛选', exact: true }).click()
    await expect.poll(() => rev.evaluate<string>('location.hash')).toBe('#/review?region=320100&year=2028')
    const queue = rev.getByTestId('queue')
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(2)
    // (18000 − 17421.4) / 17421.4 = +3.32 %; (87.6 − 87) / 87 = +0.69 %, +0.6 percentage points.
    const gdpRow = queue.locator('tr', { hasText: '地区生产总值 · 2028' })
    const rateRow = queue.locator('tr', { hasText: '常住人口城镇化率 · 2028' })
    expect(await gdpRow.innerText()).toContain('+3.32%')
    expect(await gdpRow.innerText()).toContain('(2027)')
    expect(await rateRow.innerText()).toContain('+0.69%')
    expect(await rateRow.innerText()).toContain('+0.6 个百分点')
    await shot(rev, 'review-page-filtered')

    // A shared link opens the same view.
    const other = await d.page()
    await signIn(other, base, 'reviewer1')
    await other.goto(`${base}#/review?region=320100&year=2028`)
    await expect.poll(() => other.getByTestId('queue').locator('tbody tr').count()).toBe(2)
    expect(await other.getByTestId('review-filters').getByLabel('年份', { exact: true }).inputValue()).toBe('2028')

    // Tick both, approve in bulk after the confirmation.
    await gdpRow.getByRole('checkbox').check()
    await rateRow.getByRole('checkbox').check()
    await rev.getByTestId('bulk-approve').click()
    const confirm = rev.getByTestId('review-confirm')
    expect(await confirm.innerText()).toContain('2 条数值')
    expect(await confirm.innerText()).toContain('南京市 · 地区生产总值 · 2028')
    await shot(rev, 'review-page-confirm')
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => rev.locator('.state-ok').first().innerText()).toContain('2 条数值 → 通过')
    await expect.poll(() => gdpRow.innerText()).toContain('已通过')

    // Return one with a comment.
    await rateRow.getByRole('checkbox').check()
    await rev.getByTestId('bulk-comment').fill('与人口抽样调查不符，请核对')
    await rev.getByTestId('bulk-return').click()
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(1)

    // Publish the other in bulk.
    await gdpRow.getByRole('checkbox').check()
    await rev.getByTestId('bulk-publish').click()
    await rev.getByTestId('confirm-action').click()
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(0)
    const pub = (await (await fetch(`${d.origin}/api/observations?indicator=gdp&region=320100&year=2028`)).json()) as Array<{ value: number }>
    expect(pub.map((o) => o.value)).toEqual([18000])
    const returned = (await d.admin.req('GET', '/api/observations?indicator=urbanization_rate&region=320100&year=2028')).json<Array<{ status: string }>>()
    expect(returned[0]?.status).toBe('returned')
    await shot(rev, 'review-page-done')

    // At 390 px: cards, no sideways scroll.
    const phone = await d.page({ width: 390, height: 844, isMobile: true })
    await signIn(phone, base, 'reviewer1')
    await phone.goto(`${base}#/review`)
    await phone.getByTestId('queue').locator('tbody tr').first().waitFor()
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await shot(phone, 'review-page-390')
    expect(d.errors).toEqual([])
  }, 120_000)
})
