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

import { hasErrors, problem, type Problem, type Severity } from '../core/problem.js'
import type { ErrorCode } from '../core/errors.js'
import { CellGrid } from '../ingest/cell-grid.js'
import type { CandidateObservation } from '../ingest/observation.js'
import { openLongCsv } from '../ingest/stream-long-csv.js'
import { CellValidator, duplicateProblem, revisionWarning } from '../ingest/validate.js'
import type { Context } from './context.js'
import type { FileReport, ImportOptions } from './import-files.js'

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

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Validates (and unless `write` is false or the options say dry run, writes) one file that isStreamable. */
export async function streamImportFile(ctx: Context, path: string, options: ImportOptions, write: boolean): Promise<FileReport> {
  const file = basename(path)
  const stream = openLongCsv(path, file, defaultsOf(options))
  if (!stream) throw new Error(`not a long-layout CSV: ${file}`)
  const log = new ProblemLog()
  const validator = new CellValidator({
    plan: ctx.plan,
    indicators: ctx.indicators,
    regions: ctx.regions,
    defaultSource: file,
    ...(options.source ? { sourceOverride: options.source } : {}),
  })
  // Row ids in the grid are the file's row numbers; every value sits in the same column.
  let valueColumn = 'A'
  const grid = new CellGrid(ctx.regions, (row) => ({ file, row, column: valueColumn }))
  let observations = 0
  let rows = 0

  const validateChunk = (chunk: Parameters<CellValidator['validate']>[0][]): CandidateObservation[] => {
    const valid: CandidateObservation[] = []
    valueColumn = chunk[0]?.location.column ?? valueColumn
    for (const raw of chunk) {
      const { observation, problems } = validator.validate(raw)
      if (problems.length > 0) log.add(problems)
      if (!observation) continue
      const duplicate = grid.add(observation, observation.location.row ?? 0)
      if (duplicate) {
        log.add([duplicateProblem(observation, duplicate, duplicate.otherRow)])
        continue
      }
      valid.push(observation)
    }
    rows += chunk.length
    observations += valid.length
    return valid
  }

  const readAll = async (onChunk: (valid: CandidateObservation[]) => Promise<void>): Promise<void> => {
    try {
      for await (const chunk of stream.chunks) {
        const valid = validateChunk(chunk)
        await onChunk(valid)
        if (options.onProgress) await options.onProgress(rows, -1)
      }
    } catch (e) {
      log.add([problem('error', 'ingest.stream_failed', { file, row: rows + 1 }, { detail: e instanceof Error ? e.message : String(e) })])
    }
    log.add(grid.checkRules(ctx.plan))
    log.add(grid.checkSummaries(ctx.indicators, ctx.plan.summaryTolerance))
  }

  const report = (written?: FileReport['written']): FileReport => {
    const all = log.all(file)
    return {
      file,
      format: 'csv',
      encoding: stream.encoding,
      layouts: [{ layout: 'long' }],
      observations,
      errors: all.filter((p) => p.severity === 'error'),
      warnings: all.filter((p) => p.severity === 'warning'),
      ...(written ? { written } : {}),
    }
  }

  if (!write || options.dryRun) {
    await readAll(async () => undefined)
    return report()
  }

  const written = await ctx.repo.importSession(
    {
      fileName: file,
      sha256: await sha256Of(path),
      format: 'csv',
      layout: 'long',
      source: options.source ?? null,
      by: options.by,
      at: options.at,
      status: options.status ?? 'draft',
      warnings: 0,
      origin: options.origin ?? 'cli',
      bulk: await isBulk(ctx, path),
    },
    async (writer) => {
      await readAll(async (valid) => {
        // Once an error is found nothing more is written (it will be rolled back); reading goes on to report.
        if (log.errors > 0 || valid.length === 0) return
        const { revised } = await writer.write(valid)
        if (revised.length > 0) log.add(revised.map(({ observation, old }) => revisionWarning(observation, old)))
      })
      return { commit: log.errors === 0, warnings: log.warnings }
    },
  )
  const result = report(written)
  return hasErrors(result.errors) ? report() : result
}

/** More rows coming (estimated from the file's size) than the store holds, and at least 200,000 of them. */
async function isBulk(ctx: Context, path: string): Promise<boolean> {
  const estimatedRows = statSync(path).size / 40
  if (estimatedRows < 200_000) return false
  const { n } = await ctx.store.db.selectFrom('observations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return estimatedRows > Number(n)
}
