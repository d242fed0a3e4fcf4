/**
 * Observations and their revisions. Every write appends a revision; a write that changes nothing is skipped,
 * so re-importing the same file leaves the store as it was.
 * @module
 */
import type SqliteDatabase from 'better-sqlite3'
import type { Kysely, Selectable, Transaction } from 'kysely'

import { AppError } from '../core/errors.js'
import { must } from '../core/checked.js'
import { cellKey, type CandidateObservation } from '../ingest/index.js'
import type { ChunkOutcome, CurrentValue, ImportMeta, ImportOutcome, ImportRepository, ImportWriter, SessionEnd } from '../app/ports/imports.js'
import type { ChangeStamp, DraftInput, Observation, ObservationFilter, ObservationRepository, Revision, StatusSelection, StatusStep } from '../app/ports/observations.js'
import { holderOf, type WorkflowStatus } from '../core/workflow.js'
import type { Database, ObservationTable } from './db-types.js'
import { insertAudit } from './audit-log.js'
import { parseRevisionOrigin } from './json-columns.js'
import type { Store } from './open-store.js'
import type { PostgresSessions } from './store.js'
import { PostgresImportWriter, SqliteImportWriter } from './import-writer.js'
import { asStoreError, retryWhileBusy, type StoreHealth } from './store-faults.js'

/** PostgreSQL ended the transaction to break a deadlock (40P01) or a serialisation failure (40001). */
function isDeadlock(e: unknown): boolean {
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined
  return cause?.code === '40P01' || cause?.code === '40001'
}

type ObservationRow = Selectable<ObservationTable>

const CHUNK = 400

const ROLLBACK = new Error('import session rolled back')

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

/** A stored row as the application sees it. */
export function toObservation(r: ObservationRow): Observation {
  return {
    id: r.id,
    indicator: r.indicator,
    region: r.region,
    period: r.period,
    year: r.year,
    source: r.source,
    value: r.value,
    valueText: r.value_text,
    unit: r.unit,
    rawValue: r.raw_value,
    note: r.note,
    status: r.status,
    version: r.version,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    importId: r.import_id,
    publishedValue: r.published_value,
    publishedValueText: r.published_value_text,
    publishedAt: r.published_at,
    reviewComment: r.review_comment,
    confidence: r.confidence ?? null,
  }
}

/**
 * Observations, their revisions, imports, and the entry and review steps, on either store: Kysely everywhere,
 * better-sqlite3's prepared statements for the rows of an import on the embedded store.
 */
export class ObservationRepo implements ObservationRepository, ImportRepository {
  readonly #db: Kysely<Database>
  readonly #sqlite: SqliteDatabase.Database | undefined
  readonly #postgres: PostgresSessions | undefined
  readonly #health: StoreHealth | undefined

  constructor(store: Pick<Store, 'db' | 'sqlite' | 'postgres'> & { health?: StoreHealth }) {
    this.#db = store.db
    // The embedded store's own handle drives bulk writes; on PostgreSQL a session of its own gives COPY.
    this.#sqlite = store.sqlite
    this.#postgres = store.postgres
    this.#health = store.health
  }

  /** Current values of the cells a batch touches, keyed by cellKey. */
  async currentValues(batch: ReadonlyArray<CandidateObservation>, db: Kysely<Database> = this.#db): Promise<Map<string, CurrentValue>> {
    const out = new Map<string, CurrentValue>()
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
    // PostgreSQL may end one of two imports that lock rows in opposite orders (a deadlock, 40P01): the batch is
    // in memory, so it is run again — "last import wins", as if it had come a moment later.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#applyImportOnce(batch, meta)
      } catch (e) {
        if (attempt >= 3 || !isDeadlock(e)) throw e
      }
    }
  }

  async #applyImportOnce(batch: ReadonlyArray<CandidateObservation>, meta: ImportMeta): Promise<ImportOutcome> {
    const outcome = await this.importSession(meta, async (writer) => {
      // Chunks of 1000 so progress (and the crash tests' pause) happens inside the transaction as before.
      for (let i = 0; i < batch.length; i += 1000) {
        await writer.write(batch.slice(i, i + 1000))
        if (meta.onProgress) await meta.onProgress(Math.min(i + 1000, batch.length), batch.length)
      }
      return { commit: true }
    })
    return must(outcome, 'outcome of an import session that always commits')
  }

  /**
   * One import in one transaction: `body` streams chunks of validated rows to the writer and says at the end
   * whether to keep them or roll everything back (an error turned up after writing began), and how many
   * warnings the import had in all when that was known only at the end.
   * The import is one entry of the audit log; each created or changed cell has its revision, naming the import.
   */
  async importSession(meta: ImportMeta, body: (writer: ImportWriter) => Promise<SessionEnd>): Promise<ImportOutcome | undefined> {
    if (this.#sqlite) return this.#sqliteSession(this.#sqlite, meta, body)
    const postgres = must(this.#postgres, 'a PostgreSQL store for imports when not SQLite')
    try {
      return await postgres.withSession((session) =>
        session.db.transaction().execute(async (trx) => {
          const importId = await this.#beginImport(trx, meta)
          const copyIn = (statement: string, data: string) => session.copyIn(statement, data)
          const writer = new CountingWriter(new PostgresImportWriter(trx, copyIn, { importId, status: meta.status, by: meta.by, at: meta.at }))
          const end = await body(writer)
          if (!end.commit) throw ROLLBACK
          await writer.finish()
          return this.#endImport(trx, importId, writer, end.warnings ?? meta.warnings, meta)
        }),
      )
    } catch (e) {
      if (e === ROLLBACK) return undefined
      throw e
    }
  }

  async #sqliteSession(sqlite: SqliteDatabase.Database, meta: ImportMeta, body: (writer: ImportWriter) => Promise<SessionEnd>): Promise<ImportOutcome | undefined> {
    // Hold Kysely's connection so no other query of this process lands inside the transaction, then drive
    // SQLite directly for the rows.
    return this.#db.connection().execute(async (conn) => {
      // Waits for another process's import asynchronously (never in the driver), then store.busy.
      await retryWhileBusy(() => sqlite.exec('BEGIN IMMEDIATE'))
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
        // The prepared statements bypass Kysely's guarded driver: a full disk or read-only file is mapped here.
        this.#health?.noteFault(e)
        throw asStoreError(e)
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
    await insertAudit(db, {
      at: meta.at,
      actor: meta.by,
      action: 'import',
      entity: 'import',
      entity_id: String(importId),
      source: meta.source,
      new_status: meta.status,
      detail: { file: meta.fileName, sha256: meta.sha256, created, updated, unchanged, warnings },
      origin: meta.origin,
    })
    return { importId, created, updated, unchanged }
  }

  async find(filter: ObservationFilter): Promise<Observation[]> {
    let q = this.#db.selectFrom('observations').selectAll()
    if (filter.indicators?.length) q = q.where('indicator', 'in', [...filter.indicators])
    if (filter.regions?.length) q = q.where('region', 'in', [...filter.regions])
    if (filter.years?.length) q = q.where('year', 'in', [...filter.years])
    if (filter.fromYear !== undefined) q = q.where('year', '>=', filter.fromYear)
    if (filter.toYear !== undefined) q = q.where('year', '<=', filter.toYear)
    if (filter.statuses?.length) q = q.where('status', 'in', [...filter.statuses])
    return (await q.orderBy('indicator').orderBy('region').orderBy('period').orderBy('id').execute()).map(toObservation)
  }

  /**
   * The values as they were at publication, every field: value, note, version, unit, source, who and when —
   * from the cell itself when it is still as published, else from its revision at publication (the latest one
   * in status published). Cells never published are left out. What anonymous and viewers' published reads use.
   */
  async findPublished(filter: ObservationFilter): Promise<Observation[]> {
    const rows = await publishedRowsQuery(this.#db, filter).orderBy('o.indicator').orderBy('o.region').orderBy('o.period').orderBy('o.id').execute()
    return rows.map(toPublishedObservation)
  }

  async inStatuses(statuses: ReadonlyArray<WorkflowStatus>): Promise<Observation[]> {
    const rows = await this.#db
      .selectFrom('observations')
      .selectAll()
      .where('status', 'in', [...statuses])
      .orderBy('updated_at')
      .orderBy('id')
      .execute()
    return rows.map(toObservation)
  }

  async history(indicator: string, region: string, period: string): Promise<Revision[]> {
    const rows = await this.#db
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
        'r.confidence',
        'r.review_comment',
        'i.file_name',
      ])
      // Through the observations' cell index, then revisions by observation id.
      .where('r.observation_id', 'in', (eb) =>
        eb.selectFrom('observations').select('id').where('indicator', '=', indicator).where('region', '=', region).where('period', '=', period),
      )
      .orderBy('r.source')
      .orderBy('r.version')
      .execute()
    return rows.map((r): Revision => ({
      id: r.id,
      observationId: r.observation_id,
      version: r.version,
      action: r.action,
      source: r.source,
      value: r.value,
      valueText: r.value_text,
      unit: r.unit,
      rawValue: r.raw_value,
      note: r.note,
      status: r.status,
      previousValue: r.previous_value,
      changedAt: r.changed_at,
      changedBy: r.changed_by,
      origin: r.origin ? parseRevisionOrigin(r.origin) : null,
      fileName: r.file_name,
      confidence: r.confidence ?? null,
      reviewComment: r.review_comment ?? null,
    }))
  }

  async count(): Promise<{ observations: number; revisions: number; imports: number }> {
    const one = async (t: 'observations' | 'observation_revisions' | 'imports') =>
      Number(
        (
          await this.#db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    return { observations: await one('observations'), revisions: await one('observation_revisions'), imports: await one('imports') }
  }

  async largestId(): Promise<number> {
    const { id } = await this.#db
      .selectFrom('observations')
      .select((eb) => eb.fn.max<number | null>('id').as('id'))
      .executeTakeFirstOrThrow()
    return Number(id ?? 0)
  }

  /**
   * A compare-and-set on the version: the cell is locked (FOR UPDATE on PostgreSQL; SQLite's transaction holds
   * the write lock), checked against the version the writer saw, and updated only where the version is still
   * that one. A first write races with ON CONFLICT DO NOTHING: the loser gets a version conflict, not a 500.
   */
  async writeDraft(input: DraftInput, stamp: ChangeStamp): Promise<Observation> {
    return this.#db.transaction().execute(async (trx) => {
      const find = trx
        .selectFrom('observations')
        .selectAll()
        .where('indicator', '=', input.indicator)
        .where('region', '=', input.region)
        .where('period', '=', input.period)
        .where('source', '=', input.source)
      const existing = await (this.#sqlite ? find : find.forUpdate()).executeTakeFirst()
      const { indicator, region, period, source, value, valueText: text, note } = input
      if (!existing) {
        if (input.version !== undefined && input.version !== 0) throw new AppError('observation.version_conflict', { current: 0, given: input.version })
        const row = await trx
          .insertInto('observations')
          .values({
            indicator,
            region,
            period,
            year: input.year,
            source,
            value,
            value_text: text,
            unit: input.unit,
            raw_value: text,
            note,
            status: 'draft',
            version: 1,
            created_at: stamp.at,
            created_by: stamp.by,
            updated_at: stamp.at,
            updated_by: stamp.by,
            import_id: null,
            published_value: null,
            published_value_text: null,
            published_at: null,
            review_comment: null,
          })
          .onConflict((oc) => oc.columns(['indicator', 'region', 'period', 'source']).doNothing())
          .returningAll()
          .executeTakeFirst()
        // Another writer created the cell since the look-up: this one saw no version, so it lost the race.
        if (!row) throw new AppError('observation.version_conflict', { current: 1, given: input.version ?? 0 })
        await appendRevision(trx, row, 'create', null, stamp)
        await insertAudit(trx, {
          at: stamp.at,
          actor: stamp.by,
          action: 'observation.create',
          entity: 'observation',
          entity_id: String(row.id),
          indicator: row.indicator,
          region: row.region,
          period,
          source,
          new_value: value,
          new_status: 'draft',
          origin: stamp.origin,
        })
        return toObservation(row)
      }
      const holder = input.locked?.includes(existing.status) ? holderOf(existing.status) : null
      if (holder) throw new AppError('workflow.locked', { indicator: existing.indicator, region: existing.region, year: existing.year, holder, action: 'edit' })
      if (input.version !== existing.version) {
        throw new AppError('observation.version_conflict', { current: existing.version, given: input.version ?? 'none' })
      }
      if (existing.value === value && existing.note === note && existing.status === 'draft') return toObservation(existing)
      const updated = await trx
        .updateTable('observations')
        .set({ value, value_text: text, raw_value: text, note, status: 'draft', version: existing.version + 1, updated_at: stamp.at, updated_by: stamp.by, import_id: null })
        .where('id', '=', existing.id)
        .where('version', '=', existing.version) // optimistic: a concurrent writer makes this match nothing
        .returningAll()
        .executeTakeFirst()
      if (!updated) throw new AppError('observation.version_conflict', { current: existing.version + 1, given: existing.version })
      await appendRevision(trx, updated, 'update', existing.value, stamp)
      await insertAudit(trx, {
        at: stamp.at,
        actor: stamp.by,
        action: 'observation.update',
        entity: 'observation',
        entity_id: String(existing.id),
        indicator: existing.indicator,
        region: existing.region,
        period,
        source,
        old_value: existing.value,
        new_value: value,
        old_status: existing.status,
        new_status: 'draft',
        origin: stamp.origin,
      })
      return toObservation(updated)
    })
  }

  async moveStatus(
    selection: StatusSelection,
    step: StatusStep,
    stamp: ChangeStamp,
    choose: (candidates: ReadonlyArray<Observation>) => ReadonlyArray<Observation>,
  ): Promise<ReadonlyArray<Observation>> {
    return this.#db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('observations').selectAll()
      if (selection.ids?.length) q = q.where('id', 'in', [...selection.ids])
      if (selection.indicator) q = q.where('indicator', '=', selection.indicator)
      if (selection.region) q = q.where('region', '=', selection.region)
      if (selection.year !== undefined) q = q.where('year', '=', selection.year)
      if (!selection.ids?.length && selection.statuses) q = q.where('status', 'in', [...selection.statuses])
      const chosen = choose((await q.orderBy('id').execute()).map(toObservation))
      const { action, comment } = step
      for (const r of chosen) {
        const updated = await trx
          .updateTable('observations')
          .set({
            status: step.to,
            version: r.version + 1,
            updated_at: stamp.at,
            updated_by: stamp.by,
            review_comment: action === 'return' ? (comment ?? null) : action === 'submit' ? null : r.reviewComment,
            ...(action === 'publish' ? { published_value: r.value, published_value_text: r.valueText, published_at: stamp.at } : {}),
          })
          .where('id', '=', r.id)
          .where('version', '=', r.version)
          .returningAll()
          .executeTakeFirst()
        if (!updated) throw new AppError('observation.version_conflict', { current: r.version + 1, given: r.version })
        await appendRevision(trx, updated, 'status', null, stamp)
        await insertAudit(trx, {
          at: stamp.at,
          actor: stamp.by,
          action: `observation.${action}`,
          entity: 'observation',
          entity_id: String(r.id),
          indicator: r.indicator,
          region: r.region,
          period: r.period,
          source: r.source,
          old_value: action === 'publish' ? r.publishedValue : null,
          new_value: action === 'publish' ? r.value : null,
          old_status: r.status,
          new_status: step.to,
          ...(comment || step.level ? { detail: { ...(comment ? { comment } : {}), ...(step.level ? { level: step.level } : {}) } } : {}),
          origin: stamp.origin,
        })
      }
      return chosen
    })
  }
}

/** A revision of a value entered or moved through review: it names the client it came through. */
async function appendRevision(trx: Transaction<Database>, row: ObservationRow, action: 'create' | 'update' | 'status', previous: number | null, stamp: ChangeStamp): Promise<void> {
  await trx
    .insertInto('observation_revisions')
    .values({
      observation_id: row.id,
      version: row.version,
      action,
      indicator: row.indicator,
      region: row.region,
      period: row.period,
      source: row.source,
      value: row.value,
      value_text: row.value_text,
      unit: row.unit,
      raw_value: row.raw_value,
      note: row.note,
      status: row.status,
      previous_value: previous,
      changed_at: stamp.at,
      changed_by: stamp.by,
      import_id: null,
      origin: JSON.stringify({ via: stamp.origin }),
      confidence: row.confidence ?? null,
      ...(action === 'status' && row.status === 'returned' ? { review_comment: row.review_comment } : {}),
    })
    .execute()
}

/**
 * The published cells matching `filter`, with, for a cell edited since publication, its revision at publication (the latest one in
 * status published) beside it: what `toPublishedObservation` turns into the row as it was published. Shared by
 * `findPublished` and the paged export reads, so every public read shows the same fields.
 */
export function publishedRowsQuery(db: Kysely<Database>, filter: Omit<ObservationFilter, 'statuses'>) {
  let q = db
    .selectFrom('observations as o')
    .leftJoin('observation_revisions as r', (join) =>
      join
        .onRef('r.observation_id', '=', 'o.id')
        .on('o.status', '!=', 'published')
        .on('r.version', '=', (eb) =>
          eb
            .selectFrom('observation_revisions as p')
            .select((p) => p.fn.max('p.version').as('v'))
            .whereRef('p.observation_id', '=', 'o.id')
            .where('p.status', '=', 'published'),
        ),
    )
    .selectAll('o')
    .select([
      'r.version as r_version',
      'r.value_text as r_value_text',
      'r.unit as r_unit',
      'r.raw_value as r_raw_value',
      'r.note as r_note',
      'r.changed_at as r_changed_at',
      'r.changed_by as r_changed_by',
      'r.import_id as r_import_id',
      'r.confidence as r_confidence',
    ])
    .where('o.published_value', 'is not', null)
  if (filter.indicators?.length) q = q.where('o.indicator', 'in', [...filter.indicators])
  if (filter.regions?.length) q = q.where('o.region', 'in', [...filter.regions])
  if (filter.years?.length) q = q.where('o.year', 'in', [...filter.years])
  if (filter.fromYear !== undefined) q = q.where('o.year', '>=', filter.fromYear)
  if (filter.toYear !== undefined) q = q.where('o.year', '<=', filter.toYear)
  return q
}

type PublishedRow = Awaited<ReturnType<ReturnType<typeof publishedRowsQuery>['executeTakeFirstOrThrow']>>

/** A row of `publishedRowsQuery` as the observation was at publication: value, note, version, unit, who and when. */
export function toPublishedObservation(r: PublishedRow): Observation {
  const o = toObservation(r)
  if (r.status === 'published' || r.published_value === null) return o
  const asPublished = { ...o, status: 'published' as const, reviewComment: null, value: r.published_value, valueText: r.published_value_text ?? String(r.published_value) }
  const { r_version: version, r_unit: unit, r_raw_value: rawValue, r_changed_at: updatedAt, r_changed_by: updatedBy } = r
  if (version !== null && unit !== null && rawValue !== null && updatedAt !== null && updatedBy !== null) {
    return { ...asPublished, version, unit, rawValue, note: r.r_note, updatedAt, updatedBy, importId: r.r_import_id, confidence: r.r_confidence ?? null }
  }
  // A cell published before revisions kept the status (none found): its value only, no draft's note.
  return { ...asPublished, note: null, updatedAt: r.published_at ?? r.updated_at }
}
