/** One annual observation of a series, as the progress methods read it. */
export interface YearValue {
  readonly year: number
  readonly value: number
}
