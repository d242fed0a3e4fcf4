/**
 * Accounts, sessions and API tokens. Roles: admin (everything), reviewer (province-wide review and publish),
 * reporter (enters and imports data for its regions and their children), viewer (reads everything).
 * @module
 */
import { z } from 'zod'

import { AppError } from '../core/errors.js'
import { ROLES, type Role } from '../core/roles.js'
import type { RegionCatalog } from '../regions/region-catalog.js'
import { commonPasswords, passwordProblem } from './password-policy.js'
import { hashPassword, randomToken, tokenDigest, verifyPassword } from './passwords.js'
import type { ApiTokenInfo, ApiTokenRepository } from './ports/api-token-repository.js'
import type { SessionRepository } from './ports/session-repository.js'
import type { AccountChange, User, UserRepository } from './ports/user-repository.js'

export { ROLES }
export type { ApiTokenInfo, User }

export const newUserSchema = z
  .object({
    username: z.string().regex(/^[a-zA-Z0-9_.@-]{2,64}$/, 'user names are 2–64 letters, digits, _ . @ -'),
    displayName: z.string().min(1).max(100).optional(),
    // The password policy (length, common passwords, the user name, repeats) is checked after parsing, naming its rule.
    password: z.string().min(1).max(200),
    role: z.enum(ROLES),
    regions: z.array(z.string().min(1).max(64)).max(500).default([]),
    department: z.string().min(1).max(100).nullable().optional(),
  })
  .strict()
export type NewUser = z.input<typeof newUserSchema>

const SESSION_HOURS = 8

/** The repositories accounts live in. */
export interface AccountRepos {
  readonly users: UserRepository
  readonly sessions: SessionRepository
  readonly apiTokens: ApiTokenRepository
}

export class UserService {
  readonly #repos: AccountRepos
  readonly #regions: RegionCatalog

  constructor(repos: AccountRepos, regions: RegionCatalog) {
    this.#repos = repos
    this.#regions = regions
  }

  async create(input: NewUser, actor: string, at: string, origin: string): Promise<User> {
    const parsed = newUserSchema.safeParse(input)
    if (!parsed.success) throw new AppError('user.invalid', { reason: 'fields', fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ') })
    const u = parsed.data
    for (const r of u.regions) if (!this.#regions.get(r)) throw new AppError('user.invalid', { reason: 'unknown_region', region: r })
    // A reporter reports data for regions, or on tasks for a department (九(一)): it needs one or the other.
    if (u.role === 'reporter' && u.regions.length === 0 && !u.department) throw new AppError('user.invalid', { reason: 'reporter_scope' })
    checkPassword(u.password, u.username)
    const existing = await this.#repos.users.getIgnoringCase(u.username)
    if (existing) throw new AppError('user.exists', { username: u.username, existing: existing.username })
    const passwordHash = await hashPassword(u.password)
    return this.#repos.users.create(
      { username: u.username, displayName: u.displayName ?? u.username, passwordHash, role: u.role, regions: u.regions, department: u.department ?? null },
      at,
      { at, actor, action: 'user.create', entity: 'user', entityId: u.username, detail: { role: u.role, regions: u.regions }, origin },
    )
  }

  async list(): Promise<User[]> {
    return this.#repos.users.list()
  }

  async get(username: string): Promise<User | undefined> {
    return this.#repos.users.get(username)
  }

  /** Names that differ only in case (stores from before that rule), for `user list` to point out. */
  async caseClashes(): Promise<string[][]> {
    return this.#repos.users.caseClashes()
  }

  async setDisabled(username: string, disabled: boolean, actor: string, at: string, origin: string): Promise<void> {
    const change = await this.#repos.users.setDisabled(username, disabled, at, {
      at,
      actor,
      action: disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: username,
      origin,
    })
    accountChanged(change, username)
  }

  async setRole(username: string, role: Role, actor: string, at: string, origin: string): Promise<void> {
    if (!ROLES.includes(role)) throw new AppError('user.invalid', { reason: 'fields', fields: 'role' })
    const user = await this.#repos.users.get(username)
    if (!user) throw new AppError('user.not_found', { username })
    if (role === 'reporter' && user.regions.length === 0 && !user.department) throw new AppError('user.invalid', { reason: 'reporter_scope' })
    const change = await this.#repos.users.setRole(username, role, at, {
      at,
      actor,
      action: 'user.set_role',
      entity: 'user',
      entityId: username,
      detail: { from: user.role, to: role },
      origin,
    })
    accountChanged(change, username)
  }

  /** An admin changes an account's display name, regions or department (those given); a reporter keeps a scope. */
  async setProfile(
    username: string,
    profile: { readonly displayName?: string; readonly regions?: ReadonlyArray<string>; readonly department?: string | null },
    actor: string,
    at: string,
    origin: string,
  ): Promise<void> {
    const user = await this.#repos.users.get(username)
    if (!user) throw new AppError('user.not_found', { username })
    for (const r of profile.regions ?? []) if (!this.#regions.get(r)) throw new AppError('user.invalid', { reason: 'unknown_region', region: r })
    const regions = profile.regions ?? user.regions
    const department = profile.department !== undefined ? profile.department : user.department
    if (user.role === 'reporter' && regions.length === 0 && !department) throw new AppError('user.invalid', { reason: 'reporter_scope' })
    const from: Record<string, unknown> = {}
    const to: Record<string, unknown> = {}
    if (profile.displayName !== undefined) [from.displayName, to.displayName] = [user.displayName, profile.displayName]
    if (profile.regions !== undefined) [from.regions, to.regions] = [user.regions, profile.regions]
    if (profile.department !== undefined) [from.department, to.department] = [user.department, profile.department]
    const found = await this.#repos.users.setProfile(username, profile, at, {
      at,
      actor,
      action: 'user.set_profile',
      entity: 'user',
      entityId: username,
      detail: { from, to },
      origin,
    })
    if (!found) throw new AppError('user.not_found', { username })
  }

  /** An admin sets a new password: the account's sessions end and its API tokens are revoked. */
  async resetPassword(username: string, password: string, actor: string, at: string, origin: string): Promise<void> {
    checkPassword(password, username)
    const hash = await hashPassword(password)
    const found = await this.#repos.users.setPasswordHash(username, hash, at, { at, actor, action: 'user.reset_password', entity: 'user', entityId: username, origin })
    if (!found) throw new AppError('user.not_found', { username })
  }

  /** The user changes its own password (the current one checked by the caller): every session and token ends. */
  async changeOwnPassword(user: User, password: string, at: string, origin: string): Promise<void> {
    checkPassword(password, user.username)
    const hash = await hashPassword(password)
    const found = await this.#repos.users.setPasswordHash(user.username, hash, at, {
      at,
      actor: user.username,
      action: 'user.change_password',
      entity: 'user',
      entityId: user.username,
      origin,
    })
    if (!found) throw new AppError('user.not_found', { username: user.username })
  }

  /** Checks a password; undefined when the user does not exist, is disabled, or the password is wrong. */
  async verify(username: string, password: string): Promise<User | undefined> {
    const found = await this.#repos.users.credentials(username)
    // Hash even for unknown users so the response time does not tell which user names exist.
    const ok = await verifyPassword(password, found?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '==')
    if (!found || !ok || found.user.disabled) return undefined
    return found.user
  }

  async createSession(user: User, at: Date, ip: string | null): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
    const token = randomToken()
    const csrfToken = randomToken(24)
    const expiresAt = new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString()
    await this.#repos.sessions.create({ id: tokenDigest(token), userId: user.id, csrfToken, createdAt: at.toISOString(), expiresAt, ip })
    return { token, csrfToken, expiresAt }
  }

  async sessionUser(token: string, now: Date): Promise<{ user: User; csrfToken: string } | undefined> {
    const s = await this.#repos.sessions.find(tokenDigest(token))
    if (!s || s.user.disabled || s.expiresAt <= now.toISOString()) return undefined
    return { user: s.user, csrfToken: s.csrfToken }
  }

  async deleteSession(token: string): Promise<void> {
    await this.#repos.sessions.delete(tokenDigest(token))
  }

  async createToken(username: string, name: string, at: string, actor: string, origin: string): Promise<string> {
    const user = await this.get(username)
    if (!user) throw new AppError('user.not_found', { username })
    const token = `urbmon_${randomToken()}`
    await this.#repos.apiTokens.create(
      { userId: user.id, name, tokenHash: tokenDigest(token), createdAt: at },
      { at, actor, action: 'token.create', entity: 'user', entityId: username, detail: { name }, origin },
    )
    return token
  }

  async tokens(username: string): Promise<ApiTokenInfo[]> {
    const user = await this.get(username)
    if (!user) throw new AppError('user.not_found', { username })
    return this.#repos.apiTokens.list(user.id)
  }

  /** Revokes one API token of `username` (its owner's, or any account's for an admin: the caller checks). */
  async revokeToken(username: string, tokenId: number, actor: string, at: string, origin: string): Promise<void> {
    const user = await this.get(username)
    if (!user) throw new AppError('user.not_found', { username })
    const done = await this.#repos.apiTokens.revoke(tokenId, user.id, at, {
      at,
      actor,
      action: 'token.revoke',
      entity: 'user',
      entityId: username,
      detail: { token: tokenId },
      origin,
    })
    if (!done) throw new AppError('token.not_found', { id: tokenId })
  }

  async tokenUser(token: string, now: Date): Promise<User | undefined> {
    const found = await this.#repos.apiTokens.findActive(tokenDigest(token))
    if (!found || found.user.disabled) return undefined
    await this.#repos.apiTokens.markUsed(found.tokenId, now.toISOString())
    return found.user
  }
}

/** Refuses a password that breaks the policy, naming the rule. */
export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username, commonPasswords())
  if (problem) throw new AppError('user.invalid', problem)
}

function accountChanged(change: AccountChange, username: string): void {
  if (change === 'not_found') throw new AppError('user.not_found', { username })
  if (change === 'last_admin') throw new AppError('user.last_admin', { username })
}

/** May this user write data of this region? Reporters: their regions (groupings count as their members) and below. */
export function mayWriteRegion(user: User, region: string, regions: RegionCatalog): boolean {
  if (user.role === 'admin') return true
  if (user.role !== 'reporter') return false
  for (const assigned of user.regions) {
    const a = regions.get(assigned)
    if (!a) continue
    const roots = a.level === 'grouping' ? a.members : [a.code]
    if (roots.some((root) => regions.isWithin(region, root))) return true
  }
  return false
}
