/**
 * The source registry file (`data/observations/sources.yaml`, schema `urbmon/sources@1`): a grade, vintage,
 * publisher and title per source string, and default grades by URL host. Parsed from text (no file access);
 * problems carry file, line and field.
 * @module
 */
import { z } from 'zod'

import { problem, type Problem } from '../core/problem.js'
import { err, ok, type Result } from '../core/result.js'
import { SOURCE_GRADES, VINTAGE_PATTERN } from '../core/source-grade.js'
import { formatPath, lineOf, parseYamlFile, schemaIssueParams } from '../plan/load-plan.js'

const text = z.string().trim().min(1).max(2000)

export const sourceRegistrySchema = z.strictObject({
  schema: z.literal('urbmon/sources@1'),
  sources: z
    .array(
      z.strictObject({
        /** Exactly the observations' source string. */
        source: text,
        grade: z.enum(SOURCE_GRADES),
        vintage: z.union([z.string().regex(VINTAGE_PATTERN), z.number().int().min(1900).max(2100).transform(String)]).optional(),
        publisher: text.optional(),
        publisherEn: text.optional(),
        title: text.optional(),
        titleEn: text.optional(),
      }),
    )
    .default([]),
  hosts: z
    .array(
      z.strictObject({
        host: z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/),
        grade: z.enum(SOURCE_GRADES),
      }),
    )
    .optional(),
})

export type SourceRegistry = z.infer<typeof sourceRegistrySchema>

/** The registry in `text`, or every problem found (syntax, schema, a source or host listed twice). */
export function parseSourceRegistry(text: string, file: string): Result<SourceRegistry, Problem[]> {
  const parsed = parseYamlFile(text, file)
  if (!parsed.ok) {
    return err(
      parsed.error.map((p) => {
        const line = p.location.line
        const yaml = p.code === 'plan.yaml_syntax' ? p.params.reason : p.code
        return problem(
          'error',
          'sources.invalid',
          { file, ...(line !== undefined ? { line } : {}) },
          { path: '', reason: 'yaml_syntax', yaml, file, ...(line !== undefined ? { line } : {}) },
        )
      }),
    )
  }
  const { data, doc, counter } = parsed.value
  const r = sourceRegistrySchema.safeParse(data)
  if (!r.success) {
    return err(
      r.error.issues.map((issue) => {
        const line = lineOf(doc, counter, issue.path)
        const path = formatPath(issue.path)
        return problem(
          'error',
          'sources.invalid',
          { file, path, ...(line !== undefined ? { line } : {}) },
          { ...schemaIssueParams(path, issue), file, ...(line !== undefined ? { line } : {}) },
        )
      }),
    )
  }
  const problems: Problem[] = []
  const seen = (list: ReadonlyArray<string>, field: 'sources' | 'hosts', key: 'source' | 'host') => {
    const first = new Set<string>()
    list.forEach((s, i) => {
      if (!first.has(s)) return void first.add(s)
      const path = `${field}[${i}].${key}`
      const node = doc.getIn([field, i, key], true) as { range?: [number, number, number] } | undefined
      const line = node?.range ? counter.linePos(node.range[0]).line : undefined
      problems.push(
        problem(
          'error',
          'sources.invalid',
          { file, path, ...(line !== undefined ? { line } : {}) },
          { path, reason: 'duplicate', source: s, file, ...(line !== undefined ? { line } : {}) },
        ),
      )
    })
  }
  seen(
    r.data.sources.map((s) => s.source),
    'sources',
    'source',
  )
  seen(
    (r.data.hosts ?? []).map((h) => h.host),
    'hosts',
    'host',
  )
  return problems.length > 0 ? err(problems) : ok(r.data)
}
