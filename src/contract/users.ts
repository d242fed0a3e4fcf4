/** Sessions, API tokens, accounts and the audit log. @module */
import { z } from 'zod'

import { role } from './common.js'

export const publicUser = z.strictObject({
  username: z.string(),
  displayName: z.string(),
  role,
  /** Regions a reporter may write (with their children). */
  regions: z.array(z.string()),
  department: z.string().nullable(),
})
export type PublicUser = z.infer<typeof publicUser>

export const signInReply = z.strictObject({ user: publicUser, csrfToken: z.string(), expiresAt: z.string() })
/** `user` is null for an anonymous visitor (or an ended session): the probe answers 200, so pages can ask without an error. */
export const sessionReply = z.strictObject({
  user: publicUser.nullable(),
  /** Null for API tokens: they need no CSRF token. */
  csrfToken: z.string().nullable(),
  via: z.enum(['session', 'token']).optional(),
})
export type SessionReply = z.infer<typeof sessionReply>

export const tokenReply = z.strictObject({ token: z.string(), name: z.string() })

/** An API token as listed for its owner or an admin: never the token itself. */
export const apiToken = z.strictObject({ id: z.number(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })
export const apiTokensReply = z.array(apiToken)

export const accountsReply = z.array(publicUser.extend({ disabled: z.boolean() }))

export const auditEntry = z.strictObject({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  indicator: z.string().nullable(),
  region: z.string().nullable(),
  period: z.string().nullable(),
  source: z.string().nullable(),
  oldValue: z.number().nullable(),
  newValue: z.number().nullable(),
  oldStatus: z.string().nullable(),
  newStatus: z.string().nullable(),
  detail: z.unknown(),
  /** `cli`, or the client's address. */
  origin: z.string().nullable(),
})
export const auditReply = z.array(auditEntry)
