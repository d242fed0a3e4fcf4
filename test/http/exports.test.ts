/**
 * Exports at scale: streamed from keyset pages (complete, in key order, the same bytes as the whole-array writer
 * the export used before), the reply starting before the store is read through, XLSX capped with a message that
 * points to CSV, /api/observations paged with a cursor, anonymous exports cached per data version, and the
 * per-user (per-address) limit on concurrent exports.
 *
 * The store is filled with generated rows written straight through the import repository (12 indicators × every
 * region × 26 years, a second source on one indicator: over 30,000 rows, 16 or more store pages).
 */
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'

import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { EXPORT_PAGE_ROWS, toCsv, toJson } from '../../src/app/export.js'
import type { PageRequest } from '../../src/app/ports/observation-pages.js'
import type { Observation } from '../../src/app/ports/observations.js'
import { toViews } from '../../src/app/query.js'
import { loadRanking } from '../../src/app/source-ranking.js'
import { buildServer, type App } from '../../src/http/server.js'
import type { CandidateObservation } from '../../src/ingest/index.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const YEARS = Array.from({ length: 26 }, (_, i) => 2000 + i)

/** Generated rows: value = a simple function of the key, so a wrong row is visible. */
function generated(s: TestServer): CandidateObservation[] {
  const indicators = s.ctx.indicators.all.slice(0, 12).map((i) => i.id)
  const regions = s.ctx.regions.all.filter((r) => r.level !== 'grouping').map((r) => r.code)
  const rows: CandidateObservation[] = []
  for (const [n, indicator] of indicators.entries()) {
    for (const region of regions) {
      for (const year of YEARS) {
        const value = Math.round((n + 1) * 1000 + (year - 2000) * 10 + (Number(region) % 97)) / 10
        const base = { indicator, region, period: String(year), year, unit: s.ctx.indicators.get(indicator)!.unit, note: null, location: {} }
        // Source "a-…" before "b-…" in the batch: ids ascend with the source inside each cell, so the order of
        // `find` (by id within a cell) and of the pages (by source) agree and the old export is the reference.
        rows.push({ ...base, value, valueText: String(value), raw: String(value), source: 'a-bulletin' })
        if (n === 0) rows.push({ ...base, value: value + 1, valueText: String(value + 1), raw: String(value + 1), source: 'b-yearbook' })
      }
    }
  }
  return rows
}

/** The export as a whole-array writer makes it: every published row read at once (the store's published view). */
async function reference(s: TestServer, filter: { indicators?: string[] } = {}): Promise<Observation[]> {
  return s.ctx.observations.findPublished(filter)
}

/** Holds the store's page reads after the first `open` ones until `release()`; counts every read. */
function gatePages(s: TestServer, open: number) {
  const original = s.ctx.pages.page.bind(s.ctx.pages)
  let reads = 0
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  s.ctx.pages.page = async (req: PageRequest) => {
    reads++
    if (reads > open) await gate
    return original(req)
  }
  return {
    reads: () => reads,
    release: () => release(),
    restore: () => {
      s.ctx.pages.page = original
    },
  }
}

async function listen(app: App): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as AddressInfo).port
}

describe.each(STORES)('exports at scale on $name', (store) => {
  let s: TestServer
  let admin: Session
  let rows: CandidateObservation[]

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    admin = await s.login('admin1')
    rows = generated(s)
    await s.ctx.imports.applyImport(rows, {
      fileName: 'generated.csv',
      sha256: '0'.repeat(64),
      format: 'csv',
      layout: 'long',
      source: null,
      by: 'test',
      at: FIXED_NOW.toISOString(),
      status: 'published',
      warnings: 0,
      origin: 'test',
    })
  }, 300_000)
  afterAll(async () => {
    await (s as TestServer | undefined)?.close()
    await dropFreshStores()
  })

  it('streams every published row as CSV, JSON and JSON lines: complete, in key order, the same as the unpaged export', async () => {
    expect(rows.length).toBeGreaterThan(EXPORT_PAGE_ROWS * 15)
    const all = await reference(s)
    expect(all.length).toBe(rows.length)
    const views = toViews(s.ctx, all, await loadRanking(s.ctx))
    const csv = await s.app.inject({ method: 'GET', url: '/api/export?format=csv' })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.body).toBe(toCsv(views))
    // One line per generated row (the values are plain numbers and codes: no quoted line breaks).
    expect(csv.body.trimEnd().split('\r\n').length - 1).toBe(rows.length)
    const json = await s.app.inject({ method: 'GET', url: '/api/export?format=json' })
    expect(json.json()).toEqual(JSON.parse(toJson(views)))
    const lines = (await s.app.inject({ method: 'GET', url: '/api/export?format=jsonl' })).body.trimEnd().split('\n')
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(JSON.parse(toJson(views)))
    // Exactly one preferred row per cell, across the page boundaries too.
    const cells = new Set(views.map((v) => `${v.indicator}|${v.region}|${v.period}`))
    expect(views.filter((v) => v.preferred).length).toBe(cells.size)
  }, 120_000)

  it('starts the reply before the store has been read through', async () => {
    const gate = gatePages(s, 1)
    const server = await buildServer({ ctx: s.ctx, now: () => FIXED_NOW })
    const port = await listen(server)
    try {
      const { first, rest } = await new Promise<{ first: string; rest: Promise<string> }>((resolve, reject) => {
        request({ port, path: '/api/export?format=csv' }, (res) => {
          res.setEncoding('utf8')
          let body = ''
          let resolved = false
          const rest = new Promise<string>((done) => res.on('end', () => done(body)))
          res.on('data', (chunk: string) => {
            body += chunk
            if (!resolved) {
              resolved = true
              resolve({ first: chunk, rest })
            }
          })
        })
          .on('error', reject)
          .end()
      })
      // The first bytes arrived while the second page was still held: no more than two reads had started.
      expect(first.startsWith('\ufeffindicator,indicatorName')).toBe(true)
      expect(gate.reads()).toBeLessThanOrEqual(2)
      gate.release()
      expect(await rest).toBe(toCsv(toViews(s.ctx, await reference(s), await loadRanking(s.ctx))))
      expect(gate.reads()).toBeGreaterThan(15)
    } finally {
      gate.restore()
      await server.close()
    }
  }, 120_000)

  it('writes XLSX through the streaming writer, and refuses more rows than its cap with a message pointing to CSV', async () => {
    const indicator = s.ctx.indicators.all[1]!.id
    const capped = await buildServer({ ctx: s.ctx, now: () => FIXED_NOW, xlsxMaxRows: 1000 })
    try {
      const refused = await capped.inject({ method: 'GET', url: '/api/export?format=xlsx', headers: { 'accept-language': 'zh-CN' } })
      expect(refused.statusCode).toBe(422)
      const error = refused.json<{ error: { code: string; message: string; messageEn: string; details: unknown } }>().error
      expect(error.code).toBe('export.too_many_rows')
      expect(error.details).toEqual({ rows: rows.length, limit: 1000, format: 'xlsx' })
      expect(error.message).toContain('CSV')
      expect(error.messageEn).toContain(`${rows.length} rows`)
      expect(error.messageEn).toContain('CSV')
      // Under the cap (one indicator, one year range): a workbook with every row.
      const ok = await capped.inject({ method: 'GET', url: `/api/export?format=xlsx&indicator=${indicator}&year=2020-2022` })
      expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(ok.rawPayload as unknown as ArrayBuffer)
      const ws = wb.getWorksheet('observations')!
      const expected = toViews(
        s.ctx,
        (await reference(s, { indicators: [indicator] })).filter((r) => r.year >= 2020 && r.year <= 2022),
        await loadRanking(s.ctx),
      )
      expect(ws.rowCount).toBe(expected.length + 1)
      expect(ws.getRow(1).getCell(1).value).toBe('indicator')
      const got = Array.from({ length: expected.length }, (_, i) => {
        const row = ws.getRow(i + 2)
        return [row.getCell(1).value, row.getCell(3).value, row.getCell(5).value, row.getCell(6).value, row.getCell(8).value]
      })
      expect(got).toEqual(expected.map((v) => [v.indicator, v.region, v.year, v.value, v.source]))
    } finally {
      await capped.close()
    }
  }, 120_000)

  it('pages /api/observations with a cursor: whole cells, at most the limit, the pages together the same as one', async () => {
    const one = await s.app.inject({ method: 'GET', url: '/api/observations' })
    expect(one.statusCode).toBe(200)
    expect(one.headers['x-next-cursor']).toBeUndefined()
    const whole = one.json<Array<{ indicator: string; region: string; period: string; source: string }>>()
    expect(whole.length).toBe(rows.length)
    const paged: typeof whole = []
    let url: string | undefined = '/api/observations?limit=999'
    let pages = 0
    while (url) {
      const r = await s.app.inject({ method: 'GET', url })
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200)
      const page = r.json<typeof whole>()
      expect(page.length).toBeLessThanOrEqual(999)
      expect(page.length).toBeGreaterThan(0)
      paged.push(...page)
      pages++
      const next = r.headers['x-next-cursor'] as string | undefined
      if (next) expect(r.headers.link).toBe(`</api/observations?limit=999&cursor=${next}>; rel="next"`)
      url = next ? `/api/observations?limit=999&cursor=${next}` : undefined
      // A page never splits a cell: the next page starts on another cell.
      if (next) {
        const last = page[page.length - 1]!
        const following = (await s.app.inject({ method: 'GET', url: url! })).json<typeof whole>()
        expect(`${following[0]!.indicator}|${following[0]!.region}|${following[0]!.period}`).not.toBe(`${last.indicator}|${last.region}|${last.period}`)
      }
    }
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(rows.length / 999))
    expect(paged).toEqual(whole)
    const bad = await s.app.inject({ method: 'GET', url: '/api/observations?cursor=not-a-cursor', headers: { 'accept-language': 'en' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ error: { code: string; messageEn: string } }>().error).toMatchObject({ code: 'http.bad_value' })
    expect(bad.json<{ error: { messageEn: string } }>().error.messageEn).toContain('cursor')
    expect((await s.app.inject({ method: 'GET', url: '/api/observations?limit=50001' })).statusCode).toBe(422)
  }, 120_000)

  it('serves anonymous exports from the cache until the data version changes, with an ETag', async () => {
    // An indicator no consistency rule names and whose range holds 4242.5: the write below changes its value freely.
    const indicator = s.ctx.indicators.all.find(
      (i) => !s.ctx.plan.rules.some((r) => `${r.left} ${r.right}`.includes(i.id)) && (!i.range || (i.range[0] <= 4242.5 && 4242.5 <= i.range[1])),
    )!.id
    const url = `/api/export?format=csv&indicator=${indicator}`
    const first = await s.app.inject({ method: 'GET', url })
    expect(first.headers['x-urbmon-cache']).toBe('miss')
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^".+"$/)
    const gate = gatePages(s, 0)
    try {
      // A hit reads nothing from the store (the gate would hold any read).
      const second = await s.app.inject({ method: 'GET', url })
      expect(second.headers['x-urbmon-cache']).toBe('hit')
      expect(second.body).toBe(first.body)
      expect(gate.reads()).toBe(0)
      expect((await s.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    } finally {
      gate.release()
      gate.restore()
    }
    // Signed-in readers are never served from the public cache.
    expect((await admin.req('GET', url)).headers['x-urbmon-cache']).toBe('none')
    // A write moves the data version: a new ETag, read again, the new value in it.
    const cell = rows.find((r) => r.indicator === indicator && r.year === 2010)!
    const put = await admin.req('PUT', `/api/observations/${indicator}/${cell.region}/2010`, { value: 4242.5, version: 1, source: cell.source })
    expect(put.statusCode, put.body).toBe(200)
    const ids = [put.json<{ id: number }>().id]
    for (const step of ['submit', 'approve', 'publish']) {
      const moved = await admin.req('POST', `/api/review/${step}`, { ids })
      expect(moved.statusCode, moved.body).toBe(200)
    }
    const after = await s.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })
    expect(after.statusCode).toBe(200)
    expect(after.headers['x-urbmon-cache']).toBe('miss')
    expect(after.headers.etag).not.toBe(etag)
    expect(after.body).toContain('4242.5')
    expect(after.body).toBe(toCsv(toViews(s.ctx, await reference(s, { indicators: [indicator] }), await loadRanking(s.ctx))))
  }, 120_000)

  it('allows one address only so many exports at once: 429 with Retry-After and a message in both languages', async () => {
    const limited = await buildServer({ ctx: s.ctx, now: () => FIXED_NOW, limits: { exportsPerUser: 1, retryAfterSeconds: 7 } })
    const gate = gatePages(s, 1)
    try {
      // Not cached (a user's export), held at its second page.
      const running = limited.inject({ method: 'GET', url: '/api/export?format=jsonl&view=published' })
      await new Promise((r) => setImmediate(r))
      while (gate.reads() < 2) await new Promise((r) => setImmediate(r))
      const refused = await limited.inject({ method: 'GET', url: '/api/export?format=csv&year=2001', headers: { 'accept-language': 'zh-CN' } })
      expect(refused.statusCode).toBe(429)
      expect(refused.headers['retry-after']).toBe('7')
      const error = refused.json<{ error: { code: string; message: string; messageEn: string } }>().error
      expect(error.code).toBe('limit.busy')
      expect(error.message).toContain('7 秒')
      expect(error.messageEn).toContain('1 exports running')
      gate.release()
      expect((await running).statusCode).toBe(200)
      // The slot is back once the first export ended.
      expect((await limited.inject({ method: 'GET', url: '/api/export?format=csv&year=2001' })).statusCode).toBe(200)
    } finally {
      gate.release()
      gate.restore()
      await limited.close()
    }
  }, 120_000)
})
