/**
 * Control characters in one-line text fields (a task's lead department, an attachment's name): a line break, tab
 * or escape there is a copy-paste accident or an attempt to forge lines in a log or a table. Checked by code unit,
 * not with a regular expression, since a pattern spelling control characters reads as a mistake (no-control-regex).
 * @module
 */

/** True when `text` holds a C0 control character (U+0000–U+001F). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true
  return false
}

/** `text` without its C0 control characters and DEL (U+007F). */
export function withoutControlCharacters(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x20 && code !== 0x7f) out += text[i]
  }
  return out
}
