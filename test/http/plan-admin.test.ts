/** The plan as loaded: its name, version and checksum, and the file exactly as loaded; signed in only. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { PlanLoadedReply } from '../../src/contract/index.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const planText = readFileSync(new URL('../../plans/jiangsu-2021-2025.yaml', import.meta.url), 'utf8')

describe.each(STORES)('plan as loaded on $name', (store) => {
  let s: TestServer
  let viewer: Session
  beforeAll(async () => {
    s = await testServer(await store.fresh())
    viewer = await s.login('viewer1')
  }, 120_000)
  afterAll(async () => {
    await (s as TestServer | undefined)?.close()
    await dropFreshStores()
  })

  it('names the loaded file with its checksum, and downloads it byte for byte', async () => {
    const meta = await viewer.req('GET', '/api/plan/loaded')
    expect(meta.statusCode, meta.body).toBe(200)
    const m = meta.json<PlanLoadedReply>()
    expect(m.id).toBe(s.ctx.plan.id)
    expect(m.version).toBe(s.ctx.plan.version)
    // The file's name, never where it sits on the server.
    expect(m.fileName).toBe('jiangsu-2021-2025.yaml')
    expect(meta.body).not.toContain('/plans/')
    const file = await viewer.req('GET', '/api/plan/file')
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="/)
    expect(createHash('sha256').update(file.body).digest('hex')).toBe(m.sha256)
    // The test store was initialised from the bundled plan file: the download is that file.
    expect(file.body).toBe(planText)
  })

  it('refuses anonymous callers', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/api/plan/file' })).statusCode).toBe(401)
    expect((await s.app.inject({ method: 'GET', url: '/api/plan/loaded' })).statusCode).toBe(401)
  })
})
