/**
 * Accounts, sessions and API tokens. Roles: admin (everything), reviewer (province-wide review and publish),
 * reporter (enters and imports data for its regions and their children), viewer (reads everything).
 * @module
 */
import { z } from 'zod'

import { AppError } from '../core/errors.js'
import type { RegionCatalog } from '../regions/region-catalog.js'
import type { Role } from '../store/db-types.js'
import type { Store } from '../store/open-store.js'
import { hashPassword, randomToken, tokenDigest, verifyPassword } from './passwords.js'

export const ROLES = ['admin', 'reviewer', 'reporter', 'viewer'] as const satisfies ReadonlyArray<Role>

export interface User {
  readonly id: number
  readonly username: string
  readonly displayName: string
  readonly role: Role
  readonly regions: ReadonlyArray<string>
  readonly department: string | null
  readonly disabled: boolean
}

export const newUserSchema = z
  .object({
    username: z.string().regex(/^[a-zA-Z0-9_.@-]{2,64}$/, 'user names are 2–64 letters, digits, _ . @ -'),
    displayName: z.string().min(1).max(100).optional(),
    password: z.string().min(10, 'passwords have at least 10 characters').max(200),
    role: z.enum(ROLES),
    regions: z.array(z.string().min(1).max(64)).max(500).default([]),
    department: z.string().min(1).max(100).nullable().optional(),
  })
  .strict()
export type NewUser = z.input<typeof newUserSchema>

const SESSION_HOURS = 8

function toUser(r: { id: number; username: string; display_name: string; role: string; regions: string; department: string | null; disabled: number }): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    regions: JSON.parse(r.regions) as string[],
    department: r.department,
    disabled: r.disabled !== 0,
  }
}

export class UserService {
  readonly #store: Store
  readonly #regions: RegionCatalog

  constructor(store: Store, regions: RegionCatalog) {
    this.#store = store
    this.#regions = regions
  }

  async create(input: NewUser, actor: string, at: string, origin: string): Promise<User> {
    const parsed = newUserSchema.safeParse(input)
    if (!parsed.success) throw new AppError('user.invalid', { reason: 'fields', fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ') })
    const u = parsed.data
    for (const r of u.regions) if (!this.#regions.get(r)) throw new AppError('user.invalid', { reason: 'unknown_region', region: r })
    // A reporter reports data for regions, or on tasks for a department (九(一)): it needs one or the other.
    if (u.role === 'reporter' && u.regions.length === 0 && !u.department) throw new AppError('user.invalid', { reason: 'reporter_scope' })
    const db = this.#store.db
    const exists = await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst()
    if (exists) throw new AppError('user.exists', { username: u.username })
    const hash = await hashPassword(u.password)
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('users')
        .values({ username: u.username, display_name: u.displayName ?? u.username, password_hash: hash, role: u.role, regions: JSON.stringify(u.regions), department: u.department ?? null, disabled: 0, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit(trx, { at, actor, action: 'user.create', entity: 'user', entity_id: u.username, detail: { role: u.role, regions: u.regions }, origin })
      return inserted
    })
    return toUser(row)
  }

  async list(): Promise<User[]> {
    return (await this.#store.db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser)
  }

  async get(username: string): Promise<User | undefined> {
    const r = await this.#store.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
    return r ? toUser(r) : undefined
  }

  async setDisabled(username: string, disabled: boolean, actor: string, at: string, origin: string): Promise<void> {
    await this.#store.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('users').set({ disabled: disabled ? 1 : 0, updated_at: at }).where('username', '=', username).executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) throw new AppError('user.not_found', { username })
      if (disabled) {
        const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
        await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute()
      }
      await audit(trx, { at, actor, action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entity_id: username, origin })
    })
  }

  async resetPassword(username: string, password: string, actor: string, at: string, origin: string): Promise<void> {
    if (password.length < 10) throw new AppError('user.invalid', { reason: 'password_short', min: 10 })
    const hash = await hashPassword(password)
    await this.#store.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('users').set({ password_hash: hash, updated_at: at }).where('username', '=', username).executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) throw new AppError('user.not_found', { username })
      const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
      await audit(trx, { at, actor, action: 'user.reset_password', entity: 'user', entity_id: username, origin })
    })
  }

  /** Checks a password; undefined when the user does not exist, is disabled, or the password is wrong. */
  async verify(username: string, password: string): Promise<User | undefined> {
    const r = await this.#store.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
    // Hash even for unknown users so the response time does not tell which user names exist.
    const ok = await verifyPassword(password, r?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '==')
    if (!r || !ok || r.disabled !== 0) return undefined
    return toUser(r)
  }

  async createSession(user: User, at: Date, ip: string | null): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
    const token = randomToken()
    const csrfToken = randomToken(24)
    const expiresAt = new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString()
    await this.#store.db.insertInto('sessions').values({ id: tokenDigest(token), user_id: user.id, csrf_token: csrfToken, created_at: at.toISOString(), expires_at: expiresAt, ip }).execute()
    return { token, csrfToken, expiresAt }
  }

  async sessionUser(token: string, now: Date): Promise<{ user: User; csrfToken: string } | undefined> {
    const r = await this.#store.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.regions', 'u.department', 'u.disabled', 's.csrf_token', 's.expires_at'])
      .where('s.id', '=', tokenDigest(token))
      .executeTakeFirst()
    if (!r || r.disabled !== 0 || r.expires_at <= now.toISOString()) return undefined
    return { user: toUser(r), csrfToken: r.csrf_token }
  }

  async deleteSession(token: string): Promise<void> {
    await this.#store.db.deleteFrom('sessions').where('id', '=', tokenDigest(token)).execute()
  }

  async createToken(username: string, name: string, at: string, actor: string, origin: string): Promise<string> {
    const user = await this.get(username)
    if (!user) throw new AppError('user.not_found', { username })
    const token = `urbmon_${randomToken()}`
    await this.#store.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_tokens').values({ user_id: user.id, name, token_hash: tokenDigest(token), created_at: at, last_used_at: null, revoked_at: null }).execute()
      await audit(trx, { at, actor, action: 'token.create', entity: 'user', entity_id: username, detail: { name }, origin })
    })
    return token
  }

  async tokenUser(token: string, now: Date): Promise<User | undefined> {
    const r = await this.#store.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id as token_id', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.regions', 'u.department', 'u.disabled'])
      .where('t.token_hash', '=', tokenDigest(token))
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst()
    if (!r || r.disabled !== 0) return undefined
    await this.#store.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', r.token_id).execute()
    return toUser(r)
  }
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

export interface AuditEntry {
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly entity: string
  readonly entity_id?: string | null
  readonly indicator?: string | null
  readonly region?: string | null
  readonly period?: string | null
  readonly source?: string | null
  readonly old_value?: number | null
  readonly new_value?: number | null
  readonly old_status?: string | null
  readonly new_status?: string | null
  readonly detail?: unknown
  readonly origin: string
}

export async function audit(db: Store['db'], e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entity_id: e.entity_id ?? null,
      indicator: e.indicator ?? null,
      region: e.region ?? null,
      period: e.period ?? null,
      source: e.source ?? null,
      old_value: e.old_value ?? null,
      new_value: e.new_value ?? null,
      old_status: e.old_status ?? null,
      new_status: e.new_status ?? null,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      origin: e.origin,
    })
    .execute()
}
