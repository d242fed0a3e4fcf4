/**
 * Bytes → text. A byte-order mark decides; else UTF-8 when the bytes are valid UTF-8; else GB18030 (a superset of
 * GBK and GB2312, as Chinese Excel and older statistics web pages save) when the bytes are valid GB18030 and read
 * as Chinese text; else Windows-1252 (Latin-1) when every byte is a character there. Anything else is refused,
 * never decoded with replacement characters. HTML may declare its charset.
 * @module
 */
import iconv from 'iconv-lite'

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'windows-1252'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Of the two-byte GB18030 characters, the share that must be GB2312 hanzi or punctuation to call the text Chinese. */
const CHINESE_SHARE = 0.8

/** Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])

const GBK_NAMES = new Set(['gb2312', 'gbk', 'gb18030', 'cp936', 'xgbk'])

/** The encoding a byte-order mark names, and the mark's length; undefined without one. */
export function byteOrderMark(bytes: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 }
  return undefined
}

const inRange = (b: number | undefined, lo: number, hi: number) => b !== undefined && b >= lo && b <= hi

/**
 * Whether the bytes are well-formed GB18030, and of their two-byte characters how many lie in GB2312's hanzi and
 * punctuation rows (lead and trail 0xA1–0xFE). `partial` accepts a character cut off by the end (a file's head).
 */
function scanGb18030(bytes: Uint8Array, partial: boolean): { valid: boolean; pairs: number; gb2312: number } {
  let pairs = 0
  let gb2312 = 0
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number
    if (b < 0x80) {
      i++
      continue
    }
    if (b === 0x80 || b === 0xff) return { valid: false, pairs, gb2312 }
    if (i + 1 >= bytes.length) return { valid: partial, pairs, gb2312 }
    const b2 = bytes[i + 1] as number
    if (inRange(b2, 0x30, 0x39)) {
      if (i + 3 >= bytes.length) return { valid: partial, pairs, gb2312 }
      if (!inRange(bytes[i + 2], 0x81, 0xfe) || !inRange(bytes[i + 3], 0x30, 0x39)) return { valid: false, pairs, gb2312 }
      i += 4
      continue
    }
    if (!inRange(b2, 0x40, 0x7e) && !inRange(b2, 0x80, 0xfe)) return { valid: false, pairs, gb2312 }
    pairs++
    if (b >= 0xa1 && b2 >= 0xa1) gb2312++
    i += 2
  }
  return { valid: true, pairs, gb2312 }
}

/**
 * The encoding of text bytes without a byte-order mark; undefined when none fits. `partial`: the bytes are a file's
 * head and may end inside a character.
 */
export function detectEncoding(bytes: Uint8Array, declared?: string, partial = false): TextEncoding | undefined {
  const bom = byteOrderMark(bytes)
  if (bom) return bom.encoding
  const gb = scanGb18030(bytes, partial)
  const d = declared?.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (d && GBK_NAMES.has(d) && gb.valid) return 'gb18030'
  try {
    // A decoder of its own: `stream` keeps an unfinished character inside the decoder, which a shared one would carry into the next call.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial })
    return 'utf-8'
  } catch {
    // not UTF-8: the encodings Chinese and Western offices save in, next
  }
  if (gb.valid && (gb.pairs === 0 || gb.gb2312 / gb.pairs >= CHINESE_SHARE)) return 'gb18030'
  for (const b of bytes) if (CP1252_UNDEFINED.has(b)) return undefined
  return 'windows-1252'
}

/** The text, or undefined when the bytes are in no encoding urbmon reads (see the module comment). */
export function decodeText(bytes: Uint8Array, declared?: string): { text: string; encoding: TextEncoding } | undefined {
  const encoding = detectEncoding(bytes, declared)
  if (!encoding) return undefined
  const bom = byteOrderMark(bytes)
  const body = bom ? bytes.subarray(bom.length) : bytes
  if (encoding === 'utf-8') return { text: utf8.decode(body), encoding }
  return { text: iconv.decode(Buffer.from(body), encoding), encoding }
}

/** The charset an HTML page declares in its first bytes (`<meta charset>` or http-equiv Content-Type). */
export function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1')
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)/i.exec(head)
  return m?.[1]
}
