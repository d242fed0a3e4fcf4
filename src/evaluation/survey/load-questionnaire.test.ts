import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { formatProblem } from '../../i18n/t.js'
import { parseQuestionnaire } from './load-questionnaire.js'

const BUNDLED = readFileSync(new URL('../../../data/surveys/jiangsu-satisfaction.yaml', import.meta.url), 'utf8')

describe('a survey questionnaire file', () => {
  it('reads the bundled questionnaire: eleven questions over the five dimensions of the city index', () => {
    const r = parseQuestionnaire(BUNDLED, 'jiangsu-satisfaction.yaml')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.questions).toHaveLength(11)
    expect(r.value.dimensions.map((d) => d.id)).toEqual(['citizenization', 'spatial', 'modern_city', 'governance', 'urban_rural'])
    expect(r.value.minSample).toBe(30)
  })
  it('names the file, the line and the field of a dimension that is not declared', () => {
    const bad = BUNDLED.replace('dimension: spatial\n    required: true', 'dimension: transport\n    required: true')
    const r = parseQuestionnaire(bad, 'q.yaml')
    expect(r.ok).toBe(false)
    if (r.ok) return
    const p = r.error[0]!
    expect(p.code).toBe('questionnaire.invalid')
    expect(p.location.file).toBe('q.yaml')
    expect(p.location.path).toBe('questions[2].dimension')
    expect(p.location.line).toBe(bad.split('\n').findIndex((l) => l.includes('dimension: transport')) + 1)
    expect(formatProblem('zh', p)).toContain('维度未在问卷的 dimensions 中列出')
    expect(formatProblem('en', p)).toContain("not among the questionnaire's dimensions")
  })
  it('refuses a scale without a label per point, and a repeated question id', () => {
    const bad = BUNDLED.replace('labels: [很不满意, 不太满意, 一般, 比较满意, 很满意]', 'labels: [很不满意, 很满意]').replace('id: housing', 'id: settle_in')
    const r = parseQuestionnaire(bad, 'q.yaml')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.map((p) => p.location.path).sort()).toEqual(['questions[1].id', 'scale.labels'])
  })
})
