import type { Problem } from '../core/problem.js'
import { err, ok, type Result } from '../core/result.js'
import { parseYamlFile, zodProblems } from '../plan/load-plan.js'
import { frameworkSchema, type Framework } from './framework-schema.js'

/** Parses an evaluation framework file; problems carry file, line and field path. */
export function parseFramework(text: string, file: string): Result<Framework, Problem[]> {
  const parsed = parseYamlFile(text, file)
  if (!parsed.ok) return parsed
  const r = frameworkSchema.safeParse(parsed.value.data)
  if (!r.success) return err(zodProblems(r.error, file, parsed.value.doc, parsed.value.counter, 'framework.invalid'))
  return ok(r.data)
}
