import { levenbergMarquardt } from 'ml-levenberg-marquardt'

import type { FittedTrend } from './fitted-trend.js'
import type { LogisticParams } from './logistic-start.js'
import { mean } from './ols-line.js'

/** K given, or fitted inside a range (the brief: between max(observed) and the upper bound). */
export type SaturationSpec = { readonly fixed: number } | { readonly range: readonly [number, number] }

export interface LogisticFit extends FittedTrend {
  readonly curve: LogisticParams
  readonly sse: number
  /** K ended on an end of its range. */
  readonly atBound: boolean
}

/** Iterations for a fit from the logit-linear start; refits start at the fitted curve and need far fewer. */
const FIT_ITERATIONS = 1000
const REFIT_ITERATIONS = 60

/**
 * Logistic S-curve PU(t) = K / (1 + e^(−r(t − tm))) (docs/methods.md §3.4), by nonlinear least squares with
 * Levenberg–Marquardt (ml-levenberg-marquardt, analytic Jacobian; bounds by projection, as that library does).
 * Time is centred on the mean year inside the fit only, which leaves the optimum unchanged and the steps well
 * scaled. When K lands on a bound, (r, tm) are refitted with K held there: projecting a joint step leaves them
 * slightly off the constrained optimum.
 */
export function fitLogisticCurve(
  years: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  spec: SaturationSpec,
  start: LogisticParams,
  iterations: number = FIT_ITERATIONS,
): LogisticFit | undefined {
  const centre = mean(years)
  const x = years.map((t) => t - centre)
  const first = 'fixed' in spec ? fitFixedK(x, values, spec.fixed, start, centre, iterations) : fitFreeK(x, values, spec.range, start, centre, iterations)
  if (!first) return undefined
  let best = first
  if ('range' in spec) {
    const bound = boundHit(first.K, spec.range)
    if (bound !== undefined) {
      const held = fitFixedK(x, values, bound, first, centre, iterations)
      if (held && held.sse <= first.sse) best = held
    }
  }
  return toFit(years, spec, best, 'range' in spec && boundHit(best.K, spec.range) !== undefined)
}

interface RawFit extends LogisticParams {
  readonly sse: number
}

function toFit(years: ReadonlyArray<number>, spec: SaturationSpec, p: RawFit, atBound: boolean): LogisticFit {
  const curve: LogisticParams = { K: p.K, r: p.r, tm: p.tm }
  return {
    curve,
    sse: p.sse,
    atBound,
    params: { K: p.K, r: p.r, tm: p.tm },
    paramCount: 'fixed' in spec ? 2 : 3,
    predict: (t) => logistic(curve, t),
    refit: (working) => fitLogisticCurve(years, working, spec, curve, REFIT_ITERATIONS),
  }
}

export function logistic(p: LogisticParams, t: number): number {
  return p.K / (1 + Math.exp(-p.r * (t - p.tm)))
}

function fitFixedK(x: ReadonlyArray<number>, y: ReadonlyArray<number>, K: number, start: LogisticParams, centre: number, iterations: number): RawFit | undefined {
  const model =
    ([r = 0, tm = 0]: number[]) =>
    (t: number) =>
      K / (1 + Math.exp(-r * (t - tm)))
  const jacobian =
    ([r = 0, tm = 0]: number[]) =>
    (t: number) => {
      const e = Math.exp(-r * (t - tm))
      const q = (K * e) / ((1 + e) * (1 + e))
      return [q * (t - tm), -q * r]
    }
  const p = run(x, y, model, jacobian, [start.r, start.tm - centre], undefined, iterations)
  if (!p) return undefined
  const [r = NaN, tmc = NaN] = p.params
  return finite({ K, r, tm: tmc + centre, sse: p.sse })
}

function fitFreeK(
  x: ReadonlyArray<number>,
  y: ReadonlyArray<number>,
  range: readonly [number, number],
  start: LogisticParams,
  centre: number,
  iterations: number,
): RawFit | undefined {
  const model =
    ([K = 0, r = 0, tm = 0]: number[]) =>
    (t: number) =>
      K / (1 + Math.exp(-r * (t - tm)))
  const jacobian =
    ([K = 0, r = 0, tm = 0]: number[]) =>
    (t: number) => {
      const e = Math.exp(-r * (t - tm))
      const q = (K * e) / ((1 + e) * (1 + e))
      return [1 / (1 + e), q * (t - tm), -q * r]
    }
  const limits = { min: [range[0], -Infinity, -Infinity], max: [range[1], Infinity, Infinity] }
  const K0 = Math.min(range[1], Math.max(range[0], start.K))
  const p = run(x, y, model, jacobian, [K0, start.r, start.tm - centre], limits, iterations)
  if (!p) return undefined
  const [K = NaN, r = NaN, tmc = NaN] = p.params
  return finite({ K, r, tm: tmc + centre, sse: p.sse })
}

type Model = (params: number[]) => (t: number) => number
type Jacobian = (params: number[]) => (t: number) => number[]

function run(
  x: ReadonlyArray<number>,
  y: ReadonlyArray<number>,
  model: Model,
  jacobian: Jacobian,
  initialValues: number[],
  limits: { min: number[]; max: number[] } | undefined,
  maxIterations: number,
): { params: number[]; sse: number } | undefined {
  try {
    const out = levenbergMarquardt({ x, y }, model, {
      initialValues,
      jacobianFunction: jacobian,
      maxIterations,
      // 0: keep the best parameters seen however small the gain; the library then stops only at maxIterations.
      errorTolerance: 0,
      ...(limits ? { minValues: limits.min, maxValues: limits.max } : {}),
    })
    return { params: out.parameterValues, sse: out.parameterError }
  } catch {
    // The library throws on a singular system; for a forecast that is a failed fit, not a crash.
    return undefined
  }
}

function boundHit(K: number, [lo, hi]: readonly [number, number]): number | undefined {
  const tol = 1e-9 * Math.max(1, Math.abs(K))
  if (Math.abs(K - lo) <= tol) return lo
  if (Math.abs(K - hi) <= tol) return hi
  return undefined
}

function finite(p: RawFit): RawFit | undefined {
  return Number.isFinite(p.K) && Number.isFinite(p.r) && Number.isFinite(p.tm) && Number.isFinite(p.sse) && p.r !== 0 ? p : undefined
}
