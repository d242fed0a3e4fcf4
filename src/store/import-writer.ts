/**
 * Writes validated observations of one import inside one transaction, chunk by chunk, so a file of millions
 * of rows streams through without being held in memory. A cell that is new is created (version 1); a cell whose
 * value or note differs is updated (version + 1, the old value kept in its revision); an identical one is left
 * alone. Every created or updated cell gets a revision naming the import and the row it came from; the import
 * itself is one entry of the audit log (see ObservationRepo.importSession).
 *
 * Two implementations: the embedded store drives better-sqlite3's prepared statements directly (Kysely's
 * per-query compilation costs more than SQLite's insert at this volume); PostgreSQL copies each chunk into a
 * staging table (`COPY … FROM STDIN`) and writes it with one set-based statement.
 *
 * Concurrent imports: on SQLite the transaction holds the write lock (BEGIN IMMEDIATE), so imports run one
 * after the other. On PostgreSQL the cells an import touches are locked (SELECT … FOR UPDATE) and updated with
 * a compare-and-set on the version, new cells are inserted with ON CONFLICT DO NOTHING and revised if another
 * writer created them first. Either way the semantics are "last import wins": a later import revises the
 * earlier one's value with the next version, never a version already used and never an older one.
 * @module
 */
import type SqliteDatabase from 'better-sqlite3'
import { sql, type Transaction } from 'kysely'

import type { ChunkOutcome, ImportWriter } from '../app/ports/imports.js'
import { at, must } from '../core/checked.js'
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

/** The staging table's columns, in the order of the COPY rows (ord: the row's place in its chunk). */
const STAGE_COLUMNS = 'ord, indicator, region, period, year, source, value, value_text, unit, raw_value, note, confidence, origin'

const COPY_SPECIAL = /[\\\t\n\r]/
const COPY_SPECIALS = /[\\\t\n\r]/g
const COPY_ESCAPE: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** A text field of COPY's text format: backslash, tab, newline and carriage return escaped; null is \N. */
export function copyField(s: string | null | undefined): string {
  if (s === null || s === undefined) return '\\N'
  return COPY_SPECIAL.test(s) ? s.replace(COPY_SPECIALS, (c) => COPY_ESCAPE[c] ?? c) : s
}

/**
 * One chunk as COPY text rows. Numbers are written as JavaScript prints them (the shortest text that reads back
 * as the same double, as `pg` sends a number parameter); the exact decimal text travels in value_text.
 */
export function copyRows(rows: ReadonlyArray<CandidateObservation>): string {
  let out = ''
  for (const [i, o] of rows.entries()) {
    out += `${i}\t${copyField(o.indicator)}\t${copyField(o.region)}\t${copyField(o.period)}\t${o.year}\t${copyField(o.source)}\t${String(o.value)}\t${copyField(o.valueText)}\t${copyField(o.unit)}\t${copyField(o.raw)}\t${copyField(o.note)}\t${copyField(o.confidence)}\t${copyField(origin(o))}\n`
  }
  return out
}

interface PassResult {
  readonly created: number
  readonly unchanged: number
  readonly changed: number
  readonly updated: number
  /** The first row of the chunk whose cell this import already wrote (a bug upstream), else null. */
  readonly repeated: number | null
  readonly revised_ords: number[] | null
  readonly revised_old: number[] | null
  /** Rows whose cell another writer created while this pass ran (skipped by ON CONFLICT DO NOTHING). */
  readonly raced: number[] | null
}

/**
 * PostgreSQL: each chunk is copied (`COPY … FROM STDIN`) into a staging table of the import's transaction, then
 * written by one set-based statement. It locks the chunk's stored cells in id order (`FOR UPDATE`: a concurrent
 * import or entry of the same cell waits, then this one sees the version it wrote; two imports lock alike and do
 * not deadlock), updates the changed ones to the version it locked + 1 (and checks that each locked row was
 * updated: the compare-and-set), inserts the new ones with ON CONFLICT DO NOTHING, and writes the revisions of
 * both from the staging table. Cells another writer created
 * meanwhile are skipped by the insert (which waited for that writer's commit) and go through the statement
 * again, now as stored cells.
 */
export class PostgresImportWriter implements ImportWriter {
  readonly #trx: Transaction<Database>
  readonly #copyIn: (statement: string, data: string) => Promise<void>
  readonly #ctx: ImportContext
  #staged = false
  /** The observations' id sequence, as a literal (found once: the store may live in a schema of its own). */
  #sequence = sql.lit('observations_id_seq')

  constructor(trx: Transaction<Database>, copyIn: (statement: string, data: string) => Promise<void>, ctx: ImportContext) {
    this.#trx = trx
    this.#copyIn = copyIn
    this.#ctx = ctx
  }

  async write(rows: ReadonlyArray<CandidateObservation>): Promise<ChunkOutcome> {
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0, revised: [] }
    const keys = new Set<string>()
    for (const o of rows) {
      const key = cellKey(o)
      // Across chunks the statement finds it (the cell names this import); within one, only here.
      if (keys.has(key)) throw new Error(`cell written twice in one import: ${key}`)
      keys.add(key)
    }
    await this.#stage(rows)
    let created = 0
    let updated = 0
    let unchanged = 0
    const revised: Array<{ observation: CandidateObservation; old: number }> = []
    for (let pass = 1; ; pass++) {
      const r = await this.#pass()
      if (r.repeated !== null) {
        const o = at(rows, r.repeated, 'the repeated row')
        throw new Error(`cell written twice in one import: ${o.indicator} ${o.region} ${o.period} ${o.source}`)
      }
      // Compare-and-set on locked cells: a miss means the lock did not hold — a bug, not a race.
      if (r.updated !== r.changed) throw new Error(`import lost the lock on ${r.changed - r.updated} cells`)
      created += r.created
      updated += r.updated
      unchanged += r.unchanged
      const olds = r.revised_old ?? []
      for (const [i, ord] of (r.revised_ords ?? []).entries()) revised.push({ observation: at(rows, ord, 'a revised row'), old: at(olds, i, 'an old value') })
      const raced = r.raced ?? []
      if (raced.length === 0) break
      // Gone again would need a delete, which urbmon never does; twice raced would be the same.
      if (pass >= 2) throw new Error(`cell vanished during import: ${cellKey(at(rows, at(raced, 0), 'a raced row'))}`)
      await sql`DELETE FROM import_stage WHERE NOT (ord = ANY(${raced}::int[]))`.execute(this.#trx)
    }
    return { created, updated, unchanged, revised }
  }

  /** The chunk into the staging table, dropped with the transaction (committed or not). */
  async #stage(rows: ReadonlyArray<CandidateObservation>): Promise<void> {
    if (!this.#staged) {
      await sql`CREATE TEMP TABLE import_stage (
          ord integer NOT NULL, indicator text NOT NULL, region text NOT NULL, period text NOT NULL, year integer NOT NULL,
          source text NOT NULL, value double precision NOT NULL, value_text text NOT NULL, unit text NOT NULL,
          raw_value text NOT NULL, note text, confidence text, origin text NOT NULL
        ) ON COMMIT DROP`.execute(this.#trx)
      const { rows: seq } = await sql<{ name: string }>`SELECT pg_get_serial_sequence('observations', 'id') AS name`.execute(this.#trx)
      this.#sequence = sql.lit(must(seq[0]?.name, 'the sequence of observations.id'))
      this.#staged = true
    } else await sql`TRUNCATE import_stage`.execute(this.#trx)
    await this.#copyIn(`COPY import_stage (${STAGE_COLUMNS}) FROM STDIN`, copyRows(rows))
  }

  /** One statement over the staging table: see the class comment. */
  async #pass(): Promise<PassResult> {
    const { importId, status, by, at } = this.#ctx
    const published = status === 'published'
    const id = sql.lit(importId)
    const publishedOnUpdate = published ? sql`, published_value = c.value, published_value_text = c.value_text, published_at = ${at}` : sql``
    const { rows } = await sql<PassResult>`
      WITH cur AS (
        SELECT s.*, o.id, o.value AS old_value, o.note AS old_note, o.confidence AS old_confidence, o.version AS old_version, o.import_id AS old_import
        FROM import_stage s
        JOIN observations o ON o.indicator = s.indicator AND o.region = s.region AND o.period = s.period AND o.source = s.source
        ORDER BY o.id
        FOR UPDATE OF o
      ),
      -- A file without a note or confidence column keeps what the cell has; identical cells are left alone.
      next AS (
        SELECT c.*, coalesce(c.note, c.old_note) AS new_note, coalesce(c.confidence, c.old_confidence) AS new_confidence
        FROM cur c WHERE c.old_import IS DISTINCT FROM ${id}
      ),
      changed AS (
        SELECT * FROM next
        WHERE NOT (value = old_value AND new_note IS NOT DISTINCT FROM old_note AND new_confidence IS NOT DISTINCT FROM old_confidence)
      ),
      updated AS (
        UPDATE observations o SET value = c.value, value_text = c.value_text, unit = c.unit, raw_value = c.raw_value, note = c.new_note,
          confidence = c.new_confidence, status = ${status}, version = c.old_version + 1, updated_at = ${at}, updated_by = ${by}, import_id = ${id}
          ${publishedOnUpdate}
        -- No version in the WHERE: this statement's snapshot may predate the version cur locked (a writer that
        -- committed while cur waited); the update then applies to the locked, latest row, whose version cur read.
        FROM changed c WHERE o.id = c.id
        RETURNING o.id
      ),
      update_revisions AS (
        INSERT INTO observation_revisions (observation_id, version, action, indicator, region, period, source, value, value_text,
          unit, raw_value, note, confidence, status, previous_value, changed_at, changed_by, import_id, origin)
        SELECT c.id, c.old_version + 1, 'update', c.indicator, c.region, c.period, c.source, c.value, c.value_text, c.unit, c.raw_value,
          c.new_note, c.new_confidence, ${status}, c.old_value, ${at}, ${by}, ${id}, c.origin
        FROM changed c ORDER BY c.ord
      ),
      -- New cells get their ids here, in the order of the rows, so their revisions join on an integer, not on the key.
      fresh AS (
        SELECT f.*, nextval(${this.#sequence}::regclass) AS new_id
        FROM (SELECT * FROM import_stage s WHERE NOT EXISTS (SELECT 1 FROM cur c WHERE c.ord = s.ord) ORDER BY s.ord) f
      ),
      created AS (
        INSERT INTO observations (id, indicator, region, period, year, source, value, value_text, unit, raw_value, note, confidence, status, version,
          created_at, created_by, updated_at, updated_by, import_id, published_value, published_value_text, published_at)
        SELECT f.new_id, f.indicator, f.region, f.period, f.year, f.source, f.value, f.value_text, f.unit, f.raw_value, f.note, f.confidence, ${status}, 1,
          ${at}, ${by}, ${at}, ${by}, ${id}, ${published ? sql`f.value, f.value_text, ${at}` : sql`NULL, NULL, NULL`}
        FROM fresh f ORDER BY f.new_id
        ON CONFLICT (indicator, region, period, source) DO NOTHING
        RETURNING id
      ),
      create_revisions AS (
        INSERT INTO observation_revisions (observation_id, version, action, indicator, region, period, source, value, value_text,
          unit, raw_value, note, confidence, status, previous_value, changed_at, changed_by, import_id, origin)
        SELECT f.new_id, 1, 'create', f.indicator, f.region, f.period, f.source, f.value, f.value_text, f.unit, f.raw_value,
          f.note, f.confidence, ${status}, NULL, ${at}, ${by}, ${id}, f.origin
        FROM fresh f JOIN created n ON n.id = f.new_id ORDER BY f.new_id
      )
      SELECT
        (SELECT count(*) FROM created)::int AS created,
        (SELECT count(*) FROM next)::int - (SELECT count(*) FROM changed)::int AS unchanged,
        (SELECT count(*) FROM changed)::int AS changed,
        (SELECT count(*) FROM updated)::int AS updated,
        (SELECT min(ord) FROM cur WHERE old_import = ${id}) AS repeated,
        (SELECT array_agg(ord ORDER BY ord) FROM changed WHERE value <> old_value) AS revised_ords,
        (SELECT array_agg(old_value ORDER BY ord) FROM changed WHERE value <> old_value) AS revised_old,
        (SELECT array_agg(f.ord ORDER BY f.ord) FROM fresh f WHERE NOT EXISTS (SELECT 1 FROM created n WHERE n.id = f.new_id)) AS raced
    `.execute(this.#trx)
    return must(rows[0], 'the pass statement returns one row')
  }

  finish(): Promise<void> {
    return Promise.resolve()
  }
}
