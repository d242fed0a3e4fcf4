import { z } from 'zod'

export const regionLevelSchema = z.enum(['country', 'province', 'prefecture', 'county'])
export type RegionLevel = z.infer<typeof regionLevelSchema>

export const regionSchema = z
  .object({
    code: z.string().regex(/^\d{6}$/, 'region codes are 6-digit GB/T 2260 codes'),
    name: z.string().min(1),
    nameEn: z.string().min(1),
    level: regionLevelSchema,
    parent: z
      .string()
      .regex(/^\d{6}$/)
      .nullable(),
    aliases: z.array(z.string().min(1)).default([]),
  })
  .strict()

export const groupingSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'grouping ids are kebab-case'),
    name: z.string().min(1),
    nameEn: z.string().min(1),
    kind: z.enum(['city-cluster', 'axis', 'metropolitan-area', 'statistical-region', 'custom']),
    aliases: z.array(z.string().min(1)).default([]),
    members: z.array(z.string().regex(/^\d{6}$/)).min(1),
    partial: z.array(z.string().regex(/^\d{6}$/)).default([]),
    /** The order in which yearbooks print statistical regions after the cities (苏南 1, 苏中 2, 苏北 3). */
    summaryOrder: z.number().int().positive().nullable().default(null),
  })
  .strict()

export const regionsFileSchema = z
  .object({
    source: z.string().min(1),
    regions: z.array(regionSchema).min(1),
    groupings: z.array(groupingSchema).default([]),
  })
  .strict()

export type RegionsFile = z.infer<typeof regionsFileSchema>
export type RegionInput = z.infer<typeof regionSchema>
export type GroupingInput = z.infer<typeof groupingSchema>
