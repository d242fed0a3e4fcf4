/**
 * The source-quality routes on SQLite and (with URBMON_TEST_DATABASE_URL) PostgreSQL: who may read the grades,
 * regrade a source and choose a series' source (anonymous, viewer, reporter, reviewer, admin), what the replies
 * carry, and that a choice shows in history and explain and moves the status figure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'

type Who = 'anonymous' | 'viewer1' | 'nanjing' | 'reviewer1' | 'admin1'
const WHO: Who[] = ['anonymous', 'viewer1', 'nanjing', 'reviewer1', 'admin1']
const YB = 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm'
const SECONDARY = 'https://www.maigoo.com/news/688384.html'

describe.each(STORES)('source routes on $name', (store) => {
  let s: TestServer
  const sessions = new Map<Who, Session>()
  beforeAll(async () => {
    s = await testServer(await store.fresh())
    for (const w of WHO) if (w !== 'anonymous') sessions.set(w, await s.login(w))
    // Two sources for Nanjing's 2018 rate, the secondary one written last (the former rule would show it).
    const admin = sessions.get('admin1')!
    for (const [value, source] of [
      [82.5, YB],
      [85.22, SECONDARY],
    ] as const) {
      const m = multipart('r.csv', `indicator,region,year,value,unit,source,confidence\nurbanization_rate,南京市,2018,${value},%,${source},high\n`, { status: 'published' })
      const r = await admin.req('POST', '/api/imports', m.payload, m.headers)
      expect(r.statusCode, r.body).toBe(201)
    }
    const reg = await s.app.inject({ method: 'GET', url: '/api/sources' })
    expect(reg.statusCode).toBe(200)
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  const as = (who: Who, method: string, url: string, body?: unknown) =>
    who === 'anonymous' ? s.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : { payload: body as string }) }) : sessions.get(who)!.req(method, url, body)

  it('lists sources to everyone; an empty store has no registry, so every source is unrated', async () => {
    for (const w of WHO) {
      const r = await as(w, 'GET', '/api/sources')
      expect(r.statusCode, w).toBe(200)
      const list = r.json<Array<{ source: string; grade: string; figures: number; basis: string }>>()
      expect(list.map((e) => [e.source, e.grade, e.figures, e.basis]).sort()).toEqual([
        [YB, 'unrated', 1, 'none'],
        [SECONDARY, 'unrated', 1, 'none'],
      ])
    }
  })

  it('regrading: reviewers and admins only; the yearbook then wins', async () => {
    const body = { source: YB, grade: 'yearbook', vintage: '2019' }
    const want: Record<Who, number> = { anonymous: 401, viewer1: 403, nanjing: 403, reviewer1: 200, admin1: 200 }
    for (const w of WHO) expect((await as(w, 'PUT', '/api/sources/grade', body)).statusCode, w).toBe(want[w])
    expect((await as('admin1', 'PUT', '/api/sources/grade', { source: SECONDARY, grade: 'secondary' })).json()).toMatchObject({ grade: 'secondary', basis: 'reviewer' })
    expect((await as('admin1', 'PUT', '/api/sources/grade', { source: 'nope', grade: 'news' })).json()).toMatchObject({ error: { code: 'source.unknown' } })
    expect((await as('admin1', 'PUT', '/api/sources/grade', { source: YB, grade: 'official' })).statusCode).toBe(422)
    const obs = (await as('anonymous', 'GET', '/api/observations?indicator=urbanization_rate&region=320100')).json<
      Array<{ value: number; preferred: boolean; sourceGrade: string; sourceVintage: string | null; confidence: string | null }>
    >()
    expect(obs.map((o) => [o.value, o.preferred, o.sourceGrade, o.sourceVintage, o.confidence]).sort()).toEqual([
      [82.5, true, 'yearbook', '2019', 'high'],
      [85.22, false, 'secondary', null, 'high'],
    ])
    const explain = (await as('viewer1', 'GET', '/api/explain?indicator=urbanization_rate&region=320100&year=2018')).json<{ shown: { value: number; sourceGrade: string } }>()
    expect(explain.shown).toMatchObject({ value: 82.5, sourceGrade: 'yearbook', sourceVintage: '2019', confidence: 'high' })
  })

  it('choosing a series source: reviewers and admins not limited to regions; audited, in history and explain, reversible', async () => {
    const body = { indicator: 'urbanization_rate', region: '320100', source: SECONDARY, reason: 'post-census revision' }
    const want: Record<Who, number> = { anonymous: 401, viewer1: 403, nanjing: 403, reviewer1: 200, admin1: 200 }
    for (const w of WHO) expect((await as(w, 'PUT', '/api/series/preferred-source', body)).statusCode, w).toBe(want[w])
    expect((await as('admin1', 'PUT', '/api/series/preferred-source', { ...body, reason: '' })).statusCode).toBe(422)
    expect((await as('admin1', 'PUT', '/api/series/preferred-source', { ...body, source: 'nope' })).json()).toMatchObject({ error: { code: 'series.no_such_source' } })
    const history = (await as('viewer1', 'GET', '/api/history?indicator=urbanization_rate&region=320100&year=2018')).json<{
      seriesChoice: { chosenBy: string; reason: string }
      revisions: Array<{ sourceGrade: string; confidence: string }>
    }>()
    expect(history.seriesChoice).toMatchObject({ source: SECONDARY, chosenBy: 'admin1', reason: 'post-census revision' })
    expect(history.revisions.map((r) => r.sourceGrade).sort()).toEqual(['secondary', 'yearbook'])
    const explain = (await as('viewer1', 'GET', '/api/explain?indicator=urbanization_rate&region=320100&year=2018')).json<{ shown: { value: number } }>()
    expect(explain.shown.value).toBe(85.22)
    const audit = (await as('admin1', 'GET', '/api/audit?action=series.prefer')).json<Array<{ actor: string }>>()
    expect(audit.map((a) => a.actor)).toEqual(['admin1', 'reviewer1'])
    const url = '/api/series/preferred-source?indicator=urbanization_rate&region=320100'
    const wantDel: Record<Who, number> = { anonymous: 401, viewer1: 403, nanjing: 403, reviewer1: 200, admin1: 200 }
    for (const w of ['anonymous', 'viewer1', 'nanjing'] as const) expect((await as(w, 'DELETE', url)).statusCode, w).toBe(wantDel[w])
    const del = await as('reviewer1', 'DELETE', url)
    expect(del.json()).toMatchObject({ choice: null, cleared: { source: SECONDARY } })
    expect((await as('admin1', 'DELETE', url)).json()).toEqual({ choice: null, cleared: null })
    expect((await as('viewer1', 'GET', '/api/explain?indicator=urbanization_rate&region=320100&year=2018')).json<{ shown: { value: number } }>().shown.value).toBe(82.5)
  })

  it('an import may state a grade for a new source, never over a reviewer grade', async () => {
    const admin = sessions.get('admin1')!
    const m = multipart('n.csv', `indicator,region,year,value,unit,source\ngdp,南京市,2030,1,亿元,${YB}\ngdp,无锡市,2030,1,亿元,http://example.org/n\n`, { sourceGrade: 'news' })
    expect((await admin.req('POST', '/api/imports', m.payload, m.headers)).statusCode).toBe(201)
    const list = (await as('anonymous', 'GET', '/api/sources')).json<Array<{ source: string; grade: string; basis: string }>>()
    expect(list.find((e) => e.source === YB)).toMatchObject({ grade: 'yearbook', basis: 'reviewer' })
    expect(list.find((e) => e.source === 'http://example.org/n')).toMatchObject({ grade: 'news', basis: 'stated' })
    const bad = multipart('n.csv', 'indicator,region,year,value,unit\ngdp,南京市,2030,1,亿元\n', { sourceGrade: 'great' })
    expect((await admin.req('POST', '/api/imports', bad.payload, bad.headers)).statusCode).toBe(400)
  })
})
