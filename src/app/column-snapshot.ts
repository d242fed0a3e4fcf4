/**
 * A columnar copy of the observations beside an embedded store (`urbmon.db.columns-current`, `…-published`), so a
 * recompute reads ~40 bytes a row from one file instead of crossing from SQLite into JavaScript row by row (which
 * costs most of a national recompute). It is a cache, never the record: it names the store it belongs to, the
 * data version it was read at (the largest revision and audit ids, which every change advances) and the largest
 * observation id it holds; a copy of another version is never taken as current.
 *
 * Every import and accepted change brings the copy up to date in the same process (`afterDataChange`): the rows
 * changed since the copy's version — revised older rows and rows created since — are read and patched into the
 * previous copy, which is rewritten (temp file + rename). Only a missing copy, or one of another store, is rebuilt
 * from every row. The version is taken before the rows are read, so a change that lands during the read leaves a
 * copy labelled older than its content: the next patch reads that change again, never misses it.
 * @module
 */
import { open, rename, unlink } from 'node:fs/promises'

import { z } from 'zod'

import { PublishedColumnsBuilder, type PublishedColumns } from '../monitoring/index.js'
import type { Context } from './context.js'
import { dataVersion } from './monitoring-cache.js'

const FORMAT = 'urbmon-columns/3'

/** The views kept as copies: each cell's value now, and its last published value (the public view). */
export const COPY_VIEWS = ['current', 'published'] as const
export type CopyView = (typeof COPY_VIEWS)[number]

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
  /** The largest observation id in the store when the copy was read (rows above it are new since). */
  largestId: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  indicatorIds: z.array(z.string()).readonly(),
  regionCodes: z.array(z.string()).readonly(),
  periods: z.array(z.string()).readonly(),
  sources: z.array(z.string()).readonly(),
  updatedAts: z.array(z.string()).readonly(),
})

type Header = z.infer<typeof headerSchema>

/** How the columns were had: the copy as it was, the copy patched with the rows changed since, or every row read. */
export type CopyUse = 'current' | 'patched' | 'rebuilt'

/** Where the copy of a view lives; only embedded file stores have one. */
export function snapshotPath(ctx: Pick<Context, 'storeMeta'>, view: string): string | undefined {
  const file = ctx.storeMeta.file
  if (!file) return undefined
  return `${file}.columns-${view}`
}

/**
 * The view's columns: from the copy when it is current, else the copy patched with what changed since (and
 * rewritten), else — no usable copy, or no file store — from `load`. `fromCopy` is false only when every row was
 * read from the store.
 */
export async function columnsWithSnapshot(
  ctx: Context,
  view: CopyView,
  load: () => Promise<PublishedColumns>,
): Promise<{ columns: PublishedColumns; fromCopy: boolean; copy: CopyUse }> {
  const path = snapshotPath(ctx, view)
  if (!path) return { columns: await load(), fromCopy: false, copy: 'rebuilt' }
  return serialised(path, async () => {
    const [store, version] = [await ctx.storeMeta.storeId(), await dataVersion(ctx)]
    const copy = await readSnapshot(path)
    if (copy && copy.header.store === store && copy.header.view === view && copy.header.version === version) {
      return { columns: copy.columns, fromCopy: true, copy: 'current' as const }
    }
    const refreshed = await refreshLocked(ctx, store, version, { view, copy })
    if (!refreshed.columns) return { columns: await load(), fromCopy: false, copy: 'rebuilt' as const }
    return { columns: refreshed.columns, fromCopy: refreshed.use !== 'rebuilt', copy: refreshed.use }
  })
}

/**
 * Brings both views' copies up to date with the store (patched, or rebuilt when there is no usable copy) and
 * says how. Nothing for a store without a file. A failure to write costs the next recompute its speed, nothing else.
 */
export async function refreshColumnCopies(ctx: Context): Promise<CopyUse | undefined> {
  const path = snapshotPath(ctx, 'current')
  if (!path) return undefined
  return serialised(path, async () => {
    const [store, version] = [await ctx.storeMeta.storeId(), await dataVersion(ctx)]
    const headers = await Promise.all(COPY_VIEWS.map((v) => readHeader(snapshotPath(ctx, v) ?? '')))
    if (headers.every((h, i) => h?.store === store && h.view === COPY_VIEWS[i] && h.version === version)) return 'current'
    return (await refreshLocked(ctx, store, version)).use
  })
}

/**
 * Reads what changed since the older of the two copies (or every row, when either is missing, of another store or
 * of a later version), patches each view's copy and writes it, one view at a time so that only one old copy is in
 * memory. `known` is the copy of `want` the caller already read; `want`'s columns are returned. Runs under the
 * path's lock.
 */
async function refreshLocked(
  ctx: Context,
  store: string,
  version: string,
  want?: { view: CopyView; copy: Snapshot | undefined },
  rebuild = false,
): Promise<{ use: 'patched' | 'rebuilt'; columns: PublishedColumns | undefined }> {
  const headers = await Promise.all(COPY_VIEWS.map(async (v) => (want?.view === v ? want.copy?.header : await readHeader(snapshotPath(ctx, v) ?? ''))))
  const [revision, audit] = parseVersion(version)
  // A copy from a later version than the store's (a store restored from a backup under the same id) is not patched.
  const usable =
    !rebuild &&
    headers.every((h, i) => {
      if (!h || h.store !== store || h.view !== COPY_VIEWS[i]) return false
      const [r, a] = parseVersion(h.version)
      return r <= revision && a <= audit
    })
  // Patching from the older copy's version re-reads a few rows the newer one has: harmless, rows are replaced whole.
  const since = usable
    ? {
        revision: Math.min(...headers.map((h) => parseVersion(h?.version ?? '0:0')[0])),
        observationId: Math.min(...headers.map((h) => h?.largestId ?? 0)),
      }
    : { revision: 0, observationId: 0 }
  const changes = await ctx.columns.changesSince(since, (n) => new PublishedColumnsBuilder(n))
  let wanted: PublishedColumns | undefined
  for (const view of COPY_VIEWS) {
    const fresh = changes[view].build()
    let columns = fresh
    if (usable) {
      const before = want?.view === view && want.copy ? want.copy : await readSnapshot(snapshotPath(ctx, view) ?? '')
      // Damaged past its header, or not in id order: read every row instead.
      if (!before || before.header.store !== store || !isSorted(before.columns.id, before.columns.length))
        return refreshLocked(ctx, store, version, want && { view: want.view, copy: undefined }, true)
      // Nothing of this view changed (an audit entry alone moved the version): the copy's columns as they are.
      columns = changes.revised.length === 0 && fresh.length === 0 ? before.columns : mergeColumns(before.columns, changes.revised, fresh)
    }
    if (want?.view === view) wanted = columns
    try {
      await writeSnapshot(snapshotPath(ctx, view) ?? '', { format: FORMAT, store, view, version, largestId: changes.largestId, ...dictionaries(columns) }, columns)
    } catch {
      // A read-only directory or a full disk costs the next recompute its speed, nothing else.
    }
  }
  return { use: usable ? 'patched' : 'rebuilt', columns: wanted }
}

const parseVersion = (v: string): [number, number] => {
  const [r, a] = v.split(':').map(Number)
  return [Number.isFinite(r) ? (r as number) : Infinity, Number.isFinite(a) ? (a as number) : Infinity]
}

function isSorted(ids: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) if ((ids[i] as number) <= (ids[i - 1] as number)) return false
  return true
}

const dictionaries = (c: PublishedColumns) => ({
  length: c.length,
  indicatorIds: c.indicatorIds,
  regionCodes: c.regionCodes,
  periods: c.periods,
  sources: c.sources,
  updatedAts: c.updatedAts,
})

/**
 * The previous copy with the `revised` rows dropped and the `fresh` rows (the revised ones as they are now, and
 * those created since) put in by id — exactly the columns a read of every row would give: rows in id order,
 * strings numbered in the order they first appear.
 */
export function mergeColumns(old: PublishedColumns, revised: ReadonlyArray<number>, fresh: PublishedColumns): PublishedColumns {
  const n = old.length
  const m = fresh.length
  const r = revised.length
  // The result as runs of consecutive rows taken from one side: [fromOld ? 1 : 0, start, length] each. A few
  // changes give a few runs, each copied at memory speed.
  const runs: number[] = []
  let out = 0
  const take = (fromOld: number, at: number) => {
    const last = runs.length - 3
    if (last >= 0 && runs[last] === fromOld && (runs[last + 1] as number) + (runs[last + 2] as number) === at) runs[last + 2] = (runs[last + 2] as number) + 1
    else runs.push(fromOld, at, 1)
    out++
  }
  const oldId = old.id
  const freshId = fresh.id
  for (let i = 0, j = 0, k = 0; ;) {
    while (i < n) {
      const id = oldId[i] as number
      while (k < r && (revised[k] as number) < id) k++
      if (k < r && revised[k] === id) i++
      else break
    }
    if (i >= n && j >= m) break
    if (j >= m || (i < n && (oldId[i] as number) < (freshId[j] as number))) take(1, i++)
    else {
      // The same id in both (a revised row the caller did not list): the fresh one wins.
      if (i < n && oldId[i] === freshId[j]) i++
      take(0, j++)
    }
  }
  const copy = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, b: T, into: T): T => {
    for (let x = 0, pos = 0; x < runs.length; x += 3) {
      const [fromOld, at, len] = [runs[x] as number, runs[x + 1] as number, runs[x + 2] as number]
      into.set((fromOld ? a : b).subarray(at, at + len), pos)
      pos += len
    }
    return into
  }
  const dictionary = { indicator: 'indicatorIds', region: 'regionCodes', period: 'periods', source: 'sources', updatedAt: 'updatedAts' } as const
  const interned = (name: keyof typeof dictionary, make: (len: number) => Uint16Array | Int32Array) => {
    const a = old[name]
    const b = fresh[name]
    const aList = old[dictionary[name]]
    const bList = fresh[dictionary[name]]
    const list: string[] = []
    const index = new Map<string, number>()
    const codeOf = (s: string) => {
      let c = index.get(s)
      if (c === undefined) {
        c = list.length
        list.push(s)
        index.set(s, c)
      }
      return c
    }
    // Strings numbered in the order the result's rows first use them, as a fresh read numbers them.
    const fromA = new Int32Array(aList.length).fill(-1)
    const fromB = new Int32Array(bList.length).fill(-1)
    for (let x = 0; x < runs.length; x += 3) {
      const [fromOld, at, len] = [runs[x] as number, runs[x + 1] as number, runs[x + 2] as number]
      const codes = fromOld ? a : b
      const map = fromOld ? fromA : fromB
      const names = fromOld ? aList : bList
      for (let y = at; y < at + len; y++) {
        const ix = codes[y] as number
        if ((map[ix] as number) < 0) map[ix] = codeOf(names[ix] as string)
      }
    }
    const identity = (map: Int32Array) => map.every((c, i) => c === i || c < 0)
    const [keepA, keepB] = [identity(fromA), identity(fromB)]
    const into = copy(a, b, make(out))
    // Codes that keep their number are copied as they are; others are renumbered run by run.
    for (let x = 0, pos = 0; x < runs.length; x += 3) {
      const fromOld = runs[x] as number
      const len = runs[x + 2] as number
      const map = fromOld ? fromA : fromB
      if (!(fromOld ? keepA : keepB)) for (let y = pos; y < pos + len; y++) into[y] = map[into[y] as number] as number
      pos += len
    }
    return { codes: into, list }
  }
  const indicator = interned('indicator', (l) => new Uint16Array(l))
  const region = interned('region', (l) => new Int32Array(l))
  const period = interned('period', (l) => new Uint16Array(l))
  const source = interned('source', (l) => new Int32Array(l))
  const updatedAt = interned('updatedAt', (l) => new Int32Array(l))
  return {
    length: out,
    indicator: indicator.codes as Uint16Array,
    region: region.codes as Int32Array,
    year: copy(old.year, fresh.year, new Uint16Array(out)),
    period: period.codes as Uint16Array,
    source: source.codes as Int32Array,
    updatedAt: updatedAt.codes as Int32Array,
    version: copy(old.version, fresh.version, new Int32Array(out)),
    id: copy(old.id, fresh.id, new Float64Array(out)),
    value: copy(old.value, fresh.value, new Float64Array(out)),
    confidence: copy(old.confidence, fresh.confidence, new Uint8Array(out)),
    indicatorIds: indicator.list,
    regionCodes: region.list,
    periods: period.list,
    sources: source.list,
    updatedAts: updatedAt.list,
  }
}

/** One refresh of a store's copies at a time in this process (a read that patches, or a background refresh). */
const locks = new Map<string, Promise<unknown>>()

function serialised<T>(path: string, work: () => Promise<T>): Promise<T> {
  const before = locks.get(path) ?? Promise.resolve()
  const run = before.then(work, work)
  const tail = run.catch(() => undefined)
  locks.set(path, tail)
  void tail.then(() => {
    if (locks.get(path) === tail) locks.delete(path)
  })
  return run
}

/** Copies kept up to date in the background by a long-running process (the HTTP server), by store file. */
const keepers = new Map<string, CopyKeeper>()

/**
 * After an import or an accepted change has committed: bring the copies up to date. In a command this waits for
 * the refresh; in a server that called `keepColumnCopies`, it schedules one and returns at once.
 */
export async function afterDataChange(ctx: Context): Promise<void> {
  const path = snapshotPath(ctx, 'current')
  if (!path) return
  const keeper = keepers.get(path)
  if (keeper) return keeper.poke()
  try {
    await refreshColumnCopies(ctx)
  } catch {
    // The copy is a cache: the next recompute patches or rebuilds it.
  }
}

/**
 * For a server: changes schedule a background refresh `delayMs` after the last one (several quick writes are
 * coalesced into one), so requests are not held up; a recompute in the meantime waits for a running refresh or
 * patches the copy itself, never taking a stale one. `stop` waits for a running refresh.
 */
export function keepColumnCopies(ctx: Context, options: { delayMs?: number; onError?: (e: unknown) => void } = {}): { stop(): Promise<void>; idle(): Promise<void> } {
  const path = snapshotPath(ctx, 'current')
  if (!path) return { stop: () => Promise.resolve(), idle: () => Promise.resolve() }
  const keeper = new CopyKeeper(ctx, options.delayMs ?? 250, options.onError ?? (() => undefined))
  keepers.set(path, keeper)
  return {
    stop: async () => {
      if (keepers.get(path) === keeper) keepers.delete(path)
      await keeper.stop()
    },
    idle: () => keeper.idle(),
  }
}

class CopyKeeper {
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #stopped = false

  constructor(
    readonly ctx: Context,
    readonly delayMs: number,
    readonly onError: (e: unknown) => void,
  ) {}

  poke(): Promise<void> {
    if (this.#stopped) return Promise.resolve()
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#run()
    }, this.delayMs)
    this.#timer.unref()
    return Promise.resolve()
  }

  #run(): void {
    // A change during a refresh schedules the next one (poke), which queues behind this one on the path's lock.
    const run = refreshColumnCopies(this.ctx).then(
      () => undefined,
      (e: unknown) => this.onError(e),
    )
    this.#running = run
    void run.then(() => {
      if (this.#running === run) this.#running = undefined
    })
  }

  /** Resolves when no refresh is scheduled or running (tests, the bench). */
  async idle(): Promise<void> {
    while (this.#timer || this.#running) {
      if (this.#timer) {
        clearTimeout(this.#timer)
        this.#timer = undefined
        this.#run()
      }
      await this.#running
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#running
  }
}

const align8 = (n: number) => (n + 7) & ~7
let tmpCounter = 0

async function writeSnapshot(path: string, header: Header, columns: PublishedColumns): Promise<void> {
  const head = Buffer.from(JSON.stringify(header), 'utf8')
  const prefix = Buffer.alloc(8)
  prefix.writeUInt32LE(head.length, 0)
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`
  const fd = await open(tmp, 'w')
  try {
    let offset = 0
    const put = async (b: Uint8Array) => {
      for (let done = 0; done < b.length;) done += (await fd.write(b, done, b.length - done, offset + done)).bytesWritten
      offset += b.length
    }
    await put(prefix)
    await put(head)
    await put(new Uint8Array(align8(offset) - offset))
    for (const [name] of ARRAYS) {
      const a = columns[name].subarray(0, columns.length)
      await put(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
      await put(new Uint8Array(align8(offset) - offset))
    }
  } catch (e) {
    await fd.close()
    await unlink(tmp).catch(() => undefined)
    throw e
  }
  await fd.close()
  await rename(tmp, path)
}

interface Snapshot {
  readonly header: Header
  readonly columns: PublishedColumns
}

/** The copy's file format on its own, for the format comparison in bench/copy-step.ts. */
export const copyFile = {
  write: (path: string, columns: PublishedColumns) =>
    writeSnapshot(path, { format: FORMAT, store: 'bench', view: 'current', version: '0:0', largestId: 0, ...dictionaries(columns) }, columns),
  read: async (path: string) => (await readSnapshot(path))?.columns,
}

/** The copy's header only (its version), without reading the columns; undefined when missing or damaged. */
async function readHeader(path: string): Promise<Header | undefined> {
  try {
    const fd = await open(path, 'r')
    try {
      const prefix = Buffer.alloc(8)
      await fd.read(prefix, 0, 8, 0)
      const headLength = prefix.readUInt32LE(0)
      const head = Buffer.alloc(headLength)
      await fd.read(head, 0, headLength, 8)
      const parsed = headerSchema.safeParse(JSON.parse(head.toString('utf8')))
      return parsed.success && parsed.data.format === FORMAT ? parsed.data : undefined
    } finally {
      await fd.close()
    }
  } catch {
    return undefined
  }
}

async function readSnapshot(path: string): Promise<Snapshot | undefined> {
  try {
    // Read into a fresh ArrayBuffer: a pooled Buffer may start at an offset typed-array views cannot use.
    const fd = await open(path, 'r')
    let buf: Buffer
    try {
      const size = (await fd.stat()).size
      buf = Buffer.from(new ArrayBuffer(size))
      for (let read = 0; read < size;) {
        const { bytesRead } = await fd.read(buf, read, size - read, read)
        if (bytesRead === 0) return undefined
        read += bytesRead
      }
    } finally {
      await fd.close()
    }
    const headLength = buf.readUInt32LE(0)
    // A copy written by another version, or cut short, is not this store's: ignored and rewritten.
    const parsed = headerSchema.safeParse(JSON.parse(buf.subarray(8, 8 + headLength).toString('utf8')))
    if (!parsed.success) return undefined
    const header = parsed.data
    if (header.format !== FORMAT) return undefined
    let offset = align8(8 + headLength)
    const arrays = {} as Record<ArrayName, Uint8Array | Uint16Array | Int32Array | Float64Array>
    for (const [name, type] of ARRAYS) {
      const bytes = header.length * BYTES[type]
      if (offset + bytes > buf.length) return undefined
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
    return {
      header,
      columns: {
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
      },
    }
  } catch {
    return undefined
  }
}
