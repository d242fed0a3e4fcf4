/**
 * vitest global set-up, run once before the tests:
 * - under CI=true a missing Chromium, web build or PostgreSQL URL fails the run, since the tests that need them
 *   would otherwise skip and the run would still be green; elsewhere they skip, and one line says which and why;
 * - the initialised template stores (test/helpers/templates.ts) are made once and handed to the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { TestProject } from 'vitest/node'

import { missingRequirements, SOFFICE } from './helpers/requirements.js'
import { makeTemplates } from './helpers/templates.js'

export default async function setup(project: TestProject): Promise<() => void> {
  const missing = missingRequirements()
  const ci = Boolean(process.env.CI) && !/^(false|0)$/i.test(process.env.CI ?? '')
  if (missing.length > 0 && ci) {
    throw new Error(`CI=true, so these tests may not skip; missing:\n${missing.map((m) => `  - ${m.missing}; needed by ${m.skips}`).join('\n')}`)
  }
  for (const m of missing) console.warn(`urbmon tests: skipping ${m.skips}: ${m.missing}`)
  if (!SOFFICE) console.warn('urbmon tests: skipping the LibreOffice conversion of the reports: no soffice found (optional, also on CI)')

  const dir = mkdtempSync(join(tmpdir(), 'urbmon-templates-'))
  project.provide('storeTemplates', await makeTemplates(dir))
  return () => rmSync(dir, { recursive: true, force: true })
}
