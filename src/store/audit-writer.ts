/**
 * Appends one audit entry, inside whatever transaction the caller runs (the change and its record commit together).
 * @module
 */
import type { Kysely } from 'kysely'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type { Database } from './db-types.js'

export async function insertAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId ?? null,
      indicator: e.indicator ?? null,
      region: e.region ?? null,
      period: e.period ?? null,
      source: e.source ?? null,
      old_value: e.oldValue ?? null,
      new_value: e.newValue ?? null,
      old_status: e.oldStatus ?? null,
      new_status: e.newStatus ?? null,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      origin: e.origin,
    })
    .execute()
}

/** An entry named by its columns, as the observation workflow still writes it until it has its own repository. */
export interface AuditColumns {
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
  readonly detail?: unknown
  readonly origin: string
}

export async function insertAuditColumns(db: Kysely<Database>, e: AuditColumns): Promise<void> {
  const { entity_id, old_value, new_value, old_status, new_status, ...same } = e
  await insertAudit(db, { ...same, entityId: entity_id ?? null, oldValue: old_value ?? null, newValue: new_value ?? null, oldStatus: old_status ?? null, newStatus: new_status ?? null })
}
