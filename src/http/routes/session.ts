import { z } from 'zod'

import type { User } from '../../app/users.js'
import { apiTokensReply, errorReplies, okReply, sessionReply, signInReply, tokenReply } from '../../contract/index.js'
import { AppError } from '../../core/errors.js'
import { origin, requireUser, SESSION_COOKIE } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

const publicUser = (u: Pick<User, 'username' | 'displayName' | 'role' | 'regions' | 'department'>) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  regions: u.regions,
  department: u.department,
})

export function registerSessionRoutes(app: App, deps: Deps): void {
  const { users, throttle, now } = deps
  app.post(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in (sets an HttpOnly session cookie; returns the CSRF token for writes)',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict(),
        response: { 200: signInReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body
      // Recorded before the hash is checked: concurrent guesses see each other's attempts.
      const admission = await throttle.admit(req.ip, username)
      if (!admission.allowed) {
        reply.header('Retry-After', String(admission.retryAfter))
        throw new AppError('auth.throttled', { retryAfter: admission.retryAfter })
      }
      const user = await users.verify(username, password)
      if (!user) throw new AppError('auth.invalid_credentials')
      await throttle.succeeded(admission.ticket)
      const session = await users.createSession(user, now(), req.ip)
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies ?? req.protocol === 'https',
        expires: new Date(session.expiresAt),
      })
      return { user: publicUser(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt }
    },
  )

  // Anonymous visitors (and ended sessions) get 200 with user null: every public page probes this, and a 401 there
  // would be a console error on each of them. An unknown or revoked API token is still refused (401) by the auth hook.
  app.get(
    '/api/session',
    { schema: { tags: ['session'], summary: 'Who am I (and the CSRF token of my session); user is null when not signed in', response: { 200: sessionReply, ...errorReplies } } },
    (req) => {
      const user = req.user
      if (!user) return Promise.resolve({ user: null, csrfToken: null })
      return Promise.resolve({ user: publicUser(user), csrfToken: req.csrfToken ?? null, ...(req.authKind ? { via: req.authKind } : {}) })
    },
  )

  app.delete('/api/session', { schema: { tags: ['session'], summary: 'Sign out', response: { 200: okReply, ...errorReplies } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE]
    if (token) await users.deleteSession(token)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { ok: true as const }
  })

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['session'],
        summary: 'Create an API token for yourself (shown once)',
        body: z.object({ name: z.string().min(1).max(100) }).strict(),
        response: { 200: tokenReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      const token = await users.createToken(user.username, req.body.name, now().toISOString(), user.username, origin(req))
      return { token, name: req.body.name }
    },
  )

  app.get(
    '/api/tokens',
    { schema: { tags: ['session'], summary: 'Your API tokens (revoked ones too; never the tokens themselves)', response: { 200: apiTokensReply, ...errorReplies } } },
    async (req) => {
      const user = requireUser(req)
      return users.tokens(user.username)
    },
  )

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['session'],
        summary: 'Revoke one of your API tokens',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: okReply, ...errorReplies },
      },
    },
    async (req) => {
      const user = requireUser(req)
      await users.revokeToken(user.username, req.params.id, user.username, now().toISOString(), origin(req))
      return { ok: true as const }
    },
  )

  app.post(
    '/api/account/password',
    {
      schema: {
        tags: ['session'],
        summary: 'Change your password (the current one is checked, and throttled like a sign-in); every session and API token of yours ends',
        body: z.object({ currentPassword: z.string().min(1).max(200), password: z.string().min(1).max(200) }).strict(),
        response: { 200: okReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const user = requireUser(req)
      const admission = await throttle.admit(req.ip, user.username)
      if (!admission.allowed) {
        reply.header('Retry-After', String(admission.retryAfter))
        throw new AppError('auth.throttled', { retryAfter: admission.retryAfter })
      }
      if (!(await users.verify(user.username, req.body.currentPassword))) throw new AppError('auth.invalid_credentials')
      await throttle.succeeded(admission.ticket)
      await users.changeOwnPassword(user, req.body.password, now().toISOString(), origin(req))
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return { ok: true as const }
    },
  )
}

export { publicUser }
