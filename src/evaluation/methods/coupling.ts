/**
 * Coupling coordination degree (耦合协调度) of n subsystem scores U_i in [0, 1], as used in Chinese urbanization
 * studies, in the normative form that Wang Shujia, Kong Wei, Ren Liang, Zhi Dandan & Dai Binting give in
 * "国内耦合协调度模型的误区及修正" (Research on misuses and modification of coupling coordination degree model in
 * China), 自然资源学报 Journal of Natural Resources 2021, 36(3): 793–810.
 *
 * Classic model:
 *   C = n·(Π U_i)^(1/n) / Σ U_i          (= [Π U_i / ((Σ U_i)/n)^n]^(1/n): geometric over arithmetic mean)
 *   two subsystems: C = 2√(U1·U2)/(U1 + U2), the same formula for n = 2 (`couplingDegreeTwo`; papers that drop the
 *   factor 2, or the 1/n inside, are the "丢失系数" misuse the paper lists).
 *   T = Σ α_i U_i (weights given, scaled to sum 1; default equal);  D = √(C·T).
 * Adjusted C (Wang et al. 2021), which spreads the classic C that bunches near 1:
 *   C = √{ [1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{n−1} m] · [Π_i (U_i / max_k U_k)]^(1/(n−1)) }
 *   (Σ_{m=1}^{n−1} m = n(n−1)/2, so the first factor is 1 − the mean pairwise gap.) The paper's full text was not
 *   reachable here; the formula is as two independent implementations that cite it give it: the R package
 *   `coupling` (stscl/coupling, vignette "ccd", Lyu) and `mathmodels` (zhjx19/mathmodels, R/system_evaluation.R,
 *   coupling_degree(type = "adjusted")). It is consistent with the paper's Table 8 (see coupling.test.ts).
 * Bands of D in steps of 0.1 (the usual ten-level scale, e.g. 地理学报 2021, 76(4), Table 1): 极度失调 … 优质协调.
 * Intervals are closed below, [0.1k, 0.1(k+1)), with D = 1 in the top band; `{ closed: 'upper' }` gives the
 * (0.1k, 0.1(k+1)] convention some papers print (D = 0.3 is then 中度失调 instead of 轻度失调).
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'

export type CouplingError =
  | { readonly code: 'too_few_subsystems'; readonly n: number; readonly required: number }
  | { readonly code: 'out_of_range'; readonly index: number; readonly value: number }
  | { readonly code: 'all_zero' }
  | { readonly code: 'weight_count'; readonly weights: number; readonly expected: number }
  | { readonly code: 'negative_weight'; readonly index: number; readonly value: number }
  | { readonly code: 'zero_total' }

function checkScores(u: ReadonlyArray<number>): Result<number, CouplingError> {
  if (u.length < 2) return err({ code: 'too_few_subsystems', n: u.length, required: 2 })
  for (let i = 0; i < u.length; i++) {
    const v = u[i] ?? NaN
    if (!(v >= 0 && v <= 1)) return err({ code: 'out_of_range', index: i, value: v })
  }
  return ok(u.length)
}

/** Classic coupling degree C = n·(ΠU)^(1/n)/ΣU. */
export function couplingDegree(u: ReadonlyArray<number>): Result<number, CouplingError> {
  const n = checkScores(u)
  if (!n.ok) return n
  const sum = u.reduce((s, v) => s + v, 0)
  if (sum === 0) return err({ code: 'all_zero' })
  const product = u.reduce((p, v) => p * v, 1)
  return ok((n.value * product ** (1 / n.value)) / sum)
}

/** The two-subsystem form C = 2√(U1U2)/(U1 + U2). */
export function couplingDegreeTwo(u1: number, u2: number): Result<number, CouplingError> {
  const n = checkScores([u1, u2])
  if (!n.ok) return n
  if (u1 + u2 === 0) return err({ code: 'all_zero' })
  return ok((2 * Math.sqrt(u1 * u2)) / (u1 + u2))
}

/** Wang et al. (2021) adjusted coupling degree. */
export function adjustedCouplingDegree(u: ReadonlyArray<number>): Result<number, CouplingError> {
  const n = checkScores(u)
  if (!n.ok) return n
  const max = Math.max(...u)
  if (max === 0) return err({ code: 'all_zero' })
  let gaps = 0
  for (let i = 0; i < u.length; i++) {
    for (let j = 0; j < i; j++) gaps += Math.abs((u[i] ?? NaN) - (u[j] ?? NaN))
  }
  const pairs = (n.value * (n.value - 1)) / 2
  const balance = 1 - gaps / pairs
  const relative = u.reduce((p, v) => p * (v / max), 1) ** (1 / (n.value - 1))
  return ok(Math.sqrt(balance * relative))
}

export interface CoordinationBand {
  /** 1 (极度失调) … 10 (优质协调). */
  readonly level: number
  readonly zh: string
  readonly en: string
  readonly lower: number
  readonly upper: number
}

const BAND_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['极度失调', 'extreme imbalance'],
  ['严重失调', 'serious imbalance'],
  ['中度失调', 'moderate imbalance'],
  ['轻度失调', 'mild imbalance'],
  ['濒临失调', 'on the verge of imbalance'],
  ['勉强协调', 'barely coordinated'],
  ['初级协调', 'primary coordination'],
  ['中级协调', 'intermediate coordination'],
  ['良好协调', 'good coordination'],
  ['优质协调', 'high-quality coordination'],
]

export const COORDINATION_BANDS: ReadonlyArray<CoordinationBand> = BAND_NAMES.map(([zh, en], k) => ({
  level: k + 1,
  zh,
  en,
  lower: k / 10,
  upper: (k + 1) / 10,
}))

export interface BandOptions {
  /** Which end of each 0.1-wide interval belongs to it: 'lower' (default) or 'upper'. */
  readonly closed?: 'lower' | 'upper'
}

// so that a D computed as 0.30000000000000004 or 0.29999999999999993 lands where 0.3 does
const SNAP = 1e-9

/** The band of D in [0, 1]; 'out_of_range' otherwise. */
export function coordinationBand(d: number, options: BandOptions = {}): Result<CoordinationBand, CouplingError> {
  if (!(d >= 0 && d <= 1)) return err({ code: 'out_of_range', index: 0, value: d })
  const level = options.closed === 'upper' ? Math.max(1, Math.ceil(d * 10 - SNAP)) : Math.min(10, Math.floor(d * 10 + SNAP) + 1)
  const band = COORDINATION_BANDS[level - 1]
  return band === undefined ? err({ code: 'out_of_range', index: 0, value: d }) : ok(band)
}

export interface CouplingOptions {
  /** α_i, one per subsystem, scaled to sum 1; default equal. */
  readonly weights?: ReadonlyArray<number>
  /** 'classic' (default) or 'adjusted' (Wang et al. 2021) coupling degree. */
  readonly model?: 'classic' | 'adjusted'
  readonly closed?: 'lower' | 'upper'
}

export interface CouplingResult {
  /** Coupling degree C. */
  readonly c: number
  /** Comprehensive development index T = Σ α_i U_i. */
  readonly t: number
  /** Coupling coordination degree D = √(C·T). */
  readonly d: number
  readonly band: CoordinationBand
}

export function couplingCoordination(u: ReadonlyArray<number>, options: CouplingOptions = {}): Result<CouplingResult, CouplingError> {
  const c = options.model === 'adjusted' ? adjustedCouplingDegree(u) : couplingDegree(u)
  if (!c.ok) return c
  const raw = options.weights ?? u.map(() => 1)
  if (raw.length !== u.length) return err({ code: 'weight_count', weights: raw.length, expected: u.length })
  let total = 0
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i] ?? NaN
    if (!(a >= 0) || !Number.isFinite(a)) return err({ code: 'negative_weight', index: i, value: a })
    total += a
  }
  if (total === 0) return err({ code: 'zero_total' })
  const t = u.reduce((s, v, i) => s + ((raw[i] ?? NaN) / total) * v, 0)
  const d = Math.sqrt(c.value * t)
  const band = coordinationBand(d, options.closed === undefined ? {} : { closed: options.closed })
  if (!band.ok) return band
  return ok({ c: c.value, t, d, band: band.value })
}
