/** The import history: who loaded which file when, scoped by role (reporters see their own), filters, one entry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ImportListReply, ImportRecordReply } from '../../src/contract/index.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const csv = (city: string, value: number) =>
  `indicator,region,year,value,unit,source\nresident_pop,${city},2020,${value},万人,census\nresident_pop,${city},2021,${value + 1},万人,census\n`

describe.each(STORES)('import history on $name', (store) => {
  let s: TestServer
  let nanjing: Session
  let xuzhou: Session
  let admin: Session
  let reviewer: Session
  let viewer: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    nanjing = await s.login('nanjing')
    xuzhou = await s.login('xuzhou')
    admin = await s.login('admin1')
    reviewer = await s.login('reviewer1')
    viewer = await s.login('viewer1')
    for (const [who, file, body] of [
      [nanjing, 'nj.csv', csv('南京市', 900)],
      [xuzhou, 'xz.csv', csv('徐州市', 800)],
      [nanjing, 'nj2.csv', csv('南京市', 901)],
    ] as const) {
      const m = multipart(file, body)
      const r = await who.req('POST', '/api/imports', m.payload, m.headers)
      expect(r.statusCode, r.body).toBe(201)
    }
  }, 120_000)
  afterAll(async () => {
    await (s as TestServer | undefined)?.close()
    await dropFreshStores()
  })

  it('shows reviewers and admins every import, newest first, with the counts each import made', async () => {
    for (const who of [admin, reviewer]) {
      const r = await who.req('GET', '/api/imports')
      expect(r.statusCode, r.body).toBe(200)
      const list = r.json<ImportListReply>()
      expect(list.total).toBe(3)
      expect(list.imports.map((i) => i.fileName)).toEqual(['nj2.csv', 'xz.csv', 'nj.csv'])
      const [nj2, xz, nj] = list.imports
      // By hand: nj.csv and xz.csv each create 2 new cells (2020, 2021); nj2.csv changes both of Nanjing's (900→901, 901→902).
      expect(nj).toMatchObject({ by: 'nanjing', created: 2, updated: 0, unchanged: 0, format: 'csv' })
      expect(xz).toMatchObject({ by: 'xuzhou', created: 2, updated: 0 })
      expect(nj2).toMatchObject({ by: 'nanjing', created: 0, updated: 2, unchanged: 0 })
      expect(nj?.sha256).toMatch(/^[0-9a-f]{64}$/)
    }
  })

  it('shows a reporter only its own imports, and another reporter’s entry is not found', async () => {
    const mine = (await nanjing.req('GET', '/api/imports')).json<ImportListReply>()
    expect(mine.total).toBe(2)
    expect(mine.imports.every((i) => i.by === 'nanjing')).toBe(true)
    const others = (await nanjing.req('GET', '/api/imports?by=xuzhou')).json<ImportListReply>()
    expect(others.total).toBe(0)
    const all = (await admin.req('GET', '/api/imports')).json<ImportListReply>()
    const xz = all.imports.find((i) => i.by === 'xuzhou') as ImportRecordReply
    expect((await nanjing.req('GET', `/api/imports/${xz.id}`)).statusCode).toBe(404)
    const one = await xuzhou.req('GET', `/api/imports/${xz.id}`)
    expect(one.statusCode).toBe(200)
    expect(one.json<ImportRecordReply>().fileName).toBe('xz.csv')
  })

  it('filters by user and date and pages; viewers and anonymous callers are refused', async () => {
    const byUser = (await admin.req('GET', '/api/imports?by=xuzhou')).json<ImportListReply>()
    expect(byUser.imports.map((i) => i.fileName)).toEqual(['xz.csv'])
    const page = (await admin.req('GET', '/api/imports?limit=1&offset=1')).json<ImportListReply>()
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 })
    expect(page.imports.map((i) => i.fileName)).toEqual(['xz.csv'])
    expect((await admin.req('GET', '/api/imports?to=2000-01-01')).json<ImportListReply>().total).toBe(0)
    expect((await admin.req('GET', '/api/imports?from=2000-01-01')).json<ImportListReply>().total).toBe(3)
    expect((await admin.req('GET', '/api/imports?from=nonsense')).statusCode).toBe(422)
    expect((await viewer.req('GET', '/api/imports')).statusCode).toBe(403)
    expect((await s.app.inject({ method: 'GET', url: '/api/imports' })).statusCode).toBe(401)
  })
})
