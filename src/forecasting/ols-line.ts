/** Ordinary least squares of y on x with an intercept: y ≈ intercept + slope·x. */
export interface Line {
  readonly slope: number
  /** At x = 0, as numpy.polyfit reports it. */
  readonly intercept: number
}

/** Undefined when x does not vary. Sums are taken about the means, which keeps calendar years well conditioned. */
export function fitLine(xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): Line | undefined {
  const n = xs.length
  if (n < 2 || ys.length !== n) return undefined
  const xm = mean(xs)
  const ym = mean(ys)
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - xm
    sxx += dx * dx
    sxy += dx * ((ys[i] ?? 0) - ym)
  }
  if (sxx === 0) return undefined
  const slope = sxy / sxx
  return { slope, intercept: ym - slope * xm }
}

export function mean(xs: ReadonlyArray<number>): number {
  let s = 0
  for (const x of xs) s += x
  return s / xs.length
}

/** Sample standard deviation (n − 1); 0 for fewer than two numbers. */
export function sampleSd(xs: ReadonlyArray<number>): number {
  if (xs.length < 2) return 0
  const m = mean(xs)
  let ss = 0
  for (const x of xs) ss += (x - m) ** 2
  return Math.sqrt(ss / (xs.length - 1))
}
