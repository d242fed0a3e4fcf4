/**
 * One place maps error codes to HTTP statuses and renders `{ error: { code, message, details } }` in the
 * client's language. Unknown errors are logged with their cause and returned as `internal` with a request id,
 * never a stack.
 * @module
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'

import { CONTROL_CHAR_ISSUE } from '../contract/text.js'
import { AppError, isAppError, type ErrorCode } from '../core/errors.js'
import { t, type Lang } from '../i18n/t.js'

/** Every code's status: a new code does not compile until it is given one. */
const STATUS = {
  'validation.failed': 422,
  'plan.yaml_syntax': 422,
  'plan.invalid': 422,
  'plan.reference': 422,
  'regions.invalid': 422,
  'region.unknown': 422,
  'region.ambiguous': 422,
  'indicator.unknown': 422,
  'file.not_found': 422,
  'file.unreadable': 422,
  'file.too_large': 413,
  'ingest.unsupported_format': 422,
  'ingest.legacy_xls': 422,
  'ingest.empty': 422,
  'ingest.no_table': 422,
  'ingest.layout_unknown': 422,
  'ingest.missing_column': 422,
  'ingest.bad_json': 422,
  'ingest.json_shape': 422,
  'ingest.not_numeric': 422,
  'ingest.not_available': 422,
  'ingest.unknown_region': 422,
  'ingest.ambiguous_region': 422,
  'ingest.unknown_indicator': 422,
  'ingest.unknown_unit': 422,
  'ingest.bad_year': 422,
  'ingest.bad_confidence': 422,
  'ingest.no_year': 422,
  'ingest.no_indicator': 422,
  'ingest.duplicate_conflict': 422,
  'ingest.duplicate_same': 422,
  'ingest.out_of_range': 422,
  'ingest.rule_failed': 422,
  'ingest.summary_mismatch': 422,
  'ingest.unlabeled_row_identified': 422,
  'ingest.unlabeled_row_unknown': 422,
  'ingest.value_revised': 422,
  'ingest.unit_converted': 422,
  'ingest.column_ignored': 422,
  'ingest.sheet_skipped': 422,
  'ingest.rejected': 422,
  'ingest.more_problems': 422,
  'ingest.stream_failed': 422,
  'ingest.limit_exceeded': 413,
  'ingest.parse_aborted': 413,
  'ingest.control_char': 422,
  'ingest.bad_encoding': 422,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.throttled': 429,
  'auth.forbidden': 403,
  'auth.region_forbidden': 403,
  'auth.csrf': 403,
  'auth.disabled': 403,
  'user.exists': 409,
  'user.not_found': 404,
  'user.invalid': 422,
  'user.last_admin': 409,
  'token.not_found': 404,
  'observation.not_found': 404,
  'observation.version_conflict': 409,
  'workflow.bad_transition': 409,
  'review.comment_required': 400,
  'http.not_found': 404,
  'http.bad_request': 400,
  'http.bad_value': 400,
  'http.file_missing': 400,
  'http.selection_required': 400,
  'http.bad_json': 400,
  'http.bad_multipart': 400,
  'http.too_many_files': 413,
  'http.payload_too_large': 413,
  'http.unsupported_media_type': 415,
  'export.too_many_rows': 422,
  'limit.busy': 429,
  'job.not_found': 404,
  'search.query_too_long': 400,
  'opendata.no_data': 404,
  'report.not_found': 404,
  'server.shutting_down': 503,
  'http.control_char': 422,
  'ingest.region_forbidden': 422,
  'backup.not_empty': 422,
  'backup.invalid': 422,
  'task.not_found': 404,
  'comment.cell_not_found': 404,
  'comment.body_required': 422,
  'task.forbidden': 403,
  'task.invalid': 422,
  'task.attachment_rejected': 422,
  'task.sheet_invalid': 422,
  'task.version_conflict': 422,
  'inspection.not_found': 404,
  'inspection.open_items': 409,
  'framework.invalid': 422,
  'questionnaire.invalid': 422,
  'sources.invalid': 422,
  'source.unknown': 404,
  'source.bad_grade': 422,
  'series.no_such_source': 422,
  'series.reason_required': 422,
  'evaluation.failed': 422,
  'evaluation.no_data': 422,
  'evaluation.ahp_inconsistent': 422,
  'evaluation.topsis_normalisation': 400,
  'store.unavailable': 503,
  'store.not_initialised': 503,
  'store.bad_url': 503,
  'store.connection_failed': 503,
  'store.auth_failed': 503,
  'store.database_missing': 503,
  'store.bad_schema_name': 503,
  'store.no_schema': 503,
  'store.migration_failed': 503,
  'store.bad_stored_value': 500,
  'store.busy': 503,
  'store.full': 507,
  'store.read_only': 503,
  'store.unreachable': 503,
  'store.nul_in_text': 422,
  'cli.usage': 400,
  'warning.target_behind': 422,
  'warning.missing_data': 422,
  'warning.stale_data': 422,
  'warning.suspicious_jump': 422,
  'warning.census_break': 422,
  'warning.vintage_conflict': 422,
  'warning.derived_mismatch': 422,
  'warning.task_overdue': 422,
  'warning.task_stalled': 422,
  'warning.tasks_overdue': 422,
  'warning.tasks_stalled': 422,
  'warning.grouped': 422,
  'forecast.failed': 422,
  internal: 500,
  'workflow.locked': 409,
  'workflow.awaits_city': 409,
  'ingest.unusual_change': 422,
  'workflow.needs_comment': 422,
  'workflow.province_only': 403,
  'workflow.region_forbidden': 403,
  'completeness.region_forbidden': 403,
  'inspection.closed': 409,
  'request.invalid': 422,
  'request.not_found': 404,
  'request.version_conflict': 409,
  'request.closed': 409,
  'round.invalid': 422,
  'round.not_found': 404,
  'round.item_not_found': 404,
  'round.version_conflict': 409,
  'round.closed': 409,
  'round.deadline_passed': 409,
  'round.wrong_phase': 409,
  'round.phase_refused': 409,
  'round.incomplete': 422,
  'round.nothing_to_submit': 409,
  'round.not_assigned': 403,
  'round.item_state': 409,
  'survey.not_found': 404,
  'survey.bad_region': 422,
  'survey.token_invalid': 400,
  'survey.token_expired': 410,
  'survey.token_used': 409,
  'survey.bad_answer': 422,
  'survey.duplicate': 409,
  'survey.rate_limited': 429,
  'survey.bad_round': 422,
  'survey.import_cell': 422,
  'survey.import_rejected': 422,
} as const satisfies Record<ErrorCode, number>

export function httpStatus(code: ErrorCode): number {
  return STATUS[code]
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
  // Backpressure: the client may come back when the other writer (or its own running import) is likely done.
  if (e.code === 'survey.rate_limited') void reply.header('Retry-After', String((e as AppError<'survey.rate_limited'>).params.retryAfter))
  if (e.code === 'limit.busy' || e.code === 'store.busy') void reply.header('Retry-After', String((e as AppError<'limit.busy' | 'store.busy'>).params.retryAfter))
  return reply.status(httpStatus(e.code)).send({
    error: { code: e.code, message: t(lang, e.code, e.params), messageEn: t('en', e.code, e.params), details: details ?? e.params },
  })
}

/** The upload limits the server was built with, so a refusal can name them. */
export interface UploadLimits {
  readonly maxUploadBytes: number
  readonly maxFiles: number
}

/**
 * Fastify's and its plugins' own errors, as our codes; `undefined` for anything else. Their `FST_…` codes and
 * English messages stay in the log.
 */
function fastifyError(err: FastifyError, req: FastifyRequest, limits: UploadLimits): AppError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('http.bad_json', {}, { cause: err })
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('http.payload_too_large', { limit: req.routeOptions.bodyLimit }, { cause: err })
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('http.payload_too_large', { limit: limits.maxUploadBytes }, { cause: err })
    case 'FST_FILES_LIMIT':
      return new AppError('http.too_many_files', { max: limits.maxFiles }, { cause: err })
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new AppError('http.bad_multipart', {}, { cause: err })
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('http.unsupported_media_type', { contentType: (req.headers['content-type'] ?? '').slice(0, 100) }, { cause: err })
  }
  // The JSON parser's SyntaxError carries only a status; a body that fails to parse is the client's.
  if (err instanceof SyntaxError && err.statusCode === 400) return new AppError('http.bad_json', {}, { cause: err })
  if (err.statusCode === 413) return new AppError('http.payload_too_large', { limit: req.server.initialConfig.bodyLimit ?? 0 }, { cause: err })
  if (err.statusCode === 415) return new AppError('http.unsupported_media_type', { contentType: (req.headers['content-type'] ?? '').slice(0, 100) }, { cause: err })
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new AppError('http.bad_request', {}, { cause: err })
  return undefined
}

export function installErrorHandler(app: FastifyInstance, limits: UploadLimits): void {
  app.setNotFoundHandler((req, reply) => sendError(reply, req, new AppError('http.not_found')))
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) return sendError(reply, req, err)
    if (hasZodFastifySchemaValidationErrors(err)) {
      const control = err.validation.find((v) => v.message === CONTROL_CHAR_ISSUE)
      if (control) return sendError(reply, req, new AppError('http.control_char', { field: control.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body' }))
      const issues = err.validation.map((v) => ({ path: v.instancePath, issue: v.keyword }))
      return sendError(reply, req, new AppError('validation.failed', { fields: [...new Set(issues.map((i) => i.path))].join(', ') }), { issues })
    }
    const known = fastifyError(err, req, limits)
    if (known) {
      req.log.info({ code: err.code, message: err.message }, 'request refused')
      return sendError(reply, req, known)
    }
    req.log.error({ err }, 'unhandled error')
    return sendError(reply, req, new AppError('internal', { requestId: String(req.id) }))
  })
}
