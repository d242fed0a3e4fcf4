/**
 * A full recompute on the columnar engine: stream the store's observations into columns (no object per row),
 * fill every cell (published, derived, aggregated), evaluate every target and compute every warning — at national
 * scale (≈ 10⁷ cells) in seconds. The per-phase timings are what `urbmon monitor recompute` prints.
 * @module
 */
import { performance } from 'node:perf_hooks'

import { computeWarnings, DenseDataset, evaluateTargets, PublishedColumnsBuilder, sortWarnings, taskWarnings, type PublishedColumns, type TargetStatus } from '../monitoring/index.js'
import type { WorkflowStatus } from '../store/db-types.js'
import { columnsWithSnapshot } from './column-snapshot.js'
import type { Context } from './context.js'
import { buildForecaster, methodRunner } from './forecast.js'
import { latestDataYear } from './monitoring.js'
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
  readonly phases: { readonly load: number; readonly index: number; readonly derive: number; readonly aggregate: number; readonly targets: number; readonly warnings: number }
}

const round1 = (x: number) => Math.round(x * 10) / 10

/**
 * The observations as columns: from the embedded store's columnar copy when it is current (src/app/column-snapshot.ts),
 * else streamed from the store and the copy rewritten. `fromCopy` says which.
 */
export async function loadColumnsCached(ctx: Context, options: Pick<RecomputeOptions, 'publishedOnly' | 'statuses'> = {}): Promise<{ columns: PublishedColumns; fromCopy: boolean }> {
  if (options.statuses?.length) return { columns: await loadColumns(ctx, options), fromCopy: false }
  return columnsWithSnapshot(ctx, options.publishedOnly ? 'published' : 'current', () => loadColumns(ctx, options))
}

/**
 * The data that status and warnings are computed from, on the columnar engine (equal to `loadDataset`'s
 * Dataset cell by cell — see the dense-dataset tests — and fast at national scale). Explain and forecasts keep
 * the Dataset, which also records where each value came from.
 */
export async function loadMonitoringData(ctx: Context, options: Pick<RecomputeOptions, 'publishedOnly' | 'statuses'> = {}): Promise<DenseDataset> {
  const { columns } = await loadColumnsCached(ctx, options)
  return new DenseDataset(ctx.indicators, ctx.regions, columns)
}

/** Streams the observations into columns: better-sqlite3's raw iterator on SQLite, id-keyed pages on PostgreSQL. */
export async function loadColumns(ctx: Context, options: Pick<RecomputeOptions, 'publishedOnly' | 'statuses'> = {}): Promise<PublishedColumns> {
  const valueColumn = options.publishedOnly ? 'published_value' : 'value'
  const statuses = options.statuses ?? []
  const sqlite = ctx.store.sqlite
  if (sqlite) {
    const where = [`${valueColumn} IS NOT NULL`, ...(statuses.length ? [`status IN (${statuses.map(() => '?').join(', ')})`] : [])].join(' AND ')
    const count = sqlite.prepare(`SELECT count(*) FROM observations WHERE ${where}`).pluck().get(...statuses) as number
    const builder = new PublishedColumnsBuilder(count)
    // A narrow SELECT read as arrays: one small array per row, strings interned into columns as they stream.
    const stmt = sqlite.prepare(`SELECT indicator, region, period, year, ${valueColumn}, source, id, version, updated_at FROM observations WHERE ${where}`).raw(true)
    for (const row of stmt.iterate(...statuses) as IterableIterator<[string, string, string, number, number, string, number, number, string]>) {
      builder.add(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8])
    }
    return builder.build()
  }
  const builder = new PublishedColumnsBuilder(1 << 16)
  const PAGE = 50_000
  let after = 0
  for (;;) {
    let q = ctx.store.db
      .selectFrom('observations')
      .select(['id', 'indicator', 'region', 'period', 'year', 'source', 'version', 'updated_at', 'value', 'published_value'])
      .where('id', '>', after)
    if (statuses.length) q = q.where('status', 'in', [...statuses])
    const rows = await q.orderBy('id').limit(PAGE).execute()
    for (const r of rows) {
      const value = options.publishedOnly ? r.published_value : r.value
      if (value !== null) builder.add(r.indicator, r.region, r.period, r.year, value, r.source, r.id, r.version, r.updated_at)
    }
    if (rows.length < PAGE) break
    after = rows[rows.length - 1]!.id
  }
  return builder.build()
}

export async function recompute(ctx: Context, options: RecomputeOptions = {}): Promise<RecomputeResult & { statuses: TargetStatus[]; data: DenseDataset }> {
  const t0 = performance.now()
  const { columns, fromCopy } = await loadColumnsCached(ctx, options)
  const t1 = performance.now()
  const data = new DenseDataset(ctx.indicators, ctx.regions, columns, () => performance.now())
  const t2 = performance.now()
  const asOf = options.year ?? latestDataYear(data)
  // Targets as `urbmon status` evaluates them (forecasts and the CAGR/trend runners included).
  const statuses = asOf === undefined ? [] : evaluateTargets(ctx.plan, data, { asOf, forecaster: buildForecaster(20260101), methods: methodRunner })
  const t3 = performance.now()
  // Warnings as a report on asOf sees them: written the year after, when asOf's figures are due.
  const warnAt = (asOf ?? new Date().getUTCFullYear()) + ctx.plan.reportingLag
  // The warnings themselves, sorted; their text is rendered where they are shown (allWarnings), not here.
  const followUps = await new TaskService(ctx.store, ctx.plan).followUp(options.taskDate ?? `${warnAt - ctx.plan.reportingLag}-12-31`)
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
