/**
 * Runs an evaluation framework against the store: the framework file, the data year, the matrix, the index.
 * @module
 */
import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'

import { AppError } from '../core/errors.js'
import { must } from '../core/checked.js'
import { bestYear, buildMatrix, evaluate, latestAdequateYear, parseFramework, type EvaluateOverrides, type EvaluationResult, type Framework } from '../evaluation/index.js'
import type { RegionSet } from '../plan/plan-schema.js'
import type { Context } from './context.js'
import { latestDataYear } from './monitoring.js'
import { loadMonitoringData } from './recompute.js'
import { PACKAGE_ROOT } from './paths.js'
import { surveyIndicators } from './survey-indicators.js'

export const DEFAULT_FRAMEWORK = resolve(PACKAGE_ROOT, 'frameworks/jiangsu-cities.yaml')

export function loadFramework(file: string = DEFAULT_FRAMEWORK): Framework {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new AppError('file.not_found', { file }, { cause: e })
  }
  const r = parseFramework(text, basename(file))
  if (!r.ok) {
    const first = must(r.error[0], 'first problem of a failed parse')
    throw new AppError('framework.invalid', {
      ...(first.code === 'framework.invalid'
        ? first.params
        : { path: first.location.path ?? '', reason: 'yaml_syntax' as const, yaml: first.code === 'plan.yaml_syntax' ? first.params.reason : first.code }),
      ...(first.location.line !== undefined ? { line: first.location.line } : {}),
    })
  }
  return r.value
}

export interface EvaluationRequest extends EvaluateOverrides {
  readonly framework?: Framework
  readonly year?: number
  /** A grouping or parent region whose members (or children at prefecture level) replace the framework's set. */
  readonly regions?: string
  readonly publishedOnly?: boolean
  /** With no year given: the best-covered year up to this one (the latest year with enough data under `adequate`). */
  readonly maxYear?: number
  /** With no year given, take the latest year up to `maxYear` whose index covers the framework's minimum of dimensions. */
  readonly adequate?: boolean
}

export type EvaluationReplyValue = EvaluationResult & {
  matrix: { regions: number; indicators: number; notes: number }
  /** The latest year (up to the latest data year) whose index covers enough dimensions; null when none does. */
  latestAdequateYear: number | null
  /** The year asked for, or how the year was chosen. */
  yearChoice: 'asked' | 'best_covered' | 'latest_adequate'
}

export async function runEvaluation(ctx: Context, req: EvaluationRequest = {}): Promise<EvaluationReplyValue> {
  let framework = req.framework ?? loadFramework()
  if (req.regions) {
    const r = ctx.regions.get(req.regions)
    const set: RegionSet = r?.level === 'grouping' ? { grouping: r.code } : { parent: req.regions, level: 'prefecture' }
    framework = { ...framework, regions: set }
  }
  const data = await loadMonitoringData(ctx, { publishedOnly: req.publishedOnly ?? false })
  // A framework may take a public survey's dimension scores as indicators (survey:<questionnaire>:<dimension>).
  const extra = await surveyIndicators(ctx, framework)
  const dataYear = latestDataYear(data) ?? new Date().getUTCFullYear()
  const latest = Math.min(dataYear, req.maxYear ?? Infinity)
  const adequateYear = latestAdequateYear(data, framework, latest, extra)
  const chosen = req.year ?? (req.adequate ? adequateYear : undefined) ?? bestYear(data, framework, latest, extra)
  if (chosen === undefined) throw new AppError('evaluation.no_data', { year: latest, regions: 0 })
  const year = chosen
  // Asked for a year without enough data: name the latest earlier one that has (never a later one, nor one past the data).
  const latestBefore = () => {
    const y = latestAdequateYear(data, framework, Math.min(year - 1, dataYear), extra)
    return y !== undefined ? { latest: y } : {}
  }
  const m = buildMatrix(data, framework, year, extra)
  if (!m.ok) {
    const e = m.error
    if (e.code === 'no_indicators') throw new AppError('evaluation.no_data', { year, regions: 0, indicators: 0, needed: e.coverage[0]?.needed ?? 1, ...latestBefore() })
    if (e.code === 'too_few_regions') throw new AppError('evaluation.no_data', { year, regions: e.regions, ...latestBefore() })
    if (e.code === 'missing_data')
      throw new AppError('evaluation.no_data', {
        year,
        regions: 0,
        gaps: e.gaps
          .slice(0, 5)
          .map((g) => `${g.region}/${g.indicator}`)
          .join(', '),
        ...latestBefore(),
      })
    throw new AppError('indicator.unknown', { name: e.indicator, candidates: '' })
  }
  const result = evaluate(framework, m.value, req)
  return {
    ...result,
    matrix: { regions: m.value.regions.length, indicators: m.value.indicators.length, notes: m.value.notes.length },
    latestAdequateYear: adequateYear ?? null,
    yearChoice: req.year !== undefined ? 'asked' : req.adequate && adequateYear !== undefined ? 'latest_adequate' : 'best_covered',
  }
}
