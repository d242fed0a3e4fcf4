/**
 * From bytes to validated observations: read the tables, choose each table's layout, validate.
 * Pure apart from decoding: the caller supplies bytes and what the store already holds.
 * @module
 */
import { hasErrors, problem, type Problem } from '../core/problem.js'
import { readGridTable } from './layout-grid.js'
import { matchLongHeader, readLongTable } from './layout-long.js'
import type { CandidateObservation } from './observation.js'
import type { RawObservation } from './raw-observation.js'
import { capProblems } from './cap-problems.js'
import { readInput, type InputFormat, type InputReader } from './read-input.js'
import { isBlankRow, type Table } from './table.js'
import { validateRaw, type ValidationContext } from './validate.js'

export type Layout = 'auto' | 'long' | 'wide' | 'yearbook'

export interface ParseOptions {
  readonly layout?: Layout
  readonly indicator?: string
  readonly year?: string
  readonly sheet?: string
  /** How the file's tables are read: in this thread by default; the server passes a worker (src/app/parse-worker-pool.ts). */
  readonly read?: InputReader
}

export interface ParsedFile {
  readonly file: string
  readonly format?: InputFormat
  readonly encoding?: string
  /** Layout chosen per table (sheet). */
  readonly layouts: ReadonlyArray<{ readonly sheet?: string; readonly layout: 'long' | 'grid' }>
  readonly observations: ReadonlyArray<CandidateObservation>
  readonly problems: ReadonlyArray<Problem>
}

function looksLong(table: Table, options: ParseOptions): boolean {
  const header = table.rows.find((r) => !isBlankRow(r)) ?? []
  const cols = matchLongHeader(header)
  return (
    cols.region !== undefined &&
    cols.value !== undefined &&
    (cols.indicator !== undefined || options.indicator !== undefined) &&
    (cols.year !== undefined || options.year !== undefined)
  )
}

export async function parseFile(bytes: Uint8Array, file: string, ctx: ValidationContext, options: ParseOptions = {}): Promise<ParsedFile> {
  const input = await (options.read ?? readInput)(bytes, file, options.sheet)
  if (!input.ok) return { file, layouts: [], observations: [], problems: input.error }
  const problems: Problem[] = []
  const raws: RawObservation[] = []
  const layouts: Array<{ sheet?: string; layout: 'long' | 'grid' }> = []
  const layout = options.layout ?? 'auto'
  const skipped: Problem[] = []
  for (const table of input.value.tables) {
    if (table.rows.every(isBlankRow)) continue
    const useLong = layout === 'long' || (layout === 'auto' && looksLong(table, options))
    const read = useLong
      ? readLongTable(table, { ...(options.indicator ? { indicator: options.indicator } : {}), ...(options.year ? { year: options.year } : {}) })
      : readGridTable(table, ctx.indicators, ctx.regions, {
          ...(options.indicator ? { indicator: options.indicator } : {}),
          ...(options.year ? { year: options.year } : {}),
          summaryTolerance: ctx.plan.summaryTolerance,
        })
    // In a workbook of several sheets, a sheet with no table (说明, notes) is skipped, not an error.
    const noTable = read.raws.length === 0 && read.problems.length > 0 && read.problems.every((p) => p.code === 'ingest.no_table')
    if (noTable && input.value.tables.length > 1 && table.sheet) {
      skipped.push(problem('warning', 'ingest.sheet_skipped', { file, sheet: table.sheet }, { sheet: table.sheet }))
      continue
    }
    layouts.push({ ...(table.sheet ? { sheet: table.sheet } : {}), layout: useLong ? 'long' : 'grid' })
    // Loops, not push(...list): a long table would overflow the call stack with a spread of its rows.
    for (const p of read.problems) problems.push(p)
    for (const r of read.raws) raws.push(r)
  }
  if (raws.length === 0 && skipped.length > 0 && !hasErrors(problems)) problems.push(problem('error', 'ingest.no_table', { file }))
  for (const p of skipped) problems.push(p)
  if (raws.length === 0 && !hasErrors(problems)) problems.push(problem('error', 'ingest.empty', { file }))
  const validated = validateRaw(raws, ctx)
  return {
    file,
    format: input.value.format,
    ...(input.value.encoding ? { encoding: input.value.encoding } : {}),
    layouts,
    observations: validated.observations,
    // Listed like the streamed import: the first of each kind, the rest counted (a million bad cells stay one reply).
    problems: capProblems([...problems, ...validated.problems], file),
  }
}
