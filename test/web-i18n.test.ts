/**
 * The dashboard's zh and en dictionaries (web/src/i18n.ts) must say the same things: the same keys, no empty
 * text, the same {n} placeholders. A gap shows up as a raw key or a missing number on a user's screen.
 */
import { describe, expect, it } from 'vitest'

import { dictionaries } from '../web/src/i18n.js'

type Dictionary = Readonly<Record<string, string>>

/** Every difference between two dictionaries that a user would see, one line each. */
function parityProblems(a: Dictionary, b: Dictionary, names: readonly [string, string] = ['zh', 'en']): string[] {
  const problems: string[] = []
  const placeholders = (s: string) => [...new Set(s.match(/\{\d\}/g) ?? [])].sort().join(' ')
  for (const [d, name, other, otherName] of [
    [a, names[0], b, names[1]],
    [b, names[1], a, names[0]],
  ] as const) {
    for (const [k, v] of Object.entries(d)) {
      if (!(k in other)) problems.push(`${k}: in ${name}, missing in ${otherName}`)
      if (v.trim() === '') problems.push(`${k}: empty in ${name}`)
    }
  }
  for (const k of Object.keys(a)) {
    if (k in b && placeholders(a[k]!) !== placeholders(b[k]!)) problems.push(`${k}: placeholders ${names[0]} [${placeholders(a[k]!)}] ≠ ${names[1]} [${placeholders(b[k]!)}]`)
  }
  return problems
}

describe('web dictionaries', () => {
  it('have the same keys in zh and en, none empty, with the same placeholders', () => {
    expect(parityProblems(dictionaries.zh, dictionaries.en)).toEqual([])
    expect(Object.keys(dictionaries.zh).length).toBeGreaterThan(200)
  })

  it('fails on a missing key, an empty text and a lost placeholder', () => {
    const zh = { a: '甲', b: '乙 {0}', c: '丙' }
    const en = { a: 'A', b: 'B', c: ' ', d: 'D' }
    expect(parityProblems(zh, en).sort()).toEqual(['b: placeholders zh [{0}] ≠ en []', 'c: empty in en', 'd: in en, missing in zh'])
  })

  it('has every status, workflow state and role the API sends', () => {
    for (const k of ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing', 'no_data']) expect(dictionaries.en).toHaveProperty(`st_${k}`)
    for (const k of ['draft', 'submitted', 'approved', 'published', 'returned']) expect(dictionaries.en).toHaveProperty(`ws_${k}`)
    for (const k of ['admin', 'reviewer', 'reporter', 'viewer']) expect(dictionaries.en).toHaveProperty(`role_${k}`)
  })
})
