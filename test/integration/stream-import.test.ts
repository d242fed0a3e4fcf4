/**
 * Large long-layout CSV files are streamed (validated chunk by chunk inside one transaction); the rest are read
 * whole. The reference for the streamed path is the whole-file path: the same files imported both ways, in the
 * same order, must give the same report and leave the same observations and revisions behind.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'

import { openContext, type Context } from '../../src/app/context.js'
import { importFiles, type ImportOptions, type ImportReport } from '../../src/app/import-files.js'
import { cli, FIXED_NOW } from '../helpers/cli.js'
import { cliTarget, dropFreshStores, STORES } from '../helpers/stores.js'
import { copyTemplate } from '../helpers/templates.js'

const BUNDLED = ['jiangsu-province-series.csv', 'jiangsu-published-figures.csv', 'jiangsu-cities-2021-2022.csv'].map((f) => join('data/observations', f))
const ASIDE = readdirSync('test/fixtures/aside')
  .filter((f) => /\.(csv|txt)$/.test(f))
  .map((f) => join('test/fixtures/aside', f))

afterAll(dropFreshStores)

const base: ImportOptions = { by: 'tester', at: FIXED_NOW.toISOString(), status: 'published' }
const WHOLE: ImportOptions = { ...base, streamMinBytes: Number.POSITIVE_INFINITY }
const STREAMED: ImportOptions = { ...base, streamMinBytes: 0 }

async function freshContext(store: (typeof STORES)[number]): Promise<Context> {
  const target = await store.fresh()
  if (target.kind === 'sqlite') {
    await copyTemplate('empty', target.file)
  } else {
    const { args, env } = cliTarget(target)
    const r = await cli([...args, 'init', '--no-data'], env)
    if (r.code !== 0) throw new Error(r.err)
  }
  return openContext(target)
}

/** A report without what legitimately differs (nothing should): problems sorted by row and code. */
function shape(report: ImportReport) {
  return report.files.map((f) => ({
    file: f.file,
    observations: f.observations,
    written: f.written ? { created: f.written.created, updated: f.written.updated, unchanged: f.written.unchanged } : undefined,
    problems: [...f.errors, ...f.warnings].map((p) => `${p.severity} ${p.code} ${p.location.row ?? ''}${p.location.column ?? ''} ${JSON.stringify(p.params)}`).sort(),
  }))
}

/** Every observation and every revision of each cell, through the repositories, in an order both stores share. */
async function storeState(ctx: Context) {
  const order = (x: { indicator: string; region: string; period: string; source: string }) => [x.indicator, x.region, x.period, x.source].join('\u0000')
  const observations = (await ctx.observations.find({}))
    .map((o) => ({
      indicator: o.indicator,
      region: o.region,
      period: o.period,
      year: o.year,
      source: o.source,
      value: o.value,
      valueText: o.valueText,
      unit: o.unit,
      rawValue: o.rawValue,
      note: o.note,
      status: o.status,
      version: o.version,
      publishedValue: o.publishedValue,
    }))
    .sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0))
  const cells = [...new Map(observations.map((o) => [`${o.indicator}\u0000${o.region}\u0000${o.period}`, o])).values()]
  const revisions = []
  for (const c of cells) {
    for (const r of await ctx.observations.history(c.indicator, c.region, c.period)) {
      revisions.push({
        indicator: c.indicator,
        region: c.region,
        period: c.period,
        source: r.source,
        version: r.version,
        action: r.action,
        value: r.value,
        valueText: r.valueText,
        previousValue: r.previousValue,
        note: r.note,
        origin: r.origin,
      })
    }
  }
  return { observations, revisions }
}

describe.each(STORES)('streamed import on $name', (store) => {
  it('gives the same reports and leaves the same data as reading whole, file after file', async () => {
    const whole = await freshContext(store)
    const streamed = await freshContext(store)
    try {
      for (const file of [...BUNDLED, ...ASIDE]) {
        const a = await importFiles(whole, [file], WHOLE)
        const b = await importFiles(streamed, [file], STREAMED)
        expect(shape(b), file).toEqual(shape(a))
      }
      // A second vintage of values already stored: updates and revision warnings, both ways.
      const dir = mkdtempSync(join(tmpdir(), 'urbmon-stream-'))
      const revised = join(dir, 'revised.csv')
      writeFileSync(
        revised,
        'indicator,region,year,value,unit,source\nurbanization_rate,南京市,2021,87.0,%,https://m.news.shi-fen.com/china/202202/50-1225017.html\nurbanization_rate,南京市,2020,86.8,%,new bulletin\n',
      )
      const a = await importFiles(whole, [revised], WHOLE)
      const b = await importFiles(streamed, [revised], STREAMED)
      expect(a.files[0]!.written).toMatchObject({ created: 1, updated: 1 })
      expect(shape(b)).toEqual(shape(a))
      expect(await storeState(streamed)).toEqual(await storeState(whole))
      expect((await storeState(whole)).observations.length).toBeGreaterThan(400)
    } finally {
      await whole.close()
      await streamed.close()
    }
  })

  it('writes nothing when an error turns up after rows were written, and lists the first problems of each kind', async () => {
    const ctx = await freshContext(store)
    try {
      const dir = mkdtempSync(join(tmpdir(), 'urbmon-stream-'))
      const file = join(dir, 'late-errors.csv')
      const good = Array.from({ length: 25_000 }, (_, i) => `resident_pop,南京市,${1990 + (i % 35)},${(900 + i / 1000).toFixed(3)},万人,source ${Math.floor(i / 35)}`)
      const bad = Array.from({ length: 130 }, (_, i) => `resident_pop,南京市,${2000 + (i % 20)},not a number,万人,late`)
      writeFileSync(file, ['indicator,region,year,value,unit,source', ...good, ...bad].join('\n'))
      const report = await importFiles(ctx, [file], STREAMED)
      expect(report.ok).toBe(false)
      const f = report.files[0]!
      expect(f.written).toBeUndefined()
      expect(f.errors.filter((p) => p.code === 'ingest.not_numeric')).toHaveLength(100)
      expect(f.errors.find((p) => p.code === 'ingest.more_problems')?.params).toMatchObject({ code: 'ingest.not_numeric', count: 30 })
      expect(f.errors[0]!.location).toMatchObject({ file: 'late-errors.csv', row: 25_002, column: 'D' })
      expect(await ctx.observations.count()).toEqual({ observations: 0, revisions: 0, imports: 0 })
    } finally {
      await ctx.close()
    }
  })

  it('reads encodings as the whole-file reader does: Windows-1252 kept, a bad byte past the head stops it, no encoding refused', async () => {
    const ctx = await freshContext(store)
    try {
      const dir = mkdtempSync(join(tmpdir(), 'urbmon-stream-'))
      const header = 'indicator,region,year,value,unit,source'
      const latin = join(dir, 'latin.csv')
      // No unit column: 万人 has no Latin-1 form (the indicator's unit is taken).
      writeFileSync(latin, iconv.encode(['indicator,region,year,value,source', 'resident_pop,320100,2020,931.47,Genève bulletin'].join('\n'), 'latin1'))
      const l = await importFiles(ctx, [latin], STREAMED)
      expect(l.files[0]?.errors ?? []).toEqual([])
      expect(l.ok).toBe(true)
      expect(l.files[0]?.encoding).toBe('windows-1252')
      expect((await ctx.observations.find({})).map((o) => o.source)).toEqual(['Genève bulletin'])

      // Valid GB18030 for the first 64 KiB the encoding is judged on, then a lead byte without its trail.
      const gbk = join(dir, 'gbk.csv')
      const rows = Array.from({ length: 3000 }, (_, i) => `resident_pop,南京市,${1990 + (i % 35)},${900 + i},万人,统计公报 ${i}`)
      writeFileSync(
        gbk,
        Buffer.concat([
          iconv.encode([header, ...rows].join('\n') + '\n', 'gbk'),
          Buffer.from('resident_pop,320100,2019,1,'),
          Buffer.from([0xb9, 0xab, 0x81, 0x20]),
          Buffer.from(',x\n'),
        ]),
      )
      const g = await importFiles(ctx, [gbk], STREAMED)
      expect(g.ok).toBe(false)
      expect(g.files[0]?.encoding).toBe('gb18030')
      expect(g.files[0]?.errors.map((p) => p.code)).toContain('ingest.stream_failed')

      // 0x81 then a space: not UTF-8, not GB18030, undefined in Windows-1252 — refused, never stored garbled.
      const odd = join(dir, 'odd.csv')
      writeFileSync(odd, Buffer.concat([Buffer.from(`${header}\nresident_pop,320100,2018,1,万人,`), Buffer.from([0x81, 0x20, 0x41]), Buffer.from('\n')]))
      const o = await importFiles(ctx, [odd], STREAMED)
      expect(o.ok).toBe(false)
      expect(o.files[0]?.errors.map((p) => p.code)).toEqual(['ingest.bad_encoding'])
      expect((await ctx.observations.count()).observations).toBe(1)
    } finally {
      await ctx.close()
    }
  })

  it('several files stream as one import, and nothing is written if any file is wrong', async () => {
    const ctx = await freshContext(store)
    try {
      const dir = mkdtempSync(join(tmpdir(), 'urbmon-stream-'))
      const big = join(dir, 'big.csv')
      writeFileSync(big, 'indicator,region,year,value\nresident_pop,南京市,2020,931.47\nresident_pop,无锡市,2020,-5\n')
      const report = await importFiles(ctx, [BUNDLED[0]!, big], STREAMED)
      expect(report.ok).toBe(false)
      expect(report.files.map((f) => [f.file, f.errors.map((p) => p.code)])).toEqual([
        ['jiangsu-province-series.csv', []],
        ['big.csv', ['ingest.out_of_range']],
      ])
      expect(await ctx.observations.count()).toEqual({ observations: 0, revisions: 0, imports: 0 })
      writeFileSync(big, 'indicator,region,year,value\nresident_pop,南京市,2020,931.47\n')
      const ok = await importFiles(ctx, [BUNDLED[0]!, big], STREAMED)
      expect(ok.files.map((f) => f.written?.created)).toEqual([expect.any(Number), 1])
      // Files delivered together are one import.
      expect(new Set(ok.files.map((f) => f.written?.importId)).size).toBe(1)
      expect((await ctx.observations.count()).imports).toBe(1)
      // Beside a workbook (read whole): the streamed file is validated first, then both are written.
      writeFileSync(big, 'indicator,region,year,value\nresident_pop,南京市,2019,850.0\n')
      const mixed = await importFiles(ctx, ['test/fixtures/aside/population-wide-persons.xlsx', big], STREAMED)
      expect(mixed.ok, JSON.stringify(mixed.files.map((f) => f.errors))).toBe(true)
      expect(mixed.files.map((f) => f.file)).toEqual(['population-wide-persons.xlsx', 'big.csv'])
      expect(mixed.files[1]!.written).toMatchObject({ created: 1 })
    } finally {
      await ctx.close()
    }
  })
})
