/**
 * One line of the append-only audit log, as the services that change things describe it. The repositories of
 * tasks and accounts write it in the same transaction as the change it records.
 * @module
 */
export interface AuditEntry {
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly entity: string
  readonly entity_id?: string | null
  readonly indicator?: string | null
  readonly region?: string | null
  readonly period?: string | null
  readonly source?: string | null
  readonly old_value?: number | null
  readonly new_value?: number | null
  readonly old_status?: string | null
  readonly new_status?: string | null
  /** Stored as JSON. */
  readonly detail?: unknown
  readonly origin: string
}
