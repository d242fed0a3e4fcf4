/**
 * Evidence files checked by their whole structure, not their first bytes: an Office file must be a zip with the
 * parts its kind requires and no program inside; a PDF must have its header, cross-reference table and end
 * marker, with nothing after the end but whitespace (a PDF header glued to a program has none of these).
 * @module
 */
import { entryHead, looksExecutable, readZipDirectory } from '../core/zip.js'

/** The parts each Office Open XML kind cannot do without. */
const REQUIRED_PARTS: Readonly<Record<string, ReadonlyArray<string>>> = {
  docx: ['[Content_Types].xml', '_rels/.rels', 'word/document.xml'],
  xlsx: ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml'],
  pptx: ['[Content_Types].xml', '_rels/.rels', 'ppt/presentation.xml'],
}

/** Parts named like programs, scripts or macros: never in a document handed in as evidence. */
const PROGRAM_NAME = /\.(exe|dll|com|scr|bat|cmd|msi|ps1|vbs|vbe|js|jse|wsf|hta|jar|sh|elf|so|dylib|app|lnk)$|(^|\/)vbaProject\.bin$/i

/** Parts of an evidence document (a zip with more is not a document). */
const MAX_PARTS = 5000

export type StructureProblem = { reason: 'structure' | 'executable'; part: string }

export function officeStructure(bytes: Uint8Array, ext: string): StructureProblem | undefined {
  const dir = readZipDirectory(bytes, MAX_PARTS)
  if (!dir.ok) return { reason: 'structure', part: 'zip' }
  const names = new Set(dir.entries.map((e) => e.name))
  for (const part of REQUIRED_PARTS[ext] ?? []) if (!names.has(part)) return { reason: 'structure', part }
  for (const entry of dir.entries) {
    if (PROGRAM_NAME.test(entry.name)) return { reason: 'executable', part: entry.name }
    if (entry.name.endsWith('/') || entry.size === 0) continue
    const head = entryHead(bytes, entry, 8)
    if (!head) return { reason: 'structure', part: entry.name }
    if (looksExecutable(head)) return { reason: 'executable', part: entry.name }
  }
  return undefined
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

export function pdfStructure(bytes: Uint8Array): StructureProblem | undefined {
  const text = latin1(bytes)
  if (!/^%PDF-\d\.\d/.test(text)) return { reason: 'structure', part: 'header' }
  const end = text.lastIndexOf('%%EOF')
  if (end < 0) return { reason: 'structure', part: '%%EOF' }
  const after = bytes.subarray(end + 5)
  if (looksExecutable(after.subarray(after.findIndex((b) => b > 0x20)))) return { reason: 'executable', part: 'after %%EOF' }
  if (/[^\s\0]/.test(text.slice(end + 5))) return { reason: 'structure', part: 'after %%EOF' }
  const m = /startxref\s+(\d+)\s*$/.exec(text.slice(Math.max(0, end - 64), end))
  if (!m) return { reason: 'structure', part: 'startxref' }
  // The cross-reference table, or (PDF 1.5+) a cross-reference stream object, where startxref says.
  const at = Number(m[1])
  const there = text.slice(at, at + 32)
  if (!there.startsWith('xref') && !/^\d+\s+\d+\s+obj\b/.test(there)) return { reason: 'structure', part: 'xref' }
  return undefined
}

/** The structure problem of an evidence file of this kind (pdf, docx, xlsx, pptx); images are checked by sniffing. */
export function evidenceStructure(bytes: Uint8Array, ext: string): StructureProblem | undefined {
  if (ext === 'pdf') return pdfStructure(bytes)
  if (REQUIRED_PARTS[ext]) return officeStructure(bytes, ext)
  return undefined
}
