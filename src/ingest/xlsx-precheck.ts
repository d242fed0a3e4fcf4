/**
 * A workbook checked before the spreadsheet library unpacks it: the zip's parts counted and unpacked with a cap
 * (the declared sizes can lie), their compression ratio, and each sheet's cells and merged ranges counted from
 * its XML, so neither a zip bomb nor a merge over the whole sheet reaches the library.
 * @module
 */
import { readZipDirectory, unzipEntry } from '../core/zip.js'
import type { InputLimits } from './limits.js'
import { limitProblem, ReaderRefusal } from './refusal.js'
import { problem } from '../core/problem.js'

/** Parts above this size must not be compressed more than `zipRatio` (small XML compresses well, legitimately). */
const RATIO_MIN_BYTES = 1024 * 1024

const decoder = new TextDecoder('utf-8')

/** Column letters → 1-based number (A → 1, XFD → 16384). */
function columnNumber(letters: string): number {
  let n = 0
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

function cellRef(ref: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref)
  return m?.[1] && m[2] ? { col: columnNumber(m[1]), row: Number(m[2]) } : undefined
}

/** Sheet part path → the sheet's name, from the workbook and its relationships. */
function sheetNames(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>()
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1]
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1]
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`)
  }
  const names = new Map<string, string>()
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1]
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1]
    const path = id ? targets.get(id) : undefined
    if (name && path)
      names.set(
        path,
        name
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'"),
      )
  }
  return names
}

/** Throws a ReaderRefusal naming the file (and sheet) when the workbook is larger than the limits allow. */
export function precheckXlsx(bytes: Uint8Array, file: string, limits: InputLimits): void {
  const dir = readZipDirectory(bytes, limits.zipEntries)
  if (!dir.ok) {
    if (dir.reason === 'too_many') throw new ReaderRefusal(limitProblem(limits, 'zipEntries', { file }, dir.count))
    throw new ReaderRefusal(problem('error', 'file.unreadable', { file }, { file, reason: 'corrupt' }))
  }
  let budget = limits.unzippedBytes
  const sheets: Array<{ path: string; xml: string }> = []
  let workbookXml = ''
  let relsXml = ''
  for (const entry of dir.entries) {
    if (entry.size > RATIO_MIN_BYTES && entry.size / Math.max(1, entry.compressedSize) > limits.zipRatio) {
      throw new ReaderRefusal(limitProblem(limits, 'zipRatio', { file }, Math.round(entry.size / Math.max(1, entry.compressedSize))))
    }
    if (entry.name.endsWith('/')) continue
    const data = unzipEntry(bytes, entry, budget)
    if (data === 'too_large') throw new ReaderRefusal(limitProblem(limits, 'unzippedBytes', { file }))
    if (!data) throw new ReaderRefusal(problem('error', 'file.unreadable', { file }, { file, reason: 'corrupt' }))
    if (data.length > RATIO_MIN_BYTES && data.length / Math.max(1, entry.compressedSize) > limits.zipRatio) {
      throw new ReaderRefusal(limitProblem(limits, 'zipRatio', { file }, Math.round(data.length / Math.max(1, entry.compressedSize))))
    }
    budget -= data.length
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) sheets.push({ path: entry.name, xml: decoder.decode(data) })
    else if (entry.name === 'xl/workbook.xml') workbookXml = decoder.decode(data)
    else if (entry.name === 'xl/_rels/workbook.xml.rels') relsXml = decoder.decode(data)
  }
  const names = sheetNames(workbookXml, relsXml)
  for (const { path, xml } of sheets) {
    const where = { file, sheet: names.get(path) ?? path }
    let cells = 0
    for (const m of xml.matchAll(/<c\b[^>]*?(\/?)>/g)) {
      if (m[1] === '/') continue // an empty (styled) cell holds nothing
      if (++cells > limits.cells) throw new ReaderRefusal(limitProblem(limits, 'cells', where))
    }
    let merges = 0
    let merged = 0
    for (const m of xml.matchAll(/<mergeCell\b[^>]*\bref="([^"]+)"/g)) {
      if (++merges > limits.merges) throw new ReaderRefusal(limitProblem(limits, 'merges', where))
      const [a, b] = (m[1] ?? '').split(':')
      const from = cellRef(a ?? '')
      const to = cellRef(b ?? a ?? '')
      if (!from || !to) continue
      // The library visits every cell of a merged range when it loads the sheet.
      merged += (Math.abs(to.row - from.row) + 1) * (Math.abs(to.col - from.col) + 1)
      if (merged > limits.cells) throw new ReaderRefusal(limitProblem(limits, 'cells', where, merged))
    }
  }
}
