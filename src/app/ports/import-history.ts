/**
 * The import history as stored: one entry per imported file (who, when, which file, what it did).
 * @module
 */

export interface ImportRecord {
  readonly id: number
  readonly fileName: string
  readonly sha256: string
  readonly format: string
  readonly layout: string
  readonly source: string | null
  readonly at: string
  readonly by: string
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  readonly warnings: number
}

export interface ImportFilter {
  /** Only this user's imports (a reporter sees its own). */
  readonly by?: string
  /** ISO date or timestamp bounds on when the file was imported, inclusive (`to` a date covers that whole day). */
  readonly from?: string
  readonly to?: string
  readonly limit: number
  readonly offset: number
}

export interface ImportHistory {
  /** Newest first, with the number of entries matching the filter in all. */
  list(filter: ImportFilter): Promise<{ readonly total: number; readonly imports: ReadonlyArray<ImportRecord> }>
  get(id: number): Promise<ImportRecord | undefined>
}
