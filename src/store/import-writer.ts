/**
 * Writes validated observations of one import inside one transaction, chunk by chunk, so a file of millions
 * of rows streams through without being held in memory. A cell that is new is created (version 1); a cell whose
 * value or note differs is updated (version + 1, the old value kept in its revision); an identical one is left
 * alone. Every created or updated cell gets a revision naming the import and the row it came from; the import
 * itself is one entry of the audit log (see ObservationRepo.importSession).
 *
 * Two implementations: the embedded store drives better-sqlite3's prepared statements directly (Kysely's
 * per-query compilation costs more than SQLite's insert at this volume), PostgreSQL goes through Kysely in
 * multi-row statements (one round trip per chunk).
 *
 * Concurrent imports: on SQLite the transaction holds the write lock (BEGIN IMMEDIATE), so imports run one
 * after the other. On PostgreSQL the cells an import touches are locked (SELECT … FOR UPDATE) and updated with
 * a compare-and-set on the version, new cells are inserted with ON CONFLICT DO NOTHING and revised if another
 * writer created them first. Either way the semantics are "last import wins": a later import revises the
 * earlier one's value with the next version, never a version already used and never an older one.
 * @module
 */
import type SqliteDatabase from 'better-sqlite3'
import { sql, type Insertable, type Transaction } from 'kysely'

import type { ChunkOutcome, ImportWriter } from '../app/ports/imports.js'
import { AppError } from '../core/errors.js'
import type { Confidence } from '../core/source-grade.js'
import { cellKey, type CandidateObservation } from '../ingest/observation.js'
import type { WorkflowStatus } from '../core/workflow.js'
import type { Database } from './db-types.js'

export interface ImportContext {
  readonly importId: number
  readonly status: WorkflowStatus
  readonly by: string
  readonly at: string
}

interface Existing {
  readonly id: number
  readonly value: number
  readonly note: string | null
  readonly confidence: string | null
  readonly version: number
  readonly import_id: number | null
}

/** Validation removes repeated cells before writing; one that still arrives twice is a bug, not a revision. */
function refuseRepeat(prev: Existing, o: CandidateObservation, ctx: ImportContext): void {
  if (prev.import_id === ctx.importId) throw new Error(`cell written twice in one import: ${o.indicator} ${o.region} ${o.period} ${o.source}`)
}

const origin = (o: CandidateObservation): string => JSON.stringify(o.location)

/** The secondary index a bulk load drops and rebuilds (as migration 001 creates it). */
export const BY_REGION = { name: 'observations_by_region', columns: ['region', 'indicator', 'year'] } as const

/** A string as an SQL literal. Only our own validated values go through here (timestamps, user names, statuses). */
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`

export class SqliteImportWriter implements ImportWriter {
  readonly #db: SqliteDatabase.Database
  readonly #ctx: ImportContext
  /** Indicators with no stored cell when the import began: their cells need no look-up. */
  readonly #fresh = new Map<string, boolean>()
  readonly #hasAny: SqliteDatabase.Statement
  readonly #find: SqliteDatabase.Statement
  readonly #insert: SqliteDatabase.Statement
  readonly #origin: SqliteDatabase.Statement
  readonly #update: SqliteDatabase.Statement
  readonly #revision: SqliteDatabase.Statement
  readonly #published: boolean
  readonly #bulk: boolean

  constructor(db: SqliteDatabase.Database, ctx: ImportContext, bulk = false) {
    this.#db = db
    this.#ctx = ctx
    this.#published = ctx.status === 'published'
    this.#bulk = bulk
    // Rolled back with everything else if the import fails; rebuilt in finish() otherwise.
    if (bulk) db.exec(`DROP INDEX IF EXISTS ${BY_REGION.name}`)
    // Revisions of created cells are written in one statement at the end, from the observations themselves;
    // only the row each came from waits here, keyed by the new id.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS import_origin (obs_id INTEGER PRIMARY KEY, origin TEXT)')
    db.exec('DELETE FROM temp.import_origin')
    const at = literal(ctx.at)
    const by = literal(ctx.by)
    const status = literal(ctx.status)
    const id = String(ctx.importId)
    this.#hasAny = db.prepare('SELECT 1 FROM observations WHERE indicator = ? LIMIT 1').pluck()
    this.#find = db.prepare('SELECT id, value, note, confidence, version, import_id FROM observations WHERE indicator = ? AND region = ? AND period = ? AND source = ?')
    this.#insert = db.prepare(
      `INSERT INTO observations (indicator, region, period, year, source, value, value_text, unit, raw_value, note, confidence, status, version,
        created_at, created_by, updated_at, updated_by, import_id, published_value, published_value_text, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${status}, 1, ${at}, ${by}, ${at}, ${by}, ${id}, ?, ?, ${this.#published ? at : 'NULL'})`,
    )
    this.#origin = db.prepare('INSERT INTO temp.import_origin (obs_id, origin) VALUES (?, ?)')
    // A revision of a published value goes through review; the published one stays until it is replaced.
    this.#update = db.prepare(
      `UPDATE observations SET value = ?, value_text = ?, unit = ?, raw_value = ?, note = ?, confidence = ?, status = ${status}, version = ?,
        updated_at = ${at}, updated_by = ${by}, import_id = ${id}
        ${this.#published ? `, published_value = ?, published_value_text = ?, published_at = ${at}` : ''}
       WHERE id = ?`,
    )
    this.#revision = db.prepare(
      `INSERT INTO observation_revisions (observation_id, version, action, indicator, region, period, source, value, value_text,
        unit, raw_value, note, confidence, status, previous_value, changed_at, changed_by, import_id, origin)
       VALUES (?, ?, 'update', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${status}, ?, ${at}, ${by}, ${id}, ?)`,
    )
  }

  #isFresh(indicator: string): boolean {
    let fresh = this.#fresh.get(indicator)
    if (fresh === undefined) {
      fresh = this.#hasAny.get(indicator) === undefined
      this.#fresh.set(indicator, fresh)
    }
    return fresh
  }

  // Synchronous (better-sqlite3); a Promise only because the port is shared with the PostgreSQL writer.
  write(rows: ReadonlyArray<CandidateObservation>): Promise<ChunkOutcome> {
    let created = 0
    let updated = 0
    let unchanged = 0
    const revised: Array<{ observation: CandidateObservation; old: number }> = []
    for (const o of rows) {
      const prev = this.#isFresh(o.indicator) ? undefined : (this.#find.get(o.indicator, o.region, o.period, o.source) as Existing | undefined)
      if (prev) refuseRepeat(prev, o, this.#ctx)
      // A file without a note column keeps the note the cell already has.
      const note = o.note ?? prev?.note ?? null
      // Likewise the confidence: a file without the column keeps the one stated before.
      const confidence = o.confidence ?? prev?.confidence ?? null
      if (!prev) {
        const published = this.#published ? [o.value, o.valueText] : [null, null]
        const { lastInsertRowid } = this.#insert.run(o.indicator, o.region, o.period, o.year, o.source, o.value, o.valueText, o.unit, o.raw, note, confidence, ...published)
        this.#origin.run(lastInsertRowid, origin(o))
        created++
      } else if (prev.value === o.value && prev.note === note && prev.confidence === confidence) {
        unchanged++
      } else {
        const version = prev.version + 1
        this.#update.run(o.value, o.valueText, o.unit, o.raw, note, confidence, version, ...(this.#published ? [o.value, o.valueText] : []), prev.id)
        this.#revision.run(prev.id, version, o.indicator, o.region, o.period, o.source, o.value, o.valueText, o.unit, o.raw, note, confidence, prev.value, origin(o))
        if (prev.value !== o.value) revised.push({ observation: o, old: prev.value })
        updated++
      }
    }
    return Promise.resolve({ created, updated, unchanged, revised })
  }

  finish(): Promise<void> {
    this.#db.exec(
      `INSERT INTO observation_revisions (observation_id, version, action, indicator, region, period, source, value, value_text,
        unit, raw_value, note, confidence, status, previous_value, changed_at, changed_by, import_id, origin)
       SELECT o.id, 1, 'create', o.indicator, o.region, o.period, o.source, o.value, o.value_text, o.unit, o.raw_value, o.note,
        o.confidence, o.status, NULL, o.updated_at, o.updated_by, o.import_id, io.origin
       FROM temp.import_origin io JOIN observations o ON o.id = io.obs_id
       ORDER BY io.obs_id`,
    )
    this.#db.exec('DELETE FROM temp.import_origin')
    if (this.#bulk) this.#db.exec(`CREATE INDEX IF NOT EXISTS ${BY_REGION.name} ON observations (${BY_REGION.columns.join(', ')})`)
    return Promise.resolve()
  }
}

export class KyselyImportWriter implements ImportWriter {
  readonly #trx: Transaction<Database>
  readonly #ctx: ImportContext

  constructor(trx: Transaction<Database>, ctx: ImportContext) {
    this.#trx = trx
    this.#ctx = ctx
  }

  /**
   * The stored cells of these rows, locked (`FOR UPDATE`, in id order so two imports lock alike and do not
   * deadlock) until the import commits: a concurrent import or entry of the same cell waits, then sees the
   * version this one wrote. Under READ COMMITTED the rows read are the latest committed ones.
   */
  async #existing(rows: ReadonlyArray<Pick<CandidateObservation, 'indicator' | 'region' | 'period' | 'source'>>): Promise<Map<string, Existing>> {
    const out = new Map<string, Existing>()
    if (rows.length === 0) return out
    const found = await sql<Existing & { indicator: string; region: string; period: string; source: string }>`
      SELECT o.id, o.indicator, o.region, o.period, o.source, o.value, o.note, o.confidence, o.version, o.import_id
      FROM observations o
      JOIN unnest(${rows.map((r) => r.indicator)}::text[], ${rows.map((r) => r.region)}::text[],
                  ${rows.map((r) => r.period)}::text[], ${rows.map((r) => r.source)}::text[]) AS k(indicator, region, period, source)
        ON o.indicator = k.indicator AND o.region = k.region AND o.period = k.period AND o.source = k.source
      ORDER BY o.id
      FOR UPDATE OF o`.execute(this.#trx)
    for (const r of found.rows)
      out.set(cellKey(r), {
        id: Number(r.id),
        value: r.value,
        note: r.note,
        confidence: r.confidence,
        version: r.version,
        import_id: r.import_id === null ? null : Number(r.import_id),
      })
    return out
  }

  async write(rows: ReadonlyArray<CandidateObservation>): Promise<ChunkOutcome> {
    // PostgreSQL takes at most 65,535 parameters a statement: 20 columns × 1,000 rows stays well below.
    const parts: ChunkOutcome[] = []
    for (let i = 0; i < rows.length; i += 1000) parts.push(await this.#writePart(rows.slice(i, i + 1000)))
    return {
      created: parts.reduce((n, p) => n + p.created, 0),
      updated: parts.reduce((n, p) => n + p.updated, 0),
      unchanged: parts.reduce((n, p) => n + p.unchanged, 0),
      revised: parts.flatMap((p) => p.revised),
    }
  }

  async #writePart(rows: ReadonlyArray<CandidateObservation>): Promise<ChunkOutcome> {
    const existing = await this.#existing(rows)
    const fresh: Array<CandidateObservation & { note: string | null; confidence: Confidence | null }> = []
    const revisions: RevisionRow[] = []
    const revised: Array<{ observation: CandidateObservation; old: number }> = []
    let updated = 0
    let unchanged = 0
    const revise = async (o: CandidateObservation, prev: Existing) => {
      refuseRepeat(prev, o, this.#ctx)
      const note = o.note ?? prev.note ?? null
      const confidence = o.confidence ?? (prev.confidence as Confidence | null) ?? null
      if (prev.value === o.value && prev.note === note && prev.confidence === confidence) {
        unchanged++
        return
      }
      await this.#update(o, note, confidence, prev)
      revisions.push(revisionRow(prev.id, prev.version + 1, 'update', prev.value, { ...o, note, confidence }, this.#ctx))
      if (prev.value !== o.value) revised.push({ observation: o, old: prev.value })
      updated++
    }
    const freshKeys = new Set<string>()
    for (const o of rows) {
      const prev = existing.get(cellKey(o))
      if (prev) await revise(o, prev)
      else if (freshKeys.has(cellKey(o)))
        throw new Error(`cell written twice in one import: ${cellKey(o)}`) // as refuseRepeat
      else {
        freshKeys.add(cellKey(o))
        fresh.push({ ...o, note: o.note ?? null, confidence: o.confidence ?? null })
      }
    }
    let created = 0
    if (fresh.length > 0) {
      const inserted = await this.#insertFresh(fresh)
      created = inserted.size
      for (const o of fresh) {
        const id = inserted.get(cellKey(o))
        if (id !== undefined) revisions.push(revisionRow(id, 1, 'create', null, o, this.#ctx))
      }
      // Cells another writer created since the look-up (ON CONFLICT DO NOTHING skipped them; the insert
      // waited for that writer's commit): now locked and revised like any stored cell.
      const raced = fresh.filter((o) => !inserted.has(cellKey(o)))
      if (raced.length > 0) {
        const now = await this.#existing(raced)
        for (const o of raced) {
          const prev = now.get(cellKey(o))
          // Gone again would need a delete, which urbmon never does.
          if (!prev) throw new Error(`cell vanished during import: ${cellKey(o)}`)
          await revise(o, prev)
        }
      }
    }
    if (revisions.length > 0) await this.#trx.insertInto('observation_revisions').values(revisions).execute()
    return { created, updated, unchanged, revised }
  }

  /** Compare-and-set on the version: the row is locked, so a miss means the lock did not hold — a bug, not a race. */
  async #update(o: CandidateObservation, note: string | null, confidence: Confidence | null, prev: Existing): Promise<void> {
    const { importId, status, by, at } = this.#ctx
    const published = status === 'published'
    const result = await this.#trx
      .updateTable('observations')
      .set({
        value: o.value,
        value_text: o.valueText,
        unit: o.unit,
        raw_value: o.raw,
        note,
        confidence,
        status,
        version: prev.version + 1,
        updated_at: at,
        updated_by: by,
        import_id: importId,
        ...(published ? { published_value: o.value, published_value_text: o.valueText, published_at: at } : {}),
      })
      .where('id', '=', prev.id)
      .where('version', '=', prev.version)
      .executeTakeFirst()
    if (result.numUpdatedRows !== 1n) throw new AppError('observation.version_conflict', { current: prev.version + 1, given: prev.version })
  }

  /** New cells, race-safe: a cell another writer inserts meanwhile is skipped here (and revised by the caller). */
  async #insertFresh(fresh: ReadonlyArray<CandidateObservation & { note: string | null; confidence: Confidence | null }>): Promise<Map<string, number>> {
    const { importId, status, by, at } = this.#ctx
    const published = status === 'published'
    const ids = await this.#trx
      .insertInto('observations')
      .values(
        fresh.map((o) => ({
          indicator: o.indicator,
          region: o.region,
          period: o.period,
          year: o.year,
          source: o.source,
          value: o.value,
          value_text: o.valueText,
          unit: o.unit,
          raw_value: o.raw,
          note: o.note,
          confidence: o.confidence,
          status,
          version: 1,
          created_at: at,
          created_by: by,
          updated_at: at,
          updated_by: by,
          import_id: importId,
          ...(published ? { published_value: o.value, published_value_text: o.valueText, published_at: at } : {}),
        })),
      )
      .onConflict((oc) => oc.columns(['indicator', 'region', 'period', 'source']).doNothing())
      .returning(['id', 'indicator', 'region', 'period', 'source'])
      .execute()
    return new Map(ids.map((r) => [cellKey(r), Number(r.id)]))
  }

  finish(): Promise<void> {
    return Promise.resolve()
  }
}

type RevisionRow = Omit<Insertable<Database['observation_revisions']>, 'id'>

function revisionRow(
  observationId: number,
  version: number,
  action: 'create' | 'update',
  previous: number | null,
  o: CandidateObservation & { note: string | null; confidence: Confidence | null },
  ctx: ImportContext,
): RevisionRow {
  return {
    observation_id: observationId,
    version,
    action,
    indicator: o.indicator,
    region: o.region,
    period: o.period,
    source: o.source,
    value: o.value,
    value_text: o.valueText,
    unit: o.unit,
    raw_value: o.raw,
    note: o.note,
    confidence: o.confidence,
    status: ctx.status,
    previous_value: previous,
    changed_at: ctx.at,
    changed_by: ctx.by,
    import_id: ctx.importId,
    origin: origin(o),
  }
}
