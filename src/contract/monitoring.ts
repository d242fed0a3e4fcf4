/** Target status, warnings, forecasts, provenance and the composite evaluation. @module */
import { z } from 'zod'

import { messageParams, seriesChoice, sourceQualityFields } from './common.js'

export const targetStatusName = z.enum(['achieved', 'on_track', 'at_risk', 'off_track', 'regressing', 'no_data'])
export type TargetStatusName = z.infer<typeof targetStatusName>

const regionOutcome = z.strictObject({ region: z.string(), regionName: z.string(), year: z.number().nullable(), value: z.number().nullable(), meets: z.boolean().nullable() })

const gapRegion = z.strictObject({ region: z.string(), regionName: z.string(), regionNameEn: z.string() })

/** Why a row has no status, what would give it one, and what is known meanwhile (src/monitoring/status-gap.ts). */
export const statusGap = z.strictObject({
  code: z.enum(['no_data', 'no_data_since_baseline', 'members_missing', 'no_baseline', 'qualitative', 'not_yet_due']),
  /** The year of the latest figure (no data since then). */
  since: z.number().nullable(),
  needs: z.strictObject({
    kind: z.enum(['figure_after', 'baseline_and_later', 'member_figures', 'baseline', 'assessment', 'wait']),
    year: z.number().nullable(),
    regions: z.array(gapRegion),
  }),
  latestYear: z.number().nullable(),
  latestValue: z.number().nullable(),
  /** Set targets: members meeting the threshold, not meeting it, and without a figure, in the set's year. */
  members: z.strictObject({ year: z.number().nullable(), total: z.number(), meeting: z.array(gapRegion), notMeeting: z.array(gapRegion), noData: z.array(gapRegion) }).nullable(),
})
export type StatusGap = z.infer<typeof statusGap>

/** Where one target stands at the evaluation year (the row `urbmon status --json` prints). */
export const targetRow = z.strictObject({
  target: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(['level', 'count', 'share', 'each', 'direction', 'qualitative']),
  section: z.string(),
  indicator: z.string().nullable(),
  indicatorName: z.string().nullable(),
  unit: z.string().nullable(),
  /** The region for level and direction targets; the set's description for count, share and each targets. */
  region: z.string().nullable(),
  regionName: z.string().nullable(),
  baselineYear: z.number().nullable(),
  baselineValue: z.number().nullable(),
  targetYear: z.number(),
  targetValue: z.number().nullable(),
  comparator: z.enum(['>=', '<=', '>', '<', '==', 'about', 'between', 'increase', 'decrease']).nullable(),
  goal: z.string(),
  latestYear: z.number().nullable(),
  latestValue: z.number().nullable(),
  latestOrigin: z.string().nullable(),
  latestSource: z.string().nullable(),
  /** The latest value's source grade and vintage and the figure's confidence (null grade: no published source). */
  sourceGrade: sourceQualityFields.sourceGrade.nullable(),
  sourceVintage: sourceQualityFields.sourceVintage,
  confidence: sourceQualityFields.confidence,
  progress: z.number().nullable(),
  expectedProgress: z.number().nullable(),
  requiredAnnualChange: z.number().nullable(),
  recentAnnualChange: z.number().nullable(),
  status: targetStatusName,
  method: z.enum(['linear', 'cagr', 'trend']),
  methodStatus: z.string().nullable(),
  /** Open SDG (`cagr`) only: the −5…5 score; with several series, their mean, which decides the status. Null otherwise. */
  methodScore: z.number().nullable(),
  /** Open SDG (`cagr`) only: R (observed over required growth) with a target, the sign-adjusted CAGR without one. */
  methodValue: z.number().nullable(),
  /** With the plan's `alsoMeasuredBy`: every series that measured the target, the target's own first. */
  methodSeries: z
    .array(
      z.strictObject({ indicator: z.string(), region: z.string(), methodStatus: z.string().nullable(), methodScore: z.number().nullable(), methodValue: z.number().nullable() }),
    )
    .optional(),
  forecastValue: z.number().nullable(),
  forecastLow: z.number().nullable(),
  forecastHigh: z.number().nullable(),
  forecastMethod: z.string().nullable(),
  probability: z.number().nullable(),
  /** With ?members=true, for count, share and each targets: every region of the set. */
  regions: z.array(regionOutcome).optional(),
  /** Without ?members=true: how many members meet the threshold, miss it, or have no value yet. */
  memberCounts: z.strictObject({ total: z.number(), meeting: z.number(), notMeeting: z.number(), noData: z.number() }).optional(),
  notes: z.array(z.string()),
  /** Only on rows without a status. */
  gap: statusGap.optional(),
})
export type TargetRow = z.infer<typeof targetRow>

export const statusReply = z.strictObject({
  asOf: z.number(),
  /**
   * The year of the figures shown: among the cells the targets read that have any figure up to asOf, the latest
   * year in which more than half have one (else the year most have). Null without data.
   */
  dataYear: z.number().nullable(),
  /** How many of the cells the targets read have a figure in dataYear, and how many have any figure. */
  dataCoverage: z.strictObject({ covered: z.number(), withData: z.number() }),
  method: z.enum(['linear', 'cagr', 'trend']),
  published: z.boolean(),
  /** How many targets have each status. */
  summary: z.record(targetStatusName, z.number()),
  /** Targets at risk, off track or regressing, worst first. */
  atRisk: z.array(
    z.strictObject({ target: z.string(), name: z.string(), nameEn: z.string(), status: z.enum(['at_risk', 'off_track', 'regressing']), shortfall: z.number().nullable() }),
  ),
  targets: z.array(targetRow),
})
export type StatusReply = z.infer<typeof statusReply>

export const warningKind = z.enum([
  'target_behind',
  'task_overdue',
  'task_stalled',
  'missing_data',
  'stale_data',
  'suspicious_jump',
  'census_break',
  'vintage_conflict',
  'derived_mismatch',
])
export type WarningKindName = z.infer<typeof warningKind>

/** What a warning is about, for a link: the task, the target, a region code and an indicator id (null: none). */
export const warningLink = z.strictObject({ task: z.string().nullable(), target: z.string().nullable(), region: z.string().nullable(), indicator: z.string().nullable() })

export const warning = z.strictObject({
  kind: warningKind,
  severity: z.enum(['high', 'medium', 'low']),
  indicator: z.string().nullable(),
  region: z.string().nullable(),
  year: z.number().nullable(),
  target: z.string().nullable(),
  /** For sorting within a kind: larger is worse. */
  score: z.number(),
  params: messageParams,
  message: z.string(),
  messageEn: z.string(),
  link: warningLink,
})
export type Warning = z.infer<typeof warning>
export const warningsReply = z.array(warning)

/** Warnings grouped by kind and subject: a department's tasks, a target, an indicator. */
export const warningGroupsReply = z.strictObject({
  /** Warnings after the filters, and per kind. */
  total: z.number(),
  kinds: z.record(warningKind, z.number()),
  groups: z.array(
    z.strictObject({
      kind: warningKind,
      subject: z.strictObject({ type: z.enum(['department', 'target', 'indicator']), id: z.string(), name: z.string(), nameEn: z.string() }),
      severity: z.enum(['high', 'medium', 'low']),
      count: z.number(),
      /** One line for the group: the member's own message when it has one member. */
      message: z.string(),
      messageEn: z.string(),
      /** The subject's page: the target, the indicator (department groups: none). */
      link: warningLink,
      warnings: z.array(warning),
    }),
  ),
})
export type WarningGroupsReply = z.infer<typeof warningGroupsReply>

const yearValue = z.strictObject({ year: z.number(), value: z.number() })

export const forecastReply = z.strictObject({
  indicator: z.string(),
  region: z.string(),
  unit: z.string(),
  method: z.enum(['linear', 'compound', 'logistic', 'urgd']),
  params: z.record(z.string(), z.number()),
  notes: z.array(z.string()),
  observed: z.array(yearValue),
  /** One point per year after the last observation, with its 90 % interval. */
  forecast: z.array(z.strictObject({ year: z.number(), value: z.number(), low: z.number(), high: z.number() })),
})
export type ForecastReply = z.infer<typeof forecastReply>

const provenance = z.strictObject({ observationId: z.number(), version: z.number(), indicator: z.string(), region: z.string(), year: z.number(), source: z.string() })
const resolvedValue = z.strictObject({
  indicator: z.string(),
  region: z.string(),
  year: z.number(),
  value: z.number(),
  origin: z.enum(['published', 'derived', 'aggregated']),
  source: z.string().optional(),
  method: z.string().optional(),
  weightedFallback: z.boolean().optional(),
  inputs: z.array(provenance),
})
const observationPoint = z.strictObject({
  id: z.number(),
  indicator: z.string(),
  region: z.string(),
  year: z.number(),
  value: z.number(),
  source: z.string(),
  version: z.number(),
  updatedAt: z.string(),
  ...sourceQualityFields,
})
const aggregateFailure = z.union([
  z.strictObject({ kind: z.literal('incomplete'), missing: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('not_aggregable') }),
  z.strictObject({ kind: z.literal('no_members') }),
])

export const explainReply = z.strictObject({
  indicator: z.string(),
  region: z.string(),
  year: z.number(),
  /** The value the dashboard shows, and what it was made from. */
  shown: resolvedValue
    .extend({ sourceGrade: sourceQualityFields.sourceGrade.nullable(), sourceVintage: sourceQualityFields.sourceVintage, confidence: sourceQualityFields.confidence })
    .nullable(),
  /** The source a reviewer chose for this series, if any (it decides `shown` when the cell has that source). */
  seriesChoice: seriesChoice.nullable(),
  published: z.array(observationPoint),
  derived: resolvedValue.nullable(),
  aggregated: z.union([resolvedValue, z.strictObject({ unavailable: aggregateFailure })]),
})

const rescaleRange = z.tuple([z.number(), z.number()])
const sensitivity = z.strictObject({ firstOrder: z.number().nullable(), total: z.number().nullable() })

export const evaluationReply = z.strictObject({
  framework: z.string(),
  year: z.number(),
  /** What ran, never merely what was asked: TOPSIS names its own normalisation (vector | minmax). */
  method: z.strictObject({
    normalisation: z.string(),
    weighting: z.string(),
    aggregation: z.enum(['arithmetic', 'geometric', 'topsis']),
    /** Geometric only: the range each normalised column was rescaled to. */
    rescale: rescaleRange.optional(),
    weightsAt: z.enum(['dimension', 'indicator']),
    dimensionScores: z.literal('minmax'),
    lookback: z.number(),
    minCoverage: z.number(),
    missing: z.strictObject({ policy: z.enum(['exclude', 'impute', 'fail']), maxMissingShare: z.number().optional(), imputation: z.literal('indicator_mean').optional() }),
  }),
  weights: z.record(z.string(), z.number()),
  dimensionWeights: z.record(z.string(), z.number()),
  results: z.array(
    z.strictObject({
      region: z.string(),
      regionName: z.string(),
      score: z.number(),
      rank: z.number(),
      /** The 90 % rank interval under the uncertainty analysis, and the median rank. */
      rankLow: z.number(),
      rankHigh: z.number(),
      medianRank: z.number(),
      dimensions: z.record(z.string(), z.number()),
      coupling: z.strictObject({ c: z.number(), t: z.number(), d: z.number(), band: z.string(), bandEn: z.string() }).optional(),
      notes: z.array(z.string()),
    }),
  ),
  /** Regions not ranked: `missing_share` — more of their indicators missing than the framework allows. */
  excluded: z.array(z.strictObject({ code: z.string(), name: z.string(), nameEn: z.string(), missing: z.array(z.string()), reason: z.enum(['missing_share', 'any_missing']) })),
  droppedIndicators: z.array(z.string()),
  imputed: z.number(),
  dimensions: z.array(z.strictObject({ id: z.string(), name: z.string(), nameEn: z.string(), covered: z.boolean() })),
  /** The indicators the index ran on, with the weight each got and how many regions report it. */
  indicators: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      nameEn: z.string(),
      unit: z.string(),
      dimension: z.string(),
      direction: z.enum(['higher', 'lower']),
      weight: z.number(),
      regions: z.number(),
    }),
  ),
  /** Indicators left out; `coverage`: fewer regions report it (`regions`) than the coverage screen needs (`needed`). */
  leftOutIndicators: z.array(
    z.strictObject({ id: z.string(), name: z.string(), nameEn: z.string(), dimension: z.string(), reason: z.literal('coverage'), regions: z.number(), needed: z.number() }),
  ),
  /** Cells filled by the imputation method (the indicator's mean over the ranked regions that have it). */
  imputedCells: z.array(z.strictObject({ region: z.string(), regionName: z.string(), indicator: z.string(), method: z.literal('indicator_mean'), value: z.number() })),
  /** Cells taken from an earlier year within the framework's lookback. */
  olderCells: z.array(z.strictObject({ region: z.string(), indicator: z.string(), year: z.number() })),
  /** How many of the framework's dimensions the indicators used cover, and whether that meets its minimum. */
  adequacy: z.strictObject({ covered: z.number(), total: z.number(), minDimensions: z.number(), adequate: z.boolean() }),
  /** The latest year whose index covers enough dimensions (null: none). */
  latestAdequateYear: z.number().nullable(),
  /** asked: the year given; best_covered: the best-covered year; latest_adequate: the latest year with enough data. */
  yearChoice: z.enum(['asked', 'best_covered', 'latest_adequate']),
  uncertainty: z.strictObject({
    draws: z.number(),
    seed: z.number(),
    weightNoise: z.number(),
    normalisations: z.array(z.string()),
    weightings: z.array(z.string()),
    aggregations: z.array(z.string()),
    rescale: rescaleRange.optional(),
    topsisNormalisation: z.enum(['vector', 'minmax']).optional(),
    sensitivity: z.record(z.string(), sensitivity).nullable(),
  }),
  ahp: z.strictObject({ cr: z.number(), lambdaMax: z.number() }).optional(),
  matrix: z.strictObject({ regions: z.number(), indicators: z.number(), notes: z.number() }),
})
export type EvaluationReply = z.infer<typeof evaluationReply>

/** A report kept in the report library: a draft (signed-in users only) or published (anyone may download it). */
export const reportEntry = z.strictObject({
  id: z.string(),
  kind: z.enum(['annual', 'midterm', 'final']),
  /** The evaluation year the report is about. */
  year: z.number(),
  /** The year of the figures its composite index uses (earlier than `year` when that year has too few data). */
  indexYear: z.number().nullable(),
  lang: z.enum(['zh', 'en']),
  status: z.enum(['draft', 'published']),
  createdAt: z.string(),
  createdBy: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  bytes: z.strictObject({ docx: z.number(), html: z.number() }),
  /** Where to download it, per format. */
  files: z.strictObject({ docx: z.string(), html: z.string() }),
})
export type ReportEntryReply = z.infer<typeof reportEntry>

/** The report library: published reports for the public, every report for signed-in users; newest year first. */
export const reportLibraryReply = z.strictObject({ reports: z.array(reportEntry) })
export type ReportLibraryReply = z.infer<typeof reportLibraryReply>
