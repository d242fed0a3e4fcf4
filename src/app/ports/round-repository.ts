/**
 * What the evaluation-round service needs from a store (issue 16): rounds, the append-only versions of
 * self-evaluations and ratings, reviews, evidence files, the cited observations, and a transaction in which a
 * change and its audit entry commit together.
 * @module
 */
import type { AuditEntry } from './audit-entry.js'

export type RoundKindName = 'annual' | 'midterm' | 'final'
export type RoundPhaseValue = 'draft' | 'self_evaluation' | 'third_party_review' | 'consolidation' | 'closed'
export type RoundItemKindName = 'target' | 'task'
export type SelfState = 'draft' | 'submitted' | 'accepted' | 'returned'

export interface RoundDeadlines {
  readonly selfEvaluation: string | null
  readonly thirdPartyReview: string | null
  readonly consolidation: string | null
}

export interface RoundEvaluatorRecord {
  readonly username: string
  readonly regions: ReadonlyArray<string>
}

export interface RoundRecord {
  readonly id: number
  readonly kind: RoundKindName
  readonly year: number
  readonly title: string
  readonly titleEn: string
  readonly regions: ReadonlyArray<string>
  readonly targets: ReadonlyArray<string> | null
  readonly tasks: ReadonlyArray<string> | null
  readonly phase: RoundPhaseValue
  readonly deadlines: RoundDeadlines
  readonly allowLate: boolean
  readonly scale: { readonly min: number; readonly max: number }
  readonly evaluators: ReadonlyArray<RoundEvaluatorRecord>
  readonly survey: string | null
  readonly createdBy: string
  readonly createdAt: string
  readonly closedAt: string | null
  readonly updatedAt: string
  readonly version: number
}

export type NewRound = Omit<RoundRecord, 'id' | 'version' | 'closedAt' | 'updatedAt' | 'phase'>

/** The fields a change sets; those left out keep their value. */
export type RoundChange = Partial<Omit<RoundRecord, 'id' | 'version' | 'createdBy' | 'createdAt' | 'updatedAt'>> & { readonly updatedAt: string }

export interface ItemKey {
  readonly round: number
  readonly region: string
  readonly kind: RoundItemKindName
  readonly itemId: string
}

/** One saved version of a self-evaluation. */
export interface SelfEvaluationRecord extends ItemKey {
  readonly version: number
  readonly status: string
  readonly narrative: string
  /** Observation ids. */
  readonly citations: ReadonlyArray<number>
  /** Round evidence ids. */
  readonly evidence: ReadonlyArray<number>
  readonly state: SelfState
  readonly reviewComment: string | null
  readonly late: boolean
  readonly updatedBy: string
  readonly updatedAt: string
}

export interface ReviewRecord extends ItemKey {
  readonly selfVersion: number
  readonly decision: 'accept' | 'return'
  readonly comment: string
  readonly by: string
  readonly at: string
}

/** One saved version of an evaluator's rating. */
export interface RatingRecord extends ItemKey {
  readonly version: number
  readonly rating: string
  readonly score: number
  readonly findings: string
  readonly recommendations: string
  readonly by: string
  readonly at: string
}

export interface RoundEvidenceInfo {
  readonly id: number
  readonly round: number
  readonly fileName: string
  readonly mediaType: string
  readonly size: number
  readonly sha256: string
  readonly uploadedBy: string
  readonly uploadedAt: string
}

export interface RoundEvidence extends RoundEvidenceInfo {
  readonly content: Uint8Array
}

export type NewRoundEvidence = Omit<RoundEvidence, 'id' | 'size'>

/** A cited figure: the observation as stored now. */
export interface CitedObservation {
  readonly id: number
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly value: number
  readonly source: string
}

export interface RoundReads {
  /** Newest first. */
  list(): Promise<RoundRecord[]>
  get(id: number): Promise<RoundRecord | undefined>
  /** Every saved version of the round's self-evaluations (one region's, when given), oldest first. */
  selfVersions(round: number, region?: string): Promise<SelfEvaluationRecord[]>
  ratingVersions(round: number, region?: string): Promise<RatingRecord[]>
  reviews(round: number, region?: string): Promise<ReviewRecord[]>
  /** Evidence of the round (without content); only these ids when given. */
  evidenceInfo(round: number, ids?: ReadonlyArray<number>): Promise<RoundEvidenceInfo[]>
  evidence(round: number, id: number): Promise<RoundEvidence | undefined>
  observations(ids: ReadonlyArray<number>): Promise<CitedObservation[]>
}

export interface RoundWrites {
  /** The new round's id (phase draft, version 1). */
  insert(round: NewRound): Promise<number>
  /** Applies `change` to that version only, bumping it; false when the stored version is another (or none). */
  update(id: number, change: RoundChange, expectedVersion: number): Promise<boolean>
  /** Serialises writers of one round's items (a row lock on PostgreSQL; SQLite transactions are serial already). */
  lock(id: number): Promise<void>
  appendSelf(row: SelfEvaluationRecord): Promise<void>
  appendRating(row: RatingRecord): Promise<void>
  insertReview(row: ReviewRecord): Promise<void>
  insertEvidence(row: NewRoundEvidence): Promise<number>
  audit(entry: AuditEntry): Promise<void>
}

export type RoundTransaction = RoundReads & RoundWrites

export interface RoundRepository extends RoundReads {
  transaction<T>(work: (tx: RoundTransaction) => Promise<T>): Promise<T>
}
