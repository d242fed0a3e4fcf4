/**
 * The web dashboard end to end, in a real Chromium: the public pages, a reporter's import (a bad cell, then
 * fixed) and submission, a reviewer's approval and publication, and the public seeing the new value.
 * Runs only when Chromium is at /usr/bin/chromium and the app has been built (`npm run build:web`); it builds nothing.
 * Screenshots go to /tmp/urbmon-e2e/.
 */
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { PASSWORD, testServer, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const CHROMIUM = '/usr/bin/chromium'
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))
const enabled = existsSync(CHROMIUM) && existsSync(`${WEB_DIST}/index.html`)
const SHOTS = '/tmp/urbmon-e2e'

let s: TestServer | undefined
let browser: Browser | undefined

afterAll(async () => {
  await browser?.close()
  // fetch() keeps sockets alive; close them so the server can stop.
  s?.app.server.closeAllConnections()
  await s?.close()
  await dropFreshStores()
}, 30_000)

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage })
}

async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}#/data`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByTestId('signed-in').waitFor()
}

it.skipIf(!enabled)(
  'walks the dashboard: public pages, import with a fix, submit, review, publish',
  async () => {
    mkdirSync(SHOTS, { recursive: true })
    // A real clock: the browser drops cookies that expired by its own clock.
    s = await testServer(await STORES[0]!.fresh(), { data: true, now: () => new Date() })
    await new UserService(s.ctx.store, s.ctx.regions).create({ username: 'e2e-nanjing', password: PASSWORD, role: 'reporter', regions: ['320100'] }, 'test', FIXED_NOW.toISOString(), 'test')
    // buildServer serves the built app under /app/ and sends / there.
    await s.app.listen({ port: 0, host: '127.0.0.1' })
    const origin = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`
    const base = `${origin}/app/`

    const root = await fetch(`${origin}/`, { redirect: 'manual' })
    expect(root.status).toBe(302)
    expect(root.headers.get('location')).toBe('/app/')
    // Static serving: cache headers, and /api is not shadowed.
    const index = await fetch(base)
    expect(index.status).toBe(200)
    expect(index.headers.get('cache-control')).toBe('no-cache')
    const asset = (await index.text()).match(/assets\/[^"]+\.js/)![0]
    expect((await fetch(`${base}${asset}`)).headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${origin}/api/health`)).status).toBe(200)

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
    const errors: string[] = []
    const anon = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    anon.on('pageerror', (e) => errors.push(String(e)))

    // Overview: cards with Chinese status text.
    await anon.goto(base)
    await anon.getByTestId('target-card').first().waitFor()
    expect(await anon.getByTestId('target-card').count()).toBeGreaterThan(5)
    const statusText = await anon.locator('.card .badge').allInnerTexts()
    expect(statusText.some((x) => /已实现|符合预期|存在风险|明显滞后|倒退|暂无数据/.test(x))).toBe(true)
    await shot(anon, '1-overview')

    // Map: an SVG with the 13 cities, and a table of 13 rows.
    await anon.goto(`${base}#/map`)
    await anon.locator('[data-testid=map] svg path').first().waitFor()
    expect(await anon.locator('[data-testid=map-table] tbody tr').count()).toBe(13)
    await anon.waitForTimeout(500)
    await shot(anon, '2-map')

    for (const [hash, name, sel] of [['#/warnings', '3-warnings', '.warning'], ['#/evaluation', '4-evaluation', 'table tbody tr'], ['#/opendata', '6-opendata', 'table tbody tr']] as const) {
      await anon.goto(`${base}${hash}`)
      await anon.locator(sel).first().waitFor()
      await shot(anon, name, name !== '3-warnings')
    }
    // Indicator page: the chart (SVG lines) and the region × year table, Chinese heading.
    await anon.goto(`${base}#/indicator/urbanization_rate`)
    // Horizontal grid lines have no height and count as hidden: wait for the paths to be there, then for the lines.
    await anon.locator('[data-testid=indicator-chart] svg path').first().waitFor({ state: 'attached' })
    await expect.poll(() => anon.locator('[data-testid=indicator-chart] svg path').count()).toBeGreaterThan(20)
    await anon.getByTestId('indicator-table').locator('tbody tr').first().waitFor()
    expect(await anon.locator('h2').innerText()).toContain('指标：常住人口城镇化率')
    expect(await anon.getByTestId('indicator-table').locator('tbody tr').count()).toBeGreaterThan(5)
    expect(await anon.getByTestId('indicator-table').innerText()).toContain('江苏省')
    expect(await anon.getByTestId('indicator-table').locator('td[title^="来源"]').count()).toBeGreaterThan(0)
    await anon.waitForTimeout(500)
    await shot(anon, '10-indicator')

    // Region page: 南京市 with its latest values, targets, rank and warnings sections.
    await anon.goto(`${base}#/region/320100`)
    await anon.getByTestId('region-latest').locator('tbody tr').first().waitFor()
    await expect.poll(() => anon.locator('h2').innerText()).toContain('南京市')
    const latestText = await anon.getByTestId('region-latest').innerText()
    expect(latestText).toContain('常住人口城镇化率')
    expect(await anon.getByTestId('region-latest').locator('tbody tr').count()).toBeGreaterThan(3)
    await anon.getByTestId('region-rank').or(anon.getByText('该地区未参与综合评价。')).first().waitFor()
    await shot(anon, '11-region')

    // Reports: anonymous visitors are told to sign in on 数据填报.
    await anon.goto(`${base}#/reports`)
    await anon.getByTestId('reports-signin').waitFor()
    expect(await anon.getByTestId('reports').locator('a[href*="/api/reports?kind=midterm&format=docx"]').count()).toBe(2)
    await shot(anon, '12-reports')

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true })
    await phone.goto(base)
    await phone.getByTestId('target-card').first().waitFor()
    await shot(phone, '7-overview-phone')
    await phone.close()

    // A reporter imports a CSV with a bad cell, sees the row and column, fixes it, imports again, submits.
    const reporterCtx = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    const rep = await reporterCtx.newPage()
    rep.on('pageerror', (e) => errors.push(String(e)))
    await signIn(rep, base, 'e2e-nanjing')
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
    await submitForm.getByLabel('年份').fill('2025')
    await submitForm.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => submitForm.locator('.state').innerText()).toMatch(/已提交 \d+ 条/)
    await shot(rep, '5-data-submitted')
    await reporterCtx.close()

    // A reviewer approves and publishes.
    const reviewerCtx = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    const rev = await reviewerCtx.newPage()
    rev.on('pageerror', (e) => errors.push(String(e)))
    await signIn(rev, base, 'reviewer1')
    const row = rev.getByTestId('queue').locator('tr', { hasText: '88.12' })
    await row.getByRole('button', { name: '通过' }).click()
    await row.getByRole('button', { name: '发布' }).click()
    await expect.poll(() => rev.locator('.state-ok').first().innerText()).toContain('发布')
    await shot(rev, '5-data-review')
    await reviewerCtx.close()

    // The public sees the new value: the API and the map (latest year).
    const published = (await (await fetch(`${origin}/api/observations?indicator=urbanization_rate&region=320100&year=2025`)).json()) as Array<{ value: number; status: string }>
    expect(published.some((o) => o.value === 88.12 && o.status === 'published')).toBe(true)
    await anon.goto(`${base}#/`)
    await anon.goto(`${base}#/map`)
    await anon.locator('[data-testid=map-table] tbody tr').first().waitFor()
    // The slider, by keyboard, to the latest year (2025, where only 南京 has a value).
    await anon.getByTestId('year-slider').focus()
    await anon.keyboard.press('End')
    await expect.poll(() => anon.getByTestId('map-table').innerText()).toContain('88.12')
    await shot(anon, '8-map-after-publish')

    // English switch, kept across reloads.
    await anon.getByRole('button', { name: 'Switch to English' }).click()
    await anon.reload()
    await expect.poll(() => anon.locator('h1').innerText()).toBe('Urbanization Plan Monitor')
    await anon.goto(base)
    await anon.getByTestId('target-card').first().waitFor()
    await shot(anon, '9-overview-en')
    expect(errors).toEqual([])
  },
  180_000,
)
