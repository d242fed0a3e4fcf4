/**
 * Observations and their revisions. Every write appends a revision; a write that changes nothing is skipped,
 * so re-importing the same file leaves the store as it was.
 * @module
 */
import type { Kysely, Transaction } from 'kysely'

import { cellKey, type CandidateObservation, type ExistingValue } from '../ingest/index.js'
import type { Database, WorkflowStatus } from './db-types.js'

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

export class ObservationRepo {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
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
    return this.#db.transaction().execute(async (trx) => {
      const { id: importId } = await trx
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
      const existing = await this.existing(batch, trx)
      let created = 0
      let updated = 0
      let unchanged = 0
      let done = 0
      for (const o of batch) {
        if (meta.onProgress && ++done % 1000 === 0) await meta.onProgress(done, batch.length)
        const prev = existing.get(cellKey(o))
        // A file without a note column keeps the note the cell already has.
        const note = o.note ?? prev?.note ?? null
        if (prev && prev.value === o.value && prev.note === note) {
          unchanged++
          continue
        }
        if (prev) {
          await this.#update(trx, prev.id, prev.version + 1, prev.value, prev.status, { ...o, note }, meta, importId)
          updated++
        } else {
          await this.#insert(trx, o, meta, importId)
          created++
        }
      }
      await trx.updateTable('imports').set({ created, updated, unchanged }).where('id', '=', importId).execute()
      await trx
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
          detail: JSON.stringify({ file: meta.fileName, sha256: meta.sha256, created, updated, unchanged, warnings: meta.warnings }),
          origin: meta.origin,
        })
        .execute()
      return { importId, created, updated, unchanged }
    })
  }

  async #insert(trx: Transaction<Database>, o: CandidateObservation, meta: ImportMeta, importId: number): Promise<void> {
    const { id } = await trx
      .insertInto('observations')
      .values({
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
        status: meta.status,
        version: 1,
        created_at: meta.at,
        created_by: meta.by,
        updated_at: meta.at,
        updated_by: meta.by,
        import_id: importId,
        ...(meta.status === 'published' ? { published_value: o.value, published_value_text: o.valueText, published_at: meta.at } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await this.#revision(trx, id, 1, 'create', null, o, meta, importId)
    await this.#audit(trx, id, 'observation.create', null, o, meta, importId, null)
  }

  async #update(
    trx: Transaction<Database>,
    id: number,
    version: number,
    previous: number,
    prevStatus: WorkflowStatus,
    o: CandidateObservation,
    meta: ImportMeta,
    importId: number,
  ): Promise<void> {
    await trx
      .updateTable('observations')
      .set({
        value: o.value,
        value_text: o.valueText,
        unit: o.unit,
        raw_value: o.raw,
        note: o.note,
        status: meta.status,
        version,
        updated_at: meta.at,
        updated_by: meta.by,
        import_id: importId,
        // A revision of a published value goes through review; the published one stays until it is replaced.
        ...(meta.status === 'published' ? { published_value: o.value, published_value_text: o.valueText, published_at: meta.at } : {}),
      })
      .where('id', '=', id)
      .execute()
    await this.#revision(trx, id, version, 'update', previous, o, meta, importId)
    await this.#audit(trx, id, 'observation.update', previous, o, meta, importId, prevStatus)
  }

  async #revision(
    trx: Transaction<Database>,
    observationId: number,
    version: number,
    action: 'create' | 'update',
    previous: number | null,
    o: CandidateObservation,
    meta: ImportMeta,
    importId: number,
  ): Promise<void> {
    await trx
      .insertInto('observation_revisions')
      .values({
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
        status: meta.status,
        previous_value: previous,
        changed_at: meta.at,
        changed_by: meta.by,
        import_id: importId,
        origin: JSON.stringify(o.location),
      })
      .execute()
  }

  async #audit(
    trx: Transaction<Database>,
    observationId: number,
    action: string,
    previous: number | null,
    o: CandidateObservation,
    meta: ImportMeta,
    importId: number,
    prevStatus: WorkflowStatus | null,
  ): Promise<void> {
    await trx
      .insertInto('audit_log')
      .values({
        at: meta.at,
        actor: meta.by,
        action,
        entity: 'observation',
        entity_id: String(observationId),
        indicator: o.indicator,
        region: o.region,
        period: o.period,
        source: o.source,
        old_value: previous,
        new_value: o.value,
        old_status: prevStatus,
        new_status: meta.status,
        detail: JSON.stringify({ import: importId, file: meta.fileName, location: o.location }),
        origin: meta.origin,
      })
      .execute()
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
      .where('r.indicator', '=', indicator)
      .where('r.region', '=', region)
      .where('r.period', '=', period)
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
