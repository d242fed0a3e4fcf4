/**
 * Adapters from the progress methods and the forecasting module to the monitoring engine's ports.
 * @module
 */
import { median } from '../core/stats.js'
import { forecast, mulberry32 } from '../forecasting/index.js'
import { censusStep, type Forecaster, type MethodRunner, type MethodSeriesInput, type Status } from '../monitoring/index.js'
import type { Indicator } from '../plan/plan-schema.js'
import { aggregateCagrScores, CagrError, cagrProgress, trendLadder, type CagrStatus, type LadderStatus } from '../monitoring/methods/index.js'

const CAGR_STATUS: Record<CagrStatus, Status> = {
  target_achieved: 'achieved',
  substantial_progress: 'on_track',
  moderate_progress: 'at_risk',
  limited_progress: 'off_track',
  deterioration: 'regressing',
  not_available: 'no_data',
}

const LADDER_STATUS: Record<LadderStatus, Status> = {
  achieved: 'achieved',
  on_track: 'on_track',
  slightly_off: 'at_risk',
  off_track: 'off_track',
  regressing: 'regressing',
  insufficient_data: 'no_data',
}

/**
 * Open SDG's CAGR measure (from the target's baseline) and the trend ladder, in the common status vocabulary.
 * Open SDG judges each series (with its target, or by the no-target rule) and, when several measure one target,
 * takes the mean of their scores for the status (IndicatorProgress.get_indicator_progress). The ladder needs a
 * number and reads only the target's own series.
 */
export const methodRunner: MethodRunner = (method, inputs) => {
  const own = inputs[0]
  if (!own) return undefined
  if (method === 'trend') {
    if (own.target === undefined) return undefined
    const r = trendLadder({ series: own.series, direction: own.direction, target: own.target, targetYear: own.targetYear })
    return { status: LADDER_STATUS[r.status], methodStatus: r.status, score: null, value: null, notes: [] }
  }
  const judged = inputs.map(cagrSeries)
  const first = judged[0]
  if (!first) return undefined
  const notes = [...new Set(judged.flatMap((j) => j.notes))]
  if (judged.length === 1) return { status: CAGR_STATUS[first.status], methodStatus: first.methodStatus, score: first.score, value: first.value, notes }
  const mean = aggregateCagrScores(judged.filter((j) => j.result !== undefined).map((j) => ({ score: j.score, targetAchieved: j.targetAchieved })))
  return {
    status: CAGR_STATUS[mean.status],
    methodStatus: mean.status,
    score: mean.score,
    value: first.value,
    notes,
    series: judged.map((j) => ({ methodStatus: j.methodStatus, score: j.score, value: j.value })),
  }
}

function cagrSeries(input: MethodSeriesInput) {
  try {
    const r = cagrProgress({
      series: [input.baseline, ...input.series.filter((p) => p.year > input.baseline.year)],
      direction: input.direction,
      ...(input.target === undefined ? {} : { target: input.target }),
      targetYear: input.targetYear,
      baseYear: input.baseline.year,
      ...(input.limit === undefined ? {} : { limit: input.limit }),
    })
    const notes = r.notes.filter((n) => n !== 'no_data').map((n) => `cagr_${n}`)
    return { result: r, status: r.status, methodStatus: r.status as string, score: r.score, value: r.progressValue, targetAchieved: r.targetAchieved, notes }
  } catch (e) {
    if (!(e instanceof CagrError)) throw e
    return { result: undefined, status: 'not_available' as const, methodStatus: `error:${e.reason}`, score: null, value: null, targetAchieved: false, notes: [] }
  }
}

export const CENSUS_YEARS: ReadonlyArray<number> = [2000, 2010, 2020]

/**
 * Splices a series across census re-basing: where two consecutive observations straddle a census year, the
 * points before the census are shifted by that step less the usual change over the same number of years (the
 * median annual change of the other steps), so the re-basing is not extrapolated as growth (docs/methods.md §3.10: "a break
 * to mark, not growth to extrapolate").
 */
export function spliceCensusBreaks(
  series: ReadonlyArray<{ year: number; value: number }>,
  census: ReadonlyArray<number> = CENSUS_YEARS,
): { series: Array<{ year: number; value: number }>; spliced: number[] } {
  let out = series.map((p) => ({ ...p }))
  const spliced: number[] = []
  for (const c of census) {
    const step = censusStep(out, c)
    if (!step || step.after.year - step.before.year > 3 || step.otherRates.length < 2) continue
    const shift = step.after.value - step.before.value - median(step.otherRates) * (step.after.year - step.before.year)
    out = out.map((p) => (p.year < c ? { year: p.year, value: p.value + shift } : p))
    spliced.push(c)
  }
  return { series: out, spliced }
}

/**
 * The forecaster the monitoring engine uses: the forecasting module's `auto` method (URGD for percentage
 * shares with ≥ 5 points, else a linear trend), census breaks spliced, a fixed seed so a report is reproducible.
 */
export function buildForecaster(seed: number, draws = 1000): Forecaster {
  return (raw, toYear, indicator) => {
    const share = indicator.unit === '%'
    const { series, spliced } = spliceCensusBreaks(raw)
    const bounds = share ? ([0, 100] as const) : undefined
    if (bounds && series.some((p) => p.value <= bounds[0] || p.value >= bounds[1])) return undefined
    const f = forecast(series, { method: 'auto', toYear, ...(bounds ? { bounds } : {}), rng: mulberry32(seed), draws })
    if (!f.ok) return undefined
    const last = f.value.points.at(-1)
    if (!last) return undefined
    return {
      value: last.value,
      low: last.low,
      high: last.high,
      method: f.value.method,
      notes: [...f.value.notes, ...spliced.map((c) => `census_spliced_${c}`)],
      draws: f.value.drawsAtTarget,
    }
  }
}

/** A forecast path with its 90 % band for charts (census breaks spliced, as for the status). */
export function forecastPath(
  raw: ReadonlyArray<{ year: number; value: number }>,
  toYear: number,
  indicator: Indicator,
  seed = 20260101,
): Array<{ year: number; value: number; low: number; high: number }> | undefined {
  const { series } = spliceCensusBreaks(raw)
  const last = series.at(-1)
  if (series.length < 2 || !last || last.year >= toYear) return undefined
  const bounds = indicator.unit === '%' ? ([0, 100] as const) : undefined
  const f = forecast(series, { method: 'auto', toYear, ...(bounds ? { bounds } : {}), rng: mulberry32(seed), draws: 500 })
  return f.ok ? f.value.points.map((p) => ({ ...p })) : undefined
}
