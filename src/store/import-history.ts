/**
 * The import history over the `imports` table: a filtered, paginated list (newest first) and one entry.
 * @module
 */
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely'

import type { ImportFilter, ImportHistory, ImportRecord } from '../app/ports/import-history.js'
import type { Database, ImportTable } from './db-types.js'

function record(r: Selectable<ImportTable>): ImportRecord {
  return {
    id: Number(r.id),
    fileName: r.file_name,
    sha256: r.file_sha256,
    format: r.format,
    layout: r.layout,
    source: r.source,
    at: r.imported_at,
    by: r.imported_by,
    created: Number(r.created),
    updated: Number(r.updated),
    unchanged: Number(r.unchanged),
    warnings: Number(r.warnings),
  }
}

/** A bare date as `to` covers the whole day (timestamps are ISO strings, compared as text). */
function upperBound(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T99` : to
}

export class KyselyImportHistory implements ImportHistory {
  constructor(private readonly db: Kysely<Database>) {}

  private filtered<O>(q: SelectQueryBuilder<Database, 'imports', O>, f: ImportFilter): SelectQueryBuilder<Database, 'imports', O> {
    let out = q
    if (f.by !== undefined) out = out.where('imported_by', '=', f.by)
    if (f.from !== undefined) out = out.where('imported_at', '>=', f.from)
    if (f.to !== undefined) out = out.where('imported_at', '<=', upperBound(f.to))
    return out
  }

  async list(f: ImportFilter): Promise<{ total: number; imports: ImportRecord[] }> {
    const count = await this.filtered(
      this.db.selectFrom('imports').select((e) => e.fn.countAll<number>().as('n')),
      f,
    ).executeTakeFirstOrThrow()
    const rows = await this.filtered(this.db.selectFrom('imports').selectAll(), f).orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute()
    return { total: Number(count.n), imports: rows.map(record) }
  }

  async get(id: number): Promise<ImportRecord | undefined> {
    const r = await this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()
    return r ? record(r) : undefined
  }
}
