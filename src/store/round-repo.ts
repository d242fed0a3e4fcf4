/**
 * The evaluation-round repository on either store (the same Kysely code for SQLite and PostgreSQL). Lists are
 * JSON text columns, read back through a schema; self-evaluations and ratings are append-only rows.
 * @module
 */
import { sql, type Kysely, type Selectable } from 'kysely'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type {
  CitedObservation,
  NewRound,
  NewRoundEvidence,
  RatingRecord,
  ReviewRecord,
  RoundChange,
  RoundEvidence,
  RoundEvidenceInfo,
  RoundRecord,
  RoundRepository,
  RoundTransaction,
  SelfEvaluationRecord,
} from '../app/ports/round-repository.js'
import { insertAudit } from './audit-writer.js'
import type { Database, EvaluationRoundTable, RoundRatingTable, RoundSelfEvaluationTable } from './db-types.js'
import { parseEvaluators, parseIdList, parseStringList } from './json-columns.js'

function toRound(r: Selectable<EvaluationRoundTable>): RoundRecord {
  return {
    id: r.id,
    kind: r.kind,
    year: r.year,
    title: r.title,
    titleEn: r.title_en,
    regions: parseStringList(r.regions, 'evaluation_rounds.regions'),
    targets: r.targets === null ? null : parseStringList(r.targets, 'evaluation_rounds.targets'),
    tasks: r.tasks === null ? null : parseStringList(r.tasks, 'evaluation_rounds.tasks'),
    phase: r.phase,
    deadlines: { selfEvaluation: r.self_deadline, thirdPartyReview: r.review_deadline, consolidation: r.consolidation_deadline },
    allowLate: Number(r.allow_late) === 1,
    scale: { min: Number(r.scale_min), max: Number(r.scale_max) },
    evaluators: parseEvaluators(r.evaluators, 'evaluation_rounds.evaluators'),
    survey: r.survey,
    createdBy: r.created_by,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
    version: r.version,
  }
}

function toSelf(r: Selectable<RoundSelfEvaluationTable>): SelfEvaluationRecord {
  return {
    round: r.round_id,
    region: r.region,
    kind: r.kind,
    itemId: r.item_id,
    version: r.version,
    status: r.status,
    narrative: r.narrative,
    citations: parseIdList(r.citations, 'round_self_evaluations.citations'),
    evidence: parseIdList(r.evidence, 'round_self_evaluations.evidence'),
    state: r.state,
    reviewComment: r.review_comment,
    late: Number(r.late) === 1,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }
}

function toRating(r: Selectable<RoundRatingTable>): RatingRecord {
  return {
    round: r.round_id,
    region: r.region,
    kind: r.kind,
    itemId: r.item_id,
    version: r.version,
    rating: r.rating,
    score: Number(r.score),
    findings: r.findings,
    recommendations: r.recommendations,
    by: r.rated_by,
    at: r.rated_at,
  }
}

const list = (xs: ReadonlyArray<string> | null) => (xs === null ? null : JSON.stringify(xs))

class RoundQueries implements RoundTransaction {
  constructor(protected readonly db: Kysely<Database>) {}

  async list(): Promise<RoundRecord[]> {
    return (await this.db.selectFrom('evaluation_rounds').selectAll().orderBy('id', 'desc').execute()).map(toRound)
  }

  async get(id: number): Promise<RoundRecord | undefined> {
    const r = await this.db.selectFrom('evaluation_rounds').selectAll().where('id', '=', id).executeTakeFirst()
    return r ? toRound(r) : undefined
  }

  async selfVersions(round: number, region?: string): Promise<SelfEvaluationRecord[]> {
    let q = this.db.selectFrom('round_self_evaluations').selectAll().where('round_id', '=', round)
    if (region !== undefined) q = q.where('region', '=', region)
    return (await q.orderBy('id').execute()).map(toSelf)
  }

  async ratingVersions(round: number, region?: string): Promise<RatingRecord[]> {
    let q = this.db.selectFrom('round_ratings').selectAll().where('round_id', '=', round)
    if (region !== undefined) q = q.where('region', '=', region)
    return (await q.orderBy('id').execute()).map(toRating)
  }

  async reviews(round: number, region?: string): Promise<ReviewRecord[]> {
    let q = this.db.selectFrom('round_reviews').selectAll().where('round_id', '=', round)
    if (region !== undefined) q = q.where('region', '=', region)
    return (await q.orderBy('id').execute()).map((r) => ({
      round: r.round_id,
      region: r.region,
      kind: r.kind,
      itemId: r.item_id,
      selfVersion: r.self_version,
      decision: r.decision,
      comment: r.comment,
      by: r.reviewed_by,
      at: r.reviewed_at,
    }))
  }

  async evidenceInfo(round: number, ids?: ReadonlyArray<number>): Promise<RoundEvidenceInfo[]> {
    if (ids && ids.length === 0) return []
    let q = this.db.selectFrom('round_evidence').select(['id', 'round_id', 'file_name', 'media_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at']).where('round_id', '=', round)
    if (ids) q = q.where('id', 'in', [...ids])
    return (await q.orderBy('id').execute()).map((r) => ({
      id: r.id,
      round: r.round_id,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at,
    }))
  }

  async evidence(round: number, id: number): Promise<RoundEvidence | undefined> {
    const r = await this.db.selectFrom('round_evidence').selectAll().where('round_id', '=', round).where('id', '=', id).executeTakeFirst()
    if (!r) return undefined
    return {
      id: r.id,
      round: r.round_id,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at,
      content: new Uint8Array(r.content),
    }
  }

  async observations(ids: ReadonlyArray<number>): Promise<CitedObservation[]> {
    if (ids.length === 0) return []
    const rows = await this.db
      .selectFrom('observations')
      .select(['id', 'indicator', 'region', 'year', 'value', 'source'])
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute()
    return rows.map((r) => ({ ...r, value: Number(r.value) }))
  }

  async insert(n: NewRound): Promise<number> {
    const { id } = await this.db
      .insertInto('evaluation_rounds')
      .values({
        kind: n.kind,
        year: n.year,
        title: n.title,
        title_en: n.titleEn,
        regions: JSON.stringify(n.regions),
        targets: list(n.targets),
        tasks: list(n.tasks),
        phase: 'draft',
        self_deadline: n.deadlines.selfEvaluation,
        review_deadline: n.deadlines.thirdPartyReview,
        consolidation_deadline: n.deadlines.consolidation,
        allow_late: n.allowLate ? 1 : 0,
        scale_min: n.scale.min,
        scale_max: n.scale.max,
        evaluators: JSON.stringify(n.evaluators),
        survey: n.survey,
        created_by: n.createdBy,
        created_at: n.createdAt,
        closed_at: null,
        updated_at: n.createdAt,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return id
  }

  async update(id: number, c: RoundChange, expectedVersion: number): Promise<boolean> {
    const r = await this.db
      .updateTable('evaluation_rounds')
      .set((eb) => ({
        ...(c.kind !== undefined ? { kind: c.kind } : {}),
        ...(c.year !== undefined ? { year: c.year } : {}),
        ...(c.title !== undefined ? { title: c.title } : {}),
        ...(c.titleEn !== undefined ? { title_en: c.titleEn } : {}),
        ...(c.regions !== undefined ? { regions: JSON.stringify(c.regions) } : {}),
        ...(c.targets !== undefined ? { targets: list(c.targets) } : {}),
        ...(c.tasks !== undefined ? { tasks: list(c.tasks) } : {}),
        ...(c.phase !== undefined ? { phase: c.phase } : {}),
        ...(c.deadlines !== undefined
          ? { self_deadline: c.deadlines.selfEvaluation, review_deadline: c.deadlines.thirdPartyReview, consolidation_deadline: c.deadlines.consolidation }
          : {}),
        ...(c.allowLate !== undefined ? { allow_late: c.allowLate ? 1 : 0 } : {}),
        ...(c.scale !== undefined ? { scale_min: c.scale.min, scale_max: c.scale.max } : {}),
        ...(c.evaluators !== undefined ? { evaluators: JSON.stringify(c.evaluators) } : {}),
        ...(c.survey !== undefined ? { survey: c.survey } : {}),
        ...(c.closedAt !== undefined ? { closed_at: c.closedAt } : {}),
        updated_at: c.updatedAt,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async lock(id: number): Promise<void> {
    await sql`UPDATE evaluation_rounds SET updated_at = updated_at WHERE id = ${id}`.execute(this.db)
  }

  async appendSelf(r: SelfEvaluationRecord): Promise<void> {
    await this.db
      .insertInto('round_self_evaluations')
      .values({
        round_id: r.round,
        region: r.region,
        kind: r.kind,
        item_id: r.itemId,
        version: r.version,
        status: r.status,
        narrative: r.narrative,
        citations: JSON.stringify(r.citations),
        evidence: JSON.stringify(r.evidence),
        state: r.state,
        review_comment: r.reviewComment,
        late: r.late ? 1 : 0,
        updated_by: r.updatedBy,
        updated_at: r.updatedAt,
      })
      .execute()
  }

  async appendRating(r: RatingRecord): Promise<void> {
    await this.db
      .insertInto('round_ratings')
      .values({
        round_id: r.round,
        region: r.region,
        kind: r.kind,
        item_id: r.itemId,
        version: r.version,
        rating: r.rating,
        score: r.score,
        findings: r.findings,
        recommendations: r.recommendations,
        rated_by: r.by,
        rated_at: r.at,
      })
      .execute()
  }

  async insertReview(r: ReviewRecord): Promise<void> {
    await this.db
      .insertInto('round_reviews')
      .values({
        round_id: r.round,
        region: r.region,
        kind: r.kind,
        item_id: r.itemId,
        self_version: r.selfVersion,
        decision: r.decision,
        comment: r.comment,
        reviewed_by: r.by,
        reviewed_at: r.at,
      })
      .execute()
  }

  async insertEvidence(e: NewRoundEvidence): Promise<number> {
    const { id } = await this.db
      .insertInto('round_evidence')
      .values({
        round_id: e.round,
        file_name: e.fileName,
        media_type: e.mediaType,
        size: e.content.length,
        sha256: e.sha256,
        content: e.content,
        uploaded_by: e.uploadedBy,
        uploaded_at: e.uploadedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return id
  }

  async audit(entry: AuditEntry): Promise<void> {
    await insertAudit(this.db, entry)
  }
}

export class KyselyRoundRepository extends RoundQueries implements RoundRepository {
  async transaction<T>(work: (tx: RoundTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new RoundQueries(trx)))
  }
}
