/**
 * What the data-request service needs from a store: the requests a provincial reviewer sent to regions, and a
 * transaction in which a change and its audit entry commit together.
 * @module
 */
import type { AuditEntry } from './audit-entry.js'

export type DataRequestStatus = 'open' | 'closed'

/** A data request as stored. */
export interface DataRequestRecord {
  readonly id: number
  readonly title: string
  readonly message: string
  readonly indicators: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
  readonly year: number
  /** YYYY-MM-DD */
  readonly due: string
  readonly status: DataRequestStatus
  readonly createdBy: string
  readonly createdAt: string
  readonly closedBy: string | null
  readonly closedAt: string | null
  readonly updatedAt: string
  readonly version: number
}

export type NewDataRequest = Omit<DataRequestRecord, 'id' | 'closedBy' | 'closedAt' | 'version' | 'updatedAt' | 'status'>

/** The fields a change sets; those left out keep their value. */
export interface DataRequestChange {
  readonly title?: string
  readonly message?: string
  readonly indicators?: ReadonlyArray<string>
  readonly regions?: ReadonlyArray<string>
  readonly year?: number
  readonly due?: string
  readonly status?: DataRequestStatus
  readonly closedBy?: string | null
  readonly closedAt?: string | null
  readonly updatedAt: string
}

export interface DataRequestReads {
  /** Newest first; `status` filters. */
  list(filter?: { readonly status?: DataRequestStatus }): Promise<DataRequestRecord[]>
  get(id: number): Promise<DataRequestRecord | undefined>
}

export interface DataRequestWrites {
  /** The new request's id (status open, version 1). */
  insert(request: NewDataRequest): Promise<number>
  /** Applies `change` to that version only, bumping it; false when the stored version is another (or none). */
  update(id: number, change: DataRequestChange, expectedVersion: number): Promise<boolean>
  audit(entry: AuditEntry): Promise<void>
}

export type DataRequestTransaction = DataRequestReads & DataRequestWrites

export interface DataRequestRepository extends DataRequestReads {
  transaction<T>(work: (tx: DataRequestTransaction) => Promise<T>): Promise<T>
}
