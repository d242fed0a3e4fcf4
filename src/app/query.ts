/**
 * Observations as users read them: one row per cell and source, with names, and which source the series prefers.
 * @module
 */
import { AppError } from '../core/errors.js'
import { must } from '../core/checked.js'
import type { Confidence, SourceGrade } from '../core/source-grade.js'
import { pickPreferred, type SourceRanking } from '../monitoring/preferred-source.js'
import { describeCandidates } from '../regions/region-catalog.js'
import type { WorkflowStatus } from '../core/workflow.js'
import type { Observation } from './ports/observations.js'
import type { Context } from './context.js'
import { loadRanking } from './source-ranking.js'

export interface ObservationView {
  readonly indicator: string
  readonly indicatorName: string
  readonly region: string
  readonly regionName: string
  readonly year: number
  readonly period: string
  readonly value: number
  readonly unit: string
  readonly source: string
  readonly note: string | null
  readonly status: WorkflowStatus
  readonly version: number
  /** True for the source this series prefers when a cell has several (see the indicator's preferredSources). */
  readonly preferred: boolean
  readonly updatedAt: string
  readonly sourceGrade: SourceGrade
  readonly sourceVintage: string | null
  readonly confidence: Confidence | null
  /** The reviewer's comment when the value was returned (replies to anonymous readers leave it out). */
  readonly reviewComment: string | null
}

export interface QueryInput {
  readonly indicator?: string
  readonly region?: string
  readonly year?: string
  readonly status?: WorkflowStatus
}

export function resolveIndicatorArg(ctx: Context, raw: string): string {
  const r = ctx.indicators.resolve(raw)
  if (!r.ok) throw new AppError('indicator.unknown', { name: raw, candidates: r.error.candidates.map((c) => c.id).join(', ') })
  return r.value.indicator.id
}

export function resolveRegionArg(ctx: Context, raw: string): string {
  const r = ctx.regions.resolve(raw)
  if (r.ok) return r.value.code
  const candidates = describeCandidates(ctx.regions, r.error.candidates)
  throw new AppError(r.error.kind === 'ambiguous' ? 'region.ambiguous' : 'region.unknown', { name: raw, candidates })
}

/** "2021", "2017-2022", "2017," → year filter. */
export function parseYearArg(raw: string): { years?: number[]; fromYear?: number; toYear?: number } {
  const range = /^(\d{4})?\s*[-–:]\s*(\d{4})?$/.exec(raw.trim())
  if (range && (range[1] || range[2])) return { ...(range[1] ? { fromYear: Number(range[1]) } : {}), ...(range[2] ? { toYear: Number(range[2]) } : {}) }
  const years = raw.split(',').map((y) => Number(y.trim()))
  if (years.some((y) => !Number.isInteger(y) || y < 1900 || y > 2100)) throw new AppError('cli.usage', { option: '--year', value: raw })
  return { years }
}

export async function queryObservations(ctx: Context, input: QueryInput): Promise<ObservationView[]> {
  const rows = await ctx.observations.find({
    ...(input.indicator ? { indicators: [resolveIndicatorArg(ctx, input.indicator)] } : {}),
    ...(input.region ? { regions: [resolveRegionArg(ctx, input.region)] } : {}),
    ...(input.year ? parseYearArg(input.year) : {}),
    ...(input.status ? { statuses: [input.status] } : {}),
  })
  return toViews(ctx, rows, await loadRanking(ctx))
}

/** The rows as users read them; `ranking` (app/sources.ts `loadRanking`) grades the sources and picks the preferred one. */
export function toViews(ctx: Context, rows: ReadonlyArray<Observation>, ranking: SourceRanking): ObservationView[] {
  const preferred = preferredIds(ctx, rows, ranking)
  return rows.map((r) => {
    const q = ranking.quality(r.source)
    return {
      indicator: r.indicator,
      indicatorName: ctx.indicators.get(r.indicator)?.name ?? r.indicator,
      region: r.region,
      regionName: ctx.regions.get(r.region)?.name ?? r.region,
      year: r.year,
      period: r.period,
      value: r.value,
      unit: r.unit,
      source: r.source,
      note: r.note,
      status: r.status,
      version: r.version,
      preferred: preferred.has(r.id),
      updatedAt: r.updatedAt,
      sourceGrade: q.grade,
      sourceVintage: q.vintage,
      confidence: r.confidence,
      reviewComment: r.reviewComment,
    }
  })
}

/** For each cell, the id of the row its series prefers (see monitoring's pickPreferred). */
function preferredIds(ctx: Context, rows: ReadonlyArray<Observation>, ranking: SourceRanking): Set<number> {
  const byCell = new Map<string, Observation[]>()
  for (const r of rows) {
    const k = `${r.indicator}\u0000${r.region}\u0000${r.period}`
    const list = byCell.get(k) ?? []
    list.push(r)
    byCell.set(k, list)
  }
  const out = new Set<number>()
  for (const list of byCell.values()) {
    const first = must(list[0], 'first observation of a cell')
    const best = pickPreferred(list, ctx.indicators.get(first.indicator), first.region, ranking)
    if (best) out.add(best.id)
  }
  return out
}
