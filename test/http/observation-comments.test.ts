/** GET/POST /api/observations/{id}/comments: a value's thread and follow-up flag (issue 15). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'

type Thread = { followUp: boolean; comments: Array<{ kind: string; body: string; authorName: string; observationVersion: number }> }

describe.each(STORES)('observation comments on $name', (store) => {
  let s: TestServer
  let nanjing: Session
  let xuzhou: Session
  let reviewer: Session
  let viewer: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    nanjing = await s.login('nanjing')
    xuzhou = await s.login('xuzhou')
    reviewer = await s.login('reviewer1')
    viewer = await s.login('viewer1')
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('keeps a thread across versions, with the return comment, in order; role, region and text checked; audited', async () => {
    const id = (await nanjing.req('PUT', '/api/observations/gdp/320100/2023', { value: 17421.4 })).json<{ id: number }>().id
    const url = `/api/observations/${id}/comments`
    expect((await nanjing.req('POST', url, { body: '数据来自统计公报' })).statusCode).toBe(200)
    expect((await nanjing.req('POST', '/api/review/submit', { ids: [id] })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/return', { ids: [id], comment: '与公报不符' })).statusCode).toBe(200)
    const flagged = await reviewer.req('POST', url, { body: '请核对', followUp: true })
    expect(flagged.statusCode, flagged.body).toBe(200)
    expect(flagged.json<Thread>().followUp).toBe(true)
    // A new version of the value: the thread stays with the cell.
    const v = (await nanjing.req('GET', '/api/observations?indicator=gdp&region=320100&year=2023')).json<Array<{ version: number }>>()[0]?.version
    expect((await nanjing.req('PUT', '/api/observations/gdp/320100/2023', { value: 17500, version: v })).statusCode).toBe(200)
    expect((await nanjing.req('POST', url, { body: '已改正' })).statusCode).toBe(200)

    const t = (await nanjing.req('GET', url)).json<Thread>()
    expect(t.comments.map((c) => [c.kind, c.body])).toEqual([
      ['comment', '数据来自统计公报'],
      ['return', '与公报不符'],
      ['comment', '请核对'],
      ['follow_up_on', ''],
      ['comment', '已改正'],
    ])
    expect(t.followUp).toBe(true)
    expect(t.comments[4]!.observationVersion).toBeGreaterThan(t.comments[0]!.observationVersion)

    // Cleared by the reviewer; reporters and viewers may not flag; other regions and viewers may not write.
    expect((await reviewer.req('POST', url, { followUp: false })).json<Thread>().followUp).toBe(false)
    expect((await nanjing.req('POST', url, { followUp: true })).statusCode).toBe(403)
    expect((await viewer.req('POST', url, { followUp: true })).statusCode).toBe(403)
    expect((await viewer.req('POST', url, { body: 'x' })).statusCode).toBe(403)
    expect((await xuzhou.req('POST', url, { body: 'x' })).statusCode).toBe(403)
    expect((await xuzhou.req('GET', url)).statusCode).toBe(403)
    expect((await viewer.req('GET', url)).statusCode).toBe(200)
    expect((await nanjing.req('GET', '/api/observations/999999/comments')).statusCode).toBe(404)

    for (const body of ['', 'x'.repeat(2001), 'a\u0007b']) {
      for (const lang of ['en', 'zh-CN']) {
        const r = await nanjing.req('POST', url, { body }, { 'accept-language': lang })
        expect(r.statusCode, r.body).toBe(422) // the API's status for invalid input
        expect(r.body).toContain('body')
      }
    }

    const admin = await s.login('admin1')
    const audit = (await admin.req('GET', '/api/audit?actor=reviewer1')).json<Array<{ action: string }>>().map((e) => e.action)
    expect(audit.filter((a) => a === 'observation.follow_up')).toHaveLength(2)
    expect(audit).toContain('observation.comment')
  })

  it('marks the cells of a year that have a thread (reporters: their regions) and the queue rows carry count and flag', async () => {
    const id = (await nanjing.req('PUT', '/api/observations/gdp/320100/2021', { value: 16355.3 })).json<{ id: number }>().id
    const other = (await xuzhou.req('PUT', '/api/observations/gdp/320300/2021', { value: 8117.4 })).json<{ id: number }>().id
    await nanjing.req('POST', `/api/observations/${id}/comments`, { body: '一' })
    await nanjing.req('POST', `/api/observations/${id}/comments`, { body: '二' })
    await xuzhou.req('POST', `/api/observations/${other}/comments`, { body: '徐州' })
    await reviewer.req('POST', `/api/observations/${other}/comments`, { followUp: true })
    type Mark = { indicator: string; region: string; year: number; commentCount: number; followUp: boolean }
    const byRegion = (ms: Mark[]) => Object.fromEntries(ms.filter((m) => m.indicator === 'gdp').map((m) => [m.region, [m.commentCount, m.followUp]]))
    // Two comments in Nanjing; one comment and the flag (a flag row is not a message) in Xuzhou.
    expect(byRegion((await reviewer.req('GET', '/api/comment-marks?year=2021')).json<Mark[]>())).toEqual({ '320100': [2, false], '320300': [1, true] })
    expect(byRegion((await nanjing.req('GET', '/api/comment-marks?year=2021')).json<Mark[]>())).toEqual({ '320100': [2, false] })
    expect((await nanjing.req('GET', '/api/comment-marks?year=2020')).json<Mark[]>().filter((m) => m.year !== 2020)).toEqual([])
    expect((await nanjing.req('GET', '/api/comment-marks?year=abc')).statusCode).toBeGreaterThanOrEqual(400)
    expect((await s.app.inject({ method: 'GET', url: '/api/comment-marks?year=2021' })).statusCode).toBe(401)

    await nanjing.req('POST', '/api/review/submit', { ids: [id] })
    await xuzhou.req('POST', '/api/review/submit', { ids: [other] })
    type Row = { id: number; commentCount: number; followUp: boolean }
    const queue = (await reviewer.req('GET', '/api/review/queue?year=2021&indicator=gdp')).json<Row[]>()
    expect(queue.map((r) => [r.id, r.commentCount, r.followUp]).sort()).toEqual(
      [
        [id, 2, false],
        [other, 1, true],
      ].sort(),
    )
    const followUp = (await reviewer.req('GET', '/api/review/queue?year=2021&indicator=gdp&flag=follow_up')).json<Row[]>()
    expect(followUp.map((r) => r.id)).toEqual([other])
  })
})
