/**
 * Entering a value and moving values through review: draft → submitted → approved → published, with
 * "returned" back to the reporter. Every change bumps the cell's version, appends a revision and an audit entry.
 * A revision of a published value is a new draft; the published value stays visible until the revision is published.
 * @module
 */
import { AppError } from '../core/errors.js'
import { parseNumberText } from '../core/decimal.js'
import { periodOfYear } from '../core/period.js'
import type { WorkflowStatus } from '../store/db-types.js'
import type { Context } from './context.js'
import { audit, mayWriteRegion, type User } from './users.js'

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
  const period = periodOfYear(input.year)
  const source = input.source ?? DATA_ENTRY_SOURCE
  const note = input.note ?? null
  const text = parseNumberText(String(input.value))?.text ?? String(input.value)
  return ctx.store.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('observations')
      .selectAll()
      .where('indicator', '=', indicator.id)
      .where('region', '=', input.region)
      .where('period', '=', period)
      .where('source', '=', source)
      .executeTakeFirst()
    if (!existing) {
      if (input.version !== undefined && input.version !== 0) throw new AppError('observation.version_conflict', { current: 0, given: input.version })
      const row = await trx
        .insertInto('observations')
        .values({
          indicator: indicator.id, region: input.region, period, year: input.year, source, value: input.value, value_text: text, unit: indicator.unit,
          raw_value: text, note, status: 'draft', version: 1, created_at: actor.at, created_by: user.username, updated_at: actor.at, updated_by: user.username, import_id: null,
          published_value: null, published_value_text: null, published_at: null, review_comment: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await revision(trx, row, 'create', null, actor)
      await audit(trx, { at: actor.at, actor: user.username, action: 'observation.create', entity: 'observation', entity_id: String(row.id), indicator: row.indicator, region: row.region, period, source, new_value: input.value, new_status: 'draft', origin: actor.origin })
      return row
    }
    if (input.version !== existing.version) {
      throw new AppError('observation.version_conflict', { current: existing.version, given: input.version ?? 'none' })
    }
    if (existing.value === input.value && existing.note === note && existing.status === 'draft') return existing
    const updated = await trx
      .updateTable('observations')
      .set({ value: input.value, value_text: text, raw_value: text, note, status: 'draft', version: existing.version + 1, updated_at: actor.at, updated_by: user.username, import_id: null })
      .where('id', '=', existing.id)
      .where('version', '=', existing.version) // optimistic: a concurrent writer makes this match nothing
      .returningAll()
      .executeTakeFirst()
    if (!updated) throw new AppError('observation.version_conflict', { current: existing.version + 1, given: existing.version })
    await revision(trx, updated, 'update', existing.value, actor)
    await audit(trx, {
      at: actor.at, actor: user.username, action: 'observation.update', entity: 'observation', entity_id: String(existing.id), indicator: existing.indicator, region: existing.region,
      period, source, old_value: existing.value, new_value: input.value, old_status: existing.status, new_status: 'draft', origin: actor.origin,
    })
    return updated
  })
}

type Row = Awaited<ReturnType<typeof putObservation>>

async function revision(trx: Context['store']['db'], row: Row, action: 'create' | 'update' | 'status', previous: number | null, actor: Actor) {
  await trx
    .insertInto('observation_revisions')
    .values({
      observation_id: row.id, version: row.version, action, indicator: row.indicator, region: row.region, period: row.period, source: row.source, value: row.value,
      value_text: row.value_text, unit: row.unit, raw_value: row.raw_value, note: row.note, status: row.status, previous_value: previous, changed_at: actor.at,
      changed_by: actor.user.username, import_id: null, origin: JSON.stringify({ via: actor.origin }),
    })
    .execute()
}

export type Transition = 'submit' | 'return' | 'approve' | 'publish'

const RULES: Record<Transition, { from: ReadonlyArray<WorkflowStatus>; to: WorkflowStatus; roles: ReadonlyArray<User['role']> }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', roles: ['admin', 'reporter'] },
  return: { from: ['submitted', 'approved'], to: 'returned', roles: ['admin', 'reviewer'] },
  approve: { from: ['submitted'], to: 'approved', roles: ['admin', 'reviewer'] },
  publish: { from: ['approved'], to: 'published', roles: ['admin', 'reviewer'] },
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
  const rule = RULES[action]
  const user = requireRole(actor.user, rule.roles)
  if (action === 'return' && !comment?.trim()) throw new AppError('review.comment_required')
  return ctx.store.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('observations').selectAll()
    if (selection.ids?.length) q = q.where('id', 'in', [...selection.ids])
    if (selection.indicator) q = q.where('indicator', '=', selection.indicator)
    if (selection.region) q = q.where('region', '=', selection.region)
    if (selection.year !== undefined) q = q.where('year', '=', selection.year)
    if (!selection.ids?.length) q = q.where('status', 'in', [...rule.from])
    const rows = await q.orderBy('id').execute()
    if (selection.ids?.length && rows.length !== new Set(selection.ids).size) throw new AppError('observation.not_found', { indicator: '', region: '', year: `ids ${selection.ids.join(',')}` })
    const skipped: Array<{ id: number; status: WorkflowStatus; reason: string }> = []
    const eligible = rows.filter((r) => {
      if (!rule.from.includes(r.status)) {
        skipped.push({ id: r.id, status: r.status, reason: 'status' })
        return false
      }
      if (action === 'submit' && !mayWriteRegion(user, r.region, ctx.regions)) {
        skipped.push({ id: r.id, status: r.status, reason: 'region' })
        return false
      }
      return true
    })
    if (selection.ids?.length && skipped.length > 0) {
      const first = skipped[0]!
      if (first.reason === 'region') throw new AppError('auth.region_forbidden', { region: rows.find((r) => r.id === first.id)?.region ?? '' })
      throw new AppError('workflow.bad_transition', { status: first.status, action })
    }
    for (const r of eligible) {
      const updated = await trx
        .updateTable('observations')
        .set({
          status: rule.to,
          version: r.version + 1,
          updated_at: actor.at,
          updated_by: user.username,
          review_comment: action === 'return' ? (comment ?? null) : action === 'submit' ? null : r.review_comment,
          ...(action === 'publish' ? { published_value: r.value, published_value_text: r.value_text, published_at: actor.at } : {}),
        })
        .where('id', '=', r.id)
        .where('version', '=', r.version)
        .returningAll()
        .executeTakeFirst()
      if (!updated) throw new AppError('observation.version_conflict', { current: r.version + 1, given: r.version })
      await revision(trx, updated, 'status', null, actor)
      await audit(trx, {
        at: actor.at, actor: user.username, action: `observation.${action}`, entity: 'observation', entity_id: String(r.id), indicator: r.indicator, region: r.region, period: r.period,
        source: r.source, old_value: action === 'publish' ? r.published_value : null, new_value: action === 'publish' ? r.value : null, old_status: r.status, new_status: rule.to,
        ...(comment ? { detail: { comment } } : {}), origin: actor.origin,
      })
    }
    return { changed: eligible.length, ids: eligible.map((r) => r.id), skipped }
  })
}

/** What reviewers see: values waiting for them, with the published value they would replace. */
export async function reviewQueue(ctx: Context, statuses: ReadonlyArray<WorkflowStatus> = ['submitted', 'approved']) {
  const rows = await ctx.store.db.selectFrom('observations').selectAll().where('status', 'in', [...statuses]).orderBy('updated_at').orderBy('id').execute()
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
    publishedValue: r.published_value,
    change: r.published_value === null ? null : r.value - r.published_value,
    status: r.status,
    version: r.version,
    note: r.note,
    reviewComment: r.review_comment,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }))
}
