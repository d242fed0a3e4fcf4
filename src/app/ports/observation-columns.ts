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

export interface ObservationColumns {
  /** Calls `open` once with the number of rows expected (exact, or a guess), feeds the sink every row, and returns it. */
  scan<S extends ColumnSink>(options: ColumnScan, open: (expectedRows: number) => S): Promise<S>
}
