/**
 * Long layout: one observation per row (indicator, region, year, value[, unit, source, note, confidence]),
 * with English or Chinese headings.
 * @module
 */
import { problem, type Problem } from '../core/problem.js'
import { unitInText } from '../core/units.js'
import type { RawObservation } from './raw-observation.js'
import { columnLetter, isBlankRow, type Table } from './table.js'

export const LONG_HEADERS = {
  indicator: ['indicator', 'indicator_id', 'indicatorid', '指标', '指标名称', '指标代码', '指标id'],
  region: ['region', 'region_code', 'regioncode', 'area', '地区', '地区名称', '地区代码', '区划代码', '行政区划', '行政区划代码', '城市', '地市'],
  year: ['year', 'period', '年份', '年度', '年', '时间', '统计年度'],
  value: ['value', 'val', '数值', '值', '数据', '指标值'],
  unit: ['unit', 'units', '单位', '计量单位'],
  source: ['source', 'source_url', 'sourceurl', 'url', '来源', '数据来源', '出处'],
  note: ['note', 'notes', 'remark', 'comment', '备注', '说明', '注释'],
  confidence: ['confidence', '可信度', '置信度'],
} as const

export type LongField = keyof typeof LONG_HEADERS

const normaliseHeader = (h: string) =>
  h
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase()

/** Maps each recognised heading to its field; undefined when the row does not look like a long-table header. */
export function matchLongHeader(row: ReadonlyArray<string>): Partial<Record<LongField, number>> & { valueUnit?: string } {
  const found: Partial<Record<LongField, number>> & { valueUnit?: string } = {}
  row.forEach((h, i) => {
    // 数值(万元): the unit of the value column, written in its heading.
    const u = unitInText(h)
    const n = normaliseHeader(u ? u.rest : h)
    if (u && (LONG_HEADERS.value as ReadonlyArray<string>).includes(n)) found.valueUnit = u.unit
    for (const field of Object.keys(LONG_HEADERS) as LongField[]) {
      if (found[field] === undefined && (LONG_HEADERS[field] as ReadonlyArray<string>).includes(n)) found[field] = i
    }
  })
  return found
}

export interface LongDefaults {
  readonly indicator?: string
  readonly year?: string
}

export function readLongTable(table: Table, defaults: LongDefaults): { raws: RawObservation[]; problems: Problem[] } {
  const problems: Problem[] = []
  const raws: RawObservation[] = []
  const headerIndex = table.rows.findIndex((r) => !isBlankRow(r))
  if (headerIndex < 0) return { raws, problems: [problem('error', 'ingest.empty', { file: table.file, ...(table.sheet ? { sheet: table.sheet } : {}) })] }
  const cols = matchLongHeader(table.rows[headerIndex] ?? [])
  const base = { file: table.file, ...(table.sheet ? { sheet: table.sheet } : {}) }
  const required: LongField[] = ['region', 'value']
  if (defaults.indicator === undefined) required.unshift('indicator')
  if (defaults.year === undefined) required.push('year')
  for (const field of required) {
    if (cols[field] === undefined) {
      problems.push(
        problem(
          'error',
          'ingest.missing_column',
          { ...base, row: table.rowNumbers[headerIndex] ?? headerIndex + 1 },
          {
            column: field,
            accepted: LONG_HEADERS[field].join(', '),
          },
        ),
      )
    }
  }
  if (problems.length > 0) return { raws, problems }
  const toRaw = longRowReader(cols, defaults, base)
  for (let r = headerIndex + 1; r < table.rows.length; r++) {
    const raw = toRaw(table.rows[r] ?? [], table.rowNumbers[r] ?? r + 1)
    if (raw) raws.push(raw)
  }
  return { raws, problems }
}

/** Turns one row of a long table into a raw observation (undefined for a blank row). */
export function longRowReader(
  cols: ReturnType<typeof matchLongHeader>,
  defaults: LongDefaults,
  base: { readonly file: string; readonly sheet?: string },
): (row: ReadonlyArray<string>, rowNumber: number) => RawObservation | undefined {
  const get = (row: ReadonlyArray<string>, i: number | undefined) => (i === undefined ? undefined : (row[i] ?? '').trim())
  const valueColumn = cols.value === undefined ? 'A' : columnLetter(cols.value)
  const columns = {
    ...(cols.indicator !== undefined ? { indicator: columnLetter(cols.indicator) } : {}),
    region: columnLetter(cols.region ?? 0),
    ...(cols.year !== undefined ? { year: columnLetter(cols.year) } : {}),
    value: columnLetter(cols.value ?? 0),
    ...(cols.confidence !== undefined ? { confidence: columnLetter(cols.confidence) } : {}),
  }
  return (row, rowNumber) => {
    if (isBlankRow(row)) return undefined
    const unit = get(row, cols.unit) || cols.valueUnit
    const source = get(row, cols.source)
    const note = get(row, cols.note)
    const confidence = get(row, cols.confidence)
    // Built by assignment, not object spreads: this runs once per row of files with millions of rows.
    const raw: { -readonly [K in keyof RawObservation]: RawObservation[K] } = {
      indicator: get(row, cols.indicator) ?? defaults.indicator ?? '',
      region: get(row, cols.region) ?? '',
      year: get(row, cols.year) ?? defaults.year ?? '',
      value: get(row, cols.value) ?? '',
      location: base.sheet === undefined ? { file: base.file, row: rowNumber, column: valueColumn } : { file: base.file, sheet: base.sheet, row: rowNumber, column: valueColumn },
      columns,
    }
    if (unit) raw.unit = unit
    if (source) raw.source = source
    if (note) raw.note = note
    if (confidence) raw.confidence = confidence
    return raw
  }
}
