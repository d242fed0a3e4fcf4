/**
 * The public satisfaction survey in the browser, on a phone (390 px), without signing in: the form fetches its
 * token, a missing required answer is named, 30 responses for 南京 from one address (the rate limit raised with
 * URBMON_SURVEY_RATE_LIMIT) and one for 无锡, then the results page: 南京's means with interval and n, 无锡
 * below the minimum sample. The README's pictures are written when URBMON_README_SHOTS is set.
 */
import { copyFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, lowContrast, shot, startDashboard, type Dashboard } from '../helpers/dashboard.js'
import { answerSurvey } from '../helpers/survey-form.js'

const PHONE = { width: 390, height: 844, isMobile: true }

describe.skipIf(!browserTestsEnabled)('the public survey', () => {
  let d: Dashboard
  const before = process.env.URBMON_SURVEY_RATE_LIMIT
  beforeAll(async () => {
    process.env.URBMON_SURVEY_RATE_LIMIT = '100'
    d = await startDashboard()
  }, 60_000)
  afterAll(async () => {
    if (before === undefined) delete process.env.URBMON_SURVEY_RATE_LIMIT
    else process.env.URBMON_SURVEY_RATE_LIMIT = before
    await d.close()
  }, 30_000)

  it('is answered on a phone, 30 times for 南京; the results show 南京 and hide 无锡 below the minimum sample', async () => {
    const page = await d.page(PHONE)
    await page.goto(`${d.base}#/survey/jiangsu-satisfaction/320100`)
    await expect.poll(() => page.locator('h2').first().innerText()).toContain('南京')
    expect(await page.locator('fieldset').count()).toBe(11)
    // A required question left out is named, and nothing is counted.
    await page.locator('input[name="settle_in"][value="3"]').check()
    await page.getByTestId('survey-submit').click()
    await expect.poll(() => page.getByTestId('survey-problems').innerText()).toContain('（housing）为必答题')
    // The counter follows the text; the keyboard reaches the scale (arrow keys move within a radio group).
    await page.locator('textarea').fill('多建公园')
    expect(await page.locator('#q-suggestion-count').innerText()).toBe('已输入 4 / 500 字')
    await page.locator('input[name="housing"][value="1"]').focus()
    await page.keyboard.press('ArrowRight')
    expect(await page.locator('input[name="housing"][value="2"]').isChecked()).toBe(true)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    expect(await lowContrast(page)).toEqual([])
    await shot(page, 'web-survey-form')
    if (process.env.URBMON_README_SHOTS) copyFileSync('/tmp/urbmon-e2e/web-survey-form.png', fileURLToPath(new URL('../../docs/images/web-survey-form.png', import.meta.url)))
    // settle_in runs 1…5 six times each → mean 3; housing 4 → citizenization (settle_in + 4) / 2, mean 3.5.
    for (let i = 0; i < 30; i++) await answerSurvey(page, d.base, '320100', 1 + (i % 5), `意见 ${i}`)
    await answerSurvey(page, d.base, '320200', 5, '无锡的一份')
    const n = await d.server.ctx.surveyResponses.list({ questionnaire: 'jiangsu-satisfaction' })
    expect(n.filter((r) => r.region === '320100')).toHaveLength(30)

    const wide = await d.page({ width: 1280, height: 900 })
    await wide.goto(`${d.base}#/evaluation`)
    await wide.getByTestId('survey-results-link').click()
    const table = wide.getByTestId('survey-results')
    await table.waitFor()
    const nanjing = table.locator('tr', { hasText: '南京' })
    // Citizenization: scores 2.5, 3, 3.5, 4, 4.5 six times each; s² = 6 · (1 + 0.25 + 0 + 0.25 + 1) / 29 = 15/29;
    // s/√30 = 0.131306; t(0.975, 29) = 2.045 → ± 0.2685 → 3.23–3.77.
    await expect.poll(() => nanjing.innerText()).toContain('3.5（3.23–3.77），n=30')
    // Modern cities: every answer 4 → 4 with no spread.
    expect(await nanjing.innerText()).toContain('4（4–4），n=30')
    expect(await table.locator('tr', { hasText: '无锡' }).innerText()).toContain('样本不足（n=1，至少需要 30）')
    await shot(wide, 'web-survey-results')
    if (process.env.URBMON_README_SHOTS) copyFileSync('/tmp/urbmon-e2e/web-survey-results.png', fileURLToPath(new URL('../../docs/images/web-survey-results.png', import.meta.url)))
    // The results on a phone: no sideways scrolling of the page (the table scrolls in its own box).
    await page.goto(`${d.base}#/survey/jiangsu-satisfaction/results`)
    await page.getByTestId('survey-results').waitFor()
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    expect(d.errors).toEqual([])
  }, 240_000)
})
