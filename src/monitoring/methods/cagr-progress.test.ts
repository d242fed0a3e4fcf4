import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { aggregateCagrScores, CagrError, cagrProgress, progressStatusFromScore, type CagrErrorReason, type CagrInput, type CagrStatus } from './cagr-progress.js'

/** The source's progress_calculation_options entry, as the fixture stores it. */
interface PythonConfig {
  direction?: 'positive' | 'negative'
  target?: number
  target_year?: number
  base_year?: number
  limit?: number
  progress_thresholds?: { high?: number; med?: number; low?: number }
}

interface FixtureCase {
  id: string
  origin: string
  series: Array<[number, number | null]>
  config: PythonConfig
  expected:
    | {
        status: CagrStatus
        score: number | null
        progressValue: number | null
        baseYear: number | null
        currentYear: number | null
        targetAchieved: boolean
        warnings: number
      }
    | { error: CagrErrorReason; python: string }
}

const fixture = JSON.parse(readFileSync(resolve(__dirname, '../../../test/fixtures/progress/open-sdg-cases.json'), 'utf8')) as {
  cases: FixtureCase[]
}

/** Maps the Python config onto this port's input; the source's default direction is "negative". */
function toInput(c: FixtureCase): CagrInput {
  const k = c.config
  return {
    series: c.series.map(([year, value]) => ({ year, value: value ?? Number.NaN })),
    direction: k.direction === 'positive' ? 'higher' : 'lower',
    ...(k.target !== undefined && { target: k.target }),
    ...(k.target_year !== undefined && { targetYear: k.target_year }),
    ...(k.base_year !== undefined && { baseYear: k.base_year }),
    ...(k.limit !== undefined && { limit: k.limit }),
    ...(k.progress_thresholds !== undefined && { config: { progressThresholds: k.progress_thresholds } }),
  }
}

/** Python and V8 may differ in the last bits of pow/exp; 1e-12 relative is far below any threshold that matters. */
function expectNumber(actual: number | null, expected: number | null): void {
  if (expected === null) return void expect(actual).toBeNull()
  expect(actual).not.toBeNull()
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)))
}

describe('cagrProgress against the Python source (test/fixtures/progress/open-sdg-cases.json)', () => {
  it('has every case the fixture was generated with', () => {
    expect(fixture.cases.filter((c) => c.id.startsWith('asset-'))).toHaveLength(9)
    expect(fixture.cases).toHaveLength(43)
  })

  it.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const input = toInput(c)
    const e = c.expected
    if ('error' in e) {
      expect(() => cagrProgress(input)).toThrow(CagrError)
      try {
        cagrProgress(input)
      } catch (err) {
        expect((err as CagrError).reason).toBe(e.error)
      }
      return
    }
    const r = cagrProgress(input)
    expect(r.status).toBe(e.status)
    expectNumber(r.score, e.score)
    expectNumber(r.progressValue, e.progressValue)
    expect(r.baseYear).toBe(e.baseYear)
    expect(r.currentYear).toBe(e.currentYear)
    expect(r.targetAchieved).toBe(e.targetAchieved)
    // Each self.warn of the source is one note here.
    expect(r.notes).toHaveLength(e.warnings)
  })
})

describe('cagrProgress, worked by hand', () => {
  it('asset 1-1-1: defaults, base year 2015 moved to the first later year', () => {
    // Data 2020: 100, 2021: 120; base 2015 is absent → 2020 (first later year); current 2021.
    // Direction is the source default, negative: CAGR = (120/100)^(1/1) − 1 = 0.2; P = 1·(−1)·0.2 = −0.2 < 0.
    // Score = max(125·(−0.2) − 2.5, −5) = max(−27.5, −5) = −5.
    const r = cagrProgress({
      series: [
        { year: 2020, value: 100 },
        { year: 2021, value: 120 },
      ],
      direction: 'lower',
    })
    expect(r).toMatchObject({ status: 'deterioration', score: -5, baseYear: 2020, currentYear: 2021, method: 'no_target' })
    expect(r.progressValue).toBeCloseTo(-0.2, 12)
  })

  it('asset 3-3-3: a target of 0 becomes 0.001', () => {
    // Base 2015: 1.55, current 2019: 1.82, lower is better, T = 0 → 0.001 by 2030.
    // CAGR_o = (1.82/1.55)^(1/4) − 1 = 1.174194^0.25 − 1 = 0.040962
    // CAGR_r = (0.001/1.55)^(1/15) − 1 = e^(−7.346010/15) − 1 = 0.612789 − 1 = −0.387211
    // P = 1·(−1)·0.040962 / 0.387211 = −0.105788 → deterioration; score = 4.1667·(−0.105788) − 2.5 = −2.940787.
    const series = [2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019].map((year, i) => ({
      year,
      value: [1.51, 1.51, 1.38, 1.4, 1.27, 1.55, 1.69, 1.65, 1.62, 1.82][i]!,
    }))
    const r = cagrProgress({ series, direction: 'lower', target: 0 })
    expect(r.target).toBe(0.001)
    expect(r.notes).toEqual(['target_zero_replaced'])
    expect(r.progressValue).toBeCloseTo(-0.105788, 6)
    expect(r.score).toBeCloseTo(-2.940787, 5)
    expect(r.status).toBe('deterioration')
  })

  it('asset temp/1-2-1: lower is better, ahead of the required pace', () => {
    // Base 2015: 14.5, current 2019: 10.1, T = 7.25 by 2030.
    // CAGR_o = (10.1/14.5)^(1/4) − 1 = 0.696552^0.25 − 1 = −0.086437
    // CAGR_r = (7.25/14.5)^(1/15) − 1 = 0.5^(1/15) − 1 = −0.045158
    // P = (−1)·(−0.086437)/0.045158 = 1.91409 ≥ 0.95 → substantial; score = min(7.1429·1.914 − 4.2857, 5) = 5.
    const values = [14.5, 12.8, 11.7, 11, 10.1]
    const r = cagrProgress({ series: values.map((value, i) => ({ year: 2015 + i, value })), direction: 'lower', target: 7.25 })
    expect(r.progressValue).toBeCloseTo(1.9141, 3)
    expect(r).toMatchObject({ status: 'substantial_progress', score: 5 })
  })

  it('asset temp/17-8-1: no target, moderate growth', () => {
    // Base 2015 absent → 2018: 91.3; current 2020: 92.3; higher is better.
    // CAGR = (92.3/91.3)^(1/2) − 1 = 0.005462: 0.005 ≤ P < 0.015 → moderate; score = 250·0.005462 − 1.25 = 0.11538.
    const r = cagrProgress({
      series: [
        { year: 2018, value: 91.3 },
        { year: 2020, value: 92.3 },
      ],
      direction: 'higher',
    })
    expect(r.baseYear).toBe(2018)
    expect(r.progressValue).toBeCloseTo(0.005462, 6)
    expect(r.score).toBeCloseTo(0.11538, 5)
    expect(r.status).toBe('moderate_progress')
  })

  it('base 0 is replaced by 0.001 after the sign and thresholds were taken', () => {
    // Base 2015: 0 → 0.001, current 2020: 5, T = 10 by 2030, higher.
    // CAGR_o = (5/0.001)^(1/5) − 1 = 5000^0.2 − 1 = 4.492803; CAGR_r = (10/0.001)^(1/15) − 1 = 0.847850
    // P = 4.492803 / 0.847850 = 5.29905 → substantial, score 5.
    const r = cagrProgress({
      series: [
        { year: 2015, value: 0 },
        { year: 2020, value: 5 },
      ],
      direction: 'higher',
      target: 10,
    })
    expect(r.baseValue).toBe(0.001)
    expect(r.sign).toBe(1)
    expect(r.notes).toEqual(['base_zero_replaced'])
    expect(r.progressValue).toBeCloseTo(5.29905, 4)
    expect(r).toMatchObject({ status: 'substantial_progress', score: 5 })
  })

  it('a sign change between base and current gives no value, unless the target is met', () => {
    const changed = cagrProgress({
      series: [
        { year: 2015, value: -4 },
        { year: 2020, value: 3 },
      ],
      direction: 'higher',
      target: 10,
    })
    expect(changed).toMatchObject({ status: 'not_available', score: null, progressValue: null, notes: ['sign_change'] })
    // 5 → −1, lower, T = 0 → 0.001: −1 ≤ 0.001 is achieved, though P cannot be computed.
    const met = cagrProgress({
      series: [
        { year: 2015, value: 5 },
        { year: 2020, value: -1 },
      ],
      direction: 'lower',
      target: 0,
    })
    expect(met).toMatchObject({ status: 'target_achieved', score: 5, progressValue: null })
    expect(met.notes).toEqual(['target_zero_replaced', 'sign_change'])
  })

  it('a negative base flips the sign (s = −1)', () => {
    // Base −10 (2015), current −6 (2020), T = −2 by 2030, higher is better.
    // CAGR_o = (0.6)^(1/5) − 1 = −0.097120; CAGR_r = (0.2)^(1/15) − 1 = −0.101740
    // P = (−1)·(+1)·(−0.097120)/0.101740 = 0.954585 ≥ 0.95 → substantial; score = 7.1429·0.9546 − 4.2857 = 2.5328.
    const r = cagrProgress({
      series: [
        { year: 2015, value: -10 },
        { year: 2020, value: -6 },
      ],
      direction: 'higher',
      target: -2,
    })
    expect(r.sign).toBe(-1)
    expect(r.progressValue).toBeCloseTo(0.95458, 4)
    expect(r.score).toBeCloseTo(2.5328, 4)
    expect(r.status).toBe('substantial_progress')
  })

  it('target already met wins, score 5, whatever P is', () => {
    // Urbanisation 60 → 76 against 75: d·(76 − 75) ≥ 0.
    const r = cagrProgress({
      series: [
        { year: 2015, value: 60 },
        { year: 2020, value: 76 },
      ],
      direction: 'higher',
      target: 75,
    })
    expect(r).toMatchObject({ status: 'target_achieved', score: 5, targetAchieved: true })
    // Equal counts as met; lower is better: 2.15 ≤ 2.15.
    const equal = cagrProgress({
      series: [
        { year: 2015, value: 2.5 },
        { year: 2020, value: 2.15 },
      ],
      direction: 'lower',
      target: 2.15,
    })
    expect(equal.status).toBe('target_achieved')
  })

  it('lower is better, moving the wrong way', () => {
    // 10 → 11 (2015 → 2020), T = 5 by 2030, lower.
    // CAGR_o = 1.1^0.2 − 1 = 0.019245; CAGR_r = 0.5^(1/15) − 1 = −0.045158
    // P = (−1)·0.019245/0.045158 = −0.426164 < 0 → deterioration; score = 4.1667·(−0.426164) − 2.5 = −4.2757.
    const r = cagrProgress({
      series: [
        { year: 2015, value: 10 },
        { year: 2020, value: 11 },
      ],
      direction: 'lower',
      target: 5,
    })
    expect(r.progressValue).toBeCloseTo(-0.426164, 5)
    expect(r.score).toBeCloseTo(-4.2757, 4)
    expect(r.status).toBe('deterioration')
  })

  it('a single year of data gives no value (at least two years are needed)', () => {
    const r = cagrProgress({ series: [{ year: 2020, value: 50 }], direction: 'higher', target: 60 })
    expect(r).toMatchObject({ status: 'not_available', score: null, baseYear: 2020, currentYear: 2020, notes: ['single_year'] })
    // ... but a met target is still reported.
    const met = cagrProgress({ series: [{ year: 2020, value: 70 }], direction: 'higher', target: 60 })
    expect(met).toMatchObject({ status: 'target_achieved', score: 5, progressValue: null })
  })

  it('picks the next later year when the base year is missing, and throws when there is none', () => {
    const series = [2012, 2014, 2017, 2019].map((year, i) => ({ year, value: [40, 45, 50, 55][i]! }))
    expect(cagrProgress({ series, direction: 'higher', target: 80, baseYear: 2015 }).baseYear).toBe(2017) // not 2014
    expect(() => cagrProgress({ series, direction: 'higher', target: 80, baseYear: 2020 })).toThrow(/base_year_after_data/)
  })

  it('uses config defaults for base and target years', () => {
    const series = [2020, 2021, 2022, 2023].map((year, i) => ({ year, value: [73.44, 73.9, 74.4, 75.0][i]! }))
    const r = cagrProgress({ series, direction: 'higher', target: 76, config: { baseYear: 2020, targetYear: 2025 } })
    // CAGR_o = (75/73.44)^(1/3) − 1 = 0.0070311; CAGR_r = (76/73.44)^(1/5) − 1 = 0.0068765; P = 1.02248.
    expect(r.baseYear).toBe(2020)
    expect(r.targetYear).toBe(2025)
    expect(r.progressValue).toBeCloseTo(1.0225, 3)
    expect(r.status).toBe('substantial_progress')
  })

  it('scales the no-target thresholds near a natural limit', () => {
    // Base 95, limit 100, higher: c = 1 − 0.95^4.44 = 1 − e^(4.44·(−0.051293)) = 1 − 0.796330 = 0.203670;
    // high = 0.015·c = 0.0030551. CAGR = (97/95)^0.2 − 1 = 0.0041755 ≥ 0.0030551 → substantial;
    // score = min(500·0.0041755/0.203670 − 5, 5) = min(5.25, 5) = 5.
    const r = cagrProgress({
      series: [
        { year: 2015, value: 95 },
        { year: 2020, value: 97 },
      ],
      direction: 'higher',
      limit: 100,
    })
    expect(r.coefficient).toBeCloseTo(0.20367, 5)
    expect(r.thresholds?.high).toBeCloseTo(0.0030551, 7)
    expect(r).toMatchObject({ status: 'substantial_progress', score: 5 })
    // Base on the limit: c = 0, thresholds 0, a flat series is substantial progress with score 5.
    const kept = cagrProgress({
      series: [
        { year: 2015, value: 100 },
        { year: 2020, value: 100 },
      ],
      direction: 'higher',
      limit: 100,
    })
    expect(kept).toMatchObject({ coefficient: 0, status: 'substantial_progress', score: 5 })
  })

  it('a target of the opposite sign to the base still gives a value (Python takes the modulus of a complex CAGR)', () => {
    // 10 → 5, T = −2 by 2030: (−0.2)^(1/15) = 0.898263·(cos π/15 + i sin π/15) = 0.878634 + 0.186760i
    // |CAGR_r| = |−0.121366 + 0.186760i| = 0.222731; CAGR_o = 0.5^0.2 − 1 = −0.129449; P = 0.129449/0.222731 = 0.581189.
    const r = cagrProgress({
      series: [
        { year: 2015, value: 10 },
        { year: 2020, value: 5 },
      ],
      direction: 'lower',
      target: -2,
    })
    expect(r.progressValue).toBeCloseTo(0.581189, 5)
    expect(r.status).toBe('limited_progress')
  })

  it('throws where the Python divides by zero', () => {
    const series = [
      { year: 2015, value: 10 },
      { year: 2020, value: 12 },
    ]
    expect(() => cagrProgress({ series, direction: 'lower', target: 10 })).toThrow(/zero_division/)
    expect(() => cagrProgress({ series, direction: 'higher', target: 20, targetYear: 2015 })).toThrow(/zero_division/)
  })

  it('scores with the hard-coded lines even under custom thresholds', () => {
    // P = 1.1^0.2 − 1 = 0.019245: status moderate under high = 0.03, but score 250·0.019245 − 1.25 = 3.5612 (≥ 2.5).
    const r = cagrProgress({
      series: [
        { year: 2015, value: 100 },
        { year: 2020, value: 110 },
      ],
      direction: 'higher',
      config: { progressThresholds: { high: 0.03, med: 0.01 } },
    })
    expect(r.status).toBe('moderate_progress')
    expect(r.score).toBeCloseTo(3.5612, 4)
    expect(progressStatusFromScore(r.score)).toBe('substantial_progress')
  })

  it('returns not_available on an empty series', () => {
    expect(cagrProgress({ series: [], direction: 'higher', target: 1 })).toMatchObject({
      status: 'not_available',
      score: null,
      baseYear: null,
      currentYear: null,
      notes: ['no_data'],
    })
  })
})

describe('aggregateCagrScores', () => {
  it('takes the mean score and needs every target met for target_achieved', () => {
    // (5 + 0) / 2 = 2.5 → substantial; one series not achieved.
    expect(
      aggregateCagrScores([
        { score: 5, targetAchieved: true },
        { score: 0, targetAchieved: false },
      ]),
    ).toEqual({
      score: 2.5,
      status: 'substantial_progress',
    })
    expect(
      aggregateCagrScores([
        { score: 5, targetAchieved: true },
        { score: null, targetAchieved: false },
      ]).status,
    ).toBe('target_achieved')
    expect(aggregateCagrScores([{ score: null, targetAchieved: false }])).toEqual({ score: null, status: 'not_available' })
    expect(aggregateCagrScores([{ score: -3, targetAchieved: false }]).status).toBe('deterioration')
    expect(aggregateCagrScores([{ score: -1, targetAchieved: false }]).status).toBe('limited_progress')
  })
})
