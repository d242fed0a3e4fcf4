/**
 * What an import is told and what it reports: shared by the whole-file importer (import-files.ts) and the streamed
 * one (stream-import.ts) without either importing the other.
 * @module
 */
import type { Problem } from '../core/problem.js'
import type { Layout, ParsedFile } from '../ingest/index.js'
import type { InputReader } from '../ingest/read-input.js'
import type { SourceGrade } from '../core/source-grade.js'
import type { WorkflowStatus } from '../core/workflow.js'

export interface ImportOptions {
  readonly layout?: Layout
  readonly indicator?: string
  readonly year?: string
  readonly sheet?: string
  readonly source?: string
  /**
   * The grade the importer states for the file's sources that have none stored yet (a registry or reviewer grade,
   * or an earlier stated one, is never overwritten).
   */
  readonly sourceGrade?: SourceGrade
  /** A summary figure that disagrees with its members' sum: refuse the file (default) or only warn (see ValidationContext). */
  readonly summaryMismatch?: 'error' | 'warning'
  readonly dryRun?: boolean
  readonly status?: WorkflowStatus
  readonly by: string
  readonly at: string
  /** `cli`, or the client's address. */
  readonly origin?: string
  readonly onProgress?: (done: number, total: number) => Promise<void>
  /** Long-layout CSV files from this size on are streamed (default STREAM_MIN_BYTES; tests lower it). */
  readonly streamMinBytes?: number
  /** A streamed file is parsed in a worker thread while this one writes; true parses in this thread (tests compare both). */
  readonly parseInThread?: boolean
  /** Reads the file's tables: in-process by default; the server reads uploads in a worker (parse-worker-pool.ts). */
  readonly read?: InputReader
}

export interface FileReport {
  readonly file: string
  readonly format?: string
  readonly encoding?: string
  readonly layouts: ParsedFile['layouts']
  readonly observations: number
  readonly errors: ReadonlyArray<Problem>
  readonly warnings: ReadonlyArray<Problem>
  readonly written?: { readonly importId: number; readonly created: number; readonly updated: number; readonly unchanged: number }
}

export interface ImportReport {
  readonly ok: boolean
  readonly dryRun: boolean
  readonly files: ReadonlyArray<FileReport>
}
