/**
 * Large long-layout CSV files, streamed: each chunk is validated and written inside one transaction while the
 * cross-cell checks accumulate in a columnar grid; when the file ends, any error rolls the whole import back.
 * The outcome is the same as reading the file whole (the tests compare both on the same files); memory stays
 * flat however long the file is, and a file with millions of systematic errors lists the first of each kind.
 * @module
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'

import { problem, type Problem, type Severity } from '../core/problem.js'
import { causeCode, type ErrorCode } from '../core/errors.js'
import { CellGrid } from '../ingest/cell-grid.js'
import type { CandidateObservation } from '../ingest/observation.js'
import { openLongCsv } from '../ingest/stream-long-csv.js'
import { CellValidator, duplicateProblem, revisionWarning } from '../ingest/validate.js'
import type { Context } from './context.js'
import type { FileReport, ImportOptions } from './import-report.js'

/** Files from this size on are streamed (when they are long-layout CSV). */
export const STREAM_MIN_BYTES = 8 * 1024 * 1024

/** Problems of one kind listed in full; the rest are counted. */
const SHOWN_PER_CODE = 100

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

/** One streamed file: its reader, validator, cross-cell grid, problems and counts. */
class StreamedFile {
  readonly file: string
  readonly log = new ProblemLog()
  observations = 0
  rows = 0
  readonly written = { created: 0, updated: 0, unchanged: 0 }
  readonly #stream: NonNullable<ReturnType<typeof openLongCsv>>
  readonly #validator: CellValidator
  readonly #grid: CellGrid
  #valueColumn = 'A'

  constructor(
    private readonly ctx: Context,
    readonly path: string,
    private readonly options: ImportOptions,
  ) {
    this.file = basename(path)
    const stream = openLongCsv(path, this.file, defaultsOf(options))
    if (!stream) throw new Error(`not a long-layout CSV: ${this.file}`) // programmer error: callers check isStreamable first
    this.#stream = stream
    this.#validator = new CellValidator({
      plan: ctx.plan,
      indicators: ctx.indicators,
      regions: ctx.regions,
      defaultSource: this.file,
      ...(options.source ? { sourceOverride: options.source } : {}),
    })
    // Row ids in the grid are the file's row numbers; every value sits in the same column.
    this.#grid = new CellGrid(ctx.regions, (row) => ({ file: this.file, row, column: this.#valueColumn }))
  }

  #validateChunk(chunk: Parameters<CellValidator['validate']>[0][]): CandidateObservation[] {
    const valid: CandidateObservation[] = []
    this.#valueColumn = chunk[0]?.location.column ?? this.#valueColumn
    for (const raw of chunk) {
      const { observation, problems } = this.#validator.validate(raw)
      if (problems.length > 0) this.log.add(problems)
      if (!observation) continue
      const duplicate = this.#grid.add(observation, observation.location.row ?? 0)
      if (duplicate) {
        this.log.add([duplicateProblem(observation, duplicate, duplicate.otherRow)])
        continue
      }
      valid.push(observation)
    }
    this.rows += chunk.length
    this.observations += valid.length
    return valid
  }

  /** Reads the whole file, handing each chunk's valid rows on; then the cross-cell checks. */
  async readAll(onChunk: (valid: CandidateObservation[]) => Promise<void>): Promise<void> {
    try {
      for await (const chunk of this.#stream.chunks) {
        await onChunk(this.#validateChunk(chunk))
        if (this.options.onProgress) await this.options.onProgress(this.rows, -1)
      }
    } catch (e) {
      this.log.add([problem('error', 'ingest.stream_failed', { file: this.file, row: this.rows + 1 }, { reason: causeCode(e, 'corrupt') })])
    }
    this.log.add(this.#grid.checkRules(this.ctx.plan))
    this.log.add(this.#grid.checkSummaries(this.ctx.indicators, this.ctx.plan.summaryTolerance, this.options.summaryMismatch))
  }

  report(written?: FileReport['written']): FileReport {
    const all = this.log.all(this.file)
    return {
      file: this.file,
      format: 'csv',
      encoding: this.#stream.encoding,
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
