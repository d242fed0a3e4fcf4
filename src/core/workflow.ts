/**
 * The review workflow of a value: draft → submitted → approved → published, with "returned" back to the
 * reporter. With two approval levels (the plan's `workflow.approvalLevels: 2`) a county's value is first approved
 * by its city (`approved_local`), then by the province (`approved`); each level locks what it approved against the
 * level below. Which roles may take a step is the application's rule (src/app/workflow.ts); the steps are here.
 * @module
 */

export const WORKFLOW_STATUSES = ['draft', 'submitted', 'approved_local', 'approved', 'published', 'returned'] as const

export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number]

export const TRANSITIONS = ['submit', 'return', 'approve', 'publish'] as const

export type Transition = (typeof TRANSITIONS)[number]

/** Each step of one-level review: the statuses it starts from and the one it leads to. */
export const TRANSITION_STEPS: Readonly<Record<Transition, { readonly from: ReadonlyArray<WorkflowStatus>; readonly to: WorkflowStatus }>> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted', 'approved'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
  publish: { from: ['approved'], to: 'published' },
}

export function isWorkflowStatus(value: unknown): value is WorkflowStatus {
  return typeof value === 'string' && (WORKFLOW_STATUSES as ReadonlyArray<string>).includes(value)
}

/** 1: reviewers approve, then publish. 2: the city approves its counties, then the province approves. */
export type ApprovalLevels = 1 | 2

/** Who reviews: a reviewer limited to some regions reviews at the city level, one without regions (or an admin) at the province. */
export type ReviewLevel = 'city' | 'province'

/**
 * Where a value's review starts: a county's value (two levels) waits for its city first; a city's or the
 * province's own value goes straight to the province.
 */
export function firstLevelOf(levels: ApprovalLevels, regionLevel: string): ReviewLevel {
  return levels === 2 && regionLevel === 'county' ? 'city' : 'province'
}

/** The statuses a reporter may not revise: they are held by a reviewer who must return them first. */
export function lockedStatuses(levels: ApprovalLevels): ReadonlyArray<WorkflowStatus> {
  return levels === 2 ? ['approved_local', 'approved'] : []
}

/** Who holds a value in this status against edits and returns from below (null: nobody). */
export function holderOf(status: WorkflowStatus): ReviewLevel | null {
  return status === 'approved_local' ? 'city' : status === 'approved' ? 'province' : null
}

/** Why a reviewer may not take a step on a value (the application turns it into an error naming the cell). */
export type StepRefusal =
  /** The value is not in a status the step starts from. */
  | { readonly reason: 'status' }
  /** A higher level approved it: it is locked against this reviewer. */
  | { readonly reason: 'locked'; readonly holder: ReviewLevel }
  /** A county's value the city has not approved yet (the province waits for the city). */
  | { readonly reason: 'awaits_city' }
  /** Publishing is the province's step. */
  | { readonly reason: 'province_only' }

/**
 * A review step (return, approve, publish) on one value by a reviewer of a level: the status it leads to, or why
 * not. `first` is where the value's review starts (`firstLevelOf`). Region scope is checked by the caller.
 */
export function reviewStep(
  levels: ApprovalLevels,
  action: Exclude<Transition, 'submit'>,
  status: WorkflowStatus,
  reviewer: ReviewLevel,
  first: ReviewLevel,
): { readonly to: WorkflowStatus } | StepRefusal {
  if (levels === 1) {
    const step = TRANSITION_STEPS[action]
    return step.from.includes(status) ? { to: step.to } : { reason: 'status' }
  }
  if (action === 'publish') {
    if (reviewer !== 'province') return { reason: 'province_only' }
    return status === 'approved' ? { to: 'published' } : { reason: 'status' }
  }
  if (reviewer === 'city') {
    if (status === 'approved') return { reason: 'locked', holder: 'province' }
    if (first === 'province') return { reason: 'province_only' }
    if (action === 'approve') return status === 'submitted' ? { to: 'approved_local' } : { reason: 'status' }
    return status === 'submitted' || status === 'approved_local' ? { to: 'returned' } : { reason: 'status' }
  }
  if (action === 'approve') {
    if (status === 'approved_local') return { to: 'approved' }
    if (status === 'submitted') return first === 'city' ? { reason: 'awaits_city' } : { to: 'approved' }
    return { reason: 'status' }
  }
  return status === 'submitted' || status === 'approved_local' || status === 'approved' ? { to: 'returned' } : { reason: 'status' }
}

/** The statuses a reviewer of a level works on (its review queue). */
export function queueStatuses(levels: ApprovalLevels, reviewer: ReviewLevel): ReadonlyArray<WorkflowStatus> {
  if (levels === 1) return ['submitted', 'approved']
  return reviewer === 'city' ? ['submitted', 'approved_local'] : ['submitted', 'approved_local', 'approved']
}
