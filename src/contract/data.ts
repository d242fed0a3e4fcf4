/** Observations, their history, aggregates, imports and the review workflow. @module */
import { z } from 'zod'

import { messageParams, seriesChoice, sourceGrade, sourceQualityFields, workflowStatus } from './common.js'
import { previousValue } from './review.js'

/** An observation as users read it: one row per cell and source, with names. */
export const observation = z.strictObject({
  indicator: z.string(),
  indicatorName: z.string(),
  region: z.string(),
  regionName: z.string(),
  year: z.number(),
  period: z.string(),
  value: z.number(),
  unit: z.string(),
  source: z.string(),
  note: z.string().nullable(),
  status: workflowStatus,
  version: z.number(),
  /** True for the source this series prefers when a cell has several. */
  preferred: z.boolean(),
  updatedAt: z.string(),
  ...sourceQualityFields,
  /** The reviewer's comment on a returned value (signed-in users only; absent for anonymous readers). */
  reviewComment: z.string().nullable().optional(),
})
export type Observation = z.infer<typeof observation>
export const observationsReply = z.array(observation)

export const savedObservationReply = z.strictObject({
  id: z.number(),
  indicator: z.string(),
  region: z.string(),
  year: z.number(),
  source: z.string(),
  value: z.number(),
  note: z.string().nullable(),
  status: workflowStatus,
  version: z.number(),
  publishedValue: z.number().nullable(),
  /** Warnings of the saved value (consistency rules at warning level, the history check), in both languages. */
  warnings: z.array(z.strictObject({ code: z.string(), severity: z.enum(['error', 'warning']), message: z.string(), messageEn: z.string() })).optional(),
})

/** Where a revision's value came from: the file cell, or the client that typed it in. */
export const revisionOrigin = z.looseObject({
  file: z.string().optional(),
  sheet: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  via: z.string().optional(),
})

export const revision = z.strictObject({
  id: z.number(),
  observationId: z.number(),
  version: z.number(),
  action: z.enum(['create', 'update', 'status']),
  source: z.string(),
  value: z.number(),
  valueText: z.string(),
  unit: z.string(),
  rawValue: z.string(),
  note: z.string().nullable(),
  status: workflowStatus,
  previousValue: z.number().nullable(),
  changedAt: z.string(),
  changedBy: z.string(),
  origin: revisionOrigin.nullable(),
  /** The imported file, for revisions an import made. */
  fileName: z.string().nullable(),
  ...sourceQualityFields,
  /** The reviewer's comment, on the revision that returned the value (else null). */
  reviewComment: z.string().nullable(),
})
export type Revision = z.infer<typeof revision>
export const historyReply = z.strictObject({
  indicator: z.string(),
  region: z.string(),
  year: z.number(),
  revisions: z.array(revision),
  /** The source a reviewer chose for this series, if any ("chosen by X on …: reason"). */
  seriesChoice: seriesChoice.nullable(),
})
export type HistoryReply = z.infer<typeof historyReply>

export const aggregate = z.strictObject({
  region: z.string(),
  value: z.number().nullable(),
  origin: z.enum(['published', 'derived', 'aggregated']).nullable(),
  method: z.string().nullable(),
  weightedFallback: z.boolean(),
  /** Members without data (an aggregate is never a partial sum). */
  missing: z.array(z.string()),
  reason: z.string().nullable(),
})
export const aggregatesReply = z.strictObject({ indicator: z.string(), year: z.number(), published: z.boolean(), aggregates: z.array(aggregate) })
export type AggregatesReply = z.infer<typeof aggregatesReply>

/** A validation finding of an import, rendered in both languages, with where it sits. */
export const importProblem = z.strictObject({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  file: z.string().optional(),
  sheet: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  path: z.string().optional(),
  line: z.number().optional(),
  params: messageParams,
  message: z.string(),
  messageEn: z.string(),
})
export type ImportProblem = z.infer<typeof importProblem>

/** 200 (dry run), 201 (written), 403 (a region the user may not write), 422 (errors): the same report. */
export const importReply = z.strictObject({
  ok: z.boolean(),
  dryRun: z.boolean(),
  files: z.array(
    z.strictObject({
      file: z.string(),
      format: z.string().optional(),
      encoding: z.string().optional(),
      layouts: z.array(z.strictObject({ sheet: z.string().optional(), layout: z.enum(['long', 'grid']) })),
      observations: z.number(),
      errors: z.array(importProblem),
      warnings: z.array(importProblem),
      written: z.strictObject({ importId: z.number(), created: z.number(), updated: z.number(), unchanged: z.number() }).optional(),
    }),
  ),
})
export type ImportReply = z.infer<typeof importReply>

export const queueItem = z.strictObject({
  id: z.number(),
  indicator: z.string(),
  indicatorName: z.string(),
  region: z.string(),
  regionName: z.string(),
  year: z.number(),
  source: z.string(),
  value: z.number(),
  unit: z.string(),
  publishedValue: z.number().nullable(),
  /** The value minus the published one (null: never published). */
  change: z.number().nullable(),
  /** The same indicator and region the year before (null: no value). */
  previous: previousValue.nullable(),
  /** Relative change against the year before, in % (null when that value is missing or 0). */
  growth: z.number().nullable(),
  /** For `%` indicators, the change against the year before in percentage points (else null). */
  growthPoints: z.number().nullable(),
  status: workflowStatus,
  version: z.number(),
  note: z.string().nullable(),
  reviewComment: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  /** The value's checks (the history check: an unusual change from the year before), in both languages. */
  flags: z.array(z.strictObject({ code: z.string(), severity: z.enum(['error', 'warning']), message: z.string(), messageEn: z.string() })),
  /** Comments in the cell's thread (GET /api/observations/{id}/comments), and whether a reviewer flagged it for follow-up. */
  commentCount: z.number(),
  followUp: z.boolean(),
  ...sourceQualityFields,
})
export type QueueItem = z.infer<typeof queueItem>
export const reviewQueueReply = z.array(queueItem)

export const transitionReply = z.strictObject({
  changed: z.number(),
  ids: z.array(z.number()),
  /** Values a filter matched but that could not move (their status, or a region the user may not write). */
  skipped: z.array(
    z.strictObject({
      id: z.number(),
      status: workflowStatus,
      reason: z.string().meta({ description: 'status, region, or needs_comment (the history check flagged the value and it has no note)' }),
    }),
  ),
  /** Present on a dry run (`dryRun: true`): nothing moved; `preview` lists what would. */
  dryRun: z.boolean().optional(),
  preview: z
    .array(
      z.strictObject({
        id: z.number(),
        indicator: z.string(),
        indicatorName: z.string(),
        region: z.string(),
        year: z.number(),
        value: z.number(),
        unit: z.string(),
        note: z.string().nullable(),
        status: workflowStatus,
      }),
    )
    .optional(),
})

/**
 * A background import (`POST /api/imports` answers 202 with it for large files or `async=true`): its phase,
 * rows read and written so far, and at the end the reply the synchronous import gives (its status and report),
 * or the error that stopped it.
 */
export const importJobReply = z.strictObject({
  id: z.string(),
  /** Where to poll (GET). Jobs live in the server process's memory: a restart forgets them. */
  statusUrl: z.string(),
  file: z.string(),
  phase: z.enum(['parsing', 'writing', 'done', 'failed']),
  rowsRead: z.number(),
  rowsWritten: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  result: z.strictObject({ status: z.number(), report: importReply }).nullable(),
  error: z.strictObject({ code: z.string(), message: z.string(), messageEn: z.string() }).nullable(),
})
export type ImportJobReply = z.infer<typeof importJobReply>

/** One source as `GET /api/sources` lists it. */
export const sourceEntry = z.strictObject({
  source: z.string(),
  grade: sourceGrade,
  vintage: z.string().nullable(),
  /** Where the grade came from: a reviewer, the registry file, an importer's word, a host rule, or none (unrated). */
  basis: z.enum(['reviewer', 'registry', 'stated', 'host', 'none']),
  publisher: z.string().nullable(),
  publisherEn: z.string().nullable(),
  title: z.string().nullable(),
  titleEn: z.string().nullable(),
  /** How many figures (observations) come from it. */
  figures: z.number(),
  /** How many of its figures state each confidence (`none`: no stated confidence). */
  confidence: z.strictObject({ high: z.number(), medium: z.number(), low: z.number(), none: z.number() }),
  /** The host of its address (null for a source that is not a URL). */
  host: z.string().nullable(),
  gradedBy: z.string().nullable(),
  gradedAt: z.string().nullable(),
})
export type SourceEntry = z.infer<typeof sourceEntry>
export const sourcesReply = z.array(sourceEntry)

/** `GET /api/coverage`: each indicator of the plan with its published coverage (zero: no data at all). */
export const coverageReply = z.array(
  z.strictObject({ indicator: z.string(), figures: z.number(), regions: z.number(), firstYear: z.number().nullable(), lastYear: z.number().nullable() }),
)
export type CoverageReply = z.infer<typeof coverageReply>

/** `PUT /api/series/preferred-source` and `DELETE`: the choice now in force (null after a clear), and the one removed. */
export const seriesChoiceReply = z.strictObject({ choice: seriesChoice.nullable(), cleared: seriesChoice.nullable() })
