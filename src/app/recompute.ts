/**
 * A full recompute on the columnar engine: stream the store's observations into columns (no object per row),
 * fill every cell (published, derived, aggregated), evaluate every target and compute every warning — at national
 * scale (≈ 10⁷ cells) in seconds. The per-phase timings are what `urbmon monitor recompute` prints.
 * @module
 */
import { performance } from 'node:perf_hooks'

import {
  computeWarnings,
  DenseDataset,
  evaluateTargets,
  PublishedColumnsBuilder,
  sortWarnings,
  taskWarnings,
  type PublishedColumns,
  type TargetStatus,
} from '../monitoring/index.js'
import type { WorkflowStatus } from '../core/workflow.js'
import { columnsWithSnapshot, type CopyUse } from './column-snapshot.js'
import type { Context } from './context.js'
import { buildForecaster, methodRunner } from './forecast.js'
import { latestDataYear } from './monitoring.js'
import { loadRanking } from './source-ranking.js'
import { TaskService } from './tasks.js'

export interface RecomputeOptions {
  /** Only the published values (the public view), as `loadDataset({ publishedOnly })`; else current values. */
  readonly publishedOnly?: boolean
  readonly statuses?: ReadonlyArray<WorkflowStatus>
  /** Evaluation year (default: the latest year with data). */
  readonly year?: number
  /** Task follow-up date for task warnings (YYYY-MM-DD; default: the end of the warnings' year). */
  readonly taskDate?: string
}

export interface RecomputeResult {
  /** Cells with a value: published + derived + aggregated. */
  readonly cells: number
  /** Indicator × region × year slots of the cube. */
  readonly cube: number
  readonly observations: number
  readonly skipped: number
  readonly published: number
  readonly derived: number
  readonly aggregated: number
  readonly targets: number
  readonly warnings: number
  readonly asOf: number | null
  readonly statusCounts: Readonly<Record<string, number>>
  readonly indicators: number
  readonly regions: number
  readonly years: number
  readonly ms: number
  /** Whether the observations came from the columnar copy beside the store (else from the store itself). */
  readonly columnsFromCopy: boolean
  /** How the copy served: as it was (`current`), patched with the rows changed since, or rebuilt from every row. */
  readonly columnsCopy: CopyUse
  readonly phases: { readonly load: number; readonly index: number; readonly derive: number; readonly aggregate: number; readonly targets: number; readonly warnings: number }
}

const round1 = (x: number) => Math.round(x * 10) / 10

/**
 * The observations as columns: from the embedded store's columnar copy (src/app/column-snapshot.ts) — as it is when
 * current, else patched with the rows changed since — or streamed from the store when there is no usable copy.
 */
export async function loadColumnsCached(
  ctx: Context,
  options: Pick<RecomputeOptions, 'publishedOnly' | 'statuses'> = {},
): Promise<{ columns: PublishedColumns; fromCopy: boolean; copy: CopyUse }> {
  if (options.statuses?.length) return { columns: await loadColumns(ctx, options), fromCopy: false, copy: 'rebuilt' }
  return columnsWithSnapshot(ctx, options.publishedOnly ? 'published' : 'current', () => loadColumns(ctx, options))
}

/**
 * The data that status and warnings are computed from, on the columnar engine (equal to `loadDataset`'s
 * Dataset cell by cell — see the dense-dataset tests — and fast at national scale). Explain and forecasts keep
 * the Dataset, which also records where each value came from.
 */
export async function loadMonitoringData(ctx: Context, options: Pick<RecomputeOptions, 'publishedOnly' | 'statuses'> = {}): Promise<DenseDataset> {
  const [{ columns }, ranking] = await Promise.all([loadColumnsCached(ctx, options), loadRanking(ctx)])
  return new DenseDataset(ctx.indicators, ctx.regions, columns, undefined, ranking)
}

/** Streams the observations into columns (the store reads them without an object per row). */
export async function loadColumns(ctx: Context, options: Pick<RecomputeOptions, 'publishedOnly' | 'statuses'> = {}): Promise<PublishedColumns> {
  const scan = { value: options.publishedOnly ? 'published' : 'current', ...(options.statuses ? { statuses: options.statuses } : {}) } as const
  const builder = await ctx.columns.scan(scan, (expectedRows) => new PublishedColumnsBuilder(expectedRows))
  return builder.build()
}

export async function recompute(ctx: Context, options: RecomputeOptions = {}): Promise<RecomputeResult & { statuses: TargetStatus[]; data: DenseDataset }> {
  const t0 = performance.now()
  const [{ columns, fromCopy, copy }, ranking] = await Promise.all([loadColumnsCached(ctx, options), loadRanking(ctx)])
  const t1 = performance.now()
  const data = new DenseDataset(ctx.indicators, ctx.regions, columns, () => performance.now(), ranking)
  const t2 = performance.now()
  const asOf = options.year ?? latestDataYear(data)
  // Targets as `urbmon status` evaluates them (forecasts and the CAGR/trend runners included).
  const statuses = asOf === undefined ? [] : evaluateTargets(ctx.plan, data, { asOf, forecaster: buildForecaster(20260101), methods: methodRunner })
  const t3 = performance.now()
  // Warnings as a report on asOf sees them: written the year after, when asOf's figures are due.
  const warnAt = (asOf ?? new Date().getUTCFullYear()) + ctx.plan.reportingLag
  // The warnings themselves, sorted; their text is rendered where they are shown (allWarnings), not here.
  const followUps = await new TaskService(ctx.tasks, ctx.plan, ctx.regions).followUp(options.taskDate ?? `${warnAt - ctx.plan.reportingLag}-12-31`)
  const warnings = sortWarnings([...computeWarnings(ctx.plan, data, statuses, { asOf: warnAt }), ...taskWarnings(followUps)])
  const t4 = performance.now()
  const statusCounts: Record<string, number> = {}
  for (const s of statuses) statusCounts[s.status] = (statusCounts[s.status] ?? 0) + 1
  const c = data.counts
  return {
    cells: c.published + c.derived + c.aggregated,
    cube: c.cells,
    observations: c.observations,
    skipped: c.skipped,
    published: c.published,
    derived: c.derived,
    aggregated: c.aggregated,
    targets: statuses.length,
    warnings: warnings.length,
    asOf: asOf ?? null,
    statusCounts,
    indicators: data.nI,
    regions: data.nR,
    years: data.nY,
    ms: round1(t4 - t0),
    columnsFromCopy: fromCopy,
    columnsCopy: copy,
    phases: {
      load: round1(t1 - t0),
      index: round1(data.times.index),
      derive: round1(data.times.derive),
      aggregate: round1(data.times.aggregate),
      targets: round1(t3 - t2),
      warnings: round1(t4 - t3),
    },
    statuses,
    data,
  }
}
