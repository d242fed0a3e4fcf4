/**
 * Fault injection, hostile files: each file is built here, small, and posted to a real server on the loopback
 * interface while /api/health is polled. Each must get a 4xx naming the limit (or the cell), leave the store as it
 * was, keep the health check answering, and keep the process's memory below a bound.
 */

import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ErrorCode } from '../../src/core/errors.js'
import { httpStatus } from '../../src/http/error-handler.js'
import { DEFAULT_INPUT_LIMITS } from '../../src/ingest/limits.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

/** Generous: a blocked event loop (the failure) takes tens of seconds; a loaded 2-core machine a few hundred ms. */
const HEALTH_DEADLINE_MS = 3000
/** Growth of the process's resident memory allowed during one hostile upload (the worker's heap is capped below it). */
const RSS_GROWTH_BOUND = 600 * 1024 * 1024

const LIMITS = { ...DEFAULT_INPUT_LIMITS, parseHeapMiB: 256, unzippedBytes: 32 * 1024 * 1024 }

interface Outcome {
  readonly status: number
  readonly body: string
  readonly json: {
    ok?: boolean
    error?: { code: string; message: string }
    files?: Array<{ errors: Array<{ code: string; message: string; messageEn: string; params: Record<string, unknown>; row?: number; column?: string; sheet?: string }> }>
  }
  readonly healthChecks: number
  readonly rssGrowth: number
}

describe.each(STORES)('hostile files on $name', (store) => {
  let s: TestServer
  let reporter: Session
  let base = ''

  beforeAll(async () => {
    s = await testServer(await store.fresh(), { inputLimits: LIMITS })
    reporter = await s.login('nanjing')
    base = await s.app.listen({ port: 0, host: '127.0.0.1' })
  }, 60_000)
  afterAll(async () => {
    await s.close()
    await dropFreshStores()
  })

  const snapshot = async () => (await reporter.req('GET', '/api/export?format=json')).body

  /** Posts the file over loopback, polling /api/health (each poll must answer within the deadline) until the reply. */
  async function post(name: string, content: Buffer | string, fields: Record<string, string> = {}): Promise<Outcome> {
    const before = await snapshot()
    const { payload, headers } = multipart(name, content, fields)
    const rss0 = process.memoryUsage().rss
    let peak = rss0
    const state = { done: false }
    let healthChecks = 0
    const poll = (async () => {
      while (!state.done) {
        const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(HEALTH_DEADLINE_MS) })
        expect(r.status).toBe(200)
        await r.arrayBuffer()
        healthChecks++
        peak = Math.max(peak, process.memoryUsage().rss)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    const reply = await fetch(`${base}/api/imports`, {
      method: 'POST',
      headers: { ...headers, cookie: reporter.cookie, 'x-csrf-token': reporter.csrf },
      body: payload,
    })
    let status = reply.status
    let body = await reply.text()
    // A file of 1 MiB or more is imported as a background job (202): its outcome is the job's, once it ends.
    if (status === 202) ({ status, body } = await jobOutcome(JSON.parse(body) as { statusUrl: string }))
    state.done = true
    await poll
    expect(await snapshot()).toBe(before)
    return { status, body, json: JSON.parse(body) as Outcome['json'], healthChecks, rssGrowth: peak - rss0 }
  }

  /** Follows a job to its end: the synchronous import's status and report, or its error with the error's HTTP status. */
  async function jobOutcome(job: { statusUrl: string }): Promise<{ status: number; body: string }> {
    for (;;) {
      const r = await reporter.req('GET', job.statusUrl)
      const j = r.json<{ phase: string; result: { status: number; report: unknown } | null; error: { code: string; message: string; messageEn: string } | null }>()
      if (j.result) return { status: j.result.status, body: JSON.stringify(j.result.report) }
      if (j.error) return { status: httpStatus(j.error.code as ErrorCode), body: JSON.stringify({ error: j.error }) }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  function expectRefused(o: Outcome, code: string): { code: string; message: string; messageEn?: string; params?: Record<string, unknown> } {
    expect(o.status).toBeGreaterThanOrEqual(400)
    expect(o.status).toBeLessThan(500)
    expect(o.healthChecks).toBeGreaterThan(0)
    expect(o.rssGrowth).toBeLessThan(RSS_GROWTH_BOUND)
    const found = o.json.error ?? o.json.files?.[0]?.errors.find((e) => e.code === code)
    expect(found?.code).toBe(code)
    return found!
  }

  it('refuses a tiny workbook whose only cell sits at the last row and column', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('数据').getCell('XFD1048576').value = 1
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    expect(bytes.length).toBeLessThan(10_000)
    const e = expectRefused(await post('corner.xlsx', bytes), 'ingest.limit_exceeded')
    expect(e.message).toContain('数据')
    expect(e.messageEn).toContain('4,096')
    expect(e.messageEn).toContain('URBMON_MAX_COLUMNS')
    expect((await post('corner.xlsx', bytes, { dryRun: 'true' })).status).toBe(422)
  })

  it('refuses a workbook that merges the whole sheet', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('S').getCell('A1').value = 1
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer())
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')!.async('string')).replace(
      '</sheetData>',
      '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    )
    zip.file('xl/worksheets/sheet1.xml', sheet)
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
    expect(expectRefused(await post('merged.xlsx', bytes), 'ingest.limit_exceeded').params).toMatchObject({ limit: 'cells' })
  })

  it('refuses a zip bomb', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('S').getCell('A1').value = 1
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer())
    zip.file('xl/media/image1.png', Buffer.alloc(64 * 1024 * 1024))
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
    expect(bytes.length).toBeLessThan(200_000)
    const e = expectRefused(await post('bomb.xlsx', bytes), 'ingest.limit_exceeded')
    expect(['zipRatio', 'unzippedBytes']).toContain(e.params?.limit)
  })

  it('refuses JSON records that each add a new key, in linear time', async () => {
    const records = Array.from({ length: 30_000 }, (_, i) => `{"k${i}":1}`).join(',')
    const e = expectRefused(await post('keys.json', `[${records}]`), 'ingest.limit_exceeded')
    expect(e.params).toMatchObject({ limit: 'columns', max: 4096 })
  })

  it('refuses deeply nested JSON', async () => {
    const e = expectRefused(await post('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`), 'ingest.limit_exceeded')
    expect(e.params).toMatchObject({ limit: 'jsonDepth' })
  })

  it('refuses HTML with huge rowspan and colspan', async () => {
    const cells = Array.from({ length: 200 }, () => '<td rowspan="999" colspan="999">x</td>').join('')
    const html = `<html><body><table>${Array.from({ length: 20 }, () => `<tr>${cells}</tr>`).join('')}</table></body></html>`
    expect(html.length).toBeLessThan(200_000)
    const e = expectRefused(await post('spans.html', html), 'ingest.limit_exceeded')
    expect(e.params).toMatchObject({ limit: 'columns' })
  })

  it('refuses a CSV row of a million columns with one short message', async () => {
    const csv = `地区,指标,${Array.from({ length: 1_000_000 }, (_, i) => `x${i}`).join(',')}\n南京,gdp,${'y,'.repeat(999_999)}y\n`
    const o = await post('wide.csv', csv)
    expect(expectRefused(o, 'ingest.limit_exceeded').params).toMatchObject({ limit: 'columns', actual: 1_000_002 })
    expect(o.body.length).toBeLessThan(20_000)
  })

  it('lists the first 100 errors of a kind and counts the rest', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `南京,gdp,${2000 + (i % 20)},not-a-number-${i}`)
    const o = await post('errors.csv', `地区,指标,年份,数值\n${rows.join('\n')}\n`)
    expect(o.status).toBe(422)
    const errors = o.json.files![0]!.errors
    expect(errors.filter((e) => e.code === 'ingest.not_numeric')).toHaveLength(100)
    expect(errors.find((e) => e.code === 'ingest.more_problems')?.params).toMatchObject({ code: 'ingest.not_numeric', count: 2900, shown: 100 })
  })

  it('refuses NUL and other control characters in a cell, naming row and column', async () => {
    const e = expectRefused(await post('nul.csv', '地区,指标,年份,数值,备注\n南京,gdp,2020,1,a\u0000b\n'), 'ingest.control_char') as {
      row?: number
      column?: string
      message: string
    }
    expect(e).toMatchObject({ row: 2, column: 'E' })
    expect(e.message).toContain('U+0000')
  })

  it('refuses a file in no encoding it can read, rather than storing replacement characters', async () => {
    // 0x81 then a space: not UTF-8, not GB18030 (a lead byte without its trail), undefined in Windows-1252.
    const bytes = Buffer.concat([Buffer.from('region,indicator,year,value,note\n320100,gdp,2020,1,'), Buffer.from([0x81, 0x20, 0x41]), Buffer.from('\n')])
    expectRefused(await post('odd.csv', bytes), 'ingest.bad_encoding')
  })

  it('reads a Latin-1 CSV as Latin-1 and a GBK CSV as GB18030', async () => {
    const latin = iconv.encode('region,indicator,year,value,note\n320100,gdp,2020,1,Zürich Genève\n', 'latin1')
    const l = await post('latin.csv', latin, { dryRun: 'true' })
    expect(l.status).toBe(200)
    expect(l.json).toMatchObject({ ok: true, files: [{ encoding: 'windows-1252' }] })
    const gbk = iconv.encode('地区,指标,年份,数值,备注\n南京市,gdp,2020,1,盱眙县统计公报\n', 'gbk')
    const g = await post('gbk.csv', gbk, { dryRun: 'true' })
    expect(g.status).toBe(200)
    expect(g.json).toMatchObject({ ok: true, files: [{ encoding: 'gb18030' }] })
  })

  it('ends a reader that runs out of its heap and answers 413, the server still up', async () => {
    const tiny = await testServer(await store.fresh(), { inputLimits: { ...LIMITS, parseHeapMiB: 8 } })
    try {
      const admin = await tiny.login('admin1')
      const rows = Array.from({ length: 200_000 }, (_, i) => `南京,gdp,${2000 + (i % 20)},${i}`).join('\n')
      const { payload, headers } = multipart('big.csv', `地区,指标,年份,数值\n${rows}\n`)
      // Over 1 MiB, so it runs as a job; the job ends with the worker's failure, the server answering throughout.
      const r = await admin.req('POST', '/api/imports', payload, headers)
      expect(r.statusCode).toBe(202)
      const { statusUrl } = r.json<{ statusUrl: string }>()
      let error: { code: string } | null = null
      while (!error) {
        const j = (await admin.req('GET', statusUrl)).json<{ phase: string; error: { code: string } | null }>()
        expect(j.phase).not.toBe('done')
        error = j.error
        if (!error) await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(error.code).toBe('ingest.parse_aborted')
      expect(httpStatus('ingest.parse_aborted')).toBe(413)
      expect((await tiny.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
    } finally {
      await tiny.close()
    }
  })

  it('refuses NUL in a note sent to the API, naming the field, and writes nothing', async () => {
    const before = await snapshot()
    const r = await reporter.req('PUT', '/api/observations/gdp/320100/2020', { value: 1, note: 'a\u0000b' })
    expect(r.statusCode).toBe(422)
    expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'http.control_char', message: expect.stringContaining('note') as string })
    const comment = await reporter.req('POST', '/api/review/submit', { region: '320100', year: 2020, comment: 'x\u0007' })
    expect(comment.json<{ error: { code: string } }>().error.code).toBe('http.control_char')
    expect(await snapshot()).toBe(before)
    // Tab and line breaks stay allowed.
    expect((await reporter.req('PUT', '/api/observations/gdp/320100/2020', { value: 1, note: 'a\tb\r\nc' })).statusCode).toBeLessThan(300)
  })

  it('keeps a normal file importing through the worker', async () => {
    const before = await snapshot()
    const { payload, headers } = multipart('ok.csv', '地区,指标,年份,数值\n南京,gdp,2021,16355.32\n')
    const r = await reporter.req('POST', '/api/imports', payload, headers)
    expect(r.statusCode).toBe(201)
    expect(await snapshot()).not.toBe(before)
  })
})
