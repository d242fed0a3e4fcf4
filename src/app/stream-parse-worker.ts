/**
 * The thread that reads a streamed long-layout CSV (started by stream-parse-thread.ts): parses, validates each
 * cell, keeps the cross-cell grid, and hands chunks of valid cells to the importing thread, which writes them
 * meanwhile. It runs at most AHEAD chunks ahead of the writer, so memory stays flat however slow the writing.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads'

import { causeCode } from '../core/errors.js'
import type { Problem } from '../core/problem.js'
import type { TextEncoding } from '../ingest/decode-text.js'
import type { LongDefaults } from '../ingest/layout-long.js'
import { ObservationBatchEncoder, transferablesOf, type ObservationBatch } from '../ingest/observation-batch.js'
import { LongCsvValidation, type HiddenProblems } from '../ingest/stream-validation.js'
import { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Plan } from '../plan/plan-schema.js'
import { RegionCatalog, type Region } from '../regions/region-catalog.js'

/** What the thread is given (as workerData): the file and what validation needs, catalogs as plain data. */
export interface StreamParseRequest {
  readonly path: string
  readonly file: string
  readonly defaults: LongDefaults
  readonly plan: Plan
  readonly regions: ReadonlyArray<Region>
  readonly sourceOverride?: string
  readonly summaryMismatch?: 'error' | 'warning'
  /** Chunks the thread may read before the importer has taken the first. */
  readonly ahead: number
}

export type StreamParseReply =
  | { readonly kind: 'ready'; readonly encoding: TextEncoding }
  | { readonly kind: 'chunk'; readonly batch: ObservationBatch; readonly rows: number; readonly shown: Problem[]; readonly hidden: HiddenProblems }
  /** The file could not be read to its end (after the chunks sent); `done` follows. */
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'done'; readonly shown: Problem[]; readonly hidden: HiddenProblems }

/** `more`: the importer took a chunk. `stop`: it needs no more; the cross-cell checks over what was read follow. */
export type StreamParseCommand = { readonly kind: 'more' } | { readonly kind: 'stop' }

const port = parentPort
if (!port) throw new Error('stream-parse-worker.ts runs only as a worker thread') // started by stream-parse-thread.ts, never imported
const request = workerData as StreamParseRequest
const validation = new LongCsvValidation({
  path: request.path,
  file: request.file,
  defaults: request.defaults,
  plan: request.plan,
  indicators: IndicatorCatalog.fromPlan(request.plan),
  regions: new RegionCatalog(request.regions),
  defaultSource: request.file,
  ...(request.sourceOverride !== undefined ? { sourceOverride: request.sourceOverride } : {}),
  ...(request.summaryMismatch !== undefined ? { summaryMismatch: request.summaryMismatch } : {}),
})

let credit = request.ahead
let stopped = false
let wake: (() => void) | undefined
port.on('message', (command: StreamParseCommand) => {
  if (command.kind === 'more') credit++
  else stopped = true
  wake?.()
  wake = undefined
})
const send = (reply: StreamParseReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer)

async function readAll(): Promise<void> {
  const encoder = new ObservationBatchEncoder()
  try {
    for await (const chunk of validation.chunks()) {
      const batch = encoder.encode(chunk.valid)
      send({ kind: 'chunk', batch, rows: chunk.rows, shown: chunk.shown, hidden: chunk.hidden }, transferablesOf(batch))
      credit--
      while (credit <= 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve))
      if (stopped) break
    }
  } catch (e) {
    send({ kind: 'failed', reason: causeCode(e, 'corrupt') })
  }
  send({ kind: 'done', ...validation.crossChecks() })
}

send({ kind: 'ready', encoding: validation.encoding })
void readAll()
