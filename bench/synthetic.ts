/**
 * The shape of the synthetic benchmark data: a region tree (one country, provinces, prefectures, counties, with
 * GB/T 2260-style codes), groupings, indicators (stocks, rates, means, and ratios derived by formula) and a plan
 * with targets in every shape the schema allows. Pure and seeded: the same size and seed give the same structure.
 * The observations themselves are written by generate.ts.
 * @module
 */
import { stringify } from 'yaml'

import { at } from '../src/core/checked.js'
import { mulberry32 } from '../src/forecasting/mulberry32.js'

export interface Size {
  readonly name: 'small' | 'national' | 'custom'
  /** Every administrative region, country included (groupings not counted). */
  readonly regions: number
  /** Every indicator of the plan, derived ones included. */
  readonly indicators: number
  readonly years: number
}

/** Jiangsu-like (1 province, ~11 prefectures, ~100 counties) and the whole country (31 / ~330 / ~2,850). */
export const SIZES: Readonly<Record<'small' | 'national', Size>> = {
  small: { name: 'small', regions: 110, indicators: 50, years: 15 },
  national: { name: 'national', regions: 3200, indicators: 200, years: 15 },
}

/** The last year with data; the plan runs 2021–2025 so the latest data year sits inside its period. */
export const LAST_YEAR = 2024
export const COUNTRY = '100000'

export type Level = 'country' | 'province' | 'prefecture' | 'county'

export interface SynRegion {
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly level: Level
  readonly parent: string | null
  /** Index of the parent in `Structure.regions` (−1 for the root). */
  readonly parentIndex: number
}

export interface SynGrouping {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly kind: 'statistical-region' | 'city-cluster'
  readonly members: ReadonlyArray<string>
}

/**
 * stock: summed over regions (integers in fixed point, so a parent is exactly the sum of its children);
 * rate: a share in % following an S-curve, population-weighted over regions; mean: a plain mean;
 * derived: a formula over published indicators, aggregated as a ratio of summed components, never written.
 */
export type IndicatorKind = 'stock' | 'rate' | 'mean' | 'derived'

export interface SynIndicator {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly unit: string
  readonly decimals: number
  readonly kind: IndicatorKind
  readonly aggregation: 'sum' | 'ratio' | 'weighted_mean' | 'mean'
  readonly direction: 'higher' | 'lower' | 'none'
  readonly range?: readonly [number, number]
  readonly formula?: string
  readonly weight?: string
  /** How leaf values are drawn (see generate.ts). */
  readonly shape: 'population' | 'urban' | 'gdp' | 'money' | 'count' | 'scurve' | 'index' | 'none'
}

export interface Structure {
  readonly size: Size
  readonly seed: number
  /** Top-down: the country, then each province followed by its prefectures, each followed by its counties. */
  readonly regions: ReadonlyArray<SynRegion>
  readonly groupings: ReadonlyArray<SynGrouping>
  readonly indicators: ReadonlyArray<SynIndicator>
  readonly years: ReadonlyArray<number>
}

/** GB/T 2260 province prefixes, so codes look real (11 北京 … 65 新疆); 31 of them. */
const PROVINCE_PREFIXES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65]

const pad2 = (n: number) => String(n).padStart(2, '0')

/**
 * Splits `total` items over `bins` bins, each getting at least `min`, in proportion to random weights — so
 * provinces differ in size as real ones do — by largest remainder (deterministic for a given rng).
 */
function split(total: number, bins: number, min: number, rng: () => number): number[] {
  const weights = Array.from({ length: bins }, () => 0.4 + 1.2 * rng())
  const spare = total - min * bins
  if (spare < 0) throw new Error(`cannot split ${total} into ${bins} bins of at least ${min}`)
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (w / sum) * spare)
  const out = exact.map((x) => min + Math.floor(x))
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (let k = 0; left > 0; k = (k + 1) % bins, left--) {
    const { i } = at(order, k)
    out[i] = at(out, i) + 1
  }
  return out
}

/** How many provinces, prefectures and counties make `n` regions, in the proportions of China (31 : 330 : 2,850). */
export function levelCounts(n: number): { provinces: number; prefectures: number; counties: number } {
  if (!Number.isInteger(n) || n < 4) throw new Error(`--regions must be an integer ≥ 4 (country, province, prefecture, county), got ${n}`)
  let provinces = Math.min(31, Math.max(1, Math.round(n / 103.2)))
  let rest = n - 1 - provinces
  let prefectures = Math.max(1, Math.round(rest / 9.64))
  if (prefectures < provinces) {
    provinces = prefectures
    rest = n - 1 - provinces
    prefectures = Math.max(provinces, Math.round(rest / 9.64))
  }
  const counties = rest - prefectures
  if (counties < 1) throw new Error(`--regions ${n} is too small`)
  // Codes have two digits per level: at most 99 prefectures per province and 99 counties per prefecture.
  if (prefectures > provinces * 60 || counties > prefectures * 60) throw new Error(`--regions ${n} is too large for 6-digit codes`)
  return { provinces, prefectures, counties }
}

function buildRegions(n: number, rng: () => number): SynRegion[] {
  const c = levelCounts(n)
  const prefPerProvince = split(c.prefectures, c.provinces, 1, rng)
  const countiesPerPref = split(c.counties, c.prefectures, 1, rng)
  const out: SynRegion[] = [{ code: COUNTRY, name: '全国', nameEn: 'Synthetic country', level: 'country', parent: null, parentIndex: -1 }]
  let prefIndex = 0
  for (let p = 0; p < c.provinces; p++) {
    const pp = pad2(p + 1)
    const prov = `${PROVINCE_PREFIXES[p]}0000`
    const provIndex = out.length
    out.push({ code: prov, name: `省${pp}`, nameEn: `Province ${pp}`, level: 'province', parent: COUNTRY, parentIndex: 0 })
    for (let q = 0; q < at(prefPerProvince, p); q++) {
      const qq = pad2(q + 1)
      const pref = `${PROVINCE_PREFIXES[p]}${qq}00`
      const idx = out.length
      out.push({ code: pref, name: `市${pp}${qq}`, nameEn: `City ${pp}${qq}`, level: 'prefecture', parent: prov, parentIndex: provIndex })
      const k = at(countiesPerPref, prefIndex++)
      for (let r = 0; r < k; r++) {
        const rr = pad2(r + 1)
        out.push({ code: `${PROVINCE_PREFIXES[p]}${qq}${rr}`, name: `县${pp}${qq}${rr}`, nameEn: `County ${pp}${qq}${rr}`, level: 'county', parent: pref, parentIndex: idx })
      }
    }
  }
  return out
}

/** 东部/中部/西部/东北 over the provinces (in China's 10 : 6 : 12 : 3 proportion) and a few city clusters of prefectures. */
function buildGroupings(regions: ReadonlyArray<SynRegion>): SynGrouping[] {
  const provinces = regions.filter((r) => r.level === 'province').map((r) => r.code)
  const prefectures = regions.filter((r) => r.level === 'prefecture').map((r) => r.code)
  const bands = [
    { id: 'east', name: '东部地区', nameEn: 'Eastern region', share: 10 },
    { id: 'central', name: '中部地区', nameEn: 'Central region', share: 6 },
    { id: 'west', name: '西部地区', nameEn: 'Western region', share: 12 },
    { id: 'northeast', name: '东北地区', nameEn: 'Northeast region', share: 3 },
  ]
  const out: SynGrouping[] = []
  let start = 0
  let cumulative = 0
  for (const b of bands) {
    cumulative += b.share
    const end = Math.round((cumulative / 31) * provinces.length)
    const members = provinces.slice(start, end)
    start = end
    if (members.length > 0) out.push({ id: b.id, name: b.name, nameEn: b.nameEn, kind: 'statistical-region', members })
  }
  const clusters = Math.min(5, prefectures.length)
  const width = Math.max(1, Math.min(12, Math.round(prefectures.length * 0.04)))
  for (let k = 0; k < clusters; k++) {
    const from = Math.floor((k * prefectures.length) / clusters)
    out.push({ id: `cluster-${k + 1}`, name: `城市群${k + 1}`, nameEn: `City cluster ${k + 1}`, kind: 'city-cluster', members: prefectures.slice(from, from + width) })
  }
  return out
}

const CORE: SynIndicator[] = [
  {
    id: 'resident_pop',
    name: '常住人口',
    nameEn: 'Resident population',
    unit: '万人',
    decimals: 2,
    kind: 'stock',
    aggregation: 'sum',
    direction: 'none',
    range: [0, 200000],
    shape: 'population',
  },
  {
    id: 'urban_pop',
    name: '城镇人口',
    nameEn: 'Urban resident population',
    unit: '万人',
    decimals: 2,
    kind: 'stock',
    aggregation: 'sum',
    direction: 'none',
    range: [0, 200000],
    shape: 'urban',
  },
  {
    id: 'gdp',
    name: '地区生产总值',
    nameEn: 'Gross regional product',
    unit: '亿元',
    decimals: 2,
    kind: 'stock',
    aggregation: 'sum',
    direction: 'higher',
    range: [0, 5000000],
    shape: 'gdp',
  },
  {
    id: 'urbanization_rate',
    name: '常住人口城镇化率',
    nameEn: 'Urbanization rate',
    unit: '%',
    decimals: 2,
    kind: 'derived',
    aggregation: 'ratio',
    direction: 'higher',
    range: [0, 100],
    formula: '100 * urban_pop / resident_pop',
    weight: 'resident_pop',
    shape: 'none',
  },
  {
    id: 'gdp_per_capita',
    name: '人均地区生产总值',
    nameEn: 'GRP per capita',
    unit: '元',
    decimals: 0,
    kind: 'derived',
    aggregation: 'ratio',
    direction: 'higher',
    formula: '10000 * gdp / resident_pop',
    shape: 'none',
  },
]

/** The published filler indicators cycle through these so every size gets a mix of stocks, rates and means. */
const FILLER_CYCLE = ['money', 'scurve', 'count', 'index', 'scurve', 'money'] as const

function buildIndicators(n: number): SynIndicator[] {
  if (!Number.isInteger(n) || n < CORE.length) throw new Error(`--indicators must be an integer ≥ ${CORE.length}, got ${n}`)
  const out = [...CORE]
  // ~15 % derived in all, spread evenly over the filler (the core already has two).
  const derivedTotal = Math.max(2, Math.round(0.15 * n))
  const fillers = n - CORE.length
  const derivedFillers = Math.min(fillers, derivedTotal - 2)
  let derivedDone = 0
  let published = 0
  const stocks: string[] = []
  for (let k = 0; k < fillers; k++) {
    const num = String(out.length + 1).padStart(3, '0')
    // Place derived indicators at even spacing: the k-th filler is derived when the running quota says so.
    const wantDerived = derivedDone < derivedFillers && Math.floor(((k + 1) * derivedFillers) / fillers) > derivedDone && stocks.length > 0
    if (wantDerived) {
      const base = at(stocks, derivedDone % stocks.length)
      derivedDone++
      if (base.startsWith('count_')) {
        out.push({
          id: `per10k_${num}`,
          name: `每万人指标${num}`,
          nameEn: `Per 10,000 residents ${num}`,
          unit: '个/万人',
          decimals: 2,
          kind: 'derived',
          aggregation: 'ratio',
          direction: 'higher',
          formula: `${base} / resident_pop`,
          shape: 'none',
        })
      } else {
        out.push({
          id: `percap_${num}`,
          name: `人均指标${num}`,
          nameEn: `Per capita ${num}`,
          unit: '元',
          decimals: 0,
          kind: 'derived',
          aggregation: 'ratio',
          direction: 'higher',
          formula: `10000 * ${base} / resident_pop`,
          shape: 'none',
        })
      }
      continue
    }
    const shape = at(FILLER_CYCLE, published++ % FILLER_CYCLE.length)
    switch (shape) {
      case 'money':
        out.push({
          id: `stock_${num}`,
          name: `总量指标${num}`,
          nameEn: `Stock ${num}`,
          unit: '亿元',
          decimals: 2,
          kind: 'stock',
          aggregation: 'sum',
          direction: 'higher',
          range: [0, 5000000],
          shape,
        })
        stocks.push(`stock_${num}`)
        break
      case 'count':
        out.push({
          id: `count_${num}`,
          name: `数量指标${num}`,
          nameEn: `Count ${num}`,
          unit: '个',
          decimals: 0,
          kind: 'stock',
          aggregation: 'sum',
          direction: 'higher',
          range: [0, 100000000],
          shape,
        })
        stocks.push(`count_${num}`)
        break
      case 'scurve':
        out.push({
          id: `rate_${num}`,
          name: `比率指标${num}`,
          nameEn: `Rate ${num}`,
          unit: '%',
          decimals: 2,
          kind: 'rate',
          aggregation: 'weighted_mean',
          weight: 'resident_pop',
          direction: 'higher',
          range: [0, 100],
          shape,
        })
        break
      case 'index':
        out.push({
          id: `index_${num}`,
          name: `指数指标${num}`,
          nameEn: `Index ${num}`,
          unit: '分',
          decimals: 1,
          kind: 'mean',
          aggregation: 'mean',
          direction: published % 2 === 0 ? 'lower' : 'higher',
          range: [0, 1000],
          shape,
        })
        break
    }
  }
  return out
}

export function buildStructure(size: Size, seed: number): Structure {
  if (!Number.isInteger(size.years) || size.years < 1 || size.years > 60) throw new Error(`--years must be an integer 1–60, got ${size.years}`)
  // A stream of its own, so the structure does not depend on how many values are drawn later.
  const rng = mulberry32(seed ^ 0x5eed0001)
  const regions = buildRegions(size.regions, rng)
  return {
    size,
    seed,
    regions,
    groupings: buildGroupings(regions),
    indicators: buildIndicators(size.indicators),
    years: Array.from({ length: size.years }, (_, i) => LAST_YEAR - size.years + 1 + i),
  }
}

export function regionsYaml(s: Structure): string {
  const doc = {
    source: `Synthetic regions for the urbmon benchmark (size ${s.size.name}: ${s.size.regions} regions, seed ${s.seed}); codes in the GB/T 2260 pattern, names invented.`,
    regions: s.regions.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, level: r.level, parent: r.parent, aliases: [] })),
    groupings: s.groupings.map((g) => ({ id: g.id, name: g.name, nameEn: g.nameEn, kind: g.kind, aliases: [], members: g.members, partial: [], summaryOrder: null })),
  }
  return `# GENERATED by bench/generate.ts — synthetic benchmark data, not real regions.\n${stringify(doc, { lineWidth: 0 })}`
}

/** Targets in every shape the schema allows, on the country, the provinces and the groupings (a few dozen at national size). */
export function buildTargets(s: Structure): Record<string, unknown>[] {
  const provinces = s.regions.filter((r) => r.level === 'province')
  const has = (id: string) => s.indicators.some((i) => i.id === id)
  const rate = s.indicators.find((i) => i.kind === 'rate')
  const stock = s.indicators.find((i) => i.id.startsWith('stock_'))
  const base = { section: '二(三)', milestone: 'final', year: 2025 }
  const t: Record<string, unknown>[] = []
  t.push({
    id: 'urbanization-2025',
    name: '常住人口城镇化率达到65%以上',
    nameEn: 'Urbanization rate of at least 65 %',
    kind: 'level',
    indicator: 'urbanization_rate',
    region: COUNTRY,
    comparator: '>=',
    value: 65,
    ...base,
    text: '到2025年，常住人口城镇化率达到65%以上',
  })
  t.push({
    id: 'urbanization-2035',
    name: '常住人口城镇化率达到75%左右',
    nameEn: 'Urbanization rate of about 75 % by 2035',
    kind: 'level',
    indicator: 'urbanization_rate',
    region: COUNTRY,
    comparator: 'about',
    value: 75,
    tolerance: 1,
    ...base,
    year: 2035,
    milestone: 'outlook',
    text: '展望2035年，常住人口城镇化率达到75%左右',
  })
  t.push({
    id: 'gdp-per-capita-2025',
    name: '人均地区生产总值达到9万元',
    nameEn: 'GRP per capita of 90,000 yuan',
    kind: 'level',
    indicator: 'gdp_per_capita',
    region: COUNTRY,
    comparator: '>=',
    value: 90000,
    ...base,
    text: '到2025年，人均地区生产总值达到9万元',
  })
  t.push({
    id: 'urban-pop-growth',
    name: '城镇人口持续增加',
    nameEn: 'Urban population keeps growing',
    kind: 'direction',
    indicator: 'urban_pop',
    region: COUNTRY,
    direction: 'increase',
    ...base,
    text: '城镇人口持续增加',
  })
  if (rate)
    t.push({
      id: 'rate-between',
      name: `${rate.name}保持在60%—80%`,
      nameEn: `${rate.nameEn} between 60 % and 80 %`,
      kind: 'level',
      indicator: rate.id,
      region: COUNTRY,
      comparator: 'between',
      min: 60,
      max: 80,
      ...base,
      text: `${rate.name}保持在60%—80%`,
    })
  if (stock)
    t.push({
      id: 'stock-lower',
      name: `${stock.name}不超过上限`,
      nameEn: `${stock.nameEn} under its cap`,
      kind: 'level',
      indicator: stock.id,
      region: COUNTRY,
      comparator: '<=',
      value: 5000000,
      ...base,
      text: `${stock.name}不超过上限`,
    })
  // One level target per province (up to 20), with a goal a little above or below where it is.
  provinces.slice(0, 20).forEach((p, i) => {
    const goal = 60 + (i % 7) * 2
    t.push({
      id: `urbanization-${p.code}`,
      name: `${p.name}城镇化率达到${goal}%`,
      nameEn: `${p.nameEn}: urbanization rate ${goal} %`,
      kind: 'level',
      indicator: 'urbanization_rate',
      region: p.code,
      comparator: '>=',
      value: goal,
      ...base,
      text: `${p.name}常住人口城镇化率达到${goal}%`,
    })
  })
  provinces.slice(0, 5).forEach((p) => {
    t.push({
      id: `big-cities-${p.code}`,
      name: `${p.name}培育3个经济总量超5000亿的城市`,
      nameEn: `${p.nameEn}: three cities with GRP over 500 billion`,
      kind: 'count',
      indicator: 'gdp',
      over: { parent: p.code, level: 'prefecture' },
      threshold: { comparator: '>=', value: 5000 },
      comparator: '>=',
      value: 3,
      ...base,
      qualifier: 'strive',
      text: `力争培育3个经济总量超5000亿的城市`,
    })
  })
  t.push({
    id: 'counties-urbanized',
    name: '约60%的县城镇化率超过50%',
    nameEn: 'About 60 % of counties over 50 % urbanized',
    kind: 'share',
    indicator: 'urbanization_rate',
    over: { parent: COUNTRY, level: 'county' },
    threshold: { comparator: '>=', value: 50 },
    comparator: 'about',
    value: 60,
    tolerance: 5,
    ...base,
    text: '约60%的县城镇化率超过50%',
  })
  const east = s.groupings.find((g) => g.id === 'east')
  if (east)
    t.push({
      id: 'east-provinces',
      name: '东部省份城镇化率均达到60%',
      nameEn: 'Every eastern province over 60 % urbanized',
      kind: 'each',
      indicator: 'urbanization_rate',
      over: { grouping: 'east' },
      threshold: { comparator: '>=', value: 60 },
      ...base,
      text: '东部省份城镇化率均达到60%',
    })
  const cluster = s.groupings.find((g) => g.kind === 'city-cluster')
  if (cluster && has('gdp_per_capita')) {
    t.push({
      id: 'cluster-rich',
      name: `${cluster.name}过半城市人均GDP超8万元`,
      nameEn: `Half of ${cluster.nameEn} over 80,000 yuan per capita`,
      kind: 'share',
      indicator: 'gdp_per_capita',
      over: { grouping: cluster.id },
      threshold: { comparator: '>=', value: 80000 },
      comparator: '>=',
      value: 50,
      ...base,
      text: '过半城市人均GDP超8万元',
    })
  }
  t.push({
    id: 'governance',
    name: '城市治理能力明显提升',
    nameEn: 'Markedly better urban governance',
    kind: 'qualitative',
    criteria: ['治理体系健全', '数字化治理覆盖主要城市'],
    ...base,
    text: '城市治理能力明显提升',
  })
  return t
}

export function planYaml(s: Structure, regionsFile: string): string {
  const plan = {
    schema: 'urbmon/plan@1',
    id: `bench-${s.size.name}`,
    version: '1.0.0',
    title: `合成基准规划（${s.size.name}）`,
    titleEn: `Synthetic benchmark plan (${s.size.name})`,
    scope: COUNTRY,
    regions: regionsFile,
    period: { start: 2021, end: 2025, baselineYear: 2020, outlookYear: 2035 },
    statusThresholds: { onTrack: 1, atRisk: 0.8 },
    reportingLag: 1,
    summaryTolerance: 0.0005,
    milestones: [
      { id: 'baseline', year: 2020, kind: 'baseline', name: '基期', nameEn: 'Baseline' },
      { id: 'midterm', year: 2023, kind: 'midterm_evaluation', name: '中期评估', nameEn: 'Mid-term evaluation' },
      { id: 'final', year: 2025, kind: 'final_evaluation', name: '总结评估', nameEn: 'Final evaluation' },
      { id: 'outlook', year: 2035, kind: 'outlook', name: '2035年远景', nameEn: '2035 outlook' },
    ],
    chapters: [{ id: '二', title: '总体要求', titleEn: 'General requirements', sections: [{ id: '二(三)', title: '主要目标', titleEn: 'Main targets' }] }],
    indicators: s.indicators.map((i) => ({
      id: i.id,
      name: i.name,
      nameEn: i.nameEn,
      unit: i.unit,
      direction: i.direction,
      aggregation: i.aggregation,
      ...(i.formula ? { formula: i.formula } : {}),
      ...(i.weight ? { weight: i.weight } : {}),
      ...(i.range ? { range: [...i.range] } : {}),
      decimals: i.decimals,
    })),
    // Checked on every import, per region and year: part of "full validation".
    rules: [
      {
        id: 'urban_within_total',
        name: '城镇人口不超过常住人口',
        nameEn: 'Urban population does not exceed resident population',
        left: 'urban_pop',
        operator: '<=',
        right: 'resident_pop',
      },
    ],
    targets: buildTargets(s),
  }
  return `# GENERATED by bench/generate.ts — a synthetic plan for benchmarks.\n${stringify(plan, { lineWidth: 0 })}`
}
