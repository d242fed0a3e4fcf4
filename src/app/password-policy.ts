/**
 * What a password must be: at least 10 characters, at least 4 different characters, not the user name nor
 * containing it, and neither itself nor its word (without the digits and symbols around it: `password12`,
 * `!Dragon2024`) among the 5,000 most common passwords (data/common-passwords.txt, source cited there).
 * @module
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { PACKAGE_ROOT } from './paths.js'

export const MIN_PASSWORD_LENGTH = 10
const MIN_DISTINCT = 4

export type PasswordProblem = { readonly reason: 'password_short'; readonly min: number } | { readonly reason: 'password_common' | 'password_username' | 'password_repetitive' }

export function passwordProblem(password: string, username: string, common: ReadonlySet<string>): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return { reason: 'password_short', min: MIN_PASSWORD_LENGTH }
  const lower = password.toLowerCase()
  if (new Set(lower).size < MIN_DISTINCT) return { reason: 'password_repetitive' }
  const name = username.toLowerCase()
  // Two-letter names would refuse too much ("li" is in many good passwords); they are still refused as the whole.
  if (lower === name || (name.length >= 3 && (lower.includes(name) || lower.includes([...name].reverse().join(''))))) return { reason: 'password_username' }
  const word = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  if (common.has(lower) || (word.length >= 4 && common.has(word))) return { reason: 'password_common' }
  return undefined
}

let loaded: ReadonlySet<string> | undefined

/** The shipped list, read once. */
export function commonPasswords(): ReadonlySet<string> {
  loaded ??= new Set(
    readFileSync(resolve(PACKAGE_ROOT, 'data/common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  )
  return loaded
}
