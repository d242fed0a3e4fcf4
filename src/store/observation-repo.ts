/**
 * Observations and their revisions. Every write appends a revision; a write that changes nothing is skipped,
 * so re-importing the same file leaves the store as it was.
 * @module
 */
import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'

import { cellKey, type CandidateObservation, type ExistingValue } from '../ingest/index.js'
import type { Database, WorkflowStatus } from './db-types.js'
import type { Store } from './open-store.js'
import { KyselyImportWriter, SqliteImportWriter, type ChunkOutcome, type ImportWriter } from './import-writer.js'

export interface ImportMeta {
  readonly fileName: string
  readonly sha256: string
  readonly format: string
  readonly layout: string
  readonly source: string | null
  readonly by: string
  readonly at: string
  readonly status: WorkflowStatus
  readonly warnings: number
  /** Where the change came from: `cli`, or the client's address for HTTP. */
  readonly origin: string
  /**
   * A load large against what the store holds: secondary indexes are dropped for its duration and rebuilt
   * before the commit (one sort instead of millions of scattered inserts), inside the same transaction.
   */
  readonly bulk?: boolean
  /** Called inside the transaction after every 1000 rows (progress display; fault injection in crash tests). */
  readonly onProgress?: (done: number, total: number) => Promise<void>
}

export interface ImportOutcome {
  readonly importId: number
  readonly created: number
  readonly updated: number
  readonly unchanged: number
}

export interface ObservationFilter {
  readonly indicators?: ReadonlyArray<string>
  readonly regions?: ReadonlyArray<string>
  readonly years?: ReadonlyArray<number>
  readonly fromYear?: number
  readonly toYear?: number
  readonly statuses?: ReadonlyArray<WorkflowStatus>
}

export type ObservationRow = Database['observations'] extends infer T ? { [K in keyof T]: K extends 'id' ? number : T[K] } : never

const CHUNK = 400

const ROLLBACK = Symbol('rollback')

export interface SessionEnd {
  readonly commit: boolean
  /** The import's warnings in all, when known only after the rows were written. */
  readonly warnings?: number
}

/** Adds up what the chunks did. */
class CountingWriter implements ImportWriter {
  created = 0
  updated = 0
  unchanged = 0
  readonly #inner: ImportWriter

  constructor(inner: ImportWriter) {
    this.#inner = inner
  }

  async write(rows: ReadonlyArray<CandidateObservation>): Promise<ChunkOutcome> {
    const r = await this.#inner.write(rows)
    this.created += r.created
    this.updated += r.updated
    this.unchanged += r.unchanged
    return r
  }

  finish(): Promise<void> {
    return this.#inner.finish()
  }
}

export class ObservationRepo {
  readonly #db: Kysely<Database>
  readonly #sqlite: SqliteDatabase.Database | undefined

  constructor(store: Pick<Store, 'db' | 'sqlite'>) {
    this.#db = store.db
    // The embedded store's own handle drives bulk writes; PostgreSQL goes through Kysely.
    this.#sqlite = store.sqlite
  }

  /** Current values of the cells a batch touches, keyed by cellKey. */
  async existing(batch: ReadonlyArray<CandidateObservation>, db: Kysely<Database> = this.#db): Promise<Map<string, ExistingValue & { id: number; version: number; status: WorkflowStatus }>> {
    const out = new Map<string, ExistingValue & { id: number; version: number; status: WorkflowStatus }>()
    const indicators = [...new Set(batch.map((o) => o.indicator))]
    const wanted = new Set(batch.map(cellKey))
    for (let i = 0; i < indicators.length; i += CHUNK) {
      const rows = await db
        .selectFrom('observations')
        .select(['id', 'indicator', 'region', 'period', 'source', 'value', 'unit', 'note', 'version', 'status'])
        .where('indicator', 'in', indicators.slice(i, i + CHUNK))
        .execute()
      for (const r of rows) {
        const key = cellKey(r)
        if (wanted.has(key)) out.set(key, { value: r.value, unit: r.unit, note: r.note, id: r.id, version: r.version, status: r.status })
      }
    }
    return out
  }

  /** Writes a validated batch in one transaction: all of it or none of it. */
  async applyImport(batch: ReadonlyArray<CandidateObservation>, meta: ImportMeta): Promise<ImportOutcome> {
    const outcome = await this.importSession(meta, async (writer) => {
      // Chunks of 1000 so progress (and the crash tests' pause) happens inside the transaction as before.
      for (let i = 0; i < batch.length; i += 1000) {
        await writer.write(batch.slice(i, i + 1000))
        if (meta.onProgress) await meta.onProgress(Math.min(i + 1000, batch.length), batch.length)
      }
      return { commit: true }
    })
    return outcome!
  }

  /**
   * One import in one transaction: `body` streams chunks of validated rows to the writer and says at the end
   * whether to keep them or roll everything back (an error turned up after writing began), and how many
   * warnings the import had in all when that was known only at the end.
   * The import is one entry of the audit log; each created or changed cell has its revision, naming the import.
   */
  async importSession(meta: ImportMeta, body: (writer: ImportWriter) => Promise<SessionEnd>): Promise<ImportOutcome | undefined> {
    if (this.#sqlite) return this.#sqliteSession(this.#sqlite, meta, body)
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const importId = await this.#beginImport(trx, meta)
        const writer = new CountingWriter(new KyselyImportWriter(trx, { importId, status: meta.status, by: meta.by, at: meta.at }))
        const end = await body(writer)
        if (!end.commit) throw ROLLBACK
        await writer.finish()
        return this.#endImport(trx, importId, writer, end.warnings ?? meta.warnings, meta)
      })
    } catch (e) {
      if (e === ROLLBACK) return undefined
      throw e
    }
  }

  async #sqliteSession(sqlite: SqliteDatabase.Database, meta: ImportMeta, body: (writer: ImportWriter) => Promise<SessionEnd>): Promise<ImportOutcome | undefined> {
    // Hold Kysely's connection so no other query of this process lands inside the transaction, then drive
    // SQLite directly for the rows.
    return this.#db.connection().execute(async (conn) => {
      sqlite.exec('BEGIN IMMEDIATE')
      const cacheSize = sqlite.pragma('cache_size', { simple: true })
      // A larger page cache keeps the index pages of a big import in memory (256 MiB, returned afterwards).
      sqlite.pragma('cache_size = -262144')
      try {
        const importId = await this.#beginImport(conn, meta)
        const writer = new CountingWriter(new SqliteImportWriter(sqlite, { importId, status: meta.status, by: meta.by, at: meta.at }, meta.bulk ?? false))
        const end = await body(writer)
        if (!end.commit) {
          sqlite.exec('ROLLBACK')
          return undefined
        }
        await writer.finish()
        const outcome = await this.#endImport(conn, importId, writer, end.warnings ?? meta.warnings, meta)
        sqlite.exec('COMMIT')
        return outcome
      } catch (e) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
        throw e
      } finally {
        sqlite.pragma(`cache_size = ${Number(cacheSize)}`)
      }
    })
  }

  async #beginImport(db: Kysely<Database>, meta: ImportMeta): Promise<number> {
    const { id } = await db
      .insertInto('imports')
      .values({
        file_name: meta.fileName,
        file_sha256: meta.sha256,
        format: meta.format,
        layout: meta.layout,
        source: meta.source,
        imported_at: meta.at,
        imported_by: meta.by,
        created: 0,
        updated: 0,
        unchanged: 0,
        warnings: meta.warnings,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(id)
  }

  async #endImport(db: Kysely<Database>, importId: number, writer: CountingWriter, warnings: number, meta: ImportMeta): Promise<ImportOutcome> {
    const { created, updated, unchanged } = writer
    await db.updateTable('imports').set({ created, updated, unchanged, warnings }).where('id', '=', importId).execute()
    await db
      .insertInto('audit_log')
      .values({
        at: meta.at,
        actor: meta.by,
        action: 'import',
        entity: 'import',
        entity_id: String(importId),
        indicator: null,
        region: null,
        period: null,
        source: meta.source,
        old_value: null,
        new_value: null,
        old_status: null,
        new_status: meta.status,
        detail: JSON.stringify({ file: meta.fileName, sha256: meta.sha256, created, updated, unchanged, warnings }),
        origin: meta.origin,
      })
      .execute()
    return { importId, created, updated, unchanged }
  }

  async find(filter: ObservationFilter): Promise<ObservationRow[]> {
    let q = this.#db.selectFrom('observations').selectAll()
    if (filter.indicators?.length) q = q.where('indicator', 'in', [...filter.indicators])
    if (filter.regions?.length) q = q.where('region', 'in', [...filter.regions])
    if (filter.years?.length) q = q.where('year', 'in', [...filter.years])
    if (filter.fromYear !== undefined) q = q.where('year', '>=', filter.fromYear)
    if (filter.toYear !== undefined) q = q.where('year', '<=', filter.toYear)
    if (filter.statuses?.length) q = q.where('status', 'in', [...filter.statuses])
    return (await q.orderBy('indicator').orderBy('region').orderBy('period').orderBy('id').execute()) as ObservationRow[]
  }

  async history(indicator: string, region: string, period: string) {
    return this.#db
      .selectFrom('observation_revisions as r')
      .leftJoin('imports as i', 'i.id', 'r.import_id')
      .select([
        'r.id',
        'r.observation_id',
        'r.version',
        'r.action',
        'r.source',
        'r.value',
        'r.value_text',
        'r.unit',
        'r.raw_value',
        'r.note',
        'r.status',
        'r.previous_value',
        'r.changed_at',
        'r.changed_by',
        'r.origin',
        'i.file_name',
      ])
      // Through the observations' cell index, then revisions by observation id.
      .where('r.observation_id', 'in', (eb) =>
        eb.selectFrom('observations').select('id').where('indicator', '=', indicator).where('region', '=', region).where('period', '=', period),
      )
      .orderBy('r.source')
      .orderBy('r.version')
      .execute()
  }

  async count(): Promise<{ observations: number; revisions: number; imports: number }> {
    const one = async (t: 'observations' | 'observation_revisions' | 'imports') =>
      Number((await this.#db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    return { observations: await one('observations'), revisions: await one('observation_revisions'), imports: await one('imports') }
  }
}
