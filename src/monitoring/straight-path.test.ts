import { describe, expect, it } from 'vitest'

import { recentAnnualChange, straightPath } from './straight-path.js'

const thresholds = { onTrack: 1, atRisk: 0.8 }

describe('straightPath', () => {
  it('reproduces the urbanization target by hand', () => {
    // Baseline 73.44 (2020), target 75 (2025), latest 74.4 (2022).
    // progress = (74.4 − 73.44) / (75 − 73.44) = 0.96 / 1.56 = 0.615385
    // expected = (2022 − 2020) / (2025 − 2020) = 0.4
    // required = (75 − 74.4) / (2025 − 2022) = 0.2 per year
    const r = straightPath({ baselineYear: 2020, baselineValue: 73.44, latestYear: 2022, latestValue: 74.4, targetYear: 2025, targetValue: 75, sense: 1, met: false, thresholds })
    expect(r.progress).toBeCloseTo(0.615385, 6)
    expect(r.expectedProgress).toBeCloseTo(0.4, 12)
    expect(r.requiredAnnualChange).toBeCloseTo(0.2, 12)
    expect(r.status).toBe('on_track') // 0.615 / 0.4 = 1.54 ≥ 1
  })

  it('handles a lower-is-better ceiling', () => {
    // Income ratio: 2.19 (2020) → ≤ 2.15 (2025); latest 2.18 (2023).
    // progress = (2.18 − 2.19) / (2.15 − 2.19) = −0.01 / −0.04 = 0.25; expected = 3/5 = 0.6; ratio 0.4167 → off track.
    const r = straightPath({ baselineYear: 2020, baselineValue: 2.19, latestYear: 2023, latestValue: 2.18, targetYear: 2025, targetValue: 2.15, sense: -1, met: false, thresholds })
    expect(r.progress).toBeCloseTo(0.25, 12)
    expect(r.expectedProgress).toBeCloseTo(0.6, 12)
    expect(r.requiredAnnualChange).toBeCloseTo(-0.015, 12)
    expect(r.status).toBe('off_track')
  })

  it('grades by the ratio of progress to expected progress', () => {
    const at = (latest: number) =>
      straightPath({ baselineYear: 2020, baselineValue: 0, latestYear: 2022, latestValue: latest, targetYear: 2030, targetValue: 10, sense: 1, met: false, thresholds }).status
    // expected = 0.2: 2.0 → ratio 1 on track; 1.6 → 0.8 at risk; 1.59 → 0.795 off track; −0.1 → regressing.
    expect(at(2)).toBe('on_track')
    expect(at(1.6)).toBe('at_risk')
    expect(at(1.59)).toBe('off_track')
    expect(at(-0.1)).toBe('regressing')
  })

  it('says achieved when the comparator already holds', () => {
    const r = straightPath({ baselineYear: 2020, baselineValue: 73.44, latestYear: 2024, latestValue: 75.5, targetYear: 2025, targetValue: 75, sense: 1, met: true, thresholds })
    expect(r.status).toBe('achieved')
    expect(r.progress).toBeCloseTo((75.5 - 73.44) / (75 - 73.44), 12)
  })
})

describe('recentAnnualChange', () => {
  it('is the mean annual change over the last up-to-3 years', () => {
    // 2021 73.94, 2022 74.4, 2023 75.04, 2024 75.5: (75.5 − 73.94) / 3 = 0.52
    const pts = [
      { year: 2020, value: 73.44 },
      { year: 2021, value: 73.94 },
      { year: 2022, value: 74.4 },
      { year: 2023, value: 75.04 },
      { year: 2024, value: 75.5 },
    ]
    expect(recentAnnualChange(pts)).toBeCloseTo(0.52, 12)
    // With a gap: 2018 and 2022 only within a 3-year window of 2022 is 2019..2021 → none before but 2018 is 4 years back.
    expect(
      recentAnnualChange([
        { year: 2018, value: 1 },
        { year: 2022, value: 5 },
      ]),
    ).toBeNull()
    expect(
      recentAnnualChange([
        { year: 2020, value: 1 },
        { year: 2022, value: 5 },
      ]),
    ).toBe(2)
    expect(recentAnnualChange([{ year: 2022, value: 5 }])).toBeNull()
  })
})
