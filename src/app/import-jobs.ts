/**
 * Long imports as background jobs: the request that uploads the file is answered at once (202 and a status
 * URL), the import runs here, and its progress and final reply are read back by id. The job wraps the same
 * import call a synchronous upload makes, so its result is that call's reply, byte for byte.
 *
 * Jobs live in this process's memory: a restart forgets them (the import itself is all-or-nothing in the store
 * either way). When the server stops, `shutdown` lets running jobs finish for a grace period, then aborts the
 * rest at their next progress step — inside the import's transaction, so it rolls back whole — and marks them
 * failed with `server.shutting_down`.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'

import { AppError, isAppError } from '../core/errors.js'
import { t } from '../i18n/t.js'

export type JobPhase = 'parsing' | 'writing' | 'done' | 'failed'

export interface JobError {
  readonly code: string
  readonly message: string
  readonly messageEn: string
}

/** What the work returns: the HTTP status and body the synchronous import would have answered. */
export interface JobResult<B> {
  readonly status: number
  readonly body: B
}

export interface ImportJob<B> {
  readonly id: string
  readonly owner: number
  readonly file: string
  readonly createdAt: string
  phase: JobPhase
  /** Validated rows (known once the file is parsed). */
  rowsRead: number
  /** Rows written so far, inside the import's transaction (nothing is visible before the commit). */
  rowsWritten: number
  finishedAt: string | null
  result: JobResult<B> | null
  error: JobError | null
}

/** Handed to the work: the import's progress callback (it also stops the import when the server stops). */
export type JobProgress = (done: number, total: number) => Promise<void>

export interface ImportJobsOptions {
  readonly now?: () => Date
  /** How long finished jobs stay readable (default one hour), and how many at most (default 500). */
  readonly keepMs?: number
  readonly keepJobs?: number
  readonly log?: (message: string, error?: unknown) => void
}

export class ImportJobs<B = unknown> {
  readonly #jobs = new Map<string, ImportJob<B>>()
  readonly #running = new Map<string, { readonly done: Promise<void>; readonly abort: AbortController }>()
  readonly #now: () => Date
  readonly #keepMs: number
  readonly #keepJobs: number
  readonly #log: (message: string, error?: unknown) => void
  #closing = false

  constructor(options: ImportJobsOptions = {}) {
    this.#now = options.now ?? (() => new Date())
    this.#keepMs = options.keepMs ?? 60 * 60 * 1000
    this.#keepJobs = options.keepJobs ?? 500
    this.#log = options.log ?? (() => {})
  }

  /** Starts `work` in the background and returns its job at once; `finally` runs when it ends, however. */
  start(owner: number, file: string, work: (progress: JobProgress) => Promise<JobResult<B>>, onEnd: () => void = () => {}): ImportJob<B> {
    if (this.#closing) throw new AppError('server.shutting_down')
    this.#prune()
    const job: ImportJob<B> = {
      id: randomUUID(),
      owner,
      file,
      createdAt: this.#now().toISOString(),
      phase: 'parsing',
      rowsRead: 0,
      rowsWritten: 0,
      finishedAt: null,
      result: null,
      error: null,
    }
    this.#jobs.set(job.id, job)
    const abort = new AbortController()
    const progress: JobProgress = async (done, total) => {
      job.phase = 'writing'
      job.rowsRead = total
      job.rowsWritten = done
      // Let other requests (and a stop signal) in between chunks; a stop turns into a rollback here.
      await yieldToEventLoop()
      if (abort.signal.aborted) throw new AppError('server.shutting_down')
    }
    const done = (async () => {
      // Off the request's own turn of the event loop, so the 202 goes out first.
      await yieldToEventLoop()
      try {
        const result = await work(progress)
        job.result = result
        job.phase = 'done'
      } catch (e) {
        job.phase = 'failed'
        job.error = renderJobError(e, job.id)
        if (!isAppError(e)) this.#log(`import job ${job.id} failed`, e)
        else if (e.code === 'server.shutting_down') this.#log(`import job ${job.id} (${file}) rolled back: the server is stopping`)
      } finally {
        job.finishedAt = this.#now().toISOString()
        this.#running.delete(job.id)
        onEnd()
      }
    })()
    this.#running.set(job.id, { done, abort })
    return job
  }

  get(id: string): ImportJob<B> | undefined {
    return this.#jobs.get(id)
  }

  get runningCount(): number {
    return this.#running.size
  }

  /**
   * Refuses new jobs, waits up to `graceMs` for the running ones, then aborts those left (each rolls back at
   * its next progress step) and waits for them to end.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.#closing = true
    const all = () => Promise.all([...this.#running.values()].map((r) => r.done))
    if (this.#running.size === 0) return
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), graceMs)
    })
    const outcome = await Promise.race([all().then(() => 'done' as const), expired])
    clearTimeout(timer)
    if (outcome === 'done') return
    for (const r of this.#running.values()) r.abort.abort()
    await all()
  }

  #prune(): void {
    const cutoff = this.#now().getTime() - this.#keepMs
    for (const [id, job] of this.#jobs) {
      const old = job.finishedAt !== null && Date.parse(job.finishedAt) < cutoff
      if (old || (this.#jobs.size > this.#keepJobs && job.finishedAt !== null)) this.#jobs.delete(id)
    }
  }
}

/** An AppError in both languages; anything else as `internal`, naming the job (the cause goes to the log only). */
function renderJobError(e: unknown, jobId: string): JobError {
  if (isAppError(e)) return { code: e.code, message: t('zh', e.code, e.params as never), messageEn: t('en', e.code, e.params as never) }
  return { code: 'internal', message: t('zh', 'internal', { requestId: jobId }), messageEn: t('en', 'internal', { requestId: jobId }) }
}
