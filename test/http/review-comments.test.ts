/** The reviewer's return comment reaches the reporter: on the observation reply and the history's returning revision; never anonymous. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'

describe.each(STORES)('review comments on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let reviewer: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    reporter = await s.login('nanjing')
    reviewer = await s.login('reviewer1')
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('a returned value carries the comment for signed-in users and in the history; anonymous readers never see it', async () => {
    const put = await reporter.req('PUT', '/api/observations/gdp/320100/2023', { value: 17421.4, note: '2023 统计公报' })
    expect(put.statusCode, put.body).toBe(200)
    const id = put.json<{ id: number }>().id
    expect((await reporter.req('POST', '/api/review/submit', { region: '320100', year: 2023 })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/return', { ids: [id], comment: '与公报不符，请核对' })).statusCode).toBe(200)

    const mine = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2023')).json<Array<{ status: string; reviewComment?: string | null }>>()
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ status: 'returned', reviewComment: '与公报不符，请核对' })

    const history = await reporter.req('GET', '/api/history?indicator=gdp&region=320100&year=2023')
    expect(history.statusCode, history.body).toBe(200)
    const revisions = history.json<{ revisions: Array<{ status: string; reviewComment: string | null }> }>().revisions
    // create (draft), submit, return: only the returning revision carries the comment.
    expect(revisions.map((r) => [r.status, r.reviewComment])).toEqual([
      ['draft', null],
      ['submitted', null],
      ['returned', '与公报不符，请核对'],
    ])

    // Fixed and resubmitted: the comment is cleared on the value, kept on the old revision.
    expect((await reporter.req('PUT', '/api/observations/gdp/320100/2023', { value: 17421.4, note: '已核对', version: 3 })).statusCode).toBe(200)
    expect((await reporter.req('POST', '/api/review/submit', { ids: [id] })).statusCode).toBe(200)
    const after = (await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2023')).json<Array<{ reviewComment?: string | null }>>()
    expect(after[0]?.reviewComment).toBeNull()
    expect((await reviewer.req('POST', '/api/review/approve', { ids: [id] })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/publish', { ids: [id] })).statusCode).toBe(200)

    const anon = await s.app.inject({ method: 'GET', url: '/api/observations?indicator=gdp&region=320100&year=2023' })
    const rows = anon.json<Array<Record<string, unknown>>>()
    expect(rows).toHaveLength(1)
    expect(rows[0]).not.toHaveProperty('reviewComment')
    expect((await s.app.inject({ method: 'GET', url: '/api/history?indicator=gdp&region=320100&year=2023' })).statusCode).toBe(401)
  })

  it('a dry-run submit lists the drafts and returned values of that region and year and moves nothing', async () => {
    const a = (await reporter.req('PUT', '/api/observations/gdp/320100/2024', { value: 18000, note: '快报' })).json<{ id: number }>().id
    const b = (await reporter.req('PUT', '/api/observations/resident_pop/320100/2024', { value: 950 })).json<{ id: number }>().id
    const dry = await reporter.req('POST', '/api/review/submit', { region: '320100', year: 2024, dryRun: true })
    expect(dry.statusCode, dry.body).toBe(200)
    const reply = dry.json<{ changed: number; dryRun: boolean; preview: Array<{ id: number; value: number; note: string | null; status: string }> }>()
    expect(reply).toMatchObject({ changed: 0, dryRun: true })
    expect(reply.preview.map((p) => [p.id, p.value, p.note, p.status]).sort()).toEqual(
      [
        [a, 18000, '快报', 'draft'],
        [b, 950, null, 'draft'],
      ].sort(),
    )
    const still = (await reporter.req('GET', '/api/observations?region=320100&year=2024')).json<Array<{ status: string; version: number }>>()
    expect(still.map((o) => [o.status, o.version])).toEqual([
      ['draft', 1],
      ['draft', 1],
    ])
    expect((await reporter.req('POST', '/api/review/submit', { region: '320100', year: 2024 })).json()).toMatchObject({ changed: 2 })
  })
})
