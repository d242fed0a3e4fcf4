/**
 * Regions and groupings, and name resolution as yearbooks and officers write names:
 * 南京, 南京市, "南 京 市", 320100, 3201, Nanjing. Pure: built from data, no I/O.
 * @module
 */
import { distance } from 'fastest-levenshtein'

import { AppError } from '../core/errors.js'
import { err, ok, type Result } from '../core/result.js'
import type { GroupingInput, RegionLevel, RegionsFile } from './region-schema.js'

export interface Region {
  /** GB/T 2260 code for administrative regions; the kebab-case id for groupings. */
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly level: RegionLevel | 'grouping'
  readonly parent: string | null
  readonly aliases: ReadonlyArray<string>
  /** Groupings only. */
  readonly members: ReadonlyArray<string>
  readonly partial: ReadonlyArray<string>
  readonly groupingKind?: GroupingInput['kind']
  readonly summaryOrder: number | null
}

export type ResolveFailure =
  | { readonly kind: 'unknown'; readonly name: string; readonly candidates: ReadonlyArray<Region> }
  | { readonly kind: 'ambiguous'; readonly name: string; readonly candidates: ReadonlyArray<Region> }

/** Folds the spellings people use: full-width forms, inner spaces (yearbook padding), case, apostrophes. */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/['’‘`\-_.·•]/g, '')
    .toLowerCase()
}

const CN_SUFFIXES = ['特别行政区', '自治州', '自治县', '新区', '地区', '省', '市', '区', '县', '盟', '旗']
const EN_SUFFIXES = ['province', 'city', 'district', 'county', 'shi', 'sheng']

/** Short forms: 南京市 → 南京, 连云港市 → 连云港, 江苏省 → 江苏 (never shorter than two characters). */
function shortForms(name: string): string[] {
  const n = normaliseName(name)
  const out: string[] = []
  for (const s of CN_SUFFIXES) {
    if (n.endsWith(s) && n.length - s.length >= 2) out.push(n.slice(0, -s.length))
  }
  for (const s of EN_SUFFIXES) {
    if (n.endsWith(s) && n.length - s.length >= 2) out.push(n.slice(0, -s.length))
  }
  return out
}

/** 320100 → 3201, 320000 → 32, 320106 → 320106: the prefix forms statistical tables use. */
function codePrefix(code: string): string | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  if (code.endsWith('0000')) return code.slice(0, 2)
  if (code.endsWith('00')) return code.slice(0, 4)
  return undefined
}

const LEVEL_RANK: Record<Region['level'], number> = { country: 0, province: 1, prefecture: 2, county: 3, grouping: 4 }

/** A grouping of the regions file (一群两轴三圈 …) as a region of level `grouping`. */
export function groupingAsRegion(g: RegionsFile['groupings'][number]): Region {
  return {
    code: g.id,
    name: g.name,
    nameEn: g.nameEn,
    level: 'grouping',
    parent: null,
    aliases: g.aliases,
    members: g.members,
    partial: g.partial,
    groupingKind: g.kind,
    summaryOrder: g.summaryOrder,
  }
}

export class RegionCatalog {
  readonly #byCode = new Map<string, Region>()
  /** Exact keys (codes, names, aliases, English names) → regions. */
  readonly #exact = new Map<string, Region[]>()
  /** Short forms (南京) → regions; consulted only when no exact key matches. */
  readonly #short = new Map<string, Region[]>()
  readonly #children = new Map<string, Region[]>()

  constructor(regions: ReadonlyArray<Region>) {
    for (const r of regions) {
      if (this.#byCode.has(r.code)) throw new AppError('regions.invalid', { path: r.code, reason: 'duplicate_code', code: r.code })
      this.#byCode.set(r.code, r)
    }
    for (const r of regions) {
      const add = (map: Map<string, Region[]>, key: string) => {
        if (!key) return
        const list = map.get(key) ?? []
        if (!list.includes(r)) list.push(r)
        map.set(key, list)
      }
      // Folded like every other key, so `nanjing-metro` (folded `nanjingmetro`) is found by its spellings too.
      add(this.#exact, normaliseName(r.code))
      const prefix = codePrefix(r.code)
      if (prefix) add(this.#exact, prefix)
      for (const n of [r.name, r.nameEn, ...r.aliases]) add(this.#exact, normaliseName(n))
      for (const n of [r.name, r.nameEn, ...r.aliases]) for (const s of shortForms(n)) add(this.#short, s)
      if (r.parent) {
        const list = this.#children.get(r.parent) ?? []
        list.push(r)
        this.#children.set(r.parent, list)
      }
    }
  }

  static fromFile(file: RegionsFile): RegionCatalog {
    const regions: Region[] = file.regions.map((r) => ({ ...r, members: [], partial: [], summaryOrder: null }))
    for (const g of file.groupings) regions.push(groupingAsRegion(g))
    return new RegionCatalog(regions)
  }

  get all(): ReadonlyArray<Region> {
    return [...this.#byCode.values()]
  }

  get(code: string): Region | undefined {
    return this.#byCode.get(code)
  }

  children(code: string): ReadonlyArray<Region> {
    return this.#children.get(code) ?? []
  }

  groupings(): ReadonlyArray<Region> {
    return this.all.filter((r) => r.level === 'grouping')
  }

  /** Members for a grouping, children for an administrative region. */
  components(code: string): ReadonlyArray<Region> {
    const r = this.get(code)
    if (!r) return []
    if (r.level === 'grouping') return r.members.map((m) => this.get(m)).filter((m): m is Region => m !== undefined)
    return this.children(code)
  }

  /** True when `code` is `ancestor` or lies beneath it in the administrative hierarchy. */
  isWithin(code: string, ancestor: string): boolean {
    let cur = this.get(code)
    while (cur) {
      if (cur.code === ancestor) return true
      cur = cur.parent ? this.get(cur.parent) : undefined
    }
    return false
  }

  resolve(raw: string): Result<Region, ResolveFailure> {
    // A code as /api/regions lists it is always that region, a grouping's `nanjing-metro` included.
    const byCode = this.#byCode.get(raw.trim())
    if (byCode) return ok(byCode)
    let key = normaliseName(raw)
    if (!key) return err({ kind: 'unknown', name: raw, candidates: [] })
    // 12-digit statistical division codes (统计用区划代码) of a county or above: 320500000000 → 320500.
    if (/^\d{12}$/.test(key) && key.endsWith('000000')) key = key.slice(0, 6)
    const exact = this.#exact.get(key)
    // "Nanjing City" → "nanjing"; Chinese suffixes are not stripped from the input, so 南京县 is not 南京市.
    const english = EN_SUFFIXES.find((s) => key.endsWith(s) && key.length - s.length >= 2)
    const bare = english ? key.slice(0, -english.length) : undefined
    const found = exact ?? this.#short.get(key) ?? (bare ? (this.#exact.get(bare) ?? this.#short.get(bare)) : undefined)
    if (found && found.length === 1) return ok(found[0] as Region)
    if (found && found.length > 1) {
      // A name shared by a prefecture and one of its own districts is the prefecture (yearbooks list the city).
      const top = Math.min(...found.map((r) => LEVEL_RANK[r.level]))
      const best = found.filter((r) => LEVEL_RANK[r.level] === top)
      const [only] = best
      if (best.length === 1 && only && found.every((r) => r === only || this.isWithin(r.code, only.code))) {
        return ok(only)
      }
      return err({ kind: 'ambiguous', name: raw, candidates: found })
    }
    return err({ kind: 'unknown', name: raw, candidates: this.nearest(key) })
  }

  /** Up to three regions whose names are closest to an unknown spelling. */
  nearest(key: string, limit = 3): Region[] {
    const scored: Array<{ r: Region; d: number }> = []
    for (const r of this.#byCode.values()) {
      let best = Infinity
      for (const n of [r.name, r.nameEn, ...r.aliases, ...shortForms(r.name)]) {
        const nn = normaliseName(n)
        const d = nn.includes(key) || key.includes(nn) ? Math.abs(nn.length - key.length) * 0.5 : distance(nn, key)
        if (d < best) best = d
      }
      if (best <= Math.max(2, key.length / 2)) scored.push({ r, d: best })
    }
    scored.sort((a, b) => a.d - b.d || LEVEL_RANK[a.r.level] - LEVEL_RANK[b.r.level])
    return scored.slice(0, limit).map((s) => s.r)
  }

  /** `鼓楼区（南京市，320106）` — how candidates are listed in messages. */
  describe(r: Region): string {
    const parent = r.parent ? this.get(r.parent) : undefined
    return parent ? `${r.name}（${parent.name}，${r.code}）` : `${r.name}（${r.code}）`
  }
}

export function describeCandidates(catalog: RegionCatalog, regions: ReadonlyArray<Region>): string {
  return regions.map((r) => catalog.describe(r)).join('、')
}
