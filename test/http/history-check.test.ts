/**
 * The history check (issue 15): a value whose change from the year before is far outside the series' usual
 * change is saved with a warning naming the value, the usual change and the modified z-score; submitting it
 * needs a note explaining it (explicit ids: refused, 422; a filter: skipped with reason `needs_comment`).
 *
 * Hand calculation. rural_labor_transfer_rate of Nanjing, 2011–2017: 40, 41, 43, 44, 47, 48, 50; 2018: 70.
 * Changes 2012–2017: 1, 2, 1, 3, 1, 2; the change into 2018 is 20. The other changes, sorted: 1 1 1 2 2 3,
 * median 1.5; absolute deviations 0.5 0.5 0.5 0.5 0.5 1.5, MAD 0.5 (above the scale floor, 0.001 × mean |value|
 * = 0.001 × 383 / 8 = 0.048). z = 0.6745 × (20 − 1.5) / 0.5 = 24.9565, shown as 25.
 * Before 2018 there are only five changes (fewer than six): no flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { historyFlag } from '../../src/app/cell-checks.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const IND = 'rural_labor_transfer_rate'
const SERIES: Array<[number, number]> = [
  [2011, 40],
  [2012, 41],
  [2013, 43],
  [2014, 44],
  [2015, 47],
  [2016, 48],
  [2017, 50],
]

interface Saved {
  id: number
  version: number
  warnings?: Array<{ code: string; severity: string; message: string; messageEn: string }>
}

describe('historyFlag (pure)', () => {
  it('computes the modified z-score by hand', () => {
    const series = SERIES.map(([year, value]) => ({ year, value, source: 'data-entry' }))
    const flag = historyFlag(series, { indicator: IND, region: '320100', year: 2018, value: 70, source: 'data-entry' }, { indicator: 'I', region: 'R' })
    expect(flag?.params.change).toBe(20)
    expect(flag?.params.usual).toBe(1.5)
    expect(flag?.params.z).toBeCloseTo(25.0, 5)
    // A usual step (2 points) is not flagged: z = 0.6745 × (2 − 1.5) / 0.5 = 0.67.
    expect(historyFlag(series, { indicator: IND, region: '320100', year: 2018, value: 52, source: 'data-entry' }, { indicator: 'I', region: 'R' })).toBeUndefined()
    // Too short a series: no flag.
    expect(historyFlag(series.slice(0, 5), { indicator: IND, region: '320100', year: 2016, value: 90, source: 'data-entry' }, { indicator: 'I', region: 'R' })).toBeUndefined()
  })
})

for (const store of STORES) {
  describe(`history check on save and submit (${store.name})`, () => {
    let s: TestServer
    let nanjing: Session
    const put = (year: number, body: Record<string, unknown>) => nanjing.req('PUT', `/api/observations/${IND}/320100/${year}`, body)
    beforeAll(async () => {
      s = await testServer(await store.fresh())
      nanjing = await s.login('nanjing')
    }, 120_000)
    afterAll(async () => {
      await s.close()
      await dropFreshStores()
    })

    let saved: Saved
    it('saves an unusual value with a warning naming the value, the usual change and z', async () => {
      for (const [year, value] of SERIES) {
        const r = await put(year, { value, version: 0 })
        expect(r.statusCode, r.body).toBe(200)
        expect(r.json<Saved>().warnings ?? []).toEqual([])
      }
      const r = await put(2018, { value: 70, version: 0 })
      expect(r.statusCode, r.body).toBe(200)
      saved = r.json<Saved>()
      expect(saved.warnings?.map((w) => w.code)).toEqual(['ingest.unusual_change'])
      const w = saved.warnings![0]!
      expect(w.severity).toBe('warning')
      expect(w.messageEn).toContain('is 70')
      expect(w.messageEn).toContain('change of 20')
      expect(w.messageEn).toContain('usually changes by 1.5')
      expect(w.messageEn).toContain('z = 25')
      expect(w.message).toContain('南京市 2018 年')
      expect(w.message).toContain('修正 z 值 25')
    })

    it('refuses to submit the flagged value without a note (ids: 422 naming the cell; filter: skipped)', async () => {
      const byIds = await nanjing.req('POST', '/api/review/submit', { ids: [saved.id] })
      expect(byIds.statusCode, byIds.body).toBe(422)
      const err = byIds.json<{ error: { code: string; message: string; messageEn: string } }>().error
      expect(err.code).toBe('workflow.needs_comment')
      expect(err.message).toContain('南京市 2018 年')
      expect(err.messageEn).toContain('for 2018')
      const [row] = await s.ctx.observations.find({ indicators: [IND], regions: ['320100'], years: [2018] })
      expect(row?.status).toBe('draft')

      const byFilter = await nanjing.req('POST', '/api/review/submit', { indicator: IND, region: '320100' })
      expect(byFilter.statusCode, byFilter.body).toBe(200)
      const reply = byFilter.json<{ changed: number; skipped: Array<{ id: number; reason: string }> }>()
      expect(reply.changed).toBe(7)
      expect(reply.skipped).toEqual([expect.objectContaining({ id: saved.id, reason: 'needs_comment' })])
    })

    it('submits it once the note explains it', async () => {
      const noted = await put(2018, { value: 70, version: saved.version, note: '统计口径调整 / change of definition' })
      expect(noted.statusCode, noted.body).toBe(200)
      const r = await nanjing.req('POST', '/api/review/submit', { ids: [saved.id] })
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json<{ changed: number }>().changed).toBe(1)
    })

    it('shows the flag on the review queue row, and none on the usual values', async () => {
      const reviewer = await s.login('reviewer1')
      const q = await reviewer.req('GET', `/api/review/queue?indicator=${IND}`)
      expect(q.statusCode, q.body).toBe(200)
      const rows = q.json<Array<{ year: number; flags: Array<{ code: string; messageEn: string }> }>>()
      expect(rows).toHaveLength(8)
      for (const row of rows) expect(row.flags.map((f) => f.code)).toEqual(row.year === 2018 ? ['ingest.unusual_change'] : [])
      expect(rows.find((r) => r.year === 2018)?.flags[0]?.messageEn).toContain('z = 25')
    })
  })
}
