import { describe, expect, it } from 'vitest'

import { commonPasswords, passwordProblem } from './password-policy.js'

// The cases are hand-picked: each rule once at its edge, and passwords that must pass.
describe('password policy', () => {
  const common = commonPasswords()
  const problem = (password: string, username = 'liming') => passwordProblem(password, username, common)?.reason

  it('ships the 5,000 most common passwords, comments excluded', () => {
    expect(common.size).toBe(5000)
    for (const p of ['123456', 'password', 'qwertyuiop', 'iloveyou']) expect(common.has(p), p).toBe(true)
    expect([...common].some((p) => p.startsWith('#'))).toBe(false)
  })

  it('names the rule a password breaks', () => {
    expect(problem('abcdefghi')).toBe('password_short') // 9 characters
    expect(problem('城镇化规划监测评估系')).toBeUndefined() // 10 characters, not bytes
    expect(problem('aaaaaaaaaa')).toBe('password_repetitive')
    expect(problem('abcabcabca')).toBe('password_repetitive') // 3 different characters
    expect(problem('liming2026!')).toBe('password_username')
    expect(problem('xx-GNIMIL-xx')).toBe('password_username') // the name reversed, any case
    expect(problem('li', 'li')).toBe('password_short')
    expect(problem('Li-Hua-Garden-7', 'li')).toBeUndefined() // two-letter names only refused whole
    expect(problem('qwertyuiop')).toBe('password_common')
    expect(problem('Password2024!')).toBe('password_common')
    expect(problem('1234567890')).toBe('password_common')
    expect(problem('correct-horse-battery')).toBeUndefined()
  })
})
