import { describe, expect, it } from 'vitest'

import { evaluateFormula, parseFormula } from './formula.js'

describe('formulas', () => {
  const values: Record<string, number> = { urban_pop: 5520.95, resident_pop: 8029.3, urban_income: 60178, rural_income: 28486 }
  const get = (k: string) => values[k]

  it('evaluates arithmetic over indicator values', () => {
    const f = parseFormula('100 * urban_pop / resident_pop')
    expect(f.ok && f.value.variables).toEqual(['urban_pop', 'resident_pop'])
    // Hand check: 5520.95 / 8029.30 = 0.687600… → 68.76 %, as the yearbook prints 68.8.
    expect(f.ok && evaluateFormula(f.value, get)).toBeCloseTo(68.76, 4)
    const r = parseFormula('urban_income / rural_income')
    expect(r.ok && evaluateFormula(r.value, get)).toBeCloseTo(2.11255, 5) // 60178 / 28486 = 2.112547…, published as 2.11
    const p = parseFormula('-(urban_pop - resident_pop) * 2 + 1')
    expect(p.ok && evaluateFormula(p.value, get)).toBeCloseTo(2 * (8029.3 - 5520.95) + 1, 9)
  })

  it('returns undefined for a missing input or division by zero', () => {
    const f = parseFormula('urban_pop / missing')
    expect(f.ok && evaluateFormula(f.value, get)).toBeUndefined()
    const z = parseFormula('urban_pop / 0')
    expect(z.ok && evaluateFormula(z.value, get)).toBeUndefined()
  })

  it('refuses anything but numbers, ids and + - * /', () => {
    for (const src of ['process.exit(1)', 'a.b', 'f(x)', 'a ? b : c', '"x"', 'a ** 2', 'a[0]', 'a == b']) {
      expect(parseFormula(src).ok, src).toBe(false)
    }
  })
})
