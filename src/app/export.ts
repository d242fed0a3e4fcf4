/**
 * Open-data export: CSV that Excel opens correctly (UTF-8 BOM) with formula injection neutralised, XLSX, JSON and
 * JSON lines. Whole-array writers (`toCsv`, `toXlsx`, `toJson`) serve the CLI and the report annex; the server
 * streams instead (`exportChunks`, `writeXlsxStream`): rows are read from the store a page at a time in key
 * order and written as they come, so memory stays flat whatever the store holds.
 * @module
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'

import type ExcelJS from 'exceljs'

import { AppError } from '../core/errors.js'
import type { Context } from './context.js'
import type { ObservationKey } from './ports/observation-pages.js'
import type { Observation, ObservationFilter } from './ports/observations.js'
import { toViews, type ObservationView } from './query.js'
import { loadRanking } from './source-ranking.js'

// Loaded when a workbook is read or written: the library is large, and most commands never touch one.
const excel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default
const workbook = async (): Promise<ExcelJS.Workbook> => new (await excel()).Workbook()

export type ExportFormat = 'csv' | 'xlsx' | 'json' | 'jsonl'

const COLUMNS = ['indicator', 'indicatorName', 'region', 'regionName', 'year', 'value', 'unit', 'source', 'note', 'status', 'preferred', 'version', 'updatedAt'] as const

/** Rows read from the store per page of an export (about 1 MB of rows). */
export const EXPORT_PAGE_ROWS = 2000

/**
 * XLSX exports hold at most this many rows by default (a sheet holds 1,048,576 with its header; a workbook
 * that large takes minutes to write and to open). Larger selections are refused with a message pointing to CSV.
 */
export const DEFAULT_XLSX_MAX_ROWS = 200_000
/** The most rows a sheet can hold below its header row. */
export const XLSX_SHEET_ROWS = 1_048_575

/**
 * A text cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheet programs (OWASP "CSV
 * injection"); prefixing a single quote makes it plain text. Numbers stay numbers.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function csvField(v: string | number | boolean | null): string {
  if (v === null) return ''
  const text = typeof v === 'string' ? neutraliseFormula(v) : String(v)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const CSV_HEADER = `\ufeff${COLUMNS.join(',')}\r\n`
const csvLine = (r: ObservationView): string => `${COLUMNS.map((c) => csvField(r[c])).join(',')}\r\n`

export function toCsv(rows: ReadonlyArray<ObservationView>): string {
  return CSV_HEADER + rows.map(csvLine).join('')
}

/** Strings are written as inline strings, never formulas; neutralised anyway so a copy-paste to CSV stays safe. */
const xlsxCells = (r: ObservationView) =>
  COLUMNS.map((c) => {
    const v = r[c]
    return typeof v === 'string' ? neutraliseFormula(v) : v
  })
const xlsxColumns = () => COLUMNS.map((c) => ({ header: c, key: c, width: c === 'source' ? 50 : 14 }))

export async function toXlsx(rows: ReadonlyArray<ObservationView>): Promise<Buffer> {
  const wb = await workbook()
  wb.creator = 'urbmon'
  const ws = wb.addWorksheet('observations')
  ws.columns = xlsxColumns()
  for (const r of rows) ws.addRow(xlsxCells(r))
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** An exported row: the figure, never the reviewer's comment. */
const exported = ({ reviewComment: _comment, ...rest }: ObservationView) => rest

export function toJson(rows: ReadonlyArray<ObservationView>): string {
  return `${JSON.stringify(rows.map(exported), null, 2)}\n`
}

/**
 * A download's name says what it holds: `urbmon-<indicator|all>-<region|all>-<years|all>.<format>`
 * (`urbmon-urbanization_rate-320100-2015-2020.csv`), from the resolved filter.
 */
export function exportFileName(filter: ObservationFilter, format: ExportFormat): string {
  const one = (list: ReadonlyArray<string> | undefined) => (list?.length === 1 ? (list[0] ?? 'all') : 'all')
  const years = filter.years?.length
    ? filter.years.length === 1
      ? String(filter.years[0])
      : `${Math.min(...filter.years)}-${Math.max(...filter.years)}`
    : filter.fromYear !== undefined || filter.toYear !== undefined
      ? `${filter.fromYear ?? ''}-${filter.toYear ?? ''}`
      : 'all'
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_')
  return `urbmon-${safe(one(filter.indicators))}-${safe(one(filter.regions))}-${safe(years)}.${format}`
}

// ---------------------------------------------------------------------------------------------- paged reads

/** What to read: the filter, and whether the reader sees the published view (anonymous, or `view=published`). */
export interface Selection {
  readonly filter: ObservationFilter
  readonly published: boolean
}

const keyOf = (r: Observation): ObservationKey => ({ indicator: r.indicator, region: r.region, period: r.period, source: r.source })
const sameCell = (a: Observation, b: Observation) => a.indicator === b.indicator && a.region === b.region && a.period === b.period

/**
 * The selection's rows cell by cell (every source of a cell together, so the preferred source can be picked),
 * read `pageRows` at a time after `after`. Between pages the event loop runs other requests.
 */
export async function* selectedCells(
  ctx: Pick<Context, 'pages'>,
  selection: Selection,
  options: { after?: ObservationKey; pageRows?: number } = {},
): AsyncGenerator<Observation[]> {
  const limit = options.pageRows ?? EXPORT_PAGE_ROWS
  let after = options.after
  let cell: Observation[] = []
  for (;;) {
    const rows = await ctx.pages.page({ filter: selection.filter, publishedOnly: selection.published, ...(after ? { after } : {}), limit })
    // A published page already holds each row as it was published (the store's published view).
    for (const r of rows) {
      const cellStart = cell[0]
      if (cellStart && !sameCell(cellStart, r)) {
        yield cell
        cell = []
      }
      cell.push(r)
    }
    const last = rows.at(-1)
    if (rows.length < limit || !last) break
    after = keyOf(last)
    await yieldToEventLoop()
  }
  if (cell.length > 0) yield cell
}

/** The selection as views, in batches of whole cells of about a store page each. */
export async function* selectedViews(ctx: Context, selection: Selection): AsyncGenerator<ObservationView[]> {
  const ranking = await loadRanking(ctx)
  let batch: Observation[] = []
  for await (const cell of selectedCells(ctx, selection)) {
    batch.push(...cell)
    if (batch.length >= EXPORT_PAGE_ROWS) {
      yield toViews(ctx, batch, ranking)
      batch = []
    }
  }
  if (batch.length > 0) yield toViews(ctx, batch, ranking)
}

/** A page of `/api/observations`: whole cells, at most `limit` rows unless one cell alone has more. */
export interface ViewPage {
  readonly rows: ObservationView[]
  /** Where the next page starts; null on the last page. */
  readonly next: string | null
}

export async function viewPage(ctx: Context, selection: Selection, limit: number, cursor: string | undefined): Promise<ViewPage> {
  const taken: Observation[] = []
  let next: string | null = null
  // One more than the page, so a full page knows whether anything follows without another query.
  for await (const cell of selectedCells(ctx, selection, { ...(cursor ? { after: decodeCursor(cursor) } : {}), pageRows: limit + 1 })) {
    const last = taken.at(-1)
    if (last && taken.length + cell.length > limit) {
      next = encodeCursor(keyOf(last))
      break
    }
    taken.push(...cell)
  }
  return { rows: toViews(ctx, taken, await loadRanking(ctx)), next }
}

/** An opaque cursor: the last row's key, base64url JSON. */
export function encodeCursor(key: ObservationKey): string {
  return Buffer.from(JSON.stringify([key.indicator, key.region, key.period, key.source])).toString('base64url')
}

export function decodeCursor(cursor: string): ObservationKey {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every((p) => typeof p === 'string' && p.length <= 1000)) {
    throw new AppError('http.bad_value', { field: 'cursor', value: cursor.slice(0, 60) })
  }
  const [indicator, region, period, source] = parsed as [string, string, string, string]
  return { indicator, region, period, source }
}

// ---------------------------------------------------------------------------------------------- streamed export

/** CSV, JSON (an array, one row per line) or JSON lines, chunk by chunk as the rows are read. */
export async function* exportChunks(batches: AsyncIterable<ReadonlyArray<ObservationView>>, format: Exclude<ExportFormat, 'xlsx'>): AsyncGenerator<string> {
  if (format === 'csv') yield CSV_HEADER
  if (format === 'json') yield '['
  let first = true
  for await (const batch of batches) {
    if (batch.length === 0) continue
    if (format === 'csv') yield batch.map(csvLine).join('')
    else if (format === 'jsonl') yield batch.map((r) => `${JSON.stringify(exported(r))}\n`).join('')
    else {
      yield `${first ? '\n' : ',\n'}${batch.map((r) => JSON.stringify(exported(r))).join(',\n')}`
      first = false
    }
  }
  if (format === 'json') yield '\n]\n'
}

/** Refuses an XLSX export above the cap before a byte is written (a reply cannot change status midway). */
export async function checkXlsxRows(ctx: Pick<Context, 'pages'>, selection: Selection, maxRows: number): Promise<void> {
  const rows = await ctx.pages.countMatching(selection.filter, selection.published)
  const limit = Math.min(maxRows, XLSX_SHEET_ROWS)
  if (rows > limit) throw new AppError('export.too_many_rows', { rows, limit, format: 'xlsx' })
}

/**
 * Writes the workbook through exceljs's streaming writer: rows are committed as they come and leave memory;
 * between batches it waits while the client is slower than the writer (`drain`), so nothing piles up.
 */
export async function writeXlsxStream(batches: AsyncIterable<ReadonlyArray<ObservationView>>, out: Writable): Promise<void> {
  const wb = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = 'urbmon'
  const ws = wb.addWorksheet('observations', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = xlsxColumns()
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).commit()
  for await (const batch of batches) {
    for (const r of batch) ws.addRow(xlsxCells(r)).commit()
    if (out.writableNeedDrain) await once(out, 'drain')
  }
  ws.commit()
  await wb.commit()
}
