/**
 * Data templates for reporters: their regions × the indicators of a plan chapter (or a list) × one year, in the
 * long layout the importer reads (src/ingest/layout-long.ts), with the previous year's published value beside an
 * empty value column. The reference column's heading is none the importer knows, so it is never imported.
 * @module
 */
import type ExcelJS from 'exceljs'

import { AppError } from '../core/errors.js'
import type { Indicator, Plan } from '../plan/plan-schema.js'
import type { RegionCatalog } from '../regions/region-catalog.js'
import type { Context } from './context.js'
import { DataRequestService } from './data-requests.js'
import { neutraliseFormula } from './export.js'
import { expectedRegions, publishedCells } from './open-data.js'
import type { User } from './users.js'
import { mayWriteRegion } from './users.js'

export type TemplateFormat = 'xlsx' | 'csv'

export interface TemplateRequest {
  readonly format: string
  readonly year: string
  readonly section?: string | undefined
  readonly indicators?: string | undefined
  readonly regions?: string | undefined
  /** A data request's id: its indicators, year and (for a reporter) the reporter's share of its regions. */
  readonly request?: string | undefined
}

export interface TemplateRow {
  readonly indicator: Indicator
  readonly region: { readonly code: string; readonly name: string }
  readonly year: number
  readonly previous: number | null
}

/** Headings the long-layout importer reads (first match wins: 指标代码 before 指标名称, 地区代码 before 地区名称). */
export const templateHeadings = (year: number): string[] => [
  '指标代码',
  '指标名称',
  '地区代码',
  '地区名称',
  '年份',
  '单位',
  `上年数值（${year - 1}年，仅供参考，不导入）`,
  '数值',
  '来源',
  '备注',
]
/** The value column, 1-based. */
export const VALUE_COLUMN = 8

const bad = (field: string, value: string): never => {
  throw new AppError('http.bad_value', { field, value: value.slice(0, 100) })
}

/** The indicators of a chapter (二) or section (二(三)): their own section's, and those its targets monitor. */
export function sectionIndicators(plan: Plan, section: string): Indicator[] {
  const s = section.normalize('NFKC').replace(/\s+/g, '')
  const known = plan.chapters.some((c) => c.id.normalize('NFKC') === s || c.sections.some((x) => x.id.normalize('NFKC') === s))
  if (!known) bad('section', section)
  const inside = (id: string | undefined) => {
    if (!id) return false
    const n = id.normalize('NFKC')
    return n === s || n.startsWith(`${s}(`)
  }
  const fromTargets = new Set(plan.targets.filter((t) => inside(t.section) && 'indicator' in t).map((t) => (t as { indicator: string }).indicator))
  return plan.indicators.filter((i) => inside(i.section) || fromTargets.has(i.id))
}

/** What the request asks for, checked: the parameter at fault is named. Pure apart from the catalogs. */
export function resolveTemplateRequest(
  ctx: Pick<Context, 'plan' | 'regions' | 'indicators'>,
  user: User,
  req: TemplateRequest,
): { format: TemplateFormat; year: number; indicators: Indicator[]; regions: string[] } {
  const format = req.format === 'xlsx' || req.format === 'csv' ? req.format : bad('format', req.format)
  const year = /^\d{4}$/.test(req.year) && Number(req.year) >= 1900 && Number(req.year) <= 2100 ? Number(req.year) : bad('year', req.year)
  const chosen = new Map<string, Indicator>()
  if (req.section) for (const i of sectionIndicators(ctx.plan, req.section)) chosen.set(i.id, i)
  if (req.indicators) {
    for (const raw of req.indicators
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const r = ctx.indicators.resolve(raw)
      if (!r.ok) bad('indicators', raw)
      else chosen.set(r.value.indicator.id, r.value.indicator)
    }
  }
  if (!req.section && !req.indicators) bad('section', '')
  if (chosen.size === 0) bad(req.section ? 'section' : 'indicators', req.section ?? req.indicators ?? '')
  const regions = req.regions ? requestedRegions(ctx.regions, req.regions) : defaultRegions(ctx, user)
  if (user.role === 'reporter')
    for (const r of regions) if (!mayWriteRegion(user, r, ctx.regions)) throw new AppError('auth.region_forbidden', { region: regionLabel(ctx.regions, r) })
  if (regions.length === 0) bad('regions', req.regions ?? '')
  return { format, year, indicators: [...chosen.values()], regions }
}

const regionLabel = (regions: RegionCatalog, code: string) => `${regions.get(code)?.name ?? code} ${code}`

function expand(regions: RegionCatalog, code: string): string[] {
  const r = regions.get(code)
  return r?.level === 'grouping' ? [...r.members] : [code]
}

function requestedRegions(regions: RegionCatalog, raw: string): string[] {
  const out: string[] = []
  for (const name of raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const r = regions.resolve(name)
    if (!r.ok) bad('regions', name)
    else for (const c of expand(regions, r.value.code)) if (!out.includes(c)) out.push(c)
  }
  return out
}

/** A reporter's own regions; everyone else the plan's region and its cities. */
function defaultRegions(ctx: Pick<Context, 'plan' | 'regions'>, user: User): string[] {
  if (user.role === 'reporter') return [...new Set(user.regions.flatMap((r) => expand(ctx.regions, r)))]
  return expectedRegions(ctx)
}

/** One row per region × indicator, with the previous year's published (preferred-source) value. */
export async function templateRows(ctx: Context, year: number, indicators: ReadonlyArray<Indicator>, regions: ReadonlyArray<string>): Promise<TemplateRow[]> {
  const cells = await publishedCells(ctx, { indicators: indicators.map((i) => i.id), regions: [...regions], years: [year - 1] })
  const previous = new Map(cells.map((c) => [`${c.preferred.indicator}|${c.preferred.region}`, c.preferred.value]))
  return regions.flatMap((code) =>
    indicators.map((indicator) => ({
      indicator,
      region: { code, name: ctx.regions.get(code)?.name ?? code },
      year,
      previous: previous.get(`${indicator.id}|${code}`) ?? null,
    })),
  )
}

const rowCells = (r: TemplateRow): Array<string | number | null> => [
  r.indicator.id,
  r.indicator.name,
  r.region.code,
  r.region.name,
  r.year,
  r.indicator.unit,
  r.previous,
  null,
  null,
  null,
]

function csvField(v: string | number | null): string {
  if (v === null) return ''
  const text = typeof v === 'string' ? neutraliseFormula(v) : String(v)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The CSV template: UTF-8 with BOM so Excel reads the Chinese headings. */
export function templateCsv(year: number, rows: ReadonlyArray<TemplateRow>): string {
  const lines = [templateHeadings(year), ...rows.map(rowCells)].map((cells) => cells.map(csvField).join(','))
  return `\ufeff${lines.join('\r\n')}\r\n`
}

/** The instructions, one line per row of column A (a single column is never read as a data table). */
export function instructionLines(plan: Plan, year: number, indicators: ReadonlyArray<Indicator>): string[] {
  const due = year + plan.reportingLag
  return [
    `${plan.title} · ${year} 年数据填报模板`,
    `${plan.titleEn} · data template for ${year}`,
    '',
    '填写说明',
    '1. 在“数据”工作表的“数值”列填写各地区各指标的数值，使用“单位”列所示单位；不要改动指标代码、地区代码、年份和标题行。',
    '2. “上年数值”列是已发布的上年数值，仅供核对，导入时不读取；暂缺的数据留空即可（留空的行会被跳过，不作为 0）。',
    '3. “来源”填写公众将看到的出处（公报、年鉴及表号或网址）；网页导入时表单中填写的来源适用于全部行。“备注”可选。',
    '4. 提交：登录系统 → 数据填报 → 导入文件，选择本文件并填写来源；导入成功后为草稿，核对后提交审核。也可用命令行 urbmon import 文件 --source 来源。',
    `5. 报送时间：按规划的报送安排，${year} 年数据应于 ${due} 年内报送。`,
    '',
    'Instructions',
    '1. On the sheet 数据 (data), fill the column 数值 (value) for each region and indicator, in the unit of the column 单位 (unit); do not change the codes, the year or the heading row.',
    '2. The column 上年数值 (previous year) holds the published value of the year before, for checking only: it is not imported. Leave unknown values empty (empty rows are skipped, never read as 0).',
    '3. 来源 (source): where the public can read the figure (bulletin, yearbook and table, or an address); a source given on the web import form applies to every row. 备注 (note) is optional.',
    '4. To submit: sign in → 数据填报 (data entry) → import a file, choose this file and give its source; imported values are drafts, submit them for review when checked. Or: urbmon import FILE --source SOURCE.',
    `5. Deadline: by the plan's reporting schedule, data for ${year} is due during ${due}.`,
    '',
    '指标与单位 · Indicators and units',
    ...indicators.map((i) => `${i.id}  ${i.name} / ${i.nameEn}：${i.unit}${i.range ? `，有效范围 valid range ${i.range[0]}–${i.range[1]}` : ''}`),
  ]
}

/** The XLSX template: the data sheet (数据) with range checks on the value cells, and the instructions (说明). */
export async function templateXlsx(plan: Plan, year: number, indicators: ReadonlyArray<Indicator>, rows: ReadonlyArray<TemplateRow>): Promise<Buffer> {
  const Excel = (await import('exceljs')).default
  const wb: ExcelJS.Workbook = new Excel.Workbook()
  const ws = wb.addWorksheet('数据', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.addRow(templateHeadings(year))
  ws.getRow(1).font = { bold: true }
  ws.columns.forEach((c, i) => (c.width = [14, 24, 10, 10, 8, 10, 22, 14, 30, 20][i] ?? 12))
  rows.forEach((r, i) => {
    ws.addRow(rowCells(r))
    const range = r.indicator.range
    if (range) {
      const whole = r.indicator.kind !== 'quantity'
      ws.getCell(i + 2, VALUE_COLUMN).dataValidation = {
        type: whole ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [range[0], range[1]],
        showErrorMessage: true,
        errorTitle: '数值超出范围 · Out of range',
        error: `${r.indicator.name}：${range[0]}–${range[1]} ${r.indicator.unit}`,
      }
    }
  })
  const notes = wb.addWorksheet('说明')
  notes.getColumn(1).width = 120
  for (const line of instructionLines(plan, year, indicators)) notes.addRow([line])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** `urbmon-template-<year>-<section>.xlsx` with an ASCII fallback for old clients. */
export function templateFileName(year: number, section: string | undefined, format: TemplateFormat): { ascii: string; utf8: string } {
  const label = section ? section.normalize('NFKC').replace(/[^\p{L}\p{N}()]/gu, '') : 'indicators'
  return { ascii: `urbmon-template-${year}.${format}`, utf8: `urbmon-template-${year}-${label}.${format}` }
}

export async function buildTemplate(
  ctx: Context,
  user: User,
  req: TemplateRequest,
): Promise<{ body: Buffer | string; format: TemplateFormat; name: { ascii: string; utf8: string } }> {
  const asked = req.request === undefined ? req : await requestTemplate(ctx, user, req.format, req.request)
  const r = resolveTemplateRequest(ctx, user, asked)
  const rows = await templateRows(ctx, r.year, r.indicators, r.regions)
  const body = r.format === 'csv' ? templateCsv(r.year, rows) : await templateXlsx(ctx.plan, r.year, r.indicators, rows)
  return { body, format: r.format, name: templateFileName(r.year, req.request === undefined ? req.section : `数据征集${req.request}`, r.format) }
}

/** The template of a data request: unknown id 404; a reporter none of whose regions it names 403. */
async function requestTemplate(ctx: Context, user: User, format: string, request: string): Promise<TemplateRequest> {
  const id = /^[1-9]\d{0,8}$/.test(request) ? Number(request) : bad('request', request)
  const scope = await new DataRequestService(ctx).templateScope(user, id)
  return { format, year: String(scope.year), indicators: scope.indicators.join(','), regions: scope.regions.join(',') }
}
