/**
 * The data template's round trip: download it, fill the value column, import it through the real import endpoint;
 * every value lands, nothing is rejected, the previous-year reference column is not imported.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ImportReply } from '../../src/contract/index.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

// 南京 2022 doctors per 10 000 residents, 南京统计年鉴2024 table 1-6 (data/observations/jiangsu-published-figures*.csv).
const NANJING_DOCTORS_2022 = 42.79
// Section 三(四) (public services): its four indicators, by the plan file.
const SECTION_INDICATORS = ['doctors_per_10k', 'hospital_beds_per_10k', 'health_technicians', 'licensed_doctors']

async function rowsOf(body: Buffer): Promise<{ headings: string[]; rows: unknown[][]; sheets: string[] }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer)
  const ws = wb.getWorksheet('数据')
  if (!ws) throw new Error('no data sheet')
  const all: unknown[][] = []
  ws.eachRow((row) => all.push((row.values as unknown[]).slice(1)))
  return { headings: all[0] as string[], rows: all.slice(1), sheets: wb.worksheets.map((w) => w.name) }
}

for (const store of STORES) {
  describe(`data templates (${store.name})`, () => {
    let s: TestServer
    let nanjing: Session
    beforeAll(async () => {
      s = await testServer(await store.fresh(), { data: true })
      nanjing = await s.login('nanjing')
    }, 120_000)
    afterAll(async () => {
      await s.close()
      await dropFreshStores()
    })

    it('XLSX: download, fill, import: every value lands, the reference column is not imported', async () => {
      const r = await nanjing.req('GET', `/api/templates?format=xlsx&year=2023&section=${encodeURIComponent('三(四)')}`)
      expect(r.statusCode, r.body).toBe(200)
      expect(r.headers['content-disposition']).toMatch(/attachment; filename="urbmon-template-2023\.xlsx"; filename\*=UTF-8''urbmon-template-2023-/)
      const { headings, rows, sheets } = await rowsOf(r.rawPayload)
      expect(sheets).toEqual(['数据', '说明'])
      expect(headings.slice(0, 6)).toEqual(['指标代码', '指标名称', '地区代码', '地区名称', '年份', '单位'])
      expect(rows.map((x) => x[0])).toEqual(SECTION_INDICATORS)
      expect(rows.every((x) => x[2] === '320100' && x[4] === 2023)).toBe(true)
      // The previous year's published figure, as the yearbook prints it.
      expect(rows.find((x) => x[0] === 'doctors_per_10k')?.[6]).toBe(NANJING_DOCTORS_2022)

      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(r.rawPayload as unknown as ExcelJS.Buffer)
      const ws = wb.getWorksheet('数据')!
      const filled: Record<string, number> = { doctors_per_10k: 44.5, hospital_beds_per_10k: 60.25, health_technicians: 13.1, licensed_doctors: 42000 }
      ws.eachRow((row, n) => {
        if (n > 1) row.getCell(8).value = filled[row.getCell(1).text] ?? null
      })
      const body = Buffer.from(await wb.xlsx.writeBuffer())
      const up = multipart('template.xlsx', body, { source: '2023年南京市卫生健康统计公报' })
      const imp = await nanjing.req('POST', '/api/imports', up.payload, up.headers)
      expect(imp.statusCode, imp.body).toBe(201)
      const report = imp.json<ImportReply>()
      expect(report.ok).toBe(true)
      expect(report.files.flatMap((f) => f.errors)).toEqual([])
      expect(report.files.reduce((n, f) => n + f.observations, 0)).toBe(4)
      // Only the instructions sheet is passed over.
      expect(report.files.flatMap((f) => f.warnings.map((w) => w.code))).toEqual(['ingest.sheet_skipped'])

      const stored = await s.ctx.observations.find({ regions: ['320100'], indicators: SECTION_INDICATORS, years: [2023] })
      expect(Object.fromEntries(stored.map((o) => [o.indicator, o.value]))).toEqual(filled)
      // The reference value did not become a 2023 figure, nor change 2022's.
      const y2022 = await s.ctx.observations.find({ regions: ['320100'], indicators: ['doctors_per_10k'], years: [2022] })
      expect(y2022.every((o) => o.importId === null || o.source !== '2023年南京市卫生健康统计公报')).toBe(true)
    })

    it('CSV: UTF-8 with BOM, the same columns, imports as filled', async () => {
      const r = await nanjing.req('GET', `/api/templates?format=csv&year=2024&indicators=doctors_per_10k`)
      expect(r.statusCode, r.body).toBe(200)
      expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
      const lines = r.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n')
      expect(lines).toHaveLength(2)
      const cells = (lines[1] ?? '').split(',')
      cells[7] = '45.1'
      const up = multipart('t.csv', `\ufeff${lines[0]}\r\n${cells.join(',')}\r\n`, { source: '南京统计年鉴2025' })
      const imp = await nanjing.req('POST', '/api/imports', up.payload, up.headers)
      expect(imp.statusCode, imp.body).toBe(201)
      const stored = await s.ctx.observations.find({ regions: ['320100'], indicators: ['doctors_per_10k'], years: [2024] })
      expect(stored.map((o) => o.value)).toEqual([45.1])
    })

    it('a region outside the reporter’s scope is 403 naming it; bad parameters are 400 naming the field', async () => {
      const forbidden = await nanjing.req('GET', '/api/templates?year=2023&section=二&regions=徐州', undefined, { 'accept-language': 'en' })
      expect(forbidden.statusCode).toBe(403)
      expect(forbidden.json<{ error: { message: string } }>().error.message).toContain('320300')
      for (const [query, field] of [
        ['year=20x3&section=二', 'year'],
        ['year=2023&section=十', 'section'],
        ['year=2023', 'section'],
        ['year=2023&section=二&format=pdf', 'format'],
        ['year=2023&indicators=nonsense', 'indicators'],
      ] as const) {
        const r = await nanjing.req('GET', `/api/templates?${encodeURI(query)}`)
        expect(r.statusCode, query).toBe(400)
        expect(r.json<{ error: { message: string; messageEn: string } }>().error.messageEn, query).toContain(field)
      }
      const anon = await s.app.inject({ method: 'GET', url: '/api/templates?year=2023&section=二' })
      expect(anon.statusCode).toBe(401)
    })
  })
}
