/**
 * Completeness and timeliness (issue 15): for one year, each expected region × indicator with its furthest
 * workflow state and whether it is late against the plan's data calendar, with totals per region, per indicator
 * and overall. The selection's cells are read once; the pure module (src/monitoring/completeness.ts) decides.
 *
 * Expected: every indicator the plan collects (one without a formula; a derived one is counted through its inputs)
 * × the plan's region and its prefecture-level cities (the plan gives no indicator a narrower scope) × the year.
 * Reporters see their own regions, a reviewer limited to some regions those; viewers and the public are refused,
 * because the reply tells which values are in review before they are published.
 * @module
 */
import { AppError } from '../core/errors.js'
import { completeness, expectedCells, isCollected, overall, totals, dueDate, type CellStatus, type CompletenessCell, type Counts } from '../monitoring/completeness.js'
import type { Indicator, Plan } from '../plan/plan-schema.js'
import type { CompletenessQuery, CompletenessReply } from '../contract/completeness.js'
import { completenessState } from '../contract/completeness.js'
import type { Context } from './context.js'
import { csvField } from './export.js'
import { expectedRegions } from './open-data.js'
import type { User } from './ports/user-repository.js'
import { sectionIndicators } from './templates.js'
import { mayWriteRegion } from './users.js'
import { requireRole, reviewsRegion } from './workflow.js'

export interface CompletenessRequest {
  readonly year?: number | undefined
  readonly section?: string | undefined
  readonly region?: string | undefined
  readonly indicator?: string | undefined
  readonly state?: CompletenessReply['rows'][number]['state'] | undefined
  readonly late?: boolean | undefined
  readonly format: 'json' | 'csv'
}

const bad = (field: string, value: string): never => {
  throw new AppError('http.bad_value', { field, value: value.slice(0, 100) })
}

/** The query as text, checked: the parameter at fault is named. */
export function parseCompletenessQuery(q: CompletenessQuery): CompletenessRequest {
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim())
  const year = text(q.year)
  const y = year === undefined ? undefined : /^\d{4}$/.test(year) && Number(year) >= 1900 && Number(year) <= 2100 ? Number(year) : bad('year', year)
  const state = text(q.state)
  const s = state === undefined ? undefined : completenessState.safeParse(state).success ? (state as CompletenessRequest['state']) : bad('state', state)
  const late = text(q.late)
  const l = late === undefined ? undefined : late === 'true' ? true : late === 'false' ? false : bad('late', late)
  const format = text(q.format) ?? 'json'
  const f = format === 'json' || format === 'csv' ? format : bad('format', format)
  return { year: y, section: text(q.section), region: text(q.region), indicator: text(q.indicator), state: s, late: l, format: f }
}

/** The section an indicator belongs to: its own, else that of the first target monitoring it; and its chapter. */
function placeOf(plan: Plan, indicator: Indicator): { section: string | null; chapter: string | null } {
  const section = indicator.section ?? plan.targets.find((t) => 'indicator' in t && t.indicator === indicator.id)?.section ?? null
  if (section === null) return { section: null, chapter: null }
  const chapter = plan.chapters.find((c) => section === c.id || section.startsWith(`${c.id}(`) || c.sections.some((s) => s.id === section))
  return { section, chapter: chapter?.id ?? null }
}

/** The regions this user may see of the expected ones (everyone else: all of them). */
function visible(ctx: Context, user: User, code: string): boolean {
  if (user.role === 'reporter') return mayWriteRegion(user, code, ctx.regions)
  if (user.role === 'reviewer') return reviewsRegion(user, code, ctx)
  return true
}

const cellStatus = (status: string, published: boolean): CellStatus =>
  // A published value under revision is still published: the public sees it.
  published ? 'published' : (status as CellStatus)

/** Who may see completeness: not viewers and the public, as the states show values before publication. */
export const COMPLETENESS_ROLES: ReadonlyArray<User['role']> = ['admin', 'reviewer', 'reporter']

export async function completenessReport(ctx: Context, who: User | undefined, req: CompletenessRequest, asOf: string): Promise<CompletenessReply> {
  const user = requireRole(who, COMPLETENESS_ROLES)

  // Indicators: the section's (or all), narrowed to one when asked.
  let indicators: Indicator[] = req.section ? sectionIndicators(ctx.plan, req.section) : [...ctx.plan.indicators]
  if (req.indicator) {
    const r = ctx.indicators.resolve(req.indicator)
    if (!r.ok) bad('indicator', req.indicator)
    else indicators = indicators.filter((i) => i.id === r.value.indicator.id)
    if (indicators.length === 0) bad('indicator', req.indicator)
  }
  const collected = indicators.filter(isCollected)

  // Regions: the expected ones, within the one asked (it counts its cities), that this user may see.
  let regions = expectedRegions(ctx)
  if (req.region) {
    const r = ctx.regions.resolve(req.region)
    if (!r.ok) bad('region', req.region)
    else {
      const roots = r.value.level === 'grouping' ? r.value.members : [r.value.code]
      regions = regions.filter((c) => roots.some((root) => ctx.regions.isWithin(c, root)))
    }
  }
  const asked = regions
  regions = regions.filter((c) => visible(ctx, user, c))
  if (req.region && asked.length > 0 && regions.length === 0) {
    const r = ctx.regions.resolve(req.region)
    throw new AppError('completeness.region_forbidden', { region: r.ok ? `${r.value.name} ${r.value.code}` : req.region })
  }

  // One read: the selection's cells from the plan's baseline year (or the year asked, if earlier) on.
  const fromYear = Math.min(ctx.plan.period.baselineYear, req.year ?? ctx.plan.period.baselineYear)
  const stored = collected.length > 0 && regions.length > 0 ? await ctx.observations.find({ indicators: collected.map((i) => i.id), regions, fromYear }) : []
  const yearsWithData = [...new Set(stored.map((o) => o.year))].sort((a, b) => b - a)
  const year = req.year ?? yearsWithData[0] ?? ctx.plan.period.end

  const cells = completeness(
    expectedCells(collected, regions, [year]),
    stored.filter((o) => o.year === year).map((o) => ({ region: o.region, indicator: o.indicator, year: o.year, status: cellStatus(o.status, o.publishedValue !== null) })),
    ctx.plan.dataCalendar,
    asOf,
  )
  const byRegion = totals(cells, 'region')
  const byIndicator = totals(cells, 'indicator')
  const none: Counts = { expected: 0, published: 0, approved: 0, submitted: 0, entered: 0, missing: 0, late: 0 }
  const chosen = (c: CompletenessCell) => (req.state === undefined || c.state === req.state) && (req.late === undefined || c.late === req.late)

  return {
    year,
    asOf,
    yearsWithData,
    calendar: ctx.plan.dataCalendar !== undefined,
    regions: regions.map((code) => {
      const r = ctx.regions.get(code)
      return { code, name: r?.name ?? code, nameEn: r?.nameEn ?? code, totals: byRegion.get(code) ?? none }
    }),
    indicators: collected.map((i) => ({
      id: i.id,
      name: i.name,
      nameEn: i.nameEn,
      unit: i.unit,
      ...placeOf(ctx.plan, i),
      due: dueDate(ctx.plan.dataCalendar, i.id, year),
      totals: byIndicator.get(i.id) ?? none,
    })),
    derived: indicators.filter((i) => !isCollected(i)).map((i) => ({ id: i.id, name: i.name, nameEn: i.nameEn, formula: i.formula ?? '' })),
    rows: cells.filter(chosen),
    totals: overall(cells),
  }
}

const STATE_ZH: Record<CompletenessReply['rows'][number]['state'], string> = {
  published: '已发布',
  approved: '已审核',
  submitted: '已提交',
  entered: '已填报',
  missing: '缺报',
}

export const COMPLETENESS_CSV_COLUMNS = ['region', 'regionName', 'indicator', 'indicatorName', 'unit', 'year', 'state', 'stateName', 'due', 'late'] as const

/** The rows as CSV: UTF-8 with BOM (Excel reads the Chinese names), formula-safe cells. */
export function completenessCsv(reply: CompletenessReply): string {
  const region = new Map(reply.regions.map((r) => [r.code, r]))
  const indicator = new Map(reply.indicators.map((i) => [i.id, i]))
  const lines = reply.rows.map((r) =>
    [
      r.region,
      region.get(r.region)?.name ?? r.region,
      r.indicator,
      indicator.get(r.indicator)?.name ?? r.indicator,
      indicator.get(r.indicator)?.unit ?? '',
      r.year,
      r.state,
      STATE_ZH[r.state],
      r.due,
      r.late,
    ]
      .map(csvField)
      .join(','),
  )
  return `\ufeff${[COMPLETENESS_CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`
}
