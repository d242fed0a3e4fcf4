/**
 * Evaluation rounds (评估轮次, issue 16): an admin or a provincial reviewer opens a round (annual, mid-term, final)
 * over regions, with deadlines and third-party evaluators; each region's reporters self-evaluate its items (the
 * targets and tasks that apply to it, src/evaluation/rounds), a provincial reviewer accepts or returns each item,
 * the evaluators assigned rate them beside what the monitoring engine computes, and the round is consolidated and
 * closed. Self-evaluations and ratings are append-only versions. Every write is checked for role, region scope,
 * phase and version here, on the server, and audited in the same transaction (entities `round`, `round_item`,
 * `round_rating`). The computed status, forecast, probability, warnings and index rank come from the existing
 * engine (evaluateTargets, allWarnings, runEvaluation).
 * @module
 */
import { AppError, type ErrorParams } from '../core/errors.js'
import { firstControlCharacter } from '../core/control-characters.js'
import { covered, deadlineVerdict, isBetterThan, isOverdue, phaseChange, RATED_STATUS_ORDER, targetApplies, taskApplies, type RegionRelations } from '../evaluation/rounds/index.js'
import { evaluateTargets, type TargetStatus } from '../monitoring/index.js'
import { expandRegionSet } from '../regions/load-regions.js'
import type { ConsolidatedRound, RoundItemView, RoundProgressRow, RoundView, RoundItemHistory, RoundComputed } from '../contract/rounds.js'
import type { TargetStatusName } from '../contract/monitoring.js'
import type { Context } from './context.js'
import { runEvaluation } from './evaluation.js'
import { buildForecaster, methodRunner } from './forecast.js'
import type { ComputeCache } from './monitoring-cache.js'
import { allWarnings, type WarningWithText } from './monitoring.js'
import type {
  ItemKey,
  RatingRecord,
  RoundChange,
  RoundEvidence,
  RoundItemKindName,
  RoundPhaseValue,
  RoundRecord,
  SelfEvaluationRecord,
  SelfState,
} from './ports/round-repository.js'
import { loadMonitoringData } from './recompute.js'
import { loadRanking } from './source-ranking.js'
import { checkAttachment, TaskService } from './tasks.js'
import { mayWriteRegion, type User } from './users.js'
import { requireRole, type Actor } from './workflow.js'
import { surveyResultsForRound as resultsOfRoundSurveys, type SurveyRoundLookup } from './surveys.js'

export const ROUND_TITLE_MAX = 200
export const ROUND_LIST_MAX = 200
export const ROUND_YEARS = [2000, 2100] as const
export const ROUND_TEXT_MAX = 20_000
const FORECAST_SEED = 20260101
const STATUSES: ReadonlyArray<TargetStatusName> = [...RATED_STATUS_ORDER, 'no_data']

/** What an admin or provincial reviewer sends; on a change, the fields left out keep their value. */
export interface RoundInput {
  readonly kind?: 'annual' | 'midterm' | 'final' | undefined
  readonly year?: number | undefined
  readonly title?: string | undefined
  readonly titleEn?: string | undefined
  readonly regions?: ReadonlyArray<string> | undefined
  readonly targets?: ReadonlyArray<string> | null | undefined
  readonly tasks?: ReadonlyArray<string> | null | undefined
  readonly deadlines?:
    { readonly selfEvaluation?: string | null | undefined; readonly thirdPartyReview?: string | null | undefined; readonly consolidation?: string | null | undefined } | undefined
  readonly allowLate?: boolean | undefined
  readonly scale?: { readonly min: number; readonly max: number } | undefined
  readonly evaluators?: ReadonlyArray<{ readonly username: string; readonly regions: ReadonlyArray<string> }> | undefined
  readonly survey?: string | null | undefined
}

export interface SelfInput {
  readonly status?: TargetStatusName | undefined
  readonly narrative?: string | undefined
  readonly citations?: ReadonlyArray<number> | undefined
  readonly evidence?: ReadonlyArray<number> | undefined
  /** The version the writer last saw (0 or none: there was none). */
  readonly version?: number | undefined
}

export interface RatingInput {
  readonly rating: TargetStatusName
  readonly score: number
  readonly findings?: string | undefined
  readonly recommendations?: string | undefined
  readonly version?: number | undefined
}

/** One survey dimension of a region, as the consolidated view shows it. */
export type RoundSurveyResult = ConsolidatedRound['cities'][number]['survey'][number]

/**
 * The survey results of a round's region, for the consolidated view: the round's questionnaire's responses that
 * came in while the round was open (or were imported for it), per dimension; below the minimum sample only n.
 */
export async function surveyResultsForRound(ctx: Context, round: Pick<RoundView, 'id' | 'survey'>, region: string): Promise<RoundSurveyResult[]> {
  if (round.survey === null) return []
  const all = await resultsOfRoundSurveys(ctx, round.id)
  return all
    .filter((r) => r.region === region && r.questionnaire === round.survey)
    .map(({ dimension, name, nameEn, n, shown, mean, ciLow, ciHigh }) => ({ dimension, name, nameEn, n, shown, mean, ciLow, ciHigh }))
}

/** The open round that names a questionnaire (newest first): where a survey response given now belongs. */
export function openRoundOfSurvey(ctx: Pick<Context, 'rounds'>): SurveyRoundLookup {
  return async (questionnaire) => {
    const open = (await ctx.rounds.list()).filter((r) => r.survey === questionnaire && r.phase !== 'draft' && r.phase !== 'closed')
    return open.length === 0 ? null : Math.max(...open.map((r) => r.id))
  }
}

const invalid = (field: ErrorParams<'round.invalid'>['field'], reason: ErrorParams<'round.invalid'>['reason'], value = ''): never => {
  throw new AppError('round.invalid', { field, reason, value: value.slice(0, 100) })
}

/** A real calendar date written YYYY-MM-DD (not 2025-02-30). */
function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const t = Date.parse(`${s}T00:00:00Z`)
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s
}

function text(field: 'title' | 'titleEn' | 'narrative' | 'findings' | 'recommendations' | 'comment' | 'reason', raw: string, min: number, max: number): string {
  const s = raw.trim()
  if ([...s].length < min || [...s].length > max || firstControlCharacter(s, 'text') !== -1) invalid(field, min > 0 && s === '' ? 'required' : 'length', s)
  return s
}

/** Admins, and reviewers of the whole plan (no regions of their own). */
function requireProvincial(user: User | undefined): User {
  const u = requireRole(user, ['admin', 'reviewer'])
  if (u.role === 'reviewer' && u.regions.length > 0) throw new AppError('auth.forbidden', { role: u.role })
  return u
}

function toView(r: RoundRecord): RoundView {
  return {
    id: r.id,
    kind: r.kind,
    year: r.year,
    title: r.title,
    titleEn: r.titleEn,
    regions: [...r.regions],
    targets: r.targets === null ? null : [...r.targets],
    tasks: r.tasks === null ? null : [...r.tasks],
    phase: r.phase,
    deadlines: { ...r.deadlines },
    allowLate: r.allowLate,
    scale: { ...r.scale },
    evaluators: r.evaluators.map((e) => ({ username: e.username, regions: [...e.regions] })),
    survey: r.survey,
    version: r.version,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
  }
}

/** An item of a region: a target or a task, with its names. */
interface Item {
  readonly kind: RoundItemKindName
  readonly id: string
  readonly name: string
  readonly nameEn: string
}

/** What the engine says, computed once per request (and per data version with a cache). */
interface Computed {
  readonly statuses: ReadonlyMap<string, TargetStatus>
  readonly warnings: ReadonlyArray<WarningWithText>
  readonly ranks: ReadonlyMap<string, { rank: number; rankLow: number; rankHigh: number; score: number }>
  /** The region's latest figure of an indicator up to the round's year. */
  figure(indicator: string, region: string): { value: number; year: number } | undefined
}

/** The latest version of each item's rows, by item key. */
function latest<T extends ItemKey & { readonly version: number }>(rows: ReadonlyArray<T>): Map<string, T> {
  const out = new Map<string, T>()
  for (const r of rows) {
    const k = keyOf(r)
    const had = out.get(k)
    if (!had || r.version > had.version) out.set(k, r)
  }
  return out
}
const keyOf = (k: Pick<ItemKey, 'region' | 'kind' | 'itemId'>) => `${k.region}|${k.kind}|${k.itemId}`

export class RoundService {
  readonly #ctx: Context
  readonly #cache: ComputeCache | undefined

  constructor(ctx: Context, cache?: ComputeCache) {
    this.#ctx = ctx
    this.#cache = cache
  }

  // ---------------------------------------------------------------- reading

  /** Admins, reviewers and viewers: every round; reporters: rounds naming one of their regions; evaluators: theirs. */
  async list(who: User | undefined): Promise<RoundView[]> {
    const user = requireRole(who, ['admin', 'reviewer', 'viewer', 'reporter', 'evaluator'])
    const all = await this.#ctx.rounds.list()
    return all.filter((r) => this.#visibleRegions(user, r).length > 0 || isReaderOfAll(user)).map(toView)
  }

  async get(who: User | undefined, id: number): Promise<RoundView> {
    const user = requireRole(who, ['admin', 'reviewer', 'viewer', 'reporter', 'evaluator'])
    return toView(await this.#readable(user, id))
  }

  /** The items of the round for one region (none given: every region the user may see). */
  async items(who: User | undefined, id: number, region: string | undefined, now: Date): Promise<RoundItemView[]> {
    const user = requireRole(who, ['admin', 'reviewer', 'viewer', 'reporter', 'evaluator'])
    const round = await this.#readable(user, id)
    const regions = region === undefined ? this.#visibleRegions(user, round) : [this.#readableRegion(user, round, region)]
    const [selfRows, ratingRows, computed] = await Promise.all([this.#ctx.rounds.selfVersions(id), this.#ctx.rounds.ratingVersions(id), this.#computed(round, now)])
    const selves = latest(selfRows)
    const ratings = latest(ratingRows)
    const out: RoundItemView[] = []
    const tasks = await this.#tasks()
    for (const r of regions) for (const item of this.#itemsOf(round, r, tasks)) out.push(await this.#itemView(round, r, item, selves, ratings, computed))
    return out
  }

  async history(who: User | undefined, id: number, region: string, kind: RoundItemKindName, itemId: string): Promise<RoundItemHistory> {
    const user = requireRole(who, ['admin', 'reviewer', 'viewer', 'reporter', 'evaluator'])
    const round = await this.#readable(user, id)
    this.#readableRegion(user, round, region)
    await this.#item(round, region, kind, itemId)
    const match = (r: ItemKey) => r.kind === kind && r.itemId === itemId
    const [selfRows, ratingRows, reviews] = await Promise.all([
      this.#ctx.rounds.selfVersions(id, region),
      this.#ctx.rounds.ratingVersions(id, region),
      this.#ctx.rounds.reviews(id, region),
    ])
    const evidence = new Map((await this.#ctx.rounds.evidenceInfo(id)).map((e) => [e.id, e]))
    return {
      self: selfRows.filter(match).map((s) => ({
        status: s.status as TargetStatusName,
        narrative: s.narrative,
        citations: [...s.citations],
        evidence: s.evidence.map((e) => ({ id: e, fileName: evidence.get(e)?.fileName ?? '', size: evidence.get(e)?.size ?? 0 })),
        state: s.state,
        reviewComment: s.reviewComment,
        late: s.late,
        version: s.version,
        updatedBy: s.updatedBy,
        updatedAt: s.updatedAt,
      })),
      ratings: ratingRows.filter(match).map(ratingView),
      reviews: reviews.filter(match).map((r) => ({ decision: r.decision, comment: r.comment, selfVersion: r.selfVersion, by: r.by, at: r.at })),
    }
  }

  /** Per region in the user's view: items and how many are in each state, rated, late; overdue past the deadline. */
  async progress(who: User | undefined, id: number, now: Date): Promise<RoundProgressRow[]> {
    const user = requireRole(who, ['admin', 'reviewer', 'viewer', 'reporter', 'evaluator'])
    const round = await this.#readable(user, id)
    const regions = isReaderOfAll(user) ? round.regions : this.#visibleRegions(user, round)
    const [selves, ratings, tasks] = await Promise.all([this.#ctx.rounds.selfVersions(id).then(latest), this.#ctx.rounds.ratingVersions(id).then(latest), this.#tasks()])
    const today = now.toISOString().slice(0, 10)
    return regions.map((region) => {
      const items = this.#itemsOf(round, region, tasks)
      const count = (state: SelfState) => items.filter((i) => selves.get(keyOf({ region, kind: i.kind, itemId: i.id }))?.state === state).length
      const submitted = count('submitted')
      const accepted = count('accepted')
      const r = this.#ctx.regions.get(region)
      return {
        region,
        name: r?.name ?? region,
        nameEn: r?.nameEn ?? region,
        items: items.length,
        drafted: count('draft'),
        submitted,
        accepted,
        returned: count('returned'),
        rated: items.filter((i) => ratings.has(keyOf({ region, kind: i.kind, itemId: i.id }))).length,
        late: items.filter((i) => selves.get(keyOf({ region, kind: i.kind, itemId: i.id }))?.late === true).length,
        overdue: round.phase === 'self_evaluation' && isOverdue(today, round.deadlines.selfEvaluation, items.length, submitted + accepted),
      }
    })
  }

  /** The whole round for the report and the consolidated page: admins, reviewers, viewers and its evaluators. */
  async consolidated(who: User | undefined, id: number, now: Date): Promise<ConsolidatedRound> {
    const user = requireRole(who, ['admin', 'reviewer', 'viewer', 'evaluator'])
    const round = await this.#readable(user, id)
    const [selfRows, ratingRows, computed, tasks, evidence, ranking] = await Promise.all([
      this.#ctx.rounds.selfVersions(id),
      this.#ctx.rounds.ratingVersions(id),
      this.#computed(round, now),
      this.#tasks(),
      this.#ctx.rounds.evidenceInfo(id),
      loadRanking(this.#ctx),
    ])
    const selves = latest(selfRows)
    const ratings = latest(ratingRows)
    const itemsByRegion = new Map(round.regions.map((r) => [r, this.#itemsOf(round, r, tasks)]))
    const targets: ConsolidatedRound['targets'] = []
    for (const t of covered(this.#ctx.plan.targets, round.targets)) {
      const regions = round.regions.filter((r) => itemsByRegion.get(r)?.some((i) => i.kind === 'target' && i.id === t.id))
      if (regions.length === 0) continue
      const s = computed.statuses.get(t.id)
      const c = this.#targetComputed(t.id, null, computed)
      const cities = regions.map((region) => {
        const self = selves.get(keyOf({ region, kind: 'target', itemId: t.id }))
        const rating = ratings.get(keyOf({ region, kind: 'target', itemId: t.id }))
        return {
          region,
          self: (self?.status as TargetStatusName | undefined) ?? null,
          rating: (rating?.rating as TargetStatusName | undefined) ?? null,
          score: rating?.score ?? null,
          findings: rating?.findings ?? null,
          flagged: isBetterThan(self?.status, c.status),
        }
      })
      const disagreements = cities.flatMap((x) =>
        x.self !== null && ((x.rating !== null && x.rating !== x.self) || (c.status !== null && c.status !== 'no_data' && c.status !== x.self))
          ? [{ region: x.region, self: x.self, rating: x.rating, computed: c.status }]
          : [],
      )
      targets.push({ id: t.id, name: t.name, nameEn: t.nameEn, computed: { ...c, trend: trendOf(s) }, cities, disagreements })
    }
    const view = toView(round)
    const cities: ConsolidatedRound['cities'] = []
    for (const region of round.regions) {
      const items = itemsByRegion.get(region) ?? []
      const mine = items.map((i) => selves.get(keyOf({ region, kind: i.kind, itemId: i.id }))).filter((x): x is SelfEvaluationRecord => x !== undefined)
      const r = this.#ctx.regions.get(region)
      const rank = computed.ranks.get(region)
      cities.push({
        region,
        name: r?.name ?? region,
        nameEn: r?.nameEn ?? region,
        submitted: mine.filter((x) => x.state === 'submitted' || x.state === 'accepted').length,
        accepted: mine.filter((x) => x.state === 'accepted').length,
        items: items.length,
        selfSummary: STATUSES.map((status) => ({ status, count: mine.filter((x) => x.status === status).length })).filter((x) => x.count > 0),
        survey: await surveyResultsForRound(this.#ctx, view, region),
        index: { rank: rank?.rank ?? null, rankLow: rank?.rankLow ?? null, rankHigh: rank?.rankHigh ?? null, score: rank?.score ?? null },
      })
    }
    const current = [...selves.values()].filter((s) => round.regions.includes(s.region))
    const byId = new Map(evidence.map((e) => [e.id, e]))
    const evidenceRows = current.flatMap((s) =>
      s.evidence.flatMap((eid) => {
        const e = byId.get(eid)
        return e ? [{ round: id, region: s.region, kind: s.kind, itemId: s.itemId, id: e.id, fileName: e.fileName, size: e.size, sha256: e.sha256 }] : []
      }),
    )
    const cited = await this.#ctx.rounds.observations([...new Set(current.flatMap((s) => s.citations))])
    return {
      round: view,
      targets,
      cities,
      evidence: evidenceRows,
      sources: cited.map((o) => ({
        observation: o.id,
        indicator: o.indicator,
        region: o.region,
        year: o.year,
        value: o.value,
        source: o.source,
        sourceGrade: ranking.quality(o.source).grade,
      })),
    }
  }

  async evidenceFile(who: User | undefined, id: number, evidenceId: number): Promise<RoundEvidence> {
    const user = requireRole(who, ['admin', 'reviewer', 'viewer', 'reporter', 'evaluator'])
    await this.#readable(user, id)
    const e = await this.#ctx.rounds.evidence(id, evidenceId)
    if (!e) throw new AppError('round.not_found', { id: `${id} evidence ${evidenceId}` })
    return e
  }

  // ---------------------------------------------------------------- writing

  async create(actor: Actor, input: RoundInput): Promise<RoundView> {
    const user = requireProvincial(actor.user)
    const fields = await this.#fields(input, undefined)
    const id = await this.#ctx.rounds.transaction(async (tx) => {
      const newId = await tx.insert({ ...fields, createdBy: user.username, createdAt: actor.at })
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'round.create',
        entity: 'round',
        entityId: String(newId),
        period: String(fields.year),
        newStatus: 'draft',
        detail: { ...fields },
        origin: actor.origin,
      })
      return newId
    })
    return this.get(user, id)
  }

  /** Changes a round's fields; `version` is the one the client saw. A closed round is read-only. */
  async update(actor: Actor, id: number, input: RoundInput, version: number): Promise<RoundView> {
    const user = requireProvincial(actor.user)
    const before0 = await this.#round(id)
    if (before0.phase === 'closed') throw new AppError('round.closed', { id })
    const fields = await this.#fields(input, before0)
    const change: RoundChange = { ...pick(fields, input), updatedAt: actor.at }
    const edits = Object.keys(change).filter((k) => k !== 'updatedAt')
    await this.#ctx.rounds.transaction(async (tx) => {
      const before = await tx.get(id)
      if (!before) throw new AppError('round.not_found', { id: String(id) })
      if (before.phase === 'closed') throw new AppError('round.closed', { id })
      if (before.version !== version) throw new AppError('round.version_conflict', { current: before.version, given: version })
      if (!(await tx.update(id, change, version))) throw new AppError('round.version_conflict', { current: before.version + 1, given: version })
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'round.update',
        entity: 'round',
        entityId: String(id),
        period: String(change.year ?? before.year),
        detail: {
          changed: edits,
          before: Object.fromEntries(edits.map((k) => [k, before[k as keyof RoundRecord]])),
          after: Object.fromEntries(edits.map((k) => [k, change[k as keyof RoundChange]])),
        },
        origin: actor.origin,
      })
    })
    return this.get(user, id)
  }

  /** Moves the round one phase on, or (an admin, with a reason) reopens a closed round into consolidation. */
  async phase(actor: Actor, id: number, to: RoundPhaseValue, reason: string | undefined, version: number): Promise<RoundView> {
    const user = requireProvincial(actor.user)
    const why = reason === undefined ? '' : text('reason', reason, 0, 2000)
    await this.#ctx.rounds.transaction(async (tx) => {
      const before = await tx.get(id)
      if (!before) throw new AppError('round.not_found', { id: String(id) })
      if (before.version !== version) throw new AppError('round.version_conflict', { current: before.version, given: version })
      const step = phaseChange(before.phase, to, { admin: user.role === 'admin', reason: why })
      if (!step.ok) {
        if (step.error === 'reopen_admin_only') throw new AppError('auth.forbidden', { role: user.role })
        if (step.error === 'reason_required') invalid('reason', 'required')
        throw before.phase === 'closed' ? new AppError('round.closed', { id }) : new AppError('round.phase_refused', { id, from: before.phase, to })
      }
      const change: RoundChange = { phase: to, closedAt: to === 'closed' ? actor.at : null, updatedAt: actor.at }
      if (!(await tx.update(id, change, version))) throw new AppError('round.version_conflict', { current: before.version + 1, given: version })
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: step.value.reopen ? 'round.reopen' : 'round.phase',
        entity: 'round',
        entityId: String(id),
        period: String(before.year),
        oldStatus: before.phase,
        newStatus: to,
        detail: why ? { reason: why } : {},
        origin: actor.origin,
      })
    })
    return this.get(user, id)
  }

  /** A reporter of the region (or an admin) saves a new version of an item's self-evaluation, as a draft. */
  async saveSelf(actor: Actor, id: number, region: string, kind: RoundItemKindName, itemId: string, input: SelfInput, now: Date): Promise<RoundItemView> {
    const user = requireRole(actor.user, ['admin', 'reporter'])
    const round = await this.#round(id)
    if (round.phase === 'closed') throw new AppError('round.closed', { id })
    if (!mayWriteRegion(user, region, this.#ctx.regions)) throw new AppError('auth.region_forbidden', { region: region.slice(0, 100) })
    if (!round.regions.includes(region)) throw new AppError('round.item_not_found', { round: id, region: region.slice(0, 100), kind, item: itemId.slice(0, 100) })
    await this.#item(round, region, kind, itemId)
    if (round.phase !== 'self_evaluation') throw new AppError('round.wrong_phase', { id, phase: round.phase, needed: 'self_evaluation' })
    const late = this.#lateness(round, now)
    if (input.status === undefined) invalid('status', 'required')
    const status = input.status as TargetStatusName
    const narrative = text('narrative', input.narrative ?? '', 0, ROUND_TEXT_MAX)
    const citations = [...new Set(input.citations ?? [])]
    const evidence = [...new Set(input.evidence ?? [])]
    const found = await this.#ctx.rounds.observations(citations)
    const missing = citations.find((c) => !found.some((o) => o.id === c))
    if (missing !== undefined) invalid('citations', 'unknown', String(missing))
    const files = await this.#ctx.rounds.evidenceInfo(id, evidence)
    const noFile = evidence.find((e) => !files.some((f) => f.id === e))
    if (noFile !== undefined) invalid('evidence', 'unknown', String(noFile))
    const given = input.version ?? 0
    await this.#ctx.rounds.transaction(async (tx) => {
      await tx.lock(id)
      const again = await tx.get(id)
      if (!again || again.phase !== 'self_evaluation')
        throw again?.phase === 'closed' ? new AppError('round.closed', { id }) : new AppError('round.wrong_phase', { id, phase: again?.phase ?? '', needed: 'self_evaluation' })
      const before = (await tx.selfVersions(id, region)).filter((s) => s.kind === kind && s.itemId === itemId).at(-1)
      const current = before?.version ?? 0
      if (current !== given) throw new AppError('round.version_conflict', { current, given })
      if (before?.state === 'accepted') throw new AppError('round.item_state', { item: itemId, state: 'accepted', needed: 'draft' })
      const row: SelfEvaluationRecord = {
        round: id,
        region,
        kind,
        itemId,
        version: current + 1,
        status,
        narrative,
        citations,
        evidence,
        state: 'draft',
        reviewComment: before?.reviewComment ?? null,
        late: late || (before?.late ?? false),
        updatedBy: user.username,
        updatedAt: actor.at,
      }
      await tx.appendSelf(row)
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'round_item.self_save',
        entity: 'round_item',
        entityId: `${id}/${region}/${kind}/${itemId}`,
        region,
        period: String(round.year),
        oldStatus: before?.state ?? null,
        newStatus: 'draft',
        detail: { version: row.version, status, citations, evidence, late: row.late },
        origin: actor.origin,
      })
    })
    return this.#one(user, id, region, kind, itemId, now)
  }

  /** Submits every drafted item of the region (refused, naming them, when one lacks a narrative). */
  async submit(actor: Actor, id: number, region: string, now: Date): Promise<{ submitted: number }> {
    const user = requireRole(actor.user, ['admin', 'reporter'])
    const round = await this.#round(id)
    if (round.phase === 'closed') throw new AppError('round.closed', { id })
    if (!mayWriteRegion(user, region, this.#ctx.regions)) throw new AppError('auth.region_forbidden', { region: region.slice(0, 100) })
    if (!round.regions.includes(region)) throw new AppError('round.item_not_found', { round: id, region: region.slice(0, 100), kind: '', item: '' })
    if (round.phase !== 'self_evaluation') throw new AppError('round.wrong_phase', { id, phase: round.phase, needed: 'self_evaluation' })
    const late = this.#lateness(round, now)
    const items = new Set(this.#itemsOf(round, region, await this.#tasks()).map((i) => keyOf({ region, kind: i.kind, itemId: i.id })))
    return this.#ctx.rounds.transaction(async (tx) => {
      await tx.lock(id)
      const drafts = [...latest(await tx.selfVersions(id, region)).values()].filter((s) => items.has(keyOf(s)) && (s.state === 'draft' || s.state === 'returned'))
      if (drafts.length === 0) throw new AppError('round.nothing_to_submit', { region })
      const empty = drafts.filter((s) => s.narrative.trim() === '' || !STATUSES.includes(s.status as TargetStatusName))
      if (empty.length > 0)
        throw new AppError('round.incomplete', {
          region,
          count: empty.length,
          items: empty
            .slice(0, 10)
            .map((s) => `${s.kind} ${s.itemId}`)
            .join(', '),
        })
      for (const s of drafts) {
        await tx.appendSelf({ ...s, version: s.version + 1, state: 'submitted', late: s.late || late, updatedBy: user.username, updatedAt: actor.at })
        await tx.audit({
          at: actor.at,
          actor: user.username,
          action: 'round_item.submit',
          entity: 'round_item',
          entityId: `${id}/${region}/${s.kind}/${s.itemId}`,
          region,
          period: String(round.year),
          oldStatus: s.state,
          newStatus: 'submitted',
          detail: { version: s.version + 1, late: s.late || late },
          origin: actor.origin,
        })
      }
      return { submitted: drafts.length }
    })
  }

  /** A provincial reviewer (or an admin) accepts a submitted item or returns it with a comment. */
  async review(
    actor: Actor,
    id: number,
    region: string,
    kind: RoundItemKindName,
    itemId: string,
    decision: 'accept' | 'return',
    rawComment: string | undefined,
    now: Date,
  ): Promise<RoundItemView> {
    const user = requireProvincial(actor.user)
    const round = await this.#round(id)
    if (round.phase === 'closed') throw new AppError('round.closed', { id })
    await this.#item(round, region, kind, itemId)
    if (round.phase !== 'self_evaluation') throw new AppError('round.wrong_phase', { id, phase: round.phase, needed: 'self_evaluation' })
    const comment = text('comment', rawComment ?? '', decision === 'return' ? 1 : 0, 4000)
    await this.#ctx.rounds.transaction(async (tx) => {
      await tx.lock(id)
      const s = (await tx.selfVersions(id, region)).filter((x) => x.kind === kind && x.itemId === itemId).at(-1)
      if (!s || s.state !== 'submitted') throw new AppError('round.item_state', { item: itemId, state: s?.state ?? 'none', needed: 'submitted' })
      const state: SelfState = decision === 'accept' ? 'accepted' : 'returned'
      await tx.insertReview({ round: id, region, kind, itemId, selfVersion: s.version, decision, comment, by: user.username, at: actor.at })
      await tx.appendSelf({ ...s, version: s.version + 1, state, reviewComment: decision === 'return' ? comment : comment || null, updatedBy: user.username, updatedAt: actor.at })
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: decision === 'accept' ? 'round_item.accept' : 'round_item.return',
        entity: 'round_item',
        entityId: `${id}/${region}/${kind}/${itemId}`,
        region,
        period: String(round.year),
        oldStatus: 'submitted',
        newStatus: state,
        detail: { version: s.version + 1, comment },
        origin: actor.origin,
      })
    })
    return this.#one(user, id, region, kind, itemId, now)
  }

  /** An evaluator assigned to the round and region saves a new version of its rating of an item. */
  async rate(actor: Actor, id: number, region: string, kind: RoundItemKindName, itemId: string, input: RatingInput, now: Date): Promise<RoundItemView> {
    const user = requireRole(actor.user, ['evaluator'])
    const round = await this.#round(id)
    if (round.phase === 'closed') throw new AppError('round.closed', { id })
    if (!round.evaluators.some((e) => e.username === user.username && e.regions.includes(region)))
      throw new AppError('round.not_assigned', { round: id, region: region.slice(0, 100) })
    await this.#item(round, region, kind, itemId)
    if (round.phase !== 'third_party_review') throw new AppError('round.wrong_phase', { id, phase: round.phase, needed: 'third_party_review' })
    if (!Number.isFinite(input.score) || input.score < round.scale.min || input.score > round.scale.max) invalid('score', 'range', String(input.score))
    const findings = text('findings', input.findings ?? '', 0, ROUND_TEXT_MAX)
    const recommendations = text('recommendations', input.recommendations ?? '', 0, ROUND_TEXT_MAX)
    const given = input.version ?? 0
    await this.#ctx.rounds.transaction(async (tx) => {
      await tx.lock(id)
      const before = (await tx.ratingVersions(id, region)).filter((x) => x.kind === kind && x.itemId === itemId).at(-1)
      const current = before?.version ?? 0
      if (current !== given) throw new AppError('round.version_conflict', { current, given })
      const row: RatingRecord = {
        round: id,
        region,
        kind,
        itemId,
        version: current + 1,
        rating: input.rating,
        score: input.score,
        findings,
        recommendations,
        by: user.username,
        at: actor.at,
      }
      await tx.appendRating(row)
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'round_rating.save',
        entity: 'round_rating',
        entityId: `${id}/${region}/${kind}/${itemId}`,
        region,
        period: String(round.year),
        oldStatus: before?.rating ?? null,
        newStatus: input.rating,
        detail: { version: row.version, score: input.score },
        origin: actor.origin,
      })
    })
    return this.#one(user, id, region, kind, itemId, now)
  }

  /** A reporter of a region in the round (or an admin) uploads one evidence file, checked like task evidence. */
  async uploadEvidence(actor: Actor, id: number, file: { readonly name: string; readonly bytes: Uint8Array }): Promise<{ id: number; fileName: string; size: number }> {
    const user = requireRole(actor.user, ['admin', 'reporter'])
    const round = await this.#round(id)
    if (round.phase === 'closed') throw new AppError('round.closed', { id })
    if (user.role !== 'admin' && !round.regions.some((r) => mayWriteRegion(user, r, this.#ctx.regions)))
      throw new AppError('auth.region_forbidden', { region: round.regions.join(', ').slice(0, 100) })
    if (round.phase !== 'self_evaluation') throw new AppError('round.wrong_phase', { id, phase: round.phase, needed: 'self_evaluation' })
    const f = checkAttachment(file.name, file.bytes)
    const newId = await this.#ctx.rounds.transaction(async (tx) => {
      const eid = await tx.insertEvidence({
        round: id,
        fileName: f.name,
        mediaType: f.mediaType,
        sha256: f.sha256,
        content: f.bytes,
        uploadedBy: user.username,
        uploadedAt: actor.at,
      })
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'round.evidence_upload',
        entity: 'round',
        entityId: String(id),
        period: String(round.year),
        detail: { evidence: eid, fileName: f.name, size: f.bytes.length, sha256: f.sha256 },
        origin: actor.origin,
      })
      return eid
    })
    return { id: newId, fileName: f.name, size: f.bytes.length }
  }

  // ---------------------------------------------------------------- inside

  async #round(id: number): Promise<RoundRecord> {
    const r = await this.#ctx.rounds.get(id)
    if (!r) throw new AppError('round.not_found', { id: String(id) })
    return r
  }

  /** The round, when the user may read it: everyone of the plan; reporters and evaluators only with a region of theirs. */
  async #readable(user: User, id: number): Promise<RoundRecord> {
    const r = await this.#round(id)
    if (isReaderOfAll(user)) return r
    if (this.#visibleRegions(user, r).length > 0) return r
    if (user.role === 'evaluator') throw new AppError('round.not_assigned', { round: id, region: r.regions.join(', ').slice(0, 100) })
    throw new AppError('auth.region_forbidden', { region: r.regions.join(', ').slice(0, 100) })
  }

  /** The round's regions a user sees items of: every one for readers of all; a reporter's own; an evaluator's assigned. */
  #visibleRegions(user: User, r: RoundRecord): string[] {
    if (isReaderOfAll(user)) return [...r.regions]
    if (user.role === 'evaluator') return r.regions.filter((code) => r.evaluators.some((e) => e.username === user.username && e.regions.includes(code)))
    if (user.role === 'reporter') return r.regions.filter((code) => mayWriteRegion(user, code, this.#ctx.regions))
    return []
  }

  #readableRegion(user: User, r: RoundRecord, region: string): string {
    if (!r.regions.includes(region)) throw new AppError('round.item_not_found', { round: r.id, region: region.slice(0, 100), kind: '', item: '' })
    if (this.#visibleRegions(user, r).includes(region)) return region
    if (user.role === 'evaluator') throw new AppError('round.not_assigned', { round: r.id, region })
    throw new AppError('auth.region_forbidden', { region })
  }

  async #item(round: RoundRecord, region: string, kind: RoundItemKindName, itemId: string): Promise<Item> {
    const item = round.regions.includes(region) ? this.#itemsOf(round, region, await this.#tasks()).find((i) => i.kind === kind && i.id === itemId) : undefined
    if (!item) throw new AppError('round.item_not_found', { round: round.id, region: region.slice(0, 100), kind, item: itemId.slice(0, 100) })
    return item
  }

  async #tasks() {
    return new TaskService(this.#ctx.tasks, this.#ctx.plan, this.#ctx.regions).list({})
  }

  #relations(): RegionRelations {
    const regions = this.#ctx.regions
    return {
      isWithin: (code, ancestor) => regions.isWithin(code, ancestor),
      expand: (code) => {
        const r = regions.get(code)
        return !r ? [] : r.level === 'grouping' ? r.members : [r.code]
      },
      names: (code) => {
        const r = regions.get(code)
        return r ? [r.code, r.name] : [code]
      },
    }
  }

  /** The targets, then the tasks, that are items of the round for the region, in plan order. */
  #itemsOf(
    round: RoundRecord,
    region: string,
    tasks: ReadonlyArray<{ id: string; title: string; titleEn: string; lead: string; cooperating: ReadonlyArray<string>; regions: ReadonlyArray<string> }>,
  ): Item[] {
    const rel = this.#relations()
    const targets = covered(this.#ctx.plan.targets, round.targets).filter((t) =>
      targetApplies(
        {
          id: t.id,
          kind: t.kind,
          region: 'region' in t ? t.region : undefined,
          setRegions: 'over' in t ? expandRegionSet(this.#ctx.regions, t.over).map((r) => r.code) : undefined,
        },
        region,
        rel,
      ),
    )
    const mine = covered(tasks, round.tasks).filter((t) => taskApplies(t, region, rel))
    return [
      ...targets.map((t) => ({ kind: 'target' as const, id: t.id, name: t.name, nameEn: t.nameEn })),
      ...mine.map((t) => ({ kind: 'task' as const, id: t.id, name: t.title, nameEn: t.titleEn })),
    ]
  }

  /** True when a save now is late; throws when the deadline has passed and the round does not take late ones. */
  #lateness(round: RoundRecord, now: Date): boolean {
    const verdict = deadlineVerdict(now.toISOString().slice(0, 10), round.deadlines.selfEvaluation, round.allowLate)
    if (verdict === 'refused') throw new AppError('round.deadline_passed', { id: round.id, deadline: round.deadlines.selfEvaluation ?? '' })
    return verdict === 'late'
  }

  async #computed(round: RoundRecord, now: Date): Promise<Computed> {
    const today = now.toISOString().slice(0, 10)
    const compute = async () => {
      const data = await loadMonitoringData(this.#ctx)
      const asOf = round.year
      const statuses = evaluateTargets(this.#ctx.plan, data, { asOf, forecaster: buildForecaster(FORECAST_SEED), methods: methodRunner })
      const warnings = await allWarnings(this.#ctx, data, statuses, asOf, asOf >= now.getUTCFullYear() ? today : `${asOf}-12-31`)
      const ranks = new Map<string, { rank: number; rankLow: number; rankHigh: number; score: number }>()
      try {
        const ev = await runEvaluation(this.#ctx, { maxYear: round.year })
        for (const r of ev.results) ranks.set(r.region, { rank: r.rank, rankLow: r.rankLow, rankHigh: r.rankHigh, score: r.score })
      } catch (e) {
        // Too little data for the composite index: the items show no rank, the rest stands.
        if (!(e instanceof AppError)) throw e
      }
      const figures = new Map<string, { value: number; year: number } | undefined>()
      const computed: Computed = {
        statuses: new Map(statuses.map((s) => [s.target, s])),
        warnings,
        ranks,
        figure(indicator, region) {
          const k = `${indicator}|${region}`
          if (!figures.has(k)) {
            const last = data.series(indicator, region, asOf).at(-1)
            figures.set(k, last ? { value: last.value, year: last.year } : undefined)
          }
          return figures.get(k)
        },
      }
      return computed
    }
    return this.#cache ? this.#cache.get(this.#ctx, `round-computed|${round.year}|${today}`, compute) : compute()
  }

  /** A target's computed fields; with a region, the region's figure of the target's indicator. */
  #targetComputed(targetId: string, region: string | null, c: Computed): RoundComputed {
    const s = c.statuses.get(targetId)
    const target = this.#ctx.plan.targets.find((t) => t.id === targetId)
    const indicator = target && 'indicator' in target ? target.indicator : null
    const own = target && 'region' in target && region !== null && target.region === region
    const fig = indicator && region !== null && !own ? c.figure(indicator, region) : undefined
    const rank = region !== null ? c.ranks.get(region) : undefined
    const rel = this.#relations()
    return {
      status: s?.status ?? null,
      forecast: s?.forecastValue ?? null,
      probability: s?.probability ?? null,
      warnings: c.warnings
        .filter((w) => w.target === targetId && (region === null || w.region === null || rel.isWithin(region, w.region) || rel.isWithin(w.region, region)))
        .map((w) => ({ kind: w.kind, severity: w.severity })),
      indexRank: rank?.rank ?? null,
      indexRankLow: rank?.rankLow ?? null,
      indexRankHigh: rank?.rankHigh ?? null,
      value: fig ? fig.value : (s?.latestValue ?? null),
      year: fig ? fig.year : (s?.latestYear ?? null),
    }
  }

  async #itemView(
    round: RoundRecord,
    region: string,
    item: Item,
    selves: Map<string, SelfEvaluationRecord>,
    ratings: Map<string, RatingRecord>,
    c: Computed,
  ): Promise<RoundItemView> {
    const key = keyOf({ region, kind: item.kind, itemId: item.id })
    const s = selves.get(key)
    const rating = ratings.get(key)
    const computed: RoundComputed =
      item.kind === 'target'
        ? this.#targetComputed(item.id, region, c)
        : {
            status: null,
            forecast: null,
            probability: null,
            warnings: c.warnings.filter((w) => w.target === item.id).map((w) => ({ kind: w.kind, severity: w.severity })),
            indexRank: c.ranks.get(region)?.rank ?? null,
            indexRankLow: c.ranks.get(region)?.rankLow ?? null,
            indexRankHigh: c.ranks.get(region)?.rankHigh ?? null,
            value: null,
            year: null,
          }
    return {
      round: round.id,
      region,
      kind: item.kind,
      itemId: item.id,
      name: item.name,
      nameEn: item.nameEn,
      computed,
      self: s ? await this.#selfView(round.id, s) : null,
      rating: rating ? ratingView(rating) : null,
      flagged: isBetterThan(s?.status, computed.status),
    }
  }

  async #selfView(round: number, s: SelfEvaluationRecord): Promise<NonNullable<RoundItemView['self']>> {
    const [cited, files, ranking] = await Promise.all([this.#ctx.rounds.observations(s.citations), this.#ctx.rounds.evidenceInfo(round, s.evidence), loadRanking(this.#ctx)])
    return {
      status: s.status as TargetStatusName,
      narrative: s.narrative,
      citations: cited.map((o) => {
        const q = ranking.quality(o.source)
        return { observation: o.id, indicator: o.indicator, region: o.region, year: o.year, value: o.value, source: o.source, sourceGrade: q.grade, vintage: q.vintage }
      }),
      evidence: files.map((f) => ({ id: f.id, fileName: f.fileName, size: f.size })),
      state: s.state,
      reviewComment: s.reviewComment,
      late: s.late,
      version: s.version,
      updatedBy: s.updatedBy,
      updatedAt: s.updatedAt,
    }
  }

  async #one(user: User, id: number, region: string, kind: RoundItemKindName, itemId: string, now: Date): Promise<RoundItemView> {
    const round = await this.#round(id)
    const item = await this.#item(round, region, kind, itemId)
    const [selfRows, ratingRows, computed] = await Promise.all([this.#ctx.rounds.selfVersions(id, region), this.#ctx.rounds.ratingVersions(id, region), this.#computed(round, now)])
    void user
    return this.#itemView(round, region, item, latest(selfRows), latest(ratingRows), computed)
  }

  /** Checks and normalises a round's fields; `before` is the stored round on a change (fields left out keep it). */
  async #fields(input: RoundInput, before: RoundRecord | undefined): Promise<Omit<RoundRecord, 'id' | 'version' | 'closedAt' | 'updatedAt' | 'phase' | 'createdBy' | 'createdAt'>> {
    const kind = input.kind ?? before?.kind ?? invalid('kind', 'required')
    const year = input.year ?? before?.year
    if (year === undefined || !Number.isInteger(year) || year < ROUND_YEARS[0] || year > ROUND_YEARS[1]) invalid('year', 'range', String(year ?? ''))
    const title = input.title !== undefined ? text('title', input.title, 1, ROUND_TITLE_MAX) : (before?.title ?? invalid('title', 'required'))
    const titleEn = input.titleEn !== undefined ? text('titleEn', input.titleEn, 0, ROUND_TITLE_MAX) : (before?.titleEn ?? '')
    const regions = input.regions !== undefined ? this.#regions(input.regions) : (before?.regions ?? invalid('regions', 'empty'))
    const targets =
      input.targets !== undefined
        ? this.#ids(
            'targets',
            input.targets,
            this.#ctx.plan.targets.map((t) => t.id),
          )
        : (before?.targets ?? null)
    const tasks =
      input.tasks !== undefined
        ? this.#ids(
            'tasks',
            input.tasks,
            (await this.#tasks()).map((t) => t.id),
          )
        : (before?.tasks ?? null)
    const d = { selfEvaluation: null, thirdPartyReview: null, consolidation: null, ...before?.deadlines, ...input.deadlines }
    const deadlines = { selfEvaluation: d.selfEvaluation ?? null, thirdPartyReview: d.thirdPartyReview ?? null, consolidation: d.consolidation ?? null }
    for (const v of Object.values(deadlines)) if (v !== null && !isIsoDate(v)) invalid('deadlines', 'date', v)
    const ordered = [deadlines.selfEvaluation, deadlines.thirdPartyReview, deadlines.consolidation].filter((x): x is string => x !== null)
    if (ordered.some((x, i) => i > 0 && x < (ordered[i - 1] as string))) invalid('deadlines', 'order', ordered.join(' '))
    const scale = input.scale ?? before?.scale ?? { min: 0, max: 100 }
    if (!Number.isFinite(scale.min) || !Number.isFinite(scale.max)) invalid('scale', 'range', `${scale.min}–${scale.max}`)
    if (scale.min >= scale.max) invalid('scale', 'order', `${scale.min}–${scale.max}`)
    const evaluators = input.evaluators !== undefined ? await this.#evaluators(input.evaluators, regions) : (before?.evaluators ?? [])
    if (input.regions !== undefined && input.evaluators === undefined)
      for (const e of evaluators) for (const r of e.regions) if (!regions.includes(r)) invalid('evaluators', 'unknown', r)
    const survey = input.survey !== undefined ? (input.survey === null ? null : surveyId(input.survey)) : (before?.survey ?? null)
    return {
      kind,
      year: year as number,
      title,
      titleEn,
      regions,
      targets,
      tasks,
      deadlines,
      allowLate: input.allowLate ?? before?.allowLate ?? false,
      scale: { min: scale.min, max: scale.max },
      evaluators,
      survey,
    }
  }

  #regions(list: ReadonlyArray<string>): string[] {
    if (list.length === 0) invalid('regions', 'empty')
    const out: string[] = []
    for (const raw of list) {
      const r = this.#ctx.regions.get(raw.trim())
      if (!r) invalid('regions', 'unknown', raw)
      else for (const c of r.level === 'grouping' ? r.members : [r.code]) if (!out.includes(c)) out.push(c)
    }
    if (out.length > ROUND_LIST_MAX) invalid('regions', 'too_many', String(out.length))
    return out
  }

  #ids(field: 'targets' | 'tasks', list: ReadonlyArray<string> | null, known: ReadonlyArray<string>): string[] | null {
    if (list === null) return null
    if (list.length === 0) invalid(field, 'empty')
    if (list.length > 1000) invalid(field, 'too_many', String(list.length))
    const bad = list.find((x) => !known.includes(x))
    if (bad !== undefined) invalid(field, 'unknown', bad)
    return [...new Set(list)]
  }

  async #evaluators(list: ReadonlyArray<{ readonly username: string; readonly regions: ReadonlyArray<string> }>, regions: ReadonlyArray<string>) {
    const out: Array<{ username: string; regions: string[] }> = []
    for (const e of list) {
      const u = await this.#ctx.users.get(e.username)
      if (!u) invalid('evaluators', 'unknown', e.username)
      else if (u.role !== 'evaluator') invalid('evaluators', 'not_evaluator', e.username)
      const bad = e.regions.find((r) => !regions.includes(r))
      if (bad !== undefined) invalid('evaluators', 'unknown', bad)
      if (e.regions.length === 0) invalid('evaluators', 'empty', e.username)
      const had = out.find((x) => x.username === e.username)
      if (had) had.regions.push(...e.regions.filter((r) => !had.regions.includes(r)))
      else out.push({ username: e.username, regions: [...new Set(e.regions)] })
    }
    return out
  }
}

/** Admins, reviewers (any) and viewers read every round and region. */
function isReaderOfAll(user: User): boolean {
  return user.role === 'admin' || user.role === 'reviewer' || user.role === 'viewer'
}

function surveyId(raw: string): string {
  const s = raw.trim()
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(s)) invalid('survey', 'unknown', s)
  return s
}

function ratingView(r: RatingRecord): NonNullable<RoundItemView['rating']> {
  return { rating: r.rating as TargetStatusName, score: r.score, findings: r.findings, recommendations: r.recommendations, by: r.by, at: r.at, version: r.version }
}

/** The direction the figures move in recently: rising, falling or flat; null without a recent change. */
function trendOf(s: TargetStatus | undefined): string | null {
  const c = s?.recentAnnualChange
  if (c === null || c === undefined) return null
  return c > 0 ? 'rising' : c < 0 ? 'falling' : 'flat'
}

/** The normalised fields the input names (a change sets only those). */
function pick<T extends object>(fields: T, input: object): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => k in input && (input as Record<string, unknown>)[k] !== undefined)) as Partial<T>
}
