/**
 * One line of the append-only audit log, as the services that change things describe it (the fields they leave
 * out are empty). The repositories of tasks and accounts write it in the same transaction as the change it records.
 * @module
 */
export interface AuditEntry {
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly entity: string
  readonly entityId?: string | null
  readonly indicator?: string | null
  readonly region?: string | null
  readonly period?: string | null
  readonly source?: string | null
  readonly oldValue?: number | null
  readonly newValue?: number | null
  readonly oldStatus?: string | null
  readonly newStatus?: string | null
  /** Anything else worth keeping, stored as JSON. */
  readonly detail?: unknown
  readonly origin: string | null
}
