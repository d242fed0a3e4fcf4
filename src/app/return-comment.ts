/**
 * The return comment a reviewer gave, kept in the cell's comment thread too (called by the workflow after a
 * return). Apart from the thread's service, which checks roles with the workflow's rules, so the two do not import
 * each other.
 * @module
 */
import type { Context } from './context.js'
import type { Observation } from './ports/observations.js'
import type { User } from './ports/user-repository.js'

/** The return comment a reviewer gave, kept in the thread too (called by the workflow after a return). */
export async function recordReturnComment(
  ctx: Pick<Context, 'comments'>,
  actor: { readonly user: Pick<User, 'id' | 'displayName' | 'username'>; readonly at: string },
  obs: Observation,
  body: string,
): Promise<void> {
  if (!body.trim()) return
  await ctx.comments.append([
    {
      indicator: obs.indicator,
      region: obs.region,
      period: obs.period,
      year: obs.year,
      source: obs.source,
      observationVersion: obs.version,
      kind: 'return',
      author: String(actor.user.id),
      authorName: actor.user.displayName || actor.user.username,
      body: body.trim(),
      createdAt: actor.at,
    },
  ])
}
