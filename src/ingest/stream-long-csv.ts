/**
 * A long-layout CSV read as a stream: chunks of raw observations, so a national file of ten million rows
 * never sits in memory whole. The same header matching, cell cleaning, row numbering and encodings
 * (UTF-8 with or without BOM, GB18030, UTF-16, Windows-1252; anything else refused) as the whole-file reader;
 * other layouts are not streamed.
 * @module
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs'
import { pipeline, Transform, type TransformCallback } from 'node:stream'

import { parse } from 'csv-parse'
import iconv from 'iconv-lite'

import { byteOrderMark, detectEncoding, type TextEncoding } from './decode-text.js'
import { longRowReader, matchLongHeader, type LongDefaults } from './layout-long.js'
import type { RawObservation } from './raw-observation.js'
import { csvParseOptions, detectDelimiter } from './read-csv.js'
import { cleanCell, isBlankRow } from './table.js'

export interface LongCsvStream {
  readonly encoding: TextEncoding
  /** Chunks of raw observations in file order; blank rows skipped. */
  readonly chunks: AsyncIterable<RawObservation[]>
}

const HEAD_BYTES = 64 * 1024
const CHUNK_ROWS = 10_000

/** The whole-file reader's detection on the first bytes (which may end inside a character); undefined: none fits. */
function sniffEncoding(head: Uint8Array): { encoding: TextEncoding; bom: number } | undefined {
  const encoding = detectEncoding(head, undefined, true)
  if (!encoding) return undefined
  return { encoding, bom: byteOrderMark(head)?.length ?? 0 }
}

/** Bytes → text chunks; UTF-8 strictly (a bad byte later in the file stops the import rather than garbling it). */
function decoder(encoding: TextEncoding): Transform {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8', { fatal: true })
    return new Transform({
      decodeStrings: false,
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        try {
          done(null, d.decode(chunk, { stream: true }))
        } catch (e) {
          done(e instanceof Error ? e : new Error(String(e)))
        }
      },
      flush(done: TransformCallback) {
        try {
          done(null, d.decode())
        } catch (e) {
          done(e instanceof Error ? e : new Error(String(e)))
        }
      },
    })
  }
  // iconv puts U+FFFD where bytes do not decode; a file in this encoding never holds it, so a later bad byte
  // stops the import (ingest.stream_failed) instead of storing replacement characters.
  const d = iconv.getDecoder(encoding)
  const checked = (text: string | undefined, done: TransformCallback) => {
    if (text?.includes('\uFFFD')) done(new Error(`bytes that are not ${encoding}`))
    else done(null, text ?? '')
  }
  return new Transform({
    decodeStrings: false,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      checked(d.write(chunk), done)
    },
    flush(done: TransformCallback) {
      checked(d.end(), done)
    },
  })
}

/**
 * Opens `path` as a long table if its header says so (region, value, and indicator and year unless given by
 * `defaults`); `undefined` otherwise, and the caller reads the file whole.
 */
export function openLongCsv(path: string, file: string, defaults: LongDefaults): LongCsvStream | undefined {
  const fd = openSync(path, 'r')
  const head = Buffer.alloc(HEAD_BYTES)
  let n: number
  try {
    n = readSync(fd, head, 0, HEAD_BYTES, 0)
  } finally {
    closeSync(fd)
  }
  const sniffed = sniffEncoding(head.subarray(0, n))
  // In no encoding urbmon reads: the whole-file reader refuses it with its message (ingest.bad_encoding).
  if (!sniffed) return undefined
  const { encoding, bom } = sniffed
  const headText = iconv.decode(head.subarray(bom, n), encoding)
  const firstLine = headText.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = detectDelimiter(firstLine)
  const headerRow = firstLine.split(delimiter).map((c) => cleanCell(c.replace(/^"|"$/g, '')))
  const cols = matchLongHeader(headerRow)
  const long =
    cols.region !== undefined &&
    cols.value !== undefined &&
    (cols.indicator !== undefined || defaults.indicator !== undefined) &&
    (cols.year !== undefined || defaults.year !== undefined)
  if (!long) return undefined

  async function* chunks(): AsyncGenerator<RawObservation[]> {
    // pipeline, not pipe: a decoding error must end the parser's iteration (pipe leaves it waiting forever).
    const records = pipeline(createReadStream(path, { start: bom, highWaterMark: 1 << 20 }), decoder(encoding), parse(csvParseOptions(delimiter)), () => {
      // The error, if any, reaches the loop below through the parser, which pipeline destroys with it.
    })
    let rowNumber = 0
    let toRaw: ReturnType<typeof longRowReader> | undefined
    let chunk: RawObservation[] = []
    for await (const record of records as AsyncIterable<string[]>) {
      rowNumber++
      const row = record.map(cleanCell)
      if (!toRaw) {
        if (isBlankRow(row)) continue
        // The header as the parser reads it (quotes and all), matched again.
        toRaw = longRowReader(matchLongHeader(row), defaults, { file })
        continue
      }
      const raw = toRaw(row, rowNumber)
      if (!raw) continue
      chunk.push(raw)
      if (chunk.length >= CHUNK_ROWS) {
        yield chunk
        chunk = []
      }
    }
    if (chunk.length > 0) yield chunk
  }
  return { encoding, chunks: chunks() }
}
