/**
 * Open data on the bundled figures: per-indicator metadata (coverage hand-checked against data/observations), the
 * reporting status, the site search and its length limit, files that say what they hold (name, Chinese headings,
 * one row per cell with the preferred figure — the yearbook's 82.5 for Nanjing 2018, not the secondary 85.22 —
 * other vintages in their own file), no file for an indicator without data, published figures only, and the
 * "download all" archive unpacked with an independent zip reader (jszip).
 */
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { OpenDataCatalogueReply, ReportingStatusReply, SearchReply } from '../../src/contract/index.js'
import { buildServer } from '../../src/http/server.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { testServer, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

type ErrorBody = { error: { code: string; message: string; messageEn: string } }

/** A CSV body (with BOM) as rows of fields; the bundled notes hold quoted commas, so quotes are honoured. */
function parseCsv(body: string): string[][] {
  const text = body.replace(/^\ufeff/, '')
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''))
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  return rows
}

describe.each(STORES)('open data on $name', (store) => {
  let s: TestServer
  let catalogue: OpenDataCatalogueReply
  const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url, headers })
  beforeAll(async () => {
    s = await testServer(await store.fresh(), { data: true })
    const r = await get('/api/open-data/indicators')
    expect(r.statusCode, r.body).toBe(200)
    catalogue = r.json<OpenDataCatalogueReply>()
  }, 120_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })
  const meta = (id: string) => catalogue.indicators.find((m) => m.id === id)!

  it('gives every plan indicator a definition in both languages, and states the licence', () => {
    expect(catalogue.indicators.map((m) => m.id)).toEqual(s.ctx.plan.indicators.map((i) => i.id))
    for (const m of catalogue.indicators) {
      expect(m.definition?.length, m.id).toBeGreaterThan(5)
      expect(m.definitionEn?.length, m.id).toBeGreaterThan(10)
      // A Chinese definition in the English field (or the reverse) is what issue 14 found.
      expect(/[\u4e00-\u9fff]/.test(m.definition ?? ''), m.id).toBe(true)
    }
    expect(catalogue.licence.id).toBe('CC-BY-4.0')
    expect(catalogue.downloadAll).toBe('/api/open-data/all.zip')
  })

  it('counts coverage as data/observations has it (hukou urbanization rate, checked by hand)', () => {
    // data/observations: 无锡 2019 (renkou.org.cn); 2020 江苏省 (jiangsu.gov.cn, in two files: one cell),
    // 无锡 (hbzqbyyxgs news) and 扬州 (hbzqbyyxgs goomai). Nothing else.
    const m = meta('hukou_urbanization_rate')
    expect(m.coverage).toEqual([
      { year: 2019, regions: ['320200'] },
      { year: 2020, regions: ['320000', '320200', '321000'] },
    ])
    expect([m.cells, m.regions, m.firstYear, m.lastYear]).toEqual([4, 3, 2019, 2020])
    expect(m.method).toEqual({
      kind: 'derived',
      formula: '100 * hukou_urban_pop / hukou_pop',
      formulaText: '100 × 城镇户籍人口 ÷ 户籍人口',
      formulaTextEn: '100 × Registered (hukou) urban population ÷ Registered (hukou) population',
      aggregation: 'ratio',
    })
    expect(m.status).toBe('partial')
    expect(m.lastUpdated).toBe(FIXED_NOW.toISOString())
    const gov = m.sources.find((x) => x.source === 'https://www.jiangsu.gov.cn/art/2021/8/26/art_84419_10235320.html')
    expect(gov).toMatchObject({ grade: 'government', publisher: '江苏省人民政府', preferredFigures: 1, otherFigures: 0 })
    expect(m.sources.reduce((n, x) => n + x.preferredFigures, 0)).toBe(m.cells)
  })

  it('names the yearbook and the secondary source of Nanjing 2018 with their grades, the yearbook preferred', () => {
    const m = meta('urbanization_rate')
    const yb = m.sources.find((x) => x.source === 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm')!
    expect(yb).toMatchObject({ grade: 'yearbook', vintage: '2019', publisher: '江苏省统计局' })
    expect(yb.preferredFigures).toBeGreaterThan(0)
    expect(m.files?.vintages).toBe('/api/open-data/indicators/urbanization_rate/data.csv?vintages=true')
  })

  it('has no file for an indicator without published data, and says so in both languages', async () => {
    const m = meta('urbanization_gap')
    expect([m.status, m.files, m.cells, m.coverage]).toEqual(['none', null, 0, []])
    const r = await get('/api/open-data/indicators/urbanization_gap/data.csv')
    expect(r.statusCode).toBe(404)
    const e = r.json<ErrorBody>().error
    expect(e.code).toBe('opendata.no_data')
    expect(e.message).toContain('暂无已发布数据')
    expect(e.messageEn).toContain('No published figures for indicator urbanization_gap')
  })

  it('serves one indicator, and refuses an unknown one', async () => {
    const r = await get('/api/open-data/indicators/%E5%B8%B8%E4%BD%8F%E4%BA%BA%E5%8F%A3%E5%9F%8E%E9%95%87%E5%8C%96%E7%8E%87')
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json<{ indicator: { id: string } }>().indicator.id).toBe('urbanization_rate')
    const bad = await get('/api/open-data/indicators/no_such_thing')
    expect(bad.statusCode).toBe(422)
    expect(bad.json<ErrorBody>().error.code).toBe('indicator.unknown')
  })

  it('reports status per chapter, in the plan order, each indicator once', async () => {
    const r = await get('/api/open-data/status')
    expect(r.statusCode).toBe(200)
    const { chapters, expectedRegions } = r.json<ReportingStatusReply>()
    expect(expectedRegions).toHaveLength(14)
    const ids = chapters.flatMap((c) => c.indicators.map((i) => i.id))
    expect(ids.sort()).toEqual(catalogue.indicators.map((m) => m.id).sort())
    for (const c of chapters) {
      expect(c.complete + c.partial + c.none).toBe(c.indicators.length)
      for (const i of c.indicators) expect(i.status).toBe(meta(i.id).status)
    }
    const order = s.ctx.plan.chapters.map((c) => c.id)
    const named = chapters.filter((c) => c.chapter !== null).map((c) => order.indexOf(c.chapter!))
    expect(named).toEqual([...named].sort((a, b) => a - b))
    expect(chapters.at(-1)!.chapter).toBeNull()
    // Chapter 一 (section 一(一)) holds the urbanization rate, complete: the 2020 census year has every city.
    expect(chapters.find((c) => c.chapter === '一')!.indicators.find((i) => i.id === 'urbanization_rate')!.status).toBe('complete')
  })

  it('searches indicators, regions and targets, best match first', async () => {
    const nj = (await get(`/api/search?q=${encodeURIComponent('南京')}`)).json<SearchReply>()
    expect(nj.results[0]).toEqual({ type: 'region', id: '320100', name: '南京市', nameEn: 'Nanjing', link: '#/region/320100' })
    const rate = (await get(`/api/search?q=${encodeURIComponent('城镇化率')}`)).json<SearchReply>()
    expect(rate.results.map((h) => `${h.type}:${h.id}`)).toEqual(expect.arrayContaining(['indicator:urbanization_rate', 'target:urbanization-2025']))
    expect(rate.results.find((h) => h.id === 'urbanization_rate')!.link).toBe('#/opendata/indicator/urbanization_rate')
    // By definition text only: "PM2.5" appears in pm25_annual_mean's name; "fine particulate" only in its definition.
    const def = (await get('/api/search?q=fine%20particulate')).json<SearchReply>()
    expect(def.results.map((h) => h.id)).toEqual(['pm25_annual_mean'])
    const code = (await get('/api/search?q=320100')).json<SearchReply>()
    expect(code.results[0]!.id).toBe('320100')
    expect((await get('/api/search?q=%20')).json<SearchReply>().results).toEqual([])
  })

  it('refuses an over-long search with a message naming the field in both languages', async () => {
    const r = await get(`/api/search?q=${'城'.repeat(101)}`)
    expect(r.statusCode).toBe(400)
    const e = r.json<ErrorBody>().error
    expect(e).toEqual(
      expect.objectContaining({
        code: 'search.query_too_long',
        message: '搜索词（q）过长：101 个字符，最多 100 个',
        messageEn: 'The search text (q) is too long: 101 characters, at most 100',
      }),
    )
    expect((await get(`/api/search?q=${'城'.repeat(100)}`)).statusCode).toBe(200)
  })

  it('names a file after what it holds, with Chinese headings by default and English with lang=en', async () => {
    const zh = await get('/api/open-data/indicators/urbanization_rate/data.csv?region=%E5%8D%97%E4%BA%AC')
    expect(zh.statusCode, zh.body).toBe(200)
    const nanjingYears = parseCsv(zh.body)
      .slice(1)
      .map((r) => Number(r[4]))
    const span = `${Math.min(...nanjingYears)}-${Math.max(...nanjingYears)}`
    expect(zh.headers['content-disposition']).toBe(`attachment; filename="urbmon-urbanization_rate-320100-${span}.csv"`)
    expect(parseCsv(zh.body)[0]).toEqual(['指标代码', '指标名称', '地区代码', '地区名称', '年份', '数值', '单位', '来源', '来源等级', '来源版本', '发布时间', '备注'])
    const en = await get('/api/open-data/indicators/urbanization_rate/data.csv?region=320100&year=2017-2018&lang=en')
    expect(en.headers['content-disposition']).toBe('attachment; filename="urbmon-urbanization_rate-320100-2017-2018-en.csv"')
    const rows = parseCsv(en.body)
    expect(rows[0]).toEqual(['indicator', 'indicator_name', 'region', 'region_name', 'year', 'value', 'unit', 'source', 'source_grade', 'source_vintage', 'published_at', 'note'])
    expect(rows.slice(1).map((r) => [r[3], r[4], r[5], r[8], r[9]])).toEqual([
      ['Nanjing', '2017', '82.3', 'statistical yearbook', '2019'],
      ['Nanjing', '2018', '82.5', 'statistical yearbook', '2019'],
    ])
  })

  it('gives one row per cell with the preferred figure; the other vintages in their own file', async () => {
    const all = await get('/api/open-data/indicators/urbanization_rate/data.csv')
    expect(all.headers['content-disposition']).toMatch(/^attachment; filename="urbmon-urbanization_rate-all-\d{4}-\d{4}\.csv"$/)
    const rows = parseCsv(all.body).slice(1)
    const keys = rows.map((r) => `${r[0]}|${r[2]}|${r[4]}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(rows.length).toBe(meta('urbanization_rate').cells)
    const nj2018 = rows.filter((r) => r[2] === '320100' && r[4] === '2018')
    expect(nj2018.map((r) => [r[5], r[7], r[8]])).toEqual([['82.5', 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm', '统计年鉴']])

    const v = await get('/api/open-data/indicators/urbanization_rate/data.csv?vintages=true&region=320100&year=2018')
    expect(v.headers['content-disposition']).toBe('attachment; filename="urbmon-urbanization_rate-320100-2018-vintages.csv"')
    const vr = parseCsv(v.body)
    expect(vr[0]!.at(-1)).toBe('是否采用')
    expect(vr.slice(1).map((r) => [r[5], r[8], r.at(-1)])).toEqual([
      ['82.5', '统计年鉴', '是'],
      ['85.22', '二手资料', '否'],
    ])
  })

  it('shows published figures only, signed in or not', async () => {
    const reporter = await s.login('nanjing')
    const put = await reporter.req('PUT', '/api/observations/metro_km/320100/2024', { value: 500 })
    expect(put.statusCode, put.body).toBe(200)
    for (const headers of [{}, { cookie: reporter.cookie }]) {
      const r = await get('/api/open-data/indicators/metro_km/data.csv?region=320100', headers)
      expect(parseCsv(r.body).some((row) => row[4] === '2024')).toBe(false)
      const m = (await get('/api/open-data/indicators/metro_km', headers)).json<{ indicator: { coverage: Array<{ year: number }> } }>()
      expect(m.indicator.coverage.map((c) => c.year)).not.toContain(2024)
    }
  })

  it('downloads everything as one ZIP: a CSV per indicator with data, metadata and a README with the licence', async () => {
    const r = await get('/api/open-data/all.zip')
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toBe('application/zip')
    expect(r.headers['content-disposition']).toBe('attachment; filename="urbmon-open-data-2026-01-01.zip"')
    const zip = await JSZip.loadAsync(r.rawPayload)
    const names = Object.keys(zip.files)
    const withData = catalogue.indicators.filter((m) => m.files !== null)
    const dataFiles = names.filter((n) => n.startsWith('data/'))
    expect(dataFiles).toHaveLength(withData.length)
    for (const m of withData)
      expect(
        dataFiles.some((n) => n.startsWith(`data/urbmon-${m.id}-all-`)),
        m.id,
      ).toBe(true)
    expect(names).toEqual(expect.arrayContaining(['metadata.csv', 'metadata.json', 'README.txt']))
    const readme = await zip.file('README.txt')!.async('string')
    expect(readme).toContain('CC BY 4.0')
    expect(readme).toContain('https://creativecommons.org/licenses/by/4.0/')
    const metadata = JSON.parse(await zip.file('metadata.json')!.async('string')) as { indicators: unknown[] }
    expect(metadata.indicators).toHaveLength(catalogue.indicators.length)
    const metaCsv = parseCsv(await zip.file('metadata.csv')!.async('string'))
    expect(metaCsv).toHaveLength(catalogue.indicators.length + 1)
    // The archive's file is the indicator's download, byte for byte.
    const single = await get('/api/open-data/indicators/urbanization_rate/data.csv')
    const inZip = dataFiles.find((n) => n.startsWith('data/urbmon-urbanization_rate-all-'))!
    expect(inZip).toBe(`data/${/filename="([^"]+)"/.exec(String(single.headers['content-disposition']))![1]}`)
    expect(await zip.file(inZip)!.async('string')).toBe(single.body)
    expect(names.some((n) => n.startsWith('vintages/urbmon-urbanization_rate-all-'))).toBe(true)
    // Unchanged data: a client holding the archive (or a file) gets 304.
    for (const [url, etag] of [
      ['/api/open-data/all.zip', r.headers.etag],
      ['/api/open-data/indicators/urbanization_rate/data.csv', single.headers.etag],
    ] as const) {
      expect(etag).toMatch(/^"[\w-]{27}"$/)
      expect((await get(url, { 'if-none-match': String(etag) })).statusCode).toBe(304)
    }
  })

  it('names the general export after its filter too', async () => {
    const cases: Array<[string, string]> = [
      [
        'format=csv&indicator=%E5%B8%B8%E4%BD%8F%E4%BA%BA%E5%8F%A3%E5%9F%8E%E9%95%87%E5%8C%96%E7%8E%87&region=%E5%8D%97%E4%BA%AC&year=2015-2020',
        'urbmon-urbanization_rate-320100-2015-2020.csv',
      ],
      ['format=json&indicator=gdp&year=2021', 'urbmon-gdp-all-2021.json'],
      ['format=csv', 'urbmon-all-all-all.csv'],
    ]
    for (const [query, name] of cases) {
      const r = await get(`/api/export?${query}`)
      expect(r.statusCode, r.body).toBe(200)
      expect(r.headers['content-disposition']).toBe(`attachment; filename="${name}"`)
    }
  })

  it('states the publisher and contact the operator configured, on the API and in the archive', async () => {
    const app = await buildServer({
      ctx: s.ctx,
      now: () => FIXED_NOW,
      openData: { publisher: '江苏省统计局', publisherEn: 'Jiangsu Provincial Bureau of Statistics', contact: 'opendata@example.org' },
    })
    try {
      const r = await app.inject({ method: 'GET', url: '/api/open-data/indicators/gdp' })
      expect(r.json<{ publisher: string; publisherEn: string; contact: string }>()).toMatchObject({
        publisher: '江苏省统计局',
        publisherEn: 'Jiangsu Provincial Bureau of Statistics',
        contact: 'opendata@example.org',
      })
      const zip = await JSZip.loadAsync((await app.inject({ method: 'GET', url: '/api/open-data/all.zip' })).rawPayload)
      const readme = await zip.file('README.txt')!.async('string')
      expect(readme).toContain('发布机构：江苏省统计局')
      expect(readme).toContain('Contact: opendata@example.org')
    } finally {
      await app.close()
    }
    expect(catalogue).toMatchObject({ publisher: null, publisherEn: null, contact: null })
  })
})
