/**
 * Bytes → text. UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise GB18030 (a superset of
 * GBK and GB2312, as Chinese Excel and older statistics web pages save). HTML may declare its charset.
 * @module
 */
import iconv from 'iconv-lite'

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The encoding a byte-order mark names, and the mark's length; undefined without one. */
export function byteOrderMark(bytes: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 }
  return undefined
}

export function decodeText(bytes: Uint8Array, declared?: string): { text: string; encoding: TextEncoding } {
  const bom = byteOrderMark(bytes)
  if (bom?.encoding === 'utf-8') return { text: utf8.decode(bytes.subarray(3)), encoding: 'utf-8' }
  if (bom) return { text: iconv.decode(Buffer.from(bytes.subarray(bom.length)), bom.encoding), encoding: bom.encoding }
  const d = declared?.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (d && (d === 'gb2312' || d === 'gbk' || d === 'gb18030' || d === 'cp936' || d === 'xgbk')) {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' }
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' }
  }
}

/** The charset an HTML page declares in its first bytes (`<meta charset>` or http-equiv Content-Type). */
export function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1')
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)/i.exec(head)
  return m?.[1]
}
