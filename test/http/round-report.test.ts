/**
 * The consolidated report of an evaluation round over HTTP (issue 16): a round walked from opening to closing on
 * each store, then who may download its report (open: admins, reviewers, viewers, the round's evaluators; closed:
 * anyone; reopened: not the public again), and what the files hold of what was written (ratings, findings with
 * markup kept as text, the disagreement, the evidence file with its SHA-256, the cited figure with its source).
 */
import { createHash } from 'node:crypto'

import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { PDF } from '../helpers/evidence.js'
import { multipart, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

interface Round {
  id: number
  version: number
  phase: string
}
interface Item {
  kind: 'target' | 'task'
  itemId: string
  name: string
  self: { version: number } | null
  computed: { status: string | null }
}
interface ErrorBody {
  error: { code: string; message: string; messageEn: string }
}

const FINDINGS = '<script>alert(1)</script>自评“已实现”依据不足'

describe.each(STORES)('the consolidated round report on $name', (store) => {
  let s: TestServer
  let admin: Session
  let reviewer: Session
  let viewer: Session
  let nanjing: Session
  let evaluator: Session
  let round: Round
  let target: Item
  let evidenceId: number
  let observation: number

  const phase = async (to: string, reason?: string) => {
    const r = await admin.req('POST', `/api/rounds/${round.id}/phase`, { to, version: round.version, ...(reason ? { reason } : {}) })
    expect(r.statusCode, r.body).toBe(200)
    round = r.json<Round>()
  }
  const anonymous = (url: string) => s.app.inject({ method: 'GET', url })

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    const users = new UserService(s.ctx, s.ctx.regions)
    await users.create({ username: 'eva', password: PASSWORD, role: 'evaluator', regions: [] }, 'test', FIXED_NOW.toISOString(), 'test')
    admin = await s.login('admin1')
    reviewer = await s.login('reviewer1')
    viewer = await s.login('viewer1')
    nanjing = await s.login('nanjing')
    evaluator = await s.login('eva')

    const created = await admin.req('POST', '/api/rounds', {
      kind: 'midterm',
      year: 2023,
      title: '江苏省新型城镇化规划中期评估',
      titleEn: 'Mid-term evaluation of the urbanization plan',
      regions: ['320100'],
      evaluators: [{ username: 'eva', regions: ['320100'] }],
    })
    expect(created.statusCode, created.body).toBe(201)
    round = created.json<Round>()
    await phase('self_evaluation')

    // Nanjing cites a figure of its own and attaches a file to one target; every item gets a draft so it can submit.
    const saved = await nanjing.req('PUT', '/api/observations/urbanization_rate/320100/2023', { value: 87.5, source: '南京市统计公报2023' })
    expect(saved.statusCode, saved.body).toBeLessThan(300)
    observation = saved.json<{ id: number }>().id
    const upload = multipart('南京佐证.pdf', PDF)
    const ev = await nanjing.req('POST', `/api/rounds/${round.id}/evidence`, upload.payload, upload.headers)
    expect(ev.statusCode, ev.body).toBeLessThan(300)
    evidenceId = ev.json<{ id: number }>().id
    const items = (await nanjing.req('GET', `/api/rounds/${round.id}/items?region=320100`)).json<Item[]>()
    target = items.find((i) => i.kind === 'target')!
    for (const i of items) {
      const mine = i === target
      const r = await nanjing.req('PUT', `/api/rounds/${round.id}/items/320100/${i.kind}/${i.itemId}/self`, {
        status: mine ? 'achieved' : 'on_track',
        narrative: mine ? '已完成目标' : '推进中',
        citations: mine ? [observation] : [],
        evidence: mine ? [evidenceId] : [],
      })
      expect(r.statusCode, r.body).toBe(200)
    }
    const submitted = await nanjing.req('POST', `/api/rounds/${round.id}/self/320100/submit`, {})
    expect(submitted.statusCode, submitted.body).toBe(200)
    await phase('third_party_review')
    const rated = await evaluator.req('PUT', `/api/rounds/${round.id}/items/320100/target/${target.itemId}/rating`, {
      rating: 'at_risk',
      score: 61.5,
      findings: FINDINGS,
      recommendations: '补充佐证',
    })
    expect(rated.statusCode, rated.body).toBe(200)
    await phase('consolidation')
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('while the round is open: admins, reviewers, viewers and its evaluator download it; a reporter and the public do not', async () => {
    const url = `/api/rounds/${round.id}/report.html`
    for (const who of [admin, reviewer, viewer, evaluator]) {
      const r = await who.req('GET', url)
      expect(r.statusCode, r.body).toBe(200)
      expect(r.headers['cache-control']).toBe('private, no-store')
    }
    const reporter = await nanjing.req('GET', url)
    expect(reporter.statusCode).toBe(403)
    expect(reporter.body).not.toContain('已完成目标')
    const anon = await anonymous(url)
    expect(anon.statusCode).toBe(401)
    expect(anon.json<ErrorBody>().error.code).toBe('auth.required')
    const docx = await anonymous(`/api/rounds/${round.id}/report.docx`)
    expect(docx.statusCode).toBe(401)
  })

  it('the HTML holds the round, the self-rating and the rating, the findings as text, the evidence with its SHA-256 and the cited figure', async () => {
    const r = await admin.req('GET', `/api/rounds/${round.id}/report.html`)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.headers['content-disposition']).toBe(`attachment; filename="urbmon-round-${round.id}-midterm-2023.html"`)
    const html = r.body
    expect(html).toContain('<h1>江苏省新型城镇化规划中期评估</h1>')
    expect(html).toContain('2023 年中期评估汇总报告')
    expect(html).toContain('eva（南京市）')
    expect(html).toContain(target.name)
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;自评“已实现”依据不足')
    expect(html).toContain('61.5')
    expect(html).toContain('南京佐证.pdf')
    expect(html).toContain(createHash('sha256').update(PDF).digest('hex'))
    expect(html).toContain(`#${observation}`)
    expect(html).toContain('南京市统计公报2023')
    expect(html).toContain('87.5%')
    // Self-rated achieved, rated at risk: a disagreement, listed.
    expect(html).toMatch(/自评“已实现”，评估“存在风险”/)
  })

  it('the DOCX opens and holds the same, in English when asked', async () => {
    const r = await reviewer.req('GET', `/api/rounds/${round.id}/report.docx?lang=en`)
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200)
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(r.headers['content-disposition']).toBe(`attachment; filename="urbmon-round-${round.id}-midterm-2023-en.docx"`)
    const zip = await JSZip.loadAsync(r.rawPayload)
    const doc = await zip.file('word/document.xml')!.async('string')
    const words = [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    expect(words).toContain('Mid-term evaluation of the urbanization plan')
    expect(words).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    // No figures in this store: computed no data, so not flagged; the disagreement is still listed.
    expect(words).toContain('Nanjing: self-rated Achieved, rated At risk, computed No data.')
  })

  it('refuses a bad id and an unknown round, naming them in Chinese and English', async () => {
    const bad = await admin.req('GET', '/api/rounds/abc/report.html')
    expect(bad.statusCode).toBe(422)
    expect(JSON.stringify(bad.json<ErrorBody>().error)).toContain('id')
    const lang = await admin.req('GET', `/api/rounds/${round.id}/report.html?lang=fr`)
    expect(lang.statusCode).toBe(422)
    expect(JSON.stringify(lang.json<ErrorBody>().error)).toContain('lang')
    const missing = await admin.req('GET', '/api/rounds/9999/report.docx')
    expect(missing.statusCode).toBe(404)
    const e = missing.json<ErrorBody>().error
    expect(e.code).toBe('round.not_found')
    expect(e.message).toContain('9999')
    expect(e.messageEn).toContain('9999')
  })

  it('once closed it is published: anyone downloads it; reopened, the public no longer does', async () => {
    await phase('closed')
    const url = `/api/rounds/${round.id}/report.html`
    const anon = await anonymous(url)
    expect(anon.statusCode, anon.body).toBe(200)
    expect(anon.headers['cache-control']).toBe('public, max-age=300')
    expect(anon.body).toContain('当前阶段：已结束')
    expect((await anonymous(`/api/rounds/${round.id}/report.docx`)).statusCode).toBe(200)
    expect((await nanjing.req('GET', url)).statusCode).toBe(200)
    await phase('consolidation', '补充第三方评估意见')
    expect((await anonymous(url)).statusCode).toBe(401)
    expect((await nanjing.req('GET', url)).statusCode).toBe(403)
  })
})
