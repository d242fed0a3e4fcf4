/**
 * Published means published: after a reporter edits a published cell, anonymous and published-view readers see
 * every field as it was at publication — value, note, version, date — never the draft's note or version. And a
 * store held by another process answers 503 with Retry-After, while /api/health keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, holdSqliteWriteLock, STORES } from '../helpers/stores.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'

type Row = { value: number; note: string | null; version: number; status: string; updatedAt?: string }

describe.each(STORES)('published view on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let reviewer: Session
  let viewer: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    reporter = await s.login('nanjing')
    reviewer = await s.login('reviewer1')
    viewer = await s.login('viewer1')
  }, 60_000)
  afterAll(async () => {
    await s.close()
    await dropFreshStores()
  })

  it('anonymous and viewer (view=published) reads show the note and version at publication, not the draft', async () => {
    const put = await reporter.req('PUT', '/api/observations/gdp/320100/2024', { value: 18000.5, note: '公报口径' })
    expect(put.statusCode, put.body).toBe(200)
    const { id } = put.json<{ id: number }>()
    expect((await reporter.req('POST', '/api/review/submit', { ids: [id] })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/approve', { ids: [id] })).statusCode).toBe(200)
    expect((await reviewer.req('POST', '/api/review/publish', { ids: [id] })).statusCode).toBe(200)
    const url = '/api/observations?indicator=gdp&region=320100&year=2024'
    const published = (await s.app.inject({ method: 'GET', url })).json<Row[]>()[0]!
    expect(published).toMatchObject({ value: 18000.5, note: '公报口径', version: 4, status: 'published' })

    const edit = await reporter.req('PUT', '/api/observations/gdp/320100/2024', { value: 18100, note: '草稿：待核', version: 4 })
    expect(edit.statusCode, edit.body).toBe(200)
    const anonymous = (await s.app.inject({ method: 'GET', url })).json<Row[]>()
    const asViewer = (await viewer.req('GET', `${url}&view=published`)).json<Row[]>()
    for (const rows of [anonymous, asViewer]) {
      expect(rows).toHaveLength(1)
      expect(rows[0]).toEqual(published)
    }
    // Signed in, the current view shows the draft.
    expect((await viewer.req('GET', url)).json<Row[]>()[0]).toMatchObject({ value: 18100, note: '草稿：待核', version: 5, status: 'draft' })
  })

  it.runIf(store.name === 'sqlite')('a write while another process holds the lock: 503 store.busy with Retry-After, health answering meanwhile', async () => {
    if (s.target.kind !== 'sqlite') return
    const other = holdSqliteWriteLock(s.target.file)
    try {
      const order: string[] = []
      const write = reporter.req('PUT', '/api/observations/gdp/320100/2019', { value: 1, note: 'x' }).then((r) => {
        order.push('write')
        return r
      })
      const health = await s.app.inject({ method: 'GET', url: '/api/health' })
      order.push('health')
      expect(health.statusCode).toBe(200)
      expect(health.json()).toMatchObject({ status: 'ok', storeState: 'busy' })
      const r = await write
      // Health was answered while the write waited: the event loop was not blocked.
      expect(order).toEqual(['health', 'write'])
      expect(r.statusCode).toBe(503)
      expect(r.headers['retry-after']).toBe('2')
      expect(r.json()).toMatchObject({ error: { code: 'store.busy', messageEn: expect.stringMatching(/busy/) as unknown, message: expect.stringMatching(/正忙/) as unknown } })
      other.release()
      expect((await s.app.inject({ method: 'GET', url: '/api/health' })).json<{ storeState: string }>().storeState).toBe('ok')
      expect((await reporter.req('GET', '/api/observations?indicator=gdp&region=320100&year=2019')).json()).toEqual([])
    } finally {
      other.release()
    }
  })
})
