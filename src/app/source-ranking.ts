/**
 * The ranking the preferred-source rule reads (stored grades, host rules, reviewers' series choices), loaded
 * from the store in three small reads. Kept apart from sources.ts so query.ts can use it without a cycle.
 * @module
 */
import { buildSourceRanking, type SourceRanking } from '../monitoring/preferred-source.js'
import type { SourceRepository } from './ports/sources.js'

export async function loadRanking(ctx: { readonly sources: SourceRepository }): Promise<SourceRanking> {
  const [sources, hosts, choices] = await Promise.all([ctx.sources.graded(), ctx.sources.hosts(), ctx.sources.choices()])
  return buildSourceRanking({ sources, hosts, choices })
}
