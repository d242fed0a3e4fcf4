/**
 * The web dashboard end to end, in a real Chromium: the public pages and a grouping overlay on the map, a
 * reporter's entry grid (a bad cell blocks the save, the fix saves, the history shows both revisions), an import
 * (a bad cell, then fixed) and submission, a reviewer's queue with the change against the published value, bulk
 * approval and publication, the public seeing the new value, and English mode with English region names.
 * Text colour pairs on every page visited are checked against WCAG AA (4.5:1).
 * Runs only when Chromium is at /usr/bin/chromium and the app has been built (`npm run build:web`); it builds nothing.
 * Screenshots go to /tmp/urbmon-e2e/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
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
const CONTRAST_PROBE = readFileSync(fileURLToPath(new URL('./contrast-probe.js', import.meta.url)), 'utf8')

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

/**
 * Visible text whose colour against its effective background is below WCAG AA (4.5:1), as "ratio colour on
 * background: text". The check runs in the page (contrast-probe.js, plain browser JavaScript).
 */
async function lowContrast(page: Page): Promise<string[]> {
  // evaluate, not a script tag: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(CONTRAST_PROBE)
  return page.evaluate(() => (globalThis as unknown as { urbmonLowContrast(): string[] }).urbmonLowContrast())
}

/** The aria-label of the focused element. */
const focused = (page: Page): Promise<string | null> => page.locator(':focus').getAttribute('aria-label')

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
    await new UserService(s.ctx.storeForTasksAndUsers, s.ctx.regions).create({ username: 'e2e-nanjing', password: PASSWORD, role: 'reporter', regions: ['320100'] }, 'test', FIXED_NOW.toISOString(), 'test')
    // A published GDP for 南京 2024 and a revision of it waiting for review: the queue shows the change.
    const admin = await s.login('admin1')
    const seed = async (method: string, url: string, body: unknown) => {
      const r = await admin.req(method, url, body)
      expect(r.statusCode, r.body).toBe(200)
      return r.json() as { version?: number }
    }
    const first = await seed('PUT', '/api/observations/gdp/320100/2024', { value: 18000, note: '2024 统计公报（初步核算）' })
    for (const action of ['submit', 'approve', 'publish']) await seed('POST', `/api/review/${action}`, { indicator: 'gdp', region: '320100', year: 2024 })
    await seed('PUT', '/api/observations/gdp/320100/2024', { value: 18500.5, note: '年鉴最终核实数', version: (first.version ?? 1) + 3 })
    await seed('POST', '/api/review/submit', { indicator: 'gdp', region: '320100', year: 2024 })

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
    expect(await lowContrast(anon)).toEqual([])
    // The contrast check can fail: light grey text is caught.
    await anon.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<p id=probe style=\"color:#999\">对比度探针</p>')")
    expect((await lowContrast(anon)).join('\n')).toContain('对比度探针')
    await anon.evaluate("document.getElementById('probe').remove()")

    // A grouping overlay: 苏南 outlined, the other cities faded, the grouping's own value beside the map.
    await anon.getByTestId('grouping-select').selectOption({ label: '苏南' })
    await anon.getByTestId('grouping-value').waitFor()
    const panel = await anon.getByTestId('grouping-panel').innerText()
    expect(panel).toContain('苏南')
    expect(panel).toContain('南京市、无锡市、常州市、苏州市、镇江市')
    expect(await anon.getByTestId('grouping-value').innerText()).toMatch(/\d+(\.\d+)? %/)
    expect(await anon.getByTestId('map-table').locator('tbody tr:not(.faded)').count()).toBe(5)
    expect(await anon.getByTestId('map-table').locator('tbody tr.faded').count()).toBe(8)
    // A grouping with members outside the province says which members lack data instead of a partial sum.
    await anon.getByTestId('grouping-select').selectOption({ label: '南京都市圈' })
    await expect.poll(() => anon.getByTestId('grouping-value').innerText()).toContain('缺少成员')
    await anon.getByTestId('grouping-select').selectOption({ label: '扬子江城市群' })
    await expect.poll(() => anon.getByTestId('grouping-panel').innerText()).toContain('扬子江城市群')
    await anon.getByTestId('grouping-value').waitFor()
    await anon.waitForTimeout(400)
    await shot(anon, '2-map-grouping')
    expect(await anon.getByText('系统未附带县级行政区边界').count()).toBe(1)

    for (const [hash, name, sel] of [['#/warnings', '3-warnings', '.warning'], ['#/evaluation', '4-evaluation', 'table tbody tr'], ['#/opendata', '6-opendata', 'table tbody tr']] as const) {
      await anon.goto(`${base}${hash}`)
      await anon.locator(sel).first().waitFor()
      await shot(anon, name, name !== '3-warnings')
      expect(await lowContrast(anon), name).toEqual([])
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
    await shot(phone, '7-overview-phone', false)
    expect(await lowContrast(phone)).toEqual([])
    // No sideways scrolling on a phone.
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await phone.close()

    // A reporter imports a CSV with a bad cell, sees the row and column, fixes it, imports again, submits.
    const reporterCtx = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    const rep = await reporterCtx.newPage()
    rep.on('pageerror', (e) => errors.push(String(e)))
    await signIn(rep, base, 'e2e-nanjing')

    // The entry grid: 南京 × chapter 一's indicators for 2024. A wrong cell is named and blocks the whole save.
    const grid = rep.getByTestId('entry-grid')
    await grid.getByLabel('年份').fill('2024')
    await grid.getByTestId('grid').waitFor()
    const rate = grid.getByLabel('南京市 · 常住人口城镇化率 · 2024', { exact: true })
    const hukou = grid.getByLabel('南京市 · 户籍人口城镇化率 · 2024', { exact: true })
    await rate.fill('八十七点六')
    await hukou.fill('79.2')
    const rateNote = grid.locator('td.cell', { has: rep.getByLabel('南京市 · 常住人口城镇化率 · 2024', { exact: true }) }).locator('.cell-note')
    await expect.poll(() => rateNote.innerText()).toContain('南京市 · 常住人口城镇化率 · 2024：“八十七点六” 不是数字')
    expect(await rate.getAttribute('aria-invalid')).toBe('true')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('未保存任何数据')
    // The save moved the focus to the wrong cell; nothing reached the server, not even the valid cell.
    expect(await focused(rep)).toBe('南京市 · 常住人口城镇化率 · 2024')
    const cellValues = async (indicator: string) => {
      const r = await admin.req('GET', `/api/observations?indicator=${indicator}&region=320100&year=2024&view=current`)
      return (r.json() as Array<{ value: number; source: string }>).filter((o) => o.source === 'data-entry').map((o) => o.value)
    }
    expect(await cellValues('urbanization_rate')).toEqual([])
    expect(await cellValues('hukou_urbanization_rate')).toEqual([])
    // Out of range is caught as well, with the range and the unit.
    await rate.fill('187.6')
    await expect.poll(() => rateNote.innerText()).toContain('超出允许范围 0–100 %')
    await shot(rep, '5-data-grid-invalid')
    await rate.fill('87.6')
    await expect.poll(() => rateNote.innerText()).toContain('新填（原无数值）')
    // Keyboard: → at the end of the text moves to the next column, Enter to the next row (none here: stays).
    await rate.press('End')
    await rate.press('ArrowRight')
    expect(await focused(rep)).toBe('南京市 · 户籍人口城镇化率 · 2024')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('成功 2 格，失败 0 格，冲突 0 格')
    expect(await cellValues('urbanization_rate')).toEqual([87.6])
    expect(await cellValues('hukou_urbanization_rate')).toEqual([79.2])
    // A second revision of one cell, then its history: both revisions, newest first, by whom and how.
    await rate.fill('87.65')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('成功 1 格')
    await rate.focus()
    await grid.getByTestId('grid-history').click()
    const history = rep.getByTestId('history')
    await history.locator('tbody tr').first().waitFor()
    expect(await history.locator('h3').innerText()).toContain('南京市 · 常住人口城镇化率 · 2024')
    const revisions = await history.locator('tbody tr').allInnerTexts()
    expect(revisions).toHaveLength(2)
    expect(revisions[0]).toContain('v2')
    expect(revisions[0]).toContain('87.65')
    expect(revisions[0]).toContain('原为 87.6')
    expect(revisions[0]).toContain('e2e-nanjing')
    expect(revisions[0]).toContain('网页填报')
    expect(revisions[1]).toContain('v1')
    await shot(rep, '5-data-history', false)
    expect(await lowContrast(rep)).toEqual([])
    await rep.keyboard.press('Escape')
    await history.waitFor({ state: 'detached' })
    await shot(rep, '5-data-grid-saved')
    expect(await lowContrast(rep)).toEqual([])

    // Someone else changes the cell meanwhile: the save is refused (409), their value is shown, the reporter chooses.
    const theirs = await admin.req('PUT', '/api/observations/urbanization_rate/320100/2024', { value: 87.7, version: 2 })
    expect(theirs.statusCode, theirs.body).toBe(200)
    await rate.fill('87.66')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('冲突 1 格')
    const conflict = rep.getByTestId('grid-conflicts')
    expect(await conflict.innerText()).toContain('南京市 · 常住人口城镇化率 · 2024：他人（admin1）已改为 87.7（版本 3），您填写的是 87.66')
    expect(await cellValues('urbanization_rate')).toEqual([87.7])
    await shot(rep, '5-data-grid-conflict')
    await conflict.getByRole('button', { name: '保留我的值' }).click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('成功 1 格')
    expect(await cellValues('urbanization_rate')).toEqual([87.66])
    await expect.poll(() => conflict.count()).toBe(0)

    // History from the indicator page too: signed-in users open a value's revisions from the table.
    await rep.goto(`${base}#/indicator/urbanization_rate`)
    await rep.getByRole('button', { name: '查看修订历史：南京市 · 常住人口城镇化率 · 2017' }).click()
    const tableHistory = rep.getByTestId('history')
    await tableHistory.locator('tbody tr').first().waitFor()
    // Two sources hold this cell (the yearbook and a secondary article), each with its file and row.
    expect(await tableHistory.locator('tbody tr').count()).toBe(2)
    expect(await tableHistory.innerText()).toContain('jiangsu-published-figures.csv')
    await shot(rep, '10-indicator-history', false)
    await tableHistory.getByRole('button', { name: '关闭' }).click()
    await rep.goto(`${base}#/data`)
    await rep.getByTestId('signed-in').waitFor()

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
    await submitForm.getByLabel('年份').fill('2024')
    await submitForm.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => submitForm.locator('.state').innerText()).toContain('已提交 2 条')
    await shot(rep, '5-data-submitted')
    await reporterCtx.close()

    // A reviewer approves and publishes.
    const reviewerCtx = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    const rev = await reviewerCtx.newPage()
    rev.on('pageerror', (e) => errors.push(String(e)))
    await signIn(rev, base, 'reviewer1')
    const queue = rev.getByTestId('queue')
    // The revised GDP beside the published one, with the change in 亿元 and in %.
    const gdpRow = queue.locator('tr', { hasText: '地区生产总值' })
    await gdpRow.waitFor()
    const gdpText = await gdpRow.innerText()
    expect(gdpText).toContain('18,500.5')
    expect(gdpText).toContain('18,000')
    expect(gdpText).toContain('+500.5')
    expect(gdpText).toContain('(+2.8%)')
    expect(await queue.locator('tr', { hasText: '常住人口城镇化率 · 2024' }).innerText()).toContain('新增（无发布值）')
    await shot(rev, '5-data-review-diff')
    expect(await lowContrast(rev)).toEqual([])
    // Its history, from the queue: published 18,000 and the revision after it.
    await gdpRow.getByRole('button', { name: '查看修订历史：南京市 · 地区生产总值 · 2024' }).click()
    const gdpHistory = rev.getByTestId('history')
    await gdpHistory.locator('tbody tr').first().waitFor()
    expect(await gdpHistory.locator('tbody tr').first().innerText()).toContain('已提交')
    expect(await gdpHistory.locator('tbody tr').count()).toBeGreaterThanOrEqual(5)
    await gdpHistory.getByRole('button', { name: '关闭' }).click()
    // Bulk approval of the two 2024 rows the grid and the seed left.
    await gdpRow.getByRole('checkbox').check()
    await queue.locator('tr', { hasText: '常住人口城镇化率 · 2024' }).getByRole('checkbox').check()
    await rev.getByTestId('bulk-approve').click()
    await expect.poll(() => rev.locator('.state-ok').first().innerText()).toContain('2 条数值 → 通过')
    await expect.poll(() => gdpRow.innerText()).toContain('已通过')
    const row = queue.locator('tr', { hasText: '88.12' })
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
    await anon.locator('table tbody tr').first().waitFor()
    expect(await anon.locator('table').innerText()).not.toMatch(/[\u4e00-\u9fff]/)
    expect(errors).toEqual([])
  },
  180_000,
)
