/** The audit log as CSV (UTF-8 BOM, formula-safe, CRLF): what the audit page's export downloads. @module */
import type { AuditRecord } from './ports/audit.js'
import { csvField } from './export.js'

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'entity',
  'entityId',
  'indicator',
  'region',
  'period',
  'source',
  'oldValue',
  'newValue',
  'oldStatus',
  'newStatus',
  'origin',
  'detail',
] as const

export const AUDIT_CSV_HEADER = `\ufeff${AUDIT_CSV_COLUMNS.join(',')}\r\n`

/** One entry as a CSV line; `detail` as its JSON text. */
export function auditCsvLine(e: AuditRecord): string {
  return `${AUDIT_CSV_COLUMNS.map((c) => {
    if (c === 'detail') return csvField(e.detail === null || e.detail === undefined ? null : JSON.stringify(e.detail))
    return csvField(e[c])
  }).join(',')}\r\n`
}
