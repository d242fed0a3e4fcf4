/**
 * Long imports as background jobs: 202 with a status URL, progress, and at the end the very reply the
 * synchronous import gives; only the owner (and admins) can read a job; the per-user limit on concurrent imports.
 */
import { setTimeout as sleep } from 'node:timers/promises'

import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ImportJobReply, ImportReply } from '../../src/contract/index.js'
import { buildServer, type App } from '../../src/http/server.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

/** 201 years × 2 sources of one city's resident population: 402 rows. */
function bigCsv(offset = 0): string {
  const lines = ['indicator,region,year,value,unit,source']
  for (let y = 1900; y <= 2100; y++) for (const source of ['census', 'yearbook']) lines.push(`resident_pop,南京市,${y},${800 + offset + (y % 50)},万人,${source}`)
  return `${lines.join('\n')}\n`
}

const as = (app: App, who: Session, method: 'GET' | 'POST', url: string, body?: { payload: Buffer; headers: Record<string, string> }) =>
  app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...body?.headers }, ...(body ? { payload: body.payload } : {}) })

/** Polls the job until it ends (each poll is a request; no clock is asserted). */
async function finished(app: App, who: Session, url: string): Promise<ImportJobReply> {
  for (let i = 0; i < 2000; i++) {
    const r = await as(app, who, 'GET', url)
    expect(r.statusCode, r.body).toBe(200)
    const job = r.json<ImportJobReply>()
    if (job.phase === 'done' || job.phase === 'failed') return job
    await sleep(10)
  }
  throw new Error(`job ${url} did not end`)
}

describe.each(STORES)('import jobs on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let other: Session
  let admin: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    reporter = await s.login('nanjing')
    other = await s.login('xuzhou')
    admin = await s.login('admin1')
  }, 120_000)
  afterAll(async () => {
    await (s as TestServer | undefined)?.close()
    await dropFreshStores()
  })

  it('answers 202 with a status URL, reports progress, and ends with the reply of the synchronous import', async () => {
    const sync = await reporter.req('POST', '/api/imports?dryRun=true', multipart('pop.csv', bigCsv()).payload, multipart('pop.csv', bigCsv()).headers)
    expect(sync.statusCode, sync.body).toBe(200)
    const dry = multipart('pop.csv', bigCsv(), { async: 'true', dryRun: 'true' })
    const started = await reporter.req('POST', '/api/imports', dry.payload, dry.headers)
    expect(started.statusCode, started.body).toBe(202)
    const job = started.json<ImportJobReply>()
    expect(started.headers.location).toBe(job.statusUrl)
    expect(job.statusUrl).toBe(`/api/imports/jobs/${job.id}`)
    expect(job).toMatchObject({ file: 'pop.csv', phase: 'parsing', result: null, error: null, finishedAt: null })
    const dryDone = await finished(s.app, reporter, job.statusUrl)
    expect(dryDone.result).toEqual({ status: 200, report: sync.json<ImportReply>() })

    // Written: the sync report of the same file, plus what was written.
    const write = multipart('pop.csv', bigCsv(), { async: 'true' })
    const writing = await reporter.req('POST', '/api/imports', write.payload, write.headers)
    expect(writing.statusCode).toBe(202)
    const done = await finished(s.app, reporter, writing.json<ImportJobReply>().statusUrl)
    const report = sync.json<ImportReply>()
    expect(done).toMatchObject({ phase: 'done', rowsRead: 402, rowsWritten: 402, error: null })
    expect(done.result).toEqual({
      status: 201,
      report: { ...report, dryRun: false, files: [{ ...report.files[0], written: { importId: expect.any(Number) as number, created: 402, updated: 0, unchanged: 0 } }] },
    })
    const stored = await s.ctx.observations.find({ indicators: ['resident_pop'], regions: ['320100'] })
    expect(stored.length).toBe(402)

    // Someone else's job is unknown to them; admins see it.
    const foreign = await other.req('GET', done.statusUrl)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json<{ error: { code: string } }>().error.code).toBe('job.not_found')
    expect((await admin.req('GET', done.statusUrl)).statusCode).toBe(200)
    expect((await s.app.inject({ method: 'GET', url: done.statusUrl })).statusCode).toBe(401)
  }, 120_000)

  it('runs a large upload as a job without being asked, and a refused file ends with the 422 report', async () => {
    const jobs = await buildServer({ ctx: s.ctx, now: () => FIXED_NOW, asyncImportBytes: 1000 })
    try {
      const bad = multipart('bad.csv', bigCsv().replace('resident_pop,南京市,1950,', 'resident_pop,南京市,1950,abc'))
      const started = await as(jobs, reporter, 'POST', '/api/imports', bad)
      expect(started.statusCode, started.body).toBe(202)
      const done = await finished(jobs, reporter, started.json<ImportJobReply>().statusUrl)
      expect(done.phase).toBe('done')
      expect(done.result?.status).toBe(422)
      expect(done.result?.report.ok).toBe(false)
      expect(done.result?.report.files[0]?.errors.map((e) => e.code)).toContain('ingest.not_numeric')
      // A small file still gets its answer at once.
      const small = multipart('small.csv', 'indicator,region,year,value,unit,source\nresident_pop,南京市,2030,900,万人,x\n')
      expect((await as(jobs, reporter, 'POST', '/api/imports', small)).statusCode).toBe(201)
    } finally {
      await jobs.close()
    }
  }, 120_000)

  it('allows a user only so many imports at once: 429 with Retry-After, the slot back when the job ends', async () => {
    const limited = await buildServer({ ctx: s.ctx, now: () => FIXED_NOW, limits: { importsPerUser: 1, retryAfterSeconds: 5 } })
    const imports = s.ctx.imports
    const original = imports.applyImport.bind(imports)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    // Only the first upload (a.csv) waits, whenever its parse ends: the others show who is held up and who is not.
    imports.applyImport = async (batch, meta) => {
      if (meta.fileName === 'a.csv') await gate
      return original(batch, meta)
    }
    try {
      const first = await as(limited, reporter, 'POST', '/api/imports', multipart('a.csv', bigCsv(1), { async: 'true' }))
      expect(first.statusCode, first.body).toBe(202)
      const refused: LightMyRequestResponse = await as(limited, reporter, 'POST', '/api/imports', multipart('b.csv', bigCsv(2)))
      expect(refused.statusCode).toBe(429)
      expect(refused.headers['retry-after']).toBe('5')
      const error = refused.json<{ error: { code: string; message: string; messageEn: string } }>().error
      expect(error).toMatchObject({ code: 'limit.busy' })
      expect(error.message).toContain('导入')
      expect(error.messageEn).toContain('1 imports running')
      // Another user is not held up by this one's import.
      const otherFile = 'indicator,region,year,value,unit,source\nresident_pop,徐州市,2030,900,万人,x\n'
      expect((await as(limited, other, 'POST', '/api/imports', multipart('c.csv', otherFile))).statusCode).toBe(201)
      release()
      expect((await finished(limited, reporter, first.json<ImportJobReply>().statusUrl)).result?.status).toBe(201)
      expect((await as(limited, reporter, 'POST', '/api/imports', multipart('b.csv', bigCsv(2)))).statusCode).toBe(201)
    } finally {
      release()
      imports.applyImport = original
      await limited.close()
    }
  }, 120_000)
})
