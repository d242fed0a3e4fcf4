/**
 * The review workflow of a value: draft → submitted → approved → published, with "returned" back to the
 * reporter. Which roles may take a step is the application's rule (src/app/workflow.ts); the steps are here.
 * @module
 */

export const WORKFLOW_STATUSES = ['draft', 'submitted', 'approved', 'published', 'returned'] as const

export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number]

export const TRANSITIONS = ['submit', 'return', 'approve', 'publish'] as const

export type Transition = (typeof TRANSITIONS)[number]

/** Each step: the statuses it starts from and the one it leads to. */
export const TRANSITION_STEPS: Readonly<Record<Transition, { readonly from: ReadonlyArray<WorkflowStatus>; readonly to: WorkflowStatus }>> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted', 'approved'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
  publish: { from: ['approved'], to: 'published' },
}

export function isWorkflowStatus(value: unknown): value is WorkflowStatus {
  return typeof value === 'string' && (WORKFLOW_STATUSES as ReadonlyArray<string>).includes(value)
}
