/**
 * Screenshots of every public page, in Chinese and English, at 1440 and 390 px, for looking the site over before a
 * release and for the README's tour. Start a server first (`npm start`, or `urbmon start --port P` on a fresh
 * database), then:
 *
 *   npx tsx scripts/tour-screenshots.ts [http://127.0.0.1:8080] [out-dir]
 *
 * Writes `<out-dir>/<lang>-<width>-<page>.png` (default out-dir /tmp/urbmon-tour) and, with `--readme`, the tour
 * images under docs/images (Chinese, 1440 px, first screen).
 * @module
 */
import { copyFileSync, mkdirSync } from 'node:fs'

import { chromium } from 'playwright-core'

import { CHROMIUM } from '../test/helpers/requirements.js'

const PAGES: ReadonlyArray<{ name: string; hash: string; readme?: string }> = [
  { name: 'overview', hash: '/', readme: 'web-overview.png' },
  { name: 'map', hash: '/map', readme: 'web-map.png' },
  { name: 'indicator', hash: '/indicator/urbanization_rate', readme: 'web-indicator.png' },
  { name: 'region', hash: '/region/320100', readme: 'web-region.png' },
  { name: 'warnings', hash: '/warnings', readme: 'web-warnings.png' },
  { name: 'evaluation', hash: '/evaluation', readme: 'web-evaluation.png' },
  { name: 'opendata', hash: '/opendata', readme: 'web-open-data.png' },
  { name: 'opendata-indicator', hash: '/opendata/indicator/urbanization_rate', readme: 'web-open-data-indicator.png' },
  { name: 'opendata-status', hash: '/opendata/status' },
  { name: 'reports', hash: '/reports', readme: 'web-reports.png' },
  { name: 'sources', hash: '/sources', readme: 'web-sources.png' },
  { name: 'search', hash: '/search?q=%E5%8D%97%E4%BA%AC' },
  { name: 'data', hash: '/data' },
  { name: 'not-found', hash: '/region/999999' },
]

const args = process.argv.slice(2)
const readme = args.includes('--readme')
const [origin = 'http://127.0.0.1:8080', out = '/tmp/urbmon-tour'] = args.filter((a) => !a.startsWith('--'))
mkdirSync(out, { recursive: true })

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const problems: string[] = []
try {
  for (const lang of ['zh', 'en'] as const) {
    for (const width of [1440, 390]) {
      const context = await browser.newContext({ viewport: { width, height: width > 800 ? 900 : 844 } })
      // Strings, not functions: this script is type-checked without the DOM library.
      await context.addInitScript(`localStorage.setItem('urbmon.lang', '${lang}')`)
      const page = await context.newPage()
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${lang} ${width} console: ${m.text()}`)
      })
      for (const p of PAGES) {
        await page.goto(`${origin}/app/#${p.hash}`)
        await page.waitForLoadState('networkidle')
        await page.waitForTimeout(2500)
        const wide = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
        if (wide > 0) problems.push(`${lang} ${width} ${p.name}: ${wide} px sideways`)
        const file = `${out}/${lang}-${width}-${p.name}.png`
        await page.screenshot({ path: file, fullPage: width < 800 })
        if (readme && p.readme && lang === 'zh' && width === 1440) copyFileSync(file, `docs/images/${p.readme}`)
      }
      await context.close()
    }
  }
} finally {
  await browser.close()
}
console.log(problems.length ? problems.join('\n') : `${PAGES.length * 4} screenshots in ${out}, no console error, no sideways scroll`)
