import type { ForecastMethod, ForecastOptions } from './model.js'

/** Fewer points than this and 'auto' does not trust a share's curvature: linear. */
export const AUTO_MIN_POINTS = 5

/**
 * 'auto': URGD for a bounded share (finite bounds, every value strictly inside) with at least AUTO_MIN_POINTS
 * points, else linear. URGD rather than the fitted logistic because it is what UN WUP uses for urbanization, it
 * stays inside the bounds by construction, it has one parameter measured on recent years, and it cannot fail to
 * converge; a logistic's K is weakly identified while the curve has not yet bent (Jiangsu 2010–2024 fits
 * K ≈ 96, and moves a lot with the 2020 census step).
 */
export function chooseMethod(requested: ForecastOptions['method'], values: ReadonlyArray<number>, bounds: readonly [number, number] | undefined): ForecastMethod {
  if (requested !== 'auto') return requested
  if (bounds === undefined || !Number.isFinite(bounds[0]) || !Number.isFinite(bounds[1])) return 'linear'
  const inside = values.every((v) => v > bounds[0] && v < bounds[1])
  return inside && values.length >= AUTO_MIN_POINTS ? 'urgd' : 'linear'
}
