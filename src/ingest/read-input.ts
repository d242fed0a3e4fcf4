/**
 * Recognises a file by its bytes (not only its name) and reads its tables: XLSX (zip), legacy XLS (refused
 * with advice), HTML (also the "xls" files statistics sites serve that are really HTML), JSON, CSV/TSV.
 * Every reader works within the limits (limits.ts); a file past one is refused with the limit named, and a
 * control character in any cell is an error naming the cell.
 * @module
 */
import { firstControlCharacter } from '../core/control-characters.js'
import { problem, type Problem } from '../core/problem.js'
import { err, ok, type Result } from '../core/result.js'
import { declaredHtmlCharset, decodeText, type TextEncoding } from './decode-text.js'
import { LONG_HEADERS } from './layout-long.js'
import { DEFAULT_INPUT_LIMITS, type InputLimits } from './limits.js'
import { readCsv } from './read-csv.js'
import { readHtmlTables } from './read-html.js'
import { readXlsx } from './read-xlsx.js'
import { limitProblem, ReaderRefusal, refuse } from './refusal.js'
import { columnLetter, type Table } from './table.js'

export type InputFormat = 'csv' | 'xlsx' | 'html' | 'json'

export interface InputTables {
  readonly format: InputFormat
  readonly encoding?: TextEncoding
  readonly tables: ReadonlyArray<Table>
}

/** Bytes → tables, or the problems that stop the file (the parse boundary: in-process or in a worker). */
export type InputReader = (bytes: Uint8Array, file: string, sheet?: string) => Promise<Result<InputTables, Problem[]>>

/** Control characters listed in full per file; the rest are counted. */
const SHOWN_CONTROL_CHARS = 100

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v)

function extension(file: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(file)
  return (m?.[1] ?? '').toLowerCase()
}

/** The nesting depth of JSON text, counted outside strings in one pass (JSON.parse has no depth limit of its own). */
function jsonDepth(text: string, max: number): number {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c)
        i++ // backslash: skip the escaped character
      else if (ch === 0x22) inString = false
      continue
    }
    if (ch === 0x22) inString = true
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return depth
    } else if (ch === 0x5d || ch === 0x7d) depth--
  }
  return 0
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

function jsonToTable(data: unknown, file: string, limits: InputLimits): Table | undefined {
  const list: unknown = Array.isArray(data)
    ? data
    : data && typeof data === 'object'
      ? ((data as Record<string, unknown>).observations ?? (data as Record<string, unknown>).data)
      : undefined
  if (!Array.isArray(list) || !list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) return undefined
  const records = list as Array<Record<string, unknown>>
  // A Map, not includes() on a list: a new key per record made the header quadratic.
  const keys = new Map<string, number>()
  records.forEach((item, i) => {
    for (const k of Object.keys(item)) {
      if (keys.has(k)) continue
      keys.set(k, keys.size)
      if (keys.size > limits.columns) refuse(limits, 'columns', { file, row: i + 2 }, keys.size)
    }
  })
  const header = [...keys.keys()]
  if ((records.length + 1) * header.length > limits.cells) refuse(limits, 'cells', { file }, (records.length + 1) * header.length)
  const rows = [header]
  records.forEach((item, i) => {
    const row = header.map((k) => cell(item[k]))
    for (let c = 0; c < row.length; c++) {
      const length = (row[c] as string).length
      if (length > limits.fieldChars) refuse(limits, 'fieldChars', { file, row: i + 2, column: columnLetter(c), path: `[${i}].${header[c] ?? ''}` }, length)
    }
    rows.push(row)
  })
  // JSON has no rows: number records from 1 after the header so messages say "record 1" as row 2.
  return { file, rows, rowNumbers: rows.map((_, i) => i + 1) }
}

/** Every cell holding a control character: the first ones listed, the rest counted. */
function controlCharacters(tables: ReadonlyArray<Table>, file: string): Problem[] {
  const found: Problem[] = []
  let count = 0
  for (const table of tables) {
    table.rows.forEach((row, r) => {
      for (let c = 0; c < row.length; c++) {
        // C0 controls but tab, LF and CR (src/core/control-characters.ts): NUL and its kind break the stores
        const text = row[c] ?? ''
        const at = firstControlCharacter(text, 'text')
        if (at === -1) continue
        if (++count > SHOWN_CONTROL_CHARS) continue
        const char = `U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`
        found.push(
          problem('error', 'ingest.control_char', { file, ...(table.sheet ? { sheet: table.sheet } : {}), row: table.rowNumbers[r] ?? r + 1, column: columnLetter(c) }, { char }),
        )
      }
    })
  }
  if (count > SHOWN_CONTROL_CHARS)
    found.push(problem('error', 'ingest.more_problems', { file }, { code: 'ingest.control_char', count: count - SHOWN_CONTROL_CHARS, shown: SHOWN_CONTROL_CHARS }))
  return found
}

export async function readInput(bytes: Uint8Array, file: string, sheet?: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Promise<Result<InputTables, Problem[]>> {
  try {
    const read = await readTables(bytes, file, sheet, limits)
    if (!read.ok) return read
    const control = controlCharacters(read.value.tables, file)
    return control.length > 0 ? err(control) : read
  } catch (e) {
    if (e instanceof ReaderRefusal) return err([e.problem])
    throw e
  }
}

async function readTables(bytes: Uint8Array, file: string, sheet: string | undefined, limits: InputLimits): Promise<Result<InputTables, Problem[]>> {
  const ext = extension(file)
  const where = { file }
  if (bytes.length === 0) return err([problem('error', 'ingest.empty', where)])
  if (bytes.length > limits.fileBytes) return err([limitProblem(limits, 'fileBytes', where, bytes.length)])
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return err([problem('error', 'ingest.legacy_xls', where)])
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (ext !== 'xlsx' && ext !== 'xlsm' && ext !== '') return err([problem('error', 'ingest.unsupported_format', where, { ext })])
    try {
      const tables = await readXlsx(bytes, file, sheet, limits)
      if (tables.length === 0) return err([problem('error', 'ingest.no_table', where)])
      return ok({ format: 'xlsx', tables })
    } catch (e) {
      if (e instanceof ReaderRefusal) throw e
      return err([problem('error', 'file.unreadable', where, { file, reason: 'corrupt' })])
    }
  }
  if (['pdf', 'doc', 'docx', 'zip', 'png', 'jpg', 'jpeg'].includes(ext)) return err([problem('error', 'ingest.unsupported_format', where, { ext })])
  const decoded = decodeText(bytes, declaredHtmlCharset(bytes))
  if (!decoded) return err([problem('error', 'ingest.bad_encoding', where)])
  const { text, encoding } = decoded
  const head = text.trimStart().slice(0, 1000).toLowerCase()
  if (ext === 'html' || ext === 'htm' || ext === 'xls' || head.startsWith('<') || head.includes('<table')) {
    const tables = readHtmlTables(text, file, limits).filter((t) => t.rows.length > 0)
    if (tables.length === 0) return err([problem('error', 'ingest.no_table', where)])
    return ok({ format: 'html', encoding, tables })
  }
  if (ext === 'json' || head.startsWith('[') || head.startsWith('{')) {
    const depth = jsonDepth(text, limits.jsonDepth)
    if (depth > limits.jsonDepth) return err([limitProblem(limits, 'jsonDepth', where)])
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (e) {
      return err([problem('error', 'ingest.bad_json', where, jsonErrorPosition(e))])
    }
    const table = jsonToTable(data, file, limits)
    if (!table) {
      return err([
        problem('error', 'ingest.json_shape', where, {
          fields: `${LONG_HEADERS.indicator[0]}, ${LONG_HEADERS.region[0]}, ${LONG_HEADERS.year[0]}, ${LONG_HEADERS.value[0]}`,
        }),
      ])
    }
    return ok({ format: 'json', encoding, tables: [table] })
  }
  if (ext && !['csv', 'tsv', 'txt', ''].includes(ext)) return err([problem('error', 'ingest.unsupported_format', where, { ext })])
  return ok({ format: 'csv', encoding, tables: [readCsv(text, file, limits)] })
}

/** Where JSON.parse stopped, when its message says (the message itself is the engine's English). */
function jsonErrorPosition(e: unknown): { position?: number } {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : '')
  return m ? { position: Number(m[1]) } : {}
}
