/**
 * The data-request repository on either store (the same Kysely code for SQLite and PostgreSQL). Indicator and
 * region lists are JSON text columns, read back through a schema.
 * @module
 */
import type { Kysely, Selectable } from 'kysely'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type {
  DataRequestChange,
  DataRequestRecord,
  DataRequestRepository,
  DataRequestStatus,
  DataRequestTransaction,
  NewDataRequest,
} from '../app/ports/data-request-repository.js'
import { insertAudit } from './audit-writer.js'
import type { Database, DataRequestTable } from './db-types.js'
import { readStringList, writeStringList } from './string-list-column.js'

function toRecord(r: Selectable<DataRequestTable>): DataRequestRecord {
  return {
    id: r.id,
    title: r.title,
    message: r.message,
    indicators: readStringList(r.indicators),
    regions: readStringList(r.regions),
    year: r.year,
    due: r.due,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
    version: r.version,
  }
}

class DataRequestQueries implements DataRequestTransaction {
  constructor(protected readonly db: Kysely<Database>) {}

  async list(filter: { readonly status?: DataRequestStatus } = {}): Promise<DataRequestRecord[]> {
    let q = this.db.selectFrom('data_requests').selectAll()
    if (filter.status) q = q.where('status', '=', filter.status)
    return (await q.orderBy('id', 'desc').execute()).map(toRecord)
  }

  async get(id: number): Promise<DataRequestRecord | undefined> {
    const r = await this.db.selectFrom('data_requests').selectAll().where('id', '=', id).executeTakeFirst()
    return r ? toRecord(r) : undefined
  }

  async insert(n: NewDataRequest): Promise<number> {
    const { id } = await this.db
      .insertInto('data_requests')
      .values({
        title: n.title,
        message: n.message,
        indicators: writeStringList(n.indicators),
        regions: writeStringList(n.regions),
        year: n.year,
        due: n.due,
        status: 'open',
        created_by: n.createdBy,
        created_at: n.createdAt,
        closed_by: null,
        closed_at: null,
        updated_at: n.createdAt,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return id
  }

  async update(id: number, c: DataRequestChange, expectedVersion: number): Promise<boolean> {
    const r = await this.db
      .updateTable('data_requests')
      .set((eb) => ({
        ...(c.title !== undefined ? { title: c.title } : {}),
        ...(c.message !== undefined ? { message: c.message } : {}),
        ...(c.indicators !== undefined ? { indicators: writeStringList(c.indicators) } : {}),
        ...(c.regions !== undefined ? { regions: writeStringList(c.regions) } : {}),
        ...(c.year !== undefined ? { year: c.year } : {}),
        ...(c.due !== undefined ? { due: c.due } : {}),
        ...(c.status !== undefined ? { status: c.status } : {}),
        ...(c.closedBy !== undefined ? { closed_by: c.closedBy } : {}),
        ...(c.closedAt !== undefined ? { closed_at: c.closedAt } : {}),
        updated_at: c.updatedAt,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async audit(entry: AuditEntry): Promise<void> {
    await insertAudit(this.db, entry)
  }
}

export class KyselyDataRequestRepository extends DataRequestQueries implements DataRequestRepository {
  async transaction<T>(work: (tx: DataRequestTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new DataRequestQueries(trx)))
  }
}
