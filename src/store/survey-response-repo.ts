/**
 * The survey-response repository on either store (the same Kysely code for SQLite and PostgreSQL). Answers are a
 * JSON text column, read back through a schema; a used token is a row whose primary key is its nonce, so two
 * submissions racing with one token cannot both insert it.
 * @module
 */
import type { Kysely, Selectable } from 'kysely'
import { z } from 'zod'

import type { AuditEntry } from '../app/ports/audit-entry.js'
import type { NewSurveyResponse, SurveyResponseFilter, SurveyResponseRecord, SurveyResponseRepository, SurveyResponseTransaction } from '../app/ports/survey-response-repository.js'
import { insertAudit } from './audit-writer.js'
import type { Database, SurveyResponseTable } from './db-types.js'

const answersColumn = z.record(z.string(), z.union([z.number(), z.string()]))

function toRecord(r: Selectable<SurveyResponseTable>): SurveyResponseRecord {
  return {
    id: r.id,
    questionnaire: r.questionnaire,
    region: r.region,
    round: r.round,
    answers: answersColumn.parse(JSON.parse(r.answers)),
    receivedAt: r.received_at,
    fingerprint: r.fingerprint,
    channel: r.channel,
  }
}

const BATCH = 200

class SurveyResponseQueries implements SurveyResponseTransaction {
  constructor(protected readonly db: Kysely<Database>) {}

  async list(f: SurveyResponseFilter): Promise<SurveyResponseRecord[]> {
    let q = this.db.selectFrom('survey_responses').selectAll()
    if (f.questionnaire !== undefined) q = q.where('questionnaire', '=', f.questionnaire)
    if (f.region !== undefined) q = q.where('region', '=', f.region)
    if (f.round !== undefined) q = f.round === null ? q.where('round', 'is', null) : q.where('round', '=', f.round)
    return (await q.orderBy('id').execute()).map(toRecord)
  }

  async counts(questionnaire: string): Promise<Array<{ region: string; round: number | null; n: number }>> {
    const rows = await this.db
      .selectFrom('survey_responses')
      .select((eb) => ['region', 'round', eb.fn.countAll<number | string>().as('n')])
      .where('questionnaire', '=', questionnaire)
      .groupBy(['region', 'round'])
      .orderBy('region')
      .orderBy('round')
      .execute()
    return rows.map((r) => ({ region: r.region, round: r.round, n: Number(r.n) }))
  }

  async insert(responses: ReadonlyArray<NewSurveyResponse>): Promise<number> {
    for (let i = 0; i < responses.length; i += BATCH) {
      await this.db
        .insertInto('survey_responses')
        .values(
          responses.slice(i, i + BATCH).map((r) => ({
            questionnaire: r.questionnaire,
            region: r.region,
            round: r.round,
            answers: JSON.stringify(r.answers),
            received_at: r.receivedAt,
            fingerprint: r.fingerprint,
            channel: r.channel,
          })),
        )
        .execute()
    }
    return responses.length
  }

  async spendToken(t: { nonce: string; questionnaire: string; usedAt: string; expiresAt: string }): Promise<boolean> {
    await this.db.deleteFrom('survey_tokens').where('expires_at', '<', t.usedAt).execute()
    const r = await this.db
      .insertInto('survey_tokens')
      .values({ nonce: t.nonce, questionnaire: t.questionnaire, used_at: t.usedAt, expires_at: t.expiresAt })
      .onConflict((oc) => oc.column('nonce').doNothing())
      .executeTakeFirst()
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
  }

  async audit(entry: AuditEntry): Promise<void> {
    await insertAudit(this.db, entry)
  }
}

export class KyselySurveyResponseRepository extends SurveyResponseQueries implements SurveyResponseRepository {
  async transaction<T>(work: (tx: SurveyResponseTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new SurveyResponseQueries(trx)))
  }
}
