/** A trend fitted on its method's working scale that can refit itself to bootstrap pseudo-data at the same years. */
export interface FittedTrend {
  readonly params: Readonly<Record<string, number>>
  /** Number of fitted parameters, for the residuals' degrees of freedom. */
  readonly paramCount: number
  /** The trend at a year, on the working scale. */
  readonly predict: (year: number) => number
  /** The same model fitted to other working-scale values at the same years; undefined when that fit fails. */
  readonly refit: (working: ReadonlyArray<number>) => FittedTrend | undefined
}
