/**
 * The unit of the last decimal the data are published to (0.01 for 73.44, 1 for 6): the rounding hides up to half of
 * it. Simulated values carry that rounding error, so that a series that happens to fit its model exactly still gets
 * an interval wider than zero.
 */
export function roundingUnit(values: ReadonlyArray<number>): number {
  let decimals = 0
  for (const v of values) decimals = Math.max(decimals, decimalsOf(v))
  return 10 ** -decimals
}

const MAX_DECIMALS = 6

function decimalsOf(v: number): number {
  for (let d = 0; d < MAX_DECIMALS; d++) {
    const scaled = v * 10 ** d
    // Binary fractions: 73.44 × 100 is 7344.000000000001, still a whole number of hundredths.
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled))) return d
  }
  return MAX_DECIMALS
}
