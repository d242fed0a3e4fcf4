/**
 * The comment threads over `observation_comments` (migration 010): append-only, oldest first.
 * @module
 */
import type { Kysely, Selectable } from 'kysely'

import {
  cellKey,
  type CellThreadSummary,
  type CommentCell,
  type CommentTarget,
  type NewObservationComment,
  type ObservationComment,
  type ObservationCommentRepository,
} from '../app/ports/observation-comments.js'
import type { Database, ObservationCommentTable } from './db-types.js'

function comment(r: Selectable<ObservationCommentTable>): ObservationComment {
  return {
    id: Number(r.id),
    indicator: r.indicator,
    region: r.region,
    period: r.period,
    year: Number(r.year),
    source: r.source,
    observationVersion: Number(r.observation_version),
    kind: r.kind,
    author: r.author,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
  }
}

/** Cells asked at once in the summary query (keeps the parameter count far below SQLite's limit). */
const CHUNK = 200

export class KyselyObservationComments implements ObservationCommentRepository {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async target(id: number): Promise<CommentTarget | undefined> {
    const r = await this.#db.selectFrom('observations').select(['id', 'indicator', 'region', 'period', 'year', 'source', 'version']).where('id', '=', id).executeTakeFirst()
    return r && { id: Number(r.id), indicator: r.indicator, region: r.region, period: r.period, year: Number(r.year), source: r.source, version: Number(r.version) }
  }

  async thread(cell: Pick<CommentCell, 'indicator' | 'region' | 'period'>): Promise<ObservationComment[]> {
    const rows = await this.#db
      .selectFrom('observation_comments')
      .selectAll()
      .where('indicator', '=', cell.indicator)
      .where('region', '=', cell.region)
      .where('period', '=', cell.period)
      .orderBy('id')
      .execute()
    return rows.map(comment)
  }

  async append(rows: ReadonlyArray<NewObservationComment>): Promise<ObservationComment[]> {
    if (rows.length === 0) return []
    return this.#db.transaction().execute(async (trx) => {
      const out: ObservationComment[] = []
      for (const r of rows) {
        const inserted = await trx
          .insertInto('observation_comments')
          .values({
            indicator: r.indicator,
            region: r.region,
            period: r.period,
            year: r.year,
            source: r.source,
            observation_version: r.observationVersion,
            kind: r.kind,
            author: r.author,
            author_name: r.authorName,
            body: r.body,
            created_at: r.createdAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        out.push(comment(inserted))
      }
      return out
    })
  }

  async summaries(cells: ReadonlyArray<Pick<CommentCell, 'indicator' | 'region' | 'period'>>): Promise<Map<string, CellThreadSummary>> {
    const out = new Map<string, CellThreadSummary>()
    for (let i = 0; i < cells.length; i += CHUNK) {
      const chunk = cells.slice(i, i + CHUNK)
      const rows = await this.#db
        .selectFrom('observation_comments')
        .select(['indicator', 'region', 'period', 'kind'])
        .where((eb) => eb.or(chunk.map((c) => eb.and([eb('indicator', '=', c.indicator), eb('region', '=', c.region), eb('period', '=', c.period)]))))
        .orderBy('id')
        .execute()
      summarise(rows, out)
    }
    return out
  }

  async summariesOfYear(year: number): Promise<Array<Pick<CommentCell, 'indicator' | 'region' | 'period'> & CellThreadSummary>> {
    const rows = await this.#db.selectFrom('observation_comments').select(['indicator', 'region', 'period', 'kind']).where('year', '=', year).orderBy('id').execute()
    const out = new Map<string, CellThreadSummary>()
    summarise(rows, out)
    const cells = new Map(rows.map((r) => [cellKey(r), r]))
    return [...cells].map(([key, c]) => ({ indicator: c.indicator, region: c.region, period: c.period, ...(out.get(key) ?? { commentCount: 0, followUp: false }) }))
  }
}

/** Folds thread rows (oldest first) into per-cell counts and the current follow-up flag. */
function summarise(rows: ReadonlyArray<{ indicator: string; region: string; period: string; kind: string }>, out: Map<string, CellThreadSummary>): void {
  for (const r of rows) {
    const key = cellKey(r)
    const prev = out.get(key) ?? { commentCount: 0, followUp: false }
    if (r.kind === 'follow_up_on' || r.kind === 'follow_up_off') out.set(key, { ...prev, followUp: r.kind === 'follow_up_on' })
    else out.set(key, { ...prev, commentCount: prev.commentCount + 1 })
  }
}
