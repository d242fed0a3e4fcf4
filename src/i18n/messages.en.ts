import type { Messages } from './messages.js'

export const en = {
  'validation.failed': (p) => `Input is invalid: ${p.issues ?? ''}`,
  'plan.yaml_syntax': (p) => `Plan file YAML syntax error: ${p.detail}`,
  'plan.invalid': (p) => `Plan file field ${p.path} is invalid: ${p.detail}`,
  'plan.reference': (p) => `Plan file ${p.path} refers to a ${p.kind} "${p.ref}" that does not exist`,
  'regions.invalid': (p) => `Regions file field ${p.path} is invalid: ${p.detail}`,
  'region.unknown': (p) => `Unknown region "${p.name}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'region.ambiguous': (p) => `Region "${p.name}" is ambiguous, it could be: ${p.candidates}; use the region code`,
  'indicator.unknown': (p) => `Unknown indicator "${p.name}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'file.not_found': (p) => `File not found: ${p.file}`,
  'file.unreadable': (p) => `Cannot read file ${p.file}: ${p.detail}`,
  'ingest.unsupported_format': (p) => `Unsupported file format "${p.ext}"; use CSV, XLSX, JSON or HTML`,
  'ingest.legacy_xls': () =>
    'This is a legacy Excel (.xls) file, which cannot be read directly. Save it as .xlsx in Excel or WPS, or run libreoffice --headless --convert-to xlsx FILE.xls, then import the .xlsx',
  'ingest.empty': () => 'The file holds no data',
  'ingest.no_table': () => 'No table found in the file',
  'ingest.layout_unknown': () => 'Cannot tell the table layout (long, wide or yearbook); pass --layout',
  'ingest.missing_column': (p) => `Required column "${p.column}" is missing (accepted headings: ${p.accepted})`,
  'ingest.bad_json': (p) => `Malformed JSON: ${p.detail}`,
  'ingest.not_numeric': (p) => `"${p.value}" is not a number`,
  'ingest.not_available': (p) => `"${p.value}" means not available; skipped (not read as 0)`,
  'ingest.unknown_region': (p) => `Unknown region "${p.value}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'ingest.ambiguous_region': (p) => `Region "${p.value}" is ambiguous, it could be: ${p.candidates}; use the region code`,
  'ingest.unknown_indicator': (p) => `Unknown indicator "${p.value}"${p.candidates ? `; did you mean: ${p.candidates}` : ''}`,
  'ingest.unknown_unit': (p) => `Unit "${p.unit}" cannot be converted to the unit "${p.expected}" of indicator ${p.indicator}`,
  'ingest.bad_year': (p) => `"${p.value}" is not a valid year`,
  'ingest.no_year': (p) => `Cannot tell the year of column "${p.header}"; put the year in the heading or pass --year`,
  'ingest.no_indicator': (p) =>
    `Cannot tell which indicator column "${p.header}" holds; pass --indicator or add an alias to the indicator in the plan file`,
  'ingest.duplicate_conflict': (p) =>
    `The same cell (${p.indicator}, ${p.region}, ${p.year}, same source) has two different values: ${p.value} and ${p.otherValue} in row ${p.otherRow}`,
  'ingest.duplicate_same': (p) => `Repeats row ${p.otherRow} with the same value; imported once`,
  'ingest.out_of_range': (p) => `Value ${p.value} is outside the valid range [${p.min}, ${p.max}] of indicator ${p.indicator}`,
  'ingest.rule_failed': (p) => `Validation rule "${p.rule}" failed: ${p.detail}`,
  'ingest.summary_mismatch': (p) =>
    `${p.indicator} of ${p.region} is ${p.value}, which does not equal the sum of its members ${p.sum} (tolerance ${p.tolerance})`,
  'ingest.unlabeled_row_identified': (p) => `Row ${p.row} has no region name; identified as "${p.region}" by ${p.howEn}`,
  'ingest.unlabeled_row_unknown': (p) =>
    `Row ${p.row} has no region name and cannot be identified as any summary region${p.detailEn ? ` (${p.detailEn})` : ''}`,
  'ingest.value_revised': (p) =>
    `${p.indicator} ${p.region} ${p.year} (source ${p.source}) will be revised from ${p.old} to ${p.value}; the old value stays in the history`,
  'ingest.unit_converted': (p) => `Unit converted from "${p.from}" to "${p.to}"`,
  'ingest.column_ignored': (p) => `Column "${p.header}" not used`,
  'ingest.sheet_skipped': (p) => `Sheet "${p.sheet}" holds no data table; skipped`,
  'ingest.more_problems': (p) => `…and ${p.count} more of the same kind (${p.code}); the first ${p.shown} are listed`,
  'ingest.stream_failed': (p) => `The file could not be read to the end: ${p.detail}`,
  'ingest.rejected': (p) => `Import rejected: ${p.errors} error(s) found, nothing was written`,
  'auth.required': () => 'Sign in first',
  'auth.invalid_credentials': () => 'Wrong user name or password',
  'auth.throttled': (p) => `Too many failed sign-ins; try again in ${p.retryAfter} seconds`,
  'auth.forbidden': (p) => `Your role (${p.role}) may not do this`,
  'auth.region_forbidden': (p) => `You may not change data of region ${p.region} (only the regions assigned to you)`,
  'auth.csrf': () => 'The request lacks a valid CSRF token (X-CSRF-Token); reload the page and try again',
  'auth.disabled': () => 'This account is disabled',
  'user.exists': (p) => `User ${p.username} already exists`,
  'user.not_found': (p) => `No user ${p.username}`,
  'user.invalid': (p) => `Invalid user: ${p.detail}`,
  'observation.not_found': (p) => `No value ${p.indicator} ${p.region} ${p.year}`,
  'observation.version_conflict': (p) => `Someone else changed this value (now version ${p.current}, you sent version ${p.given}); reload and enter it again — your change was not saved`,
  'workflow.bad_transition': (p) => `A value in status "${p.status}" cannot be ${p.action}`,
  'http.not_found': () => 'Not found',
  'http.bad_request': (p) => `Bad request: ${p.detail}`,
  'http.payload_too_large': (p) => `Upload too large (limit ${p.limit})`,
  'http.unsupported_media_type': () => 'Unsupported request format',
  'ingest.region_forbidden': (p) => `You may not import data of region "${p.region}" (only the regions assigned to you)`,
  'backup.not_empty': (p) => `Database ${p.db} is not empty (${p.tables}); a backup restores only into a new, empty store; nothing was restored`,
  'backup.invalid': (p) => `Backup file, line ${p.line}: ${p.detail}`,
  'task.not_found': (p) => `No task ${p.id}`,
  'task.forbidden': (p) => `Only the lead or a co-operating department may report on task ${p.id} (your department: ${p.department || 'none'})`,
  'task.invalid': (p) => `Invalid task data: ${p.detail}`,
  'task.attachment_rejected': (p) => `Attachment "${p.file}" refused: ${p.detail}`,
  'task.sheet_invalid': (p) => {
    const v = `"${p.value ?? ''}"`
    switch (p.kind) {
      case 'status': return `${v} is not a task status (use 未开始/not_started, 推进中/in_progress, 已完成/done, 滞后/delayed or 已取消/dropped)`
      case 'deadline': return `${v} is not a deadline (give a date such as 2025-12-31, or a year such as 2025)`
      case 'version': return `Version ${v} is invalid: keep the version number the export wrote (a positive whole number)`
      case 'lead': return `Lead department ${v} is invalid: it may not be empty or longer than 100 characters`
      case 'department': return `Co-operating departments ${v} are invalid: each at most 100 characters, separated by 、 or ,`
      case 'duplicate': return `Task ${p.value} appears more than once in the sheet (first on row ${p.first})`
      case 'drop_reason': return `Dropping task ${p.id} (已取消) needs a reason in the 取消原因 (drop reason) column`
      case 'rolled_up': return `Task ${p.id} has sub-tasks and takes its status from them (now "${p.current}"); the sheet's ${v} was not imported — change the sub-tasks instead`
      case 'subtask_deadline': return `The deadline ${p.value} of sub-task ${p.id} is later than the deadline ${p.parentDeadline} of its task ${p.parent}`
      case 'no_id': return 'This row has content but no task id; it was ignored'
      default: return `${v} is invalid`
    }
  },
  'task.version_conflict': (p) => `Task ${p.id} was changed by someone else (now version ${p.current}, the sheet has version ${p.given}); export the task list again and make the change on the new sheet`,
  'inspection.not_found': (p) => `No inspection ${p.id}`,
  'inspection.open_items': (p) => `The inspection still has ${p.open} finding(s) not corrected; it cannot be closed`,
  'framework.invalid': (p) => `Evaluation framework field ${p.path} is invalid: ${p.detail}`,
  'evaluation.failed': (p) => `The composite index cannot be computed: ${p.detail}`,
  'evaluation.no_data': (p) => `Not enough data for a composite evaluation in ${p.year ?? ''} (${p.regions ?? 0} regions qualify)${p.detail ? `: ${p.detail}` : ''}`,
  'evaluation.ahp_inconsistent': (p) => `The AHP comparison matrix has consistency ratio CR = ${p.cr}, above 0.1: revise the pairwise judgements`,
  'store.unavailable': (p) => `Cannot open database ${p.db}: ${p.detail}`,
  'store.not_initialised': (p) => `Database ${p.db} is not initialised; run urbmon init first`,
  'cli.usage': (p) => `Bad command line: ${p.detail}`,
  'warning.target_behind': (p) => `Target "${p.nameEn}" is ${p.status === 'regressing' ? 'regressing' : p.status === 'off_track' ? 'off track' : 'at risk'}: progress ${p.progress} % where the straight path expects ${p.expected} % (latest ${p.latest}, target ${p.goal} by ${p.targetYear})`,
  'warning.missing_data': (p) => `No data at all for ${p.indicatorNameEn} in ${p.regionNameEn} (data for ${p.due} is due)`,
  'warning.stale_data': (p) => `Latest ${p.indicatorNameEn} for ${p.regionNameEn} is for ${p.latestYear}; data for ${p.due} is due`,
  'warning.suspicious_jump': (p) => `${p.indicatorNameEn} of ${p.regionNameEn} changed by ${p.change} in ${p.year}, far from the series' usual annual change of ${p.usual} (modified z ${p.z}); please check`,
  'warning.census_break': (p) => `${p.indicatorNameEn} of ${p.regionNameEn} from ${p.from} (${p.fromYear}) to ${p.to} (${p.toYear}) crosses the ${p.census} census: part of the change is re-basing, a statistical break, not growth`,
  'warning.vintage_conflict': (p) => `${p.indicatorNameEn} of ${p.regionNameEn} for ${p.year} has different values from different sources: ${p.values}`,
  'warning.derived_mismatch': (p) => `Published ${p.indicatorNameEn} of ${p.regionNameEn} for ${p.year} is ${p.published}, but ${p.formula} on the same source's figures gives ${p.derived} (source ${p.source})`,
  'warning.task_overdue': (p) => `Task ${p.task} "${p.title}" is ${p.days} days past its deadline ${p.deadline} (lead: ${p.lead})`,
  'warning.task_stalled': (p) => `Task ${p.task} "${p.title}" has had no progress report for ${p.days} days (lead: ${p.lead})`,
  'forecast.failed': (p) => `Cannot forecast: ${p.detail}`,
  internal: (p) => `Internal error${p.requestId ? ` (request id ${p.requestId})` : ''}`,
} satisfies Messages
