/**
 * English mode in a real Chromium: the language switch is kept across reloads, and the overview, the map (region
 * and grouping names) and the evaluation table are in English with no Chinese left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, shot, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('English mode', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('switches to English and names regions and groupings in English', async () => {
    const { base } = d
    const anon = await d.page()
    await anon.goto(base)
    await anon.getByTestId('target-card').first().waitFor()
    // English switch, kept across reloads.
    await anon.getByRole('button', { name: 'Switch to English' }).click()
    await anon.reload()
    await expect.poll(() => anon.locator('h1').innerText()).toBe('Urbanization Plan Monitor')
    await anon.goto(base)
    await anon.getByTestId('target-card').first().waitFor()
    await shot(anon, '9-overview-en')
    expect(await anon.getByTestId('target-card').first().innerText()).toContain('Jiangsu')
    await anon.goto(`${base}#/map`)
    await anon.locator('[data-testid=map-table] tbody tr').first().waitFor()
    const mapTable = await anon.getByTestId('map-table').innerText()
    for (const city of ['Nanjing', 'Suzhou', 'Lianyungang', 'Suqian']) expect(mapTable).toContain(city)
    expect(mapTable).not.toMatch(/[\u4e00-\u9fff]/)
    await anon.getByTestId('grouping-select').selectOption({ label: 'Southern Jiangsu (Sunan)' })
    await expect.poll(() => anon.getByTestId('grouping-panel').innerText()).toContain('Nanjing, Wuxi, Changzhou, Suzhou, Zhenjiang')
    await anon.waitForTimeout(400)
    await shot(anon, '9-map-en')
    await anon.goto(`${base}#/evaluation`)
    await anon.locator('[data-testid=eval-table] tbody tr').first().waitFor()
    expect(await anon.locator('main').innerText()).not.toMatch(/[\u4e00-\u9fff]/)
    expect(d.errors).toEqual([])
  }, 120_000)
})
