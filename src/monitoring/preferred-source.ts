import type { Indicator } from '../plan/plan-schema.js'

interface Candidate {
  readonly id: number
  readonly source: string
  readonly updatedAt: string
}

/**
 * The source a series uses when a cell has several (vintages): the first of the indicator's
 * `preferredSources` that matches (substring), else the value written most recently (then the latest id).
 */
export function pickPreferred<T extends Candidate>(candidates: ReadonlyArray<T>, indicator: Pick<Indicator, 'preferredSources'> | undefined): T | undefined {
  for (const pattern of indicator?.preferredSources ?? []) {
    const hit = candidates.find((c) => c.source.includes(pattern))
    if (hit) return hit
  }
  let best: T | undefined
  for (const c of candidates) {
    if (!best || c.updatedAt > best.updatedAt || (c.updatedAt === best.updatedAt && c.id > best.id)) best = c
  }
  return best
}
