/**
 * Parses and validates a plan file's text: YAML syntax, the zod schema, then cross-references
 * (indicators, formulas, sections, milestones). Every problem carries the file, line and path.
 * @module
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'

import { SCHEMA_RULES, type ErrorParams, type SchemaIssueParams, type SchemaRule } from '../core/errors.js'
import { problem, type Problem } from '../core/problem.js'
import { err, ok, type Result } from '../core/result.js'
import { parseFormula } from './formula.js'
import { planSchema, type Plan } from './plan-schema.js'

type Path = ReadonlyArray<PropertyKey>

export function formatPath(path: Path): string {
  let out = ''
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key)
  return out || '(root)'
}

/** The line of the deepest node of `path` that exists in the document (1-based). */
export function lineOf(doc: Document, counter: LineCounter, path: Path): number | undefined {
  let node: unknown = doc.contents
  let line: number | undefined
  const rangeLine = (n: unknown) => {
    const range = (n as { range?: [number, number, number] } | null)?.range
    return range ? counter.linePos(range[0]).line : undefined
  }
  line = rangeLine(node)
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
      if (!pair) break
      line = rangeLine(pair.key) ?? line
      node = pair.value
      if (rangeLine(node) !== undefined && !isMap(node) && !isSeq(node)) line = rangeLine(node)
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key]
      if (node === undefined) break
      line = rangeLine(node) ?? line
    } else break
  }
  return line
}

export interface ParsedPlanFile<T> {
  readonly data: T
  readonly doc: Document
  readonly counter: LineCounter
}

/** Parses YAML text into plain data, reporting syntax errors with line numbers. */
export function parseYamlFile(text: string, file: string): Result<ParsedPlanFile<unknown>, Problem[]> {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return err(doc.errors.map((e) => problem('error', 'plan.yaml_syntax', { file, line: counter.linePos(e.pos[0]).line }, { reason: e.code })))
  }
  return ok({ data: doc.toJS({ maxAliasCount: 100 }) as unknown, doc, counter })
}

/** A zod issue as data: its code and the bound or the expected kind, never zod's English message. */
export function schemaIssueParams(path: string, issue: z.core.$ZodIssue): SchemaIssueParams {
  const base = { path, reason: 'schema' as const, issue: issue.code }
  switch (issue.code) {
    case 'invalid_type':
      return { ...base, expected: issue.expected }
    case 'too_small':
      return { ...base, limit: Number(issue.minimum) }
    case 'too_big':
      return { ...base, limit: Number(issue.maximum) }
    case 'invalid_value':
      return { ...base, expected: issue.values.map((v) => String(v)).join(', ') }
    case 'unrecognized_keys':
      return { ...base, expected: issue.keys.join(', ') }
    case 'custom': {
      const rule = (issue.params as { rule?: unknown } | undefined)?.rule
      return typeof rule === 'string' && (SCHEMA_RULES as ReadonlyArray<string>).includes(rule) ? { ...base, rule: rule as SchemaRule } : base
    }
    default:
      return base
  }
}

export function zodProblems(
  error: z.ZodError,
  file: string,
  doc: Document,
  counter: LineCounter,
  code: 'plan.invalid' | 'regions.invalid' | 'framework.invalid' | 'questionnaire.invalid' = 'plan.invalid',
): Problem[] {
  return error.issues.map((issue) => {
    const line = lineOf(doc, counter, issue.path)
    return problem('error', code, { file, ...(line !== undefined ? { line } : {}), path: formatPath(issue.path) }, schemaIssueParams(formatPath(issue.path), issue))
  })
}

function crossCheck(plan: Plan, file: string, doc: Document, counter: LineCounter): Problem[] {
  const problems: Problem[] = []
  const at = (path: Path, kind: ErrorParams<'plan.reference'>['kind'], ref: string) => {
    const line = lineOf(doc, counter, path)
    problems.push(
      problem(
        'error',
        'plan.reference',
        { file, ...(line !== undefined ? { line } : {}), path: formatPath(path) },
        {
          path: formatPath(path),
          kind,
          ref,
        },
      ),
    )
  }
  const invalid = (path: Path, detail: { reason: 'duplicate_id'; id: string } | { reason: 'formula'; formula: string } | { reason: 'no_direction'; indicator: string }) => {
    const line = lineOf(doc, counter, path)
    problems.push(problem('error', 'plan.invalid', { file, ...(line !== undefined ? { line } : {}), path: formatPath(path) }, { path: formatPath(path), ...detail }))
  }
  const indicatorIds = new Set<string>()
  plan.indicators.forEach((ind, i) => {
    if (indicatorIds.has(ind.id)) invalid(['indicators', i, 'id'], { reason: 'duplicate_id', id: ind.id })
    indicatorIds.add(ind.id)
  })
  const sections = new Set(plan.chapters.flatMap((c) => [c.id, ...c.sections.map((s) => s.id)]))
  const milestones = new Set(plan.milestones.map((m) => m.id))
  plan.indicators.forEach((ind, i) => {
    if (ind.formula !== undefined) {
      const f = parseFormula(ind.formula)
      if (!f.ok) invalid(['indicators', i, 'formula'], { reason: 'formula', formula: ind.formula })
      else for (const v of f.value.variables) if (!indicatorIds.has(v)) at(['indicators', i, 'formula'], 'indicator', v)
    }
    if (ind.weight !== undefined && !indicatorIds.has(ind.weight)) at(['indicators', i, 'weight'], 'indicator', ind.weight)
    if (ind.section !== undefined && !sections.has(ind.section)) at(['indicators', i, 'section'], 'section', ind.section)
  })
  plan.rules.forEach((rule, i) => {
    for (const side of ['left', 'right'] as const) {
      const f = parseFormula(rule[side])
      if (!f.ok) invalid(['rules', i, side], { reason: 'formula', formula: rule[side] })
      else for (const v of f.value.variables) if (!indicatorIds.has(v)) at(['rules', i, side], 'indicator', v)
    }
  })
  const targetIds = new Set<string>()
  plan.targets.forEach((target, i) => {
    if (targetIds.has(target.id)) invalid(['targets', i, 'id'], { reason: 'duplicate_id', id: target.id })
    targetIds.add(target.id)
    if ('indicator' in target && !indicatorIds.has(target.indicator)) at(['targets', i, 'indicator'], 'indicator', target.indicator)
    if ('alsoMeasuredBy' in target) {
      target.alsoMeasuredBy?.forEach((m, j) => {
        const ind = plan.indicators.find((x) => x.id === m.indicator)
        if (!ind) at(['targets', i, 'alsoMeasuredBy', j, 'indicator'], 'indicator', m.indicator)
        // Each further series is judged by the no-target rule in its own indicator's direction.
        else if (ind.direction === 'none') invalid(['targets', i, 'alsoMeasuredBy', j, 'indicator'], { reason: 'no_direction', indicator: m.indicator })
      })
    }
    if (!sections.has(target.section)) at(['targets', i, 'section'], 'section', target.section)
    if (target.milestone !== undefined && !milestones.has(target.milestone)) at(['targets', i, 'milestone'], 'milestone', target.milestone)
  })
  const taskIds = new Set<string>()
  plan.tasks.forEach((task, i) => {
    if (taskIds.has(task.id)) invalid(['tasks', i, 'id'], { reason: 'duplicate_id', id: task.id })
    taskIds.add(task.id)
    if (!sections.has(task.section)) at(['tasks', i, 'section'], 'section', task.section)
    task.indicators.forEach((ind, j) => {
      if (!indicatorIds.has(ind)) at(['tasks', i, 'indicators', j], 'indicator', ind)
    })
    task.targets.forEach((tg, j) => {
      if (!targetIds.has(tg)) at(['tasks', i, 'targets', j], 'target', tg)
    })
  })
  return problems
}

/** Parses a plan file. Region references are checked later, against the loaded regions (see checkPlanRegions). */
export function parsePlan(text: string, file: string): Result<Plan, Problem[]> {
  const parsed = parseYamlFile(text, file)
  if (!parsed.ok) return parsed
  const { data, doc, counter } = parsed.value
  const result = planSchema.safeParse(data)
  if (!result.success) return err(zodProblems(result.error, file, doc, counter))
  const problems = crossCheck(result.data, file, doc, counter)
  return problems.length > 0 ? err(problems) : ok(result.data)
}
