/**
 * One place maps error codes to HTTP statuses and renders `{ error: { code, message, details } }` in the
 * client's language. Unknown errors are logged with their cause and returned as `internal` with a request id,
 * never a stack.
 * @module
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'

import { AppError, isAppError, type ErrorCode } from '../core/errors.js'
import { t, type Lang } from '../i18n/t.js'

const STATUS: Partial<Record<ErrorCode, number>> = {
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.throttled': 429,
  'auth.forbidden': 403,
  'auth.region_forbidden': 403,
  'auth.csrf': 403,
  'auth.disabled': 403,
  'user.exists': 409,
  'user.not_found': 404,
  'observation.not_found': 404,
  'observation.version_conflict': 409,
  'workflow.bad_transition': 409,
  'task.not_found': 404,
  'task.forbidden': 403,
  'inspection.not_found': 404,
  'inspection.open_items': 409,
  'http.not_found': 404,
  'http.bad_request': 400,
  'http.payload_too_large': 413,
  'http.unsupported_media_type': 415,
  'store.unavailable': 503,
  'store.not_initialised': 503,
  'cli.usage': 400,
  internal: 500,
}

/** Every other code is an input the server refuses: 422. */
export function httpStatus(code: ErrorCode): number {
  return STATUS[code] ?? 422
}

export function requestLang(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang
  if (q === 'en' || q === 'zh') return q
  const header = req.headers['accept-language'] ?? ''
  const first = header.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'zh'
}

export function sendError(reply: FastifyReply, req: FastifyRequest, e: AppError, details?: unknown) {
  const lang = requestLang(req)
  return reply.status(httpStatus(e.code)).send({
    error: { code: e.code, message: t(lang, e.code, e.params), messageEn: t('en', e.code, e.params), details: details ?? e.params },
  })
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => sendError(reply, req, new AppError('http.not_found')))
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) return sendError(reply, req, err)
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath, message: v.message ?? '' }))
      return sendError(reply, req, new AppError('validation.failed', { issues: issues.map((i) => `${i.path} ${i.message}`.trim()).join('; ') }), { issues })
    }
    if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return sendError(reply, req, new AppError('http.payload_too_large', { limit: String((err as { limit?: number }).limit ?? '') }))
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) return sendError(reply, req, new AppError('http.unsupported_media_type'))
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      // Malformed JSON, bad multipart and the like: say what, without internals.
      return sendError(reply, req, new AppError('http.bad_request', { detail: err.code ?? 'bad request' }))
    }
    req.log.error({ err }, 'unhandled error')
    return sendError(reply, req, new AppError('internal', { requestId: String(req.id) }))
  })
}
