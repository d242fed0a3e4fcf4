/**
 * The analytical copy, measured on a store that holds data: `node --import tsx bench/copy-step.ts --db FILE`.
 *  1. a full rebuild of both views' copies from SQLite (what the end of a first import costs, and the former cold read);
 *  2. a patch after one single-value write (a cell revised, then revised back, so the store's values end as they were);
 *  3. the same columns (the current view) written and read as our file and as Apache Arrow IPC (apache-arrow,
 *     dictionary-encoded strings, one record batch), and loaded into DuckDB through its appender and read back
 *     into JavaScript columns — the question whether a maintained format or an embedded analytical replica pays off.
 * Prints one JSON line.
 * @module
 */
import { rmSync, statSync, writeFileSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

import { DuckDBInstance } from '@duckdb/node-api'
import { Dictionary, Int32, makeData, makeVector, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow'

import { COPY_VIEWS, copyFile, refreshColumnCopies, snapshotPath } from '../src/app/column-snapshot.js'
import { openContext } from '../src/app/context.js'
import { storeTarget } from '../src/app/paths.js'
import { loadColumnsCached } from '../src/app/recompute.js'
import type { PublishedColumns } from '../src/monitoring/index.js'

const argv = process.argv.slice(2)
const db = argv[argv.indexOf('--db') + 1]
const skipDuck = argv.includes('--no-duckdb')
if (!db) throw new Error('usage: copy-step.ts --db FILE')
const ctx = await openContext(storeTarget({ db }, process.env))
const out: Record<string, unknown> = {}
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20)
const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now()
  const r = await f()
  return [r, Math.round(performance.now() - t0)]
}

try {
  // 1. Full rebuild, both views in one pass over SQLite.
  for (const v of COPY_VIEWS) rmSync(snapshotPath(ctx, v) ?? '', { force: true })
  const [use, rebuildMs] = await time(() => refreshColumnCopies(ctx))
  out.rebuild = { use, ms: rebuildMs, rssMB: rss() }
  const [{ columns, copy }, readMs] = await time(() => loadColumnsCached(ctx))
  out.readCopy = { copy, ms: readMs, rows: columns.length, bytes: statSync(snapshotPath(ctx, 'current') ?? '').size }

  // 2. One write, patched in; then written back.
  const cell = (await ctx.observations.find({ years: [2020] })).find((o) => o.status === 'published' || o.status === 'draft')
  if (cell) {
    const stamp = { by: 'bench', at: new Date().toISOString(), origin: 'bench' }
    const input = { ...cell, valueText: String(cell.value + 1), value: cell.value + 1, note: cell.note, version: cell.version }
    const w = await ctx.observations.writeDraft(input, stamp)
    const [patchUse, patchMs] = await time(() => refreshColumnCopies(ctx))
    await ctx.observations.writeDraft({ ...input, value: cell.value, valueText: cell.valueText, version: w.version }, stamp)
    const [, patchBackMs] = await time(() => refreshColumnCopies(ctx))
    out.patchAfterOneWrite = { use: patchUse, ms: patchMs, again: patchBackMs }
  }

  // 3. Formats: ours against Arrow IPC, same arrays.
  const tmp = `${db}.format-bench`
  const [, oursWriteMs] = await time(() => copyFile.write(`${tmp}.ours`, columns))
  const [back, oursReadMs] = await time(() => copyFile.read(`${tmp}.ours`))
  out.ours = { writeMs: oursWriteMs, readMs: oursReadMs, bytes: statSync(`${tmp}.ours`).size, rows: back?.length }

  const dict = (codes: Int32Array | Uint16Array, strings: ReadonlyArray<string>): Vector => {
    const type = new Dictionary(new Utf8(), new Int32())
    const dictionary = vectorFromArray([...strings], new Utf8())
    return makeVector(makeData({ type, length: codes.length, nullCount: 0, data: codes instanceof Int32Array ? codes : Int32Array.from(codes), dictionary }))
  }
  const toArrow = (c: PublishedColumns) =>
    new Table({
      id: makeVector(c.id),
      value: makeVector(c.value),
      region: dict(c.region, c.regionCodes),
      source: dict(c.source, c.sources),
      updatedAt: dict(c.updatedAt, c.updatedAts),
      version: makeVector(c.version),
      indicator: dict(c.indicator, c.indicatorIds),
      year: makeVector(c.year),
      period: dict(c.period, c.periods),
      confidence: makeVector(c.confidence),
    })
  const [, arrowWriteMs] = await time(() => writeFileSync(`${tmp}.arrow`, tableToIPC(toArrow(columns), 'file')))
  const [arrowBack, arrowReadMs] = await time(() => {
    const t = tableFromIPC(readFileSync(`${tmp}.arrow`))
    // Back to the engine's arrays: the indices and each dictionary's strings.
    const codes = (name: string) => {
      const d = t.getChild(name)?.data[0]
      return { codes: d?.values as Int32Array, strings: d?.dictionary?.toArray() as string[] }
    }
    const num = (name: string) => t.getChild(name)?.data[0]?.values as Float64Array
    return { rows: t.numRows, batches: t.batches.length, id: num('id'), region: codes('region'), updatedAt: codes('updatedAt') }
  })
  out.arrow = { writeMs: arrowWriteMs, readMs: arrowReadMs, bytes: statSync(`${tmp}.arrow`).size, rows: arrowBack.rows, batches: arrowBack.batches }
  const same = arrowBack.id.length === columns.length && arrowBack.id.every((x, i) => x === columns.id[i]) && arrowBack.region.strings.length === columns.regionCodes.length
  out.arrowSame = same
  rmSync(`${tmp}.ours`, { force: true })
  rmSync(`${tmp}.arrow`, { force: true })

  // DuckDB as a replica: the rows appended into a table, then read back into JavaScript columns.
  if (!skipDuck) {
    const instance = await DuckDBInstance.create(':memory:')
    const con = await instance.connect()
    await con.run(
      'CREATE TABLE obs (id DOUBLE, value DOUBLE, region VARCHAR, source VARCHAR, updated_at VARCHAR, version INTEGER, indicator VARCHAR, year USMALLINT, period VARCHAR, confidence UTINYINT)',
    )
    const [, appendMs] = await time(async () => {
      const a = await con.createAppender('obs')
      for (let i = 0; i < columns.length; i++) {
        a.appendDouble(columns.id[i] as number)
        a.appendDouble(columns.value[i] as number)
        a.appendVarchar(columns.regionCodes[columns.region[i] as number] as string)
        a.appendVarchar(columns.sources[columns.source[i] as number] as string)
        a.appendVarchar(columns.updatedAts[columns.updatedAt[i] as number] as string)
        a.appendInteger(columns.version[i] as number)
        a.appendVarchar(columns.indicatorIds[columns.indicator[i] as number] as string)
        a.appendUSmallInt(columns.year[i] as number)
        a.appendVarchar(columns.periods[columns.period[i] as number] as string)
        a.appendUTinyInt(columns.confidence[i] as number)
        a.endRow()
      }
      a.closeSync()
    })
    const [duckRows, duckReadMs] = await time(async () => {
      const reader = await con.runAndReadAll('SELECT id, value, region, source, updated_at, version, indicator, year, period, confidence FROM obs')
      const cols = reader.getColumns()
      return cols[0]?.length ?? 0
    })
    out.duckdb = { appendMs, readIntoJsMs: duckReadMs, rows: duckRows }
    con.closeSync()
    instance.closeSync()
  }
  out.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024)
} finally {
  await ctx.close()
}
console.log(JSON.stringify(out))
