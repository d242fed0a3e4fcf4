/**
 * The public downloads a published report from the Reports page, signed out: a reviewer has generated two reports
 * and published one; the page lists only the published one with its year and kind, and its DOCX and HTML links
 * download the files without an account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ReportEntryReply } from '../../src/contract/index.js'
import { browserTestsEnabled, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('published reports for the public', () => {
  let d: Dashboard
  let published: ReportEntryReply
  let draft: ReportEntryReply
  beforeAll(async () => {
    d = await startDashboard()
    const reviewer = await d.server.login('reviewer1')
    const make = async (kind: string, year: number) => {
      const r = await reviewer.req('POST', '/api/reports/library', { kind, year, lang: 'zh' })
      if (r.statusCode !== 200) throw new Error(r.body)
      return r.json<ReportEntryReply>()
    }
    published = await make('final', 2025)
    draft = await make('midterm', 2023)
    const p = await reviewer.req('POST', `/api/reports/library/${published.id}/status`, { status: 'published' })
    if (p.statusCode !== 200) throw new Error(p.body)
  }, 120_000)
  afterAll(() => d.close(), 30_000)

  it('lists the published report with its year and kind and downloads it signed out', async () => {
    const anon = await d.page()
    await anon.goto(`${d.base}#/reports`)
    const table = anon.getByTestId('report-library')
    await table.waitFor()
    const rows = table.locator('tbody tr')
    expect(await rows.count()).toBe(1)
    const row = await rows.first().innerText()
    expect(row).toContain('总结评估报告')
    expect(row).toContain('2025')
    expect(row).toContain('2024') // the index's data year
    expect(await anon.getByTestId(`report-${draft.id}`).count()).toBe(0)
    await shot(anon, '12-reports')

    const [docx] = await Promise.all([anon.waitForEvent('download'), anon.getByRole('link', { name: '总结评估报告 2025 中文 DOCX' }).click()])
    expect(docx.suggestedFilename()).toBe('jiangsu-urbanization-final-report-2025-zh.docx')
    const path = await docx.path()
    const { readFileSync } = await import('node:fs')
    const bytes = readFileSync(path)
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    expect(bytes.byteLength).toBe(published.bytes.docx)

    const [html] = await Promise.all([anon.waitForEvent('download'), anon.getByRole('link', { name: '总结评估报告 2025 中文 HTML' }).click()])
    expect(html.suggestedFilename()).toBe('jiangsu-urbanization-final-report-2025-zh.html')
    expect(readFileSync(await html.path(), 'utf8')).toContain('总结评估报告')
    expect(d.errors).toEqual([])
  }, 120_000)

  it('lets a reviewer generate a report with a year choice and publish it from the page', async () => {
    const page = await d.page()
    await signIn(page, d.base, 'reviewer1')
    await page.goto(`${d.base}#/reports`)
    await page.getByTestId('gen-kind').selectOption('annual')
    await page.getByTestId('gen-year').selectOption('2024')
    await page.getByTestId('gen-submit').click()
    const row = page.locator('[data-testid=report-library] tbody tr', { hasText: '年度报告' })
    await row.waitFor({ timeout: 60_000 })
    expect(await row.innerText()).toContain('2024')
    await row.getByRole('button', { name: '发布' }).click()
    await row.getByRole('button', { name: '撤回为草稿' }).waitFor()
    const list = (await (await fetch(`${d.origin}/api/reports/library`)).json()) as { reports: Array<{ kind: string; year: number }> }
    expect(list.reports.map((r) => `${r.kind} ${r.year}`).sort()).toEqual(['annual 2024', 'final 2025'])
    expect(d.errors).toEqual([])
  }, 120_000)
})
