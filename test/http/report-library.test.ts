/**
 * The report library over HTTP: a reviewer generates a report (a draft), only signed-in users see or download a
 * draft, a reviewer publishes it, and then anyone lists it with its year and kind and downloads its DOCX and HTML
 * without an account, with a proper file name and content type.
 */
import { existsSync, readdirSync } from 'node:fs'

import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ReportEntryReply, ReportLibraryReply } from '../../src/contract/index.js'
import { tempDb } from '../helpers/cli.js'
import { testServer, type TestServer } from '../helpers/server.js'

describe('the report library', () => {
  let s: TestServer
  let draft: ReportEntryReply
  beforeAll(async () => {
    s = await testServer({ kind: 'sqlite', file: tempDb() }, { data: true })
  }, 60_000)
  afterAll(async () => s.close())

  it('lets reviewers generate a draft; reporters and viewers may not; the public sees no draft', async () => {
    const reviewer = await s.login('reviewer1')
    for (const who of ['nanjing', 'viewer1']) {
      const r = await (await s.login(who)).req('POST', '/api/reports/library', { kind: 'final', year: 2025, lang: 'zh' })
      expect(r.statusCode, r.body).toBe(403)
    }
    const anonymousPost = await s.app.inject({ method: 'POST', url: '/api/reports/library', payload: { kind: 'final' } })
    expect(anonymousPost.statusCode).toBe(401)
    const bad = await reviewer.req('POST', '/api/reports/library', { kind: 'yearly' }, { 'accept-language': 'en' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json<{ error: { message: string } }>().error.message).toContain('kind')

    const r = await reviewer.req('POST', '/api/reports/library', { kind: 'final', lang: 'zh' })
    expect(r.statusCode, r.body).toBe(200)
    draft = r.json<ReportEntryReply>()
    // The final report defaults to the plan's final evaluation year; its index falls back to 2024 (2025 has too few data).
    expect([draft.kind, draft.year, draft.indexYear, draft.lang, draft.status, draft.createdBy]).toEqual(['final', 2025, 2024, 'zh', 'draft', 'reviewer1'])

    const publicList = (await s.app.inject({ method: 'GET', url: '/api/reports/library' })).json<ReportLibraryReply>()
    expect(publicList.reports).toEqual([])
    const viewerList = (await (await s.login('viewer1')).req('GET', '/api/reports/library')).json<ReportLibraryReply>()
    expect(viewerList.reports.map((x) => x.id)).toEqual([draft.id])
  }, 120_000)

  it('answers 401 to an anonymous download of a draft and 404 to an unknown report, in both languages', async () => {
    const anon = await s.app.inject({ method: 'GET', url: draft.files.docx })
    expect(anon.statusCode).toBe(401)
    const viewer = await s.login('viewer1')
    const signedIn = await viewer.req('GET', draft.files.html)
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.headers['cache-control']).toBe('private, no-store')
    expect(signedIn.headers['content-disposition']).toBe('attachment; filename="jiangsu-urbanization-final-report-2025-zh-draft.html"')
    for (const [lang, text] of [
      ['zh-CN', '报告库中没有报告 final-2025-zh-00000000'],
      ['en', 'No report final-2025-zh-00000000 in the report library'],
    ] as const) {
      const missing = await s.app.inject({ method: 'GET', url: '/api/reports/library/final-2025-zh-00000000/report.docx', headers: { 'accept-language': lang } })
      expect(missing.statusCode).toBe(404)
      expect(missing.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'report.not_found', message: text })
    }
    const badName = await s.app.inject({ method: 'GET', url: `/api/reports/library/${draft.id}/report.pdf` })
    expect(badName.statusCode).toBe(422)
  })

  it('publishes (reviewers only), then anyone lists it with year and kind and downloads DOCX and HTML', async () => {
    const viewer = await s.login('viewer1')
    expect((await viewer.req('POST', `/api/reports/library/${draft.id}/status`, { status: 'published' })).statusCode).toBe(403)
    const reviewer = await s.login('reviewer1')
    const pub = await reviewer.req('POST', `/api/reports/library/${draft.id}/status`, { status: 'published' })
    expect(pub.statusCode, pub.body).toBe(200)
    expect(pub.json<ReportEntryReply>()).toMatchObject({ status: 'published', publishedBy: 'reviewer1', publishedAt: '2026-01-01T00:00:00.000Z' })

    const list = (await s.app.inject({ method: 'GET', url: '/api/reports/library' })).json<ReportLibraryReply>()
    expect(list.reports.map((x) => [x.id, x.kind, x.year, x.status])).toEqual([[draft.id, 'final', 2025, 'published']])

    const docx = await s.app.inject({ method: 'GET', url: draft.files.docx })
    expect(docx.statusCode).toBe(200)
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(docx.headers['content-disposition']).toBe('attachment; filename="jiangsu-urbanization-final-report-2025-zh.docx"')
    expect(docx.rawPayload.byteLength).toBe(draft.bytes.docx)
    const doc = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')
    expect(doc).toContain('总结评估报告')
    const html = await s.app.inject({ method: 'GET', url: draft.files.html })
    expect(html.statusCode).toBe(200)
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(html.body).toContain('2025 年的数据尚不足以计算覆盖至少 3 个维度的综合指数')

    // Kept beside the store's file; the index and files were renamed into place (no temporary files left).
    const dir = `${(s.target as { file: string }).file}.reports`
    expect(existsSync(`${dir}/index.json`)).toBe(true)
    expect(readdirSync(dir).sort()).toEqual([`${draft.id}.docx`, `${draft.id}.html`, 'index.json'])

    // Withdrawn, it is a draft again: gone from the public list and the public download.
    await reviewer.req('POST', `/api/reports/library/${draft.id}/status`, { status: 'draft' })
    expect((await s.app.inject({ method: 'GET', url: draft.files.docx })).statusCode).toBe(401)

    // Each step is in the audit log: who generated, published and withdrew it, newest first.
    const audit = await reviewer.req('GET', '/api/audit?limit=50')
    expect(audit.statusCode, audit.body).toBe(200)
    const steps = audit
      .json<Array<{ action: string; actor: string; entityId: string | null; oldStatus: string | null; newStatus: string | null }>>()
      .filter((e) => e.entityId === draft.id)
      .map((e) => [e.action, e.actor, e.oldStatus, e.newStatus])
    expect(steps).toEqual([
      ['report.withdraw', 'reviewer1', 'published', 'draft'],
      ['report.publish', 'reviewer1', 'draft', 'published'],
      ['report.generate', 'reviewer1', null, 'draft'],
    ])
  })

  it('builds kept reports on published figures only: a draft value shows in the on-demand report, never in a kept one', async () => {
    const reporter = await s.login('nanjing')
    const put = await reporter.req('PUT', '/api/observations/gdp/320100/2025', { value: 98765.4, source: 'https://example.org/draft-figure' })
    expect(put.statusCode, put.body).toBe(200)
    const reviewer = await s.login('reviewer1')
    const onDemand = await reviewer.req('GET', '/api/reports?kind=annual&year=2025&format=html')
    expect(onDemand.statusCode).toBe(200)
    expect(onDemand.body).toContain('98,765.4')
    const kept = (await reviewer.req('POST', '/api/reports/library', { kind: 'annual', year: 2025 })).json<ReportEntryReply>()
    const html = await reviewer.req('GET', kept.files.html)
    expect(html.statusCode).toBe(200)
    expect(html.body).toContain('年度监测报告')
    expect(html.body).not.toContain('98,765.4')
  }, 120_000)
})
