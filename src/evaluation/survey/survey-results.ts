/**
 * A satisfaction survey's results per city and dimension: each respondent's dimension score is the mean of their
 * Likert answers in that dimension (unanswered questions left out); a city's result is the mean of its
 * respondents' scores with a 95 % confidence interval from Student's t (mean ± t(0.975, n − 1) · s / √n, s the
 * sample standard deviation), and the sample size. A city with fewer respondents than the questionnaire's
 * `minSample` gets no figures, only its count. Scores are also given on 0–100 (the scale's minimum → 0, its
 * maximum → 100), the form an evaluation framework takes as an indicator.
 * @module
 */
import { studentTQuantile } from '../../core/student-t.js'
import type { Questionnaire } from './questionnaire-schema.js'

export interface SurveyResponse {
  readonly region: string
  /** Question id → the answer: a scale point (Likert), an option id (choice) or text. */
  readonly answers: Readonly<Record<string, number | string>>
}

export interface DimensionResult {
  readonly region: string
  readonly dimension: string
  /** Respondents who answered at least one question of the dimension. */
  readonly n: number
  /** False below the questionnaire's minimum sample: then mean, interval and score are null. */
  readonly shown: boolean
  readonly mean: number | null
  readonly ciLow: number | null
  readonly ciHigh: number | null
  /** The mean and interval on 0–100. */
  readonly score: number | null
  readonly scoreLow: number | null
  readonly scoreHigh: number | null
}

/** Mean, and the half-width of its 95 % interval (0 for one value: no spread is known, and none is claimed). */
export function meanWithInterval(xs: ReadonlyArray<number>): { mean: number; halfWidth: number } {
  const n = xs.length
  const mean = xs.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { mean, halfWidth: 0 }
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)
  return { mean, halfWidth: studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n) }
}

export function surveyResults(q: Questionnaire, responses: ReadonlyArray<SurveyResponse>): DimensionResult[] {
  const likert = q.questions.filter((x) => x.kind === 'likert')
  // region → dimension → respondents' scores
  const scores = new Map<string, Map<string, number[]>>()
  for (const r of responses) {
    const byDimension = scores.get(r.region) ?? new Map<string, number[]>()
    scores.set(r.region, byDimension)
    for (const d of q.dimensions) {
      const answered = likert
        .filter((x) => x.dimension === d.id)
        .map((x) => r.answers[x.id])
        .filter((v): v is number => typeof v === 'number')
      if (answered.length === 0) continue
      const list = byDimension.get(d.id) ?? []
      list.push(answered.reduce((a, b) => a + b, 0) / answered.length)
      byDimension.set(d.id, list)
    }
  }
  const to100 = (v: number) => ((v - q.scale.min) / (q.scale.max - q.scale.min)) * 100
  const out: DimensionResult[] = []
  for (const region of [...scores.keys()].sort()) {
    for (const d of q.dimensions) {
      const xs = scores.get(region)?.get(d.id) ?? []
      const base = { region, dimension: d.id, n: xs.length }
      if (xs.length < q.minSample || xs.length === 0) {
        out.push({ ...base, shown: false, mean: null, ciLow: null, ciHigh: null, score: null, scoreLow: null, scoreHigh: null })
        continue
      }
      const { mean, halfWidth } = meanWithInterval(xs)
      out.push({
        ...base,
        shown: true,
        mean,
        ciLow: mean - halfWidth,
        ciHigh: mean + halfWidth,
        score: to100(mean),
        scoreLow: to100(mean - halfWidth),
        scoreHigh: to100(mean + halfWidth),
      })
    }
  }
  return out
}
