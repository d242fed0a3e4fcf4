/**
 * The append-only audit log: who changed what, when, from where.
 * @module
 */
import type { AuditEntry as NewAuditEntry } from './audit-entry.js'

export interface AuditEntry {
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly entity: string
  readonly entityId: string | null
  readonly indicator: string | null
  readonly region: string | null
  readonly period: string | null
  readonly source: string | null
  readonly oldValue: number | null
  readonly newValue: number | null
  readonly oldStatus: string | null
  readonly newStatus: string | null
  /** Anything else worth keeping, as JSON. */
  readonly detail: unknown
  readonly origin: string | null
}

export interface AuditRecord extends AuditEntry {
  readonly id: number
}

export interface AuditFilter {
  readonly actor?: string
  readonly action?: string
  readonly entity?: string
  /** Only entries about one of these entities (with `entity`, of that kind); an empty list matches nothing. */
  readonly entityIds?: ReadonlyArray<string>
  readonly indicator?: string
  readonly region?: string
  /** Entries at or after this time (ISO 8601). */
  readonly since?: string
  /** Entries before this time (ISO 8601; a bare date `YYYY-MM-DD` means up to the end of that day for the caller). */
  readonly until?: string
  /** Entries with an id below this one: the next page of a newest-first listing. */
  readonly before?: number
  readonly limit: number
}

export interface AuditLog {
  /** The newest entries first. */
  list(filter: AuditFilter): Promise<AuditRecord[]>
  /**
   * Appends one entry on its own, for a change kept outside the store's tables (a report file published): changes to
   * the store's own tables write theirs inside their transaction instead.
   */
  record(entry: NewAuditEntry): Promise<void>
}
