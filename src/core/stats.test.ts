import { describe, expect, it } from 'vitest'

import { median, quantileSorted } from './stats.js'

// Expected values are numpy's: np.median([3, 1, 2]) = 2.0, np.median([4, 1, 3, 2]) = 2.5, np.median([]) = nan;
// np.quantile([1, 2, 3, 4], 0.25) = 1.75 (linear, type 7).
describe('median', () => {
  it('is the middle value, or the mean of the middle two, of the sorted list', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
  })

  it('is NaN for an empty list', () => {
    expect(median([])).toBeNaN()
  })
})

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75)
    expect(quantileSorted([], 0.5)).toBeNaN()
  })
})
