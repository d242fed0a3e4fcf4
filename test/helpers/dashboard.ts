/**
 * What the browser scenarios (test/e2e) share: a server with the bundled data listening on loopback and serving
 * the built dashboard, one Chromium per test file, sign-in, screenshots and the WCAG AA contrast probe.
 * The scenarios skip (and a CI run fails, see test/global-setup.ts) without Chromium or the web build.
 * Screenshots go to /tmp/urbmon-e2e/.
 * @module
 */
import { mkdirSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from './cli.js'
import { CHROMIUM } from './requirements.js'
import { PASSWORD, testServer, type Session, type TestServer } from './server.js'
import { dropFreshStores, STORES } from './stores.js'

export { browserTestsEnabled } from './requirements.js'

const SHOTS = '/tmp/urbmon-e2e'
const CONTRAST_PROBE = readFileSync(fileURLToPath(new URL('../e2e/contrast-probe.js', import.meta.url)), 'utf8')

/** A reporter for 南京 only, besides the accounts testServer makes. */
export const NANJING_REPORTER = 'e2e-nanjing'

export interface Dashboard {
  readonly server: TestServer
  readonly admin: Session
  /** http://127.0.0.1:port */
  readonly origin: string
  /** The app, under /app/. */
  readonly base: string
  readonly browser: Browser
  /** Uncaught errors in any page opened through `page()`; a scenario ends by expecting none. */
  readonly errors: string[]
  /** A new page in its own browser context (its own cookies), with errors collected. */
  page(viewport?: { width: number; height: number; isMobile?: boolean }): Promise<Page>
  close(): Promise<void>
}

/** A server on a store with the bundled data, listening on loopback, and a Chromium. */
export async function startDashboard(): Promise<Dashboard> {
  mkdirSync(SHOTS, { recursive: true })
  // A real clock: the browser drops cookies that expired by its own clock.
  const server = await testServer(await STORES[0]!.fresh(), { data: true, now: () => new Date() })
  await new UserService(server.ctx, server.ctx.regions).create(
    { username: NANJING_REPORTER, password: PASSWORD, role: 'reporter', regions: ['320100'] },
    'test',
    FIXED_NOW.toISOString(),
    'test',
  )
  const admin = await server.login('admin1')
  // buildServer serves the built app under /app/ and sends / there.
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const errors: string[] = []
  const contexts: BrowserContext[] = []
  return {
    server,
    admin,
    origin,
    base: `${origin}/app/`,
    browser,
    errors,
    async page(viewport = { width: 1366, height: 768 }) {
      const { isMobile, ...size } = viewport
      const context = await browser.newContext({ viewport: size, ...(isMobile === undefined ? {} : { isMobile }) })
      contexts.push(context)
      const page = await context.newPage()
      page.on('pageerror', (e) => errors.push(String(e)))
      return page
    },
    async close() {
      for (const c of contexts) await c.close()
      await browser.close()
      // fetch() keeps sockets alive; close them so the server can stop.
      server.app.server.closeAllConnections()
      await server.close()
      await dropFreshStores()
    },
  }
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage })
}

/**
 * Visible text whose colour against its effective background is below WCAG AA (4.5:1), as "ratio colour on
 * background: text". The check runs in the page (contrast-probe.js, plain browser JavaScript).
 */
export async function lowContrast(page: Page): Promise<string[]> {
  // evaluate, not a script tag: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(CONTRAST_PROBE)
  return page.evaluate(() => (globalThis as unknown as { urbmonLowContrast(): string[] }).urbmonLowContrast())
}

/** The aria-label of the focused element. */
export const focused = (page: Page): Promise<string | null> => page.locator(':focus').getAttribute('aria-label')

export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}#/data`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByTestId('signed-in').waitFor()
}
