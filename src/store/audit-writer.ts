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
