/**
 * What some tests need from the machine, in one place: the global set-up checks it (and fails a CI run when
 * something is missing) and the tests skip on the same conditions outside CI.
 * @module
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Chromium for the browser tests; URBMON_TEST_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.URBMON_TEST_CHROMIUM || '/usr/bin/chromium'
/** Where `npm run build:web` puts the dashboard (web/vite.config.ts). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))
export const PG_URL = process.env.URBMON_TEST_DATABASE_URL || undefined

export const hasChromium = existsSync(CHROMIUM)
export const hasWebBuild = existsSync(`${WEB_DIST}/index.html`)
export const browserTestsEnabled = hasChromium && hasWebBuild

export interface Requirement {
  /** What is missing, and how to provide it. */
  readonly missing: string
  /** The tests that skip without it. */
  readonly skips: string
}

/** The requirements this machine lacks. A CI run must have them all. */
export function missingRequirements(): Requirement[] {
  const missing: Requirement[] = []
  if (!hasChromium) missing.push({ missing: `Chromium not found at ${CHROMIUM} (install it or set URBMON_TEST_CHROMIUM)`, skips: 'the browser tests (test/e2e)' })
  if (!hasWebBuild) missing.push({ missing: `no web build at ${WEB_DIST}/index.html (run npm run build:web)`, skips: 'the browser tests (test/e2e)' })
  if (!PG_URL)
    missing.push({
      missing: 'URBMON_TEST_DATABASE_URL is not set (a PostgreSQL database the tests may use)',
      skips: 'the PostgreSQL half of the store contract suite and the PostgreSQL CLI tests',
    })
  return missing
}

/** LibreOffice: the report tests convert a DOCX with it when it is there; CI does not install it. */
export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice', '/opt/homebrew/bin/soffice'].find((p) => existsSync(p))
