/**
 * One validation everywhere (issue 15): the same inconsistent figures — an urbanization rate of 87.5 % with
 * 800 万 urban and 960 万 resident people, where 100 × 800 / 960 = 83.33 — are refused with the same code and
 * the same message whether they are typed in (PUT, what the entry grid and the one-value form send) or come in
 * a CSV file; the consistent rate is taken by both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ImportReply } from '../../src/contract/index.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const put = (s: Session, indicator: string, value: number, version = 0) => s.req('PUT', `/api/observations/${indicator}/320100/2030`, { value, version })

for (const store of STORES) {
  describe(`one validation for typed values and files (${store.name})`, () => {
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

    it('refuses the rate that disagrees with the stored populations, typed in or in a file, with one message', async () => {
      expect((await put(nanjing, 'urban_pop', 800)).statusCode).toBe(200)
      expect((await put(nanjing, 'resident_pop', 960)).statusCode).toBe(200)
      const typed = await put(nanjing, 'urbanization_rate', 87.5)
      expect(typed.statusCode, typed.body).toBe(422)
      const typedError = typed.json<{ error: { code: string; message: string; messageEn: string } }>().error
      expect(typedError.code).toBe('ingest.rule_failed')
      expect(typedError.message).toContain('83.3333')
      expect(typedError.messageEn).toContain('83.3333')
      // Nothing was written.
      expect(await s.ctx.observations.find({ indicators: ['urbanization_rate'], regions: ['320100'], years: [2030] })).toEqual([])

      const csv = 'indicator,region,year,value\nurban_pop,南京市,2031,800\nresident_pop,南京市,2031,960\nurbanization_rate,南京市,2031,87.5\n'
      const up = multipart('nanjing-2031.csv', csv, { source: 'data-entry' })
      const file = await nanjing.req('POST', '/api/imports', up.payload, up.headers)
      expect(file.statusCode, file.body).toBe(422)
      const errors = file.json<ImportReply>().files.flatMap((f) => f.errors)
      expect(errors.map((e) => e.code)).toEqual(['ingest.rule_failed'])
      // The same sentence; the file's adds where it is (file, row, column).
      expect(errors[0]!.message).toBe(`nanjing-2031.csv，第 4 行，D 列：${typedError.message}`)
    })

    it('takes the rate that agrees (83.33 within the rule’s tolerance of 0.1), typed in', async () => {
      const typed = await put(nanjing, 'urbanization_rate', 83.33)
      expect(typed.statusCode, typed.body).toBe(200)
    })

    it('refuses a population that would break the stored rate the other way round', async () => {
      // 83.33 % of 960 is 800; an urban population of 900 no longer agrees with the rate just saved.
      const r = await put(nanjing, 'urban_pop', 900, 1)
      expect(r.statusCode, r.body).toBe(422)
      expect(r.json<{ error: { code: string } }>().error.code).toBe('ingest.rule_failed')
    })

    it('checks a file against the stored figures of the same region, year and source, as a typed-in value is', async () => {
      // Stored for 2030 (source data-entry): 800 urban, 960 resident, a rate of 83.33. A file giving the rate alone
      // as 87.5 breaks the rule with the stored populations (100 × 800 / 960 = 83.33) and is refused with the
      // typed-in value's message, at its own row and column; nothing is written.
      const send = (name: string, csv: string) => {
        const up = multipart(name, csv, { source: 'data-entry' })
        return nanjing.req('POST', '/api/imports', up.payload, up.headers)
      }
      const rateOnly = await send('rate-2030.csv', 'indicator,region,year,value\nurbanization_rate,南京市,2030,87.5\n')
      expect(rateOnly.statusCode, rateOnly.body).toBe(422)
      const typed = await put(nanjing, 'urbanization_rate', 87.5, 1)
      const typedMessage = typed.json<{ error: { message: string } }>().error.message
      const errors = rateOnly.json<ImportReply>().files.flatMap((f) => f.errors)
      expect(errors.map((e) => [e.code, e.row, e.column])).toEqual([['ingest.rule_failed', 2, 'D']])
      expect(errors[0]!.message).toBe(`rate-2030.csv，第 2 行，D 列：${typedMessage}`)
      const rate = await s.ctx.observations.find({ indicators: ['urbanization_rate'], regions: ['320100'], years: [2030] })
      expect(rate.map((o) => o.value)).toEqual([83.33])

      // The urban population alone at 900 breaks the rule with the stored rate and resident population
      // (100 × 900 / 960 = 93.75 against 83.33): the rule is anchored on the stored rate, reported at the file's row.
      const urbanOnly = await send('urban-2030.csv', 'indicator,region,year,value\nurban_pop,南京市,2030,900\n')
      expect(urbanOnly.statusCode, urbanOnly.body).toBe(422)
      const urbanErrors = urbanOnly.json<ImportReply>().files.flatMap((f) => f.errors)
      expect(urbanErrors.map((e) => [e.code, e.row])).toEqual([['ingest.rule_failed', 2]])
      expect(urbanErrors[0]!.message).toContain('93.75')

      // A figure of another source is not checked against these (the rule compares figures published together).
      const other = multipart('yearbook-2030.csv', 'indicator,region,year,value\nurbanization_rate,南京市,2030,87.5\n', { source: '南京统计年鉴2031' })
      const otherReply = await nanjing.req('POST', '/api/imports', other.payload, other.headers)
      expect(otherReply.statusCode, otherReply.body).toBe(201)
    })
  })
}
