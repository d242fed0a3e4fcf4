/**
 * Where a streamed file is parsed and validated: in a worker thread, so that parsing the next chunk overlaps
 * writing this one (the two cores of a small server both busy), or, when no worker can start, in the importing
 * thread itself. Either source gives the same chunks, problems and cross-cell checks.
 * @module
 */
import type { Worker } from 'node:worker_threads'

import { causeCode } from '../core/errors.js'
import type { TextEncoding } from '../ingest/decode-text.js'
import { ObservationBatchDecoder } from '../ingest/observation-batch.js'
import { LongCsvValidation, type CrossChecks, type LongCsvValidationOptions, type ValidatedChunk } from '../ingest/stream-validation.js'
import type { StreamParseCommand, StreamParseReply, StreamParseRequest } from './stream-parse-worker.js'
import { startAppWorker } from './worker-thread.js'

export interface ValidatedSource {
  readonly encoding: TextEncoding
  /** The file's chunks in order; a read failure is thrown with its cause's code. Taken once. */
  chunks(): AsyncIterable<ValidatedChunk>
  /** The cross-cell checks over the cells read, once chunks() ended or was left. */
  crossChecks(): Promise<CrossChecks>
}

/** Chunks the worker reads ahead of the writer: enough to keep both threads busy, few enough to keep memory flat. */
const AHEAD = 2

export function inThreadSource(options: LongCsvValidationOptions): ValidatedSource {
  const validation = new LongCsvValidation(options)
  return { encoding: validation.encoding, chunks: () => validation.chunks(), crossChecks: () => Promise.resolve(validation.crossChecks()) }
}

/** The worker's source once it has opened the file; undefined if it cannot start (then parse in this thread). */
export async function workerSource(options: LongCsvValidationOptions): Promise<ValidatedSource | undefined> {
  const request: StreamParseRequest = {
    path: options.path,
    file: options.file,
    defaults: options.defaults,
    plan: options.plan,
    regions: options.regions.all,
    ...(options.sourceOverride !== undefined ? { sourceOverride: options.sourceOverride } : {}),
    ...(options.summaryMismatch !== undefined ? { summaryMismatch: options.summaryMismatch } : {}),
    ahead: AHEAD,
  }
  let worker: Worker
  try {
    worker = startAppWorker('stream-parse-worker', { workerData: request })
  } catch {
    return undefined // e.g. the plan would not clone: the in-thread path reads the file
  }
  const source = new WorkerSource(worker)
  return (await source.started) ? source : undefined
}

class WorkerSource implements ValidatedSource {
  encoding: TextEncoding = 'utf-8'
  /** Whether the worker opened the file; false if it failed before (it is then ended). */
  readonly started: Promise<boolean>
  readonly #worker: Worker
  readonly #replies: StreamParseReply[] = []
  #wake: (() => void) | undefined
  #done: CrossChecks | undefined
  #ready = false
  /** The worker's last word (`done`) is queued. */
  #finished = false

  constructor(worker: Worker) {
    this.#worker = worker
    let start: (ok: boolean) => void = () => undefined
    this.started = new Promise<boolean>((resolve) => (start = resolve))
    worker.on('message', (reply: StreamParseReply) => {
      if (reply.kind === 'ready') {
        this.#ready = true
        this.encoding = reply.encoding
        start(true)
      } else this.#push(reply)
    })
    const ended = (e?: Error) => {
      if (!this.#ready) {
        start(false)
        void worker.terminate()
        return
      }
      // Ended before its last word (a bug, or out of memory): the import fails as a file not read to the end.
      if (!this.#finished) {
        this.#push({ kind: 'failed', reason: causeCode(e, 'worker_exited') })
        this.#push({ kind: 'done', shown: [], hidden: [] })
      }
    }
    worker.on('error', ended)
    worker.on('exit', () => ended())
  }

  #push(reply: StreamParseReply): void {
    if (reply.kind === 'done') this.#finished = true
    this.#replies.push(reply)
    this.#wake?.()
    this.#wake = undefined
  }

  async #next(): Promise<StreamParseReply> {
    for (;;) {
      const reply = this.#replies.shift()
      if (reply) {
        if (reply.kind === 'done') {
          this.#done = { shown: reply.shown, hidden: reply.hidden }
          void this.#worker.terminate()
        }
        return reply
      }
      await new Promise<void>((resolve) => (this.#wake = resolve))
    }
  }

  #tell(command: StreamParseCommand): void {
    if (this.#done === undefined) this.#worker.postMessage(command)
  }

  async *chunks(): AsyncGenerator<ValidatedChunk> {
    const decoder = new ObservationBatchDecoder()
    for (;;) {
      const reply = await this.#next()
      if (reply.kind === 'done') return
      if (reply.kind === 'failed') throw Object.assign(new Error(`the file could not be read to the end: ${reply.reason}`), { code: reply.reason })
      if (reply.kind !== 'chunk') continue
      // Asked for at once, so the worker parses the next chunk while this one is written.
      this.#tell({ kind: 'more' })
      yield { valid: decoder.decode(reply.batch), rows: reply.rows, shown: reply.shown, hidden: reply.hidden }
    }
  }

  async crossChecks(): Promise<CrossChecks> {
    this.#tell({ kind: 'stop' })
    while (this.#done === undefined) await this.#next()
    return this.#done
  }
}
