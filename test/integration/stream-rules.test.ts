/**
 * Every check the streamed importer makes still refuses a file when the file is streamed — parsed and validated
 * in the worker thread while the importing thread writes, and in the importing thread when no worker starts —
 * with the same report as reading the file whole. Each file is larger than the (lowered) stream threshold and
 * spans several chunks, with the bad rows after the first chunks were written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { openContext, type Context } from '../../src/app/context.js'
import { importFiles, type ImportOptions, type ImportReport } from '../../src/app/import-files.js'
import { inThreadSource, workerSource } from '../../src/app/stream-parse-thread.js'
import { isStreamable } from '../../src/app/stream-import.js'
import type { ErrorCode } from '../../src/core/errors.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { freshStore } from '../helpers/templates.js'

const MIN_BYTES = 256 * 1024
const base: ImportOptions = { by: 'tester', at: FIXED_NOW.toISOString(), status: 'published' }
const WAYS: ReadonlyArray<{ name: string; options: ImportOptions }> = [
  { name: 'worker thread', options: { ...base, streamMinBytes: MIN_BYTES } },
  { name: 'importing thread', options: { ...base, streamMinBytes: MIN_BYTES, parseInThread: true } },
]
const WHOLE: ImportOptions = { ...base, streamMinBytes: Number.POSITIVE_INFINITY }

const HEADER = 'indicator,region,year,value,unit,source,confidence'
/** 25,000 valid cells (three chunks), about 1.4 MB: distinct cells of one city through their sources. */
const GOOD = Array.from({ length: 25_000 }, (_, i) => `resident_pop,南京市,${1990 + (i % 35)},${(900 + i / 1000).toFixed(3)},万人,source ${Math.floor(i / 35)},high`)
const FIRST_BAD_ROW = GOOD.length + 2
const PREFECTURES = ['南京市', '无锡市', '徐州市', '常州市', '苏州市', '南通市', '连云港市', '淮安市', '盐城市', '扬州市', '镇江市', '泰州市', '宿迁市']

const dir = mkdtempSync(join(tmpdir(), 'urbmon-stream-rules-'))
const contexts: Context[] = []
afterAll(async () => {
  for (const c of contexts) await c.close()
})

async function fresh(): Promise<Context> {
  const ctx = await openContext({ kind: 'sqlite', file: await freshStore() })
  contexts.push(ctx)
  return ctx
}

function shape(report: ImportReport) {
  return report.files.map((f) => ({
    observations: f.observations,
    written: f.written,
    problems: [...f.errors, ...f.warnings].map((p) => `${p.severity} ${p.code} ${JSON.stringify(p.location)} ${JSON.stringify(p.params)}`).sort(),
  }))
}

/** label, rows after the good ones, the error expected, its row and column. */
const CASES: ReadonlyArray<readonly [string, ReadonlyArray<string>, ErrorCode, number, string]> = [
  ['unknown indicator', ['gpd,南京市,2020,1,亿元,late,high'], 'ingest.unknown_indicator', FIRST_BAD_ROW, 'A'],
  ['unknown region', ['gdp,南京县,2020,1,亿元,late,high'], 'ingest.unknown_region', FIRST_BAD_ROW, 'B'],
  ['ambiguous region', ['gdp,鼓楼区,2020,1,亿元,late,high'], 'ingest.ambiguous_region', FIRST_BAD_ROW, 'B'],
  ['bad year', ['gdp,南京市,二〇二〇,1,亿元,late,high'], 'ingest.bad_year', FIRST_BAD_ROW, 'C'],
  ['value that is not a number', ['gdp,南京市,2020,n/a1,亿元,late,high'], 'ingest.not_numeric', FIRST_BAD_ROW, 'D'],
  ['unit that does not convert', ['gdp,南京市,2020,1,万人,late,high'], 'ingest.unknown_unit', FIRST_BAD_ROW, 'D'],
  ['value out of range', ['urbanization_rate,南京市,2020,101.5,%,late,high'], 'ingest.out_of_range', FIRST_BAD_ROW, 'D'],
  ['confidence that is no grade', ['gdp,南京市,2020,1,亿元,late,sure'], 'ingest.bad_confidence', FIRST_BAD_ROW, 'G'],
  // The first good row again with another value: the grid's first cell, 25,000 rows back.
  ['cell given twice with two values', ['resident_pop,南京市,1990,999,万人,source 0,high'], 'ingest.duplicate_conflict', FIRST_BAD_ROW, 'D'],
  [
    'consistency rule (urban above resident population)',
    ['resident_pop,南京市,2020,900,万人,late,high', 'urban_pop,南京市,2020,950,万人,late,high'],
    'ingest.rule_failed',
    FIRST_BAD_ROW + 1,
    'D',
  ],
  [
    'summary against its members (province ≠ sum of its prefectures)',
    [...PREFECTURES.map((c) => `resident_pop,${c},2020,100,万人,late,high`), 'resident_pop,江苏省,2020,1000,万人,late,high'],
    'ingest.summary_mismatch',
    FIRST_BAD_ROW + PREFECTURES.length,
    'D',
  ],
  ['file that cannot be read to its end (unbalanced quote)', ['gdp,南京市,2020,"1,亿元,late,high', 'gdp,南京市,2021,1,亿元,late,high'], 'ingest.stream_failed', FIRST_BAD_ROW, ''],
]

describe.each(WAYS)('streamed import parsed in the $name', ({ options }) => {
  it.each(CASES)('refuses a %s, writing nothing, as the whole-file import does', async (label, bad, code, row, column) => {
    const file = join(dir, `${label.replace(/\W+/g, '-')}.csv`)
    writeFileSync(file, [HEADER, ...GOOD, ...bad].join('\n'))
    expect(isStreamable(file, {}, MIN_BYTES)).toBe(true)
    const ctx = await fresh()
    const report = await importFiles(ctx, [file], options)
    expect(report.ok).toBe(false)
    const f = report.files[0]!
    expect(f.written).toBeUndefined()
    const found = f.errors.find((p) => p.code === code)
    expect(found, JSON.stringify(f.errors.slice(0, 3))).toBeDefined()
    // A read failure names the row reading stopped at (the parser's, not the file's); the rest their cell.
    if (code === 'ingest.stream_failed') expect(found!.location.file).toBe(f.file)
    else expect(found!.location).toEqual({ file: f.file, row, column })
    expect(await ctx.observations.count()).toEqual({ observations: 0, revisions: 0, imports: 0 })
    // The same report as reading the file whole (a read failure aside: the whole-file reader refuses the file
    // before validating it, so its report names only that).
    if (code === 'ingest.stream_failed') return
    const whole = await importFiles(await fresh(), [file], WHOLE)
    expect(shape(report)).toEqual(shape(whole))
  })
})

describe('where a streamed file is parsed', () => {
  it('in the worker, the same chunks and checks as in the importing thread; no worker if it cannot start', async () => {
    const ctx = await fresh()
    const file = join(dir, 'both-ways.csv')
    writeFileSync(file, [HEADER, ...GOOD, 'resident_pop,南京市,1990,999,万人,source 0,high'].join('\n'))
    const options = { path: file, file: 'both-ways.csv', defaults: {}, plan: ctx.plan, indicators: ctx.indicators, regions: ctx.regions, defaultSource: 'both-ways.csv' }
    const read = async (source: Awaited<ReturnType<typeof workerSource>>) => {
      const chunks = []
      for await (const c of source!.chunks()) chunks.push(c)
      return { encoding: source!.encoding, chunks, checks: await source!.crossChecks() }
    }
    const worker = await workerSource(options)
    expect(worker).toBeDefined()
    const inWorker = await read(worker)
    expect(inWorker.chunks.map((c) => c.rows)).toEqual([10_000, 10_000, 5_001])
    expect(inWorker).toEqual(await read(inThreadSource(options)))
    // A plan that cannot be handed to a thread (a function in it): no worker, and the importer reads in-thread.
    expect(await workerSource({ ...options, plan: { ...ctx.plan, cannotClone: () => 1 } as never })).toBeUndefined()
  })
})
