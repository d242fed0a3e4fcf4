import { describe, expect, it } from 'vitest'

import type { User } from './ports/user-repository.js'
import { requireRoundReportReader } from './round-report.js'

const user = (username: string, role: User['role'], regions: string[] = []): User => ({ id: 1, username, displayName: username, role, regions, department: null, disabled: false })
const open = { phase: 'consolidation', evaluators: [{ username: 'eva' }] }
const code = (f: () => void): string | null => {
  try {
    f()
    return null
  } catch (e) {
    return (e as { code?: string }).code ?? 'thrown'
  }
}

describe('who may read a round’s consolidated report', () => {
  it('while open: admins, reviewers of the whole plan and the round’s evaluators; no one else', () => {
    expect(code(() => requireRoundReportReader(user('a', 'admin'), open))).toBeNull()
    expect(code(() => requireRoundReportReader(user('r', 'reviewer'), open))).toBeNull()
    expect(code(() => requireRoundReportReader(user('eva', 'viewer'), open))).toBeNull()
    expect(code(() => requireRoundReportReader(user('city-reviewer', 'reviewer', ['320100']), open))).toBe('auth.forbidden')
    expect(code(() => requireRoundReportReader(user('nanjing', 'reporter', ['320100']), open))).toBe('auth.forbidden')
    expect(code(() => requireRoundReportReader(user('v', 'viewer'), open))).toBe('auth.forbidden')
    expect(code(() => requireRoundReportReader(undefined, open))).toBe('auth.required')
  })

  it('once closed: anyone, signed in or not', () => {
    const closed = { ...open, phase: 'closed' }
    expect(code(() => requireRoundReportReader(undefined, closed))).toBeNull()
    expect(code(() => requireRoundReportReader(user('nanjing', 'reporter', ['320100']), closed))).toBeNull()
  })
})
