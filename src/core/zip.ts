/**
 * A zip file's central directory, read by hand (no zip library is a dependency): enough to check an Office file's
 * parts and a workbook's sizes before any library unpacks it, and to unpack one part with a cap on its size.
 * @module
 */
import { constants, inflateRawSync } from 'node:zlib'

export interface ZipEntry {
  readonly name: string
  readonly method: number
  readonly compressedSize: number
  readonly size: number
  readonly encrypted: boolean
  /** Offset of the entry's local header. */
  readonly localOffset: number
}

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; reason: 'no_directory' | 'zip64' | 'entry' }

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/** The entries the central directory lists; `maxEntries` bounds the walk before anything is allocated per entry. */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipDirectory | { ok: false; reason: 'too_many'; count: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // The end record sits in the last 22 bytes plus a comment of at most 65,535.
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return { ok: false, reason: 'no_directory' }
  const count = view.getUint16(eocd + 10, true)
  const size = view.getUint32(eocd + 12, true)
  const offset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: 'zip64' }
  if (count > maxEntries) return { ok: false, reason: 'too_many', count }
  if (offset + size > eocd) return { ok: false, reason: 'no_directory' }
  const entries: ZipEntry[] = []
  let p = offset
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) return { ok: false, reason: 'entry' }
    const flags = view.getUint16(p + 8, true)
    const nameLength = view.getUint16(p + 28, true)
    const extraLength = view.getUint16(p + 30, true)
    const commentLength = view.getUint16(p + 32, true)
    const compressedSize = view.getUint32(p + 20, true)
    const entrySize = view.getUint32(p + 24, true)
    const localOffset = view.getUint32(p + 42, true)
    if (compressedSize === 0xffffffff || entrySize === 0xffffffff || localOffset === 0xffffffff) return { ok: false, reason: 'zip64' }
    if (p + 46 + nameLength > eocd || localOffset + 30 > bytes.length) return { ok: false, reason: 'entry' }
    const name = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLength)).toString('utf8')
    entries.push({ name, method: view.getUint16(p + 10, true), compressedSize, size: entrySize, encrypted: (flags & 1) === 1, localOffset })
    p += 46 + nameLength + extraLength + commentLength
  }
  return { ok: true, entries }
}

/** The entry's stored bytes, as its local header places them. */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.localOffset
  if (view.getUint32(at, true) !== LOCAL) return undefined
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  const end = start + entry.compressedSize
  return end <= bytes.length ? bytes.subarray(start, end) : undefined
}

/**
 * One entry unpacked, never more than `maxBytes` (the declared size can lie; zlib stops at the cap).
 * `undefined` when the entry is damaged, encrypted, compressed by another method or larger than the cap.
 */
export function unzipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array | 'too_large' | undefined {
  if (entry.encrypted) return undefined
  const data = entryData(bytes, entry)
  if (!data) return undefined
  if (entry.method === 0) return data.length > maxBytes ? 'too_large' : data
  if (entry.method !== 8) return undefined
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) })
  } catch (e) {
    return (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : undefined
  }
}

/** The first bytes of an entry (up to `n`), unpacked as far as its first compressed block allows. */
export function entryHead(bytes: Uint8Array, entry: ZipEntry, n: number): Uint8Array | undefined {
  if (entry.encrypted) return undefined
  const data = entryData(bytes, entry)
  if (!data) return undefined
  if (entry.method === 0) return data.subarray(0, n)
  if (entry.method !== 8) return undefined
  try {
    // SYNC_FLUSH: a cut-off stream gives what it has instead of an error.
    return inflateRawSync(data.subarray(0, Math.max(n, 4096)), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, n)
  } catch {
    return undefined
  }
}

/** Whether bytes start like a program: Windows PE (MZ), ELF, Mach-O or a shell script. */
export function looksExecutable(head: Uint8Array): boolean {
  const b = (i: number) => head[i] ?? -1
  if (b(0) === 0x4d && b(1) === 0x5a) return true // MZ: DOS/Windows
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return true // ELF
  const magic = head.length >= 4 ? new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false) : 0
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return true // Mach-O, fat binaries
  return b(0) === 0x23 && b(1) === 0x21 // #!
}
