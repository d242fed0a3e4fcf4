import type { Forecast, Goal } from './model.js'

/** Slack for comparisons, as in the monitoring module's goal check: published figures are rounded decimals. */
const EPS = 1e-9

/**
 * Share of the simulated values at toYear that meet the goal: ≥ / ≤ / > / < / == value, about (|x − value| ≤
 * tolerance, default 0), between (min ≤ x ≤ max). NaN when there are no draws or the goal lacks the numbers its
 * comparator needs, rather than a probability of 0 that would read as "certain to miss".
 */
export function probabilityOfMeeting(f: Forecast, goal: Goal): number {
  const test = tester(goal)
  if (!test || f.drawsAtTarget.length === 0) return NaN
  let met = 0
  for (const x of f.drawsAtTarget) if (test(x)) met++
  return met / f.drawsAtTarget.length
}

function tester(g: Goal): ((x: number) => boolean) | undefined {
  if (g.comparator === 'between') {
    const { min, max } = g
    if (min === undefined || max === undefined) return undefined
    return (x) => x >= min - EPS && x <= max + EPS
  }
  const v = g.value
  if (v === undefined) return undefined
  switch (g.comparator) {
    case '>=':
      return (x) => x >= v - EPS
    case '<=':
      return (x) => x <= v + EPS
    case '>':
      return (x) => x > v
    case '<':
      return (x) => x < v
    case '==':
      return (x) => Math.abs(x - v) <= EPS
    case 'about': {
      const tol = g.tolerance ?? 0
      return (x) => Math.abs(x - v) <= tol + EPS
    }
  }
}
