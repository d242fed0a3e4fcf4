/**
 * Control characters: the one definition the request schemas (src/contract/text.ts), the file readers
 * (src/ingest/read-input.ts) and the one-line fields of the use cases (src/app/control-characters.ts) share.
 *
 *   C0 controls U+0000–U+001F. NUL breaks PostgreSQL (it refuses NUL in text); the others are never meant in text.
 *   - `text` (notes, comments, cells): tab, LF and CR are layout and allowed; every other C0 control is not.
 *   - `line` (a name, a lead department, an attachment's name): no C0 control at all, since a line break or tab
 *     there is a copy-paste accident or an attempt to forge lines in a log or a table.
 *   DEL (U+007F) is not counted as a control character here; `withoutControlCharacters` also drops it.
 * Checked by code unit, not with a regular expression (a pattern spelling control characters reads as a
 * mistake: no-control-regex).
 * @module
 */

export type ControlCharacterRule = 'text' | 'line'

const TAB = 0x09
const LF = 0x0a
const CR = 0x0d

/** True when the UTF-16 code unit `code` is a control character under `rule`. */
export function isControlCode(code: number, rule: ControlCharacterRule): boolean {
  if (code >= 0x20) return false
  return rule === 'line' || (code !== TAB && code !== LF && code !== CR)
}

/** The index of the first control character of `text` under `rule`, or −1. */
export function firstControlCharacter(text: string, rule: ControlCharacterRule): number {
  for (let i = 0; i < text.length; i++) if (isControlCode(text.charCodeAt(i), rule)) return i
  return -1
}
