import { describe, expect, it } from 'vitest'

import { firstControlCharacter, isControlCode } from './control-characters.js'

describe('control characters, one definition', () => {
  it('text: every C0 control but tab, LF and CR; line: every C0 control; DEL and printable text never', () => {
    for (let code = 0; code < 0x20; code++) {
      expect(isControlCode(code, 'line')).toBe(true)
      expect(isControlCode(code, 'text')).toBe(code !== 0x09 && code !== 0x0a && code !== 0x0d)
    }
    for (const code of [0x20, 0x41, 0x7f, 0x4e2d]) for (const rule of ['text', 'line'] as const) expect(isControlCode(code, rule)).toBe(false)
  })

  it('finds the first one', () => {
    expect(firstControlCharacter('a\tb\nc', 'text')).toBe(-1)
    expect(firstControlCharacter('a\tb\nc', 'line')).toBe(1)
    expect(firstControlCharacter('南京\u0000市\u001b', 'text')).toBe(2)
    expect(firstControlCharacter('', 'line')).toBe(-1)
  })
})
