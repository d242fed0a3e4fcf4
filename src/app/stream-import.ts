/**
 * Large long-layout CSV files, streamed: each chunk is validated and written inside one transaction while the
 * cross-cell checks accumulate in a columnar grid; when the file ends, any error rolls the whole import back.
 * Parsing and validation run in a worker thread (stream-parse-thread.ts), so they overlap the writing here.
 * The outcome is the same as reading the file whole (the tests compare both on the same files); memory stays
 * flat however long the file is, and a file with millions of systematic errors lists the first of each kind.
 * @module
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'

import { problem, type Problem, type Severity } from '../core/problem.js'
import { causeCode, type ErrorCode } from '../core/errors.js'
import type { TextEncoding } from '../ingest/decode-text.js'
import type { CandidateObservation } from '../ingest/observation.js'
import { openLongCsv } from '../ingest/stream-long-csv.js'
import { SHOWN_PER_CODE, type HiddenProblems, type LongCsvValidationOptions } from '../ingest/stream-validation.js'
import { revisionWarning } from '../ingest/validate.js'
import type { Context } from './context.js'
import type { FileReport, ImportOptions } from './import-report.js'
import { inThreadSource, workerSource, type ValidatedSource } from './stream-parse-thread.js'

/** Files from this size on are streamed (when they are long-layout CSV). */
export const STREAM_MIN_BYTES = 8 * 1024 * 1024

/** A long-layout CSV file large enough to stream. */
export function isStreamable(path: string, options: Pick<ImportOptions, 'layout' | 'sheet' | 'indicator' | 'year'>, minBytes = STREAM_MIN_BYTES): boolean {
  if (options.layout && options.layout !== 'auto' && options.layout !== 'long') return false
  if (options.sheet) return false
  if (!/\.(csv|tsv|txt)$/i.test(path)) return false
  if (statSync(path).size < minBytes) return false
  return openLongCsv(path, basename(path), defaultsOf(options)) !== undefined
}

const defaultsOf = (options: Pick<ImportOptions, 'indicator' | 'year'>) => ({
  ...(options.indicator ? { indicator: options.indicator } : {}),
  ...(options.year ? { year: options.year } : {}),
})

/** Keeps the first problems of each kind and counts the rest. */
class ProblemLog {
  readonly shown: Problem[] = []
  readonly #counts = new Map<ErrorCode, { severity: Severity; count: number }>()
  errors = 0
  warnings = 0

  add(list: ReadonlyArray<Problem>): void {
    for (const p of list) {
      if (p.severity === 'error') this.errors++
      else this.warnings++
      const c = this.#counts.get(p.code) ?? { severity: p.severity, count: 0 }
      c.count++
      this.#counts.set(p.code, c)
      if (c.count <= SHOWN_PER_CODE) this.shown.push(p)
    }
  }

  /** Problems the reader counted past the first SHOWN_PER_CODE of their code (those came through add). */
  addHidden(hidden: HiddenProblems): void {
    for (const h of hidden) {
      if (h.severity === 'error') this.errors += h.count
      else this.warnings += h.count
      const c = this.#counts.get(h.code) ?? { severity: h.severity, count: 0 }
      c.count += h.count
      this.#counts.set(h.code, c)
    }
  }

  all(file: string): Problem[] {
    const more = [...this.#counts]
      .filter(([, c]) => c.count > SHOWN_PER_CODE)
      .map(([code, c]) => problem(c.severity, 'ingest.more_problems', { file }, { code, count: c.count - SHOWN_PER_CODE, shown: SHOWN_PER_CODE }))
    return [...this.shown, ...more]
  }
}

/** The file's SHA-256; of several files, the SHA-256 of their hashes in order. */
async function sha256Of(paths: ReadonlyArray<string>): Promise<string> {
  const one = async (path: string) => {
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
    return hash.digest('hex')
  }
  if (paths.length === 1 && paths[0] !== undefined) return one(paths[0])
  const all = createHash('sha256')
  for (const p of paths) all.update(await one(p))
  return all.digest('hex')
}

/**
 * One streamed file: where it is parsed and validated (a worker thread, or this one if none starts), its
 * problems and counts.
 */
class StreamedFile {
  readonly file: string
  readonly log = new ProblemLog()
  observations = 0
  rows = 0
  readonly written = { created: 0, updated: 0, unchanged: 0 }
  #encoding: TextEncoding = 'utf-8'

  constructor(
    private readonly ctx: Context,
    readonly path: string,
    private readonly options: ImportOptions,
  ) {
    this.file = basename(path)
  }

  async #open(): Promise<ValidatedSource> {
    const { ctx, options } = this
    const validation: LongCsvValidationOptions = {
      path: this.path,
      file: this.file,
      defaults: defaultsOf(options),
      plan: ctx.plan,
      indicators: ctx.indicators,
      regions: ctx.regions,
      defaultSource: this.file,
      ...(options.source ? { sourceOverride: options.source } : {}),
      ...(options.summaryMismatch ? { summaryMismatch: options.summaryMismatch } : {}),
    }
    const source = (options.parseInThread ? undefined : await workerSource(validation)) ?? inThreadSource(validation)
    this.#encoding = source.encoding
    return source
  }

  /** Reads the whole file, handing each chunk's valid rows on; then the cross-cell checks. */
  async readAll(onChunk: (valid: CandidateObservation[]) => Promise<void>): Promise<void> {
    const source = await this.#open()
    try {
      for await (const chunk of source.chunks()) {
        this.log.add(chunk.shown)
        this.log.addHidden(chunk.hidden)
        this.rows += chunk.rows
        this.observations += chunk.valid.length
        await onChunk(chunk.valid)
        if (this.options.onProgress) await this.options.onProgress(this.rows, -1)
      }
    } catch (e) {
      this.log.add([problem('error', 'ingest.stream_failed', { file: this.file, row: this.rows + 1 }, { reason: causeCode(e, 'corrupt') })])
    } finally {
      // Always asked for: it also ends the worker. After a failed write, the checks cover the cells read by then.
      const checks = await source.crossChecks()
      this.log.add(checks.shown)
      this.log.addHidden(checks.hidden)
    }
  }

  report(written?: FileReport['written']): FileReport {
    const all = this.log.all(this.file)
    return {
      file: this.file,
      format: 'csv',
      encoding: this.#encoding,
      layouts: [{ layout: 'long' }],
      observations: this.observations,
      errors: all.filter((p) => p.severity === 'error'),
      warnings: all.filter((p) => p.severity === 'warning'),
      ...(written ? { written } : {}),
    }
  }
}

/** Validates one file that isStreamable, writing nothing. */
export async function validateStreamedFile(ctx: Context, path: string, options: ImportOptions): Promise<FileReport> {
  const f = new StreamedFile(ctx, path, options)
  await f.readAll(() => Promise.resolve())
  return f.report()
}

/**
 * Validates and writes files that are all isStreamable, in one transaction: files delivered together are one
 * import (one entry in the imports table and the audit log, naming every file), all of it or none of it.
 * A dry run only validates.
 */
export async function streamImportFiles(ctx: Context, paths: ReadonlyArray<string>, options: ImportOptions): Promise<FileReport[]> {
  if (options.dryRun) return Promise.all(paths.map((p) => validateStreamedFile(ctx, p, options)))
  const files = paths.map((p) => new StreamedFile(ctx, p, options))
  const errors = () => files.reduce((n, f) => n + f.log.errors, 0)
  const written = await ctx.imports.importSession(
    {
      fileName: files.map((f) => f.file).join(', '),
      sha256: await sha256Of(paths),
      format: 'csv',
      layout: 'long',
      source: options.source ?? null,
      by: options.by,
      at: options.at,
      status: options.status ?? 'draft',
      warnings: 0,
      origin: options.origin ?? 'cli',
      bulk: await isBulk(ctx, paths),
    },
    async (writer) => {
      for (const f of files) {
        await f.readAll(async (valid) => {
          // Once an error is found nothing more is written (it will be rolled back); reading goes on to report.
          if (errors() > 0 || valid.length === 0) return
          const out = await writer.write(valid)
          f.written.created += out.created
          f.written.updated += out.updated
          f.written.unchanged += out.unchanged
          if (out.revised.length > 0) f.log.add(out.revised.map(({ observation, old }) => revisionWarning(observation, old)))
        })
      }
      return { commit: errors() === 0, warnings: files.reduce((n, f) => n + f.log.warnings, 0) }
    },
  )
  return files.map((f) => (written ? f.report({ importId: written.importId, ...f.written }) : f.report()))
}

/** More rows coming (estimated from the files' size) than the store holds, and at least 200,000 of them. */
async function isBulk(ctx: Context, paths: ReadonlyArray<string>): Promise<boolean> {
  const estimatedRows = paths.reduce((n, p) => n + statSync(p).size, 0) / 40
  if (estimatedRows < 200_000) return false
  // Ids are never reused, so the largest one bounds the row count from above: a primary-key look-up, no count.
  return estimatedRows > (await ctx.observations.largestId())
}
