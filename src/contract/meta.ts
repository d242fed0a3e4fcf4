/** The plan, its indicators and regions, and the server's health. @module */
import { z } from 'zod'

import { indicatorSchema, planSchema } from '../plan/plan-schema.js'

export const healthReply = z.strictObject({
  /** `degraded` (with HTTP 503) when the store cannot take writes: read-only, full or unreachable. */
  status: z.enum(['ok', 'degraded']),
  store: z.enum(['sqlite', 'postgres']),
  /** `busy`: another writer holds the lock; writes wait, then answer 503 with Retry-After. */
  storeState: z.enum(['ok', 'busy', 'read_only', 'full', 'unreachable']),
  plan: z.strictObject({ id: z.string(), version: z.string(), title: z.string() }),
})

/** The plan as its file defines it, with every default filled in. */
export const planReply = planSchema
export type PlanReply = z.output<typeof planReply>

export const indicator = indicatorSchema
export type Indicator = z.output<typeof indicator>
export const indicatorsReply = z.array(indicator)

export const region = z.strictObject({
  /** GB/T 2260 code for administrative regions; the kebab-case id for groupings. */
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  level: z.enum(['country', 'province', 'prefecture', 'county', 'grouping']),
  parent: z.string().nullable(),
  aliases: z.array(z.string()),
  /** Groupings only. */
  members: z.array(z.string()),
  partial: z.array(z.string()),
  groupingKind: z.enum(['city-cluster', 'axis', 'metropolitan-area', 'statistical-region', 'custom']).optional(),
  summaryOrder: z.number().nullable(),
})
export type Region = z.infer<typeof region>
export const regionsReply = z.array(region)

/** The map's boundaries (GeoJSON, simplified): one feature per city, named by its code. */
const polygon = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) })
const multiPolygon = z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) })
export const boundariesReply = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({ type: z.literal('Feature'), properties: z.strictObject({ code: z.string(), name: z.string() }), geometry: z.union([polygon, multiPolygon]) })),
})
export type Boundaries = z.output<typeof boundariesReply>
