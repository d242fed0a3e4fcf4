/**
 * Data requests (数据征集, issue 15): a provincial reviewer (a reviewer with no regions of their own) or an admin asks
 * regions for the figures of some indicators for one year by a due date; the reporters of those regions see it as
 * a to-do with its progress, computed from the store's cells (src/monitoring/request-progress.ts). Every write is
 * checked for role here, on the server, and audited in the same transaction (entity `data_request`).
 * @module
 */
import { AppError, type ErrorParams } from '../core/errors.js'
import { firstControlCharacter } from '../core/control-characters.js'
import type { CompletenessState } from '../monitoring/completeness.js'
import { requestProgress, type ProgressTotals } from '../monitoring/request-progress.js'
import type { Context } from './context.js'
import type { DataRequestChange, DataRequestRecord, DataRequestStatus } from './ports/data-request-repository.js'
import { mayWriteRegion, type User } from './users.js'
import { requireRole, type Actor } from './workflow.js'

export const REQUEST_TITLE_MAX = 200
export const REQUEST_MESSAGE_MAX = 4000
export const REQUEST_LIST_MAX = 200
export const REQUEST_YEARS = [2000, 2100] as const

/** What a reviewer sends; on a change, the fields left out keep their value. */
export interface DataRequestInput {
  readonly title?: string | undefined
  readonly message?: string | undefined
  readonly indicators?: ReadonlyArray<string> | undefined
  readonly regions?: ReadonlyArray<string> | undefined
  readonly year?: number | undefined
  readonly due?: string | undefined
}

/** A request as a caller sees it: the stored one (a reporter: its own share of the regions) with its progress. */
export interface DataRequestView extends Omit<DataRequestRecord, 'updatedAt'> {
  /** Days until the due date (negative: past it). */
  readonly daysLeft: number
  readonly late: boolean
  readonly progress: ProgressTotals
}

export interface DataRequestProgressRow {
  readonly region: string
  readonly regionName: string
  readonly regionNameEn: string
  readonly indicator: string
  readonly indicatorName: string
  readonly indicatorNameEn: string
  readonly state: CompletenessState
}

export interface DataRequestDetail extends DataRequestView {
  readonly rows: ReadonlyArray<DataRequestProgressRow>
}

const DAY_MS = 86_400_000
/** Whole days from `today` to `due` (both YYYY-MM-DD). */
const daysUntil = (today: string, due: string) => Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS)

const invalid = (field: ErrorParams<'request.invalid'>['field'], reason: ErrorParams<'request.invalid'>['reason'], value = ''): never => {
  throw new AppError('request.invalid', { field, reason, value: value.slice(0, 100) })
}

/** A real calendar date written YYYY-MM-DD (not 2025-02-30). Pure. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const t = Date.parse(`${s}T00:00:00Z`)
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s
}

function text(field: 'title' | 'message', raw: string, min: number, max: number): string {
  const s = raw.trim()
  if ([...s].length < min || [...s].length > max || firstControlCharacter(s, 'text') !== -1) invalid(field, 'length', s)
  return s
}

/** Indicator ids, each known to the plan, without repeats, in the order given. */
function indicatorsOf(ctx: Pick<Context, 'indicators'>, list: ReadonlyArray<string>): string[] {
  if (list.length === 0) invalid('indicators', 'empty')
  if (list.length > REQUEST_LIST_MAX) invalid('indicators', 'too_many', String(list.length))
  const out: string[] = []
  for (const raw of list) {
    const i = ctx.indicators.get(raw.trim())
    if (!i) invalid('indicators', 'unknown', raw)
    else if (!out.includes(i.id)) out.push(i.id)
  }
  return out
}

/** Region codes, each known; a grouping stands for its members. */
function regionsOf(ctx: Pick<Context, 'regions'>, list: ReadonlyArray<string>): string[] {
  if (list.length === 0) invalid('regions', 'empty')
  if (list.length > REQUEST_LIST_MAX) invalid('regions', 'too_many', String(list.length))
  const out: string[] = []
  for (const raw of list) {
    const r = ctx.regions.get(raw.trim())
    if (!r) invalid('regions', 'unknown', raw)
    else for (const c of r.level === 'grouping' ? r.members : [r.code]) if (!out.includes(c)) out.push(c)
  }
  if (out.length > REQUEST_LIST_MAX) invalid('regions', 'too_many', String(out.length))
  return out
}

function yearOf(year: number | undefined): number {
  if (year === undefined || !Number.isInteger(year) || year < REQUEST_YEARS[0] || year > REQUEST_YEARS[1]) invalid('year', 'range', String(year ?? ''))
  return year as number
}

function dueOf(due: string | undefined): string {
  if (due === undefined || !isIsoDate(due.trim())) invalid('due', 'date', due ?? '')
  return (due as string).trim()
}

/** Who may send and change requests: admins, and reviewers of the whole plan (no regions of their own). */
function requireProvincial(user: User | undefined): User {
  const u = requireRole(user, ['admin', 'reviewer'])
  if (u.role === 'reviewer' && u.regions.length > 0) throw new AppError('auth.forbidden', { role: u.role })
  return u
}

/** The requested regions a user may see the progress of: all for reviewers and admins, a reporter's own. */
export function shareOf(ctx: Pick<Context, 'regions'>, user: User, request: Pick<DataRequestRecord, 'regions'>): string[] {
  if (user.role !== 'reporter') return [...request.regions]
  return request.regions.filter((r) => mayWriteRegion(user, r, ctx.regions))
}

export class DataRequestService {
  readonly #ctx: Context

  constructor(ctx: Context) {
    this.#ctx = ctx
  }

  /** Reviewers and admins: every request; reporters: those naming one of their regions; viewers: refused. */
  async list(who: User | undefined, filter: { status?: DataRequestStatus }, now: Date): Promise<DataRequestView[]> {
    const user = requireRole(who, ['admin', 'reviewer', 'reporter'])
    const all = await this.#ctx.dataRequests.list(filter)
    const mine = all.map((r) => ({ r, share: shareOf(this.#ctx, user, r) })).filter(({ share }) => share.length > 0 || user.role !== 'reporter')
    return Promise.all(mine.map(({ r, share }) => this.#view(r, share, now).then((d) => d.view)))
  }

  async get(who: User | undefined, id: number, now: Date): Promise<DataRequestDetail> {
    const user = requireRole(who, ['admin', 'reviewer', 'reporter'])
    const r = await this.#ctx.dataRequests.get(id)
    if (!r) throw new AppError('request.not_found', { id: String(id) })
    const share = shareOf(this.#ctx, user, r)
    if (user.role === 'reporter' && share.length === 0) throw new AppError('auth.region_forbidden', { region: r.regions.join(', ').slice(0, 100) })
    const { view, rows } = await this.#view(r, share, now)
    const name = (code: string) => this.#ctx.regions.get(code)
    const ind = (id2: string) => this.#ctx.indicators.get(id2)
    return {
      ...view,
      rows: rows.map((row) => ({
        region: row.region,
        regionName: name(row.region)?.name ?? row.region,
        regionNameEn: name(row.region)?.nameEn ?? row.region,
        indicator: row.indicator,
        indicatorName: ind(row.indicator)?.name ?? row.indicator,
        indicatorNameEn: ind(row.indicator)?.nameEn ?? row.indicator,
        state: row.state,
      })),
    }
  }

  async create(actor: Actor, input: DataRequestInput, now: Date): Promise<DataRequestDetail> {
    const user = requireProvincial(actor.user)
    const title = text('title', input.title ?? '', 1, REQUEST_TITLE_MAX)
    const message = text('message', input.message ?? '', 0, REQUEST_MESSAGE_MAX)
    const indicators = indicatorsOf(this.#ctx, input.indicators ?? [])
    const regions = regionsOf(this.#ctx, input.regions ?? [])
    const year = yearOf(input.year)
    const due = dueOf(input.due)
    const id = await this.#ctx.dataRequests.transaction(async (tx) => {
      const newId = await tx.insert({ title, message, indicators, regions, year, due, createdBy: user.username, createdAt: actor.at })
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action: 'data_request.create',
        entity: 'data_request',
        entityId: String(newId),
        period: String(year),
        newStatus: 'open',
        detail: { title, indicators, regions, year, due },
        origin: actor.origin,
      })
      return newId
    })
    return this.get(user, id, now)
  }

  /** Edits an open request's fields, or closes / reopens it; `version` is the one the client saw. */
  async update(actor: Actor, id: number, input: DataRequestInput & { status?: DataRequestStatus | undefined }, version: number, now: Date): Promise<DataRequestDetail> {
    const user = requireProvincial(actor.user)
    const change: { -readonly [K in keyof DataRequestChange]: DataRequestChange[K] } = { updatedAt: actor.at }
    if (input.title !== undefined) change.title = text('title', input.title, 1, REQUEST_TITLE_MAX)
    if (input.message !== undefined) change.message = text('message', input.message, 0, REQUEST_MESSAGE_MAX)
    if (input.indicators !== undefined) change.indicators = indicatorsOf(this.#ctx, input.indicators)
    if (input.regions !== undefined) change.regions = regionsOf(this.#ctx, input.regions)
    if (input.year !== undefined) change.year = yearOf(input.year)
    if (input.due !== undefined) change.due = dueOf(input.due)
    const edits = Object.keys(change).filter((k) => k !== 'updatedAt')
    await this.#ctx.dataRequests.transaction(async (tx) => {
      const before = await tx.get(id)
      if (!before) throw new AppError('request.not_found', { id: String(id) })
      if (before.version !== version) throw new AppError('request.version_conflict', { current: before.version, given: version })
      const status = input.status ?? before.status
      // A closed request is read-only until reopened (reopening and editing in one change is fine).
      if (status === 'closed' && edits.length > 0) throw new AppError('request.closed', { id })
      if (status !== before.status) {
        change.status = status
        change.closedBy = status === 'closed' ? user.username : null
        change.closedAt = status === 'closed' ? actor.at : null
      }
      if (!(await tx.update(id, change, version))) throw new AppError('request.version_conflict', { current: before.version + 1, given: version })
      const action = status === before.status ? 'data_request.update' : status === 'closed' ? 'data_request.close' : 'data_request.reopen'
      await tx.audit({
        at: actor.at,
        actor: user.username,
        action,
        entity: 'data_request',
        entityId: String(id),
        period: String(change.year ?? before.year),
        oldStatus: before.status,
        newStatus: status,
        detail: {
          changed: edits,
          before: Object.fromEntries(edits.map((k) => [k, before[k as keyof DataRequestRecord]])),
          after: Object.fromEntries(edits.map((k) => [k, change[k as keyof DataRequestChange]])),
        },
        origin: actor.origin,
      })
    })
    return this.get(user, id, now)
  }

  /** What a template for this request holds for this user: its indicators, the user's share of its regions, its year. */
  async templateScope(who: User, id: number): Promise<{ indicators: string[]; regions: string[]; year: number }> {
    const r = await this.#ctx.dataRequests.get(id)
    if (!r) throw new AppError('request.not_found', { id: String(id) })
    const share = shareOf(this.#ctx, who, r)
    if (share.length === 0) throw new AppError('auth.region_forbidden', { region: r.regions.join(', ').slice(0, 100) })
    return { indicators: [...r.indicators], regions: share, year: r.year }
  }

  /** Open requests naming one of a reporter's regions (every open request for an admin), soonest due first. */
  async openFor(user: User, now: Date): Promise<DataRequestView[]> {
    const open = await this.list(user, { status: 'open' }, now)
    return open.sort((a, b) => a.due.localeCompare(b.due) || a.id - b.id)
  }

  async #view(r: DataRequestRecord, share: ReadonlyArray<string>, now: Date): Promise<{ view: DataRequestView; rows: ReturnType<typeof requestProgress>['rows'] }> {
    const today = now.toISOString().slice(0, 10)
    const cells = share.length > 0 ? await this.#ctx.observations.find({ indicators: [...r.indicators], regions: [...share], years: [r.year] }) : []
    const p = requestProgress({ indicators: r.indicators, regions: share, year: r.year, due: r.due }, cells, today)
    const view: DataRequestView = {
      id: r.id,
      title: r.title,
      message: r.message,
      indicators: r.indicators,
      regions: share,
      year: r.year,
      due: r.due,
      status: r.status,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      closedBy: r.closedBy,
      closedAt: r.closedAt,
      version: r.version,
      daysLeft: daysUntil(today, r.due),
      late: r.status === 'open' && p.late,
      progress: p.totals,
    }
    return { view, rows: p.rows }
  }
}
