/** Open data: per-indicator metadata, the reporting status per chapter, and the site search. @module */
import { z } from 'zod'

import { sourceGrade } from './common.js'

export const reportingStatusName = z.enum(['complete', 'partial', 'none'])
export type ReportingStatusName = z.infer<typeof reportingStatusName>

export const openDataLicence = z.strictObject({ id: z.string(), name: z.string(), nameEn: z.string(), url: z.string(), note: z.string(), noteEn: z.string() })

export const indicatorMetadata = z.strictObject({
  id: z.string(),
  name: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  kind: z.enum(['quantity', 'boolean', 'count']),
  definition: z.string().nullable(),
  definitionEn: z.string().nullable(),
  /** The plan chapter (一 … 九); null for indicators no chapter names. */
  chapter: z.string().nullable(),
  section: z.string().nullable(),
  method: z.strictObject({
    kind: z.enum(['observed', 'derived']),
    formula: z.string().nullable(),
    formulaText: z.string().nullable(),
    formulaTextEn: z.string().nullable(),
    aggregation: z.enum(['sum', 'ratio', 'weighted_mean', 'mean', 'max', 'min', 'none']),
  }),
  targets: z.array(z.strictObject({ id: z.string(), name: z.string(), nameEn: z.string().nullable() })),
  sources: z.array(
    z.strictObject({
      source: z.string(),
      grade: sourceGrade,
      vintage: z.string().nullable(),
      publisher: z.string().nullable(),
      publisherEn: z.string().nullable(),
      title: z.string().nullable(),
      titleEn: z.string().nullable(),
      preferredFigures: z.number().int(),
      otherFigures: z.number().int(),
    }),
  ),
  /** Per year, the regions with a preferred published figure. */
  coverage: z.array(z.strictObject({ year: z.number().int(), regions: z.array(z.string()) })),
  cells: z.number().int(),
  regions: z.number().int(),
  firstYear: z.number().int().nullable(),
  lastYear: z.number().int().nullable(),
  lastUpdated: z.string().nullable(),
  status: reportingStatusName,
  files: z.strictObject({ csv: z.string(), csvEn: z.string(), vintages: z.string().nullable() }).nullable(),
})
export type IndicatorMetadataReply = z.output<typeof indicatorMetadata>

const catalogueHead = {
  licence: openDataLicence,
  publisher: z.string().nullable(),
  publisherEn: z.string().nullable(),
  contact: z.string().nullable(),
  /** The regions a complete indicator covers in one year (the province and its cities). */
  expectedRegions: z.array(z.string()),
  downloadAll: z.string(),
}

export const openDataCatalogueReply = z.strictObject({ ...catalogueHead, indicators: z.array(indicatorMetadata) })
export type OpenDataCatalogueReply = z.output<typeof openDataCatalogueReply>

export const openDataIndicatorReply = z.strictObject({ ...catalogueHead, indicator: indicatorMetadata })
export type OpenDataIndicatorReply = z.output<typeof openDataIndicatorReply>

export const reportingStatusReply = z.strictObject({
  expectedRegions: z.array(z.string()),
  chapters: z.array(
    z.strictObject({
      chapter: z.string().nullable(),
      title: z.string(),
      titleEn: z.string().nullable(),
      complete: z.number().int(),
      partial: z.number().int(),
      none: z.number().int(),
      indicators: z.array(z.strictObject({ id: z.string(), name: z.string(), nameEn: z.string(), status: reportingStatusName })),
    }),
  ),
})
export type ReportingStatusReply = z.output<typeof reportingStatusReply>

export const searchReply = z.strictObject({
  q: z.string(),
  results: z.array(z.strictObject({ type: z.enum(['indicator', 'region', 'target']), id: z.string(), name: z.string(), nameEn: z.string().nullable(), link: z.string() })),
})
export type SearchReply = z.output<typeof searchReply>
