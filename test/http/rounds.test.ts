/**
 * Evaluation rounds (issue 16) on both stores: the authorization matrix (every endpoint × every role), one whole
 * round through the API, bad input naming the field in zh and en, the deadline and late rule, version history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { PDF } from '../helpers/evidence.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { multipart, PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

interface Round {
  id: number
  version: number
  phase: string
  allowLate: boolean
  closedAt: string | null
}
interface Item {
  region: string
  kind: 'target' | 'task'
  itemId: string
  computed: { status: string | null; value: number | null; indexRank: number | null }
  self: null | {
    status: string
    state: string
    version: number
    late: boolean
    reviewComment: string | null
    evidence: Array<{ id: number }>
    citations: Array<{ observation: number; source: string }>
  }
  rating: null | { rating: string; score: number; version: number }
  flagged: boolean
}
interface ErrorBody {
  error: { code: string; message: string; messageEn: string }
}

const BETTER = ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing']

describe.each(STORES)('evaluation rounds on $name', (store) => {
  let s: TestServer
  const who: Record<string, Session> = {}
  const itemUrl = (id: number, i: Pick<Item, 'region' | 'kind' | 'itemId'>, tail: string) => `/api/rounds/${id}/items/${i.region}/${i.kind}/${i.itemId}/${tail}`
  const upload = (as: Session, id: number, name = 'evidence.pdf', content: Buffer = PDF) => {
    const m = multipart(name, content)
    return as.req('POST', `/api/rounds/${id}/evidence`, m.payload, m.headers)
  }
  const anon = (method: string, url: string, body?: unknown) => s.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : { payload: body as string }) })

  beforeAll(async () => {
    s = await testServer(await store.fresh(), { data: true })
    const users = new UserService(s.ctx, s.ctx.regions)
    const at = FIXED_NOW.toISOString()
    await users.create({ username: 'cityrev', password: PASSWORD, role: 'reviewer', regions: ['320100'] }, 'test', at, 'test')
    await users.create({ username: 'eval1', password: PASSWORD, role: 'evaluator', regions: [] }, 'test', at, 'test')
    await users.create({ username: 'eval2', password: PASSWORD, role: 'evaluator', regions: [] }, 'test', at, 'test')
    for (const u of ['admin1', 'reviewer1', 'cityrev', 'nanjing', 'xuzhou', 'viewer1', 'eval1', 'eval2']) who[u] = await s.login(u)
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const base = {
    kind: 'midterm',
    year: 2023,
    title: '“十四五”新型城镇化规划中期评估',
    titleEn: 'Mid-term evaluation',
    regions: ['320100', '320300'],
    deadlines: { selfEvaluation: '2026-03-31', thirdPartyReview: '2026-05-31', consolidation: '2026-06-30' },
    evaluators: [{ username: 'eval1', regions: ['320100', '320300'] }],
    survey: 'jiangsu-satisfaction',
  }

  it('whoami works for an evaluator; an admin lists the role', async () => {
    const me = await who.eval1!.req('GET', '/api/session')
    expect(me.statusCode, me.body).toBe(200)
    expect(me.body).toContain('"evaluator"')
    const r = await who.admin1!.req('POST', '/api/users', { username: 'eval3', password: 'long-enough-pw-1', role: 'evaluator' })
    expect(r.statusCode, r.body).toBe(201)
  })

  it('refuses bad fields with messages naming the field, in Chinese and English, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...base, title: '  ' }, 'title', '标题'],
      [{ ...base, regions: ['999999'] }, 'regions', '地区'],
      [{ ...base, year: 1850 }, 'year', '年份'],
      [{ ...base, deadlines: { selfEvaluation: '2026-02-30' } }, 'deadlines', '截止日期'],
      [{ ...base, deadlines: { selfEvaluation: '2026-06-01', thirdPartyReview: '2026-05-01' } }, 'deadlines', '截止日期'],
      [{ ...base, scale: { min: 10, max: 5 } }, 'scale', '评分区间'],
      [{ ...base, evaluators: [{ username: 'viewer1', regions: ['320100'] }] }, 'evaluators', '评估员'],
      [{ ...base, evaluators: [{ username: 'eval1', regions: ['320500'] }] }, 'evaluators', '评估员'],
      [{ ...base, targets: ['no_such_target'] }, 'targets', '目标'],
    ]
    for (const [b, field, zh] of cases) {
      const r = await who.reviewer1!.req('POST', '/api/rounds', b)
      expect(r.statusCode, `${field}: ${r.body}`).toBe(422)
      const e = r.json<ErrorBody>().error
      expect(e.code).toBe('round.invalid')
      expect(e.message).toContain(zh)
      expect(e.message).toContain(`（${field}）`)
      expect(e.messageEn).toContain(`(${field})`)
    }
    expect((await who.reviewer1!.req('GET', '/api/rounds')).json<Round[]>()).toHaveLength(0)
  })

  it('answers every endpoint × every role as the matrix says', async () => {
    // A round of Nanjing alone, in self-evaluation, eval1 assigned; xuzhou is a reporter of another city.
    const created = await who.admin1!.req('POST', '/api/rounds', { ...base, title: '矩阵', regions: ['320100'], evaluators: [{ username: 'eval1', regions: ['320100'] }] })
    expect(created.statusCode, created.body).toBe(201)
    const m = created.json<Round>()
    expect((await who.admin1!.req('POST', `/api/rounds/${m.id}/phase`, { to: 'self_evaluation', version: m.version })).statusCode).toBe(200)
    const items = (await who.admin1!.req('GET', `/api/rounds/${m.id}/items?region=320100`)).json<Item[]>()
    const item = items[0]!
    const ev = (await upload(who.nanjing!, m.id)).json<{ id: number }>().id
    const ROLES = ['admin1', 'reviewer1', 'cityrev', 'nanjing', 'xuzhou', 'viewer1', 'eval1', 'eval2', 'anonymous'] as const
    type R = (typeof ROLES)[number]
    const readers: R[] = ['admin1', 'reviewer1', 'cityrev', 'nanjing', 'viewer1', 'eval1']
    const selfBody = { status: 'on_track', narrative: '矩阵', citations: [], evidence: [] }
    // [method, url, body, roles allowed]; every other role gets 403, the anonymous 401.
    const matrix: Array<[string, string, unknown, R[]]> = [
      ['GET', '/api/rounds', undefined, ['admin1', 'reviewer1', 'cityrev', 'nanjing', 'xuzhou', 'viewer1', 'eval1', 'eval2']],
      ['POST', '/api/rounds', {}, ['admin1', 'reviewer1']],
      ['GET', `/api/rounds/${m.id}`, undefined, readers],
      ['PATCH', `/api/rounds/${m.id}`, { version: 999 }, ['admin1', 'reviewer1']],
      ['POST', `/api/rounds/${m.id}/phase`, { to: 'closed', version: 999 }, ['admin1', 'reviewer1']],
      ['GET', `/api/rounds/${m.id}/items?region=320100`, undefined, readers],
      ['PUT', itemUrl(m.id, item, 'self'), selfBody, ['admin1', 'nanjing']],
      ['POST', `/api/rounds/${m.id}/self/320100/submit`, undefined, ['admin1', 'nanjing']],
      ['POST', itemUrl(m.id, item, 'review'), { decision: 'accept' }, ['admin1', 'reviewer1']],
      ['PUT', itemUrl(m.id, item, 'rating'), { rating: 'on_track', score: 80 }, ['eval1']],
      ['GET', itemUrl(m.id, item, 'history'), undefined, readers],
      ['POST', `/api/rounds/${m.id}/evidence`, 'multipart', ['admin1', 'nanjing']],
      ['GET', `/api/rounds/${m.id}/evidence/${ev}`, undefined, readers],
      ['GET', `/api/rounds/${m.id}/progress`, undefined, readers],
      ['GET', `/api/rounds/${m.id}/consolidated`, undefined, ['admin1', 'reviewer1', 'cityrev', 'viewer1', 'eval1']],
    ]
    const seen: string[] = []
    for (const [method, url, body, allowed] of matrix) {
      for (const role of ROLES) {
        let r
        if (body === 'multipart') {
          const mp = multipart('e.pdf', PDF)
          r =
            role === 'anonymous' ? await s.app.inject({ method: 'POST', url, payload: mp.payload, headers: mp.headers }) : await who[role]!.req('POST', url, mp.payload, mp.headers)
        } else r = role === 'anonymous' ? await anon(method, url, body) : await who[role]!.req(method, url, body)
        const verdict = role === 'anonymous' ? r.statusCode === 401 || r.statusCode === 403 : allowed.includes(role) ? ![401, 403].includes(r.statusCode) : r.statusCode === 403
        if (!verdict) seen.push(`${method} ${url} as ${role}: ${r.statusCode} ${r.body.slice(0, 200)}`)
      }
    }
    expect(seen).toEqual([])
    // The refusals name why: an evaluator writing a self-evaluation, an unassigned one rating.
    expect((await who.eval1!.req('PUT', itemUrl(m.id, item, 'self'), selfBody)).json<ErrorBody>().error.code).toBe('auth.forbidden')
    expect((await who.eval2!.req('PUT', itemUrl(m.id, item, 'rating'), { rating: 'on_track', score: 80 })).json<ErrorBody>().error.code).toBe('round.not_assigned')
    expect((await who.xuzhou!.req('PUT', itemUrl(m.id, item, 'self'), selfBody)).json<ErrorBody>().error.code).toBe('auth.region_forbidden')
    expect((await anon('GET', '/api/rounds')).statusCode).toBe(401)
  })

  it('runs a whole round: open, two cities with evidence, return and fix, rating with a flag, consolidation, close, reopen', async () => {
    const admin = who.admin1!
    const rev = who.reviewer1!
    const nj = who.nanjing!
    const xz = who.xuzhou!
    const ev = who.eval1!
    let round = (await rev.req('POST', '/api/rounds', base)).json<Round>()
    expect(round).toMatchObject({ phase: 'draft', version: 1 })
    // Skipping a phase is refused.
    expect((await rev.req('POST', `/api/rounds/${round.id}/phase`, { to: 'consolidation', version: round.version })).json<ErrorBody>().error.code).toBe('round.phase_refused')
    round = (await rev.req('POST', `/api/rounds/${round.id}/phase`, { to: 'self_evaluation', version: round.version })).json<Round>()
    expect(round.phase).toBe('self_evaluation')

    const njItems = (await nj.req('GET', `/api/rounds/${round.id}/items?region=320100`)).json<Item[]>()
    const xzItems = (await xz.req('GET', `/api/rounds/${round.id}/items?region=320300`)).json<Item[]>()
    expect(njItems.length).toBeGreaterThan(0)
    expect(njItems.every((i) => i.region === '320100' && i.self === null)).toBe(true)
    // A reporter sees only its own region.
    expect((await nj.req('GET', `/api/rounds/${round.id}/items?region=320300`)).statusCode).toBe(403)
    // The item to flag: a target the data put below achieved; self-rated achieved.
    const flagged = njItems.find((i) => i.kind === 'target' && i.computed.status !== null && BETTER.indexOf(i.computed.status) > 0)!
    expect(flagged, 'a target with a computed status worse than achieved').toBeDefined()
    const cite = (await s.ctx.observations.find({ regions: ['320100'], years: [2022] }))[0]!

    const e1 = await upload(nj, round.id)
    expect(e1.statusCode, e1.body).toBe(201)
    const evidence = e1.json<{ id: number; fileName: string; size: number }>()
    expect(evidence).toMatchObject({ fileName: 'evidence.pdf', size: PDF.length })
    // The content check of task evidence: a text file named .pdf is refused.
    const fake = await upload(nj, round.id, 'fake.pdf', Buffer.from('not a pdf'))
    expect(fake.statusCode).toBe(422)
    expect(fake.json<ErrorBody>().error.code).toBe('task.attachment_rejected')
    const e2 = (await upload(xz, round.id)).json<{ id: number }>()

    // Nanjing: every item drafted; the flagged one "achieved" with a citation and the evidence.
    for (const i of njItems) {
      const body =
        i === flagged
          ? { status: 'achieved', narrative: '已完成目标', citations: [cite.id], evidence: [evidence.id] }
          : { status: i.computed.status && i.computed.status !== 'no_data' ? i.computed.status : 'on_track', narrative: `自评 ${i.itemId}`, citations: [], evidence: [] }
      const r = await nj.req('PUT', itemUrl(round.id, i, 'self'), body)
      expect(r.statusCode, r.body).toBe(200)
    }
    const njFlag = (await nj.req('GET', `/api/rounds/${round.id}/items?region=320100`)).json<Item[]>().find((i) => i.itemId === flagged.itemId)!
    expect(njFlag.flagged).toBe(true)
    expect(njFlag.self).toMatchObject({ status: 'achieved', state: 'draft', version: 1, late: false, evidence: [{ id: evidence.id }] })
    expect(njFlag.self!.citations).toEqual([expect.objectContaining({ observation: cite.id, source: cite.source })])
    // A stale version is a 409, and changes nothing.
    const stale = await nj.req('PUT', itemUrl(round.id, flagged, 'self'), { status: 'on_track', narrative: 'x', version: 0 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json<ErrorBody>().error.code).toBe('round.version_conflict')
    // Bad input names the field.
    const noStatus = await nj.req('PUT', itemUrl(round.id, flagged, 'self'), { narrative: 'x', version: 1 })
    expect(noStatus.statusCode).toBe(422)
    expect(noStatus.json<ErrorBody>().error.message).toContain('自评状态')
    expect(noStatus.json<ErrorBody>().error.messageEn).toContain('(status)')
    const badCite = await nj.req('PUT', itemUrl(round.id, flagged, 'self'), { status: 'achieved', narrative: 'x', citations: [999999999], version: 1 })
    expect(badCite.json<ErrorBody>().error).toMatchObject({ code: 'round.invalid' })
    expect(badCite.json<ErrorBody>().error.messageEn).toContain('(citations)')

    // Xuzhou: one item with an empty narrative: submit names it and submits nothing.
    const [x0, ...xRest] = xzItems
    expect((await xz.req('PUT', itemUrl(round.id, x0!, 'self'), { status: 'on_track', narrative: '', evidence: [e2.id] })).statusCode).toBe(200)
    for (const i of xRest) expect((await xz.req('PUT', itemUrl(round.id, i, 'self'), { status: 'at_risk', narrative: '徐州自评' })).statusCode).toBe(200)
    const inc = await xz.req('POST', `/api/rounds/${round.id}/self/320300/submit`)
    expect(inc.statusCode).toBe(422)
    expect(inc.json<ErrorBody>().error.code).toBe('round.incomplete')
    expect(inc.json<ErrorBody>().error.message).toContain(x0!.itemId)
    expect((await xz.req('PUT', itemUrl(round.id, x0!, 'self'), { status: 'on_track', narrative: '已补充', evidence: [e2.id], version: 1 })).statusCode).toBe(200)
    expect((await xz.req('POST', `/api/rounds/${round.id}/self/320300/submit`)).json()).toEqual({ submitted: xzItems.length })
    expect((await nj.req('POST', `/api/rounds/${round.id}/self/320100/submit`)).json()).toEqual({ submitted: njItems.length })

    // The reviewer returns Nanjing's flagged item (a comment is required), accepts the rest.
    const noComment = await rev.req('POST', itemUrl(round.id, flagged, 'review'), { decision: 'return' })
    expect(noComment.statusCode).toBe(422)
    expect(noComment.json<ErrorBody>().error.messageEn).toContain('(comment)')
    const ret = await rev.req('POST', itemUrl(round.id, flagged, 'review'), { decision: 'return', comment: '请补充佐证' })
    expect(ret.json<Item>().self).toMatchObject({ state: 'returned', reviewComment: '请补充佐证', version: 3 })
    for (const i of [...njItems.filter((x) => x !== flagged), ...xzItems])
      expect((await rev.req('POST', itemUrl(round.id, i, 'review'), { decision: 'accept' })).statusCode).toBe(200)
    // An accepted item is locked for the city.
    const locked = await nj.req(
      'PUT',
      itemUrl(
        round.id,
        njItems.find((x) => x !== flagged)!,
        'self',
      ),
      { status: 'achieved', narrative: 'x', version: 3 },
    )
    expect(locked.json<ErrorBody>().error.code).toBe('round.item_state')
    // Nanjing fixes and resubmits (still "achieved"); the reviewer accepts.
    expect(
      (await nj.req('PUT', itemUrl(round.id, flagged, 'self'), { status: 'achieved', narrative: '已补充佐证', citations: [cite.id], evidence: [evidence.id], version: 3 }))
        .statusCode,
    ).toBe(200)
    expect((await nj.req('POST', `/api/rounds/${round.id}/self/320100/submit`)).json()).toEqual({ submitted: 1 })
    expect((await rev.req('POST', itemUrl(round.id, flagged, 'review'), { decision: 'accept' })).statusCode).toBe(200)

    // The progress board, by hand: every item accepted, none late or overdue.
    const progress = (await rev.req('GET', `/api/rounds/${round.id}/progress`)).json<Array<Record<string, unknown>>>()
    expect(progress).toEqual([
      expect.objectContaining({ region: '320100', items: njItems.length, drafted: 0, submitted: 0, accepted: njItems.length, returned: 0, rated: 0, late: 0, overdue: false }),
      expect.objectContaining({ region: '320300', items: xzItems.length, accepted: xzItems.length, overdue: false }),
    ])

    // Rating only in third-party review.
    expect((await ev.req('PUT', itemUrl(round.id, flagged, 'rating'), { rating: 'at_risk', score: 60 })).json<ErrorBody>().error.code).toBe('round.wrong_phase')
    round = (await rev.req('GET', `/api/rounds/${round.id}`)).json<Round>()
    round = (await rev.req('POST', `/api/rounds/${round.id}/phase`, { to: 'third_party_review', version: round.version })).json<Round>()
    const outOfScale = await ev.req('PUT', itemUrl(round.id, flagged, 'rating'), { rating: 'at_risk', score: 150 })
    expect(outOfScale.statusCode).toBe(422)
    expect(outOfScale.json<ErrorBody>().error.message).toContain('评分')
    expect(outOfScale.json<ErrorBody>().error.messageEn).toContain('(score)')
    const rated = await ev.req('PUT', itemUrl(round.id, flagged, 'rating'), { rating: flagged.computed.status, score: 60, findings: '自评偏高', recommendations: '加快推进' })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json<Item>()).toMatchObject({ flagged: true, rating: { rating: flagged.computed.status, score: 60, version: 1 } })
    const second = await ev.req('PUT', itemUrl(round.id, flagged, 'rating'), { rating: flagged.computed.status, score: 65, findings: '自评偏高', version: 1 })
    expect(second.json<Item>().rating).toMatchObject({ score: 65, version: 2 })
    // The city may not write any more; nor may the evaluator write a self-evaluation.
    expect((await nj.req('PUT', itemUrl(round.id, flagged, 'self'), { status: 'achieved', narrative: 'x', version: 6 })).json<ErrorBody>().error.code).toBe('round.wrong_phase')

    round = (await rev.req('POST', `/api/rounds/${round.id}/phase`, { to: 'consolidation', version: round.version })).json<Round>()
    const cons = await rev.req('GET', `/api/rounds/${round.id}/consolidated`)
    expect(cons.statusCode, cons.body.slice(0, 500)).toBe(200)
    const c = cons.json<{
      targets: Array<{
        id: string
        cities: Array<{ region: string; self: string | null; rating: string | null; score: number | null; flagged: boolean }>
        disagreements: Array<{ region: string; self: string }>
      }>
      cities: Array<{ region: string; submitted: number; accepted: number; items: number; selfSummary: Array<{ status: string; count: number }>; survey: unknown[] }>
      evidence: Array<{ region: string; id: number; sha256: string }>
      sources: Array<{ observation: number }>
    }>()
    const t = c.targets.find((x) => x.id === flagged.itemId)!
    expect(t.cities.find((x) => x.region === '320100')).toEqual({
      region: '320100',
      self: 'achieved',
      rating: flagged.computed.status,
      score: 65,
      findings: '自评偏高',
      flagged: true,
    })
    expect(t.disagreements).toContainEqual(expect.objectContaining({ region: '320100', self: 'achieved' }))
    // Xuzhou's summary by hand: one on_track, the rest at_risk.
    const xc = c.cities.find((x) => x.region === '320300')!
    expect(xc).toMatchObject({ items: xzItems.length, submitted: xzItems.length, accepted: xzItems.length, survey: [] })
    expect(xc.selfSummary).toEqual(
      [{ status: 'on_track', count: 1 }, ...(xRest.length > 0 ? [{ status: 'at_risk', count: xRest.length }] : [])].sort(
        (a, b) => BETTER.indexOf(a.status) - BETTER.indexOf(b.status),
      ),
    )
    expect(c.evidence.map((e) => [e.region, e.id])).toEqual(
      expect.arrayContaining([
        ['320100', evidence.id],
        ['320300', e2.id],
      ]),
    )
    expect(c.evidence.find((e) => e.id === evidence.id)!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(c.sources).toEqual([expect.objectContaining({ observation: cite.id })])

    round = (await rev.req('POST', `/api/rounds/${round.id}/phase`, { to: 'closed', version: round.version })).json<Round>()
    expect(round.phase).toBe('closed')
    expect(round.closedAt).not.toBeNull()
    // A closed round refuses every write.
    for (const [as, method, url, body] of [
      [rev, 'PATCH', `/api/rounds/${round.id}`, { version: round.version, title: '改' }],
      [ev, 'PUT', itemUrl(round.id, flagged, 'rating'), { rating: 'on_track', score: 1, version: 2 }],
      [nj, 'PUT', itemUrl(round.id, flagged, 'self'), { status: 'achieved', narrative: 'x', version: 6 }],
      [rev, 'POST', itemUrl(round.id, flagged, 'review'), { decision: 'accept' }],
    ] as const) {
      const r = await as.req(method, url, body)
      expect(r.statusCode, `${method} ${url}`).toBe(409)
      expect(r.json<ErrorBody>().error.code).toBe('round.closed')
    }
    expect((await upload(nj, round.id)).json<ErrorBody>().error.code).toBe('round.closed')
    // Reopening: admins only, with a reason.
    expect((await rev.req('POST', `/api/rounds/${round.id}/phase`, { to: 'consolidation', reason: '补充', version: round.version })).statusCode).toBe(403)
    const noReason = await admin.req('POST', `/api/rounds/${round.id}/phase`, { to: 'consolidation', version: round.version })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.json<ErrorBody>().error.messageEn).toContain('(reason)')
    const reopened = await admin.req('POST', `/api/rounds/${round.id}/phase`, { to: 'consolidation', reason: '补充第三方意见', version: round.version })
    expect(reopened.json<Round>()).toMatchObject({ phase: 'consolidation', closedAt: null })

    // History: every self version (draft 1, submitted 2, returned 3, draft 4, submitted 5, accepted 6), two ratings, two reviews.
    const h = (await rev.req('GET', itemUrl(round.id, flagged, 'history'))).json<{
      self: Array<{ version: number; state: string }>
      ratings: Array<{ score: number }>
      reviews: Array<{ decision: string }>
    }>()
    expect(h.self.map((x) => `${x.version} ${x.state}`)).toEqual(['1 draft', '2 submitted', '3 returned', '4 draft', '5 submitted', '6 accepted'])
    expect(h.ratings.map((x) => x.score)).toEqual([60, 65])
    expect(h.reviews.map((x) => x.decision)).toEqual(['return', 'accept'])

    // Audit: every step of the round, with the reopen's reason.
    const audit = await s.ctx.audit.list({ entity: 'round', entityIds: [String(round.id)], limit: 100 })
    expect(audit.map((a) => a.action).reverse()).toEqual([
      'round.create',
      'round.phase',
      'round.evidence_upload',
      'round.evidence_upload',
      'round.phase',
      'round.phase',
      'round.phase',
      'round.reopen',
    ])
    expect(audit[0]!.detail).toEqual({ reason: '补充第三方意见' })
    const itemAudit = await s.ctx.audit.list({ entity: 'round_item', entityIds: [`${round.id}/320100/${flagged.kind}/${flagged.itemId}`], limit: 100 })
    expect(itemAudit.map((a) => a.action).reverse()).toEqual([
      'round_item.self_save',
      'round_item.submit',
      'round_item.return',
      'round_item.self_save',
      'round_item.submit',
      'round_item.accept',
    ])
    expect((await s.ctx.audit.list({ entity: 'round_rating', limit: 100 })).map((a) => a.actor)).toEqual(['eval1', 'eval1'])
  }, 120_000)

  it('refuses a self-evaluation after the deadline, unless the round allows late ones, then marks it late', async () => {
    let round = (
      await who.reviewer1!.req('POST', '/api/rounds', { ...base, title: '逾期', regions: ['320100'], evaluators: [], deadlines: { selfEvaluation: '2025-12-01' } })
    ).json<Round>()
    round = (await who.reviewer1!.req('POST', `/api/rounds/${round.id}/phase`, { to: 'self_evaluation', version: round.version })).json<Round>()
    const item = (await who.nanjing!.req('GET', `/api/rounds/${round.id}/items?region=320100`)).json<Item[]>()[0]!
    const refused = await who.nanjing!.req('PUT', itemUrl(round.id, item, 'self'), { status: 'on_track', narrative: '迟交' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json<ErrorBody>().error).toMatchObject({ code: 'round.deadline_passed' })
    expect(refused.json<ErrorBody>().error.message).toContain('2025-12-01')
    expect((await who.reviewer1!.req('GET', `/api/rounds/${round.id}/items?region=320100`)).json<Item[]>()[0]!.self).toBeNull()
    // Past the deadline and nothing submitted: overdue on the board.
    expect((await who.reviewer1!.req('GET', `/api/rounds/${round.id}/progress`)).json<Array<{ overdue: boolean }>>()[0]!.overdue).toBe(true)
    round = (await who.reviewer1!.req('PATCH', `/api/rounds/${round.id}`, { version: round.version, allowLate: true })).json<Round>()
    expect(round.allowLate).toBe(true)
    const late = await who.nanjing!.req('PUT', itemUrl(round.id, item, 'self'), { status: 'on_track', narrative: '迟交' })
    expect(late.statusCode, late.body).toBe(200)
    expect(late.json<Item>().self).toMatchObject({ late: true, version: 1 })
    expect((await who.reviewer1!.req('GET', `/api/rounds/${round.id}/progress`)).json<Array<{ late: number; drafted: number }>>()[0]).toMatchObject({ late: 1, drafted: 1 })
  })
})
