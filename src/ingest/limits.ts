/**
 * How much of an untrusted file the readers accept: every reader checks these before it allocates, so a small
 * hostile file (a cell at the sheet's last corner, a zip bomb, huge HTML spans, a JSON key per record) is refused
 * with a message instead of taking the memory or the time of the server. One place, with defaults; the CLI and
 * the server read overrides from the environment (`URBMON_MAX_*`, see README, configuration).
 * @module
 */

export interface InputLimits {
  /** Bytes of one input file. */
  readonly fileBytes: number
  /** Cells of one table (rows × columns of the used range), also a JSON file's records × keys. */
  readonly cells: number
  /** Columns of one row (also distinct keys of JSON records, columns spanned in an HTML table). */
  readonly columns: number
  /** Characters of one field. Excel's own cell limit. */
  readonly fieldChars: number
  /** Nesting depth of a JSON document. */
  readonly jsonDepth: number
  /** Decompressed bytes of all parts of an XLSX file together. */
  readonly unzippedBytes: number
  /** Decompressed ÷ compressed size of any part of an XLSX file (a zip bomb compresses by 1000× and more). */
  readonly zipRatio: number
  /** Parts in an XLSX file. */
  readonly zipEntries: number
  /** Merged ranges of one sheet (the spreadsheet library checks each against all the others). */
  readonly merges: number
  /** Heap of the worker that parses an uploaded file (MiB). */
  readonly parseHeapMiB: number
  /** Wall-clock time of that worker (seconds) before it is ended. */
  readonly parseSeconds: number
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  fileBytes: 200 * 1024 * 1024,
  cells: 3_000_000,
  columns: 4096,
  fieldChars: 32_767,
  jsonDepth: 32,
  unzippedBytes: 512 * 1024 * 1024,
  zipRatio: 200,
  zipEntries: 10_000,
  merges: 10_000,
  parseHeapMiB: 1024,
  parseSeconds: 60,
}

export type LimitName = keyof InputLimits

/** The environment variable that sets each limit. */
export const LIMIT_ENV: Readonly<Record<LimitName, string>> = {
  fileBytes: 'URBMON_MAX_FILE_BYTES',
  cells: 'URBMON_MAX_CELLS',
  columns: 'URBMON_MAX_COLUMNS',
  fieldChars: 'URBMON_MAX_FIELD_CHARS',
  jsonDepth: 'URBMON_MAX_JSON_DEPTH',
  unzippedBytes: 'URBMON_MAX_UNZIPPED_BYTES',
  zipRatio: 'URBMON_MAX_ZIP_RATIO',
  zipEntries: 'URBMON_MAX_ZIP_ENTRIES',
  merges: 'URBMON_MAX_MERGES',
  parseHeapMiB: 'URBMON_PARSE_HEAP_MIB',
  parseSeconds: 'URBMON_PARSE_SECONDS',
}

/**
 * The limits with the environment's overrides; a value that is not a positive integer is refused by name,
 * so a typo never silently lifts a limit.
 */
export function inputLimitsFrom(env: Readonly<Record<string, string | undefined>>, overrides: Partial<InputLimits> = {}): InputLimits | { bad: string; value: string } {
  const out: Record<string, number> = { ...DEFAULT_INPUT_LIMITS }
  for (const [name, variable] of Object.entries(LIMIT_ENV) as Array<[LimitName, string]>) {
    const raw = env[variable]
    if (raw === undefined || raw === '') continue
    const n = Number(raw)
    if (!Number.isSafeInteger(n) || n <= 0) return { bad: variable, value: raw }
    out[name] = n
  }
  return { ...(out as unknown as InputLimits), ...overrides }
}
