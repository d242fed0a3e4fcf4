/**
 * What the survey service needs from a store: the responses to a questionnaire (answers only, nothing personal),
 * the nonces of used form tokens, and a transaction in which a token is spent with its response, or an import is
 * written with its one audit entry.
 * @module
 */
import type { AuditEntry } from './audit-entry.js'

export type SurveyChannel = 'form' | 'import'

export interface SurveyResponseRecord {
  readonly id: number
  readonly questionnaire: string
  readonly region: string
  readonly round: number | null
  readonly answers: Readonly<Record<string, number | string>>
  readonly receivedAt: string
  readonly fingerprint: string
  readonly channel: SurveyChannel
}

export type NewSurveyResponse = Omit<SurveyResponseRecord, 'id'>

export interface SurveyResponseFilter {
  readonly questionnaire?: string
  readonly region?: string
  /** A round id, or null for the responses of no round. */
  readonly round?: number | null
}

export interface SurveyResponseReads {
  /** In the order received. */
  list(filter: SurveyResponseFilter): Promise<SurveyResponseRecord[]>
  /** Responses per region and round of a questionnaire. */
  counts(questionnaire: string): Promise<Array<{ region: string; round: number | null; n: number }>>
}

export interface SurveyResponseWrites {
  insert(responses: ReadonlyArray<NewSurveyResponse>): Promise<number>
  /** Records a form token's nonce as used; false when it was used already. Forgets nonces past their expiry. */
  spendToken(token: { nonce: string; questionnaire: string; usedAt: string; expiresAt: string }): Promise<boolean>
  audit(entry: AuditEntry): Promise<void>
}

export type SurveyResponseTransaction = SurveyResponseReads & SurveyResponseWrites

export interface SurveyResponseRepository extends SurveyResponseReads {
  transaction<T>(work: (tx: SurveyResponseTransaction) => Promise<T>): Promise<T>
}
