/**
 * Entering a value and moving values through review: draft → submitted → approved → published, with
 * "returned" back to the reporter. Every change bumps the cell's version, appends a revision and an audit entry.
 * A revision of a published value is a new draft; the published value stays visible until the revision is published.
 * @module
 */
import { recordReturnComment } from './return-comment.js'
import { AppError } from '../core/errors.js'
import { parseNumberText } from '../core/decimal.js'
import { periodOfYear } from '../core/period.js'
import { t } from '../i18n/t.js'
import {
  firstLevelOf,
  lockedStatuses,
  queueStatuses,
  reviewStep,
  TRANSITION_STEPS,
  WORKFLOW_STATUSES,
  type ApprovalLevels,
  type ReviewLevel,
  type StepRefusal,
  type Transition,
  type WorkflowStatus,
} from '../core/workflow.js'
import { pickPreferred } from '../monitoring/preferred-source.js'
import { checkAgainstStore, historyAgainstStore, historyFlagsOf } from './cell-checks.js'
import { afterDataChange } from './column-snapshot.js'
import type { Context } from './context.js'
import { cellKey } from './ports/observation-comments.js'
import type { ChangeStamp, Observation } from './ports/observations.js'
import { loadRanking, sourceFields } from './sources.js'
import { mayWriteRegion, type User } from './users.js'

export const DATA_ENTRY_SOURCE = 'data-entry'

export interface CellInput {
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly value: number
  readonly note?: string | null
  /** The version the client last saw; required when the cell exists, so no edit overwrites one it has not seen. */
  readonly version?: number
  readonly source?: string
}

export interface Actor {
  readonly user: User
  readonly at: string
  readonly origin: string
}

export function requireRole(user: User | undefined, roles: ReadonlyArray<User['role']>): User {
  if (!user) throw new AppError('auth.required')
  if (!roles.includes(user.role)) throw new AppError('auth.forbidden', { role: user.role })
  return user
}

/** Creates or revises a draft cell. */
export async function putObservation(ctx: Context, actor: Actor, input: CellInput) {
  const user = requireRole(actor.user, ['admin', 'reporter'])
  const indicator = ctx.indicators.get(input.indicator)
  if (!indicator) throw new AppError('indicator.unknown', { name: input.indicator, candidates: '' })
  if (!ctx.regions.get(input.region)) throw new AppError('region.unknown', { name: input.region, candidates: '' })
  if (!mayWriteRegion(user, input.region, ctx.regions)) throw new AppError('auth.region_forbidden', { region: input.region })
  if (!Number.isFinite(input.value)) throw new AppError('ingest.not_numeric', { value: String(input.value) })
  if (indicator.range && (input.value < indicator.range[0] || input.value > indicator.range[1])) {
    throw new AppError('ingest.out_of_range', { value: input.value, indicator: indicator.id, min: indicator.range[0], max: indicator.range[1] })
  }
  const text = parseNumberText(String(input.value))?.text ?? String(input.value)
  const source = input.source ?? DATA_ENTRY_SOURCE
  const cell = { indicator: indicator.id, region: input.region, year: input.year, source, value: input.value, valueText: text }
  const ruleWarnings = await checkAgainstStore(ctx, cell)
  const unusual = await historyAgainstStore(ctx, cell)
  const warnings = [...ruleWarnings, ...(unusual ? [unusual] : [])].map((p) => ({
    code: p.code,
    severity: 'warning' as const,
    message: t('zh', p.code, p.params as never),
    messageEn: t('en', p.code, p.params as never),
  }))
  const write = ctx.observations.writeDraft(
    {
      indicator: indicator.id,
      region: input.region,
      period: periodOfYear(input.year),
      year: input.year,
      source,
      value: input.value,
      valueText: text,
      unit: indicator.unit,
      note: input.note ?? null,
      version: input.version,
      locked: lockedStatuses(approvalLevels(ctx)),
    },
    stampOf(actor),
  )
  const written = await namingLockedCell(ctx, write)
  await afterDataChange(ctx)
  return { ...written, warnings }
}

const stampOf = (actor: Actor): ChangeStamp => ({ by: actor.user.username, at: actor.at, origin: actor.origin })

export type { Transition }

/** Who may take each step. */
const ROLES: Record<Transition, ReadonlyArray<User['role']>> = {
  submit: ['admin', 'reporter'],
  return: ['admin', 'reviewer'],
  approve: ['admin', 'reviewer'],
  publish: ['admin', 'reviewer'],
}

export interface Selection {
  readonly ids?: ReadonlyArray<number>
  readonly indicator?: string
  readonly region?: string
  readonly year?: number
}

/**
 * Moves the selected values one step. Explicit ids are all-or-nothing (any ineligible one rejects the request);
 * a filter moves the eligible values it matches and reports the rest. Return, approve and publish follow the
 * plan's approval levels (`reviewStep`) and the reviewer's regions; the audit entry names the level.
 */
/** What a submit would move, shown before it moves (`dryRun`). */
export interface TransitionPreviewRow {
  readonly id: number
  readonly indicator: string
  readonly indicatorName: string
  readonly region: string
  readonly year: number
  readonly value: number
  readonly unit: string
  readonly note: string | null
  readonly status: WorkflowStatus
}

export async function transition(ctx: Context, actor: Actor, action: Transition, selection: Selection, comment?: string, options: { dryRun?: boolean } = {}) {
  const step = TRANSITION_STEPS[action]
  const user = requireRole(actor.user, ROLES[action])
  if (action === 'return' && !comment?.trim()) throw new AppError('review.comment_required')
  const levels = approvalLevels(ctx)
  const level = reviewLevelOf(user)
  const review = action === 'submit' ? undefined : reviewPlan(levels, action, level)
  const from = review?.from ?? step.from
  const to = review?.to ?? step.to
  const skipped: Array<{ id: number; status: WorkflowStatus; reason: string }> = []
  let refusal: AppError | undefined
  const flagged = action === 'submit' ? await flaggedForSubmit(ctx, selection, step.from) : new Set<number>()
  let preview: TransitionPreviewRow[] = []
  const moved = await ctx.observations.moveStatus(
    { ...selection, statuses: from },
    { action, to, ...(comment ? { comment } : {}), ...(review ? { level } : {}) },
    stampOf(actor),
    (rows) => {
      if (selection.ids?.length && rows.length !== new Set(selection.ids).size)
        throw new AppError('observation.not_found', { indicator: '', region: '', year: `ids ${selection.ids.join(',')}` })
      const eligible = rows.filter((r) => {
        if (action !== 'submit') {
          const why = reviewRefusal(ctx, user, levels, level, action, r)
          if (why) {
            skipped.push({ id: r.id, status: r.status, reason: why.reason })
            refusal ??= refusalError(ctx, why, action, r)
            return false
          }
          return true
        }
        if (!step.from.includes(r.status)) {
          skipped.push({ id: r.id, status: r.status, reason: 'status' })
          return false
        }
        if (!mayWriteRegion(user, r.region, ctx.regions)) {
          skipped.push({ id: r.id, status: r.status, reason: 'region' })
          return false
        }
        if (flagged.has(r.id) && !r.note?.trim()) {
          skipped.push({ id: r.id, status: r.status, reason: 'needs_comment' })
          refusal ??= new AppError('workflow.needs_comment', cellNames(ctx, r))
          return false
        }
        return true
      })
      const first = skipped[0]
      if (selection.ids?.length && refusal) throw refusal
      if (selection.ids?.length && first) {
        if (first.reason === 'region') throw new AppError('auth.region_forbidden', { region: rows.find((r) => r.id === first.id)?.region ?? '' })
        throw new AppError('workflow.bad_transition', { status: first.status, action })
      }
      if (!options.dryRun) return eligible
      // A dry run: the same checks, then nothing moves.
      preview = eligible.map((r) => ({
        id: r.id,
        indicator: r.indicator,
        indicatorName: ctx.indicators.get(r.indicator)?.name ?? r.indicator,
        region: r.region,
        year: r.year,
        value: r.value,
        unit: r.unit,
        note: r.note,
        status: r.status,
      }))
      return []
    },
  )
  if (options.dryRun) return { changed: 0, ids: [], skipped, dryRun: true, preview }
  // The return comment joins each value's thread (after the move: the port's transaction is the repository's).
  if (action === 'return' && comment) for (const r of moved) await recordReturnComment(ctx, actor, r, comment)
  if (moved.length > 0) await afterDataChange(ctx)
  return { changed: moved.length, ids: moved.map((r) => r.id), skipped }
}

/**
 * The ids, among the values a submit selects, that the history check flags (an unusual change from the year
 * before): these need a note to be submitted. One read for the candidates and one for their series.
 */
async function flaggedForSubmit(ctx: Context, selection: Selection, statuses: ReadonlyArray<WorkflowStatus>): Promise<Set<number>> {
  const ids = selection.ids?.length ? new Set(selection.ids) : undefined
  const candidates = (
    await ctx.observations.find({
      ...(selection.indicator ? { indicators: [selection.indicator] } : {}),
      ...(selection.region ? { regions: [selection.region] } : {}),
      ...(selection.year !== undefined ? { years: [selection.year] } : {}),
      statuses,
    })
  ).filter((o) => (!ids || ids.has(o.id)) && !o.note?.trim())
  const flags = await historyFlagsOf(ctx, candidates)
  return new Set(candidates.filter((_, i) => flags[i]).map((o) => o.id))
}

/** The plan's approval levels (1 unless the plan says `workflow: { approvalLevels: 2 }`). */
export function approvalLevels(ctx: Pick<Context, 'plan'>): ApprovalLevels {
  return ctx.plan.workflow.approvalLevels
}

/** A reviewer limited to some regions reviews for its city; one without regions, and an admin, for the province. */
export function reviewLevelOf(user: User): ReviewLevel {
  return user.role === 'reviewer' && user.regions.length > 0 ? 'city' : 'province'
}

/** Is the region within the regions a reviewer is limited to (everything for a province reviewer)? */
export function reviewsRegion(user: User, region: string, ctx: Pick<Context, 'regions'>): boolean {
  if (reviewLevelOf(user) === 'province') return true
  return user.regions.some((assigned) => {
    const a = ctx.regions.get(assigned)
    const roots = a?.level === 'grouping' ? a.members : [assigned]
    return roots.some((root) => ctx.regions.isWithin(region, root))
  })
}

/** The statuses a review step may start from for this reviewer, and where it leads. */
function reviewPlan(levels: ApprovalLevels, action: Exclude<Transition, 'submit'>, level: ReviewLevel): { from: WorkflowStatus[]; to: WorkflowStatus } {
  const from: WorkflowStatus[] = []
  let to: WorkflowStatus = TRANSITION_STEPS[action].to
  for (const status of WORKFLOW_STATUSES) {
    for (const first of ['city', 'province'] as const) {
      const r = reviewStep(levels, action, status, level, first)
      if ('to' in r) {
        if (!from.includes(status)) from.push(status)
        to = r.to
      }
    }
  }
  return { from, to }
}

type Refusal = StepRefusal | { readonly reason: 'region' }

function reviewRefusal(ctx: Context, user: User, levels: ApprovalLevels, level: ReviewLevel, action: Exclude<Transition, 'submit'>, r: Observation): Refusal | undefined {
  if (!reviewsRegion(user, r.region, ctx)) return { reason: 'region' }
  const first = firstLevelOf(levels, ctx.regions.get(r.region)?.level ?? 'county')
  const outcome = reviewStep(levels, action, r.status, level, first)
  return 'to' in outcome ? undefined : outcome
}

/** The cell a message names: indicator and region by name, and the year. */
function cellNames(ctx: Context, r: Pick<Observation, 'indicator' | 'region' | 'year'>) {
  return { indicator: ctx.indicators.get(r.indicator)?.name ?? r.indicator, region: ctx.regions.get(r.region)?.name ?? r.region, year: r.year }
}

function refusalError(ctx: Context, why: Refusal, action: Transition, r: Observation): AppError {
  const cell = cellNames(ctx, r)
  switch (why.reason) {
    case 'region':
      return new AppError('workflow.region_forbidden', cell)
    case 'locked':
      return new AppError('workflow.locked', { ...cell, holder: why.holder, action })
    case 'awaits_city':
      return new AppError('workflow.awaits_city', cell)
    case 'province_only':
      return new AppError('workflow.province_only', { ...cell, action })
    case 'status':
      return new AppError('workflow.bad_transition', { status: r.status, action })
  }
}

/** The store refuses a locked cell by its codes: the message names it as people read it. */
async function namingLockedCell<T>(ctx: Context, write: Promise<T>): Promise<T> {
  try {
    return await write
  } catch (e) {
    if (e instanceof AppError && e.code === 'workflow.locked') {
      const p = (e as AppError<'workflow.locked'>).params
      const names = cellNames(ctx, { indicator: p.indicator, region: p.region, year: p.year })
      throw new AppError('workflow.locked', { ...p, ...names }, { cause: e })
    }
    throw e
  }
}

/** Filters of the review queue (all optional): a region counts its children. */
export interface QueueFilter {
  readonly region?: string
  readonly indicator?: string
  readonly year?: number
  readonly status?: WorkflowStatus
}

/** The value of the year before, as the queue shows it beside a value under review. */
export interface PreviousValue {
  readonly year: number
  readonly value: number
  readonly status: WorkflowStatus
  readonly source: string
  /** `published`: the published value of the preferred source (what the public sees); `current`: never published, its value now. */
  readonly basis: 'published' | 'current'
}

/**
 * What reviewers see: values waiting for them (a city reviewer: its regions; a province reviewer: what waits for
 * the province), with the published value they would replace and the year before (one read for the whole queue).
 */
export async function reviewQueue(ctx: Context, user: User, filter: QueueFilter = {}) {
  const levels = approvalLevels(ctx)
  const level = user.role === 'viewer' ? 'province' : reviewLevelOf(user)
  const statuses = queueStatuses(levels, level).filter((s) => !filter.status || s === filter.status)
  const [all, ranking] = await Promise.all([statuses.length ? ctx.observations.inStatuses(statuses) : Promise.resolve([]), loadRanking(ctx)])
  const rows = all.filter((r) => {
    if (filter.indicator && r.indicator !== filter.indicator) return false
    if (filter.year !== undefined && r.year !== filter.year) return false
    if (filter.region && !withinFilterRegion(ctx, r.region, filter.region)) return false
    if (!reviewsRegion(user, r.region, ctx)) return false
    // With two levels, a county's submitted value waits for its city, not for the province.
    const first = firstLevelOf(levels, ctx.regions.get(r.region)?.level ?? 'county')
    if (levels === 2 && level === 'province' && user.role !== 'viewer' && r.status === 'submitted' && first === 'city') return false
    if (levels === 2 && level === 'city' && first === 'province') return false
    return true
  })
  // One read for the queue: the rows' series serve both the year before and the history check.
  const series = await seriesOf(ctx, rows)
  const previous = await previousYearValues(ctx, rows, ranking, series)
  const history = await historyFlagsOf(ctx, rows, series)
  const threads = await ctx.comments.summaries(rows)
  return rows.map((r, i) => {
    const thread = threads.get(cellKey(r))
    const flag = history[i]
    const prev = previous.get(cellOf(r.indicator, r.region, r.year - 1)) ?? null
    const growth = prev === null || prev.value === 0 ? null : ((r.value - prev.value) / Math.abs(prev.value)) * 100
    return {
      id: r.id,
      indicator: r.indicator,
      indicatorName: ctx.indicators.get(r.indicator)?.name ?? r.indicator,
      region: r.region,
      regionName: ctx.regions.get(r.region)?.name ?? r.region,
      year: r.year,
      source: r.source,
      value: r.value,
      unit: r.unit,
      publishedValue: r.publishedValue,
      change: r.publishedValue === null ? null : r.value - r.publishedValue,
      previous: prev,
      growth,
      growthPoints: r.unit === '%' && prev !== null ? r.value - prev.value : null,
      status: r.status,
      version: r.version,
      note: r.note,
      reviewComment: r.reviewComment,
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt,
      flags: flag ? [{ code: flag.code, severity: flag.severity, message: t('zh', flag.code, flag.params), messageEn: t('en', flag.code, flag.params) }] : [],
      commentCount: thread?.commentCount ?? 0,
      followUp: thread?.followUp ?? false,
      ...sourceFields(ranking, r.source, r.confidence),
    }
  })
}

function withinFilterRegion(ctx: Context, region: string, filter: string): boolean {
  const f = ctx.regions.get(filter)
  const roots = f?.level === 'grouping' ? f.members : [filter]
  return roots.some((root) => ctx.regions.isWithin(region, root))
}

const cellOf = (indicator: string, region: string, year: number) => `${indicator}\u0000${region}\u0000${year}`

/**
 * The year-before value of each queued cell, read in one query: the preferred source's published value when the
 * cell was ever published, else the preferred source's value now.
 */
/** Every stored value of the rows' indicators and regions (all years), in one read. */
async function seriesOf(ctx: Context, rows: ReadonlyArray<Observation>): Promise<Observation[]> {
  if (rows.length === 0) return []
  return ctx.observations.find({ indicators: [...new Set(rows.map((r) => r.indicator))], regions: [...new Set(rows.map((r) => r.region))] })
}

async function previousYearValues(
  ctx: Context,
  rows: ReadonlyArray<Observation>,
  ranking: Awaited<ReturnType<typeof loadRanking>>,
  series?: ReadonlyArray<Observation>,
): Promise<Map<string, PreviousValue>> {
  const out = new Map<string, PreviousValue>()
  if (rows.length === 0) return out
  const wanted = new Set(rows.map((r) => cellOf(r.indicator, r.region, r.year - 1)))
  const found =
    series ??
    (await ctx.observations.find({
      indicators: [...new Set(rows.map((r) => r.indicator))],
      regions: [...new Set(rows.map((r) => r.region))],
      years: [...new Set(rows.map((r) => r.year - 1))],
    }))
  const byCell = new Map<string, Observation[]>()
  for (const o of found) {
    const key = cellOf(o.indicator, o.region, o.year)
    if (!wanted.has(key)) continue
    byCell.set(key, [...(byCell.get(key) ?? []), o])
  }
  for (const [key, list] of byCell) {
    const first = list[0]
    if (!first) continue
    const indicator = ctx.indicators.get(first.indicator)
    const published = list.filter((o) => o.publishedValue !== null)
    const best = pickPreferred(published, indicator, first.region, ranking)
    if (best && best.publishedValue !== null) {
      out.set(key, { year: best.year, value: best.publishedValue, status: 'published', source: best.source, basis: 'published' })
      continue
    }
    const current = pickPreferred(list, indicator, first.region, ranking)
    if (current) out.set(key, { year: current.year, value: current.value, status: current.status, source: current.source, basis: 'current' })
  }
  return out
}
