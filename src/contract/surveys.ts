/**
 * The public satisfaction survey (issue 16): GET /api/surveys, GET /api/surveys/{id}, GET /api/surveys/{id}/form,
 * POST /api/surveys/{id}/responses, GET /api/surveys/{id}/results, GET /api/surveys/{id}/counts,
 * POST /api/surveys/{id}/import. @module
 */
import { z } from 'zod'

const option = z.strictObject({ id: z.string(), text: z.string(), textEn: z.string() })
const base = { id: z.string(), text: z.string(), textEn: z.string(), required: z.boolean() }

export const surveyQuestion = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('likert'), dimension: z.string() }),
  z.strictObject({ ...base, kind: z.literal('choice'), options: z.array(option) }),
  z.strictObject({ ...base, kind: z.literal('text'), maxLength: z.number() }),
])
export type SurveyQuestion = z.infer<typeof surveyQuestion>

export const questionnaireReply = z.strictObject({
  schema: z.string(),
  id: z.string(),
  name: z.string(),
  nameEn: z.string(),
  intro: z.string().optional(),
  introEn: z.string().optional(),
  framework: z.string().optional(),
  minSample: z.number(),
  scale: z.strictObject({ min: z.number(), max: z.number(), labels: z.array(z.string()), labelsEn: z.array(z.string()) }),
  dimensions: z.array(z.strictObject({ id: z.string(), name: z.string(), nameEn: z.string() })),
  questions: z.array(surveyQuestion),
})
export type QuestionnaireReply = z.infer<typeof questionnaireReply>

export const surveysReply = z.array(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    nameEn: z.string(),
    questions: z.number(),
    dimensions: z.number(),
    minSample: z.number(),
    framework: z.string().nullable(),
  }),
)
export type SurveysReply = z.infer<typeof surveysReply>

export const surveyRegion = z.strictObject({ code: z.string(), name: z.string(), nameEn: z.string() })

export const surveyFormReply = z.strictObject({
  questionnaire: questionnaireReply,
  region: surveyRegion,
  /** Signed, single use, valid until expiresAt. */
  token: z.string(),
  expiresAt: z.string(),
})
export type SurveyFormReply = z.infer<typeof surveyFormReply>

export const surveyResponseBody = z
  .object({
    region: z.string().max(50),
    token: z.string().max(1000),
    /** Question id → a scale point (Likert), an option id (choice) or text; null or absent: unanswered. */
    answers: z.record(z.string().max(100), z.union([z.number(), z.string().max(20_000), z.null()])),
    round: z.number().int().min(1).optional(),
  })
  .strict()
export type SurveyResponseBody = z.infer<typeof surveyResponseBody>

export const surveyResponseReply = z.strictObject({ id: z.string(), region: z.string(), round: z.number().nullable(), receivedAt: z.string() })

/** src/evaluation/survey/survey-results.ts's DimensionResult: below the minimum sample only n (shown false). */
export const dimensionResult = z.strictObject({
  region: z.string(),
  dimension: z.string(),
  n: z.number(),
  shown: z.boolean(),
  mean: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  score: z.number().nullable(),
  scoreLow: z.number().nullable(),
  scoreHigh: z.number().nullable(),
})
export type DimensionResultReply = z.infer<typeof dimensionResult>
export const surveyResultsReply = z.array(dimensionResult)

export const surveyCountsReply = z.array(z.strictObject({ region: z.string(), name: z.string(), nameEn: z.string(), n: z.number(), shown: z.boolean() }))
export type SurveyCountsReply = z.infer<typeof surveyCountsReply>

export const surveyImportReply = z.strictObject({
  questionnaire: z.string(),
  file: z.string(),
  imported: z.number(),
  dryRun: z.boolean(),
  /** Responses per region code. */
  regions: z.record(z.string(), z.number()),
  round: z.number().nullable(),
})
export type SurveyImportReply = z.infer<typeof surveyImportReply>

/** Each problem of a refused answer set or import, in both languages (error.details.problems). */
export const surveyProblem = z.strictObject({
  code: z.string(),
  question: z.string().optional(),
  file: z.string().optional(),
  sheet: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  message: z.string(),
  messageEn: z.string(),
})
export type SurveyProblem = z.infer<typeof surveyProblem>
