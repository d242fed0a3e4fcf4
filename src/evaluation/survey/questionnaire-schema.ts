/**
 * A public satisfaction survey's questionnaire as data (社会满意度调查, part of city examination practice and of
 * the plan's 九(三) evaluation): Likert questions scored on one scale and mapped to a dimension of the evaluation
 * framework, single-choice questions and short free text. The file is YAML; see data/surveys/.
 * @module
 */
import { z } from 'zod'

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case: a letter, then letters, digits or _')
const text = z.string().min(1).max(500)

const option = z.object({ id, text: z.string().min(1).max(100), textEn: z.string().min(1).max(100) }).strict()

const questionBase = {
  id,
  text,
  textEn: text,
  /** An unanswered required question rejects the response. */
  required: z.boolean().default(false),
}

export const questionSchema = z.discriminatedUnion('kind', [
  /** A statement rated on the questionnaire's scale (1 = very dissatisfied … 5 = very satisfied). */
  z.object({ ...questionBase, kind: z.literal('likert'), dimension: id }).strict(),
  z
    .object({ ...questionBase, kind: z.literal('choice'), options: z.array(option).min(2).max(20) })
    .strict()
    .refine((q) => new Set(q.options.map((o) => o.id)).size === q.options.length, {
      message: 'option ids must be unique',
      path: ['options'],
      params: { rule: 'duplicate_option' },
    }),
  z.object({ ...questionBase, kind: z.literal('text'), maxLength: z.number().int().min(1).max(2000).default(500) }).strict(),
])
export type Question = z.infer<typeof questionSchema>

const scaleLabels = z.array(z.string().min(1).max(40))

export const questionnaireSchema = z
  .object({
    schema: z.literal('urbmon/questionnaire@1'),
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    name: text,
    nameEn: text,
    intro: z.string().max(2000).optional(),
    introEn: z.string().max(2000).optional(),
    /** The evaluation framework whose dimensions the Likert questions feed (its `id`). */
    framework: z.string().min(1).optional(),
    /** Results of a city with fewer responses than this are not shown (too few to say anything about it). */
    minSample: z.number().int().min(2).max(100000),
    /** The Likert scale, one label per point, from the lowest. */
    scale: z
      .object({ min: z.number().int(), max: z.number().int(), labels: scaleLabels, labelsEn: scaleLabels })
      .strict()
      .refine((s) => s.max > s.min, { message: 'the scale needs max > min', path: ['max'], params: { rule: 'scale_order' } })
      .refine((s) => s.labels.length === s.max - s.min + 1 && s.labelsEn.length === s.labels.length, {
        message: 'one label (and one English label) per point of the scale',
        path: ['labels'],
        params: { rule: 'scale_labels' },
      }),
    /** The dimensions' names, for the results (each Likert question names one of these). */
    dimensions: z.array(z.object({ id, name: z.string().min(1).max(100), nameEn: z.string().min(1).max(100) }).strict()).min(1),
    questions: z.array(questionSchema).min(1).max(200),
  })
  .strict()
  .superRefine((q, ctx) => {
    const seen = new Set<string>()
    q.questions.forEach((question, i) => {
      if (seen.has(question.id))
        ctx.addIssue({ code: 'custom', message: `question id ${question.id} is given twice`, path: ['questions', i, 'id'], params: { rule: 'duplicate_question' } })
      seen.add(question.id)
      if (question.kind === 'likert' && !q.dimensions.some((d) => d.id === question.dimension))
        ctx.addIssue({
          code: 'custom',
          message: `dimension ${question.dimension} is not among the questionnaire's dimensions`,
          path: ['questions', i, 'dimension'],
          params: { rule: 'unknown_dimension' },
        })
    })
  })
export type Questionnaire = z.infer<typeof questionnaireSchema>
