/**
 * Writing imported files: one import is one transaction (all of it or none of it), one entry in the imports
 * table and the audit log, and a revision for every created or changed cell naming the import and its row.
 * @module
 */
import type { WorkflowStatus } from '../../core/workflow.js'
import type { CandidateObservation, ExistingValue } from '../../ingest/index.js'

export interface ImportMeta {
  readonly fileName: string
  readonly sha256: string
  readonly format: string
  readonly layout: string
  readonly source: string | null
  readonly by: string
  readonly at: string
  readonly status: WorkflowStatus
  readonly warnings: number
  /** Where the change came from: `cli`, or the client's address for HTTP. */
  readonly origin: string
  /**
   * A load large against what the store holds: secondary indexes are dropped for its duration and rebuilt
   * before the commit (one sort instead of millions of scattered inserts), inside the same transaction.
   */
  readonly bulk?: boolean
  /** Called inside the transaction after every 1000 rows (progress display; fault injection in crash tests). */
  readonly onProgress?: (done: number, total: number) => Promise<void>
}

/** What an import did, as its report shows it. */
export interface ImportOutcome {
  readonly importId: number
  readonly created: number
  readonly updated: number
  readonly unchanged: number
}

/** What a chunk did; `revised` lists cells whose stored value changes (for the revision warnings). */
export interface ChunkOutcome {
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  readonly revised: ReadonlyArray<{ readonly observation: CandidateObservation; readonly old: number }>
}

export interface ImportWriter {
  write(rows: ReadonlyArray<CandidateObservation>): Promise<ChunkOutcome>
  /** Writes what was deferred (revisions of created cells). Called once, before the commit. */
  finish(): Promise<void>
}

export interface SessionEnd {
  readonly commit: boolean
  /** The import's warnings in all, when known only after the rows were written. */
  readonly warnings?: number
}

/** A cell's stored value, as the revision warnings compare it. */
export type CurrentValue = ExistingValue & { readonly id: number; readonly version: number; readonly status: WorkflowStatus }

export interface ImportRepository {
  /** Current values of the cells a batch touches, keyed by cellKey. */
  currentValues(batch: ReadonlyArray<CandidateObservation>): Promise<Map<string, CurrentValue>>
  /** Writes a validated batch in one transaction. */
  applyImport(batch: ReadonlyArray<CandidateObservation>, meta: ImportMeta): Promise<ImportOutcome>
  /**
   * One import in one transaction: `body` streams chunks of validated rows to the writer and says at the end
   * whether to keep them or roll everything back; undefined when rolled back.
   */
  importSession(meta: ImportMeta, body: (writer: ImportWriter) => Promise<SessionEnd>): Promise<ImportOutcome | undefined>
}
