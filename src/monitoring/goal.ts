import type { Comparator } from '../plan/plan-schema.js'

export interface Goal {
  readonly comparator: Comparator
  readonly value?: number | undefined
  readonly min?: number | undefined
  readonly max?: number | undefined
  readonly tolerance?: number | undefined
}

const EPS = 1e-9

/** Whether x meets a goal: ≥ 75, ≤ 2.15, about 80 (± tolerance), between 2 and 3. */
export function meets(x: number, g: Goal): boolean {
  switch (g.comparator) {
    case '>=':
      return x >= (g.value ?? NaN) - EPS
    case '<=':
      return x <= (g.value ?? NaN) + EPS
    case '>':
      return x > (g.value ?? NaN)
    case '<':
      return x < (g.value ?? NaN)
    case '==':
      return Math.abs(x - (g.value ?? NaN)) <= EPS
    case 'about':
      return Math.abs(x - (g.value ?? NaN)) <= (g.tolerance ?? 0) + EPS
    case 'between':
      return x >= (g.min ?? NaN) - EPS && x <= (g.max ?? NaN) + EPS
  }
}

/** The single number progress is measured towards: the value, or the nearer end of a range. */
export function goalPoint(g: Goal, from: number): number {
  if (g.comparator !== 'between') return g.value ?? NaN
  const min = g.min ?? NaN
  const max = g.max ?? NaN
  return from < min ? min : from > max ? max : from
}

/** +1 when reaching the goal means going up from `from`, −1 when down. */
export function senseTowards(g: Goal, from: number, direction: 'higher' | 'lower' | 'none'): 1 | -1 {
  if (g.comparator === '>=' || g.comparator === '>') return 1
  if (g.comparator === '<=' || g.comparator === '<') return -1
  const point = goalPoint(g, from)
  if (point !== from) return point > from ? 1 : -1
  return direction === 'lower' ? -1 : 1
}

export function describeGoal(g: Goal): string {
  const sym: Record<Comparator, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '==': '=', about: '≈', between: '' }
  return g.comparator === 'between' ? `${g.min}–${g.max}` : `${sym[g.comparator]}${g.value}${g.comparator === 'about' && g.tolerance ? ` (±${g.tolerance})` : ''}`
}
