/**
 * The replies the dashboard's pages read carry each figure's source grade, vintage and confidence: observations by
 * indicator (indicator page, map) and by region (region page), a cell's history (history dialog), the review queue
 * (data page), the sources list (sources page: confidence counts and host) and the coverage list (the map's
 * indicator list), plus `urbmon history --json`. Expected values are counted here from other replies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { cli } from '../helpers/cli.js'
import { multipart, testServer, type Session, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { bundledStore } from '../helpers/templates.js'

const YB = 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm'
const GRADES = ['yearbook', 'bulletin', 'government', 'news', 'secondary', 'unrated']

interface Obs {
  indicator: string
  region: string
  year: number
  value: number
  source: string
  preferred: boolean
  status: string
  sourceGrade: string
  sourceVintage: string | null
  confidence: string | null
}

function expectQuality(rows: ReadonlyArray<Record<string, unknown>>): void {
  expect(rows.length).toBeGreaterThan(0)
  for (const r of rows) {
    expect(GRADES).toContain(r.sourceGrade)
    expect(r).toHaveProperty('sourceVintage')
    expect(r).toHaveProperty('confidence')
  }
}

describe('grade fields in the replies the pages use', () => {
  let s: TestServer
  let admin: Session
  let reviewer: Session
  beforeAll(async () => {
    s = await testServer(await STORES[0]!.fresh(), { data: true })
    admin = await s.login('admin1')
    reviewer = await s.login('reviewer1')
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('observations by indicator: Nanjing 2018 shows the yearbook figure (82.5, vintage 2019), the secondary 85.22 is the other source', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/observations?indicator=urbanization_rate' })
    expect(r.statusCode).toBe(200)
    const rows = r.json<Obs[]>()
    expectQuality(rows as unknown as Array<Record<string, unknown>>)
    const cell = rows.filter((o) => o.region === '320100' && o.year === 2018)
    expect(cell.map((o) => [o.value, o.preferred, o.sourceGrade]).sort()).toEqual([
      [82.5, true, 'yearbook'],
      [85.22, false, 'secondary'],
    ])
    const shown = cell.find((o) => o.preferred)!
    expect(shown.source).toBe(YB)
    expect(shown.sourceVintage).toBe('2019')
    expect(shown.confidence).toBe('high')
  })

  it('observations by region, as the region page asks', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/observations?region=320100' })
    expect(r.statusCode).toBe(200)
    expectQuality(r.json())
  })

  it('history of a cell: every revision with its grade', async () => {
    const r = await reviewer.req('GET', '/api/history?indicator=urbanization_rate&region=320100&year=2018')
    expect(r.statusCode, r.body).toBe(200)
    const revisions = r.json<{ revisions: Obs[] }>().revisions
    expectQuality(revisions as unknown as Array<Record<string, unknown>>)
    expect(revisions.find((x) => x.source === YB)?.sourceGrade).toBe('yearbook')
    expect(revisions.find((x) => x.source !== YB)?.sourceGrade).toBe('secondary')
  })

  it('the review queue: a submitted yearbook figure carries the yearbook grade, vintage and its confidence', async () => {
    const m = multipart('q.csv', `indicator,region,year,value,unit,source,confidence\nurbanization_rate,南京市,2019,83.3,%,${YB},medium\n`, { status: 'submitted' })
    const imp = await admin.req('POST', '/api/imports', m.payload, m.headers)
    expect(imp.statusCode, imp.body).toBe(201)
    const q = await reviewer.req('GET', '/api/review/queue')
    expect(q.statusCode, q.body).toBe(200)
    const items = q.json<Obs[]>()
    const item = items.find((i) => i.region === '320100' && i.year === 2019 && i.source === YB)
    expect(item).toMatchObject({ sourceGrade: 'yearbook', sourceVintage: '2019', confidence: 'medium' })
    expectQuality(items as unknown as Array<Record<string, unknown>>)
  })

  it('the sources list: confidence counts add up to the figures, counted again from the observations; the host is the address’s', async () => {
    const list = (await s.app.inject({ method: 'GET', url: '/api/sources' })).json<
      Array<{ source: string; grade: string; figures: number; host: string | null; confidence: Record<'high' | 'medium' | 'low' | 'none', number> }>
    >()
    const all = (await admin.req('GET', '/api/observations')).json<Obs[]>()
    for (const e of list) {
      const mine = all.filter((o) => o.source === e.source)
      expect(e.figures, e.source).toBe(mine.length)
      expect(e.confidence, e.source).toEqual({
        high: mine.filter((o) => o.confidence === 'high').length,
        medium: mine.filter((o) => o.confidence === 'medium').length,
        low: mine.filter((o) => o.confidence === 'low').length,
        none: mine.filter((o) => o.confidence === null).length,
      })
    }
    const yb = list.find((e) => e.source === YB)!
    expect(yb).toMatchObject({ grade: 'yearbook', host: 'tj.jiangsu.gov.cn' })
    expect(list.find((e) => !/^https?:/.test(e.source))?.host ?? null).toBeNull()
  })

  it('coverage: each indicator’s published figures, regions and years; zero for an indicator without data', async () => {
    const cov = (await s.app.inject({ method: 'GET', url: '/api/coverage' })).json<
      Array<{ indicator: string; figures: number; regions: number; firstYear: number | null; lastYear: number | null }>
    >()
    const published = (await s.app.inject({ method: 'GET', url: '/api/observations' })).json<Obs[]>()
    expect(cov.length).toBe(s.ctx.plan.indicators.length)
    for (const c of cov) {
      const mine = published.filter((o) => o.indicator === c.indicator)
      expect(c.figures, c.indicator).toBe(mine.length)
      expect(c.regions, c.indicator).toBe(new Set(mine.map((o) => o.region)).size)
      expect(c.firstYear, c.indicator).toBe(mine.length ? Math.min(...mine.map((o) => o.year)) : null)
      expect(c.lastYear, c.indicator).toBe(mine.length ? Math.max(...mine.map((o) => o.year)) : null)
    }
    expect(cov.some((c) => c.figures === 0)).toBe(true)
    expect(cov.find((c) => c.indicator === 'urbanization_rate')!.figures).toBeGreaterThan(50)
  })
})

describe('urbmon history --json', () => {
  it('gives each revision’s grade, vintage and confidence', async () => {
    const db = await bundledStore()
    const r = await cli(['--db', db, 'history', '--indicator', 'urbanization_rate', '--region', '南京市', '--year', '2018', '--json'])
    expect(r.code, r.err).toBe(0)
    const revisions = (JSON.parse(r.out) as { revisions: Array<Record<string, unknown>> }).revisions
    expectQuality(revisions)
    expect(revisions.find((x) => x.source === YB)).toMatchObject({ sourceGrade: 'yearbook', sourceVintage: '2019', confidence: 'high' })
  })
})
