/**
 * The synthetic data set: a plan, its regions file and a long CSV (indicator,region,year,value,unit) of every
 * published indicator in every region and year — counties, prefectures, provinces and the country.
 *
 * Realistic where it matters to the code under test: stocks are integers in fixed point, so every parent is
 * exactly the sum of its children (the importer's summary check passes, as it does on real yearbooks); rates follow
 * a logistic S-curve per region and are population-weighted upwards; ~0.5 % of cells are missing and a few dozen are
 * outliers (plausible jumps inside the indicator's range). Derived indicators are not written: recompute derives them.
 *
 * Streaming: values are made one indicator at a time (regions × years numbers) and the CSV is written in ~1 MB
 * chunks, so the national data (~245 MB, in parts: see partBytes) never sits in memory. Deterministic: one seeded stream per indicator
 * and separate streams for the structure and for gaps/outliers, so the same seed gives the same bytes.
 * @module
 */
import { createHash } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'

import { at } from '../src/core/checked.js'
import { mulberry32 } from '../src/forecasting/mulberry32.js'
import { buildStructure, buildTargets, planYaml, regionsYaml, type Size, type Structure, type SynIndicator } from './synthetic.js'

/** Bump when the output for a given size and seed changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 2

export interface GenerateOptions {
  readonly size: Size
  readonly seed: number
  /** Share of published cells left out (default 0.005). */
  readonly gapRate?: number
  /** How many county cells of rates and indices get a jump (default: a few dozen at national size, a few when small). */
  readonly outliers?: number
  /**
   * The CSV is split at indicator boundaries into parts of about this many bytes (default 150 MiB), each with its
   * header: urbmon refuses files over 200 MiB (MAX_IMPORT_BYTES in src/app/import-files.ts) and the national data is
   * ~245 MB. An indicator never spans two parts, so each part holds every region of its indicators (the summary
   * check needs parent and members in one file) and resident_pop and urban_pop (the plan's rule) share the first.
   */
  readonly partBytes?: number
  readonly onProgress?: (message: string) => void
}

export interface OutlierCell {
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly clean: string
  readonly value: string
}

export interface Manifest {
  readonly generator: number
  readonly size: Size
  readonly seed: number
  readonly gapRate: number
  readonly outliers: number
  readonly files: { readonly plan: string; readonly regions: string; readonly csv: ReadonlyArray<string> }
  readonly counts: {
    readonly regions: number
    readonly groupings: number
    readonly indicators: number
    readonly published: number
    readonly derived: number
    readonly years: number
    readonly targets: number
  }
  /** Published cells (indicators written × regions × years), rows written (cells − gaps), gaps. */
  readonly cells: number
  readonly rows: number
  readonly gaps: number
  readonly outlierCells: ReadonlyArray<OutlierCell>
  readonly bytes: number
  readonly sha256: string
  readonly ms: number
}

export const defaultOutliers = (cells: number) => Math.max(3, Math.min(48, Math.round(cells / 170_000)))

/** Integer in units of 10^-decimals → its decimal text, exactly (no floating-point formatting). */
export function fixed(v: number, decimals: number): string {
  if (decimals === 0) return String(v)
  const s = String(Math.abs(v)).padStart(decimals + 1, '0')
  return `${v < 0 ? '-' : ''}${s.slice(0, -decimals)}.${s.slice(-decimals)}`
}

/** A stream per indicator: the values of one indicator do not depend on how many others there are. */
const streamFor = (seed: number, k: number) => mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0)

function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

interface Tree {
  readonly n: number
  readonly parent: Int32Array
  readonly leaf: Uint8Array
}

function tree(s: Structure): Tree {
  const n = s.regions.length
  const parent = new Int32Array(n)
  const leaf = new Uint8Array(n).fill(1)
  s.regions.forEach((r, i) => {
    parent[i] = r.parentIndex
    if (r.parentIndex >= 0) leaf[r.parentIndex] = 0
  })
  return { n, parent, leaf }
}

/**
 * One indicator's values for every region and year, as integers in units of 10^-decimals, bottom-up: leaves are
 * drawn, parents are sums (stocks), population-weighted means (rates) or plain means (indices) of their children.
 */
function valuesOf(ind: SynIndicator, k: number, s: Structure, t: Tree, pop: Float64Array | undefined, seed: number): Float64Array {
  const Y = s.years.length
  const out = new Float64Array(t.n * Y)
  const num = new Float64Array(t.n * Y)
  const den = new Float64Array(t.n * Y)
  const rng = streamFor(seed, k)
  const y0 = at(s.years, 0)
  const popAt = (i: number, y: number) => pop?.[i * Y + y] ?? 0
  for (let i = t.n - 1; i >= 0; i--) {
    const big = at(s.regions, i).level === 'county' ? 1 : 6 // a prefecture without counties stands for a whole city
    if (t.leaf[i]) {
      switch (ind.shape) {
        case 'population': {
          const p0 = clamp(Math.exp(Math.log(45) + 0.6 * normal(rng)), 3, 400) * big
          const g = -0.01 + 0.03 * rng()
          for (let y = 0; y < Y; y++) out[i * Y + y] = Math.round(p0 * (1 + g) ** y * (1 + 0.003 * normal(rng)) * 100)
          break
        }
        case 'urban':
        case 'scurve': {
          const lo = 0.1 + 0.2 * rng()
          const hi = 0.7 + 0.25 * rng()
          const kk = 0.12 + 0.3 * rng()
          const t0 = 2000 + 30 * rng()
          for (let y = 0; y < Y; y++) {
            const share = lo + (hi - lo) / (1 + Math.exp(-kk * (y0 + y - t0)))
            out[i * Y + y] = ind.shape === 'urban' ? Math.round(popAt(i, y) * share) : clamp(Math.round(share * 10000), 0, 10000)
          }
          break
        }
        case 'gdp':
        case 'money':
        case 'count': {
          // Per 万人: GDP 万元 per person (so 万人 × 万元 = 亿元), other money stocks a fraction of it, counts per 万人.
          const perHead =
            ind.shape === 'gdp'
              ? clamp(Math.exp(Math.log(5) + 0.5 * normal(rng)), 0.8, 30)
              : ind.shape === 'money'
                ? Math.exp(Math.log(0.3) + 0.8 * normal(rng))
                : Math.exp(Math.log(2) + 0.7 * normal(rng))
          const g = ind.shape === 'count' ? 0.03 * rng() - 0.005 : 0.03 + 0.07 * rng()
          for (let y = 0; y < Y; y++) {
            const raw = (popAt(i, y) / 100) * perHead * (1 + g) ** y * (1 + 0.01 * normal(rng))
            out[i * Y + y] = Math.max(0, Math.round(ind.shape === 'count' ? raw : raw * 100))
          }
          break
        }
        case 'index': {
          const b = 40 + 50 * rng()
          const trend = -1 + 2 * rng()
          for (let y = 0; y < Y; y++) out[i * Y + y] = clamp(Math.round((b + trend * y + 2 * normal(rng)) * 10), 0, 10000)
          break
        }
        case 'none':
          break
      }
    } else {
      for (let y = 0; y < Y; y++) {
        const c = i * Y + y
        if (ind.kind === 'stock') out[c] = at(num, c)
        else out[c] = at(den, c) > 0 ? Math.round(at(num, c) / at(den, c)) : 0
      }
    }
    const p = at(t.parent, i)
    if (p < 0) continue
    for (let y = 0; y < Y; y++) {
      const v = at(out, i * Y + y)
      const c = p * Y + y
      if (ind.kind === 'rate') {
        num[c] = at(num, c) + v * popAt(i, y)
        den[c] = at(den, c) + popAt(i, y)
      } else {
        num[c] = at(num, c) + v
        den[c] = at(den, c) + 1
      }
    }
  }
  return out
}

/** Where a generated data set lives in the work directory: one folder per size and seed. */
export function datasetDir(work: string, size: Size, seed: number): string {
  return join(work, `data-${size.name}-${size.regions}x${size.indicators}x${size.years}-seed${seed}`)
}

/**
 * Writes plan.yaml, regions.yaml and observations.csv into `dir`, then manifest.json (last, so a half-written
 * set is never taken for a finished one).
 */
export function generate(dir: string, opts: GenerateOptions): Manifest {
  const started = performance.now()
  const say = opts.onProgress ?? (() => undefined)
  const s = buildStructure(opts.size, opts.seed)
  const t = tree(s)
  mkdirSync(dir, { recursive: true })
  const files = { plan: join(dir, 'plan.yaml'), regions: join(dir, 'regions.yaml'), csv: [] as string[] }
  writeFileSync(files.regions, regionsYaml(s))
  const planText = planYaml(s, 'regions.yaml')
  writeFileSync(files.plan, planText)

  const published = s.indicators.filter((i) => i.kind !== 'derived')
  const Y = s.years.length
  const cells = published.length * t.n * Y
  const gapRate = opts.gapRate ?? 0.005

  // Gaps and outliers from a stream of their own: cell index = (published indicator × regions + region) × years + year.
  const arng = mulberry32((opts.seed ^ 0x0a11e7) >>> 0)
  const gapCount = Math.round(cells * gapRate)
  const gaps = new Set<number>()
  while (gaps.size < gapCount) gaps.add(Math.floor(arng() * cells))
  const jumpable = published.flatMap((ind, p) => (ind.kind === 'rate' || ind.kind === 'mean' ? [p] : []))
  const leaves = Array.from({ length: t.n }, (_, i) => i).filter((i) => t.leaf[i])
  const wanted = jumpable.length === 0 ? 0 : Math.min(opts.outliers ?? defaultOutliers(cells), Math.floor((jumpable.length * leaves.length * Y) / 4))
  const outliers = new Map<number, number>() // cell → direction of the jump (+1 / −1, flipped near the range end)
  while (outliers.size < wanted) {
    const p = at(jumpable, Math.floor(arng() * jumpable.length))
    const cell = (p * t.n + at(leaves, Math.floor(arng() * leaves.length))) * Y + Math.floor(arng() * Y)
    if (!gaps.has(cell) && !outliers.has(cell)) outliers.set(cell, arng() < 0.5 ? 1 : -1)
  }

  const partBytes = opts.partBytes ?? 150 * 2 ** 20
  const HEADER = 'indicator,region,year,value,unit\n'
  const hash = createHash('sha256')
  let bytes = 0
  let rows = 0
  let buf = ''
  let fd: number | undefined
  let partStart = 0
  const finished: Array<[string, string]> = []
  const openFd = (): number => {
    if (fd === undefined) throw new Error('generate: no part file is open')
    return fd
  }
  const flush = () => {
    const b = Buffer.from(buf, 'utf8')
    writeSync(openFd(), b)
    hash.update(b)
    bytes += b.length
    buf = ''
  }
  const openPart = () => {
    const name = join(dir, `observations-${String(finished.length + 1).padStart(2, '0')}.csv`)
    fd = openSync(`${name}.partial`, 'w')
    finished.push([`${name}.partial`, name])
    partStart = bytes
    buf = HEADER
  }
  const closePart = () => {
    flush()
    closeSync(openFd())
    fd = undefined
  }
  const outlierCells: OutlierCell[] = []
  let pop: Float64Array | undefined
  try {
    openPart()
    published.forEach((ind, p) => {
      if (bytes + buf.length - partStart >= partBytes) {
        closePart()
        openPart()
      }
      const k = s.indicators.indexOf(ind)
      const values = valuesOf(ind, k, s, t, pop, opts.seed)
      if (ind.id === 'resident_pop') pop = values
      for (let i = 0; i < t.n; i++) {
        const region = at(s.regions, i).code
        for (let y = 0; y < Y; y++) {
          const cell = (p * t.n + i) * Y + y
          if (gaps.has(cell)) continue
          let v = at(values, i * Y + y)
          const jump = outliers.get(cell)
          if (jump !== undefined) {
            // Rates jump 8–15 points, indices 30–50 %: a plausible misreport, still inside the range.
            const clean = v
            const scale = 10 ** ind.decimals
            const size = ind.kind === 'rate' ? (8 + 7 * arng()) * scale : v * (0.3 + 0.2 * arng())
            const hi = (ind.range?.[1] ?? Infinity) * scale
            v = Math.round(v + jump * size)
            if (v > hi || v < 0) v = Math.round(clean - jump * size)
            v = clamp(v, 0, hi)
            outlierCells.push({ indicator: ind.id, region, year: at(s.years, y), clean: fixed(clean, ind.decimals), value: fixed(v, ind.decimals) })
          }
          buf += `${ind.id},${region},${s.years[y]},${fixed(v, ind.decimals)},${ind.unit}\n`
          rows++
          if (buf.length > 1 << 20) flush()
        }
      }
      if ((p + 1) % 10 === 0 || p === published.length - 1) say(`generate: ${p + 1}/${published.length} indicators, ${rows.toLocaleString('en')} rows`)
    })
    closePart()
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  for (const [from, to] of finished) {
    renameSync(from, to)
    files.csv.push(to)
  }
  const manifest: Manifest = {
    generator: GENERATOR_VERSION,
    size: opts.size,
    seed: opts.seed,
    gapRate,
    outliers: wanted,
    files,
    counts: {
      regions: t.n,
      groupings: s.groupings.length,
      indicators: s.indicators.length,
      published: published.length,
      derived: s.indicators.length - published.length,
      years: Y,
      targets: buildTargets(s).length,
    },
    cells,
    rows,
    gaps: gaps.size,
    outlierCells,
    bytes,
    sha256: hash.digest('hex'),
    ms: Math.round(performance.now() - started),
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** The data set for this size and seed: reused from the work directory when it is complete and matches, else generated. */
export function ensureDataset(work: string, opts: GenerateOptions & { readonly force?: boolean }): { manifest: Manifest; reused: boolean } {
  const dir = datasetDir(work, opts.size, opts.seed)
  const mf = join(dir, 'manifest.json')
  if (!opts.force && existsSync(mf)) {
    try {
      const m = JSON.parse(readFileSync(mf, 'utf8')) as Manifest
      const same =
        m.generator === GENERATOR_VERSION &&
        m.seed === opts.seed &&
        JSON.stringify(m.size) === JSON.stringify(opts.size) &&
        m.gapRate === (opts.gapRate ?? 0.005) &&
        (opts.outliers === undefined || m.outliers === opts.outliers) &&
        m.files.csv.every((f) => existsSync(f)) &&
        m.files.csv.reduce((sum, f) => sum + statSync(f).size, 0) === m.bytes
      if (same) return { manifest: m, reused: true }
    } catch {
      // An unreadable manifest: generate again.
    }
  }
  return { manifest: generate(dir, opts), reused: false }
}
