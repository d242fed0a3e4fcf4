import { describe, expect, it } from 'vitest'
import { hasControlCharacter, withoutControlCharacters } from './control-characters.js'

// Every UTF-16 code unit once, so the checks are compared with the regular expressions they replaced on all of them.
const allCodeUnits = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('')
const C0 = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}]`)
const C0_AND_DEL = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}]`, 'g')

describe('control characters', () => {
  it('finds a C0 control character exactly where the former pattern /[\\u0000-\\u001f]/ did', () => {
    const units = [...allCodeUnits]
    expect(units.filter((ch) => hasControlCharacter(`a${ch}b`))).toEqual(units.filter((ch) => C0.test(ch)))
    expect(hasControlCharacter('江苏省发展改革委')).toBe(false)
    expect(hasControlCharacter('省发展改革委\n')).toBe(true)
  })

  it('removes what the former pattern /[\\u0000-\\u001f\\u007f]/g removed, and keeps surrogate pairs whole', () => {
    expect(withoutControlCharacters(allCodeUnits)).toBe(allCodeUnits.replace(C0_AND_DEL, ''))
    expect(withoutControlCharacters('报告\t2024\u007f.docx')).toBe('报告2024.docx')
    expect(withoutControlCharacters('𠀀.pdf')).toBe('𠀀.pdf')
  })
})
