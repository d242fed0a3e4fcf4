/**
 * What the application reads and writes of observations: the values of each cell and source, their revisions,
 * and the single-value entry and review steps (each appends a revision and an audit entry).
 * @module
 */
import type { Confidence } from '../../core/source-grade.js'
import type { Transition, WorkflowStatus } from '../../core/workflow.js'

/** One value of a cell (indicator × region × period) from one source, as stored now. */
export interface Observation {
  readonly id: number
  readonly indicator: string
  readonly region: string
  readonly period: string
  readonly year: number
  readonly source: string
  readonly value: number
  /** The value as decimal text, as validated. */
  readonly valueText: string
  readonly unit: string
  /** The cell as written in the file (or the entry). */
  readonly rawValue: string
  readonly note: string | null
  readonly status: WorkflowStatus
  readonly version: number
  readonly createdAt: string
  readonly createdBy: string
  readonly updatedAt: string
  readonly updatedBy: string
  readonly importId: number | null
  /** The last published value, kept visible while a revision goes through review. */
  readonly publishedValue: number | null
  readonly publishedValueText: string | null
  /** The confidence the figure's evidence states (high, medium, low), or null. */
  readonly confidence: Confidence | null
  readonly publishedAt: string | null
  readonly reviewComment: string | null
}

export interface ObservationFilter {
  readonly indicators?: ReadonlyArray<string>
  readonly regions?: ReadonlyArray<string>
  readonly years?: ReadonlyArray<number>
  readonly fromYear?: number
  readonly toYear?: number
  readonly statuses?: ReadonlyArray<WorkflowStatus>
}

/** Where a revision's value came from: the file's sheet, row and column, or `via` the client that entered it. */
export interface RevisionOrigin {
  readonly file?: string | undefined
  readonly sheet?: string | undefined
  readonly row?: number | undefined
  readonly column?: string | undefined
  readonly path?: string | undefined
  readonly line?: number | undefined
  readonly via?: string | undefined
  readonly [key: string]: unknown
}

/** One version of one source's value of a cell. */
export interface Revision {
  readonly id: number
  readonly observationId: number
  readonly version: number
  readonly action: 'create' | 'update' | 'status'
  readonly source: string
  readonly value: number
  readonly valueText: string
  readonly unit: string
  readonly rawValue: string
  readonly note: string | null
  readonly status: WorkflowStatus
  readonly previousValue: number | null
  readonly changedAt: string
  readonly changedBy: string
  readonly origin: RevisionOrigin | null
  /** The imported file the revision came from, if any. */
  readonly fileName: string | null
  readonly confidence: Confidence | null
  /** The reviewer's comment, on the revision that returned the value (else null). */
  readonly reviewComment: string | null
}

/** Who changes something, when, and from where (`cli`, or the client's address). */
export interface ChangeStamp {
  readonly by: string
  readonly at: string
  readonly origin: string
}

export interface DraftInput {
  readonly indicator: string
  readonly region: string
  readonly period: string
  readonly year: number
  readonly source: string
  readonly value: number
  readonly valueText: string
  readonly unit: string
  readonly note: string | null
  /** The version the writer last saw (0: none); a cell that exists needs it. */
  readonly version: number | undefined
  /** Statuses a reviewer holds (two-level approval): revising a cell in one of them is refused with `workflow.locked`. */
  readonly locked?: ReadonlyArray<WorkflowStatus>
}

export interface StatusSelection {
  readonly ids?: ReadonlyArray<number>
  readonly indicator?: string
  readonly region?: string
  readonly year?: number
  /** Only values in these statuses (ignored when ids are given, so the caller can tell why an id is not eligible). */
  readonly statuses?: ReadonlyArray<WorkflowStatus>
}

export interface StatusStep {
  readonly action: Transition
  readonly to: WorkflowStatus
  readonly comment?: string
  /** The review level that takes the step (city or province); the audit entry records it. */
  readonly level?: 'city' | 'province'
}

export interface ObservationRepository {
  /** Values matching the filter, ordered by indicator, region, period, id. */
  find(filter: ObservationFilter): Promise<Observation[]>
  /**
   * The published values matching the filter, each with every field as it was at publication (value, note,
   * version, unit, who and when), though a revision may be in review since; cells never published are left
   * out. Ordered like `find`. Anonymous and published-view reads, and the export, read this.
   */
  findPublished(filter: Omit<ObservationFilter, 'statuses'>): Promise<Observation[]>
  /** Values in these statuses, oldest change first (the review queue). */
  inStatuses(statuses: ReadonlyArray<WorkflowStatus>): Promise<Observation[]>
  /** Every revision of a cell, by source, then version. */
  history(indicator: string, region: string, period: string): Promise<Revision[]>
  /**
   * Creates a draft, or revises the value in place (back to draft). The given version must be the stored one
   * (`observation.version_conflict` otherwise, also when another writer got there first). A value, note and
   * status that are already as given are returned unchanged. A cell in a `locked` status is refused (`workflow.locked`).
   */
  writeDraft(input: DraftInput, stamp: ChangeStamp): Promise<Observation>
  /**
   * Moves selected values one step, in one transaction: `choose` gets the matching values (ordered by id) and
   * returns those to move, or throws to change nothing. Publishing keeps the value as the published one.
   */
  moveStatus(
    selection: StatusSelection,
    step: StatusStep,
    stamp: ChangeStamp,
    choose: (candidates: ReadonlyArray<Observation>) => ReadonlyArray<Observation>,
  ): Promise<ReadonlyArray<Observation>>
  /** How many observations, revisions and imports the store holds. */
  count(): Promise<{ observations: number; revisions: number; imports: number }>
  /** The largest observation id: ids are never reused, so it bounds the row count from above without a scan. */
  largestId(): Promise<number>
}
