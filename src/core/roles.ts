/**
 * Who may do what: admin (everything), reviewer (province-wide review and publish), reporter (enters data for its
 * regions, reports on its department's tasks), viewer (reads everything), evaluator (a third party: reads, and rates the evaluation rounds it is assigned to).
 * @module
 */
export const ROLES = ['admin', 'reviewer', 'reporter', 'viewer', 'evaluator'] as const

export type Role = (typeof ROLES)[number]
