import { describe, expect, it } from 'vitest'

import { quantileSorted } from './quantile.js'
import { roundingUnit } from './rounding-unit.js'

describe('roundingUnit', () => {
  it('is the unit of the finest published decimal', () => {
    expect(roundingUnit([60.58, 61.9, 63])).toBe(0.01)
    expect(roundingUnit([6, 13])).toBe(1)
    expect(roundingUnit([2.19, 2.1])).toBe(0.01)
    expect(roundingUnit([8474.8016])).toBeCloseTo(0.0001, 12)
    expect(roundingUnit([Math.PI])).toBeCloseTo(1e-6, 12)
  })
})

describe('quantileSorted', () => {
  it('interpolates like numpy.quantile', () => {
    // numpy.quantile([1, 2, 3, 4], [0.05, 0.5, 0.95]) = [1.15, 2.5, 3.85]
    expect(quantileSorted([1, 2, 3, 4], 0.05)).toBeCloseTo(1.15, 12)
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantileSorted([1, 2, 3, 4], 0.95)).toBeCloseTo(3.85, 12)
    expect(quantileSorted([], 0.5)).toBeNaN()
  })
})
