import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { logGamma, studentTCdf, studentTQuantile } from './student-t.js'

// scipy.stats.t.ppf / .cdf, from test/fixtures/survey/student_t_reference.py.
const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/survey/student-t.json', import.meta.url), 'utf8')) as {
  ppf: Array<{ p: number; df: number; t: number }>
  cdf: Array<{ t: number; df: number; p: number }>
}

describe("Student's t", () => {
  it('gives the quantiles scipy gives, to 1e-9', () => {
    for (const r of reference.ppf) expect(studentTQuantile(r.p, r.df), `p=${r.p} df=${r.df}`).toBeCloseTo(r.t, 9)
  })
  it('gives the distribution function scipy gives', () => {
    for (const r of reference.cdf) expect(studentTCdf(r.t, r.df), `t=${r.t} df=${r.df}`).toBeCloseTo(r.p, 12)
  })
  it('matches the printed table: t(0.975, 9) = 2.262, t(0.975, 29) = 2.045', () => {
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262, 3)
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.045, 3)
  })
  it('has ln Γ at known points: Γ(5) = 24, Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13)
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13)
  })
  it('refuses a probability outside (0, 1) or no degrees of freedom', () => {
    expect(studentTQuantile(1, 5)).toBeNaN()
    expect(studentTQuantile(0.5, 0)).toBeNaN()
  })
})
