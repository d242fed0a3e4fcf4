/**
 * An evaluation framework as data: dimensions → indicators with direction, and the choices of the JRC/OECD
 * Handbook (normalisation, weighting, aggregation, missing data, uncertainty analysis). Validated like a plan.
 * @module
 */
import { z } from 'zod'

import { regionSetSchema } from '../plan/plan-schema.js'

export const normalisationSchema = z.enum(['minmax', 'zscore', 'rank', 'target'])
export const aggregationMethodSchema = z.enum(['arithmetic', 'geometric', 'topsis'])
export type AggregationMethod = z.infer<typeof aggregationMethodSchema>

/**
 * The range [l, u] each normalised column is min–max rescaled to before the weighted geometric mean (which needs
 * values > 0). Default [1, 100], as COINr's guidance for `a_gmean` (normalise with `n_minmax`, `l_u = c(1, 100)`).
 */
export const DEFAULT_GEOMETRIC_RESCALE: readonly [number, number] = [1, 100]
export const rescaleSchema = z.tuple([z.number(), z.number()]).refine(([l, u]) => Number.isFinite(l) && Number.isFinite(u) && l > 0 && u > l, { params: { rule: 'rescale_range' } })

/**
 * `aggregation: arithmetic` or `aggregation: { method: geometric, rescale: [1, 100] }`. `rescale` is used wherever
 * the geometric mean runs (the configured method, `--method geometric`, the uncertainty analysis's geometric draws).
 */
const aggregationSchema = z
  .union([aggregationMethodSchema, z.object({ method: aggregationMethodSchema, rescale: rescaleSchema.optional() }).strict()])
  .transform((a) => (typeof a === 'string' ? { method: a, rescale: DEFAULT_GEOMETRIC_RESCALE } : { method: a.method, rescale: a.rescale ?? DEFAULT_GEOMETRIC_RESCALE }))

export const weightingSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('equal') }).strict(),
  /** Dimension weights as experts give them (normalised to sum 1); indicators equal within a dimension. */
  z.object({ method: z.literal('expert'), dimensions: z.record(z.string(), z.number().nonnegative()) }).strict(),
  /** AHP over the dimensions, in the order listed; rejected when its consistency ratio exceeds 0.1. */
  z.object({ method: z.literal('ahp'), matrix: z.array(z.array(z.number().positive())).min(1) }).strict(),
  z.object({ method: z.literal('entropy') }).strict(),
  z.object({ method: z.literal('critic') }).strict(),
])
export type Weighting = z.infer<typeof weightingSchema>

export const frameworkSchema = z
  .object({
    schema: z.literal('urbmon/framework@1'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(1),
    nameEn: z.string().min(1),
    description: z.string().optional(),
    /** The regions compared (the 13 cities by default). */
    regions: regionSetSchema,
    /** A value older than the evaluation year by at most this many years may stand in (flagged). */
    lookback: z.number().int().min(0).max(10).default(1),
    /**
     * Indicators reported by fewer than this share of the regions are left out (and named), as COINr's
     * data-availability screen does: an indicator known for 3 of 13 cities would rank them on imputed numbers.
     */
    minCoverage: z.number().min(0).max(1).default(0.6),
    /**
     * How many dimensions the indicators that pass the coverage screen must cover for a year's index to count as
     * a development index (reports pick the latest such year). Default: half the dimensions, rounded up.
     */
    minDimensions: z.number().int().min(1).optional(),
    normalisation: normalisationSchema.default('minmax'),
    weighting: weightingSchema.default({ method: 'equal' }),
    aggregation: aggregationSchema.default({ method: 'arithmetic', rescale: DEFAULT_GEOMETRIC_RESCALE }),
    /** TOPSIS normalisation: vector (Hwang & Yoon's classic) or min–max. TOPSIS never uses `normalisation`. */
    topsisNormalisation: z.enum(['vector', 'minmax']).default('vector'),
    missing: z
      .object({
        /** exclude: drop regions missing more than maxMissingShare; impute: fill the rest; fail: any gap is an error. */
        policy: z.enum(['exclude', 'impute', 'fail']).default('impute'),
        maxMissingShare: z.number().min(0).max(1).default(0.34),
        /** How a gap is filled: the indicator's mean over the included regions that have it (raw scale, before normalisation). */
        imputation: z.enum(['indicator_mean']).default('indicator_mean'),
      })
      .strict()
      .default({ policy: 'impute', maxMissingShare: 0.34, imputation: 'indicator_mean' }),
    uncertainty: z
      .object({
        draws: z.number().int().min(10).max(100_000).default(1000),
        seed: z.number().int().default(20260101),
        weightNoise: z.number().min(0).max(0.9).default(0.25),
        normalisations: z.array(normalisationSchema).min(1).default(['minmax', 'zscore', 'rank']),
        weightings: z
          .array(z.enum(['equal', 'entropy', 'critic', 'configured']))
          .min(1)
          .default(['configured', 'equal', 'entropy', 'critic']),
        aggregations: z.array(aggregationMethodSchema).min(1).default(['arithmetic', 'geometric', 'topsis']),
      })
      .strict()
      .default({
        draws: 1000,
        seed: 20260101,
        weightNoise: 0.25,
        normalisations: ['minmax', 'zscore', 'rank'],
        weightings: ['configured', 'equal', 'entropy', 'critic'],
        aggregations: ['arithmetic', 'geometric', 'topsis'],
      }),
    dimensions: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][a-z0-9_]*$/),
            name: z.string().min(1),
            nameEn: z.string().min(1),
            indicators: z
              .array(
                z
                  .object({
                    indicator: z.string().min(1),
                    /** Defaults to the plan indicator's direction. */
                    direction: z.enum(['higher', 'lower']).optional(),
                    /** For distance-to-target normalisation. */
                    target: z.number().optional(),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
    /** Coupling coordination between these dimensions (e.g. population, economic and social urbanisation). */
    coupling: z
      .object({ dimensions: z.array(z.string()).min(2) })
      .strict()
      .optional(),
  })
  .strict()
  // TOPSIS normalises the raw matrix itself (`topsisNormalisation`): a framework asking it for another normalisation
  // would be reported as using one it does not.
  .refine((f) => f.aggregation.method !== 'topsis' || f.normalisation === 'minmax', {
    path: ['normalisation'],
    params: { rule: 'topsis_normalisation' },
  })
export type Framework = z.infer<typeof frameworkSchema>
