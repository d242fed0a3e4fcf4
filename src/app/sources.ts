/**
 * Source quality as use cases: the registry file, listing every source with its grade, a reviewer's regrade, a
 * reviewer's per-series source choice (and its removal), the grade an import states for new sources, and the
 * ranking the preferred-source rule reads. Every write checks the role and is audited.
 * @module
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

import { must } from '../core/checked.js'
import { AppError } from '../core/errors.js'
import { problemError } from '../core/problem.js'
import { SOURCE_GRADES, VINTAGE_PATTERN, isSourceGrade, sourceHost, type Confidence, type GradeBasis, type SourceGrade } from '../core/source-grade.js'
import type { SourceRanking } from '../monitoring/preferred-source.js'
import { parseSourceRegistry } from '../monitoring/source-registry.js'
import type { Context } from './context.js'
import type { ConfidenceCounts, RegistryOutcome, SeriesChoiceRecord } from './ports/sources.js'
import { resolveIndicatorArg, resolveRegionArg } from './query.js'
import { loadRanking } from './source-ranking.js'

export { loadRanking } from './source-ranking.js'
import type { User } from './ports/user-repository.js'

export interface SourceActor {
  readonly user: User
  readonly at: string
  /** `cli`, or the client's address. */
  readonly origin: string
}

/** What replies add beside a figure's source. */
export interface SourceFields {
  readonly sourceGrade: SourceGrade
  readonly sourceVintage: string | null
  readonly confidence: Confidence | null
}

export function sourceFields(ranking: SourceRanking, source: string, confidence: Confidence | null | undefined): SourceFields {
  const q = ranking.quality(source)
  return { sourceGrade: q.grade, sourceVintage: q.vintage, confidence: confidence ?? null }
}

/** Reviewers and admins; a reviewer limited to some regions may not (a grade or a choice is province-wide). */
function requireGrader(user: User): User {
  if (user.role !== 'admin' && user.role !== 'reviewer') throw new AppError('auth.forbidden', { role: user.role })
  if (user.role !== 'admin' && user.regions.length > 0) throw new AppError('auth.forbidden', { role: user.role })
  return user
}

/** Loads a registry file (its path is read here); the first problem is thrown with file, line and field. */
export async function loadRegistryFile(ctx: Context, file: string, by: string, at: string, origin: string): Promise<RegistryOutcome> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new AppError('file.not_found', { file }, { cause: e })
  }
  return loadRegistryText(ctx, text, basename(file), by, at, origin)
}

export async function loadRegistryText(ctx: Context, text: string, name: string, by: string, at: string, origin: string): Promise<RegistryOutcome> {
  const parsed = parseSourceRegistry(text, name)
  if (!parsed.ok) throw problemError(must(parsed.error[0], 'first problem of a failed registry'))
  const entries = parsed.value.sources.map((s) => ({
    source: s.source,
    grade: s.grade,
    vintage: s.vintage ?? null,
    publisher: s.publisher ?? null,
    publisherEn: s.publisherEn ?? null,
    title: s.title ?? null,
    titleEn: s.titleEn ?? null,
  }))
  return ctx.sources.loadRegistry(entries, parsed.value.hosts, by, at, {
    at,
    actor: by,
    action: 'sources.load',
    entity: 'source_registry',
    entityId: name,
    detail: { file: name, sources: entries.length },
    origin,
  })
}

export interface SourceListing {
  readonly source: string
  readonly grade: SourceGrade
  readonly vintage: string | null
  readonly basis: GradeBasis
  readonly publisher: string | null
  readonly publisherEn: string | null
  readonly title: string | null
  readonly titleEn: string | null
  readonly figures: number
  /** How many of its figures state each confidence. */
  readonly confidence: ConfidenceCounts
  readonly host: string | null
  readonly gradedBy: string | null
  readonly gradedAt: string | null
}

/** Every source any figure names or the registry lists, best grade first, then by figures (most first), then name. */
export async function listSources(ctx: Context): Promise<SourceListing[]> {
  const [graded, counts, confidences, ranking] = await Promise.all([ctx.sources.graded(), ctx.sources.figureCounts(), ctx.sources.confidenceCounts(), loadRanking(ctx)])
  const byName = new Map(graded.map((g) => [g.source, g]))
  const names = new Set([...counts.keys(), ...byName.keys()])
  const out = [...names].map((source): SourceListing => {
    const g = byName.get(source)
    const q = ranking.quality(source)
    return {
      source,
      grade: q.grade,
      vintage: q.vintage,
      basis: q.basis,
      publisher: g?.publisher ?? null,
      publisherEn: g?.publisherEn ?? null,
      title: g?.title ?? null,
      titleEn: g?.titleEn ?? null,
      figures: counts.get(source) ?? 0,
      confidence: confidences.get(source) ?? { high: 0, medium: 0, low: 0, none: 0 },
      host: sourceHost(source) ?? null,
      gradedBy: g?.gradedBy ?? null,
      gradedAt: g?.gradedAt ?? null,
    }
  })
  const rank = (g: SourceGrade) => SOURCE_GRADES.indexOf(g)
  return out.sort((a, b) => rank(a.grade) - rank(b.grade) || b.figures - a.figures || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
}

export function parseGradeArg(raw: string): SourceGrade {
  const g = raw.trim().toLowerCase()
  if (!isSourceGrade(g)) throw new AppError('source.bad_grade', { grade: raw, accepted: SOURCE_GRADES.join(', ') })
  return g
}

/** A reviewer's regrade of one source (optionally its vintage too), audited with the grade it replaced. */
export async function gradeSource(ctx: Context, actor: SourceActor, input: { source: string; grade: SourceGrade; vintage?: string | null }): Promise<SourceListing> {
  const user = requireGrader(actor.user)
  if (input.vintage !== undefined && input.vintage !== null && !VINTAGE_PATTERN.test(input.vintage)) {
    throw new AppError('validation.failed', { fields: 'vintage' })
  }
  const counts = await ctx.sources.figureCounts()
  const known = counts.has(input.source) || (await ctx.sources.graded()).some((g) => g.source === input.source)
  if (!known) throw new AppError('source.unknown', { source: input.source })
  const before = (await loadRanking(ctx)).quality(input.source)
  await ctx.sources.regrade(input.source, input.grade, input.vintage, user.username, actor.at, {
    at: actor.at,
    actor: user.username,
    action: 'source.grade',
    entity: 'source',
    entityId: input.source,
    source: input.source,
    oldStatus: before.grade,
    newStatus: input.grade,
    detail: { before, grade: input.grade, ...(input.vintage !== undefined ? { vintage: input.vintage } : {}) },
    origin: actor.origin,
  })
  return must(
    (await listSources(ctx)).find((s) => s.source === input.source),
    'the source just graded',
  )
}

export interface SeriesChoiceInput {
  readonly indicator: string
  readonly region: string
  readonly source: string
  readonly reason: string
}

/** Chooses the source a series shows, overriding the rule; the reason is required and audited. */
export async function preferSeriesSource(ctx: Context, actor: SourceActor, input: SeriesChoiceInput): Promise<SeriesChoiceRecord> {
  const user = requireGrader(actor.user)
  const indicator = resolveIndicatorArg(ctx, input.indicator)
  const region = resolveRegionArg(ctx, input.region)
  const reason = input.reason.trim()
  if (reason === '') throw new AppError('series.reason_required')
  if (!(await ctx.sources.seriesHasSource(indicator, region, input.source))) throw new AppError('series.no_such_source', { indicator, region, source: input.source })
  const choice: SeriesChoiceRecord = { indicator, region, source: input.source, reason, chosenBy: user.username, chosenAt: actor.at }
  // The choice it replaces stays in the audit log (its own series.prefer entry).
  await ctx.sources.choose(choice, {
    at: actor.at,
    actor: user.username,
    action: 'series.prefer',
    entity: 'series',
    entityId: `${indicator}/${region}`,
    indicator,
    region,
    source: input.source,
    detail: { reason },
    origin: actor.origin,
  })
  return choice
}

/** Removes a series' choice (the rule decides again); undefined when the series had none. */
export async function clearSeriesSource(ctx: Context, actor: SourceActor, input: { indicator: string; region: string }): Promise<SeriesChoiceRecord | undefined> {
  const user = requireGrader(actor.user)
  const indicator = resolveIndicatorArg(ctx, input.indicator)
  const region = resolveRegionArg(ctx, input.region)
  return ctx.sources.clearChoice(indicator, region, {
    at: actor.at,
    actor: user.username,
    action: 'series.prefer_clear',
    entity: 'series',
    entityId: `${indicator}/${region}`,
    indicator,
    region,
    origin: actor.origin,
  })
}

/** The reviewer's choice for a series, if any (for history and explain). */
export async function seriesChoice(ctx: Context, indicator: string, region: string): Promise<SeriesChoiceRecord | null> {
  return (await ctx.sources.choices()).find((c) => c.indicator === indicator && c.region === region) ?? null
}

/** An import's stated grade for its sources that have none yet; audited; the sources it graded. */
export async function stateImportGrades(ctx: Context, sources: ReadonlyArray<string>, grade: SourceGrade, by: string, at: string, origin: string): Promise<string[]> {
  return ctx.sources.stateGrades(sources, grade, by, at, (graded) => ({
    at,
    actor: by,
    action: 'source.grade_stated',
    entity: 'source',
    newStatus: grade,
    detail: { sources: graded, grade },
    origin,
  }))
}
