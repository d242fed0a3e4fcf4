/**
 * A response's answers checked against its questionnaire: a Likert answer is a whole point of the scale, a choice
 * one of the question's options, a text within the question's length limit (no control characters), and every
 * required question answered. Every problem names the question (its id and its text in both languages). The same
 * rules read a cell of an imported sheet, where a Likert point may also be given by its label and an option by its
 * text. Pure.
 * @module
 */
import { firstControlCharacter } from '../../core/control-characters.js'
import type { ErrorParams } from '../../core/errors.js'
import { problem, type Location, type ProblemOf } from '../../core/problem.js'
import { err, ok, type Result } from '../../core/result.js'
import type { Question, Questionnaire } from './questionnaire-schema.js'

export type Answers = Readonly<Record<string, number | string>>
export type AnswerProblem = ProblemOf<'survey.bad_answer'>

type Reason = ErrorParams<'survey.bad_answer'>['reason']

const fault = (q: Pick<Question, 'id' | 'text' | 'textEn'>, reason: Reason, location: Location, extra: { min?: number; max?: number; value?: string } = {}): AnswerProblem =>
  problem('error', 'survey.bad_answer', location, { question: q.id, text: q.text, textEn: q.textEn, reason, ...extra })

const shown = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ((JSON.stringify(v) as string | undefined) ?? typeof v)).slice(0, 50)

/** One answer as sent (JSON): the stored value, or the reason it is refused. Empty text and null mean unanswered. */
function oneAnswer(q: Question, scale: Questionnaire['scale'], v: unknown): { value?: number | string; reason?: Reason; extra?: { min?: number; max?: number; value?: string } } {
  if (v === null || v === undefined || v === '') return {}
  switch (q.kind) {
    case 'likert':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < scale.min || v > scale.max) return { reason: 'scale', extra: { min: scale.min, max: scale.max, value: shown(v) } }
      return { value: v }
    case 'choice':
      if (typeof v !== 'string' || !q.options.some((o) => o.id === v)) return { reason: 'option', extra: { value: shown(v) } }
      return { value: v }
    case 'text': {
      if (typeof v !== 'string') return { reason: 'type', extra: { value: shown(v) } }
      const s = v.trim()
      if ([...s].length > q.maxLength) return { reason: 'too_long', extra: { max: q.maxLength } }
      if (firstControlCharacter(s, 'text') !== -1) return { reason: 'type', extra: { value: shown(s) } }
      return s === '' ? {} : { value: s }
    }
  }
}

/** Checks a submitted answer object; the answers kept (unanswered optional questions left out) or every problem. */
export function checkAnswers(q: Questionnaire, raw: Readonly<Record<string, unknown>>): Result<Answers, AnswerProblem[]> {
  const problems: AnswerProblem[] = []
  const out: Record<string, number | string> = {}
  for (const key of Object.keys(raw)) {
    if (!q.questions.some((x) => x.id === key))
      problems.push(fault({ id: key.slice(0, 50), text: key.slice(0, 50), textEn: key.slice(0, 50) }, 'unknown_question', { path: `answers.${key.slice(0, 50)}` }))
  }
  for (const question of q.questions) {
    const location = { path: `answers.${question.id}` }
    const r = oneAnswer(question, q.scale, raw[question.id])
    if (r.reason) problems.push(fault(question, r.reason, location, r.extra))
    else if (r.value !== undefined) out[question.id] = r.value
    else if (question.required) problems.push(fault(question, 'required', location))
  }
  return problems.length ? err(problems) : ok(out)
}

/**
 * One cell of an imported sheet, as text: a Likert point by number or by its label (Chinese or English), an option
 * by id or text. Undefined: unanswered.
 */
export function answerFromCell(q: Questionnaire, question: Question, cell: string): unknown {
  const s = cell.trim()
  if (s === '') return undefined
  if (question.kind === 'likert') {
    if (/^[+-]?\d+(\.0+)?$/.test(s)) return Number(s)
    const i = q.scale.labels.indexOf(s) >= 0 ? q.scale.labels.indexOf(s) : q.scale.labelsEn.findIndex((l) => l.toLowerCase() === s.toLowerCase())
    return i >= 0 ? q.scale.min + i : s
  }
  if (question.kind === 'choice') return question.options.find((o) => o.id === s || o.text === s || o.textEn.toLowerCase() === s.toLowerCase())?.id ?? s
  return s
}

/** A sheet row's answers (question id → cell text), checked like a submission; problems located at the row's cells. */
export function checkRow(q: Questionnaire, cells: Readonly<Record<string, string>>, at: (question: string) => Location): Result<Answers, AnswerProblem[]> {
  const raw: Record<string, unknown> = {}
  for (const question of q.questions) {
    const v = cells[question.id]
    if (v !== undefined) raw[question.id] = answerFromCell(q, question, v)
  }
  const r = checkAnswers(q, raw)
  if (r.ok) return r
  return err(r.error.map((p) => ({ ...p, location: at(p.params.question) })))
}
