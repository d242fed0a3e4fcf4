/** `GET /api/completeness`: what is expected, entered, submitted, approved, published and late (issue 15). @module */
import { z } from 'zod'

export const completenessState = z.enum(['published', 'approved', 'submitted', 'entered', 'missing'])
export type CompletenessStateName = z.infer<typeof completenessState>

/** Expected cells in each state (each cell in exactly one: they add up to `expected`), and how many are late. */
export const completenessCounts = z.strictObject({
  expected: z.number(),
  published: z.number(),
  approved: z.number(),
  submitted: z.number(),
  entered: z.number(),
  missing: z.number(),
  late: z.number(),
})
export type CompletenessCounts = z.infer<typeof completenessCounts>

/**
 * Filters, as text (the server checks each and answers 400 naming it): year (four digits; default the latest
 * year with any value in the selection), section (a chapter 二 or section 二(三)), region (code or name; it counts
 * its cities), indicator (id or name), state (one of `completenessState`), late (true or false), format (json or csv).
 * `state` and `late` choose the rows; the totals count the whole selection.
 */
export const completenessQuery = z
  .object({
    year: z.string().max(10).optional(),
    section: z.string().max(40).optional(),
    region: z.string().max(100).optional(),
    indicator: z.string().max(100).optional(),
    state: z.string().max(20).optional(),
    late: z.string().max(10).optional(),
    format: z.string().max(10).optional(),
  })
  .strict()
export type CompletenessQuery = z.infer<typeof completenessQuery>

export const completenessReply = z.strictObject({
  year: z.number(),
  /** The date lateness is judged on (YYYY-MM-DD). */
  asOf: z.string(),
  /** Years (from the plan's baseline year on) with at least one value in the selection, newest first (for a year picker). */
  yearsWithData: z.array(z.number()),
  /** Whether the plan has a data calendar (without one nothing is late). */
  calendar: z.boolean(),
  regions: z.array(z.strictObject({ code: z.string(), name: z.string(), nameEn: z.string(), totals: completenessCounts })),
  indicators: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      nameEn: z.string(),
      unit: z.string(),
      /** The plan section (二(三)) and chapter (二) it belongs to: its own, else that of a target monitoring it. */
      section: z.string().nullable(),
      chapter: z.string().nullable(),
      /** When this year's figures are due (YYYY-MM-DD), null without a calendar. */
      due: z.string().nullable(),
      totals: completenessCounts,
    }),
  ),
  /** Indicators of the selection left out: derived from their formula, so counted through their inputs. */
  derived: z.array(z.strictObject({ id: z.string(), name: z.string(), nameEn: z.string(), formula: z.string() })),
  rows: z.array(
    z.strictObject({
      region: z.string(),
      indicator: z.string(),
      year: z.number(),
      state: completenessState,
      due: z.string().nullable(),
      late: z.boolean(),
    }),
  ),
  totals: completenessCounts,
})
export type CompletenessReply = z.infer<typeof completenessReply>
