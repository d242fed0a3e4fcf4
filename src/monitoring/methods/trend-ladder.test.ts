import { describe, expect, it } from 'vitest'

import { trendLadder } from './trend-ladder.js'

/** Annual points from `from`, one value a year. */
const annual = (from: number, values: number[]) => values.map((value, i) => ({ year: from + i, value }))

describe('trendLadder, higher is better (target 100 by 2030, latest 80 in 2025: D = 100 − 80 = 20, h = 5)', () => {
  const run = (first: number) =>
    // Six points 2020–2025 on a straight line from `first` to 80: m = (80 − first) / 5.
    trendLadder({
      series: annual(
        2020,
        [0, 1, 2, 3, 4, 5].map((i) => first + ((80 - first) * i) / 5),
      ),
      direction: 'higher',
      target: 100,
      targetYear: 2030,
    })

  it('on_track: missed by less than 5 %', () => {
    // first 60.5: m = 19.5/5 = 3.9; P = 80 + 3.9·5 = 99.5; s = (100 − 99.5)/20 = 0.025 < 0.05.
    const r = run(60.5)
    expect(r.meanAnnualChange).toBeCloseTo(3.9, 12)
    expect(r.projected).toBeCloseTo(99.5, 12)
    expect(r.shortfallShare).toBeCloseTo(0.025, 12)
    expect(r.status).toBe('on_track')
    expect(r.yearsUsed).toEqual([2020, 2021, 2022, 2023, 2024, 2025])
    expect(r.remainingDistance).toBe(20)
  })

  it('on_track: the projection passes the target', () => {
    // first 40: m = 8; P = 80 + 40 = 120; s = (100 − 120)/20 = −1.
    const r = run(40)
    expect(r.projected).toBe(120)
    expect(r.shortfallShare).toBe(-1)
    expect(r.status).toBe('on_track')
  })

  it('slightly_off: 5 %–20 %, boundaries included', () => {
    // first 62: m = 3.6; P = 98; s = 2/20 = 0.10.
    expect(run(62)).toMatchObject({ status: 'slightly_off' })
    expect(run(62).shortfallShare).toBeCloseTo(0.1, 12)
    // first 61: m = 3.8; P = 99; s = 1/20 = 0.05 exactly → slightly_off (on_track needs < 5 %).
    expect(run(61).shortfallShare).toBeCloseTo(0.05, 12)
    expect(run(61).status).toBe('slightly_off')
    // first 64: m = 3.2; P = 96; s = 4/20 = 0.20 exactly → still slightly_off.
    expect(run(64).shortfallShare).toBeCloseTo(0.2, 12)
    expect(run(64).status).toBe('slightly_off')
  })

  it('off_track: more than 20 % short but moving the right way', () => {
    // first 64.5: m = 3.1; P = 95.5; s = 4.5/20 = 0.225 > 0.20.
    expect(run(64.5).shortfallShare).toBeCloseTo(0.225, 12)
    expect(run(64.5).status).toBe('off_track')
    // first 70: m = 2; P = 90; s = 0.5.
    expect(run(70)).toMatchObject({ status: 'off_track', projected: 90, shortfallShare: 0.5 })
  })

  it('regressing: moving the wrong way', () => {
    // first 85: m = −1; P = 75; s = 25/20 = 1.25.
    expect(run(85)).toMatchObject({ status: 'regressing', meanAnnualChange: -1, projected: 75, shortfallShare: 1.25 })
  })
})

describe('trendLadder, lower is better (target 100 by 2030, latest 200 in 2025: D = −1·(100 − 200) = 100, h = 5)', () => {
  const run = (first: number) =>
    trendLadder({
      series: annual(
        2020,
        [0, 1, 2, 3, 4, 5].map((i) => first + ((200 - first) * i) / 5),
      ),
      direction: 'lower',
      target: 100,
      targetYear: 2030,
    })

  it('on_track', () => {
    // first 300: m = −20; P = 200 − 100 = 100; s = −1·(100 − 100)/100 = 0.
    expect(run(300)).toMatchObject({ status: 'on_track', meanAnnualChange: -20, projected: 100, shortfallShare: 0, remainingDistance: 100 })
  })

  it('slightly_off', () => {
    // first 290: m = −18; P = 110; s = −1·(100 − 110)/100 = 0.10.
    expect(run(290)).toMatchObject({ status: 'slightly_off', projected: 110, shortfallShare: 0.1 })
  })

  it('off_track', () => {
    // first 250: m = −10; P = 150; s = 50/100 = 0.5.
    expect(run(250)).toMatchObject({ status: 'off_track', projected: 150, shortfallShare: 0.5 })
  })

  it('regressing', () => {
    // first 175: m = +5; P = 225; s = 125/100 = 1.25.
    expect(run(175)).toMatchObject({ status: 'regressing', meanAnnualChange: 5, projected: 225, shortfallShare: 1.25 })
  })
})

describe('trendLadder edge cases', () => {
  it('achieved when the latest value already meets the target, in either direction', () => {
    // Higher: 101 ≥ 100 → D = −1 ≤ 0. The trend is still reported: m = (101 − 91)/5 = 2, P = 101 + 2·5 = 111.
    const up = trendLadder({ series: annual(2020, [91, 93, 95, 97, 99, 101]), direction: 'higher', target: 100, targetYear: 2030 })
    expect(up).toMatchObject({ status: 'achieved', meanAnnualChange: 2, projected: 111, shortfallShare: null, remainingDistance: -1 })
    // Lower: 2.15 ≤ 2.15 → D = 0 → achieved, even with a single point (no trend needed).
    const down = trendLadder({ series: [{ year: 2025, value: 2.15 }], direction: 'lower', target: 2.15, targetYear: 2030 })
    expect(down).toMatchObject({ status: 'achieved', projected: null, meanAnnualChange: null, yearsUsed: [2025] })
  })

  it('insufficient_data with fewer than 4 points in the window', () => {
    // Three points: no trend is computed.
    const three = trendLadder({ series: annual(2023, [10, 11, 12]), direction: 'higher', target: 20, targetYear: 2030 })
    expect(three).toEqual({
      status: 'insufficient_data',
      projected: null,
      shortfallShare: null,
      meanAnnualChange: null,
      yearsUsed: [2023, 2024, 2025],
      latestYear: 2025,
      remainingDistance: 8,
    })
    // Four points in all, but only 2021 and 2025 fall in [2020, 2025]: older data does not count.
    const gappy = trendLadder({
      series: [2015, 2019, 2021, 2025].map((year, i) => ({ year, value: [1, 2, 3, 4][i]! })),
      direction: 'higher',
      target: 20,
      targetYear: 2030,
    })
    expect(gappy).toMatchObject({ status: 'insufficient_data', yearsUsed: [2021, 2025] })
    expect(trendLadder({ series: [], direction: 'higher', target: 1, targetYear: 2030 })).toMatchObject({ status: 'insufficient_data', yearsUsed: [] })
  })

  it('four points are enough, and gaps count by elapsed years', () => {
    // 2021: 50, 2022: 52, 2024: 55, 2025: 58 → m = (58 − 50)/(2025 − 2021) = 2; P = 58 + 2·5 = 68 vs 70;
    // D = 12; s = 2/12 = 0.1667 → slightly_off.
    const r = trendLadder({
      series: [2021, 2022, 2024, 2025].map((year, i) => ({ year, value: [50, 52, 55, 58][i]! })),
      direction: 'higher',
      target: 70,
      targetYear: 2030,
    })
    expect(r.meanAnnualChange).toBe(2)
    expect(r.projected).toBe(68)
    expect(r.shortfallShare).toBeCloseTo(1 / 6, 12)
    expect(r.status).toBe('slightly_off')
  })

  it('uses only the last five years of change (six points) of a long series, in any input order', () => {
    // 2010–2025 rising by 1 a year, then shuffled. Window [2020, 2025]: 20 → 25, m = 1.
    const series = annual(
      2010,
      Array.from({ length: 16 }, (_, i) => 10 + i),
    ).reverse()
    const r = trendLadder({ series, direction: 'higher', target: 30, targetYear: 2030 })
    // P = 25 + 5 = 30 = T → s = 0 → on_track.
    expect(r).toMatchObject({ status: 'on_track', meanAnnualChange: 1, projected: 30, shortfallShare: 0 })
    expect(r.yearsUsed).toEqual([2020, 2021, 2022, 2023, 2024, 2025])
  })

  it('a flat series is regressing: the distance does not shrink', () => {
    // m = 0; P = 50; s = (60 − 50)/10 = 1.
    const r = trendLadder({ series: annual(2020, [50, 50, 50, 50, 50, 50]), direction: 'higher', target: 60, targetYear: 2030 })
    expect(r).toMatchObject({ status: 'regressing', meanAnnualChange: 0, projected: 50, shortfallShare: 1 })
  })

  it('a target year already passed projects no change: the whole distance is missed', () => {
    // Latest 2025, target year 2024: h = max(0, −1) = 0; P = 58; s = (70 − 58)/12 = 1 → off_track (moving right way).
    const r = trendLadder({ series: annual(2020, [48, 50, 52, 54, 56, 58]), direction: 'higher', target: 70, targetYear: 2024 })
    expect(r).toMatchObject({ status: 'off_track', projected: 58, shortfallShare: 1 })
  })

  it('drops NaN values and refuses two values for one year', () => {
    const r = trendLadder({ series: [...annual(2021, [1, 2, 3, 4, 5]), { year: 2026, value: Number.NaN }], direction: 'higher', target: 9, targetYear: 2030 })
    // Latest 2025 (5): m = (5 − 1)/4 = 1; P = 10 ≥ 9 → s = (9 − 10)/4 = −0.25 → on_track.
    expect(r).toMatchObject({ status: 'on_track', latestYear: 2025, meanAnnualChange: 1, projected: 10, shortfallShare: -0.25 })
    expect(() => trendLadder({ series: [...annual(2020, [1, 2, 3, 4]), { year: 2023, value: 9 }], direction: 'higher', target: 9, targetYear: 2030 })).toThrow(RangeError)
  })
})
