/**
 * Resolves what a file calls an indicator (an id, a name, an alias, a yearbook heading with its unit) to the plan's indicator.
 * @module
 */
import { distance } from 'fastest-levenshtein'

import { err, ok, type Result } from '../core/result.js'
import { unitInText } from '../core/units.js'
import type { Indicator, Plan } from './plan-schema.js'

export function normaliseHeading(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[“”"'‘’]/g, '')
    .toLowerCase()
}

export class IndicatorCatalog {
  readonly #byId = new Map<string, Indicator>()
  readonly #byKey = new Map<string, Indicator>()

  constructor(indicators: ReadonlyArray<Indicator>) {
    for (const ind of indicators) this.#byId.set(ind.id, ind)
    for (const ind of indicators) {
      for (const key of [ind.id, ind.name, ind.nameEn, ...ind.aliases]) {
        const k = normaliseHeading(key)
        if (!this.#byKey.has(k)) this.#byKey.set(k, ind)
      }
    }
  }

  static fromPlan(plan: Plan): IndicatorCatalog {
    return new IndicatorCatalog(plan.indicators)
  }

  get all(): ReadonlyArray<Indicator> {
    return [...this.#byId.values()]
  }

  get(id: string): Indicator | undefined {
    return this.#byId.get(id)
  }

  /** Resolves a name; a unit in parentheses is ignored for the match and returned beside it. */
  resolve(raw: string): Result<{ indicator: Indicator; unit?: string }, { name: string; candidates: Indicator[] }> {
    const direct = this.#byKey.get(normaliseHeading(raw))
    if (direct) return ok({ indicator: direct })
    const u = unitInText(raw)
    if (u) {
      const found = this.#byKey.get(normaliseHeading(u.rest))
      if (found) return ok({ indicator: found, unit: u.unit })
    }
    return err({ name: raw, candidates: this.nearest(normaliseHeading(u?.rest ?? raw)) })
  }

  nearest(key: string, limit = 3): Indicator[] {
    const scored: Array<{ ind: Indicator; d: number }> = []
    for (const ind of this.#byId.values()) {
      let best = Infinity
      for (const n of [ind.id, ind.name, ind.nameEn, ...ind.aliases]) {
        const nn = normaliseHeading(n)
        const d = nn.includes(key) || key.includes(nn) ? Math.abs(nn.length - key.length) * 0.5 : distance(nn, key)
        best = Math.min(best, d)
      }
      if (best <= Math.max(2, key.length / 3)) scored.push({ ind, d: best })
    }
    return scored
      .sort((a, b) => a.d - b.d)
      .slice(0, limit)
      .map((s) => s.ind)
  }
}
