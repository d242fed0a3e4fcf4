/**
 * The plan file's schema: structure, indicators, targets (every shape a development plan uses), tasks, milestones.
 * @module
 */
import { z } from 'zod'

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case: a letter, then letters, digits or _')
const targetId = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'target ids are lower-case letters, digits, "-", "_" or "."')
const regionRef = z.string().min(1)
const year = z.number().int().min(1900).max(2100)

export const comparatorSchema = z.enum(['>=', '<=', '>', '<', '==', 'about', 'between'])
export type Comparator = z.infer<typeof comparatorSchema>

export const directionSchema = z.enum(['higher', 'lower', 'none'])
export type Direction = z.infer<typeof directionSchema>

/**
 * How an indicator combines over several regions:
 * sum (stocks: population, GDP), ratio (recomputed from aggregated components of its formula),
 * weighted_mean (by the `weight` indicator, only when components are missing), mean, max, min, none.
 */
export const aggregationSchema = z.enum(['sum', 'ratio', 'weighted_mean', 'mean', 'max', 'min', 'none'])

export const indicatorSchema = z
  .object({
    id,
    name: z.string().min(1),
    nameEn: z.string().min(1),
    unit: z.string().min(1),
    direction: directionSchema,
    /** 预期性 (expected) or 约束性 (binding) */
    type: z.enum(['expected', 'binding']).default('expected'),
    kind: z.enum(['quantity', 'boolean', 'count']).default('quantity'),
    aggregation: aggregationSchema,
    formula: z.string().min(1).optional(),
    weight: id.optional(),
    range: z.tuple([z.number(), z.number()]).optional(),
    /** A natural limit (100 %, 0): the default `limit` of this indicator's targets under the Open SDG method. */
    limit: z.number().optional(),
    decimals: z.number().int().min(0).max(6).optional(),
    aliases: z.array(z.string().min(1)).default([]),
    section: z.string().optional(),
    /** What the figure measures (the statistics office's definition), in Chinese and in English. */
    definition: z.string().optional(),
    definitionEn: z.string().optional(),
    /** Sources this series prefers when a cell has several vintages, most preferred first (substring match). */
    preferredSources: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((i) => i.aggregation !== 'ratio' || i.formula !== undefined, {
    message: 'aggregation "ratio" needs a formula whose components are aggregated',
    path: ['formula'],
  })
  .refine((i) => i.aggregation !== 'weighted_mean' || i.weight !== undefined, {
    message: 'aggregation "weighted_mean" needs a weight indicator',
    path: ['weight'],
  })
  .refine((i) => !i.range || i.range[0] <= i.range[1], { message: 'range must be [min, max]', path: ['range'] })
export type Indicator = z.infer<typeof indicatorSchema>

/** A set of regions a target counts over: a grouping, the children of a region at a level, or a list. */
export const regionSetSchema = z.union([
  z.object({ grouping: z.string().min(1) }).strict(),
  z
    .object({
      parent: regionRef,
      level: z.enum(['prefecture', 'county']),
      /** Keep only regions whose name ends so: [县, 市] picks 县（市） and leaves out 市辖区. */
      nameSuffixes: z.array(z.string().min(1)).optional(),
    })
    .strict(),
  z.object({ regions: z.array(regionRef).min(1) }).strict(),
])
export type RegionSet = z.infer<typeof regionSetSchema>

const threshold = z.object({ comparator: comparatorSchema.exclude(['between', 'about']), value: z.number() }).strict()

const goal = {
  comparator: comparatorSchema,
  value: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** For `about` targets: how far from the value still counts as met, in the indicator's unit. */
  tolerance: z.number().nonnegative().optional(),
}

/** A further series measuring the same target (Open SDG: the mean of the series' scores decides). */
const measureSeries = z
  .object({
    indicator: id,
    /** Defaults to the target's region. */
    region: regionRef.optional(),
    /** Defaults to the indicator's limit. */
    limit: z.number().optional(),
  })
  .strict()

/** What level and direction targets add for the Open SDG method (`--method cagr`). */
const progressOptions = {
  /** A natural limit scaling the no-target thresholds (ignored when the target has a number); defaults to the indicator's. */
  limit: z.number().optional(),
  /** Further series measuring this target, each judged by the no-target rule in its indicator's direction. */
  alsoMeasuredBy: z.array(measureSeries).min(1).optional(),
}

const targetBase = {
  id: targetId,
  name: z.string().min(1),
  nameEn: z.string().min(1),
  section: z.string().min(1),
  /** The plan's own words. */
  text: z.string().min(1),
  year,
  milestone: z.string().optional(),
  /** 基本 (basically) / 力争 (strive to): the plan's hedge, kept for reports. */
  qualifier: z.enum(['basically', 'strive']).optional(),
  baseline: z.object({ year, value: z.number(), source: z.string().optional() }).strict().optional(),
}

function goalIsComplete(t: { comparator: Comparator; value?: number | undefined; min?: number | undefined; max?: number | undefined }) {
  return t.comparator === 'between' ? t.min !== undefined && t.max !== undefined && t.min <= t.max : t.value !== undefined
}
const goalMessage = { message: 'a "between" target needs min ≤ max; every other comparator needs value', path: ['comparator'] }

export const targetSchema = z.discriminatedUnion('kind', [
  /** The indicator's value in one region meets the comparator (≥ 75 %, ≤ 2.15, about 80 %, 2–3). */
  z
    .object({ ...targetBase, kind: z.literal('level'), indicator: id, region: regionRef, ...goal, ...progressOptions })
    .strict()
    .refine(goalIsComplete, goalMessage),
  /** The number of regions in a set whose value meets a threshold, compared with a goal (6 cities with GDP ≥ 10 000 亿元). */
  z
    .object({ ...targetBase, kind: z.literal('count'), indicator: id, over: regionSetSchema, threshold, ...goal })
    .strict()
    .refine(goalIsComplete, goalMessage),
  /** The share (%) of regions in a set meeting a threshold (about 90 % of counties). */
  z
    .object({ ...targetBase, kind: z.literal('share'), indicator: id, over: regionSetSchema, threshold, ...goal })
    .strict()
    .refine(goalIsComplete, goalMessage),
  /** Every region of the set meets the threshold (each city on high-speed rail). */
  z.object({ ...targetBase, kind: z.literal('each'), indicator: id, over: regionSetSchema, threshold }).strict(),
  /** A direction with no number (narrow the gap, improve). */
  z.object({ ...targetBase, kind: z.literal('direction'), indicator: id, region: regionRef, direction: z.enum(['increase', 'decrease']), ...progressOptions }).strict(),
  /** A qualitative goal judged by evaluators against its criteria. */
  z.object({ ...targetBase, kind: z.literal('qualitative'), criteria: z.array(z.string().min(1)).min(1) }).strict(),
])
export type Target = z.infer<typeof targetSchema>
export type TargetKind = Target['kind']

export const taskSchema = z
  .object({
    id: z.string().regex(/^\d+(\.\d+)*$/, 'task ids are dotted numbers such as 3.1.2'),
    section: z.string().min(1),
    title: z.string().min(1).max(60),
    titleEn: z.string().min(1),
    description: z.string().min(1),
    lead: z.string().min(1),
    cooperating: z.array(z.string().min(1)).default([]),
    regions: z.array(z.string().min(1)).min(1),
    deadline: year,
    indicators: z.array(id).default([]),
    targets: z.array(targetId).default([]),
  })
  .strict()
export type Task = z.infer<typeof taskSchema>

export const milestoneSchema = z
  .object({
    id,
    year,
    kind: z.enum(['baseline', 'monitoring', 'midterm_evaluation', 'final_evaluation', 'outlook']),
    name: z.string().min(1),
    nameEn: z.string().min(1),
  })
  .strict()
export type Milestone = z.infer<typeof milestoneSchema>

/** DHIS2-style consistency rule: left ⟨operator⟩ right, checked per region, year and source on import. */
export const ruleSchema = z
  .object({
    id,
    name: z.string().min(1),
    nameEn: z.string().min(1),
    left: z.string().min(1),
    operator: z.enum(['==', '!=', '>', '>=', '<', '<=']),
    right: z.string().min(1),
    /** Absolute tolerance for == (published rates are rounded). */
    tolerance: z.number().nonnegative().default(0),
    /** DHIS2's missing-value strategy; only skip_if_any_missing is meaningful for a cell-level check. */
    missing: z.enum(['skip_if_any_missing']).default('skip_if_any_missing'),
    severity: z.enum(['error', 'warning']).default('error'),
  })
  .strict()
export type Rule = z.infer<typeof ruleSchema>

const sectionSchema = z.object({ id: z.string().min(1), title: z.string().min(1), titleEn: z.string().optional() }).strict()
const chapterSchema = z.object({ id: z.string().min(1), title: z.string().min(1), titleEn: z.string().optional(), sections: z.array(sectionSchema).default([]) }).strict()

/**
 * The plan's data calendar (issue 15): by when each year's figures are due, as a month and day of the following
 * year (figures for 2023 due by 2024-06-30 with the default below). `indicators` overrides the default for one
 * indicator (bulletin figures come in March, yearbook figures in autumn). Optional: without it nothing is late.
 */
const dueDateSchema = z.object({ dueMonth: z.number().int().min(1).max(12), dueDay: z.number().int().min(1).max(31) }).strict()
export const dataCalendarSchema = z.object({ default: dueDateSchema, indicators: z.record(z.string(), dueDateSchema).default({}) }).strict()

export const planSchema = z
  .object({
    schema: z.literal('urbmon/plan@1'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'versions are semantic: 1.0.0'),
    title: z.string().min(1),
    titleEn: z.string().min(1),
    issuer: z.string().optional(),
    documentNumber: z.string().optional(),
    issued: z.string().optional(),
    source: z.string().optional(),
    /** The region the plan is for (its code). */
    scope: regionRef,
    /** Region file, relative to the plan file. */
    regions: z.string().min(1),
    period: z.object({ start: year, end: year, baselineYear: year, outlookYear: year.optional() }).strict(),
    /**
     * Straight-path status, on r = progress / expected progress: on track when r ≥ onTrack, at risk when
     * r ≥ atRisk, off track below; regressing when worse than the baseline.
     */
    statusThresholds: z
      .object({ onTrack: z.number().min(0).max(2).default(1), atRisk: z.number().min(0).max(2).default(0.8) })
      .strict()
      .refine((t) => t.atRisk <= t.onTrack, { message: 'atRisk must not exceed onTrack' })
      .default({ onTrack: 1, atRisk: 0.8 }),
    /** How many years after a year its figures are expected to be published (missing-data warnings). */
    reportingLag: z.number().int().min(0).max(5).default(1),
    milestones: z.array(milestoneSchema).min(1),
    chapters: z.array(chapterSchema).min(1),
    indicators: z.array(indicatorSchema).min(1),
    rules: z.array(ruleSchema).default([]),
    /** Tolerance (relative) for a summary row against the sum of its members, for `sum` indicators. */
    summaryTolerance: z.number().nonnegative().default(0.002),
    targets: z.array(targetSchema).default([]),
    tasks: z.array(taskSchema).default([]),
    /** When each year's figures are due (see dataCalendarSchema). */
    dataCalendar: dataCalendarSchema.optional(),
    /**
     * How values are reviewed. `approvalLevels: 1` (the default): a reviewer approves, then publishes.
     * `approvalLevels: 2`: a county's value is first approved by a reviewer whose regions contain it (the city
     * level), which locks it against the reporter; then by a province reviewer (no regions), which locks it against
     * the city; then published. A city's or the province's own values skip the city level.
     */
    workflow: z
      .object({ approvalLevels: z.union([z.literal(1), z.literal(2)]).default(1) })
      .strict()
      .default({ approvalLevels: 1 }),
  })
  .strict()
export type Plan = z.infer<typeof planSchema>
