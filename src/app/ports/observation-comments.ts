/**
 * A cell's comment thread (issue 15): append-only rows keyed by the cell, so they outlive new versions of the value.
 * @module
 */
export type CommentKind = 'comment' | 'return' | 'follow_up_on' | 'follow_up_off'

/** The cell a thread belongs to (how observations are keyed), with the year for filters. */
export interface CommentCell {
  readonly indicator: string
  readonly region: string
  readonly period: string
  readonly year: number
  readonly source: string
}

export interface ObservationComment extends CommentCell {
  readonly id: number
  readonly observationVersion: number
  readonly kind: CommentKind
  readonly author: string
  readonly authorName: string
  readonly body: string
  readonly createdAt: string
}

export type NewObservationComment = Omit<ObservationComment, 'id'>

export interface CellThreadSummary {
  readonly commentCount: number
  readonly followUp: boolean
}

/** The cell of a value and its current version. */
export interface CommentTarget extends CommentCell {
  readonly id: number
  readonly version: number
}

export interface ObservationCommentRepository {
  /** The value with this id (any status), or undefined. */
  target(id: number): Promise<CommentTarget | undefined>
  /** The thread of one cell, oldest first. */
  thread(cell: Pick<CommentCell, 'indicator' | 'region' | 'period'>): Promise<ObservationComment[]>
  /** Appends rows (one transaction); never updates or deletes. */
  append(rows: ReadonlyArray<NewObservationComment>): Promise<ObservationComment[]>
  /** Per cell key `indicator|region|period`: count of kind 'comment'/'return' rows and the current follow-up flag. */
  summaries(cells: ReadonlyArray<Pick<CommentCell, 'indicator' | 'region' | 'period'>>): Promise<Map<string, CellThreadSummary>>
  /** The same for every cell of one year that has a thread (the data-entry grid's marks). */
  summariesOfYear(year: number): Promise<Array<Pick<CommentCell, 'indicator' | 'region' | 'period'> & CellThreadSummary>>
}

export const cellKey = (c: Pick<CommentCell, 'indicator' | 'region' | 'period'>): string => `${c.indicator}|${c.region}|${c.period}`
