/**
 * A comment thread per value (issue 15, after DHIS2): signed-in users read the thread of a cell they may read;
 * reporters write in their regions, reviewers in the regions they review, admins everywhere; viewers only read.
 * The follow-up flag is set and cleared by reviewers and admins only (the people who act on it), as rows of kind
 * follow_up_on / follow_up_off in the same append-only table, so who raised and cleared it, when, stays in the thread.
 * @module
 */
import { AppError } from '../core/errors.js'
import type { Context } from './context.js'
import type { CommentTarget, ObservationComment } from './ports/observation-comments.js'
import type { User } from './ports/user-repository.js'
import { mayWriteRegion } from './users.js'
import { reviewsRegion, type Actor } from './workflow.js'

export interface CommentThread {
  readonly followUp: boolean
  readonly comments: ReadonlyArray<ObservationComment>
}

type Ctx = Pick<Context, 'comments' | 'audit' | 'regions'>

async function cellOf(ctx: Ctx, id: number): Promise<CommentTarget> {
  const obs = await ctx.comments.target(id)
  if (!obs) throw new AppError('comment.cell_not_found', { id })
  return obs
}

/** Reporters read their regions only; reviewers, admins and viewers read every cell. */
function mayRead(user: User, obs: CommentTarget, ctx: Ctx): boolean {
  return user.role === 'reporter' ? mayWriteRegion(user, obs.region, ctx.regions) : true
}

function mayWrite(user: User, obs: CommentTarget, ctx: Ctx): boolean {
  if (user.role === 'admin') return true
  if (user.role === 'reporter') return mayWriteRegion(user, obs.region, ctx.regions)
  if (user.role === 'reviewer') return reviewsRegion(user, obs.region, ctx)
  return false
}

function followUpOf(rows: ReadonlyArray<ObservationComment>): boolean {
  let on = false
  for (const r of rows) if (r.kind === 'follow_up_on' || r.kind === 'follow_up_off') on = r.kind === 'follow_up_on'
  return on
}

export async function threadOf(ctx: Ctx, user: User, id: number): Promise<CommentThread> {
  const obs = await cellOf(ctx, id)
  if (!mayRead(user, obs, ctx)) throw new AppError('auth.region_forbidden', { region: obs.region })
  const comments = await ctx.comments.thread(obs)
  return { followUp: followUpOf(comments), comments }
}

/** Appends a comment (if `body` is not empty) and, if `followUp` changes the flag, a flag row. Audited. */
export async function addComment(
  ctx: Ctx,
  actor: Actor,
  id: number,
  input: { readonly body?: string | undefined; readonly followUp?: boolean | undefined },
): Promise<CommentThread> {
  const { user } = actor
  if (user.role === 'viewer' || user.role === 'evaluator') throw new AppError('auth.forbidden', { role: user.role })
  const obs = await cellOf(ctx, id)
  if (!mayWrite(user, obs, ctx)) throw new AppError('auth.region_forbidden', { region: obs.region })
  const body = input.body?.trim() ?? ''
  if (input.followUp !== undefined && user.role !== 'reviewer' && user.role !== 'admin') throw new AppError('auth.forbidden', { role: user.role })
  const before = await ctx.comments.thread(obs)
  const flagged = followUpOf(before)
  const flagChange = input.followUp !== undefined && input.followUp !== flagged
  if (!body && !flagChange && input.followUp === undefined) throw new AppError('comment.body_required')
  const base = {
    indicator: obs.indicator,
    region: obs.region,
    period: obs.period,
    year: obs.year,
    source: obs.source,
    observationVersion: obs.version,
    author: String(user.id),
    authorName: user.displayName || user.username,
    createdAt: actor.at,
  }
  const rows = [
    ...(body ? [{ ...base, kind: 'comment' as const, body }] : []),
    ...(flagChange ? [{ ...base, kind: input.followUp ? ('follow_up_on' as const) : ('follow_up_off' as const), body: '' }] : []),
  ]
  const added = await ctx.comments.append(rows)
  const cell = { indicator: obs.indicator, region: obs.region, period: obs.period, source: obs.source }
  for (const r of added) {
    await ctx.audit.record({
      at: actor.at,
      actor: user.username,
      action: r.kind === 'comment' ? 'observation.comment' : 'observation.follow_up',
      entity: 'observation',
      entityId: String(obs.id),
      ...cell,
      detail: r.kind === 'comment' ? { commentId: r.id, version: obs.version, length: r.body.length } : { commentId: r.id, followUp: r.kind === 'follow_up_on' },
      origin: actor.origin,
    })
  }
  return { followUp: flagChange ? Boolean(input.followUp) : flagged, comments: [...before, ...added] }
}

export interface CellThreadMark {
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly commentCount: number
  readonly followUp: boolean
}

/** The cells of one year that have a thread, for the grid's marks: what the user may read (reporters: their regions). */
export async function threadMarksOfYear(ctx: Ctx, user: User, year: number): Promise<CellThreadMark[]> {
  const rows = await ctx.comments.summariesOfYear(year)
  return rows
    .filter((r) => (r.commentCount > 0 || r.followUp) && (user.role !== 'reporter' || mayWriteRegion(user, r.region, ctx.regions)))
    .map((r) => ({ indicator: r.indicator, region: r.region, year, commentCount: r.commentCount, followUp: r.followUp }))
}
