/**
 * Untrusted files (HTTP uploads) are read in a worker thread with its own heap limit and a wall-clock timeout:
 * a file that makes a reader run away ends the worker, and the server answers 413 with the limit named. At most
 * `maxConcurrent` files are read at once, so the workers' heaps together stay bounded. The CLI reads in-process.
 * @module
 */
import type { Worker } from 'node:worker_threads'

import { AppError } from '../core/errors.js'
import type { Problem } from '../core/problem.js'
import type { Result } from '../core/result.js'
import { LIMIT_ENV, type InputLimits } from '../ingest/limits.js'
import type { InputReader, InputTables } from '../ingest/read-input.js'
import type { ParseRequest } from './parse-worker.js'
import { startAppWorker } from './worker-thread.js'

type Reply = { result: Result<InputTables, Problem[]> } | { failed: true }

function startWorker(limits: InputLimits): Worker {
  return startAppWorker('parse-worker', {
    workerData: { limits },
    resourceLimits: { maxOldGenerationSizeMb: limits.parseHeapMiB, maxYoungGenerationSizeMb: Math.min(64, Math.max(4, limits.parseHeapMiB / 8)), stackSizeMb: 4 },
    stdout: true,
    stderr: true,
  })
}

export class ParseWorkerPool {
  #running = 0
  readonly #waiting: Array<() => void> = []

  constructor(
    readonly limits: InputLimits,
    private readonly maxConcurrent = 2,
  ) {}

  /** The reader to hand to parseFile (`ParseOptions.read`). */
  readonly read: InputReader = async (bytes, file, sheet) => {
    if (this.#running >= this.maxConcurrent) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    this.#running++
    try {
      return await this.#readOnce({ bytes, file, ...(sheet !== undefined ? { sheet } : {}) })
    } finally {
      this.#running--
      this.#waiting.shift()?.()
    }
  }

  #readOnce(request: ParseRequest): Promise<Result<InputTables, Problem[]>> {
    const { limits } = this
    return new Promise((resolve, reject) => {
      const worker = startWorker(limits)
      let settled = false
      const settle = (outcome: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        void worker.terminate()
        outcome()
      }
      const abort = (reason: 'memory' | 'timeout' | 'crashed') =>
        settle(() =>
          reject(
            new AppError('ingest.parse_aborted', {
              file: request.file,
              reason,
              ...(reason === 'memory' ? { limit: limits.parseHeapMiB, setting: LIMIT_ENV.parseHeapMiB } : {}),
              ...(reason === 'timeout' ? { limit: limits.parseSeconds, setting: LIMIT_ENV.parseSeconds } : {}),
            }),
          ),
        )
      const timer = setTimeout(() => abort('timeout'), limits.parseSeconds * 1000)
      worker.on('message', (reply: Reply) => {
        if ('result' in reply) settle(() => resolve(reply.result))
        else abort('crashed')
      })
      worker.on('error', (e: Error & { code?: string }) => abort(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed'))
      worker.on('exit', () => abort('crashed'))
      // Drain the worker's console so a chatty library cannot fill a pipe; nothing from it is shown.
      worker.stdout.resume()
      worker.stderr.resume()
      worker.postMessage(request)
    })
  }
}
