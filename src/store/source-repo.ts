/**
 * Source grades, host rules and series choices (migration 007), the same on SQLite and PostgreSQL through Kysely.
 * Each write and its audit entry share one transaction.
 * @module
 */
import type { Kysely, Selectable } from 'kysely'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type { ConfidenceCounts, HostRuleRecord, RegistryEntry, RegistryOutcome, SeriesChoiceRecord, SourceRecord, SourceRepository } from '../app/ports/sources.js'
import type { SourceGrade } from '../core/source-grade.js'
import { insertAudit } from './audit-writer.js'
import type { Database, SeriesSourceTable, SourceTable } from './db-types.js'

const toRecord = (r: Selectable<SourceTable>): SourceRecord => ({
  source: r.source,
  grade: r.grade,
  vintage: r.vintage,
  publisher: r.publisher,
  publisherEn: r.publisher_en,
  title: r.title,
  titleEn: r.title_en,
  basis: r.basis,
  gradedBy: r.graded_by,
  gradedAt: r.graded_at,
})

const toChoice = (r: Selectable<SeriesSourceTable>): SeriesChoiceRecord => ({
  indicator: r.indicator,
  region: r.region,
  source: r.source,
  reason: r.reason,
  chosenBy: r.chosen_by,
  chosenAt: r.chosen_at,
})

export class KyselySourceRepository implements SourceRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async graded(): Promise<SourceRecord[]> {
    return (await this.#db.selectFrom('sources').selectAll().orderBy('source').execute()).map(toRecord)
  }

  async hosts(): Promise<HostRuleRecord[]> {
    return this.#db.selectFrom('source_hosts').select(['host', 'grade']).orderBy('host').execute()
  }

  async choices(): Promise<SeriesChoiceRecord[]> {
    return (await this.#db.selectFrom('series_sources').selectAll().orderBy('indicator').orderBy('region').execute()).map(toChoice)
  }

  async figureCounts(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('observations')
      .select(['source', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('source')
      .execute()
    return new Map(rows.map((r) => [r.source, Number(r.n)]))
  }

  async confidenceCounts(): Promise<Map<string, ConfidenceCounts>> {
    const rows = await this.#db
      .selectFrom('observations')
      .select(['source', 'confidence', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['source', 'confidence'])
      .execute()
    const out = new Map<string, { high: number; medium: number; low: number; none: number }>()
    for (const r of rows) {
      const c = out.get(r.source) ?? { high: 0, medium: 0, low: 0, none: 0 }
      c[r.confidence ?? 'none'] += Number(r.n)
      out.set(r.source, c)
    }
    return out
  }

  async seriesHasSource(indicator: string, region: string, source: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('observations')
      .select('id')
      .where('indicator', '=', indicator)
      .where('region', '=', region)
      .where('source', '=', source)
      .limit(1)
      .executeTakeFirst()
    return row !== undefined
  }

  async loadRegistry(entries: ReadonlyArray<RegistryEntry>, hosts: ReadonlyArray<HostRuleRecord> | undefined, by: string, at: string, audit: AuditEntry): Promise<RegistryOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const stored = new Map((await trx.selectFrom('sources').selectAll().execute()).map((r) => [r.source, r]))
      let written = 0
      let unchanged = 0
      let keptReviewer = 0
      for (const e of entries) {
        const row = {
          grade: e.grade,
          vintage: e.vintage,
          publisher: e.publisher,
          publisher_en: e.publisherEn,
          title: e.title,
          title_en: e.titleEn,
          basis: 'registry' as const,
          graded_by: by,
          graded_at: at,
        }
        const prev = stored.get(e.source)
        if (prev?.basis === 'reviewer') {
          keptReviewer++
          continue
        }
        if (
          prev?.basis === 'registry' &&
          prev.grade === row.grade &&
          prev.vintage === row.vintage &&
          prev.publisher === row.publisher &&
          prev.publisher_en === row.publisher_en &&
          prev.title === row.title &&
          prev.title_en === row.title_en
        ) {
          unchanged++
          continue
        }
        if (prev) await trx.updateTable('sources').set(row).where('source', '=', e.source).execute()
        else
          await trx
            .insertInto('sources')
            .values({ source: e.source, ...row })
            .execute()
        written++
      }
      if (hosts) {
        await trx.deleteFrom('source_hosts').execute()
        if (hosts.length > 0)
          await trx
            .insertInto('source_hosts')
            .values(hosts.map((h) => ({ host: h.host, grade: h.grade, graded_by: by, graded_at: at })))
            .execute()
      }
      const { n } = await trx
        .selectFrom('source_hosts')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
      const outcome = { written, unchanged, keptReviewer, hosts: Number(n) }
      await insertAudit(trx, { ...audit, detail: { ...(audit.detail as object), ...outcome } })
      return outcome
    })
  }

  async stateGrades(sources: ReadonlyArray<string>, grade: SourceGrade, by: string, at: string, audit: (graded: ReadonlyArray<string>) => AuditEntry): Promise<string[]> {
    if (sources.length === 0) return []
    return this.#db.transaction().execute(async (trx) => {
      const have = new Set(
        (
          await trx
            .selectFrom('sources')
            .select('source')
            .where('source', 'in', [...sources])
            .execute()
        ).map((r) => r.source),
      )
      const fresh = [...new Set(sources)].filter((s) => !have.has(s))
      if (fresh.length === 0) return []
      await trx
        .insertInto('sources')
        .values(
          fresh.map((source) => ({
            source,
            grade,
            vintage: null,
            publisher: null,
            publisher_en: null,
            title: null,
            title_en: null,
            basis: 'stated' as const,
            graded_by: by,
            graded_at: at,
          })),
        )
        .onConflict((oc) => oc.column('source').doNothing())
        .execute()
      await insertAudit(trx, audit(fresh))
      return fresh
    })
  }

  async regrade(source: string, grade: SourceGrade, vintage: string | null | undefined, by: string, at: string, audit: AuditEntry): Promise<SourceRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const prev = await trx.selectFrom('sources').selectAll().where('source', '=', source).executeTakeFirst()
      const set = { grade, basis: 'reviewer' as const, graded_by: by, graded_at: at, ...(vintage !== undefined ? { vintage } : {}) }
      if (prev) await trx.updateTable('sources').set(set).where('source', '=', source).execute()
      else
        await trx
          .insertInto('sources')
          .values({ source, publisher: null, publisher_en: null, title: null, title_en: null, vintage: null, ...set })
          .execute()
      await insertAudit(trx, audit)
      return prev ? toRecord(prev) : undefined
    })
  }

  async choose(choice: SeriesChoiceRecord, audit: AuditEntry): Promise<SeriesChoiceRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const prev = await trx.selectFrom('series_sources').selectAll().where('indicator', '=', choice.indicator).where('region', '=', choice.region).executeTakeFirst()
      const row = { source: choice.source, reason: choice.reason, chosen_by: choice.chosenBy, chosen_at: choice.chosenAt }
      if (prev) await trx.updateTable('series_sources').set(row).where('indicator', '=', choice.indicator).where('region', '=', choice.region).execute()
      else
        await trx
          .insertInto('series_sources')
          .values({ indicator: choice.indicator, region: choice.region, ...row })
          .execute()
      await insertAudit(trx, audit)
      return prev ? toChoice(prev) : undefined
    })
  }

  async clearChoice(indicator: string, region: string, audit: AuditEntry): Promise<SeriesChoiceRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const prev = await trx.selectFrom('series_sources').selectAll().where('indicator', '=', indicator).where('region', '=', region).executeTakeFirst()
      if (!prev) return undefined
      await trx.deleteFrom('series_sources').where('indicator', '=', indicator).where('region', '=', region).execute()
      await insertAudit(trx, { ...audit, detail: { ...(audit.detail as object), source: prev.source, reason: prev.reason } })
      return toChoice(prev)
    })
  }
}
