/**
 * Entering a value and moving values through review: draft → submitted → approved → published, with
 * "returned" back to the reporter. Every change bumps the cell's version, appends a revision and an audit entry.
 * A revision of a published value is a new draft; the published value stays visible until the revision is published.
 * @module
 */
import { AppError } from '../core/errors.js'
import { parseNumberText } from '../core/decimal.js'
import { periodOfYear } from '../core/period.js'
import { TRANSITION_STEPS, type Transition, type WorkflowStatus } from '../core/workflow.js'
import type { Context } from './context.js'
import type { ChangeStamp } from './ports/observations.js'
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
  return ctx.observations.writeDraft(
    {
      indicator: indicator.id,
      region: input.region,
      period: periodOfYear(input.year),
      year: input.year,
      source: input.source ?? DATA_ENTRY_SOURCE,
      value: input.value,
      valueText: text,
      unit: indicator.unit,
      note: input.note ?? null,
      version: input.version,
    },
    stampOf(actor),
  )
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
 * a filter moves the eligible values it matches and reports the rest.
 */
export async function transition(ctx: Context, actor: Actor, action: Transition, selection: Selection, comment?: string) {
  const step = TRANSITION_STEPS[action]
  const user = requireRole(actor.user, ROLES[action])
  if (action === 'return' && !comment?.trim()) throw new AppError('review.comment_required')
  const skipped: Array<{ id: number; status: WorkflowStatus; reason: string }> = []
  const moved = await ctx.observations.moveStatus({ ...selection, statuses: step.from }, { action, to: step.to, ...(comment ? { comment } : {}) }, stampOf(actor), (rows) => {
    if (selection.ids?.length && rows.length !== new Set(selection.ids).size)
      throw new AppError('observation.not_found', { indicator: '', region: '', year: `ids ${selection.ids.join(',')}` })
    const eligible = rows.filter((r) => {
      if (!step.from.includes(r.status)) {
        skipped.push({ id: r.id, status: r.status, reason: 'status' })
        return false
      }
      if (action === 'submit' && !mayWriteRegion(user, r.region, ctx.regions)) {
        skipped.push({ id: r.id, status: r.status, reason: 'region' })
        return false
      }
      return true
    })
    const first = skipped[0]
    if (selection.ids?.length && first) {
      if (first.reason === 'region') throw new AppError('auth.region_forbidden', { region: rows.find((r) => r.id === first.id)?.region ?? '' })
      throw new AppError('workflow.bad_transition', { status: first.status, action })
    }
    return eligible
  })
  return { changed: moved.length, ids: moved.map((r) => r.id), skipped }
}

/** What reviewers see: values waiting for them, with the published value they would replace. */
export async function reviewQueue(ctx: Context, statuses: ReadonlyArray<WorkflowStatus> = ['submitted', 'approved']) {
  const [rows, ranking] = await Promise.all([ctx.observations.inStatuses(statuses), loadRanking(ctx)])
  return rows.map((r) => ({
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
    status: r.status,
    version: r.version,
    note: r.note,
    reviewComment: r.reviewComment,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
    ...sourceFields(ranking, r.source, r.confidence),
  }))
}
