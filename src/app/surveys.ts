/**
 * The public satisfaction survey (社会满意度调查, issue 16): questionnaires as data (data/surveys/*.yaml, loaded at
 * startup), the public form with its signed single-use token, submissions checked against the questionnaire and
 * guarded against floods and duplicates, results per city and dimension (mean, 95 % t interval, n; only the count
 * below the questionnaire's minimum sample), and the import of a survey run elsewhere (CSV/XLSX, all or nothing).
 *
 * Audit: an import is one audit entry (who, the file, its SHA-256, responses per region). A public submission is
 * not audited one by one: the audit log records an origin address with every entry, which the survey must not
 * keep, and thousands of anonymous answers would drown the staff's changes. The responses table is append-only
 * (never updated or deleted by the application), so it is its own history: each row has when it came in and by
 * which channel (form or import).
 * @module
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { AppError } from '../core/errors.js'
import { problem, type Problem } from '../core/problem.js'
import { checkAnswers, checkRow, type AnswerProblem, type Answers } from '../evaluation/survey/check-answers.js'
import { parseQuestionnaire } from '../evaluation/survey/load-questionnaire.js'
import type { Questionnaire } from '../evaluation/survey/questionnaire-schema.js'
import { surveyResults, type DimensionResult } from '../evaluation/survey/survey-results.js'
import type { InputReader } from '../ingest/read-input.js'
import { columnLetter } from '../ingest/table.js'
import type { Context } from './context.js'
import { PACKAGE_ROOT } from './paths.js'
import type { NewSurveyResponse, SurveyResponseRecord } from './ports/survey-response-repository.js'
import { SurveyGuard, type SurveyGuardOptions } from './survey-guard.js'
import { SurveyTokens } from './survey-tokens.js'
import type { User } from './users.js'
import { requireRole, reviewsRegion, type Actor } from './workflow.js'

export const DEFAULT_SURVEYS_DIR = resolve(PACKAGE_ROOT, 'data/surveys')
export const SURVEY_IMPORT_MAX_ROWS = 50_000
/** Import problems listed in a reply (the count says how many there were in all). */
const SHOWN_PROBLEMS = 200

/** The questionnaires the server offers, by id. */
export class QuestionnaireCatalog {
  readonly #byId: ReadonlyMap<string, Questionnaire>

  constructor(list: ReadonlyArray<Questionnaire>) {
    this.#byId = new Map(list.map((q) => [q.id, q]))
  }

  get all(): Questionnaire[] {
    return [...this.#byId.values()]
  }

  get(id: string): Questionnaire | undefined {
    return this.#byId.get(id)
  }

  require(id: string): Questionnaire {
    const q = this.#byId.get(id)
    if (!q) throw new AppError('survey.not_found', { id: id.slice(0, 100) })
    return q
  }
}

/**
 * Reads every *.yaml of a folder. A malformed file stops the load with `questionnaire.invalid` naming the file,
 * the line and the field (in Chinese and English, from the catalogs), so a server never starts with a broken survey.
 */
export function loadQuestionnaires(dir: string = DEFAULT_SURVEYS_DIR): QuestionnaireCatalog {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
  } catch {
    return new QuestionnaireCatalog([])
  }
  const list: Questionnaire[] = []
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8')
    const r = parseQuestionnaire(text, name)
    if (!r.ok) throw questionnaireError(r.error[0], name)
    if (list.some((q) => q.id === r.value.id))
      throw new AppError('questionnaire.invalid', { file: name, path: 'id', reason: 'schema', issue: 'custom', rule: 'duplicate_questionnaire' })
    list.push(r.value)
  }
  return new QuestionnaireCatalog(list)
}

function questionnaireError(first: Problem | undefined, file: string): AppError {
  if (first?.code === 'questionnaire.invalid')
    return new AppError('questionnaire.invalid', { ...first.params, file, ...(first.location.line !== undefined ? { line: first.location.line } : {}) })
  const yaml = first?.code === 'plan.yaml_syntax' ? first.params.reason : (first?.code ?? 'unknown')
  return new AppError('questionnaire.invalid', {
    path: first?.location.path ?? '',
    reason: 'yaml_syntax',
    yaml,
    file,
    ...(first?.location.line !== undefined ? { line: first.location.line } : {}),
  })
}

let bundled: QuestionnaireCatalog | undefined
/** The bundled questionnaires, read once (for callers without a server: the CLI, the evaluation, the rounds). */
export function defaultQuestionnaires(): QuestionnaireCatalog {
  bundled ??= loadQuestionnaires()
  return bundled
}

/** The round a response given now belongs to: the open round that names the questionnaire, if any. */
export type SurveyRoundLookup = (questionnaire: string, at: Date) => Promise<number | null>
export const NO_ROUNDS: SurveyRoundLookup = () => Promise.resolve(null)

/** Identical answers to the same questionnaire for the same region: a hash of those, nothing about who sent them. */
export function answerFingerprint(questionnaire: string, region: string, answers: Answers): string {
  const canonical = Object.keys(answers)
    .sort()
    .map((k) => [k, answers[k]])
  return createHash('sha256')
    .update(JSON.stringify([questionnaire, region, canonical]))
    .digest('hex')
}

/** The answers refused, every problem naming its question; the first is the error's own message. */
export class SurveyAnswerError extends AppError<'survey.bad_answer'> {
  readonly problems: ReadonlyArray<AnswerProblem>
  constructor(problems: ReadonlyArray<AnswerProblem>) {
    const first = problems[0]
    super('survey.bad_answer', first ? first.params : { question: '', text: '', textEn: '', reason: 'required' })
    this.problems = problems
  }
}

/** An import refused as a whole, with its problems (file, sheet, row, column). */
export class SurveyImportError extends AppError<'survey.import_rejected'> {
  readonly problems: ReadonlyArray<Problem>
  constructor(file: string, problems: ReadonlyArray<Problem>) {
    super('survey.import_rejected', { errors: problems.length, file })
    this.problems = problems.slice(0, SHOWN_PROBLEMS)
  }
}

export interface SurveySummary {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly questions: number
  readonly dimensions: number
  readonly minSample: number
  readonly framework: string | null
}

export interface SurveyRegionCount {
  readonly region: string
  readonly name: string
  readonly nameEn: string
  readonly n: number
  /** At least the questionnaire's minimum sample: results are shown. */
  readonly shown: boolean
}

export interface SubmitInput {
  readonly region: string
  readonly token: string
  readonly answers: Readonly<Record<string, unknown>>
  readonly round?: number | undefined
}

export interface SurveyServiceOptions {
  readonly questionnaires?: QuestionnaireCatalog
  readonly tokens?: SurveyTokens
  readonly guard?: SurveyGuard
  readonly openRound?: SurveyRoundLookup
}

export class SurveyService {
  readonly #ctx: Context
  readonly questionnaires: QuestionnaireCatalog
  readonly tokens: SurveyTokens
  readonly guard: SurveyGuard
  readonly #openRound: SurveyRoundLookup

  constructor(ctx: Context, options: SurveyServiceOptions = {}) {
    this.#ctx = ctx
    this.questionnaires = options.questionnaires ?? defaultQuestionnaires()
    this.tokens = options.tokens ?? new SurveyTokens()
    this.guard = options.guard ?? new SurveyGuard()
    this.#openRound = options.openRound ?? NO_ROUNDS
  }

  list(): SurveySummary[] {
    return this.questionnaires.all.map((q) => ({
      id: q.id,
      name: q.name,
      nameEn: q.nameEn,
      questions: q.questions.length,
      dimensions: q.dimensions.length,
      minSample: q.minSample,
      framework: q.framework ?? null,
    }))
  }

  get(id: string): Questionnaire {
    return this.questionnaires.require(id)
  }

  /** A city or county of the store's regions: where a survey is given. */
  region(code: string): { code: string; name: string; nameEn: string } {
    const r = this.#ctx.regions.get(code.trim())
    if (!r || (r.level !== 'prefecture' && r.level !== 'county')) throw new AppError('survey.bad_region', { region: code.slice(0, 50) })
    return { code: r.code, name: r.name, nameEn: r.nameEn }
  }

  /** The public form: the questionnaire, the region and a fresh single-use token. */
  form(id: string, region: string, now: Date): { questionnaire: Questionnaire; region: { code: string; name: string; nameEn: string }; token: string; expiresAt: string } {
    const questionnaire = this.get(id)
    const r = this.region(region)
    return { questionnaire, region: r, token: this.tokens.issue(questionnaire.id, r.code, now.getTime()), expiresAt: new Date(now.getTime() + this.tokens.ttlMs).toISOString() }
  }

  /**
   * A public submission. In this order: the questionnaire and region; the rate limit of the address (429, nothing
   * counted); the token's signature and age; every answer; a duplicate from the same address; the round; then the
   * token is spent and the response written in one transaction (a token used twice: 409).
   */
  async submit(id: string, input: SubmitInput, address: string, now: Date): Promise<{ id: string; region: string; round: number | null; receivedAt: string }> {
    const q = this.get(id)
    const region = this.region(input.region).code
    const key = this.guard.keyOf(address)
    const nowMs = now.getTime()
    const release = this.guard.reserve(key, nowMs)
    let written = false
    try {
      const token = this.tokens.verify(input.token, q.id, region, nowMs)
      const checked = checkAnswers(q, input.answers)
      if (!checked.ok) throw new SurveyAnswerError(checked.error)
      const fingerprint = answerFingerprint(q.id, region, checked.value)
      if (this.guard.isDuplicate(key, fingerprint, nowMs)) throw new AppError('survey.duplicate', { minutes: Math.round(this.guard.options.duplicateWindowMs / 60_000) })
      const round = await this.#roundOf(q.id, input.round, now)
      const receivedAt = now.toISOString()
      await this.#ctx.surveyResponses.transaction(async (tx) => {
        if (!(await tx.spendToken({ nonce: token.nonce, questionnaire: q.id, usedAt: receivedAt, expiresAt: new Date(token.expiresAt).toISOString() })))
          throw new AppError('survey.token_used')
        await tx.insert([{ questionnaire: q.id, region, round, answers: checked.value, receivedAt, fingerprint, channel: 'form' }])
      })
      written = true
      this.guard.remember(key, fingerprint, nowMs)
      return { id: q.id, region, round, receivedAt }
    } finally {
      if (!written) release()
    }
  }

  async #roundOf(questionnaire: string, given: number | undefined, now: Date): Promise<number | null> {
    const open = await this.#openRound(questionnaire, now)
    if (given !== undefined && given !== open) throw new AppError('survey.bad_round', { round: given })
    return open
  }

  /** Per region (all, or one) and dimension; `round`: that round's responses only. */
  async results(id: string, filter: { region?: string | undefined; round?: number | undefined } = {}): Promise<DimensionResult[]> {
    const q = this.get(id)
    const region = filter.region !== undefined ? this.region(filter.region).code : undefined
    const rows = await this.#ctx.surveyResponses.list({
      questionnaire: q.id,
      ...(region !== undefined ? { region } : {}),
      ...(filter.round !== undefined ? { round: filter.round } : {}),
    })
    return surveyResults(q, rows)
  }

  /** Responses per region, all rounds together. */
  async counts(id: string): Promise<SurveyRegionCount[]> {
    const q = this.get(id)
    const byRegion = new Map<string, number>()
    for (const c of await this.#ctx.surveyResponses.counts(q.id)) byRegion.set(c.region, (byRegion.get(c.region) ?? 0) + c.n)
    return [...byRegion].map(([code, n]) => {
      const r = this.#ctx.regions.get(code)
      return { region: code, name: r?.name ?? code, nameEn: r?.nameEn ?? code, n, shown: n >= q.minSample }
    })
  }

  /**
   * Imports the responses of a survey run elsewhere: one row per response, a region column (code or name) and one
   * column per question id. Reviewers (their own regions when they have some) and admins. Every cell is checked
   * like a submission; any problem refuses the whole file (nothing written). One audit entry for the import.
   */
  async import(actor: Actor, id: string, upload: { bytes: Uint8Array; name: string }, read: InputReader, options: { round?: number | undefined; dryRun?: boolean } = {}) {
    const user = requireRole(actor.user, ['admin', 'reviewer'])
    const q = this.get(id)
    const file = upload.name
    const tables = await read(upload.bytes, file)
    if (!tables.ok) throw new SurveyImportError(file, tables.error)
    const table = tables.value.tables[0]
    const base = { file, ...(table?.sheet !== undefined ? { sheet: table.sheet } : {}) }
    const cellProblem = (location: Problem['location'], params: Parameters<typeof problem<'survey.import_cell'>>[3]) => problem('error', 'survey.import_cell', location, params)
    if (!table) throw new SurveyImportError(file, [cellProblem(base, { column: '', reason: 'empty_file' })])
    const first = table.rows.findIndex((r) => r.some((c) => c.trim() !== ''))
    if (first < 0) throw new SurveyImportError(file, [cellProblem(base, { column: '', reason: 'empty_file' })])
    const header = (table.rows[first] ?? []).map((c) => c.trim())
    const headerRow = table.rowNumbers[first] ?? first + 1
    const problems: Problem[] = []
    let regionCol = -1
    const questionCols = new Map<string, number>()
    header.forEach((h, i) => {
      if (h === '') return
      if (/^(region|region_code|地区|地区代码|城市)$/i.test(h)) regionCol = regionCol < 0 ? i : regionCol
      else if (q.questions.some((x) => x.id === h)) questionCols.set(h, i)
      else problems.push(cellProblem({ ...base, row: headerRow, column: columnLetter(i) }, { column: columnLetter(i), reason: 'unknown_column', value: h.slice(0, 50) }))
    })
    if (regionCol < 0) problems.push(cellProblem({ ...base, row: headerRow }, { column: '', reason: 'no_region_column' }))
    if (problems.length) throw new SurveyImportError(file, problems)
    const dataRows = table.rows.map((r, i) => ({ r, row: table.rowNumbers[i] ?? i + 1 })).filter((x, i) => i > first && x.r.some((c) => c.trim() !== ''))
    if (dataRows.length === 0) throw new SurveyImportError(file, [cellProblem(base, { column: '', reason: 'empty_file' })])
    if (dataRows.length > SURVEY_IMPORT_MAX_ROWS) throw new SurveyImportError(file, [cellProblem(base, { column: '', reason: 'too_many_rows', max: SURVEY_IMPORT_MAX_ROWS })])
    const round = await this.#roundOf(q.id, options.round, new Date(actor.at))
    const responses: NewSurveyResponse[] = []
    const perRegion = new Map<string, number>()
    let forbidden: string | undefined
    for (const { r, row } of dataRows) {
      const rawRegion = (r[regionCol] ?? '').trim()
      const found =
        this.#ctx.regions.get(rawRegion) ??
        (() => {
          const res = this.#ctx.regions.resolve(rawRegion)
          return res.ok ? res.value : undefined
        })()
      const regionColumn = columnLetter(regionCol)
      if (!found || (found.level !== 'prefecture' && found.level !== 'county')) {
        problems.push(cellProblem({ ...base, row, column: regionColumn }, { column: regionColumn, reason: 'region', value: rawRegion.slice(0, 50) }))
        continue
      }
      if (!reviewsRegion(user, found.code, this.#ctx) && user.role !== 'admin') forbidden ??= found.code
      const cells: Record<string, string> = {}
      for (const [qid, c] of questionCols) cells[qid] = r[c] ?? ''
      const checked = checkRow(q, cells, (question) => {
        const c = questionCols.get(question)
        return { ...base, row, ...(c !== undefined ? { column: columnLetter(c) } : {}) }
      })
      if (!checked.ok) {
        problems.push(...checked.error)
        continue
      }
      responses.push({
        questionnaire: q.id,
        region: found.code,
        round,
        answers: checked.value,
        receivedAt: actor.at,
        fingerprint: answerFingerprint(q.id, found.code, checked.value),
        channel: 'import',
      })
      perRegion.set(found.code, (perRegion.get(found.code) ?? 0) + 1)
    }
    if (forbidden !== undefined) throw new AppError('auth.region_forbidden', { region: forbidden })
    if (problems.length) throw new SurveyImportError(file, problems)
    const regions = Object.fromEntries([...perRegion].sort(([a], [b]) => a.localeCompare(b)))
    if (!options.dryRun) {
      await this.#ctx.surveyResponses.transaction(async (tx) => {
        await tx.insert(responses)
        await tx.audit({
          at: actor.at,
          actor: user.username,
          action: 'survey.import',
          entity: 'survey',
          entityId: q.id,
          detail: { file, sha256: createHash('sha256').update(upload.bytes).digest('hex'), responses: responses.length, regions, round },
          origin: actor.origin,
        })
      })
    }
    return { questionnaire: q.id, file, imported: options.dryRun ? 0 : responses.length, dryRun: options.dryRun === true, regions, round }
  }
}

/** Who may import: what the HTTP layer and the CLI check before reading a file. */
export function mayImportSurvey(user: User | undefined): boolean {
  return user?.role === 'admin' || user?.role === 'reviewer'
}

/** A city's result for one dimension of a round's survey, as the consolidated round shows it. */
export interface RoundSurveyResult {
  readonly region: string
  readonly questionnaire: string
  readonly dimension: string
  readonly name: string
  readonly nameEn: string
  readonly n: number
  readonly shown: boolean
  readonly mean: number | null
  readonly ciLow: number | null
  readonly ciHigh: number | null
}

/**
 * The seam for evaluation rounds: the survey results of the responses that belong to a round (given while it was
 * open and named the questionnaire), per region and dimension, with the dimension's names. Below the minimum
 * sample only n (shown false, figures null).
 */
export async function surveyResultsForRound(
  ctx: Pick<Context, 'surveyResponses'>,
  roundId: number,
  catalog: QuestionnaireCatalog = defaultQuestionnaires(),
): Promise<RoundSurveyResult[]> {
  const rows = await ctx.surveyResponses.list({ round: roundId })
  const byQuestionnaire = new Map<string, SurveyResponseRecord[]>()
  for (const r of rows) byQuestionnaire.set(r.questionnaire, [...(byQuestionnaire.get(r.questionnaire) ?? []), r])
  const out: RoundSurveyResult[] = []
  for (const [id, list] of byQuestionnaire) {
    const q = catalog.get(id)
    if (!q) continue
    for (const d of surveyResults(q, list)) {
      const dim = q.dimensions.find((x) => x.id === d.dimension)
      out.push({
        region: d.region,
        questionnaire: id,
        dimension: d.dimension,
        name: dim?.name ?? d.dimension,
        nameEn: dim?.nameEn ?? d.dimension,
        n: d.n,
        shown: d.shown,
        mean: d.mean,
        ciLow: d.ciLow,
        ciHigh: d.ciHigh,
      })
    }
  }
  return out
}

/** What a server is built with for the survey; each left out takes its default. */
export interface SurveyServerOptions {
  readonly questionnaires?: QuestionnaireCatalog
  /** The token secret (several servers behind one address need the same one); default random per process. */
  readonly secret?: string
  readonly tokenTtlMs?: number
  readonly guard?: Partial<SurveyGuardOptions>
  readonly openRound?: SurveyRoundLookup
}

/**
 * From the environment: URBMON_SURVEY_SECRET, URBMON_SURVEY_RATE_LIMIT (accepted responses per address per window,
 * default 5), URBMON_SURVEY_RATE_WINDOW_MINUTES (default 10), URBMON_SURVEYS_DIR (default data/surveys). A value
 * that is not a positive whole number is refused.
 */
export function surveyOptionsFromEnv(env: NodeJS.ProcessEnv): SurveyServerOptions {
  const int = (name: string): number | undefined => {
    const raw = env[name]
    if (raw === undefined || raw === '') return undefined
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 1) throw new AppError('http.bad_value', { field: name, value: raw.slice(0, 100) })
    return n
  }
  const limit = int('URBMON_SURVEY_RATE_LIMIT')
  const minutes = int('URBMON_SURVEY_RATE_WINDOW_MINUTES')
  return {
    ...(env.URBMON_SURVEYS_DIR ? { questionnaires: loadQuestionnaires(env.URBMON_SURVEYS_DIR) } : {}),
    ...(env.URBMON_SURVEY_SECRET ? { secret: env.URBMON_SURVEY_SECRET } : {}),
    guard: { ...(limit !== undefined ? { limit } : {}), ...(minutes !== undefined ? { windowMs: minutes * 60_000 } : {}) },
  }
}

export function surveyService(ctx: Context, o: SurveyServerOptions): SurveyService {
  return new SurveyService(ctx, {
    questionnaires: o.questionnaires ?? defaultQuestionnaires(),
    tokens: new SurveyTokens(o.secret, o.tokenTtlMs),
    guard: new SurveyGuard(o.guard),
    ...(o.openRound ? { openRound: o.openRound } : {}),
  })
}
