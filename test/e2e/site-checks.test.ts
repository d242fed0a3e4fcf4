/**
 * Site-wide checks in a real Chromium, as the public sees the site (signed out): every anonymous page, in Chinese
 * and English, logs no console error and has no failed request, and none scrolls sideways on a 390 px phone. The
 * built app's precompressed copies are checked against the files they stand for, and unknown addresses get a
 * not-found page.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DEFAULT_WEB_DIST } from '../../src/http/static.js'
import { browserTestsEnabled, shot, startDashboard, type Dashboard } from '../helpers/dashboard.js'

/** Every route of web/src/App.tsx, with a parameter where the page takes one, plus addresses that do not exist. */
const PAGES = [
  '/',
  '/map',
  '/indicator',
  '/indicator/urbanization_rate',
  '/indicator/resident_pop',
  '/region',
  '/region/320100',
  '/region/320000',
  '/warnings',
  '/evaluation',
  '/data',
  '/opendata',
  '/reports',
] as const
const NOT_FOUND = ['/region/999999', '/indicator/no_such_indicator', '/no-such-page'] as const

interface Visit {
  readonly problems: string[]
}

/** Opens a page in a fresh context in the given language, collecting console errors and failed requests. */
async function open(d: Dashboard, lang: 'zh' | 'en', viewport: { width: number; height: number; isMobile?: boolean }): Promise<{ page: Page; visit: Visit }> {
  const page = await d.page(viewport)
  await page.addInitScript(`try { localStorage.setItem('urbmon.lang', '${lang}') } catch {}`)
  const visit: Visit = { problems: [] }
  page.on('console', (m) => {
    if (m.type() === 'error') visit.problems.push(`console error: ${m.text()}`)
  })
  page.on('requestfailed', (r) => {
    // A request the page itself cancelled (navigating away, an aborted fetch) is not a failure of the site.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') visit.problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400) visit.problems.push(`${r.status()}: ${r.url()}`)
  })
  return { page, visit }
}

/** Waits until the page has loaded its data: no request running and no loading notice left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle')
  await page.locator('main').waitFor()
  await expect
    .poll(
      () =>
        page
          .locator('main .state[role=status]')
          .filter({ hasText: /加载中|Loading/ })
          .count(),
      { timeout: 20_000 },
    )
    .toBe(0)
  await page.waitForLoadState('networkidle')
  // Lists filled from the data (an indicator select, a chart) lay out a frame or two after their request ends.
  await page.waitForTimeout(300)
}

describe.skipIf(!browserTestsEnabled)('site-wide checks', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  for (const lang of ['zh', 'en'] as const) {
    it(`every anonymous page in ${lang}: no console error, no failed request, no sideways scroll at 390 px`, async () => {
      const found: string[] = []
      for (const [viewport, tag] of [
        [{ width: 1440, height: 900 }, 'wide'],
        [{ width: 390, height: 844, isMobile: true }, 'phone'],
      ] as const) {
        const { page, visit } = await open(d, lang, viewport)
        for (const path of [...PAGES, ...NOT_FOUND]) {
          visit.problems.length = 0
          await page.goto(`${d.base}#${path}`)
          await settle(page)
          for (const p of visit.problems) found.push(`${tag} ${path}: ${p}`)
          const { scroll, client } = await page.evaluate<{ scroll: number; client: number }>(
            '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
          )
          if (scroll > client) found.push(`${tag} ${path}: scrolls sideways (${scroll} > ${client} px)`)
          if (tag === 'phone') await shot(page, `site-${lang}-${path.replace(/\W+/g, '_') || 'root'}-phone`)
        }
      }
      expect(found).toEqual([])
      expect(d.errors).toEqual([])
    }, 300_000)
  }

  it('answers an unknown region, indicator or page with a not-found message and a way back, in both languages', async () => {
    for (const [lang, text, back] of [
      ['zh', '未找到', '返回'],
      ['en', 'Not found', 'Back'],
    ] as const) {
      const { page } = await open(d, lang, { width: 1440, height: 900 })
      for (const path of NOT_FOUND) {
        await page.goto(`${d.base}#${path}`)
        await settle(page)
        const box = page.getByTestId('not-found')
        await box.waitFor()
        expect(await box.innerText(), `${lang} ${path}`).toContain(text)
        expect(await box.getByRole('link', { name: new RegExp(back) }).count(), `${lang} ${path}`).toBeGreaterThan(0)
        // Not a network error: nothing to retry.
        expect(await page.getByRole('button', { name: /重试|Retry/ }).count()).toBe(0)
      }
    }
  }, 120_000)

  it('links the API documentation from the footer, and the documentation page loads under the CSP', async () => {
    const { page, visit } = await open(d, 'zh', { width: 1440, height: 900 })
    await page.goto(d.base)
    await settle(page)
    const link = page.locator('footer a[href$="/api/docs"], footer a[href$="/api/docs/"]')
    expect(await link.count()).toBe(1)
    visit.problems.length = 0
    await page.goto(`${d.origin}/api/docs`)
    await page.locator('.swagger-ui .info').waitFor()
    await page.waitForLoadState('networkidle')
    expect(await page.locator('.swagger-ui .info').innerText()).toContain('新型城镇化规划监测评估系统')
    expect(visit.problems).toEqual([])
  }, 60_000)

  it('links a favicon that the server sends as SVG', async () => {
    const index = await (await fetch(d.base)).text()
    const href = /<link rel="icon" type="image\/svg\+xml" href="\.\/([^"]+)"/.exec(index)?.[1]
    expect(href).toMatch(/^assets\/favicon-[\w-]+\.svg$/)
    const icon = await fetch(`${d.base}${href}`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toContain('image/svg+xml')
  })

  it('has a precompressed copy of each large text asset that decodes to the file itself', () => {
    const dir = join(DEFAULT_WEB_DIST, 'assets')
    const big = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f) && readFileSync(join(dir, f)).length > 10_000)
    expect(big.length).toBeGreaterThan(3)
    for (const f of big) {
      const raw = readFileSync(join(dir, f))
      expect(brotliDecompressSync(readFileSync(join(dir, `${f}.br`))).equals(raw), f).toBe(true)
      expect(gunzipSync(readFileSync(join(dir, `${f}.gz`))).equals(raw), f).toBe(true)
    }
  })
})
