/**
 * The public satisfaction survey on both stores: the form's single-use token (used once, expired, another region,
 * forged), answers checked and named in zh and en, the flood limit (429 with Retry-After, not counted), duplicates
 * (409), results hidden below the minimum sample and computed by hand above it, the import (reviewer/admin only,
 * bad rows named by row and column, all or nothing, one audit entry), no personal data stored, and the survey's
 * dimension scores as an indicator of the composite index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { surveyIndicators } from '../../src/app/survey-indicators.js'
import { loadMonitoringData } from '../../src/app/recompute.js'
import { loadFramework, runEvaluation } from '../../src/app/evaluation.js'
import { surveyResultsForRound } from '../../src/app/surveys.js'
import { buildMatrix } from '../../src/evaluation/index.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'

interface ErrorBody {
  error: {
    code: string
    message: string
    messageEn: string
    details: { problems?: Array<{ question?: string; row?: number; column?: string; message: string; messageEn: string }> }
  }
}
interface DimRow {
  region: string
  dimension: string
  n: number
  shown: boolean
  mean: number | null
  ciLow: number | null
  ciHigh: number | null
  score: number | null
}

const SURVEY = 'jiangsu-satisfaction'
const base = { settle_in: 4, housing: 4, commute: 4, environment: 4, public_services: 4, safety: 4, rural_services: 4, residence: 'urban' }

describe.each(STORES)('the public survey on $name', (store) => {
  let s: TestServer
  let clock = FIXED_NOW.getTime()
  let reviewer: Session
  let admin: Session
  let viewer: Session
  let reporter: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh(), { now: () => new Date(clock) })
    reviewer = await s.login('reviewer1')
    admin = await s.login('admin1')
    viewer = await s.login('viewer1')
    reporter = await s.login('nanjing')
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const form = async (region: string) => {
    const r = await s.app.inject({ method: 'GET', url: `/api/surveys/${SURVEY}/form?region=${region}` })
    expect(r.statusCode).toBe(200)
    return r.json<{ token: string; region: { code: string; name: string } }>().token
  }
  const submit = (body: Record<string, unknown>, remoteAddress = '203.0.113.1', lang = 'zh-CN') =>
    s.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: body, remoteAddress, headers: { 'accept-language': lang } })
  const count = async (region: string) => (await s.ctx.surveyResponses.list({ questionnaire: SURVEY, region })).length

  it('lists the questionnaire and serves it without sign-in; an unknown one is 404 in both languages', async () => {
    const list = await s.app.inject({ method: 'GET', url: '/api/surveys' })
    expect(list.json()).toEqual([expect.objectContaining({ id: SURVEY, questions: 11, dimensions: 5, minSample: 30 })])
    const one = await s.app.inject({ method: 'GET', url: `/api/surveys/${SURVEY}` })
    expect(one.json<{ scale: { labels: string[] } }>().scale.labels[4]).toBe('很满意')
    const none = await s.app.inject({ method: 'GET', url: '/api/surveys/nope', headers: { 'accept-language': 'en' } })
    expect(none.statusCode).toBe(404)
    expect(none.json<ErrorBody>().error).toMatchObject({ code: 'survey.not_found', messageEn: 'No questionnaire nope' })
  })

  it('gives a form only for a city or county, naming the field', async () => {
    const token = await form('320100')
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/)
    const bad = await s.app.inject({ method: 'GET', url: `/api/surveys/${SURVEY}/form?region=320000` })
    expect(bad.statusCode).toBe(422)
    expect(bad.json<ErrorBody>().error).toMatchObject({ code: 'survey.bad_region' })
    expect(bad.json<ErrorBody>().error.message).toContain('字段 region')
    expect(bad.json<ErrorBody>().error.messageEn).toContain('field region')
  })

  it('accepts a response once per token: 201, then 409 for the same token', async () => {
    const token = await form('320100')
    const first = await submit({ region: '320100', token, answers: { ...base, suggestion: '多建口袋公园' } })
    expect(first.statusCode).toBe(201)
    expect(first.json()).toMatchObject({ id: SURVEY, region: '320100', round: null })
    const again = await submit({ region: '320100', token, answers: { ...base, housing: 2 } })
    expect(again.statusCode).toBe(409)
    expect(again.json<ErrorBody>().error.code).toBe('survey.token_used')
    expect(await count('320100')).toBe(1)
  })

  it('refuses bad answers naming each question in Chinese and English, and keeps the token usable', async () => {
    const token = await form('320100')
    const { safety: _left, ...noSafety } = base
    const r = await submit({ region: '320100', token, answers: { ...noSafety, housing: 6, residence: 'moon', suggestion: 'x'.repeat(501) } })
    expect(r.statusCode).toBe(422)
    const e = r.json<ErrorBody>().error
    expect(e.code).toBe('survey.bad_answer')
    expect(e.details.problems!.map((p) => p.question)).toEqual(['housing', 'safety', 'residence', 'suggestion'])
    expect(e.details.problems![0]!.message).toBe('问题“本市住房保障（保障性租赁住房、公租房等）”（housing）的回答 6 不在量表 1–5 之内')
    expect(e.details.problems![0]!.messageEn).toBe(
      'Question "Affordable housing in the city (subsidised rental housing, public rental housing)" (housing): the answer 6 is not on the scale 1–5',
    )
    // The error's own message is the first problem's.
    expect(e.message).toBe('问题“本市住房保障（保障性租赁住房、公租房等）”（housing）的回答 6 不在量表 1–5 之内')
    expect(e.details.problems![1]!.message).toContain('（safety）为必答题')
    expect(e.details.problems![1]!.messageEn).toContain('(safety) must be answered')
    expect(await count('320100')).toBe(1)
    // Fixed, the same token goes through.
    expect((await submit({ region: '320100', token, answers: { ...base, housing: 5 } })).statusCode).toBe(201)
    expect(await count('320100')).toBe(2)
  })

  it('refuses an expired token (410), one for another region and a forged one (400)', async () => {
    const token = await form('320100')
    clock += 2 * 3600_000 + 1000
    try {
      const old = await submit({ region: '320100', token, answers: { ...base, housing: 1 } }, '203.0.113.2', 'en')
      expect(old.statusCode).toBe(410)
      expect(old.json<ErrorBody>().error).toMatchObject({ code: 'survey.token_expired' })
      expect(old.json<ErrorBody>().error.messageEn).toContain('expired (it lasts 2 hours)')
    } finally {
      clock = FIXED_NOW.getTime()
    }
    const other = await submit({ region: '320200', token: await form('320100'), answers: base }, '203.0.113.2')
    expect(other.statusCode).toBe(400)
    expect(other.json<ErrorBody>().error.code).toBe('survey.token_invalid')
    const [payload] = (await form('320100')).split('.')
    const forged = await submit({ region: '320100', token: `${payload}.AAAA`, answers: base }, '203.0.113.2')
    expect(forged.json<ErrorBody>().error.code).toBe('survey.token_invalid')
    expect(await count('320100')).toBe(2)
  })

  it('refuses the same answers from the same address as a duplicate (409); another address may give them', async () => {
    const answers = { ...base, commute: 2 }
    expect((await submit({ region: '320300', token: await form('320300'), answers }, '198.51.100.7')).statusCode).toBe(201)
    const dup = await submit({ region: '320300', token: await form('320300'), answers }, '198.51.100.7')
    expect(dup.statusCode).toBe(409)
    expect(dup.json<ErrorBody>().error.code).toBe('survey.duplicate')
    expect((await submit({ region: '320300', token: await form('320300'), answers }, '198.51.100.8')).statusCode).toBe(201)
    expect(await count('320300')).toBe(2)
  })

  it('stops a flood from one address at 5 in 10 minutes: 429 with Retry-After, not counted', async () => {
    const before = await count('320400')
    for (let i = 1; i <= 5; i++) {
      const r = await submit({ region: '320400', token: await form('320400'), answers: { ...base, settle_in: 1 + (i % 5), commute: 1 + ((i + 1) % 5) } }, '192.0.2.50')
      expect(r.statusCode).toBe(201)
    }
    const flood = await submit({ region: '320400', token: await form('320400'), answers: { ...base, safety: 1 } }, '192.0.2.50', 'en')
    expect(flood.statusCode).toBe(429)
    expect(Number(flood.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(flood.headers['retry-after'])).toBeLessThanOrEqual(600)
    expect(flood.json<ErrorBody>().error.messageEn).toContain('at most 5 per address in 10 minutes')
    expect(await count('320400')).toBe(before + 5)
    // Another address is not held back.
    expect((await submit({ region: '320400', token: await form('320400'), answers: { ...base, safety: 1 } }, '192.0.2.51')).statusCode).toBe(201)
    // Ten minutes on, the first address may answer again.
    clock += 10 * 60_000 + 1000
    try {
      expect((await submit({ region: '320400', token: await form('320400'), answers: { ...base, safety: 2 } }, '192.0.2.50')).statusCode).toBe(201)
    } finally {
      clock = FIXED_NOW.getTime()
    }
  })

  it('stores no personal data: no address in any column, nothing audited per submission', async () => {
    const rows = await s.ctx.surveyResponses.list({ questionnaire: SURVEY })
    expect(Object.keys(rows[0]!).sort()).toEqual(['answers', 'channel', 'fingerprint', 'id', 'questionnaire', 'receivedAt', 'region', 'round'])
    const text = JSON.stringify(rows)
    for (const address of ['203.0.113.1', '198.51.100.7', '192.0.2.50', '127.0.0.1']) expect(text).not.toContain(address)
    expect(await s.ctx.audit.list({ entity: 'survey', limit: 100 })).toEqual([])
  })

  // 30 rows for 无锡: settle_in ten 3s, ten 4s, ten 5s; housing always 4. Citizenization per respondent:
  // 3.5, 4, 4.5 (ten each) → mean 4; s² = (10 · 0.5² · 2) / 29 = 5/29; s/√30 = 0.0758098;
  // t(0.975, 29) = 2.045 (table) → half-width 0.155031. Spatial: commute 2 for all → mean 2, no spread.
  const csv30 = () => {
    const lines = ['region,settle_in,housing,commute,environment,public_services,safety,rural_services,residence,suggestion']
    for (let i = 0; i < 30; i++) lines.push(`${i % 2 ? '320200' : '无锡市'},${3 + Math.floor(i / 10)},4,2,4,4,4,4,${i % 3 ? 'urban' : '农村'},`)
    return lines.join('\n')
  }

  it('imports a survey run elsewhere (reviewer), one audit entry; results above the minimum sample match a hand calculation', async () => {
    const up = multipart('wuxi.csv', csv30())
    const r = await reviewer.req('POST', `/api/surveys/${SURVEY}/import`, up.payload, up.headers)
    expect(r.statusCode).toBe(201)
    expect(r.json()).toMatchObject({ imported: 30, regions: { '320200': 30 }, dryRun: false })
    const audit = await s.ctx.audit.list({ entity: 'survey', limit: 100 })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'survey.import', actor: 'reviewer1', entityId: SURVEY })
    const res = (await s.app.inject({ method: 'GET', url: `/api/surveys/${SURVEY}/results?region=320200` })).json<DimRow[]>()
    const cit = res.find((x) => x.dimension === 'citizenization')!
    expect(cit).toMatchObject({ n: 30, shown: true, mean: 4 })
    const half = 2.045 * Math.sqrt(5 / 29 / 30)
    expect(half).toBeCloseTo(0.155031, 6)
    expect(cit.ciHigh! - 4).toBeCloseTo(half, 4)
    expect(cit.score).toBeCloseTo(75, 10)
    const spatial = res.find((x) => x.dimension === 'spatial')!
    expect(spatial).toMatchObject({ n: 30, shown: true, mean: 2, ciLow: 2, ciHigh: 2, score: 25 })
  })

  it('hides a city below the minimum sample: only its count', async () => {
    const res = (await s.app.inject({ method: 'GET', url: `/api/surveys/${SURVEY}/results` })).json<DimRow[]>()
    const nj = res.filter((x) => x.region === '320100')
    expect(nj.map((x) => [x.n, x.shown, x.mean, x.ciLow, x.score])).toEqual(Array(5).fill([2, false, null, null, null]))
    const counts = (await s.app.inject({ method: 'GET', url: `/api/surveys/${SURVEY}/counts` })).json<Array<{ region: string; n: number; shown: boolean }>>()
    expect(counts.find((c) => c.region === '320200')).toMatchObject({ n: 30, shown: true })
    expect(counts.find((c) => c.region === '320100')).toMatchObject({ n: 2, shown: false })
  })

  it('refuses a file with bad rows as a whole, naming row and column in both languages', async () => {
    const before = await count('320500')
    const text = [
      '地区,settle_in,housing,commute,environment,public_services,safety,rural_services,residence',
      '320500,4,4,4,4,4,4,4,urban',
      '320500,7,4,4,4,4,4,4,urban',
      '火星,4,4,4,4,4,4,4,urban',
      '320500,4,4,4,4,4,4,,urban',
    ].join('\n')
    const up = multipart('bad.csv', text)
    const r = await admin.req('POST', `/api/surveys/${SURVEY}/import`, up.payload, up.headers)
    expect(r.statusCode).toBe(422)
    const e = r.json<ErrorBody>().error
    expect(e.code).toBe('survey.import_rejected')
    expect(e.message).toBe('文件 bad.csv 有 3 处错误，未导入任何回答')
    expect(e.details.problems!.map((p) => [p.row, p.column])).toEqual([
      [3, 'B'],
      [4, 'A'],
      [5, 'H'],
    ])
    expect(e.details.problems![0]!.message).toContain('第 3 行')
    expect(e.details.problems![0]!.message).toContain('B')
    expect(e.details.problems![0]!.messageEn).toMatch(/row 3/i)
    expect(e.details.problems![1]!.messageEn).toContain('"火星" is not a city or county')
    expect(e.details.problems![2]!.messageEn).toContain('(rural_services) must be answered')
    const unknown = multipart('cols.csv', 'region,settle_in,wifi\n320500,4,5')
    const u = await admin.req('POST', `/api/surveys/${SURVEY}/import`, unknown.payload, unknown.headers)
    expect(u.json<ErrorBody>().error.details.problems![0]).toMatchObject({ row: 1, column: 'C' })
    expect(await count('320500')).toBe(before)
    expect(await s.ctx.audit.list({ entity: 'survey', limit: 100 })).toHaveLength(1)
  })

  it('lets only reviewers and admins import: viewer and reporter 403, anonymous 401', async () => {
    const up = multipart('wuxi.csv', csv30())
    for (const who of [viewer, reporter]) {
      const r = await who.req('POST', `/api/surveys/${SURVEY}/import`, up.payload, up.headers)
      expect(r.statusCode).toBe(403)
      expect(r.json<ErrorBody>().error.code).toBe('auth.forbidden')
    }
    const anon = await s.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/import`, payload: up.payload, headers: up.headers })
    expect(anon.statusCode).toBe(401)
    expect(await count('320200')).toBe(30)
  })

  it('feeds a framework indicator survey:<questionnaire>:<dimension> with the hand-computed 0–100 score', async () => {
    const framework = loadFramework()
    const withSurvey = {
      ...framework,
      dimensions: framework.dimensions.map((d) => (d.id === 'citizenization' ? { ...d, indicators: [...d.indicators, { indicator: `survey:${SURVEY}:citizenization` }] } : d)),
    }
    const extra = await surveyIndicators(s.ctx, withSurvey)
    // 无锡's 30 imported responses came in 2026 (the test clock): citizenization mean 4 → (4 − 1) / 4 × 100 = 75.
    expect(extra?.value(`survey:${SURVEY}:citizenization`, '320200', 2026)?.value).toBeCloseTo(75, 10)
    // 南京 has 2 responses, below the minimum of 30: no value, a gap like any other.
    expect(extra?.value(`survey:${SURVEY}:citizenization`, '320100', 2026)).toBeUndefined()
    const data = await loadMonitoringData(s.ctx)
    // Only 无锡 has a score, so the coverage screen must let a single city through for this check.
    const m = buildMatrix(data, { ...withSurvey, minCoverage: 0, missing: { ...withSurvey.missing, policy: 'impute', maxMissingShare: 1 } }, 2026, extra)
    if (!m.ok) throw new Error(JSON.stringify(m.error))
    const col = m.value.indicators.findIndex((i) => i.id === `survey:${SURVEY}:citizenization`)
    const row = m.value.regions.findIndex((r) => r.code === '320200')
    expect(col).toBeGreaterThanOrEqual(0)
    expect(m.value.values[row]![col]).toBeCloseTo(75, 10)
    expect(m.value.indicators[col]).toMatchObject({
      dimension: 'citizenization',
      direction: 'higher',
      nameEn: 'Jiangsu new urbanization public satisfaction survey: Citizenization of migrants',
    })
    // An id naming no questionnaire is an unknown indicator, as for the store's indicators.
    const broken = { ...withSurvey, dimensions: [{ ...withSurvey.dimensions[0]!, indicators: [{ indicator: 'survey:nope:citizenization' }] }] }
    await expect(runEvaluation(s.ctx, { framework: broken, year: 2026 })).rejects.toMatchObject({ code: 'indicator.unknown' })
  })

  it('gives a round its responses through surveyResultsForRound (none here: no round is open)', async () => {
    expect(await surveyResultsForRound(s.ctx, 1)).toEqual([])
  })
})
