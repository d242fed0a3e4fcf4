import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { formatProblem } from '../../i18n/t.js'
import { checkAnswers, checkRow } from './check-answers.js'
import { parseQuestionnaire } from './load-questionnaire.js'

const parsed = parseQuestionnaire(readFileSync(new URL('../../../data/surveys/jiangsu-satisfaction.yaml', import.meta.url), 'utf8'), 'jiangsu-satisfaction.yaml')
if (!parsed.ok) throw new Error('bundled questionnaire invalid')
const q = parsed.value

const full = { settle_in: 4, housing: 3, commute: 5, environment: 4, public_services: 4, safety: 5, rural_services: 3, residence: 'urban' }

describe('checking answers against the questionnaire', () => {
  it('keeps a complete response, leaving out unanswered optional questions and trimming text', () => {
    const r = checkAnswers(q, { ...full, suggestion: '  多建公园 ', regional_links: null })
    expect(r).toEqual({ ok: true, value: { ...full, suggestion: '多建公园' } })
  })

  it('names every question at fault, in Chinese and English', () => {
    const r = checkAnswers(q, { ...full, housing: 6, commute: 2.5, residence: 'moon', suggestion: 'x'.repeat(501), safety: undefined, extra: 1 })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.map((p) => [p.params.question, p.params.reason])).toEqual([
      ['extra', 'unknown_question'],
      ['housing', 'scale'],
      ['commute', 'scale'],
      ['safety', 'required'],
      ['residence', 'option'],
      ['suggestion', 'too_long'],
    ])
    const housing = r.error[1]!
    expect(formatProblem('zh', housing)).toContain('问题“本市住房保障（保障性租赁住房、公租房等）”（housing）的回答 6 不在量表 1–5 之内')
    expect(formatProblem('en', housing)).toContain(
      'Question "Affordable housing in the city (subsidised rental housing, public rental housing)" (housing): the answer 6 is not on the scale 1–5',
    )
    expect(formatProblem('zh', r.error[3]!)).toContain('（safety）为必答题')
    expect(formatProblem('en', r.error[5]!)).toContain('at most 500 characters')
  })

  it('reads a sheet row: a Likert point by its label, an option by its text, problems at the row and column', () => {
    const cells = { settle_in: '比较满意', housing: 'Neutral', commute: '5', environment: '4', public_services: '4', safety: '5', rural_services: '3', residence: '农村' }
    expect(checkRow(q, cells, () => ({}))).toEqual({ ok: true, value: { ...full, settle_in: 4, residence: 'village' } })
    const bad = checkRow(q, { ...cells, housing: '非常好' }, (question) => ({ file: 'a.csv', row: 7, column: question === 'housing' ? 'C' : '?' }))
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.error[0]!.location).toEqual({ file: 'a.csv', row: 7, column: 'C' })
    expect(formatProblem('en', bad.error[0]!)).toMatch(/row 7.*column C|column C.*row 7/i)
  })
})
