/**
 * Streaming every observation into the columnar engine without an object per row (src/app/recompute.ts).
 * @module
 */
import type { Confidence } from '../../core/source-grade.js'
import type { WorkflowStatus } from '../../core/workflow.js'

export interface ColumnScan {
  /** `published`: each cell's last published value (the public view); `current`: its value now. */
  readonly value: 'current' | 'published'
  readonly statuses?: ReadonlyArray<WorkflowStatus>
}

/** Takes the rows one by one (values that are null in the scanned view are never passed). */
export interface ColumnSink {
  add(
    indicator: string,
    region: string,
    period: string,
    year: number,
    value: number,
    source: string,
    id: number,
    version: number,
    updatedAt: string,
    confidence: Confidence | null,
  ): void
}

/** A data version's parts, as far as observations go: every change to a value since then has a larger id. */
export interface ChangesSince {
  /** The largest revision id then (every write, entry and review step appends one). */
  readonly revision: number
  /** The largest observation id then (a row created since has a larger one, with or without a revision). */
  readonly observationId: number
}

/** The rows that changed since a version, for both views at once, in id order. */
export interface ColumnChanges<S extends ColumnSink> {
  /**
   * The ids up to `since.observationId` changed since, ascending, whether or not they still have a value in a
   * view (rows created since are all above it, and all in the sinks).
   */
  readonly revised: ReadonlyArray<number>
  readonly current: S
  readonly published: S
  /** The largest observation id read (the next `since.observationId`). */
  readonly largestId: number
}

export interface ObservationColumns {
  /** Calls `open` once with the number of rows expected (exact, or a guess), feeds the sink every row, and returns it. */
  scan<S extends ColumnSink>(options: ColumnScan, open: (expectedRows: number) => S): Promise<S>
  /**
   * The rows changed since `since` (all rows when both ids are 0), read in pages with a pause between them, so
   * a server keeps answering while a national import's rows are read. Feeds each row to the sink of every view
   * in which it has a value.
   */
  changesSince<S extends ColumnSink>(since: ChangesSince, open: (expectedRows: number) => S): Promise<ColumnChanges<S>>
}
