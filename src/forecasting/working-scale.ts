/**
 * The scale a method models its series on: the value itself, its logarithm (constant growth), or the logit of the
 * share it is of its bounds (URGD). Errors are resampled on this scale and mapped back.
 */
export interface WorkingScale {
  readonly to: (value: number) => number
  readonly from: (working: number) => number
  /** d(working)/d(value): turns a small change of the value into a change on this scale. */
  readonly slope: (value: number) => number
}

export const valueScale: WorkingScale = { to: (v) => v, from: (w) => w, slope: () => 1 }

export const logScale: WorkingScale = { to: (v) => Math.log(v), from: (w) => Math.exp(w), slope: (v) => 1 / v }

/** logit((v − lo)/(hi − lo)); with [0, 100] this is ln(PU/(100 − PU)) = ln(U/R), the urban/rural ratio. */
export function logitScale(lo: number, hi: number): WorkingScale {
  const width = hi - lo
  return {
    to: (v) => Math.log((v - lo) / (hi - v)),
    from: (w) => lo + width / (1 + Math.exp(-w)),
    slope: (v) => width / ((v - lo) * (hi - v)),
  }
}
