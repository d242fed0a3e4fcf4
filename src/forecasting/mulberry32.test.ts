import { describe, expect, it } from 'vitest'

import { mulberry32 } from './mulberry32.js'

describe('mulberry32', () => {
  it('gives the reference sequence', () => {
    // From the reference JavaScript (bryc, "PRNGs in JavaScript") with seed 42.
    const rng = mulberry32(42)
    expect([rng(), rng(), rng()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099])
  })

  it('stays in [0, 1) and is roughly uniform', () => {
    const rng = mulberry32(7)
    let sum = 0
    for (let i = 0; i < 100_000; i++) {
      const u = rng()
      expect(u >= 0 && u < 1).toBe(true)
      sum += u
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2)
  })
})
