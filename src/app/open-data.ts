/**
 * Open data as a statistics office publishes it: per-indicator metadata (definition, method, sources with their
 * grade, coverage by year and region, last update, licence), a reporting status per chapter, a site search, and
 * files that say what they hold — one row per cell with the preferred published figure (the other vintages and
 * sources in a file of their own) and a "download all" archive.
 *
 * Everything here reads the published view only (`findPublished`), whoever asks: open data is what was published.
 * @module
 */
import { must } from '../core/checked.js'
import { AppError } from '../core/errors.js'
import type { SourceGrade } from '../core/source-grade.js'
import { writeZip } from '../core/zip-write.js'
import type { Indicator, Plan } from '../plan/plan-schema.js'
import type { Context } from './context.js'
import { neutraliseFormula } from './export.js'
import type { ObservationFilter } from './ports/observations.js'
import { toViews, type ObservationView } from './query.js'
import { listSources } from './sources.js'
import { loadRanking } from './source-ranking.js'

export type OpenDataLang = 'zh' | 'en'

/** The licence of urbmon's compilation; the figures themselves remain their publishers'. */
export const OPEN_DATA_LICENCE = {
  id: 'CC-BY-4.0',
  name: '知识共享署名 4.0 国际许可协议（CC BY 4.0）',
  nameEn: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  note: '本汇编（整理、元数据与文件）按 CC BY 4.0 提供，使用时请注明“urbmon 新型城镇化规划监测评估系统”；各项数值的权利仍属其发布机构，请同时注明每行所列来源。',
  noteEn:
    'This compilation (its arrangement, metadata and files) is offered under CC BY 4.0: credit "urbmon, the urbanization plan monitor". The figures remain their publishers\': cite the source given on each row as well.',
} as const

/** Who publishes this site's open data and how to reach them, as the operator configured it (null when not). */
export interface OpenDataPublisher {
  readonly publisher: string | null
  readonly publisherEn: string | null
  readonly contact: string | null
}

export const NO_PUBLISHER: OpenDataPublisher = { publisher: null, publisherEn: null, contact: null }

/** The operator's settings from the environment: URBMON_OPEN_DATA_PUBLISHER, …_PUBLISHER_EN, …_CONTACT. */
export function publisherFromEnv(env: Readonly<Record<string, string | undefined>>): OpenDataPublisher {
  const read = (k: string) => {
    const v = env[k]?.trim()
    return v ? v.slice(0, 200) : null
  }
  return { publisher: read('URBMON_OPEN_DATA_PUBLISHER'), publisherEn: read('URBMON_OPEN_DATA_PUBLISHER_EN'), contact: read('URBMON_OPEN_DATA_CONTACT') }
}

/** A cell's published figures: the one the preferred-source rule shows, and the others (other vintages, sources). */
export interface PublishedCell {
  readonly preferred: ObservationView
  readonly others: ReadonlyArray<ObservationView>
}

/** The published cells matching the filter, in key order (indicator, region, period). */
export async function publishedCells(ctx: Context, filter: ObservationFilter = {}): Promise<PublishedCell[]> {
  const rows = await ctx.observations.findPublished(filter)
  const views = toViews(ctx, rows, await loadRanking(ctx))
  const byCell = new Map<string, ObservationView[]>()
  for (const v of views) {
    const k = `${v.indicator}\u0000${v.region}\u0000${v.period}`
    const list = byCell.get(k)
    if (list) list.push(v)
    else byCell.set(k, [v])
  }
  const cells = [...byCell.values()].map((list): PublishedCell => {
    const preferred = list.find((v) => v.preferred) ?? must(list[0], 'a cell has a row')
    return { preferred, others: list.filter((v) => v !== preferred) }
  })
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return cells.sort((a, b) => cmp(a.preferred.indicator, b.preferred.indicator) || cmp(a.preferred.region, b.preferred.region) || cmp(a.preferred.period, b.preferred.period))
}

// ---------------------------------------------------------------------------------------------- metadata

export type ReportingStatus = 'complete' | 'partial' | 'none'

export interface SourceSummary {
  readonly source: string
  readonly grade: SourceGrade
  readonly vintage: string | null
  readonly publisher: string | null
  readonly publisherEn: string | null
  readonly title: string | null
  readonly titleEn: string | null
  /** Cells whose shown (preferred) figure comes from this source. */
  readonly preferredFigures: number
  /** Published figures of this source that another source's figure outranks. */
  readonly otherFigures: number
}

export interface IndicatorMetadata {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly unit: string
  readonly kind: Indicator['kind']
  readonly definition: string | null
  readonly definitionEn: string | null
  readonly chapter: string | null
  readonly section: string | null
  /** observed: published as such; derived: computed from its formula where not published. */
  readonly method: {
    readonly kind: 'observed' | 'derived'
    readonly formula: string | null
    /** The formula with indicator names for ids (Chinese, English), × and ÷ for * and /. */
    readonly formulaText: string | null
    readonly formulaTextEn: string | null
    readonly aggregation: Indicator['aggregation']
  }
  readonly targets: ReadonlyArray<{ readonly id: string; readonly name: string; readonly nameEn: string | null }>
  readonly sources: ReadonlyArray<SourceSummary>
  /** Per year, the regions with a preferred published figure (codes, in key order). */
  readonly coverage: ReadonlyArray<{ readonly year: number; readonly regions: ReadonlyArray<string> }>
  readonly cells: number
  readonly regions: number
  readonly firstYear: number | null
  readonly lastYear: number | null
  /** The latest time one of its figures was published (ISO), null without any. */
  readonly lastUpdated: string | null
  readonly status: ReportingStatus
  /** Where its files are; null when there is nothing to download. */
  readonly files: { readonly csv: string; readonly csvEn: string; readonly vintages: string | null } | null
}

/** The regions a complete indicator covers in one year: the plan's own region and its prefecture-level cities. */
export function expectedRegions(ctx: Pick<Context, 'plan' | 'regions'>): string[] {
  const scope = ctx.plan.scope
  return [
    scope,
    ...ctx.regions
      .children(scope)
      .filter((r) => r.level === 'prefecture')
      .map((r) => r.code),
  ]
}

/** The chapter an indicator belongs to: its own section's, else that of the first target that monitors it. */
function placeOf(plan: Plan, indicator: Indicator): { chapter: string | null; section: string | null } {
  const section = indicator.section ?? plan.targets.find((t) => 'indicator' in t && t.indicator === indicator.id)?.section ?? null
  if (section === null) return { chapter: null, section: null }
  const chapter = plan.chapters.find((c) => section === c.id || section.startsWith(`${c.id}(`) || c.sections.some((s) => s.id === section))
  return { chapter: chapter?.id ?? null, section }
}

/** `urbmon-<indicator>-<region|all>-<years>.csv`, years as `2015-2024` (or one year). */
export function fileName(indicator: string, region: string | null, years: readonly [number, number] | null, suffix = ''): string {
  const span = years === null ? 'none' : years[0] === years[1] ? String(years[0]) : `${years[0]}-${years[1]}`
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_')
  return `urbmon-${safe(indicator)}-${region === null ? 'all' : safe(region)}-${span}${suffix}.csv`
}

function summariseSources(
  cells: ReadonlyArray<PublishedCell>,
  registry: ReadonlyMap<string, { publisher: string | null; publisherEn: string | null; title: string | null; titleEn: string | null }>,
): SourceSummary[] {
  const out = new Map<string, { view: ObservationView; preferred: number; other: number }>()
  const count = (v: ObservationView, preferred: boolean) => {
    const e = out.get(v.source) ?? { view: v, preferred: 0, other: 0 }
    if (preferred) e.preferred++
    else e.other++
    out.set(v.source, e)
  }
  for (const c of cells) {
    count(c.preferred, true)
    for (const o of c.others) count(o, false)
  }
  return [...out.values()]
    .map(({ view, preferred, other }): SourceSummary => {
      const r = registry.get(view.source)
      return {
        source: view.source,
        grade: view.sourceGrade,
        vintage: view.sourceVintage,
        publisher: r?.publisher ?? null,
        publisherEn: r?.publisherEn ?? null,
        title: r?.title ?? null,
        titleEn: r?.titleEn ?? null,
        preferredFigures: preferred,
        otherFigures: other,
      }
    })
    .sort((a, b) => b.preferredFigures - a.preferredFigures || b.otherFigures - a.otherFigures || (a.source < b.source ? -1 : 1))
}

/** Every indicator's metadata, in the plan's order, from one read of the published figures. */
export async function indicatorCatalogue(ctx: Context): Promise<IndicatorMetadata[]> {
  const [cells, sources] = await Promise.all([publishedCells(ctx), listSources(ctx)])
  return catalogueOf(ctx, cells, sources)
}

/** The metadata from cells already read (the archive reads the published figures once for both). */
function catalogueOf(ctx: Context, cells: ReadonlyArray<PublishedCell>, sources: Awaited<ReturnType<typeof listSources>>): IndicatorMetadata[] {
  const registry = new Map(sources.map((s) => [s.source, s]))
  const byIndicator = new Map<string, PublishedCell[]>()
  for (const c of cells) {
    const list = byIndicator.get(c.preferred.indicator)
    if (list) list.push(c)
    else byIndicator.set(c.preferred.indicator, [c])
  }
  const expected = expectedRegions(ctx)
  return ctx.plan.indicators.map((ind) => metadataOf(ctx.plan, ind, byIndicator.get(ind.id) ?? [], registry, expected))
}

/** `100 * urban_pop / resident_pop` → `100 × 城镇人口 ÷ 常住人口` (or the English names). */
export function readableFormula(plan: Pick<Plan, 'indicators'>, formula: string, lang: OpenDataLang): string {
  return formula
    .replace(/[A-Za-z_][A-Za-z0-9_]*/g, (id) => {
      const i = plan.indicators.find((x) => x.id === id)
      return i ? (lang === 'en' ? i.nameEn : i.name) : id
    })
    .replace(/\s*\*\s*/g, ' × ')
    .replace(/\s*\/\s*/g, ' ÷ ')
}

function metadataOf(
  plan: Plan,
  ind: Indicator,
  cells: ReadonlyArray<PublishedCell>,
  registry: ReadonlyMap<string, { publisher: string | null; publisherEn: string | null; title: string | null; titleEn: string | null }>,
  expected: ReadonlyArray<string>,
): IndicatorMetadata {
  const byYear = new Map<number, Set<string>>()
  const regions = new Set<string>()
  let lastUpdated: string | null = null
  let hasOthers = false
  for (const c of cells) {
    const v = c.preferred
    const set = byYear.get(v.year) ?? new Set<string>()
    set.add(v.region)
    byYear.set(v.year, set)
    regions.add(v.region)
    for (const r of [v, ...c.others]) if (lastUpdated === null || r.updatedAt > lastUpdated) lastUpdated = r.updatedAt
    if (c.others.length > 0) hasOthers = true
  }
  const coverage = [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, set]) => ({ year, regions: [...set].sort() }))
  const firstYear = coverage[0]?.year ?? null
  const lastYear = coverage.at(-1)?.year ?? null
  const complete = coverage.some((y) => expected.every((r) => y.regions.includes(r)))
  const status: ReportingStatus = cells.length === 0 ? 'none' : complete ? 'complete' : 'partial'
  const base = `/api/open-data/indicators/${encodeURIComponent(ind.id)}/data.csv`
  const place = placeOf(plan, ind)
  return {
    id: ind.id,
    name: ind.name,
    nameEn: ind.nameEn,
    unit: ind.unit,
    kind: ind.kind,
    definition: ind.definition ?? null,
    definitionEn: ind.definitionEn ?? null,
    chapter: place.chapter,
    section: place.section,
    method: {
      kind: ind.formula ? 'derived' : 'observed',
      formula: ind.formula ?? null,
      formulaText: ind.formula ? readableFormula(plan, ind.formula, 'zh') : null,
      formulaTextEn: ind.formula ? readableFormula(plan, ind.formula, 'en') : null,
      aggregation: ind.aggregation,
    },
    targets: plan.targets.filter((t) => 'indicator' in t && t.indicator === ind.id).map((t) => ({ id: t.id, name: t.name, nameEn: t.nameEn })),
    sources: summariseSources(cells, registry),
    coverage,
    cells: cells.length,
    regions: regions.size,
    firstYear,
    lastYear,
    lastUpdated,
    status,
    files: cells.length === 0 ? null : { csv: base, csvEn: `${base}?lang=en`, vintages: hasOthers ? `${base}?vintages=true` : null },
  }
}

export async function indicatorMetadata(ctx: Context, id: string): Promise<IndicatorMetadata> {
  const found = (await indicatorCatalogue(ctx)).find((m) => m.id === id)
  if (!found) throw new AppError('indicator.unknown', { name: id, candidates: '' })
  return found
}

export interface ChapterStatus {
  /** null: indicators no chapter of the plan names. */
  readonly chapter: string | null
  readonly title: string
  readonly titleEn: string | null
  readonly complete: number
  readonly partial: number
  readonly none: number
  readonly indicators: ReadonlyArray<{ readonly id: string; readonly name: string; readonly nameEn: string; readonly status: ReportingStatus }>
}

/** Per chapter (in the plan's order, then the indicators no chapter names), how many indicators have data. */
export function reportingStatus(plan: Plan, catalogue: ReadonlyArray<IndicatorMetadata>): ChapterStatus[] {
  const groups: Array<{ chapter: string | null; title: string; titleEn: string | null }> = [
    ...plan.chapters.map((c) => ({ chapter: c.id, title: c.title, titleEn: c.titleEn ?? null })),
    { chapter: null, title: '其他指标（未列入章节）', titleEn: 'Other indicators (in no chapter)' },
  ]
  return groups
    .map((g): ChapterStatus => {
      const members = catalogue.filter((m) => m.chapter === g.chapter)
      const n = (s: ReportingStatus) => members.filter((m) => m.status === s).length
      return {
        ...g,
        complete: n('complete'),
        partial: n('partial'),
        none: n('none'),
        indicators: members.map((m) => ({ id: m.id, name: m.name, nameEn: m.nameEn, status: m.status })),
      }
    })
    .filter((g) => g.indicators.length > 0)
}

// ---------------------------------------------------------------------------------------------- search

export const SEARCH_MAX_LENGTH = 100
export const SEARCH_MAX_RESULTS = 50

export interface SearchHit {
  readonly type: 'indicator' | 'region' | 'target'
  readonly id: string
  readonly name: string
  readonly nameEn: string | null
  /** The dashboard's page for it (a hash route). */
  readonly link: string
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase()

/** 0 exact, 1 prefix, 2 contained in a name or id, 3 contained in other text; undefined when no field matches. */
function score(q: string, names: ReadonlyArray<string | null | undefined>, other: ReadonlyArray<string | null | undefined>): number | undefined {
  let best: number | undefined
  const consider = (s: number) => (best = best === undefined ? s : Math.min(best, s))
  for (const n of names) {
    if (!n) continue
    const f = fold(n)
    if (f === q) consider(0)
    else if (f.startsWith(q)) consider(1)
    else if (f.includes(q)) consider(2)
  }
  if (best === undefined && other.some((o) => o && fold(o).includes(q))) consider(3)
  return best
}

/** Indicators (name, id, aliases, definition), regions (name, code, aliases) and targets (name, id, text) matching `raw`. */
export function search(ctx: Pick<Context, 'plan' | 'regions'>, raw: string): SearchHit[] {
  const text = raw.trim()
  if (text.length > SEARCH_MAX_LENGTH) throw new AppError('search.query_too_long', { field: 'q', max: SEARCH_MAX_LENGTH, length: text.length })
  const q = fold(text)
  if (q === '') return []
  const hits: Array<{ hit: SearchHit; score: number; order: number }> = []
  let order = 0
  for (const i of ctx.plan.indicators) {
    const s = score(q, [i.name, i.nameEn, i.id, ...i.aliases], [i.definition, i.definitionEn])
    if (s !== undefined)
      hits.push({ hit: { type: 'indicator', id: i.id, name: i.name, nameEn: i.nameEn, link: `#/opendata/indicator/${encodeURIComponent(i.id)}` }, score: s, order: order++ })
  }
  for (const r of ctx.regions.all) {
    const s = score(q, [r.name, r.nameEn, r.code, ...r.aliases], [])
    if (s !== undefined)
      hits.push({ hit: { type: 'region', id: r.code, name: r.name, nameEn: r.nameEn, link: `#/region/${encodeURIComponent(r.code)}` }, score: s, order: order++ })
  }
  for (const t of ctx.plan.targets) {
    const s = score(q, [t.name, t.nameEn, t.id], [t.text])
    const link = 'indicator' in t ? `#/indicator/${encodeURIComponent(t.indicator)}` : '#/'
    if (s !== undefined) hits.push({ hit: { type: 'target', id: t.id, name: t.name, nameEn: t.nameEn, link }, score: s, order: order++ })
  }
  return hits
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, SEARCH_MAX_RESULTS)
    .map((h) => h.hit)
}

// ---------------------------------------------------------------------------------------------- files

const GRADE_NAMES: Readonly<Record<SourceGrade, { zh: string; en: string }>> = {
  yearbook: { zh: '统计年鉴', en: 'statistical yearbook' },
  bulletin: { zh: '统计公报', en: 'statistical bulletin' },
  government: { zh: '政府报告', en: 'government report' },
  news: { zh: '新闻报道', en: 'news report' },
  secondary: { zh: '二手资料', en: 'secondary source' },
  unrated: { zh: '未评级', en: 'unrated' },
}

export function gradeName(grade: SourceGrade, lang: OpenDataLang): string {
  return GRADE_NAMES[grade][lang]
}

const HEADINGS = {
  zh: ['指标代码', '指标名称', '地区代码', '地区名称', '年份', '数值', '单位', '来源', '来源等级', '来源版本', '发布时间', '备注'],
  en: ['indicator', 'indicator_name', 'region', 'region_name', 'year', 'value', 'unit', 'source', 'source_grade', 'source_vintage', 'published_at', 'note'],
} as const
const PREFERRED_HEADING = { zh: '是否采用', en: 'preferred' } as const

function csvField(v: string | number | null): string {
  if (v === null) return ''
  const text = typeof v === 'string' ? neutraliseFormula(v) : String(v)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export interface OpenDataFile {
  readonly name: string
  readonly body: string
  readonly rows: number
}

interface FileRequest {
  readonly indicator: string
  readonly region?: string
  readonly fromYear?: number
  readonly toYear?: number
  readonly lang: OpenDataLang
  /** Every published figure of each cell (a `preferred` column says which is shown) instead of one per cell. */
  readonly vintages: boolean
}

function renderRows(ctx: Pick<Context, 'indicators' | 'regions'>, cells: ReadonlyArray<PublishedCell>, lang: OpenDataLang, vintages: boolean): string[] {
  const lines: string[] = []
  for (const c of cells) {
    for (const v of vintages ? [c.preferred, ...c.others] : [c.preferred]) {
      const ind = ctx.indicators.get(v.indicator)
      const reg = ctx.regions.get(v.region)
      const fields: Array<string | number | null> = [
        v.indicator,
        lang === 'en' ? (ind?.nameEn ?? v.indicator) : (ind?.name ?? v.indicator),
        v.region,
        lang === 'en' ? (reg?.nameEn ?? v.region) : (reg?.name ?? v.region),
        v.year,
        v.value,
        v.unit,
        v.source,
        gradeName(v.sourceGrade, lang),
        v.sourceVintage,
        v.updatedAt,
        v.note,
      ]
      if (vintages) fields.push(v === c.preferred ? (lang === 'en' ? 'yes' : '是') : lang === 'en' ? 'no' : '否')
      lines.push(`${fields.map(csvField).join(',')}\r\n`)
    }
  }
  return lines
}

function csvOf(ctx: Pick<Context, 'indicators' | 'regions'>, cells: ReadonlyArray<PublishedCell>, lang: OpenDataLang, vintages: boolean): string {
  const heading = [...HEADINGS[lang], ...(vintages ? [PREFERRED_HEADING[lang]] : [])].join(',')
  return `\ufeff${heading}\r\n${renderRows(ctx, cells, lang, vintages).join('')}`
}

const yearSpan = (cells: ReadonlyArray<PublishedCell>): [number, number] | null => {
  if (cells.length === 0) return null
  // A loop, not Math.min(...years): an indicator can have more cells than a call has room for arguments.
  let min = Infinity
  let max = -Infinity
  for (const c of cells) {
    min = Math.min(min, c.preferred.year)
    max = Math.max(max, c.preferred.year)
  }
  return [min, max]
}

/** One indicator's file (optionally one region and a year range); refused when no published figure matches. */
export async function indicatorFile(ctx: Context, req: FileRequest): Promise<OpenDataFile> {
  const cells = await publishedCells(ctx, {
    indicators: [req.indicator],
    ...(req.region ? { regions: [req.region] } : {}),
    ...(req.fromYear !== undefined ? { fromYear: req.fromYear } : {}),
    ...(req.toYear !== undefined ? { toYear: req.toYear } : {}),
  })
  if (cells.length === 0) {
    const years = req.fromYear !== undefined || req.toYear !== undefined ? `${req.fromYear ?? ''}-${req.toYear ?? ''}` : '*'
    throw new AppError('opendata.no_data', { indicator: req.indicator, region: req.region ?? '*', years })
  }
  const name = fileName(req.indicator, req.region ?? null, yearSpan(cells), `${req.vintages ? '-vintages' : ''}${req.lang === 'en' ? '-en' : ''}`)
  return { name, body: csvOf(ctx, cells, req.lang, req.vintages), rows: req.vintages ? cells.reduce((n, c) => n + 1 + c.others.length, 0) : cells.length }
}

const METADATA_COLUMNS = [
  'id',
  'name',
  'nameEn',
  'unit',
  'definition',
  'definitionEn',
  'method',
  'formula',
  'formulaText',
  'aggregation',
  'chapter',
  'status',
  'cells',
  'regions',
  'firstYear',
  'lastYear',
  'lastUpdated',
  'sources',
  'file',
] as const

/** The "download all" archive: a CSV per indicator with data (and its vintages file), the metadata, a README. */
export async function openDataArchive(ctx: Context, publisher: OpenDataPublisher, at: Date): Promise<{ name: string; body: Buffer }> {
  const [cells, sources] = await Promise.all([publishedCells(ctx), listSources(ctx)])
  const catalogue = catalogueOf(ctx, cells, sources)
  const byIndicator = new Map<string, PublishedCell[]>()
  for (const c of cells) {
    const list = byIndicator.get(c.preferred.indicator)
    if (list) list.push(c)
    else byIndicator.set(c.preferred.indicator, [c])
  }
  const date = at.toISOString().slice(0, 10)
  const entries: Array<{ name: string; data: Uint8Array }> = []
  const fileOf = new Map<string, string>()
  for (const m of catalogue) {
    const mine = byIndicator.get(m.id)
    if (!mine) continue
    const name = `data/${fileName(m.id, null, yearSpan(mine))}`
    fileOf.set(m.id, name)
    entries.push({ name, data: Buffer.from(csvOf(ctx, mine, 'zh', false)) })
    if (mine.some((c) => c.others.length > 0))
      entries.push({ name: `vintages/${fileName(m.id, null, yearSpan(mine), '-vintages')}`, data: Buffer.from(csvOf(ctx, mine, 'zh', true)) })
  }
  const metaRows = catalogue.map((m) =>
    [
      m.id,
      m.name,
      m.nameEn,
      m.unit,
      m.definition,
      m.definitionEn,
      m.method.kind,
      m.method.formula,
      m.method.formulaText,
      m.method.aggregation,
      m.chapter,
      m.status,
      m.cells,
      m.regions,
      m.firstYear,
      m.lastYear,
      m.lastUpdated,
      m.sources.map((s) => `${s.publisher ?? s.source} (${s.grade})`).join('; '),
      fileOf.get(m.id) ?? null,
    ]
      .map(csvField)
      .join(','),
  )
  entries.push({ name: 'metadata.csv', data: Buffer.from(`\ufeff${METADATA_COLUMNS.join(',')}\r\n${metaRows.map((r) => `${r}\r\n`).join('')}`) })
  entries.push({
    name: 'metadata.json',
    data: Buffer.from(`${JSON.stringify({ plan: ctx.plan.id, generated: at.toISOString(), licence: OPEN_DATA_LICENCE, ...publisher, indicators: catalogue }, null, 2)}\n`),
  })
  entries.push({ name: 'README.txt', data: Buffer.from(readme(ctx.plan, publisher, date, entries.length)) })
  return { name: `urbmon-open-data-${date}.zip`, body: writeZip(entries, at) }
}

function readme(plan: Plan, publisher: OpenDataPublisher, date: string, files: number): string {
  const lines = [
    `urbmon 开放数据 · ${plan.title}`,
    `生成日期：${date}`,
    publisher.publisher ? `发布机构：${publisher.publisher}` : null,
    publisher.contact ? `联系方式：${publisher.contact}` : null,
    '',
    '内容：',
    '  data/        每个有已发布数据的指标一个 CSV（UTF-8 BOM，中文列名），每个 指标×地区×年份 一行，为按优先来源规则采用的已发布数值；',
    '  vintages/    同一单元格的其他来源或版本（“是否采用”列标明采用的一行）；',
    '  metadata.csv、metadata.json  指标定义、单位、方法、来源及等级、覆盖年份与地区、最近更新时间。',
    '',
    `许可：${OPEN_DATA_LICENCE.name} ${OPEN_DATA_LICENCE.url}`,
    OPEN_DATA_LICENCE.note,
    '',
    `urbmon open data · ${plan.titleEn}`,
    `Generated: ${date}`,
    publisher.publisherEn || publisher.publisher ? `Publisher: ${publisher.publisherEn ?? publisher.publisher}` : null,
    publisher.contact ? `Contact: ${publisher.contact}` : null,
    '',
    'Contents:',
    '  data/        one CSV per indicator with published figures (UTF-8 with BOM, Chinese headings; the API gives English ones with lang=en),',
    '               one row per indicator x region x year: the published figure the preferred-source rule shows;',
    '  vintages/    every published figure of those cells, other sources and vintages included (the 是否采用 column marks the one shown);',
    '  metadata.csv, metadata.json  definitions, units, methods, sources and their grades, coverage, last update.',
    '',
    `Licence: ${OPEN_DATA_LICENCE.nameEn} ${OPEN_DATA_LICENCE.url}`,
    OPEN_DATA_LICENCE.noteEn,
    '',
    `(${files} files besides this one)`,
  ]
  return `\ufeff${lines.filter((l) => l !== null).join('\r\n')}\r\n`
}
