/**
 * The append-only audit log (triggers refuse updates and deletes): written inside the transaction of the change
 * it records, read newest first.
 * @module
 */
import type { Kysely } from 'kysely'

import type { AuditFilter, AuditLog, AuditRecord } from '../app/ports/audit.js'
import type { AuditEntry as NewAuditEntry } from '../app/ports/audit-entry.js'
import { insertAudit as appendAudit } from './audit-writer.js'
import type { Database } from './db-types.js'
import { parseJsonValue } from './json-columns.js'

/** One entry as the store's own writers give it (column names; absent fields are null, `detail` any JSON). */
export interface AuditInsert {
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

export async function insertAudit(db: Kysely<Database>, e: AuditInsert): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entity_id: e.entity_id ?? null,
      indicator: e.indicator ?? null,
      region: e.region ?? null,
      period: e.period ?? null,
      source: e.source ?? null,
      old_value: e.old_value ?? null,
      new_value: e.new_value ?? null,
      old_status: e.old_status ?? null,
      new_status: e.new_status ?? null,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      origin: e.origin,
    })
    .execute()
}

export class KyselyAuditLog implements AuditLog {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  record(entry: NewAuditEntry): Promise<void> {
    return appendAudit(this.#db, entry)
  }

  async list(filter: AuditFilter): Promise<AuditRecord[]> {
    let q = this.#db.selectFrom('audit_log').selectAll()
    if (filter.actor) q = q.where('actor', '=', filter.actor)
    if (filter.action) q = q.where('action', '=', filter.action)
    if (filter.entity) q = q.where('entity', '=', filter.entity)
    if (filter.entityIds) {
      if (filter.entityIds.length === 0) return []
      q = q.where('entity_id', 'in', [...filter.entityIds])
    }
    if (filter.indicator) q = q.where('indicator', '=', filter.indicator)
    if (filter.region) q = q.where('region', '=', filter.region)
    if (filter.since) q = q.where('at', '>=', filter.since)
    if (filter.until) q = q.where('at', '<', filter.until)
    if (filter.before !== undefined) q = q.where('id', '<', filter.before)
    const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute()
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      indicator: r.indicator,
      region: r.region,
      period: r.period,
      source: r.source,
      oldValue: r.old_value,
      newValue: r.new_value,
      oldStatus: r.old_status,
      newStatus: r.new_status,
      detail: r.detail ? parseJsonValue(r.detail, 'audit_log.detail') : null,
      origin: r.origin,
    }))
  }
}
