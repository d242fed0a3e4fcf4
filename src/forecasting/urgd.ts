/**
 * Urban–rural growth difference (UN World Urbanization Prospects; docs/methods.md §3.5): URGD = (1/n)[ln(U_t/U_{t−n}) −
 * ln(R_t/R_{t−n})], and since U/R = p/(1 − p) for the urban share p, URGD = (1/n)[logit(p_t) − logit(p_{t−n})].
 * WUP moves the observed URGD linearly over 25 years towards a "world norm" that depends on the level of
 * urbanization (WUP 2018 methodology, ESA/P/WP/252); this module implements the simple form, URGD held constant:
 * logit(p_{t+k}) = logit(p_t) + URGD·k.
 * @module
 */

/** The span URGD is measured over: the last up-to-10 years, recent enough to reflect the current pace. */
export const URGD_SPAN_YEARS = 10

export interface UrgdEstimate {
  readonly urgd: number
  /** Index of the span's first observation; the span ends at the last one. */
  readonly fromIndex: number
  readonly spanFrom: number
  readonly spanTo: number
}

/**
 * URGD from the observation nearest to URGD_SPAN_YEARS before the last one without going further back (or, after a
 * gap longer than that, the one just before the last) to the last observation. Years sorted, at least two.
 */
export function estimateUrgd(years: ReadonlyArray<number>, logits: ReadonlyArray<number>): UrgdEstimate {
  const last = years.length - 1
  const spanTo = years[last] ?? NaN
  let fromIndex = last - 1
  while (fromIndex > 0 && (years[fromIndex - 1] ?? -Infinity) >= spanTo - URGD_SPAN_YEARS) fromIndex--
  const spanFrom = years[fromIndex] ?? NaN
  const urgd = ((logits[last] ?? NaN) - (logits[fromIndex] ?? NaN)) / (spanTo - spanFrom)
  return { urgd, fromIndex, spanFrom, spanTo }
}
