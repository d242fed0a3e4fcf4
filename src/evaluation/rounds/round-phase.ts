/**
 * The phases of an evaluation round (issue 16): draft → self-evaluation → third-party review → consolidation →
 * closed, forward one at a time; a closed round goes back to consolidation only when an admin reopens it with a
 * reason. Pure.
 * @module
 */
import { err, ok, type Result } from '../../core/result.js'

export const ROUND_PHASES = ['draft', 'self_evaluation', 'third_party_review', 'consolidation', 'closed'] as const
export type RoundPhaseName = (typeof ROUND_PHASES)[number]

/** Why a phase change is refused: not the next phase, a reopen by someone not an admin, or without a reason. */
export type PhaseRefusal = 'not_next' | 'reopen_admin_only' | 'reason_required'

/** The phase after `phase`, or undefined for a closed round. */
export function nextPhase(phase: RoundPhaseName): RoundPhaseName | undefined {
  return ROUND_PHASES[ROUND_PHASES.indexOf(phase) + 1]
}

/**
 * Whether a round may move from `from` to `to`; `reopen` is true for closed → consolidation.
 * @example phaseChange('draft', 'self_evaluation', { admin: false, reason: '' }) // ok({ reopen: false })
 */
export function phaseChange(from: RoundPhaseName, to: RoundPhaseName, by: { readonly admin: boolean; readonly reason: string }): Result<{ reopen: boolean }, PhaseRefusal> {
  if (from === 'closed' && to === 'consolidation') {
    if (!by.admin) return err('reopen_admin_only')
    if (by.reason.trim() === '') return err('reason_required')
    return ok({ reopen: true })
  }
  return nextPhase(from) === to ? ok({ reopen: false }) : err('not_next')
}
