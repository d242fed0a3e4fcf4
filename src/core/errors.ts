/**
 * Errors carry a stable code and structured params; text is rendered only at the edge from the i18n catalogs.
 * Each code declares its params below, so a throw site that forgets one, or misspells one, does not compile.
 * Params are data (names, numbers, codes of the underlying failure), never prose: the catalogs say it in both
 * languages.
 * @module
 */

/** What a schema (zod) issue says, as data: the catalogs render the issue code. */
/** `rule`: a cross-field rule of a schema that the value breaks (a zod refinement naming it in its params). */
/** The named rules a schema's own checks (zod refinements) report, each with its sentence in the catalogs. */
export const SCHEMA_RULES = [
  'rescale_range',
  'topsis_normalisation',
  'duplicate_question',
  'duplicate_questionnaire',
  'unknown_dimension',
  'duplicate_option',
  'scale_order',
  'scale_labels',
] as const
export type SchemaRule = (typeof SCHEMA_RULES)[number]
export type SchemaIssueParams = { path: string; reason: 'schema'; issue: string; expected?: string; limit?: number; rule?: SchemaRule }

export type ErrorParamsByCode = {
  'validation.failed': { fields: string }
  /** `reason`: the YAML parser's error code (DUPLICATE_KEY, BAD_INDENT, …). */
  'plan.yaml_syntax': { reason: string }
  'plan.invalid':
    | SchemaIssueParams
    | { path: string; reason: 'duplicate_id'; id: string }
    | { path: string; reason: 'formula'; formula: string }
    | { path: string; reason: 'no_direction'; indicator: string }
  'plan.reference': { path: string; kind: 'indicator' | 'section' | 'milestone' | 'target' | 'region'; ref: string }
  'regions.invalid':
    | SchemaIssueParams
    | { path: string; reason: 'yaml_syntax'; yaml: string }
    | { path: string; reason: 'unknown_parent'; parent: string }
    | { path: string; reason: 'unknown_member'; region: string }
    | { path: string; reason: 'duplicate_code'; code: string }
  'region.unknown': { name: string; candidates: string }
  'region.ambiguous': { name: string; candidates: string }
  'indicator.unknown': { name: string; candidates: string }
  'file.not_found': { file: string }
  /** `reason`: the system's error code (ENOENT, EACCES, EISDIR, …), or `corrupt` when the content cannot be parsed. */
  'file.unreadable': { file: string; reason: string }
  'file.too_large': { file: string; limitMiB: number }
  'ingest.unsupported_format': { ext: string }
  'ingest.legacy_xls': Record<string, never>
  'ingest.empty': Record<string, never>
  'ingest.no_table': Record<string, never>
  'ingest.layout_unknown': Record<string, never>
  'ingest.missing_column': { column: string; accepted: string }
  'ingest.bad_json': { position?: number }
  'ingest.json_shape': { fields: string }
  'ingest.not_numeric': { value: string }
  'ingest.not_available': { value: string }
  'ingest.unknown_region': { value: string; candidates: string }
  'ingest.ambiguous_region': { value: string; candidates: string }
  'ingest.unknown_indicator': { value: string; candidates: string }
  'ingest.unknown_unit': { unit: string; indicator: string; expected: string }
  'ingest.bad_year': { value: string }
  'ingest.bad_confidence': { value: string; accepted: string }
  'ingest.no_year': { header: string }
  'ingest.no_indicator': { header: string }
  'ingest.duplicate_conflict': { indicator: string; region: string; year: number; value: number | string; otherRow: number | string; otherValue: number | string }
  'ingest.duplicate_same': { otherRow: number | string }
  'ingest.out_of_range': { value: number | string; indicator: string; min: number | string; max: number | string }
  'ingest.rule_failed': { rule: string; ruleEn: string; left: string; leftValue: string; operator: string; right: string; rightValue: string; tolerance: number }
  'ingest.summary_mismatch': { region: string; indicator: string; value: number | string; sum: number | string; tolerance: number | string }
  'ingest.unlabeled_row_identified': { row: number; how: string; howEn: string; region: string }
  /** `several`: the row equals the member sums of several summary regions; `none`: of none of them; `no_summary`: nothing to compare. */
  'ingest.unlabeled_row_unknown': { row: number; reason: 'several' | 'none' | 'no_summary'; candidates: string; candidatesEn: string }
  'ingest.value_revised': { indicator: string; region: string; year: number | string; source: string; old: number | string; value: number | string }
  'ingest.unit_converted': { from: string; to: string }
  'ingest.column_ignored': { header: string }
  'ingest.sheet_skipped': { sheet: string }
  'ingest.rejected': { errors: number }
  'ingest.more_problems': { code: string; count: number; shown: number }
  /** `reason`: the CSV parser's or the system's error code. */
  'ingest.stream_failed': { reason: string }
  /** A reader's limit (src/ingest/limits.ts) reached: `max` is the limit, `actual` what the file holds when known, `setting` its variable. */
  'ingest.limit_exceeded': {
    limit: 'fileBytes' | 'cells' | 'columns' | 'fieldChars' | 'jsonDepth' | 'unzippedBytes' | 'zipRatio' | 'zipEntries' | 'merges'
    max: number
    actual?: number
    setting: string
  }
  /** The parsing worker was ended: out of its heap (`limit` MiB), past its time (`limit` s), or it failed. */
  'ingest.parse_aborted': { file: string; reason: 'memory' | 'timeout' | 'crashed'; limit?: number; setting?: string }
  /** `char`: the code point as U+XXXX. */
  'ingest.control_char': { char: string }
  /** Neither UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 nor Windows-1252. */
  'ingest.bad_encoding': Record<string, never>
  'auth.required': Record<string, never>
  'auth.invalid_credentials': Record<string, never>
  'auth.throttled': { retryAfter: number }
  'auth.forbidden': { role: string }
  'auth.region_forbidden': { region: string }
  'auth.csrf': Record<string, never>
  'auth.disabled': Record<string, never>
  /** `existing`: the account whose name differs only in case, when it is not `username` itself. */
  'user.exists': { username: string; existing?: string }
  'user.not_found': { username: string }
  'user.invalid':
    | { reason: 'fields'; fields: string }
    | { reason: 'unknown_region'; region: string }
    | { reason: 'reporter_scope' }
    | { reason: 'password_short'; min: number }
    | { reason: 'password_common' | 'password_username' | 'password_repetitive' }
  /** The change would leave no enabled admin. */
  'user.last_admin': { username: string }
  'token.not_found': { id: number | string }
  'observation.not_found': { indicator: string; region: string; year: number | string }
  'observation.version_conflict': { current: number; given: number | string }
  'workflow.bad_transition': { status: string; action: string }
  'review.comment_required': Record<string, never>
  'http.not_found': Record<string, never>
  'http.bad_request': Record<string, never>
  'http.bad_value': { field: string; value: string }
  'http.file_missing': { field: string }
  'http.selection_required': Record<string, never>
  'http.bad_json': Record<string, never>
  'http.bad_multipart': Record<string, never>
  'http.too_many_files': { max: number }
  /** `limit` in bytes. */
  'http.payload_too_large': { limit: number }
  'http.unsupported_media_type': { contentType?: string }
  /** An export larger than its format's cap (`limit` rows); CSV and JSON have none. */
  'export.too_many_rows': { rows: number; limit: number; format: 'xlsx' }
  /** A user (or an anonymous address) already running `limit` imports or exports; `retryAfter` in seconds. */
  'limit.busy': { kind: 'import' | 'export'; limit: number; retryAfter: number }
  'job.not_found': { id: string }
  /** A site search whose text is longer than `max` characters. */
  'search.query_too_long': { field: string; max: number; length: number }
  /** An open-data file asked for a selection without any published figure. */
  'opendata.no_data': { indicator: string; region: string; years: string }
  /** No report with this id in the report library (or, for the public, none published). */
  'report.not_found': { id: string }
  /** The server is stopping: a job it could not finish in time was rolled back. */
  'server.shutting_down': Record<string, never>
  /** A text field of a request holds a control character (NUL, other C0 but tab, LF, CR). */
  'http.control_char': { field: string }
  'ingest.region_forbidden': { region: string }
  'backup.not_empty': { db: string; tables: string }
  'backup.invalid':
    | { line: number; reason: 'not_json' | 'no_header' | 'not_header' | 'unknown_tables' | 'no_counts' | 'not_row' }
    | { line: number; reason: 'truncated'; table: string; rows: number; expected: number }
    | { line: number; reason: 'version'; version: string; expected: number }
    | { line: number; reason: 'schema'; schema: string; expected: string }
    | { line: number; reason: 'dialect'; dialect: string }
    | { line: number; reason: 'table_not_in_header' | 'unknown_table'; table: string }
    | { line: number; reason: 'unknown_column' | 'null' | 'base64'; table: string; column: string }
    | { line: number; reason: 'type'; table: string; column: string; kind: 'text' | 'integer' | 'number'; value: string }
    | { line: number; reason: 'nul'; table: string; column: string; id: string }
  'task.not_found': { id: string }
  'task.forbidden': { id: string; department: string }
  'task.invalid':
    | { reason: 'fields'; fields: string }
    | { reason: 'nested_split' | 'split_parts' | 'drop_reason' | 'deadline_format' | 'percent' | 'period' | 'inspection_empty' }
    | { reason: 'subtask_deadline'; parentDeadline: string }
    | { reason: 'subtask_exists'; id: string }
    | { reason: 'status'; status: string }
    | { reason: 'report_text'; max: number }
  'task.attachment_rejected':
    | { file: string; reason: 'empty' | 'type' | 'zip' }
    | { file: string; reason: 'too_many'; max: number }
    | { file: string; reason: 'too_large'; limitMiB: number }
    | { file: string; reason: 'structure'; part: string }
    | { file: string; reason: 'executable'; part: string }
  'task.sheet_invalid': { kind: string; value?: string; first?: number; id?: string; current?: string; parent?: string; parentDeadline?: string }
  'task.version_conflict': { id: string; current: number; given: number | string }
  'inspection.not_found': { id: number | string }
  'inspection.open_items': { open: number }
  'framework.invalid': (SchemaIssueParams | { path: string; reason: 'yaml_syntax'; yaml: string }) & { line?: number }
  /** A survey questionnaire file (data/surveys): the line and the field. */
  'questionnaire.invalid': (SchemaIssueParams | { path: string; reason: 'yaml_syntax'; yaml: string }) & { line?: number; file?: string }
  /** The source registry file (data/observations/sources.yaml): which file, line and field. */
  'sources.invalid': (SchemaIssueParams | { path: string; reason: 'yaml_syntax'; yaml: string } | { path: string; reason: 'duplicate'; source: string }) & {
    file: string
    line?: number
  }
  /** A source no figure uses and no registry lists. */
  'source.unknown': { source: string }
  'source.bad_grade': { grade: string; accepted: string }
  /** A series choice of a source the series has no figure from. */
  'series.no_such_source': { indicator: string; region: string; source: string }
  'series.reason_required': Record<string, never>
  /** `reason`: the failing method's error code (not_square, zero_total, …); `n`: the matrix size where it matters. */
  'evaluation.failed': { reason: string; n?: number }
  /**
   * `gaps`: region/indicator codes without data, comma-separated; `indicators`: no indicator has data for `needed`
   * regions; `latest`: the latest earlier year with enough data, when there is one.
   */
  'evaluation.no_data': { year: number | string; regions: number; gaps?: string; indicators?: 0; needed?: number; latest?: number }
  'evaluation.ahp_inconsistent': { cr: number }
  /** TOPSIS was asked for a normalisation it has no form of (`normalisation`: the one asked). */
  'evaluation.topsis_normalisation': { normalisation: string }
  /** `reason`: the driver's or the system's error code. */
  'store.unavailable': { db: string; reason: string }
  'store.not_initialised': { db: string }
  'store.bad_url': { url: string }
  'store.connection_failed': { db: string; host: string; reason: string }
  'store.auth_failed': { db: string; user: string }
  'store.database_missing': { db: string; database: string }
  'store.bad_schema_name': { schema: string }
  'store.no_schema': Record<string, never>
  'store.migration_failed': { migration: string }
  /** A stored JSON value (or coded column) that does not parse or match its schema: the store was changed outside urbmon. */
  'store.bad_stored_value': { column: string; key: string }
  /** Another writer (a CLI import, say) holds the store's write lock past the wait; `retryAfter` in seconds. */
  'store.busy': { retryAfter: number }
  /** The disk (or the store's size limit) is full: nothing of the write was kept. */
  'store.full': Record<string, never>
  /** The store accepts reads only (a read-only file or mount, a standby server). */
  'store.read_only': Record<string, never>
  /** The connection to the database server was lost; `reason`: the driver's or the server's code. */
  'store.unreachable': { reason: string }
  /** PostgreSQL cannot keep a NUL character (U+0000) in text. */
  'store.nul_in_text': Record<string, never>
  'cli.usage':
    | { option: string; value: string; expected?: 'date' | 'xlsx' | 'docx_html' | 'months' | 'task_status' | 'proxy_addresses' }
    | { reason: 'password_short'; min: number }
    | { reason: 'regions_or_departments' }
    | { reason: 'empty_list'; option: string }
  'warning.target_behind': {
    name: string
    nameEn: string
    status: string
    progress: number | string
    expected: number | string
    latest: number | string
    /** The baseline value, shown when the progress is unknown (a target with a direction and no number). */
    baseline: number | string
    goal: number | string
    targetYear: number
  }
  'warning.missing_data': { regionName: string; regionNameEn: string; indicatorName: string; indicatorNameEn: string; due: number }
  'warning.stale_data': { regionName: string; regionNameEn: string; indicatorName: string; indicatorNameEn: string; latestYear: number; due: number }
  'warning.suspicious_jump': { regionName: string; regionNameEn: string; indicatorName: string; indicatorNameEn: string; year: number; change: number; usual: number; z: number }
  'warning.census_break': {
    regionName: string
    regionNameEn: string
    indicatorName: string
    indicatorNameEn: string
    census: number
    fromYear: number
    toYear: number
    from: number
    to: number
  }
  'warning.vintage_conflict': { regionName: string; regionNameEn: string; indicatorName: string; indicatorNameEn: string; year: number; values: string }
  'warning.derived_mismatch': {
    regionName: string
    regionNameEn: string
    indicatorName: string
    indicatorNameEn: string
    year: number
    published: number
    derived: number
    formula: string
    source: string
  }
  'warning.task_overdue': { task: string; title: string; lead: string; deadline: string; days: number }
  'warning.task_stalled': { task: string; title: string; lead: string; days: number }
  /** One line for a department's overdue tasks: how many, the longest overdue (days), the first task ids. */
  'warning.tasks_overdue': { lead: string; count: number; days: number; tasks: string }
  'warning.tasks_stalled': { lead: string; count: number; days: number; tasks: string }
  /** A group of warnings of one kind on one subject (an indicator's name, a target's name). */
  'warning.grouped': { kind: string; subject: string; subjectEn: string; count: number }
  /** `reason`: the forecast's error code (too_few_points, non_positive, fit_failed, invalid_input). */
  'forecast.failed': { reason: string; n?: number; required?: number; method?: string; year?: number; value?: number; issue?: string }
  internal: { requestId?: string }
  /** A reviewer's approval holds the value: `holder` is the level (city or province) that must return it first. */
  'workflow.locked': { indicator: string; region: string; year: number; holder: 'city' | 'province'; action: string }
  /** Two-level approval: a county's value the city has not approved yet. */
  'workflow.awaits_city': { indicator: string; region: string; year: number }
  /** Two-level approval: a step (publishing, or a city's own value) that is the province's. */
  'workflow.province_only': { indicator: string; region: string; year: number; action: string }
  /** A reviewer limited to some regions acting on a value outside them. */
  'workflow.region_forbidden': { indicator: string; region: string; year: number }
  /** A value whose change from the year before is far outside the series' usual change (modified z-score). */
  'ingest.unusual_change': { indicator: string; region: string; year: number; value: number; change: number; usual: number; z: number }
  /** Submitting a value flagged by the history check without a note explaining it. */
  'workflow.needs_comment': { indicator: string; region: string; year: number }
  /** Completeness asked for a region outside the regions a reporter (or a city reviewer) may see. */
  'completeness.region_forbidden': { region: string }
  /** A finding of a closed inspection: no correction is recorded after closing. */
  'inspection.closed': { id: number }
  /** A data request's field at fault (issue 15); `value` is what was given, cut short. */
  'request.invalid': {
    field: 'title' | 'message' | 'indicators' | 'regions' | 'year' | 'due'
    reason: 'length' | 'empty' | 'unknown' | 'range' | 'date' | 'too_many'
    value: string
  }
  'request.not_found': { id: string }
  'request.version_conflict': { current: number; given: number }
  'request.closed': { id: number }
  'comment.cell_not_found': { id: number }
  'comment.body_required': Record<string, never>
  /** An evaluation round's field at fault (issue 16), by name; `value` is what was given, cut short. */
  'round.invalid': {
    field: RoundField
    reason: 'length' | 'empty' | 'unknown' | 'range' | 'date' | 'too_many' | 'required' | 'not_evaluator' | 'order'
    value: string
  }
  'round.not_found': { id: string }
  'round.item_not_found': { round: number; region: string; kind: string; item: string }
  'round.version_conflict': { current: number; given: number }
  'round.closed': { id: number }
  /** A self-evaluation after its deadline, in a round that does not allow late ones. */
  'round.deadline_passed': { id: number; deadline: string }
  /** A write that belongs to another phase of the round. */
  'round.wrong_phase': { id: number; phase: string; needed: string }
  /** Moving a round to a phase that is not the next one. */
  'round.phase_refused': { id: number; from: string; to: string }
  /** Submitting a region's self-evaluation with items lacking a status or a narrative (listed). */
  'round.incomplete': { region: string; items: string; count: number }
  /** Nothing of the region is in a state the action applies to. */
  'round.nothing_to_submit': { region: string }
  /** An evaluator not assigned to this round and region. */
  'round.not_assigned': { round: number; region: string }
  /** An item in a state the action does not apply to (editing an accepted one, reviewing one not submitted). */
  'round.item_state': { item: string; state: string; needed: string }
  /** The public satisfaction survey (issue 16). */
  'survey.not_found': { id: string }
  /** A region the survey is not given in (unknown, or not a city or county). */
  'survey.bad_region': { region: string }
  'survey.token_invalid': Record<string, never>
  'survey.token_expired': { hours: number }
  'survey.token_used': Record<string, never>
  /** An answer at fault, naming the question (id and text in both languages). */
  'survey.bad_answer': {
    question: string
    text: string
    textEn: string
    reason: 'required' | 'scale' | 'option' | 'too_long' | 'type' | 'unknown_question'
    min?: number
    max?: number
    value?: string
  }
  'survey.duplicate': { minutes: number }
  'survey.rate_limited': { retryAfter: number; limit: number; minutes: number }
  /** The response names a round that is not the open round of this survey. */
  'survey.bad_round': { round: number | string }
  /** An import cell or file at fault (location: file, sheet, row, column). */
  'survey.import_cell': { column: string; reason: 'region' | 'no_region_column' | 'unknown_column' | 'empty_file' | 'unreadable' | 'too_many_rows'; value?: string; max?: number }
  /** An import refused as a whole: how many problems (details list them). */
  'survey.import_rejected': { errors: number; file: string }
}

/** The fields of a round and of its items that a message can name. */
export type RoundField =
  | 'kind'
  | 'year'
  | 'title'
  | 'titleEn'
  | 'regions'
  | 'targets'
  | 'tasks'
  | 'deadlines'
  | 'scale'
  | 'evaluators'
  | 'survey'
  | 'reason'
  | 'region'
  | 'status'
  | 'narrative'
  | 'citations'
  | 'evidence'
  | 'comment'
  | 'rating'
  | 'score'
  | 'findings'
  | 'recommendations'

export type ErrorCode = keyof ErrorParamsByCode

/** Every code, in declaration order (for the catalogs' parity test and the status map). */
export const ERROR_CODES = Object.keys({
  'validation.failed': 1,
  'plan.yaml_syntax': 1,
  'plan.invalid': 1,
  'plan.reference': 1,
  'regions.invalid': 1,
  'region.unknown': 1,
  'region.ambiguous': 1,
  'indicator.unknown': 1,
  'file.not_found': 1,
  'file.unreadable': 1,
  'file.too_large': 1,
  'ingest.unsupported_format': 1,
  'ingest.legacy_xls': 1,
  'ingest.empty': 1,
  'ingest.no_table': 1,
  'ingest.layout_unknown': 1,
  'ingest.missing_column': 1,
  'ingest.bad_json': 1,
  'ingest.json_shape': 1,
  'ingest.not_numeric': 1,
  'ingest.not_available': 1,
  'ingest.unknown_region': 1,
  'ingest.ambiguous_region': 1,
  'ingest.unknown_indicator': 1,
  'ingest.unknown_unit': 1,
  'ingest.bad_year': 1,
  'ingest.bad_confidence': 1,
  'ingest.no_year': 1,
  'ingest.no_indicator': 1,
  'ingest.duplicate_conflict': 1,
  'ingest.duplicate_same': 1,
  'ingest.out_of_range': 1,
  'ingest.rule_failed': 1,
  'ingest.summary_mismatch': 1,
  'ingest.unlabeled_row_identified': 1,
  'ingest.unlabeled_row_unknown': 1,
  'ingest.value_revised': 1,
  'ingest.unit_converted': 1,
  'ingest.column_ignored': 1,
  'ingest.sheet_skipped': 1,
  'ingest.rejected': 1,
  'ingest.more_problems': 1,
  'ingest.stream_failed': 1,
  'ingest.limit_exceeded': 1,
  'ingest.parse_aborted': 1,
  'ingest.control_char': 1,
  'ingest.bad_encoding': 1,
  'auth.required': 1,
  'auth.invalid_credentials': 1,
  'auth.throttled': 1,
  'auth.forbidden': 1,
  'auth.region_forbidden': 1,
  'auth.csrf': 1,
  'auth.disabled': 1,
  'user.exists': 1,
  'user.not_found': 1,
  'user.invalid': 1,
  'user.last_admin': 1,
  'token.not_found': 1,
  'observation.not_found': 1,
  'observation.version_conflict': 1,
  'workflow.bad_transition': 1,
  'review.comment_required': 1,
  'http.not_found': 1,
  'http.bad_request': 1,
  'http.bad_value': 1,
  'http.file_missing': 1,
  'http.selection_required': 1,
  'http.bad_json': 1,
  'http.bad_multipart': 1,
  'export.too_many_rows': 1,
  'limit.busy': 1,
  'job.not_found': 1,
  'search.query_too_long': 1,
  'opendata.no_data': 1,
  'report.not_found': 1,
  'server.shutting_down': 1,
  'http.too_many_files': 1,
  'http.payload_too_large': 1,
  'http.unsupported_media_type': 1,
  'http.control_char': 1,
  'ingest.region_forbidden': 1,
  'backup.not_empty': 1,
  'backup.invalid': 1,
  'task.not_found': 1,
  'task.forbidden': 1,
  'task.invalid': 1,
  'task.attachment_rejected': 1,
  'task.sheet_invalid': 1,
  'task.version_conflict': 1,
  'inspection.not_found': 1,
  'inspection.open_items': 1,
  'framework.invalid': 1,
  'questionnaire.invalid': 1,
  'sources.invalid': 1,
  'source.unknown': 1,
  'source.bad_grade': 1,
  'series.no_such_source': 1,
  'series.reason_required': 1,
  'evaluation.failed': 1,
  'evaluation.no_data': 1,
  'evaluation.ahp_inconsistent': 1,
  'evaluation.topsis_normalisation': 1,
  'store.unavailable': 1,
  'store.not_initialised': 1,
  'store.bad_url': 1,
  'store.connection_failed': 1,
  'store.auth_failed': 1,
  'store.database_missing': 1,
  'store.bad_schema_name': 1,
  'store.no_schema': 1,
  'store.migration_failed': 1,
  'store.bad_stored_value': 1,
  'store.busy': 1,
  'store.full': 1,
  'store.read_only': 1,
  'store.unreachable': 1,
  'store.nul_in_text': 1,
  'cli.usage': 1,
  'warning.target_behind': 1,
  'warning.missing_data': 1,
  'warning.stale_data': 1,
  'warning.suspicious_jump': 1,
  'warning.census_break': 1,
  'warning.vintage_conflict': 1,
  'warning.derived_mismatch': 1,
  'warning.task_overdue': 1,
  'warning.task_stalled': 1,
  'warning.tasks_overdue': 1,
  'warning.tasks_stalled': 1,
  'warning.grouped': 1,
  'forecast.failed': 1,
  internal: 1,
  'workflow.locked': 1,
  'workflow.awaits_city': 1,
  'workflow.province_only': 1,
  'workflow.region_forbidden': 1,
  'ingest.unusual_change': 1,
  'workflow.needs_comment': 1,
  'completeness.region_forbidden': 1,
  'inspection.closed': 1,
  'request.invalid': 1,
  'request.not_found': 1,
  'request.version_conflict': 1,
  'request.closed': 1,
  'comment.cell_not_found': 1,
  'comment.body_required': 1,
  'round.invalid': 1,
  'round.not_found': 1,
  'round.item_not_found': 1,
  'round.version_conflict': 1,
  'round.closed': 1,
  'round.deadline_passed': 1,
  'round.wrong_phase': 1,
  'round.phase_refused': 1,
  'round.incomplete': 1,
  'round.nothing_to_submit': 1,
  'round.not_assigned': 1,
  'round.item_state': 1,
  'survey.not_found': 1,
  'survey.bad_region': 1,
  'survey.token_invalid': 1,
  'survey.token_expired': 1,
  'survey.token_used': 1,
  'survey.bad_answer': 1,
  'survey.duplicate': 1,
  'survey.rate_limited': 1,
  'survey.bad_round': 1,
  'survey.import_cell': 1,
  'survey.import_rejected': 1,
} satisfies Record<ErrorCode, 1>) as ReadonlyArray<ErrorCode> // keys of an object that `satisfies` the full record

export type ErrorParams<C extends ErrorCode = ErrorCode> = Readonly<ErrorParamsByCode[C]>

/** Params are required exactly when the code has any. */
export type ParamsArg<C extends ErrorCode> = Record<string, never> extends ErrorParamsByCode[C] ? [params?: ErrorParams<C>] : [params: ErrorParams<C>]

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C
  readonly params: ErrorParams<C>

  constructor(code: C, ...args: [...ParamsArg<C>, options?: { cause?: unknown }]) {
    const [params, options] = args as unknown as [ErrorParams<C> | undefined, { cause?: unknown } | undefined]
    super(code, options)
    this.name = 'AppError'
    this.code = code
    // Absent only for codes without params, where `{}` is their params.
    this.params = params ?? ({} as ErrorParams<C>)
  }
}

/** An AppError of some code: a union, so comparing `code` narrows `params`. */
export type AnyAppError = { [C in ErrorCode]: AppError<C> }[ErrorCode]

export function isAppError(e: unknown): e is AnyAppError {
  return e instanceof AppError
}

/**
 * The machine-readable code a caught error carries (a system errno such as ENOENT, SQLITE_CANTOPEN, a CSV
 * parser's CSV_…), for params that name what went wrong without the library's English message.
 */
export function causeCode(e: unknown, fallback: string): string {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined
  return typeof code === 'string' && /^[A-Za-z0-9_]{1,60}$/.test(code) ? code : fallback
}
