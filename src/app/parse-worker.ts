/**
 * The worker that reads one untrusted file (src/app/parse-worker-pool.ts starts it with a heap and time limit):
 * bytes in, tables or problems out. A reader that runs away ends this thread, never the server.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads'

import type { InputLimits } from '../ingest/limits.js'
import { readInput } from '../ingest/read-input.js'

export interface ParseRequest {
  readonly bytes: Uint8Array
  readonly file: string
  readonly sheet?: string
}

const port = parentPort
if (!port) throw new Error('parse-worker.ts runs only as a worker thread') // started by the pool, never imported
const limits = (workerData as { limits: InputLimits }).limits
port.once('message', (request: ParseRequest) => {
  void readInput(request.bytes, request.file, request.sheet, limits).then(
    (result) => port.postMessage({ result }),
    // A reader's own failure (a bug): the pool answers it as a file it could not read, and logs nothing from it.
    () => port.postMessage({ failed: true }),
  )
})
