/**
 * Control characters in one-line text fields (a task's lead department, an attachment's name): a line break, tab
 * or escape there is a copy-paste accident or an attempt to forge lines in a log or a table. The definition is
 * src/core/control-characters.ts (rule `line`: every C0 control).
 * @module
 */
import { firstControlCharacter, isControlCode } from '../core/control-characters.js'

/** True when `text` holds a C0 control character (U+0000–U+001F). */
export function hasControlCharacter(text: string): boolean {
  return firstControlCharacter(text, 'line') !== -1
}

/** `text` without its C0 control characters and DEL (U+007F). */
export function withoutControlCharacters(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (!isControlCode(code, 'line') && code !== 0x7f) out += text[i]
  }
  return out
}
