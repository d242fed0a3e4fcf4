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
  'ingest.rejected': (p) => `Import rejected: ${p.errors} error(s) found, nothing was written`,
  'store.unavailable': (p) => `Cannot open database ${p.db}: ${p.detail}`,
  'store.not_initialised': (p) => `Database ${p.db} is not initialised; run urbmon init first`,
  'cli.usage': (p) => `Bad command line: ${p.detail}`,
  internal: (p) => `Internal error${p.requestId ? ` (request id ${p.requestId})` : ''}`,
} satisfies Messages
