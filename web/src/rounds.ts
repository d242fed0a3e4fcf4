/**
 * Evaluation rounds (issue 16) as the web app reads them: the reply schemas of /api/rounds… and small helpers the
 * round pages share (status order, who may administer, dates).
 * @module
 */
import { z } from 'zod'

import { targetStatusName, type TargetStatusName } from '../../src/contract/index.js'
import type { SessionUser } from './api'

const day = z.string().nullable()

export const roundKind = z.enum(['annual', 'midterm', 'final'])
export const roundPhase = z.enum(['draft', 'self_evaluation', 'third_party_review', 'consolidation', 'closed'])
export type RoundKind = z.infer<typeof roundKind>
export type RoundPhase = z.infer<typeof roundPhase>
export const PHASES: ReadonlyArray<RoundPhase> = roundPhase.options

export const roundView = z.object({
  id: z.number(),
  kind: roundKind,
  year: z.number(),
  title: z.string(),
  titleEn: z.string(),
  regions: z.array(z.string()),
  targets: z.array(z.string()).nullable(),
  tasks: z.array(z.string()).nullable(),
  phase: roundPhase,
  deadlines: z.object({ selfEvaluation: day, thirdPartyReview: day, consolidation: day }),
  allowLate: z.boolean(),
  scale: z.object({ min: z.number(), max: z.number() }),
  evaluators: z.array(z.object({ username: z.string(), regions: z.array(z.string()) })),
  survey: z.string().nullable(),
  version: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
})
export type RoundView = z.infer<typeof roundView>
export const roundsReply = z.array(roundView)

const computed = z.object({
  status: targetStatusName.nullable(),
  forecast: z.number().nullable(),
  probability: z.number().nullable(),
  warnings: z.array(z.object({ kind: z.string(), severity: z.string() })),
  indexRank: z.number().nullable(),
  indexRankLow: z.number().nullable(),
  indexRankHigh: z.number().nullable(),
  value: z.number().nullable(),
  year: z.number().nullable(),
})
export const citation = z.object({
  observation: z.number(),
  indicator: z.string(),
  region: z.string(),
  year: z.number(),
  value: z.number(),
  source: z.string(),
  sourceGrade: z.string(),
  vintage: z.string().nullable(),
})
export type Citation = z.infer<typeof citation>
export const roundEvidence = z.object({ id: z.number(), fileName: z.string(), size: z.number() })
export type RoundEvidence = z.infer<typeof roundEvidence>
export const selfState = z.enum(['draft', 'submitted', 'accepted', 'returned'])
export const roundItemView = z.object({
  round: z.number(),
  region: z.string(),
  kind: z.enum(['target', 'task']),
  itemId: z.string(),
  name: z.string(),
  nameEn: z.string(),
  computed,
  self: z
    .object({
      status: targetStatusName,
      narrative: z.string(),
      citations: z.array(citation),
      evidence: z.array(roundEvidence),
      state: selfState,
      reviewComment: z.string().nullable(),
      late: z.boolean(),
      version: z.number(),
      updatedBy: z.string(),
      updatedAt: z.string(),
    })
    .nullable(),
  rating: z
    .object({
      rating: targetStatusName,
      score: z.number(),
      findings: z.string(),
      recommendations: z.string(),
      by: z.string(),
      at: z.string(),
      version: z.number(),
    })
    .nullable(),
  flagged: z.boolean(),
})
export type RoundItemView = z.infer<typeof roundItemView>
export const roundItemsReply = z.array(roundItemView)

export const regionProgress = z.object({
  region: z.string(),
  items: z.number(),
  drafted: z.number(),
  submitted: z.number(),
  accepted: z.number(),
  returned: z.number(),
  rated: z.number(),
  late: z.number(),
  overdue: z.boolean().or(z.number()),
})
export type RegionProgress = z.infer<typeof regionProgress>
export const roundProgressReply = z.array(regionProgress)

const cityCell = z.object({
  region: z.string(),
  self: targetStatusName.nullable(),
  rating: targetStatusName.nullable(),
  score: z.number().nullable(),
  findings: z.string().nullable(),
  flagged: z.boolean(),
})
export const consolidatedRoundReply = z.object({
  round: roundView,
  targets: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      nameEn: z.string(),
      computed: computed.extend({ trend: z.string().nullable() }),
      cities: z.array(cityCell),
      disagreements: z.array(z.object({ region: z.string(), self: targetStatusName, rating: targetStatusName.nullable(), computed: targetStatusName.nullable() })),
    }),
  ),
  cities: z.array(
    z.object({
      region: z.string(),
      name: z.string(),
      nameEn: z.string(),
      submitted: z.number(),
      accepted: z.number(),
      items: z.number(),
      selfSummary: z.array(z.object({ status: targetStatusName, count: z.number() })),
      survey: z.array(
        z.object({
          dimension: z.string(),
          name: z.string(),
          nameEn: z.string(),
          n: z.number(),
          shown: z.boolean(),
          mean: z.number().nullable(),
          ciLow: z.number().nullable(),
          ciHigh: z.number().nullable(),
        }),
      ),
      index: z.object({ rank: z.number().nullable(), rankLow: z.number().nullable(), rankHigh: z.number().nullable(), score: z.number().nullable() }),
    }),
  ),
  evidence: z.array(
    z.object({ round: z.number(), region: z.string(), kind: z.string(), itemId: z.string(), id: z.number(), fileName: z.string(), size: z.number(), sha256: z.string() }),
  ),
  sources: z.array(
    z.object({ observation: z.number(), indicator: z.string(), region: z.string(), year: z.number(), value: z.number(), source: z.string(), sourceGrade: z.string() }),
  ),
})
export type ConsolidatedRound = z.infer<typeof consolidatedRoundReply>

/** The questionnaires (GET /api/surveys, the survey helper's): only their ids are read here. */
export const surveysReply = z.array(z.looseObject({ id: z.string() }))

/** Any reply whose body the page does not read (a write's echo). */
export const anyReply = z.unknown()

/** The plan's status words, best first: "better than" for the flag, and the order of every status select. */
export const STATUS_ORDER: ReadonlyArray<TargetStatusName> = ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing']
export const SELECTABLE: ReadonlyArray<TargetStatusName> = [...STATUS_ORDER, 'no_data']

/** Admins and reviewers without a region limit (provincial) administer rounds. */
export const mayAdminister = (user: SessionUser): boolean => user.role === 'admin' || (user.role === 'reviewer' && user.regions.length === 0)
/** The evaluator role (issue 16); compared as a string so the page reads the same before and after the role exists. */
export const isEvaluator = (user: SessionUser): boolean => (user.role as string) === 'evaluator'

/** Today in the viewer's calendar, YYYY-MM-DD. */
export const today = (): string => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
/** Whole days from today to a YYYY-MM-DD date (negative: past). */
export const daysUntil = (date: string): number => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today()}T00:00:00Z`)) / 86_400_000)

/** The round's path, e.g. roundPath(3, 'self', '320100') → #/rounds/3/self/320100. */
export const roundPath = (id: number, ...rest: string[]): string => `#/rounds/${[String(id), ...rest.map(encodeURIComponent)].join('/')}`

/** A round's sub-page from the address. */
export type RoundRoute =
  { page: 'list' } | { page: 'admin'; id: number } | { page: 'self' | 'evaluate'; id: number; region: string } | { page: 'consolidated'; id: number } | { page: 'invalid' }

export function parseRoundRoute(hash: string): RoundRoute {
  const path = (hash.replace(/^#/, '').split('?')[0] ?? '').replace(/\/+$/, '')
  if (path === '/rounds') return { page: 'list' }
  const m = /^\/rounds\/(\d{1,9})(?:\/(self|evaluate|consolidated)(?:\/([^/]+))?)?$/.exec(path)
  if (!m) return { page: 'invalid' }
  const id = Number(m[1])
  const sub = m[2]
  const region = m[3]
  if (sub === undefined) return { page: 'admin', id }
  if (sub === 'consolidated') return region === undefined ? { page: 'consolidated', id } : { page: 'invalid' }
  if (region === undefined || !/^[0-9A-Za-z_-]{1,40}$/.test(region)) return { page: 'invalid' }
  return { page: sub === 'self' ? 'self' : 'evaluate', id, region }
}
