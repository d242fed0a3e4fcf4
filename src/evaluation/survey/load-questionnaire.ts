import type { Problem } from '../../core/problem.js'
import { err, ok, type Result } from '../../core/result.js'
import { parseYamlFile, zodProblems } from '../../plan/load-plan.js'
import { questionnaireSchema, type Questionnaire } from './questionnaire-schema.js'

/**
 * Parses a questionnaire file; every problem names the file, the line and the field (YAML syntax, the schema,
 * a question id given twice, a dimension not declared). `frameworkDimensions`: when given, every Likert
 * question's dimension must be one of the evaluation framework's, so the survey can feed the index.
 */
export function parseQuestionnaire(text: string, file: string): Result<Questionnaire, Problem[]> {
  const parsed = parseYamlFile(text, file)
  if (!parsed.ok) return parsed
  const r = questionnaireSchema.safeParse(parsed.value.data)
  if (!r.success) return err(zodProblems(r.error, file, parsed.value.doc, parsed.value.counter, 'questionnaire.invalid'))
  return ok(r.data)
}
