import { describe, expect, it } from 'vitest'

import { forecast } from './forecast.js'
import type { Forecast, Point } from './model.js'
import { mulberry32 } from './mulberry32.js'
import { probabilityOfMeeting } from './probability-of-meeting.js'

const line = (from: number, to: number, at: (year: number) => number): Point[] => Array.from({ length: to - from + 1 }, (_, i) => ({ year: from + i, value: at(from + i) }))
// Invented wobble, so the bootstrap has residuals to resample.
const wobble = (year: number) => [0.3, -0.2, 0.1, -0.4, 0.2][year % 5] ?? 0

function run(series: Point[], seed = 11): Forecast {
  const f = forecast(series, { method: 'linear', toYear: 2025, bounds: [0, 100], rng: mulberry32(seed) })
  if (!f.ok) throw new Error(f.error.code)
  return f.value
}

describe('probabilityOfMeeting', () => {
  const goal = { comparator: '>=', value: 75 } as const

  it('is near 1 for a series far above the target', () => {
    expect(probabilityOfMeeting(run(line(2015, 2024, (y) => 85 + 0.3 * (y - 2015) + wobble(y))), goal)).toBeGreaterThan(0.99)
  })

  it('is near 0 for a series far below it', () => {
    expect(probabilityOfMeeting(run(line(2015, 2024, (y) => 50 + 0.3 * (y - 2015) + wobble(y))), goal)).toBeLessThan(0.01)
  })

  it('is in between for a series exactly on a straight line to the target', () => {
    // 65, 66, …, 74 in 2015–2024: the line reaches exactly 75 in 2025. The residuals are all zero; what spread is
    // left is the rounding of whole-number data (± 0.5), so the probability sits near one half.
    const f = run(line(2015, 2024, (y) => y - 1950))
    expect(f.points.at(-1)?.value).toBeCloseTo(75, 9)
    const p = probabilityOfMeeting(f, goal)
    expect(p).toBeGreaterThan(0.35)
    expect(p).toBeLessThan(0.65)
  })

  it('is reproducible with a seed and varies without one', () => {
    const series = line(2012, 2024, (y) => 70 + 0.4 * (y - 2012) + wobble(y))
    const a = run(series, 5)
    const b = run(series, 5)
    expect(b).toEqual(a)
    expect(probabilityOfMeeting(b, goal)).toBe(probabilityOfMeeting(a, goal))
    expect(run(series, 6).drawsAtTarget).not.toEqual(a.drawsAtTarget)
  })

  it('reads every comparator off the draws', () => {
    const f = { drawsAtTarget: [1, 2, 3, 4] } as Pick<Forecast, 'drawsAtTarget'> as Forecast
    expect(probabilityOfMeeting(f, { comparator: '>=', value: 3 })).toBe(0.5)
    expect(probabilityOfMeeting(f, { comparator: '>', value: 3 })).toBe(0.25)
    expect(probabilityOfMeeting(f, { comparator: '<=', value: 1 })).toBe(0.25)
    expect(probabilityOfMeeting(f, { comparator: '<', value: 1 })).toBe(0)
    expect(probabilityOfMeeting(f, { comparator: '==', value: 2 })).toBe(0.25)
    expect(probabilityOfMeeting(f, { comparator: 'about', value: 2.5, tolerance: 0.5 })).toBe(0.5)
    expect(probabilityOfMeeting(f, { comparator: 'between', min: 2, max: 4 })).toBe(0.75)
  })

  it('is NaN, not 0, when the goal lacks its numbers or there are no draws', () => {
    const f = { drawsAtTarget: [1, 2] } as Pick<Forecast, 'drawsAtTarget'> as Forecast
    expect(probabilityOfMeeting(f, { comparator: 'between', min: 1 })).toBeNaN()
    expect(probabilityOfMeeting(f, { comparator: '>=' })).toBeNaN()
    expect(probabilityOfMeeting({ ...f, drawsAtTarget: [] }, { comparator: '>=', value: 1 })).toBeNaN()
  })
})
