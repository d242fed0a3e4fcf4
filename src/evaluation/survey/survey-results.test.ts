import { describe, expect, it } from 'vitest'

import type { Questionnaire } from './questionnaire-schema.js'
import { meanWithInterval, surveyResults } from './survey-results.js'

const q: Questionnaire = {
  schema: 'urbmon/questionnaire@1',
  id: 'test',
  name: '测试',
  nameEn: 'Test',
  minSample: 3,
  scale: { min: 1, max: 5, labels: ['1', '2', '3', '4', '5'], labelsEn: ['1', '2', '3', '4', '5'] },
  dimensions: [
    { id: 'housing', name: '住房', nameEn: 'Housing' },
    { id: 'transport', name: '交通', nameEn: 'Transport' },
  ],
  questions: [
    { id: 'h1', kind: 'likert', dimension: 'housing', text: 'h1', textEn: 'h1', required: true },
    { id: 'h2', kind: 'likert', dimension: 'housing', text: 'h2', textEn: 'h2', required: false },
    { id: 't1', kind: 'likert', dimension: 'transport', text: 't1', textEn: 't1', required: true },
    { id: 'c', kind: 'text', text: 'c', textEn: 'c', required: false, maxLength: 100 },
  ],
}

describe('survey results', () => {
  it('gives the mean and the t interval of a hand-worked sample', () => {
    // 2, 4, 4, 5: mean 3.75; s² = (1.75² + 0.25² + 0.25² + 1.25²) / 3 = 4.75 / 3; s = 1.258306;
    // s/√4 = 0.629153; t(0.975, 3) = 3.182446 (printed tables: 3.182); half-width 2.002245
    // (scipy: stats.t.ppf(0.975, 3) * np.std([2, 4, 4, 5], ddof=1) / 2 = 2.0022452).
    const r = meanWithInterval([2, 4, 4, 5])
    expect(r.mean).toBe(3.75)
    expect(r.halfWidth).toBeCloseTo(2.0022452, 6)
  })

  it('scores each respondent by the mean of their answers in a dimension, and shows a city only from the minimum sample', () => {
    const results = surveyResults(q, [
      // 南京: three respondents. Housing scores 4.5, 3 (h2 unanswered), 2 → mean 3.1667.
      { region: '320100', answers: { h1: 4, h2: 5, t1: 3, c: '很好' } },
      { region: '320100', answers: { h1: 3, t1: 4 } },
      { region: '320100', answers: { h1: 2, h2: 2, t1: 5 } },
      // 无锡: two respondents, below the minimum of three.
      { region: '320200', answers: { h1: 5, t1: 5 } },
      { region: '320200', answers: { h1: 4, t1: 4 } },
    ])
    const nj = results.find((r) => r.region === '320100' && r.dimension === 'housing')!
    expect(nj.n).toBe(3)
    expect(nj.shown).toBe(true)
    expect(nj.mean).toBeCloseTo(19 / 6, 12)
    // s² = ((4.5 − 19/6)² + (3 − 19/6)² + (2 − 19/6)²) / 2 = (1.777… + 0.02777… + 1.36111…) / 2 = 1.583333;
    // s/√3 = 0.726483; t(0.975, 2) = 4.302653; half-width 3.125805 (scipy: 3.1258047).
    expect(nj.ciHigh! - nj.mean!).toBeCloseTo(3.1258047, 6)
    // On 0–100: (3.1667 − 1) / 4 × 100 = 54.1667.
    expect(nj.score).toBeCloseTo(54.1667, 4)
    const njTransport = results.find((r) => r.region === '320100' && r.dimension === 'transport')!
    expect(njTransport.mean).toBe(4)
    const wx = results.filter((r) => r.region === '320200')
    expect(wx.map((r) => [r.n, r.shown, r.mean])).toEqual([
      [2, false, null],
      [2, false, null],
    ])
  })

  it('shows a city from exactly the minimum sample on, with t(0.975, 29) = 2.045 from a printed table', () => {
    const q30: Questionnaire = { ...q, minSample: 30 }
    // 30 respondents answering h1 only: ten 3s, ten 4s, ten 5s → housing mean 4.
    const answers: number[] = [3, 4, 5].flatMap((v) => Array.from({ length: 10 }, () => v))
    const responses = answers.map((h1) => ({ region: '320100', answers: { h1, t1: 4 } }))
    // s² = (10·1² + 10·0² + 10·1²) / 29 = 20/29 = 0.689655; s = 0.830455; s/√30 = 0.151620;
    // t(0.975, 29) = 2.045 (a t table's row 29, two-sided 0.05) → half-width 2.045 × 0.151620 = 0.310062.
    const t29 = 2.045
    const half = t29 * Math.sqrt(20 / 29 / 30)
    const r = surveyResults(q30, responses).find((x) => x.dimension === 'housing')!
    expect(r.shown).toBe(true)
    expect(r.n).toBe(30)
    expect(r.mean).toBe(4)
    expect(half).toBeCloseTo(0.310062, 6)
    // The table's value is rounded to three decimals (2.045230): the interval agrees to 1e-4.
    expect(r.ciHigh! - 4).toBeCloseTo(half, 4)
    expect(r.ciLow!).toBeCloseTo(4 - half, 4)
    // On 0–100: (4 − 1) / 4 × 100 = 75.
    expect(r.score).toBeCloseTo(75, 10)
    // One respondent fewer (29 < 30): only the count.
    const hidden = surveyResults(q30, responses.slice(1)).find((x) => x.dimension === 'housing')!
    expect(hidden).toMatchObject({ n: 29, shown: false, mean: null, ciLow: null, ciHigh: null, score: null })
  })
})
