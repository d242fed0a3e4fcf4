/**
 * Recognises a file by its bytes (not only its name) and reads its tables: XLSX (zip), legacy XLS (refused
 * with advice), HTML (also the "xls" files statistics sites serve that are really HTML), JSON, CSV/TSV.
 * @module
 */
import { problem, type Problem } from '../core/problem.js'
import { err, ok, type Result } from '../core/result.js'
import { declaredHtmlCharset, decodeText, type TextEncoding } from './decode-text.js'
import { LONG_HEADERS } from './layout-long.js'
import { readCsv } from './read-csv.js'
import { readHtmlTables } from './read-html.js'
import { readXlsx } from './read-xlsx.js'
import type { Table } from './table.js'

export type InputFormat = 'csv' | 'xlsx' | 'html' | 'json'

export interface InputTables {
  readonly format: InputFormat
  readonly encoding?: TextEncoding
  readonly tables: ReadonlyArray<Table>
}

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v)

function extension(file: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(file)
  return (m?.[1] ?? '').toLowerCase()
}

function jsonToTable(data: unknown, file: string): Table | undefined {
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object'
      ? ((data as Record<string, unknown>).observations ?? (data as Record<string, unknown>).data)
      : undefined
  if (!Array.isArray(list) || !list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) return undefined
  const keys: string[] = []
  for (const item of list as Record<string, unknown>[]) for (const k of Object.keys(item)) if (!keys.includes(k)) keys.push(k)
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))
  const rows = [keys, ...(list as Record<string, unknown>[]).map((item) => keys.map((k) => cell(item[k])))]
  // JSON has no rows: number records from 1 after the header so messages say "record 1" as row 2.
  return { file, rows, rowNumbers: rows.map((_, i) => i + 1) }
}

export async function readInput(bytes: Uint8Array, file: string, sheet?: string): Promise<Result<InputTables, Problem[]>> {
  const ext = extension(file)
  const where = { file }
  if (bytes.length === 0) return err([problem('error', 'ingest.empty', where)])
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return err([problem('error', 'ingest.legacy_xls', where)])
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (ext !== 'xlsx' && ext !== 'xlsm' && ext !== '') return err([problem('error', 'ingest.unsupported_format', where, { ext })])
    try {
      const tables = await readXlsx(bytes, file, sheet)
      if (tables.length === 0) return err([problem('error', 'ingest.no_table', where)])
      return ok({ format: 'xlsx', tables })
    } catch (e) {
      return err([problem('error', 'file.unreadable', where, { file, reason: 'corrupt' })])
    }
  }
  if (['pdf', 'doc', 'docx', 'zip', 'png', 'jpg', 'jpeg'].includes(ext)) return err([problem('error', 'ingest.unsupported_format', where, { ext })])
  const { text, encoding } = decodeText(bytes, declaredHtmlCharset(bytes))
  const head = text.trimStart().slice(0, 1000).toLowerCase()
  if (ext === 'html' || ext === 'htm' || ext === 'xls' || head.startsWith('<') || head.includes('<table')) {
    const htmlText = declaredHtmlCharset(bytes) ? text : text
    const tables = readHtmlTables(htmlText, file).filter((t) => t.rows.length > 0)
    if (tables.length === 0) return err([problem('error', 'ingest.no_table', where)])
    return ok({ format: 'html', encoding, tables })
  }
  if (ext === 'json' || head.startsWith('[') || head.startsWith('{')) {
    try {
      const table = jsonToTable(JSON.parse(text) as unknown, file)
      if (!table) {
        return err([
          problem('error', 'ingest.json_shape', where, {
            fields: `${LONG_HEADERS.indicator[0]}, ${LONG_HEADERS.region[0]}, ${LONG_HEADERS.year[0]}, ${LONG_HEADERS.value[0]}`,
          }),
        ])
      }
      return ok({ format: 'json', encoding, tables: [table] })
    } catch (e) {
      return err([problem('error', 'ingest.bad_json', where, jsonErrorPosition(e))])
    }
  }
  if (ext && !['csv', 'tsv', 'txt', ''].includes(ext)) return err([problem('error', 'ingest.unsupported_format', where, { ext })])
  return ok({ format: 'csv', encoding, tables: [readCsv(text, file)] })
}

/** Where JSON.parse stopped, when its message says (the message itself is the engine's English). */
function jsonErrorPosition(e: unknown): { position?: number } {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : '')
  return m ? { position: Number(m[1]) } : {}
}
