/**
 * A columnar copy of the observations beside an embedded store (`urbmon.db.columns-current`), so a recompute
 * reads ~40 bytes a row from one file instead of crossing from SQLite into JavaScript row by row (which costs
 * most of a national recompute). It is a cache, never the record: it names the store it belongs to and the
 * data version it was read at (the largest revision and audit ids, which every change advances), and a copy of
 * another version is ignored and rewritten. The version is taken before the rows are read, so a change that
 * lands during the read leaves a copy that is already out of date, never one that looks current but is not.
 * @module
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs'

import { z } from 'zod'

import type { PublishedColumns } from '../monitoring/index.js'
import type { Context } from './context.js'
import { dataVersion } from './monitoring-cache.js'

const FORMAT = 'urbmon-columns/2'

type ArrayName = 'indicator' | 'region' | 'year' | 'period' | 'source' | 'updatedAt' | 'version' | 'id' | 'value' | 'confidence'
const ARRAYS: ReadonlyArray<readonly [ArrayName, 'u8' | 'u16' | 'i32' | 'f64']> = [
  ['id', 'f64'],
  ['value', 'f64'],
  ['region', 'i32'],
  ['source', 'i32'],
  ['updatedAt', 'i32'],
  ['version', 'i32'],
  ['indicator', 'u16'],
  ['year', 'u16'],
  ['period', 'u16'],
  ['confidence', 'u8'],
]
const BYTES = { u8: 1, u16: 2, i32: 4, f64: 8 } as const

const headerSchema = z.object({
  format: z.string(),
  store: z.string(),
  view: z.string(),
  version: z.string(),
  length: z.number().int().nonnegative(),
  indicatorIds: z.array(z.string()).readonly(),
  regionCodes: z.array(z.string()).readonly(),
  periods: z.array(z.string()).readonly(),
  sources: z.array(z.string()).readonly(),
  updatedAts: z.array(z.string()).readonly(),
})

type Header = z.infer<typeof headerSchema>

/** Where the copy of a view lives; only embedded file stores have one. */
export function snapshotPath(ctx: Context, view: string): string | undefined {
  const file = ctx.storeMeta.file
  if (!file) return undefined
  return `${file}.columns-${view}`
}

/**
 * The view's columns: from the copy when it is current, else from `load` (and the copy is rewritten).
 * `fromCopy` says which, for timings and tests.
 */
export async function columnsWithSnapshot(ctx: Context, view: string, load: () => Promise<PublishedColumns>): Promise<{ columns: PublishedColumns; fromCopy: boolean }> {
  const path = snapshotPath(ctx, view)
  if (!path) return { columns: await load(), fromCopy: false }
  const [store, version] = [await ctx.storeMeta.storeId(), await dataVersion(ctx)]
  const copy = readSnapshot(path, store, view, version)
  if (copy) return { columns: copy, fromCopy: true }
  const columns = await load()
  try {
    writeSnapshot(
      path,
      {
        format: FORMAT,
        store,
        view,
        version,
        length: columns.length,
        indicatorIds: columns.indicatorIds,
        regionCodes: columns.regionCodes,
        periods: columns.periods,
        sources: columns.sources,
        updatedAts: columns.updatedAts,
      },
      columns,
    )
  } catch {
    // A read-only directory or a full disk costs the next recompute its speed, nothing else.
  }
  return { columns, fromCopy: false }
}

const align8 = (n: number) => (n + 7) & ~7

function writeSnapshot(path: string, header: Header, columns: PublishedColumns): void {
  const head = Buffer.from(JSON.stringify(header), 'utf8')
  const prefix = Buffer.alloc(8)
  prefix.writeUInt32LE(head.length, 0)
  const tmp = `${path}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w')
  try {
    let offset = 0
    const put = (b: Uint8Array) => {
      writeSync(fd, b, 0, b.length, offset)
      offset += b.length
    }
    put(prefix)
    put(head)
    put(new Uint8Array(align8(offset) - offset))
    for (const [name] of ARRAYS) {
      const a = columns[name].subarray(0, columns.length)
      put(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
      put(new Uint8Array(align8(offset) - offset))
    }
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
}

function readSnapshot(path: string, store: string, view: string, version: string): PublishedColumns | undefined {
  if (!existsSync(path)) return undefined
  try {
    // Read into a fresh ArrayBuffer: a pooled Buffer may start at an offset typed-array views cannot use.
    const fd = openSync(path, 'r')
    let buf: Buffer
    try {
      const size = fstatSync(fd).size
      buf = Buffer.from(new ArrayBuffer(size))
      let read = 0
      while (read < size) read += readSync(fd, buf, read, size - read, read)
    } finally {
      closeSync(fd)
    }
    const headLength = buf.readUInt32LE(0)
    // A copy written by another version, or cut short, is not this store's: ignored and rewritten.
    const parsed = headerSchema.safeParse(JSON.parse(buf.subarray(8, 8 + headLength).toString('utf8')))
    if (!parsed.success) return undefined
    const header = parsed.data
    if (header.format !== FORMAT || header.store !== store || header.view !== view || header.version !== version) return undefined
    let offset = align8(8 + headLength)
    const arrays = {} as Record<ArrayName, Uint8Array | Uint16Array | Int32Array | Float64Array>
    for (const [name, type] of ARRAYS) {
      const bytes = header.length * BYTES[type]
      // Views on the file's buffer (8-byte aligned above): no copy.
      const at = buf.byteOffset + offset
      arrays[name] =
        type === 'f64'
          ? new Float64Array(buf.buffer, at, header.length)
          : type === 'i32'
            ? new Int32Array(buf.buffer, at, header.length)
            : type === 'u16'
              ? new Uint16Array(buf.buffer, at, header.length)
              : new Uint8Array(buf.buffer, at, header.length)
      offset = align8(offset + bytes)
    }
    if (offset > buf.length) return undefined
    return {
      length: header.length,
      indicator: arrays.indicator as Uint16Array,
      region: arrays.region as Int32Array,
      year: arrays.year as Uint16Array,
      period: arrays.period as Uint16Array,
      source: arrays.source as Int32Array,
      updatedAt: arrays.updatedAt as Int32Array,
      version: arrays.version as Int32Array,
      id: arrays.id as Float64Array,
      value: arrays.value as Float64Array,
      confidence: arrays.confidence as Uint8Array,
      indicatorIds: header.indicatorIds,
      regionCodes: header.regionCodes,
      periods: header.periods,
      sources: header.sources,
      updatedAts: header.updatedAts,
    }
  } catch {
    return undefined
  }
}
