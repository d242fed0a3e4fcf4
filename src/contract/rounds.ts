/**
 * Evaluation rounds (评估轮次, issue 16): a round, its items per region (self-evaluation, review, the evaluator's
 * rating beside the computed status), progress and the consolidated view. Shapes agreed in the shared design.
 * @module
 */
import { z } from 'zod'

import { targetStatusName } from './monitoring.js'
import { requestText } from './text.js'

export const roundKind = z.enum(['annual', 'midterm', 'final'])
export type RoundKind = z.infer<typeof roundKind>
/** Forward one at a time; closed → consolidation is the admin's reopen. */
export const roundPhase = z.enum(['draft', 'self_evaluation', 'third_party_review', 'consolidation', 'closed'])
export type RoundPhase = z.infer<typeof roundPhase>
export const roundItemKind = z.enum(['target', 'task'])
export type RoundItemKind = z.infer<typeof roundItemKind>
export const selfEvaluationState = z.enum(['draft', 'submitted', 'accepted', 'returned'])
export type SelfEvaluationState = z.infer<typeof selfEvaluationState>

export const roundDeadlines = z.strictObject({
  /** YYYY-MM-DD */
  selfEvaluation: z.string().nullable(),
  thirdPartyReview: z.string().nullable(),
  consolidation: z.string().nullable(),
})
export const roundScale = z.strictObject({ min: z.number(), max: z.number() })
export const roundEvaluator = z.strictObject({ username: z.string(), regions: z.array(z.string()) })

export const roundView = z.strictObject({
  id: z.number(),
  kind: roundKind,
  year: z.number(),
  title: z.string(),
  titleEn: z.string(),
  /** Region codes in scope (cities, optionally counties). */
  regions: z.array(z.string()),
  /** Plan target ids covered; null = all that apply to a region. */
  targets: z.array(z.string()).nullable(),
  /** Task ids covered; null = all assigned to a region. */
  tasks: z.array(z.string()).nullable(),
  phase: roundPhase,
  deadlines: roundDeadlines,
  allowLate: z.boolean(),
  /** The evaluator's score scale, default 0–100. */
  scale: roundScale,
  evaluators: z.array(roundEvaluator),
  /** Questionnaire id (data/surveys/*.yaml), e.g. 'jiangsu-satisfaction'. */
  survey: z.string().nullable(),
  version: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
})
export type RoundView = z.infer<typeof roundView>
export const roundsReply = z.array(roundView)

export const roundComputed = z.strictObject({
  status: targetStatusName.nullable(),
  forecast: z.number().nullable(),
  probability: z.number().nullable(),
  warnings: z.array(z.strictObject({ kind: z.string(), severity: z.string() })),
  indexRank: z.number().nullable(),
  indexRankLow: z.number().nullable(),
  indexRankHigh: z.number().nullable(),
  value: z.number().nullable(),
  year: z.number().nullable(),
})
export type RoundComputed = z.infer<typeof roundComputed>

export const roundCitation = z.strictObject({
  observation: z.number(),
  indicator: z.string(),
  region: z.string(),
  year: z.number(),
  value: z.number(),
  source: z.string(),
  sourceGrade: z.string(),
  vintage: z.string().nullable(),
})
export type RoundCitation = z.infer<typeof roundCitation>

export const roundEvidenceRef = z.strictObject({ id: z.number(), fileName: z.string(), size: z.number() })
export type RoundEvidenceRef = z.infer<typeof roundEvidenceRef>

export const roundSelfEvaluation = z.strictObject({
  status: targetStatusName,
  narrative: z.string(),
  citations: z.array(roundCitation),
  evidence: z.array(roundEvidenceRef),
  state: selfEvaluationState,
  reviewComment: z.string().nullable(),
  late: z.boolean(),
  version: z.number(),
  updatedBy: z.string(),
  updatedAt: z.string(),
})
export type RoundSelfEvaluation = z.infer<typeof roundSelfEvaluation>

export const roundRating = z.strictObject({
  rating: targetStatusName,
  score: z.number(),
  findings: z.string(),
  recommendations: z.string(),
  by: z.string(),
  at: z.string(),
  version: z.number(),
})
export type RoundRating = z.infer<typeof roundRating>

export const roundItemView = z.strictObject({
  round: z.number(),
  region: z.string(),
  kind: roundItemKind,
  itemId: z.string(),
  name: z.string(),
  nameEn: z.string(),
  computed: roundComputed,
  self: roundSelfEvaluation.nullable(),
  rating: roundRating.nullable(),
  /** Self-rated better than computed (e.g. self achieved, computed at_risk). */
  flagged: z.boolean(),
})
export type RoundItemView = z.infer<typeof roundItemView>
export const roundItemsReply = z.array(roundItemView)

export const roundProgressRow = z.strictObject({
  region: z.string(),
  name: z.string(),
  nameEn: z.string(),
  items: z.number(),
  drafted: z.number(),
  submitted: z.number(),
  accepted: z.number(),
  returned: z.number(),
  rated: z.number(),
  late: z.number(),
  /** Past the self-evaluation deadline and not every item submitted. */
  overdue: z.boolean(),
})
export type RoundProgressRow = z.infer<typeof roundProgressRow>
export const roundProgressReply = z.array(roundProgressRow)

export const roundEvidenceReply = roundEvidenceRef

/** GET …/history: every saved version of the self-evaluation and the rating, and the reviews, oldest first. */
export const roundItemHistoryReply = z.strictObject({
  self: z.array(
    roundSelfEvaluation.extend({
      citations: z.array(z.number()),
    }),
  ),
  ratings: z.array(roundRating),
  reviews: z.array(
    z.strictObject({
      decision: z.enum(['accept', 'return']),
      comment: z.string(),
      selfVersion: z.number(),
      by: z.string(),
      at: z.string(),
    }),
  ),
})
export type RoundItemHistory = z.infer<typeof roundItemHistoryReply>

export const roundSubmitReply = z.strictObject({ submitted: z.number() })

const statusCount = z.strictObject({ status: targetStatusName, count: z.number() })

export const consolidatedRound = z.strictObject({
  round: roundView,
  targets: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      nameEn: z.string(),
      computed: roundComputed.extend({ trend: z.string().nullable() }),
      cities: z.array(
        z.strictObject({
          region: z.string(),
          self: targetStatusName.nullable(),
          rating: targetStatusName.nullable(),
          score: z.number().nullable(),
          findings: z.string().nullable(),
          flagged: z.boolean(),
        }),
      ),
      disagreements: z.array(
        z.strictObject({
          region: z.string(),
          self: targetStatusName,
          rating: targetStatusName.nullable(),
          computed: targetStatusName.nullable(),
        }),
      ),
    }),
  ),
  cities: z.array(
    z.strictObject({
      region: z.string(),
      name: z.string(),
      nameEn: z.string(),
      submitted: z.number(),
      accepted: z.number(),
      items: z.number(),
      selfSummary: z.array(statusCount),
      survey: z.array(
        z.strictObject({
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
      index: z.strictObject({
        rank: z.number().nullable(),
        rankLow: z.number().nullable(),
        rankHigh: z.number().nullable(),
        score: z.number().nullable(),
      }),
    }),
  ),
  evidence: z.array(
    z.strictObject({
      round: z.number(),
      region: z.string(),
      kind: z.string(),
      itemId: z.string(),
      id: z.number(),
      fileName: z.string(),
      size: z.number(),
      sha256: z.string(),
    }),
  ),
  sources: z.array(
    z.strictObject({
      observation: z.number(),
      indicator: z.string(),
      region: z.string(),
      year: z.number(),
      value: z.number(),
      source: z.string(),
      sourceGrade: z.string(),
    }),
  ),
})
export type ConsolidatedRound = z.infer<typeof consolidatedRound>

// Request bodies: the routes validate with these, the web app builds them. Field checks beyond shape are the
// service's, whose messages name the field.
const codes = z.array(z.string().max(100)).max(1000)
const roundFields = {
  kind: roundKind,
  year: z.number(),
  title: requestText(2000),
  titleEn: requestText(2000),
  regions: codes,
  targets: codes.nullable(),
  tasks: codes.nullable(),
  deadlines: z
    .object({
      selfEvaluation: z.string().max(40).nullable(),
      thirdPartyReview: z.string().max(40).nullable(),
      consolidation: z.string().max(40).nullable(),
    })
    .partial()
    .strict(),
  allowLate: z.boolean(),
  scale: z.object({ min: z.number(), max: z.number() }).strict(),
  evaluators: z.array(z.object({ username: z.string().max(200), regions: codes }).strict()).max(200),
  survey: z.string().max(200).nullable(),
}
export const roundCreateBody = z.object(roundFields).partial().strict()
export type RoundCreateBody = z.infer<typeof roundCreateBody>
export const roundPatchBody = z
  .object({ version: z.number().int().min(1), ...roundFields })
  .partial({
    kind: true,
    year: true,
    title: true,
    titleEn: true,
    regions: true,
    targets: true,
    tasks: true,
    deadlines: true,
    allowLate: true,
    scale: true,
    evaluators: true,
    survey: true,
  })
  .strict()
export type RoundPatchBody = z.infer<typeof roundPatchBody>
export const roundPhaseBody = z.object({ to: roundPhase, reason: requestText(2000).optional(), version: z.number().int().min(1) }).strict()
export type RoundPhaseBody = z.infer<typeof roundPhaseBody>
export const roundSelfBody = z
  .object({
    status: targetStatusName,
    narrative: requestText(20_000),
    citations: z.array(z.number().int()).max(200),
    evidence: z.array(z.number().int()).max(50),
    version: z.number().int().min(0).optional(),
  })
  .partial({ status: true, narrative: true, citations: true, evidence: true })
  .strict()
export type RoundSelfBody = z.infer<typeof roundSelfBody>
export const roundReviewBody = z.object({ decision: z.enum(['accept', 'return']), comment: requestText(4000).optional() }).strict()
export type RoundReviewBody = z.infer<typeof roundReviewBody>
export const roundRatingBody = z
  .object({
    rating: targetStatusName,
    score: z.number(),
    findings: requestText(20_000),
    recommendations: requestText(20_000),
    version: z.number().int().min(0).optional(),
  })
  .partial({ findings: true, recommendations: true })
  .strict()
export type RoundRatingBody = z.infer<typeof roundRatingBody>
