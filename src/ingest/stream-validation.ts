/**
 * The checks of a streamed long-layout CSV, chunk by chunk: each cell validated on its own (CellValidator),
 * then added to the cross-cell grid (a cell given twice), and at the end the grid's rules and summaries. Runs in
 * the parsing worker (src/app/stream-parse-worker.ts) or, when no worker can start, in the importing thread;
 * both give the same chunks and the same problems.
 * @module
 */
import type { ErrorCode } from '../core/errors.js'
import type { Problem, Severity } from '../core/problem.js'
import { CellGrid } from './cell-grid.js'
import type { TextEncoding } from './decode-text.js'
import type { LongDefaults } from './layout-long.js'
import type { CandidateObservation } from './observation.js'
import type { RawObservation } from './raw-observation.js'
import { openLongCsv } from './stream-long-csv.js'
import { CellValidator, duplicateProblem, type ValidationContext } from './validate.js'

/** Problems of one kind listed in full; the rest are counted. */
export const SHOWN_PER_CODE = 100

/** Problems not listed, counted by code and severity (a rule's severity is its own). */
export type HiddenProblems = ReadonlyArray<{ readonly code: ErrorCode; readonly severity: Severity; readonly count: number }>

/** What a chunk of the file gives: its valid cells, how many rows it held, the problems found. */
export interface ValidatedChunk {
  readonly valid: CandidateObservation[]
  readonly rows: number
  readonly shown: Problem[]
  readonly hidden: HiddenProblems
}

/** The cross-cell checks at the end of the file. */
export interface CrossChecks {
  readonly shown: Problem[]
  readonly hidden: HiddenProblems
}

/**
 * Passes the first SHOWN_PER_CODE problems of each code and counts the rest, so a file with millions of
 * systematic errors hands on a few hundred problems, not millions.
 */
export class ProblemCap {
  readonly #seen = new Map<ErrorCode, number>()
  readonly #hidden = new Map<string, { code: ErrorCode; severity: Severity; count: number }>()

  pass(list: ReadonlyArray<Problem>, into: Problem[]): void {
    for (const p of list) {
      const n = (this.#seen.get(p.code) ?? 0) + 1
      this.#seen.set(p.code, n)
      if (n <= SHOWN_PER_CODE) {
        into.push(p)
        continue
      }
      const key = `${p.code} ${p.severity}`
      const h = this.#hidden.get(key) ?? { code: p.code, severity: p.severity, count: 0 }
      h.count++
      this.#hidden.set(key, h)
    }
  }

  /** The problems counted since the last call. */
  takeHidden(): HiddenProblems {
    const hidden = [...this.#hidden.values()]
    this.#hidden.clear()
    return hidden
  }
}

export interface LongCsvValidationOptions extends ValidationContext {
  readonly path: string
  readonly file: string
  readonly defaults: LongDefaults
}

export class LongCsvValidation {
  readonly encoding: TextEncoding
  readonly #chunks: AsyncIterable<RawObservation[]>
  readonly #options: LongCsvValidationOptions
  readonly #validator: CellValidator
  readonly #grid: CellGrid
  readonly #cap = new ProblemCap()
  #valueColumn = 'A'

  constructor(options: LongCsvValidationOptions) {
    const stream = openLongCsv(options.path, options.file, options.defaults)
    if (!stream) throw new Error(`not a long-layout CSV: ${options.file}`) // programmer error: callers check isStreamable first
    this.encoding = stream.encoding
    this.#chunks = stream.chunks
    this.#options = options
    this.#validator = new CellValidator(options)
    // Row ids in the grid are the file's row numbers; every value sits in the same column.
    this.#grid = new CellGrid(options.regions, (row) => ({ file: options.file, row, column: this.#valueColumn }))
  }

  /** The file's chunks, validated; a read failure (bad bytes, unbalanced quotes) is thrown. */
  async *chunks(): AsyncGenerator<ValidatedChunk> {
    for await (const chunk of this.#chunks) yield this.#validate(chunk)
  }

  #validate(chunk: RawObservation[]): ValidatedChunk {
    const valid: CandidateObservation[] = []
    const shown: Problem[] = []
    this.#valueColumn = chunk[0]?.location.column ?? this.#valueColumn
    for (const raw of chunk) {
      const { observation, problems } = this.#validator.validate(raw)
      if (problems.length > 0) this.#cap.pass(problems, shown)
      if (!observation) continue
      const duplicate = this.#grid.add(observation, observation.location.row ?? 0)
      if (duplicate) {
        this.#cap.pass([duplicateProblem(observation, duplicate, duplicate.otherRow)], shown)
        continue
      }
      valid.push(observation)
    }
    return { valid, rows: chunk.length, shown, hidden: this.#cap.takeHidden() }
  }

  /** The plan's consistency rules, then summaries against their members, over every cell read so far. */
  crossChecks(): CrossChecks {
    const { plan, indicators, summaryMismatch } = this.#options
    const shown: Problem[] = []
    this.#cap.pass(this.#grid.checkRules(plan), shown)
    this.#cap.pass(this.#grid.checkSummaries(indicators, plan.summaryTolerance, summaryMismatch), shown)
    return { shown, hidden: this.#cap.takeHidden() }
  }
}
