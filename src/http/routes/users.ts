import { z } from 'zod'

import { newUserSchema, ROLES } from '../../app/users.js'
import { requireRole } from '../../app/workflow.js'
import { accountsReply, apiTokensReply, auditReply, errorReplies, okReply, publicUser as publicUserReply } from '../../contract/index.js'
import { auditCsvLine, AUDIT_CSV_HEADER } from '../../app/audit-csv.js'
import type { AuditFilter } from '../../app/ports/audit.js'
import { origin } from '../auth.js'
import type { App, Deps } from '../route-deps.js'
import { publicUser } from './session.js'

export function registerUserRoutes(app: App, { users, now, ctx }: Deps): void {
  app.get('/api/users', { schema: { tags: ['users'], summary: 'List accounts (admin)', response: { 200: accountsReply, ...errorReplies } } }, async (req) => {
    requireRole(req.user, ['admin'])
    return (await users.list()).map((u) => ({ ...publicUser(u), disabled: u.disabled }))
  })

  app.post(
    '/api/users',
    { schema: { tags: ['users'], summary: 'Create an account (admin)', body: newUserSchema, response: { 201: publicUserReply, ...errorReplies } } },
    async (req, reply) => {
      const admin = requireRole(req.user, ['admin'])
      const u = await users.create(req.body, admin.username, now().toISOString(), origin(req))
      reply.status(201)
      return publicUser(u)
    },
  )

  app.patch(
    '/api/users/:username',
    {
      schema: {
        tags: ['users'],
        summary:
          'Disable, enable, change the role, display name, regions or department of, or reset the password of an account (admin); the last enabled admin stays one. A reset ends the account’s sessions and revokes its API tokens',
        params: z.object({ username: z.string().min(1).max(64) }),
        body: z
          .object({
            disabled: z.boolean().optional(),
            role: z.enum(ROLES).optional(),
            password: z.string().min(1).max(200).optional(),
            displayName: z.string().trim().min(1).max(100).optional(),
            regions: z.array(z.string().min(1).max(64)).max(500).optional(),
            department: z.string().trim().min(1).max(100).nullable().optional(),
          })
          .strict(),
        response: { 200: okReply, ...errorReplies },
      },
    },
    async (req) => {
      const admin = requireRole(req.user, ['admin'])
      const at = now().toISOString()
      const { displayName, regions, department } = req.body
      if (displayName !== undefined || regions !== undefined || department !== undefined)
        await users.setProfile(
          req.params.username,
          { ...(displayName !== undefined ? { displayName } : {}), ...(regions !== undefined ? { regions } : {}), ...(department !== undefined ? { department } : {}) },
          admin.username,
          at,
          origin(req),
        )
      if (req.body.role !== undefined) await users.setRole(req.params.username, req.body.role, admin.username, at, origin(req))
      if (req.body.disabled !== undefined) await users.setDisabled(req.params.username, req.body.disabled, admin.username, at, origin(req))
      if (req.body.password !== undefined) await users.resetPassword(req.params.username, req.body.password, admin.username, at, origin(req))
      return { ok: true as const }
    },
  )

  app.get(
    '/api/users/:username/tokens',
    {
      schema: {
        tags: ['users'],
        summary: 'An account’s API tokens (admin)',
        params: z.object({ username: z.string().min(1).max(64) }),
        response: { 200: apiTokensReply, ...errorReplies },
      },
    },
    async (req) => {
      requireRole(req.user, ['admin'])
      return users.tokens(req.params.username)
    },
  )

  app.delete(
    '/api/users/:username/tokens/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Revoke one API token of an account (admin)',
        params: z.object({ username: z.string().min(1).max(64), id: z.coerce.number().int().positive() }),
        response: { 200: okReply, ...errorReplies },
      },
    },
    async (req) => {
      const admin = requireRole(req.user, ['admin'])
      await users.revokeToken(req.params.username, req.params.id, admin.username, now().toISOString(), origin(req))
      return { ok: true as const }
    },
  )

  const auditQuery = z.object({
    actor: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    entity: z.string().max(64).optional(),
    indicator: z.string().max(64).optional(),
    region: z.string().max(64).optional(),
    since: z.string().max(40).optional(),
    /** Exclusive; a bare date means through the end of that day. */
    until: z.string().max(40).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    format: z.enum(['json', 'csv']).default('json'),
  })
  type AuditQuery = z.infer<typeof auditQuery>
  const filterOf = (q: AuditQuery): Omit<AuditFilter, 'limit'> => ({
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.entity ? { entity: q.entity } : {}),
    ...(q.indicator ? { indicator: q.indicator } : {}),
    ...(q.region ? { region: q.region } : {}),
    ...(q.since ? { since: q.since } : {}),
    ...(q.until ? { until: /^\d{4}-\d{2}-\d{2}$/.test(q.until) ? nextDay(q.until) : q.until } : {}),
    ...(q.before !== undefined ? { before: q.before } : {}),
  })

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'The append-only audit log (admin, reviewer), newest first; filters by actor, action, entity, indicator, region, since/until (until: a bare date includes that day); `before` (an id) pages on. format=csv downloads every matching entry (UTF-8 BOM, paged as it is read; `limit` ignored)',
        querystring: auditQuery,
        response: { 200: auditReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      requireRole(req.user, ['admin', 'reviewer'])
      const filter = filterOf(req.query)
      if (req.query.format === 'csv') {
        // Reading the log is not a change to anything: the download is not itself recorded.
        reply.header('Content-Disposition', 'attachment; filename="urbmon-audit.csv"').type('text/csv; charset=utf-8')
        let out = AUDIT_CSV_HEADER
        let before = filter.before
        for (;;) {
          const page = await ctx.audit.list({ ...filter, ...(before !== undefined ? { before } : {}), limit: 1000 })
          for (const e of page) out += auditCsvLine(e)
          const last = page.at(-1)
          if (page.length < 1000 || !last) break
          before = last.id
        }
        return reply.send(out as never)
      }
      const entries = await ctx.audit.list({ ...filter, limit: req.query.limit })
      return entries.map((e) => ({
        id: e.id,
        at: e.at,
        actor: e.actor,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        indicator: e.indicator,
        region: e.region,
        period: e.period,
        source: e.source,
        oldValue: e.oldValue,
        newValue: e.newValue,
        oldStatus: e.oldStatus,
        newStatus: e.newStatus,
        detail: e.detail,
        origin: e.origin,
      }))
    },
  )
}

/** The day after `YYYY-MM-DD`, as the exclusive bound of "until that day". */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
