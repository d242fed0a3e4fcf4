/**
 * Who is asking: a session cookie (browsers; writes need the session's CSRF token in X-CSRF-Token) or an API
 * token (`Authorization: Bearer urbmon_…`, for machines). Anonymous requests read published data only.
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'

import type { User, UserService } from '../app/users.js'
import { AppError } from '../core/errors.js'

export const SESSION_COOKIE = 'urbmon_session'

declare module 'fastify' {
  interface FastifyRequest {
    user?: User
    /** How the user was recognised: session cookies need CSRF protection on writes, tokens do not. */
    authKind?: 'session' | 'token'
    csrfToken?: string
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export function installAuth(app: FastifyInstance, users: UserService, now: () => Date): void {
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization
    if (header?.startsWith('Bearer ')) {
      const user = await users.tokenUser(header.slice(7).trim(), now())
      if (!user) throw new AppError('auth.invalid_credentials')
      req.user = user
      req.authKind = 'token'
      return
    }
    const token = req.cookies[SESSION_COOKIE]
    if (!token) return
    const session = await users.sessionUser(token, now())
    if (!session) return
    req.user = session.user
    req.authKind = 'session'
    req.csrfToken = session.csrfToken
    // Writes from a browser session must prove they come from our page (double-submit token).
    if (!SAFE.has(req.method) && !req.url.startsWith('/api/session')) {
      const sent = req.headers['x-csrf-token']
      if (typeof sent !== 'string' || sent !== session.csrfToken) throw new AppError('auth.csrf')
    }
  })
}

export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new AppError('auth.required')
  return req.user
}

/** The address a change came from, for the audit log. */
export const origin = (req: FastifyRequest): string => `http:${req.ip}`
