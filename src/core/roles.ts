/**
 * Who may do what: admin (everything), reviewer (province-wide review and publish), reporter (enters data for its
 * regions, reports on its department's tasks), viewer (reads everything).
 * @module
 */
export const ROLES = ['admin', 'reviewer', 'reporter', 'viewer'] as const

export type Role = (typeof ROLES)[number]
