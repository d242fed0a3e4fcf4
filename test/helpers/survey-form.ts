/** Answering the public satisfaction survey in the browser, as a new visitor each time (browser tests). */
import type { Page } from 'playwright-core'

const LIKERT = ['settle_in', 'housing', 'commute', 'regional_links', 'environment', 'public_services', 'safety', 'services_online', 'rural_services'] as const

/**
 * One response to jiangsu-satisfaction for `region`: every Likert question 4 but settle_in, the residence 城区, and
 * a suggestion that makes the response unique (identical answers would be refused as a duplicate).
 */
export async function answerSurvey(page: Page, base: string, region: string, settleIn: number, note: string): Promise<void> {
  // A fresh load each time: the same hash again would not reload the form and its single-use token.
  await page.goto('about:blank')
  await page.goto(`${base}#/survey/jiangsu-satisfaction/${region}`)
  await page.getByTestId('survey-submit').waitFor()
  for (const q of LIKERT) await page.locator(`input[name="${q}"][value="${q === 'settle_in' ? settleIn : 4}"]`).check()
  await page.locator('input[name="residence"][value="urban"]').check()
  await page.locator('textarea').fill(note)
  await page.getByTestId('survey-submit').click()
  await page.getByTestId('survey-thanks').waitFor()
}
