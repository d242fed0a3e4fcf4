export interface CensusStep {
  readonly before: { readonly year: number; readonly value: number }
  readonly after: { readonly year: number; readonly value: number }
  /** Change per year across the census. */
  readonly rate: number
  /** Change per year of every other pair of consecutive points. */
  readonly otherRates: ReadonlyArray<number>
}

/** The pair of consecutive observations straddling a census year (before < census ≤ after), and the series' other steps. */
export function censusStep<P extends { year: number; value: number }>(series: ReadonlyArray<P>, census: number): CensusStep | undefined {
  const at = series.findIndex((p) => p.year >= census)
  const before = series[at - 1]
  const after = series[at]
  if (at <= 0 || !before || !after) return undefined
  const otherRates: number[] = []
  for (const [i, b] of series.entries()) {
    const a = series[i - 1]
    if (a && !(a.year < census && b.year >= census)) otherRates.push((b.value - a.value) / (b.year - a.year))
  }
  return { before, after, rate: (after.value - before.value) / (after.year - before.year), otherRates }
}
