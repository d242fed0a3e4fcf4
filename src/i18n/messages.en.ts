import type { ErrorParams, SchemaIssueParams, SchemaRule } from '../core/errors.js'
import type { Messages } from './messages.js'

/** Review steps as a locked or refused action names them. */
const ACTION_EN: Partial<Record<string, string>> = { edit: 'edited', submit: 'submitted', return: 'returned', approve: 'approved', publish: 'published' }
const ACTION_EN_NOUN: Partial<Record<string, string>> = { edit: 'Editing', submit: 'Submitting', return: 'Returning', approve: 'Approving', publish: 'Publishing' }
/** System and driver error codes a user can act on; others are shown as the code. */
function systemReason(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a directory'
    case 'corrupt':
      return 'the file is damaged or not of its kind'
    case 'SQLITE_CANTOPEN':
      return 'cannot open the database file (missing directory or no permission)'
    case 'SQLITE_NOTADB':
      return 'not an SQLite database file'
    case 'SQLITE_BUSY':
      return 'another process holds the database'
    case 'ERR_ENCODING_INVALID_ENCODED_DATA':
      return 'the text is not in the encoding it declares'
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'unbalanced quotes in the CSV'
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'a CSV row has a different number of columns than the header'
    default:
      return `error code ${code}`
  }
}

function yamlReason(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'duplicate key'
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'wrong indentation or a missing character'
    case 'TAB_AS_INDENT':
      return 'tabs may not indent'
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'malformed key (a missing space after the colon?)'
    default:
      return `parse error (${code})`
  }
}

const SCHEMA_RULE_EN: Readonly<Record<SchemaRule, string>> = {
  rescale_range: 'expected [lower, upper] with 0 < lower < upper',
  topsis_normalisation: 'TOPSIS normalises the raw data itself (topsisNormalisation: vector or minmax); leave normalisation at minmax',
  duplicate_question: 'the question id is given twice',
  duplicate_questionnaire: 'another questionnaire file uses the same id',
  unknown_dimension: "the dimension is not among the questionnaire's dimensions",
  duplicate_option: 'the option id is given twice',
  scale_order: "the scale's max must be greater than its min",
  scale_labels: 'the scale needs one Chinese and one English label per point',
}

function schemaIssue(p: Readonly<SchemaIssueParams>): string {
  switch (p.issue) {
    case 'invalid_type':
      return p.expected === 'nonoptional' || p.expected === undefined ? 'missing, or of the wrong type' : `expected ${p.expected}`
    case 'too_small':
      return p.limit !== undefined ? `must be at least ${p.limit}` : 'too small or too short'
    case 'too_big':
      return p.limit !== undefined ? `must be at most ${p.limit}` : 'too large or too long'
    case 'invalid_value':
      return p.expected ? `expected one of ${p.expected}` : 'invalid value'
    case 'unrecognized_keys':
      return `unknown field(s) ${p.expected ?? ''}`
    case 'invalid_format':
      return 'wrong format'
    case 'custom':
      return p.rule ? SCHEMA_RULE_EN[p.rule] : 'invalid value'
    default:
      return 'invalid value'
  }
}

/** What each reader limit counts (src/ingest/limits.ts). */
const LIMIT_EN: Readonly<Record<ErrorParams<'ingest.limit_exceeded'>['limit'], string>> = {
  fileBytes: 'The file size in bytes',
  cells: 'The number of cells of the table (rows × columns of the used range)',
  columns: 'The number of columns',
  fieldChars: 'The length of the cell in characters',
  jsonDepth: 'The nesting depth of the JSON document',
  unzippedBytes: 'The unpacked size of the workbook in bytes',
  zipRatio: 'The compression ratio of a part of the workbook',
  merges: 'The number of merged ranges of the sheet',
  zipEntries: 'The number of parts of the workbook',
}

const USAGE_EXPECTED = {
  date: 'a date: YYYY-MM-DD',
  xlsx: 'an .xlsx file',
  docx_html: 'use a .docx or .html file name',
  months: 'a whole number of months, 1–120',
  task_status: '未开始|推进中|已完成|滞后|已取消 or not_started|in_progress|done|delayed|dropped',
  proxy_addresses: 'the proxies’ addresses or CIDR ranges separated by commas (or loopback, linklocal, uniquelocal), e.g. 10.0.0.5,10.1.0.0/16',
} as const

const EVALUATION_REASON: Partial<Record<string, (p: ErrorParams<'evaluation.failed'>) => string>> = {
  ahp_size: (p) => `the AHP matrix must be ${p.n}×${p.n}, one row per dimension`,
  distance_target: () => 'distance-to-target normalisation needs a target on every indicator',
  weight_count: () => 'the number of weights differs from the number of indicators',
  negative_weight: () => 'a weight is negative',
  not_finite_weight: () => 'a weight is not a finite number',
  zero_total: () => 'the weights sum to 0',
  non_positive: () => 'geometric aggregation needs every value above 0',
  zero_norm: () => 'an indicator is 0 in every region',
  all_equal: () => 'every region scores the same; there is nothing to rank',
  empty: () => 'the AHP matrix is empty',
  not_square: () => 'the AHP matrix is not square',
  too_large: () => 'the AHP matrix is too large',
  not_positive: () => 'the AHP matrix entries must be positive',
  not_reciprocal: () => 'the AHP matrix is not reciprocal (a_ij × a_ji must be 1)',
  not_converged: () => 'the AHP eigenvector iteration did not converge',
  too_few_subsystems: () => 'coupling coordination needs at least 2 subsystems',
  too_few_regions: () => 'too few regions qualify',
  no_information: () => 'the indicators used do not differ between regions, so they give no weights or ranking',
  empty_matrix: () => 'there are no indicator data to use',
  constant_column: () => 'an indicator has the same value in every region and cannot be normalised',
  zero_column: () => 'an indicator is 0 in every region',
  negative_value: () => 'the method needs values that are not negative',
  not_finite: () => 'the data contain a value that is not a finite number',
  ragged_matrix: () => 'regions have different numbers of indicators',
  non_positive_target: () => 'distance-to-target normalisation needs positive targets',
  target_not_beyond_worst: () => 'a target cannot be worse than the worst region',
  out_of_range: () => 'a parameter is out of its allowed range',
}

/** Warning kinds as the group line names them. */
const WARNING_KIND_EN: Partial<Record<string, string>> = {
  target_behind: 'target-behind',
  missing_data: 'missing-data',
  stale_data: 'stale-data',
  suspicious_jump: 'suspicious-jump',
  census_break: 'census-break',
  vintage_conflict: 'vintage-conflict',
  derived_mismatch: 'derived-mismatch',
  task_overdue: 'overdue-task',
  task_stalled: 'stalled-task',
}

const FORECAST_REASON: Partial<Record<string, (p: ErrorParams<'forecast.failed'>) => string>> = {
  too_few_points: (p) => `too few points (${p.n}; at least ${p.required} needed)`,
  non_positive: (p) => `method ${p.method} needs positive values (${p.value} in ${p.year})`,
  fit_failed: (p) => `method ${p.method} failed to fit`,
  invalid_input: (p) => `invalid input (${p.issue}${p.year !== undefined ? `, ${p.year}` : ''})`,
}

export const en = {
  'validation.failed': (p) => `Input is invalid: field(s) ${p.fields}`,
  'plan.yaml_syntax': (p) => `Plan file YAML syntax error: ${yamlReason(p.reason)}`,
  'plan.invalid': (p) => {
    switch (p.reason) {
      case 'schema':
        return `Plan file field ${p.path} is invalid: ${schemaIssue(p)}`
      case 'duplicate_id':
        return `Plan file field ${p.path} is invalid: duplicate id ${p.id}`
      case 'formula':
        return `Plan file field ${p.path} is invalid: the formula "${p.formula}" may use only numbers, indicator ids and + - * / ( )`
      case 'no_direction':
        return `Plan file field ${p.path} is invalid: indicator ${p.indicator} has direction "none", so it cannot measure progress (give it direction higher or lower)`
    }
  },
  'plan.reference': (p) => `Plan file ${p.path} refers to a ${p.kind} "${p.ref}" that does not exist`,
  'regions.invalid': (p) => {
    switch (p.reason) {
      case 'schema':
        return `Regions file field ${p.path} is invalid: ${schemaIssue(p)}`
      case 'yaml_syntax':
        return `Regions file YAML syntax error: ${yamlReason(p.yaml)}`
      case 'unknown_parent':
        return `Regions file field ${p.path} is invalid: unknown parent ${p.parent}`
      case 'unknown_member':
        return `Regions file field ${p.path} is invalid: unknown region ${p.region}`
      case 'duplicate_code':
        return `Regions file field ${p.path} is invalid: duplicate region code ${p.code}`
    }
  },
  'region.unknown': (p) => `Unknown region "${p.name}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'region.ambiguous': (p) => `Region "${p.name}" is ambiguous, it could be: ${p.candidates}; use the region code`,
  'indicator.unknown': (p) => `Unknown indicator "${p.name}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'file.not_found': (p) => `File not found: ${p.file}`,
  'file.unreadable': (p) => `Cannot read file ${p.file}: ${systemReason(p.reason)}`,
  'file.too_large': (p) => `File ${p.file} is too large (limit ${p.limitMiB} MiB)`,
  'ingest.unsupported_format': (p) => `Unsupported file format "${p.ext}"; use CSV, XLSX, JSON or HTML`,
  'ingest.legacy_xls': () =>
    'This is a legacy Excel (.xls) file, which cannot be read directly. Save it as .xlsx in Excel or WPS, or run libreoffice --headless --convert-to xlsx FILE.xls, then import the .xlsx',
  'ingest.empty': () => 'The file holds no data',
  'ingest.no_table': () => 'No table found in the file',
  'ingest.layout_unknown': () => 'Cannot tell the table layout (long, wide or yearbook); pass --layout',
  'ingest.missing_column': (p) => `Required column "${p.column}" is missing (accepted headings: ${p.accepted})`,
  'ingest.bad_json': (p) => `Malformed JSON${p.position !== undefined ? ` (at character ${p.position})` : ''}`,
  'ingest.json_shape': (p) => `Unexpected JSON shape: expected an array of objects (or {"observations": [...]}) with fields ${p.fields}`,
  'ingest.not_numeric': (p) => `"${p.value}" is not a number`,
  'ingest.not_available': (p) => `"${p.value}" means not available; skipped (not read as 0)`,
  'ingest.unknown_region': (p) => `Unknown region "${p.value}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'ingest.ambiguous_region': (p) => `Region "${p.value}" is ambiguous, it could be: ${p.candidates}; use the region code`,
  'ingest.unknown_indicator': (p) => `Unknown indicator "${p.value}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'ingest.unknown_unit': (p) => `Unit "${p.unit}" cannot be converted to the unit "${p.expected}" of indicator ${p.indicator}`,
  'ingest.bad_year': (p) => `"${p.value}" is not a valid year`,
  'ingest.bad_confidence': (p) => `"${p.value}" is not a confidence: use one of ${p.accepted}`,
  'ingest.no_year': (p) => `Cannot tell the year of column "${p.header}"; put the year in the heading or pass --year`,
  'ingest.no_indicator': (p) => `Cannot tell which indicator column "${p.header}" holds; pass --indicator or add an alias to the indicator in the plan file`,
  'ingest.duplicate_conflict': (p) =>
    `The same cell (${p.indicator}, ${p.region}, ${p.year}, same source) has two different values: ${p.value} and ${p.otherValue} in row ${p.otherRow}`,
  'ingest.duplicate_same': (p) => `Repeats row ${p.otherRow} with the same value; imported once`,
  'ingest.out_of_range': (p) => `Value ${p.value} is outside the valid range [${p.min}, ${p.max}] of indicator ${p.indicator}`,
  'ingest.rule_failed': (p) =>
    `Validation rule "${p.ruleEn}" failed: ${p.left} = ${p.leftValue}, ${p.right} = ${p.rightValue} (${p.operator}${p.tolerance ? ` ±${p.tolerance}` : ''})`,
  'ingest.summary_mismatch': (p) => `${p.indicator} of ${p.region} is ${p.value}, which does not equal the sum of its members ${p.sum} (tolerance ${p.tolerance})`,
  'ingest.unlabeled_row_identified': (p) => `Row ${p.row} has no region name; identified as "${p.region}" by ${p.howEn}`,
  'ingest.unlabeled_row_unknown': (p) =>
    `Row ${p.row} has no region name and cannot be identified as any summary region (${p.reason === 'several' ? `equals the sums of ${p.candidatesEn}` : p.reason === 'none' ? `equals the member sum of none of ${p.candidatesEn}` : 'no summary region to compare with'})`,
  'ingest.value_revised': (p) => `${p.indicator} ${p.region} ${p.year} (source ${p.source}) will be revised from ${p.old} to ${p.value}; the old value stays in the history`,
  'ingest.unit_converted': (p) => `Unit converted from "${p.from}" to "${p.to}"`,
  'ingest.column_ignored': (p) => `Column "${p.header}" not used`,
  'ingest.sheet_skipped': (p) => `Sheet "${p.sheet}" holds no data table; skipped`,
  'ingest.more_problems': (p) => `…and ${p.count} more of the same kind (${p.code}); the first ${p.shown} are listed`,
  'ingest.stream_failed': (p) => `The file could not be read to the end: ${systemReason(p.reason)}`,
  'ingest.limit_exceeded': (p) =>
    `${LIMIT_EN[p.limit]}${p.actual !== undefined ? ` ${p.actual.toLocaleString('en')}` : ''} exceeds the limit of ${p.max.toLocaleString('en')} (setting ${p.setting}); nothing was imported`,
  'ingest.parse_aborted': (p) => {
    const at = `File ${p.file} is too large or too complex to read`
    switch (p.reason) {
      case 'memory':
        return `${at}: reading it needed more than ${p.limit ?? '?'} MiB (setting ${p.setting ?? ''}); split it into smaller files`
      case 'timeout':
        return `${at}: reading it took more than ${p.limit ?? '?'} seconds (setting ${p.setting ?? ''}); split it into smaller files`
      case 'crashed':
        return `${at}: the reader stopped; check that it is a valid CSV, XLSX, JSON or HTML file`
    }
  },
  'ingest.control_char': (p) => `The cell holds a control character (${p.char}); remove it (only tab and line breaks are allowed in text)`,
  'ingest.bad_encoding': () => 'The text encoding cannot be recognised (not UTF-8, GB18030/GBK or Windows-1252/Latin-1); save the file as UTF-8 and import it again',
  'ingest.rejected': (p) => `Import rejected: ${p.errors} error(s) found, nothing was written`,
  'auth.required': () => 'Sign in first',
  'auth.invalid_credentials': () => 'Wrong user name or password',
  'auth.throttled': (p) => `Too many failed sign-ins; try again in ${p.retryAfter} seconds`,
  'auth.forbidden': (p) => `Your role (${p.role}) may not do this`,
  'auth.region_forbidden': (p) => `You may not change data of region ${p.region} (only the regions assigned to you)`,
  'auth.csrf': () => 'The request lacks a valid CSRF token (X-CSRF-Token); reload the page and try again',
  'auth.disabled': () => 'This account is disabled',
  'user.exists': (p) =>
    p.existing && p.existing !== p.username ? `User ${p.username} already exists as ${p.existing} (user names ignore case)` : `User ${p.username} already exists`,
  'user.not_found': (p) => `No user ${p.username}`,
  'user.last_admin': (p) => `${p.username} is the last enabled admin: it cannot be disabled or given another role until another admin is enabled`,
  'token.not_found': (p) => `No API token ${p.id} of yours`,
  'user.invalid': (p) => {
    switch (p.reason) {
      case 'fields':
        return `Invalid user: field(s) ${p.fields}`
      case 'unknown_region':
        return `Invalid user: unknown region ${p.region}`
      case 'reporter_scope':
        return 'Invalid user: a reporter needs at least one region or a department'
      case 'password_short':
        return `Invalid user: field password: passwords have at least ${p.min} characters`
      case 'password_common':
        return 'Invalid user: field password: this password (or its word without the digits and symbols around it) is among the 5,000 most common passwords'
      case 'password_username':
        return 'Invalid user: field password: the password may not be or contain the user name'
      case 'password_repetitive':
        return 'Invalid user: field password: the password needs at least 4 different characters (not aaaaaaaaaa or ababababab)'
    }
  },
  'observation.not_found': (p) => `No value ${p.indicator} ${p.region} ${p.year}`,
  'observation.version_conflict': (p) =>
    `Someone else changed this value (now version ${p.current}, you sent version ${p.given}); reload and enter it again — your change was not saved`,
  'workflow.bad_transition': (p) => `A value in status "${p.status}" cannot be ${p.action}`,
  'review.comment_required': () => 'A return needs a comment saying what to fix',
  'http.not_found': () => 'Not found',
  'http.bad_request': () => 'Bad request',
  'http.bad_value': (p) => `Bad request: invalid value "${p.value}" for ${p.field}`,
  'http.file_missing': (p) => `Bad request: no file in field "${p.field}"`,
  'http.selection_required': () => 'Bad request: select values by ids or by indicator/region/year',
  'http.bad_json': () => 'The request body is not valid JSON',
  'http.bad_multipart': () => 'Malformed upload (the multipart body cannot be parsed)',
  'http.too_many_files': (p) => `At most ${p.max} files per upload`,
  'http.payload_too_large': (p) => `Upload too large (limit ${formatBytes(p.limit)})`,
  'http.unsupported_media_type': (p) => `Unsupported request format${p.contentType ? ` "${p.contentType}"` : ''}`,
  'export.too_many_rows': (p) =>
    `The selection has ${p.rows} rows, more than the XLSX export's limit of ${p.limit}; download it as CSV or JSON (no row limit), or narrow the indicator, region or years`,
  'limit.busy': (p) => `You already have ${p.limit} ${p.kind === 'import' ? 'imports' : 'exports'} running; try again in ${p.retryAfter} seconds`,
  'report.not_found': (p) => `No report ${p.id} in the report library`,
  'job.not_found': (p) => `No import job ${p.id} (jobs live in the server process that started them and are gone after a restart)`,
  'search.query_too_long': (p) => `The search text (${p.field}) is too long: ${p.length} characters, at most ${p.max}`,
  'opendata.no_data': (p) => `No published figures for indicator ${p.indicator} (region ${p.region}, years ${p.years}): there is no file to download`,
  'server.shutting_down': () => 'The server is stopping: the unfinished import was rolled back whole and nothing was changed; import it again shortly',
  'http.control_char': (p) => `Field ${p.field} holds a control character (such as NUL); only tab and line breaks are allowed in text`,
  'ingest.region_forbidden': (p) => `You may not import data of region "${p.region}" (only the regions assigned to you)`,
  'backup.not_empty': (p) => `Database ${p.db} is not empty (${p.tables}); a backup restores only into a new, empty store; nothing was restored`,
  'backup.invalid': (p) => {
    const at = `Backup file, line ${p.line}: `
    switch (p.reason) {
      case 'not_json':
        return `${at}not JSON`
      case 'no_header':
        return `${at}no header line: this is not an urbmon backup`
      case 'not_header':
        return `${at}the first line is not a backup header`
      case 'unknown_tables':
        return `${at}the header lists unknown tables`
      case 'no_counts':
        return `${at}the header has no row counts`
      case 'not_row':
        return `${at}expected {"t": table, "r": row}`
      case 'truncated':
        return `${at}${p.table}: ${p.rows} rows, the header announces ${p.expected} (file truncated?)`
      case 'version':
        return `${at}backup format version ${p.version}; this urbmon reads version ${p.expected}`
      case 'schema':
        return `${at}backup of schema ${p.schema}; this store has schema ${p.expected}`
      case 'dialect':
        return `${at}unknown dialect ${p.dialect}`
      case 'table_not_in_header':
        return `${at}table ${p.table} is not in the header`
      case 'unknown_table':
        return `${at}unknown table ${p.table}`
      case 'unknown_column':
        return `${at}${p.table} has no column ${p.column}`
      case 'null':
        return `${at}${p.table}.${p.column} may not be null`
      case 'base64':
        return `${at}${p.table}.${p.column} should be base64 text`
      case 'type':
        return `${at}${p.table}.${p.column} should be ${p.kind === 'text' ? 'text' : p.kind === 'integer' ? 'an integer' : 'a number'}, not ${p.value}`
      case 'nul':
        return `${at}${p.table} row ${p.id}, column ${p.column}, holds a NUL character (U+0000), which PostgreSQL cannot store; restore it into SQLite, or remove the character there and back it up again`
    }
  },
  'task.not_found': (p) => `No task ${p.id}`,
  'task.forbidden': (p) => `Only the lead or a co-operating department may report on task ${p.id} (your department: ${p.department || 'none'})`,
  'task.invalid': (p) => {
    switch (p.reason) {
      case 'fields':
        return `Invalid task data: field(s) ${p.fields}`
      case 'nested_split':
        return 'Invalid task data: sub-tasks are not split further'
      case 'split_parts':
        return 'Invalid task data: name the regions or departments to split into'
      case 'drop_reason':
        return 'Invalid task data: dropping a task needs a reason'
      case 'deadline_format':
        return 'Invalid task data: deadlines are dates: YYYY-MM-DD'
      case 'percent':
        return 'Invalid task data: percent complete is a whole number from 0 to 100'
      case 'period':
        return 'Invalid task data: period, e.g. 2024H1, 2024Q3 or 2024年上半年'
      case 'inspection_empty':
        return 'Invalid task data: an inspection needs a title and at least one finding'
      case 'subtask_deadline':
        return `Invalid task data: a sub-task deadline is a date no later than the task's (${p.parentDeadline})`
      case 'subtask_exists':
        return `Invalid task data: sub-task ${p.id} exists already`
      case 'status':
        return `Invalid task data: status ${p.status}`
      case 'report_text':
        return `Invalid task data: the report needs text (at most ${p.max} characters)`
    }
  },
  'task.attachment_rejected': (p) => {
    const at = `Attachment "${p.file}" refused: `
    switch (p.reason) {
      case 'empty':
        return `${at}empty file`
      case 'type':
        return `${at}only PDF, images (PNG, JPEG, GIF, WebP) and Office documents are accepted`
      case 'zip':
        return `${at}zip archives are not accepted; Office files must be .docx, .xlsx or .pptx`
      case 'structure':
        return `${at}its structure is broken or incomplete (${p.part}); save it again from its application`
      case 'executable':
        return `${at}it contains a program (${p.part})`
      case 'too_many':
        return `${at}at most ${p.max} files per report`
      case 'too_large':
        return `${at}larger than ${p.limitMiB} MiB`
    }
  },
  'task.sheet_invalid': (p) => {
    const v = `"${p.value ?? ''}"`
    switch (p.kind) {
      case 'status':
        return `${v} is not a task status (use 未开始/not_started, 推进中/in_progress, 已完成/done, 滞后/delayed or 已取消/dropped)`
      case 'deadline':
        return `${v} is not a deadline (give a date such as 2025-12-31, or a year such as 2025)`
      case 'version':
        return `Version ${v} is invalid: keep the version number the export wrote (a positive whole number)`
      case 'lead':
        return `Lead department ${v} is invalid: it may not be empty or longer than 100 characters`
      case 'department':
        return `Co-operating departments ${v} are invalid: each at most 100 characters, separated by 、 or ,`
      case 'duplicate':
        return `Task ${p.value} appears more than once in the sheet (first on row ${p.first})`
      case 'drop_reason':
        return `Dropping task ${p.id} (已取消) needs a reason in the 取消原因 (drop reason) column`
      case 'rolled_up':
        return `Task ${p.id} has sub-tasks and takes its status from them (now "${p.current}"); the sheet's ${v} was not imported — change the sub-tasks instead`
      case 'subtask_deadline':
        return `The deadline ${p.value} of sub-task ${p.id} is later than the deadline ${p.parentDeadline} of its task ${p.parent}`
      case 'no_id':
        return 'This row has content but no task id; it was ignored'
      default:
        return `${v} is invalid`
    }
  },
  'task.version_conflict': (p) =>
    `Task ${p.id} was changed by someone else (now version ${p.current}, the sheet has version ${p.given}); export the task list again and make the change on the new sheet`,
  'inspection.not_found': (p) => `No inspection ${p.id}`,
  'inspection.open_items': (p) => `The inspection still has ${p.open} finding(s) not corrected; it cannot be closed`,
  'framework.invalid': (p) => {
    const at = p.line !== undefined ? `, line ${p.line}` : ''
    return p.reason === 'schema'
      ? `Evaluation framework file${at}: field ${p.path} is invalid: ${schemaIssue(p)}`
      : `Evaluation framework file${at}: YAML syntax error: ${yamlReason(p.yaml)}`
  },
  'questionnaire.invalid': (p) => {
    const at = `${p.file !== undefined ? ` ${p.file}` : ''}${p.line !== undefined ? `, line ${p.line}` : ''}`
    return p.reason === 'schema' ? `Questionnaire file${at}: field ${p.path} is invalid: ${schemaIssue(p)}` : `Questionnaire file${at}: YAML syntax error: ${yamlReason(p.yaml)}`
  },
  'sources.invalid': (p) => {
    const at = `Source registry ${p.file}${p.line !== undefined ? `, line ${p.line}` : ''}`
    if (p.reason === 'schema') return `${at}: field ${p.path} is invalid: ${schemaIssue(p)}`
    if (p.reason === 'duplicate') return `${at}: field ${p.path}: source "${p.source}" is listed twice`
    return `${at}: YAML syntax error: ${yamlReason(p.yaml)}`
  },
  'source.unknown': (p) => `No figure comes from source "${p.source}" and the registry does not list it`,
  'source.bad_grade': (p) => `"${p.grade}" is not a source grade: use one of ${p.accepted}`,
  'series.no_such_source': (p) => `Series ${p.indicator} / ${p.region} has no figure from source "${p.source}"`,
  'series.reason_required': () => `Say why this source is chosen for the series (a reason is required)`,
  'evaluation.failed': (p) => `The composite index cannot be computed: ${EVALUATION_REASON[p.reason]?.(p) ?? `the method cannot run on these data (code ${p.reason})`}`,
  'evaluation.no_data': (p) =>
    `Not enough data for a composite evaluation in ${p.year} (${p.indicators === 0 ? `no indicator has data for at least ${p.needed ?? ''} regions` : `${p.regions} regions qualify`})${p.gaps ? `: missing ${p.gaps}` : ''}; ${p.latest !== undefined ? `the latest year with enough data is ${p.latest}: choose that year` : 'no earlier year has enough data either'}`,
  'evaluation.topsis_normalisation': (p) =>
    `TOPSIS cannot use ${p.normalisation} normalisation: it normalises the raw data itself, by vector norm or min–max; use --normalisation minmax, or leave it out for the framework's topsisNormalisation`,
  'evaluation.ahp_inconsistent': (p) => `The AHP comparison matrix has consistency ratio CR = ${p.cr}, above 0.1: revise the pairwise judgements`,
  'store.unavailable': (p) => `Cannot open database ${p.db}: ${systemReason(p.reason)}`,
  'store.bad_url': (p) => `Database URL "${p.url}" is invalid: use postgres://user:password@host:port/database`,
  'store.connection_failed': (p) =>
    `Cannot connect to database ${p.db}: host ${p.host} ${p.reason === 'ENOTFOUND' ? 'is unknown (its name does not resolve)' : p.reason === 'ETIMEDOUT' || p.reason === 'timeout' ? 'did not answer in time' : 'refused the connection (is PostgreSQL running, is the port right?)'}`,
  'store.auth_failed': (p) => `Cannot sign in to database ${p.db}: wrong password for user ${p.user}, or the user may not sign in`,
  'store.database_missing': (p) => `Database ${p.database} does not exist (${p.db})`,
  'store.bad_schema_name': (p) => `Schema name "${p.schema}" is invalid: use lower-case letters, digits and underscores, starting with a letter or underscore`,
  'store.no_schema': () => 'No schema on the search_path exists; set one with URBMON_DATABASE_SCHEMA',
  'store.bad_stored_value': (p) => `The database holds a value that urbmon did not write (${p.column}${p.key ? `, ${p.key}` : ''}); restore a backup or ask the administrator`,
  'store.busy': (p) => `The database is busy with another write (an import, perhaps); nothing was changed, try again in ${p.retryAfter} s`,
  'store.full': () => 'The database disk is full; nothing of this change was kept. Ask the administrator to free space',
  'store.read_only': () => 'The database is read-only at the moment; nothing was changed. Ask the administrator',
  'store.unreachable': (p) => `The connection to the database server was lost (${p.reason}); nothing was changed, try again shortly`,
  'store.nul_in_text': () => 'The text contains a NUL character (U+0000), which the database cannot store; remove it and try again',
  'store.migration_failed': (p) => `Upgrading the database structure failed (migration ${p.migration})`,
  'store.not_initialised': (p) => `Database ${p.db} is not initialised; run urbmon init first`,
  'cli.usage': (p) => {
    if ('option' in p && 'value' in p) return `Bad command line: ${p.option} ${p.value}${p.expected ? ` (${USAGE_EXPECTED[p.expected]})` : ''}`
    switch (p.reason) {
      case 'password_short':
        return `Bad command line: the password on standard input needs at least ${p.min} characters`
      case 'regions_or_departments':
        return 'Bad command line: give either --regions or --departments'
      case 'empty_list':
        return `Bad command line: ${p.option} is empty`
    }
  },
  'warning.target_behind': (p) =>
    `Target "${p.nameEn}" is ${p.status === 'regressing' ? 'regressing' : p.status === 'off_track' ? 'off track' : 'at risk'}: ` +
    (p.progress === '—'
      ? `latest ${p.latest} against ${p.baseline} at the baseline (target ${p.goal} by ${p.targetYear})`
      : `progress ${p.progress} % where the straight path expects ${p.expected} % (latest ${p.latest}, target ${p.goal} by ${p.targetYear})`),
  'warning.missing_data': (p) => `No data at all for ${p.indicatorNameEn} in ${p.regionNameEn} (data for ${p.due} is due)`,
  'warning.stale_data': (p) => `Latest ${p.indicatorNameEn} for ${p.regionNameEn} is for ${p.latestYear}; data for ${p.due} is due`,
  'warning.suspicious_jump': (p) =>
    `${p.indicatorNameEn} of ${p.regionNameEn} changed by ${p.change} in ${p.year}, far from the series' usual annual change of ${p.usual} (modified z ${p.z}); please check`,
  'warning.census_break': (p) =>
    `${p.indicatorNameEn} of ${p.regionNameEn} from ${p.from} (${p.fromYear}) to ${p.to} (${p.toYear}) crosses the ${p.census} census: part of the change is re-basing, a statistical break, not growth`,
  'warning.vintage_conflict': (p) => `${p.indicatorNameEn} of ${p.regionNameEn} for ${p.year} has different values from different sources: ${p.values}`,
  'warning.derived_mismatch': (p) =>
    `Published ${p.indicatorNameEn} of ${p.regionNameEn} for ${p.year} is ${p.published}, but ${p.formula} on the same source's figures gives ${p.derived} (source ${p.source})`,
  'warning.task_overdue': (p) => `Task ${p.task} "${p.title}" is ${p.days} days past its deadline ${p.deadline} (lead: ${p.lead})`,
  'warning.task_stalled': (p) => `Task ${p.task} "${p.title}" has had no progress report for ${p.days} days (lead: ${p.lead})`,
  'warning.tasks_overdue': (p) => `${p.count} tasks led by ${p.lead} are past their deadline (longest ${p.days} days): ${p.tasks}`,
  'warning.tasks_stalled': (p) => `${p.count} tasks led by ${p.lead} have had no progress report for a long time (longest ${p.days} days): ${p.tasks}`,
  'warning.grouped': (p) => `${p.count} ${WARNING_KIND_EN[p.kind] ?? p.kind} warnings on ${p.subjectEn}`,
  'forecast.failed': (p) => `Cannot forecast: ${FORECAST_REASON[p.reason]?.(p) ?? p.reason}`,
  internal: (p) => `Internal error${p.requestId ? ` (request id ${p.requestId})` : ''}`,
  'workflow.locked': (p) =>
    `${p.indicator} of ${p.region} for ${p.year} is approved by the ${p.holder} and locked: it cannot be ${ACTION_EN[p.action] ?? p.action} until a ${p.holder} reviewer returns it`,
  'workflow.awaits_city': (p) => `${p.indicator} of ${p.region} for ${p.year} waits for its city's approval; the province cannot approve it first`,
  'workflow.province_only': (p) => `${ACTION_EN_NOUN[p.action] ?? p.action} of ${p.indicator} of ${p.region} for ${p.year} is the province reviewers' step`,
  'workflow.region_forbidden': (p) => `${p.indicator} of ${p.region} for ${p.year} is outside the regions you review`,
  'ingest.unusual_change': (p) =>
    `${p.indicator} of ${p.region} for ${p.year} is ${p.value}: a change of ${p.change} from the year before, while the series usually changes by ${p.usual} (modified z = ${p.z}); check it, and explain it in the note before submitting`,
  'workflow.needs_comment': (p) => `${p.indicator} of ${p.region} for ${p.year} changes unusually from the year before: write a note explaining it before submitting`,
  'completeness.region_forbidden': (p) => `You may not see the completeness of region ${p.region} (parameter region): only of the regions assigned to you`,
  'inspection.closed': (p) => `Inspection ${p.id} is closed: no more corrections can be recorded on it`,
  'request.invalid': (p) => `Invalid data request: the field ${REQUEST_FIELD_EN[p.field]} (${p.field}) ${REQUEST_REASON_EN[p.reason]}${p.value ? `: "${p.value}"` : ''}`,
  'request.not_found': (p) => `No data request ${p.id}`,
  'request.version_conflict': (p) =>
    `Someone else changed this data request (now version ${p.current}, you sent version ${p.given}); reload it and make your change again — it was not saved`,
  'request.closed': (p) => `Data request ${p.id} is closed: reopen it before changing it`,
  'survey.not_found': (p) => `No questionnaire ${p.id}`,
  'survey.bad_region': (p) => `Region ${p.region} is not a city or county this questionnaire is given in (field region)`,
  'survey.token_invalid': () => 'The form token (field token) is not valid: open the questionnaire page again',
  'survey.token_expired': (p) => `The form token (field token) has expired (it lasts ${p.hours} hours): open the questionnaire page again`,
  'survey.token_used': () => 'This form token (field token) has been used already: each opening of the form submits once',
  'survey.bad_answer': (p) => {
    const q = `Question "${p.textEn}" (${p.question})`
    switch (p.reason) {
      case 'required':
        return `${q} must be answered`
      case 'scale':
        return `${q}: the answer ${p.value ?? ''} is not on the scale ${p.min ?? ''}–${p.max ?? ''}`
      case 'option':
        return `${q}: the answer "${p.value ?? ''}" is not one of the options`
      case 'too_long':
        return `${q}: the answer is too long (at most ${p.max ?? ''} characters)`
      case 'type':
        return `${q}: the answer "${p.value ?? ''}" has the wrong form`
      case 'unknown_question':
        return `The questionnaire has no question ${p.question}`
    }
  },
  'survey.duplicate': (p) => `The same answers were submitted from the same address within ${p.minutes} minutes: this one is a duplicate and was not counted`,
  'survey.rate_limited': (p) => `Too many submissions (at most ${p.limit} per address in ${p.minutes} minutes): try again in ${p.retryAfter} seconds; this one was not counted`,
  'survey.bad_round': (p) => `Evaluation round ${p.round} is not this questionnaire's open round (field round)`,
  'survey.import_cell': (p) => {
    switch (p.reason) {
      case 'region':
        return `Column ${p.column}: "${p.value ?? ''}" is not a city or county this questionnaire is given in`
      case 'no_region_column':
        return 'No region column (region or 地区)'
      case 'unknown_column':
        return `Column ${p.column}: the heading "${p.value ?? ''}" is not a question id of the questionnaire`
      case 'empty_file':
        return 'The file holds no responses'
      case 'unreadable':
        return 'The file cannot be read (CSV or XLSX expected)'
      case 'too_many_rows':
        return `Too many rows: at most ${p.max ?? ''} responses per import`
    }
  },
  'survey.import_rejected': (p) => `File ${p.file} has ${p.errors} error(s); no response was imported`,
  'comment.cell_not_found': (p) => `No value with id ${p.id}`,
  'comment.body_required': () => 'Field body: write a comment (1 to 2000 characters)',
  'round.invalid': (p) => `Invalid evaluation round: the field ${ROUND_FIELD_EN[p.field]} (${p.field}) ${ROUND_REASON_EN[p.reason]}${p.value ? `: "${p.value}"` : ''}`,
  'round.not_found': (p) => `No evaluation round ${p.id}`,
  'round.item_not_found': (p) => `Round ${p.round} has no ${p.kind} ${p.item} for region ${p.region}`,
  'round.version_conflict': (p) => `Someone else changed this (now version ${p.current}, you sent version ${p.given}); reload it and make your change again — it was not saved`,
  'round.closed': (p) => `Evaluation round ${p.id} is closed: nothing in it can be changed (an administrator may reopen it, giving a reason)`,
  'round.deadline_passed': (p) => `The self-evaluation deadline of round ${p.id} (${p.deadline}) has passed and the round does not accept late submissions`,
  'round.wrong_phase': (p) => `Round ${p.id} is in the ${phaseEn(p.phase)} phase: this can be done only in the ${phaseEn(p.needed)} phase`,
  'round.phase_refused': (p) =>
    `Round ${p.id} cannot move from ${phaseEn(p.from)} to ${phaseEn(p.to)}: phases go forward one at a time (an administrator may reopen a closed round into consolidation)`,
  'round.incomplete': (p) => `The self-evaluation of ${p.region} cannot be submitted: ${p.count} item(s) lack a status or a narrative (field status / narrative): ${p.items}`,
  'round.nothing_to_submit': (p) => `Nothing of ${p.region} is waiting to be submitted (save a draft first)`,
  'round.not_assigned': (p) => `You are not an evaluator of round ${p.round} for region ${p.region}`,
  'round.item_state': (p) => `Item ${p.item} is ${STATE_EN[p.state] ?? p.state}: this needs it ${STATE_EN[p.needed] ?? p.needed}`,
} satisfies Messages

const PHASE_EN: Readonly<Record<string, string>> = {
  draft: 'draft',
  self_evaluation: 'self-evaluation',
  third_party_review: 'third-party review',
  consolidation: 'consolidation',
  closed: 'closed',
}
const STATE_EN: Readonly<Record<string, string>> = { none: 'not self-evaluated yet', draft: 'a draft', submitted: 'submitted', accepted: 'accepted', returned: 'returned' }
const phaseEn = (p: string) => PHASE_EN[p] ?? p

const ROUND_FIELD_EN: Readonly<Record<ErrorParams<'round.invalid'>['field'], string>> = {
  kind: 'kind',
  year: 'year',
  title: 'title',
  titleEn: 'English title',
  regions: 'regions',
  targets: 'targets',
  tasks: 'tasks',
  deadlines: 'deadlines',
  scale: 'score scale',
  evaluators: 'evaluators',
  survey: 'survey',
  reason: 'reason',
  region: 'region',
  status: 'status',
  narrative: 'narrative',
  citations: 'cited figures',
  evidence: 'evidence',
  comment: 'comment',
  rating: 'rating',
  score: 'score',
  findings: 'findings',
  recommendations: 'recommendations',
}
const ROUND_REASON_EN: Readonly<Record<ErrorParams<'round.invalid'>['reason'], string>> = {
  length: 'is too long or empty',
  empty: 'must name at least one',
  unknown: 'names something the plan, the region list, the store or this round does not know',
  range: 'is out of range',
  date: 'must be a real date written YYYY-MM-DD',
  too_many: 'names too many',
  required: 'is required',
  not_evaluator: 'must name accounts with the evaluator role',
  order: 'must be in order (minimum below maximum; deadlines in phase order)',
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`
}

const REQUEST_FIELD_EN: Readonly<Record<ErrorParams<'request.invalid'>['field'], string>> = {
  title: 'title',
  message: 'message',
  indicators: 'indicators',
  regions: 'regions',
  year: 'year',
  due: 'due date',
}
const REQUEST_REASON_EN: Readonly<Record<ErrorParams<'request.invalid'>['reason'], string>> = {
  length: 'is too long or empty (a title takes 1 to 200 characters, a message at most 4000)',
  empty: 'must name at least one',
  unknown: 'names something the plan or the region list does not know',
  range: 'must be a year between 2000 and 2100',
  date: 'must be a real date written YYYY-MM-DD',
  too_many: 'names too many (at most 200)',
}
