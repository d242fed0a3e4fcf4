export { nextPhase, phaseChange, ROUND_PHASES, type PhaseRefusal, type RoundPhaseName } from './round-phase.js'
export { isBetterThan, RATED_STATUS_ORDER, type RatedStatus } from './status-order.js'
export { deadlineVerdict, isOverdue, type DeadlineVerdict } from './deadline.js'
export { covered, targetApplies, taskApplies, type RegionRelations, type TargetScope, type TaskScope } from './round-items.js'
