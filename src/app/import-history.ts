/**
 * Who loaded which file when: reviewers and admins see every import, a reporter only its own; viewers none.
 * @module
 */
import { AppError } from '../core/errors.js'
import type { ImportFilter, ImportHistory, ImportRecord } from './ports/import-history.js'
import type { User } from './ports/user-repository.js'

export const IMPORT_PAGE_MAX = 200

/** Whose imports the user may see: undefined for all, else the user's own username. */
function scope(user: User): string | undefined {
  if (user.role === 'admin' || user.role === 'reviewer') return undefined
  if (user.role === 'reporter') return user.username
  throw new AppError('auth.forbidden', { role: user.role })
}

export interface ImportQuery {
  readonly by?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

export async function listImports(history: ImportHistory, user: User, q: ImportQuery): Promise<{ total: number; imports: ReadonlyArray<ImportRecord> }> {
  const own = scope(user)
  // A reporter asking for someone else's imports gets none of them (its filter is always its own name).
  if (own !== undefined && q.by !== undefined && q.by !== own) return { total: 0, imports: [] }
  const by = own ?? q.by
  const filter: ImportFilter = {
    ...(by !== undefined ? { by } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    limit: Math.min(q.limit ?? 50, IMPORT_PAGE_MAX),
    offset: q.offset ?? 0,
  }
  return history.list(filter)
}

/** One import; another reporter's import is "not found" (its existence is not disclosed). */
export async function getImport(history: ImportHistory, user: User, id: number): Promise<ImportRecord> {
  const own = scope(user)
  const r = await history.get(id)
  if (!r || (own !== undefined && r.by !== own)) throw new AppError('http.not_found', {})
  return r
}
