/**
 * Draws built on the caller's uniform generator, so all randomness stays reproducible from one seed.
 * @module
 */

/** A uniform index in [0, n). */
export function pickIndex(rng: () => number, n: number): number {
  // min() guards a generator that returns exactly 1 despite its contract.
  return Math.min(n - 1, Math.floor(rng() * n))
}

export function pickFrom(rng: () => number, pool: ReadonlyArray<number>): number {
  return pool[pickIndex(rng, pool.length)] ?? 0
}

export function uniformBetween(rng: () => number, low: number, high: number): number {
  return low + (high - low) * rng()
}

/** Box–Muller; 1 − u keeps the logarithm's argument in (0, 1]. */
export function standardNormal(rng: () => number): number {
  const u1 = 1 - rng()
  const u2 = rng()
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}
