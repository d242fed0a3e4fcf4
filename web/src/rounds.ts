/**
 * Evaluation rounds (issue 16) as the web app reads them: the reply schemas of /api/rounds… and small helpers the
 * round pages share (status order, who may administer, dates).
 * @module
 */
import { z } from 'zod'

import { roundPhase, type RoundPhase, type TargetStatusName } from '../../src/contract/index.js'
import type { SessionUser } from './api'

export {
  consolidatedRound as consolidatedRoundReply,
  roundEvidenceReply as roundEvidence,
  roundItemsReply,
  roundProgressReply,
  roundsReply,
  roundView,
} from '../../src/contract/index.js'
export type {
  ConsolidatedRound,
  RoundCitation as Citation,
  RoundEvidenceRef as RoundEvidence,
  RoundItemView,
  RoundKind,
  RoundPhase,
  RoundProgressRow as RegionProgress,
  RoundView,
} from '../../src/contract/index.js'
export const PHASES: ReadonlyArray<RoundPhase> = roundPhase.options

/** The questionnaires (GET /api/surveys, the survey helper's): only their ids are read here. */
export const surveysReply = z.array(z.looseObject({ id: z.string() }))

/** Any reply whose body the page does not read (a write's echo). */
export const anyReply = z.unknown()

/** The plan's status words, best first: "better than" for the flag, and the order of every status select. */
export const STATUS_ORDER: ReadonlyArray<TargetStatusName> = ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing']
export const SELECTABLE: ReadonlyArray<TargetStatusName> = [...STATUS_ORDER, 'no_data']

/** Admins and reviewers without a region limit (provincial) administer rounds. */
export const mayAdminister = (user: SessionUser): boolean => user.role === 'admin' || (user.role === 'reviewer' && user.regions.length === 0)
/** A third-party evaluator (issue 16): assigned per round with the regions it evaluates. */
export const isEvaluator = (user: SessionUser): boolean => user.role === 'evaluator'

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
