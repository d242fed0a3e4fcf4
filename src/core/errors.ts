/**
 * Errors carry a stable code and structured params; text is rendered only at the edge from the i18n catalogs.
 * @module
 */

export const ERROR_CODES = [
  'validation.failed',
  'plan.yaml_syntax',
  'plan.invalid',
  'plan.reference',
  'regions.invalid',
  'region.unknown',
  'region.ambiguous',
  'indicator.unknown',
  'file.not_found',
  'file.unreadable',
  'ingest.unsupported_format',
  'ingest.legacy_xls',
  'ingest.empty',
  'ingest.no_table',
  'ingest.layout_unknown',
  'ingest.missing_column',
  'ingest.bad_json',
  'ingest.not_numeric',
  'ingest.not_available',
  'ingest.unknown_region',
  'ingest.ambiguous_region',
  'ingest.unknown_indicator',
  'ingest.unknown_unit',
  'ingest.bad_year',
  'ingest.no_year',
  'ingest.no_indicator',
  'ingest.duplicate_conflict',
  'ingest.duplicate_same',
  'ingest.out_of_range',
  'ingest.rule_failed',
  'ingest.summary_mismatch',
  'ingest.unlabeled_row_identified',
  'ingest.unlabeled_row_unknown',
  'ingest.value_revised',
  'ingest.unit_converted',
  'ingest.column_ignored',
  'ingest.sheet_skipped',
  'ingest.rejected',
  'ingest.more_problems',
  'ingest.stream_failed',
  'auth.required',
  'auth.invalid_credentials',
  'auth.throttled',
  'auth.forbidden',
  'auth.region_forbidden',
  'auth.csrf',
  'auth.disabled',
  'user.exists',
  'user.not_found',
  'user.invalid',
  'observation.not_found',
  'observation.version_conflict',
  'workflow.bad_transition',
  'http.not_found',
  'http.bad_request',
  'http.payload_too_large',
  'http.unsupported_media_type',
  'ingest.region_forbidden',
  'backup.not_empty',
  'backup.invalid',
  'task.not_found',
  'task.forbidden',
  'task.invalid',
  'task.attachment_rejected',
  'task.sheet_invalid',
  'task.version_conflict',
  'inspection.not_found',
  'inspection.open_items',
  'framework.invalid',
  'evaluation.failed',
  'evaluation.no_data',
  'evaluation.ahp_inconsistent',
  'store.unavailable',
  'store.not_initialised',
  'cli.usage',
  'warning.target_behind',
  'warning.missing_data',
  'warning.stale_data',
  'warning.suspicious_jump',
  'warning.census_break',
  'warning.vintage_conflict',
  'warning.derived_mismatch',
  'warning.task_overdue',
  'warning.task_stalled',
  'forecast.failed',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export type ErrorParams = Readonly<Record<string, string | number>>

export class AppError extends Error {
  readonly code: ErrorCode
  readonly params: ErrorParams

  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(code, options)
    this.name = 'AppError'
    this.code = code
    this.params = params
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
