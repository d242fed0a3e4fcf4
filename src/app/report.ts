/**
 * Gathers what a report needs from the store (status, warnings, evaluation, city figures, series) and renders it
 * as DOCX or HTML, with the data annex as XLSX beside it.
 * @module
 */
import { AppError, isAppError } from '../core/errors.js'
import { must } from '../core/checked.js'
import { evaluateTargets } from '../monitoring/index.js'
import { buildReport, type ReportInput, type ReportKind } from '../reports/build-report.js'
import type { ReportSpec } from '../reports/report-spec.js'
import type { Context } from './context.js'
import { runEvaluation } from './evaluation.js'
import { toXlsx } from './export.js'
import { buildForecaster, forecastPath, methodRunner } from './forecast.js'
import { allWarnings } from './monitoring.js'
import { loadMonitoringData } from './recompute.js'
import { TaskService } from './tasks.js'
import { queryObservations } from './query.js'
import { echartsFigures } from './report-figures.js'

const CITY_INDICATORS = ['urbanization_rate', 'resident_pop', 'gdp', 'per_capita_disposable_income']
const CHART_TARGETS = ['urbanization-2025', 'income-ratio-2025']

export interface ReportRequest {
  readonly kind: ReportKind
  readonly year: number
  readonly lang: 'zh' | 'en'
  readonly format: 'docx' | 'html'
  readonly now: Date
  /** Published figures only (reports kept for the public); default: the current figures, drafts included. */
  readonly publishedOnly?: boolean
}

/** What a report shows, read from the monitoring engine (the same one status and `/api/warnings` run on). */
export async function reportInput(ctx: Context, req: ReportRequest & { png: boolean }): Promise<ReportInput> {
  const publishedOnly = req.publishedOnly ?? false
  const data = await loadMonitoringData(ctx, { publishedOnly })
  const statuses = evaluateTargets(ctx.plan, data, { asOf: req.year, forecaster: buildForecaster(20260101), methods: methodRunner })
  // A report on year Y is written in Y + 1, when Y's figures are due.
  const warnings = await allWarnings(ctx, data, statuses, req.year + ctx.plan.reportingLag, `${req.year}-12-31`)
  const taskService = new TaskService(ctx.tasks, ctx.plan, ctx.regions)
  const tasks = await taskService.list()
  const followUps = await taskService.followUp(`${req.year}-12-31`)
  let evaluation
  try {
    evaluation = await runEvaluation(ctx, { maxYear: req.year, adequate: true, draws: 500, publishedOnly })
  } catch (e) {
    if (!(isAppError(e) && e.code === 'evaluation.no_data')) throw e
  }
  const cityIndicators = CITY_INDICATORS.map((id) => ctx.indicators.get(id))
    .filter((i) => i !== undefined)
    .map((i) => ({ id: i.id, name: i.name, nameEn: i.nameEn, unit: i.unit }))
  const cities = ctx.regions.children(ctx.plan.scope).map((c) => ({
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    values: Object.fromEntries(
      cityIndicators.map((i) => {
        const last = data.series(i.id, c.code, req.year).at(-1)
        return [i.id, last ? { value: last.value, year: last.year, source: last.source ?? last.method ?? last.origin } : undefined]
      }),
    ),
  }))
  const series: Record<string, Array<{ year: number; value: number }>> = {}
  const forecasts: Record<string, Array<{ year: number; value: number; low: number; high: number }>> = {}
  for (const id of CHART_TARGETS) {
    const target = ctx.plan.targets.find((x) => x.id === id)
    if (!target || !('region' in target) || !('indicator' in target)) continue
    series[id] = data.series(target.indicator, target.region, req.year).map((p) => ({ year: p.year, value: p.value }))
    const path = forecastPath(series[id], target.year, must(ctx.indicators.get(target.indicator), `indicator ${target.indicator} of target ${id}`))
    if (path) forecasts[id] = path
  }
  return {
    kind: req.kind,
    lang: req.lang,
    year: req.year,
    plan: ctx.plan,
    statuses,
    warnings,
    ...(evaluation ? { evaluation } : {}),
    cities,
    cityIndicators,
    series,
    forecasts,
    tasks,
    followUps,
    generatedAt: req.now.toISOString(),
    figures: echartsFigures({ png: req.png }),
    gradeOf: (source) => data.ranking.quality(source).grade,
  }
}

export async function reportSpec(ctx: Context, req: ReportRequest & { png: boolean }): Promise<ReportSpec> {
  return buildReport(await reportInput(ctx, req))
}

export async function renderReport(ctx: Context, req: ReportRequest): Promise<{ body: Uint8Array | string; annex: Buffer }> {
  const spec = await reportSpec(ctx, { ...req, png: req.format === 'docx' })
  const rows = await queryObservations(ctx, { year: `-${req.year}` })
  const annex = await toXlsx(rows)
  if (req.format === 'html') {
    const { renderHtml } = await import('../reports/render-html.js')
    return { body: renderHtml(spec), annex }
  }
  const { renderDocx } = await import('../reports/render-docx.js')
  return { body: await renderDocx(spec), annex }
}

/** The report as DOCX and HTML from one spec (what the report library keeps), and the year its index uses. */
export async function renderReportFormats(ctx: Context, req: Omit<ReportRequest, 'format'>): Promise<{ docx: Uint8Array; html: string; indexYear: number | null }> {
  const input = await reportInput(ctx, { ...req, format: 'docx', png: true })
  const spec = buildReport(input)
  const [{ renderHtml }, { renderDocx }] = await Promise.all([import('../reports/render-html.js'), import('../reports/render-docx.js')])
  return { docx: await renderDocx(spec), html: renderHtml(spec), indexYear: input.evaluation?.year ?? null }
}

export function reportFormat(file: string): 'docx' | 'html' {
  if (/\.docx$/i.test(file)) return 'docx'
  if (/\.html?$/i.test(file)) return 'html'
  throw new AppError('cli.usage', { option: '--out', value: file, expected: 'docx_html' })
}
