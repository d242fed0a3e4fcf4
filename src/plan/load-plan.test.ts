import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { formatProblem } from '../i18n/t.js'
import { parsePlan } from './load-plan.js'

const shipped = readFileSync(resolve(__dirname, '../../plans/jiangsu-2021-2025.yaml'), 'utf8')

function problemsOf(text: string) {
  const r = parsePlan(text, 'plan.yaml')
  if (r.ok) throw new Error('expected the plan to be rejected')
  return r.error
}

describe('the shipped Jiangsu plan', () => {
  const r = parsePlan(shipped, 'jiangsu-2021-2025.yaml')
  const plan = r.ok ? r.value : undefined

  it('is valid', () => {
    expect(r.ok ? [] : r.error.map((p) => formatProblem('en', p))).toEqual([])
  })

  it('encodes the brief’s baselines and targets', () => {
    const t = (id: string) => plan!.targets.find((x) => x.id === id)!
    expect(t('urbanization-2025')).toMatchObject({ kind: 'level', comparator: '>=', value: 75, year: 2025, baseline: { year: 2020, value: 73.44 } })
    expect(t('urbanization-2035')).toMatchObject({ comparator: 'about', value: 80, year: 2035 })
    expect(t('income-ratio-2025')).toMatchObject({ comparator: '<=', value: 2.15, baseline: { value: 2.19 } })
    expect(t('migrant-children-2025')).toMatchObject({ comparator: '>=', value: 87 })
    expect(t('trillion-gdp-cities-2025')).toMatchObject({ kind: 'count', threshold: { comparator: '>=', value: 10000 }, value: 6 })
    expect(t('consumption-cities-2025')).toMatchObject({ kind: 'count', comparator: 'between', min: 2, max: 3 })
    expect(t('gigabit-cities-2023')).toMatchObject({ kind: 'each', year: 2023 })
    expect(t('hsr-cities-2025')).toMatchObject({ kind: 'each' })
    expect(t('county-hsr-2025')).toMatchObject({ kind: 'share', comparator: 'about', value: 90 })
    expect(t('hukou-gap-narrowing')).toMatchObject({ kind: 'direction', direction: 'decrease' })
    expect(t('travel-circles-2025')).toMatchObject({ kind: 'qualitative' })
    expect(plan!.indicators.find((i) => i.id === 'urbanization_rate')).toMatchObject({ formula: '100 * urban_pop / resident_pop', aggregation: 'ratio', unit: '%' })
    expect(plan!.indicators.find((i) => i.id === 'income_ratio')?.formula).toBe('urban_income / rural_income')
    expect(plan!.milestones.map((m) => m.year)).toEqual([2020, 2023, 2025, 2035])
  })

  it('lists measures of every section of chapters 三 to 八 as tasks', () => {
    const sections = plan!.chapters.filter((c) => ['三', '四', '五', '六', '七', '八'].includes(c.id)).flatMap((c) => c.sections.map((s) => s.id))
    expect(sections).toHaveLength(28)
    for (const s of sections)
      expect(
        plan!.tasks.some((t) => t.section === s),
        s,
      ).toBe(true)
    expect(plan!.tasks.every((t) => t.lead.length > 0 && t.deadline >= 2021)).toBe(true)
  })
})

describe('plan file errors', () => {
  it('reports YAML syntax errors with their line', () => {
    const [p] = problemsOf('schema: urbmon/plan@1\nid: x\ntitle: [unclosed\nversion: 1.0.0\n')
    expect(p?.code).toBe('plan.yaml_syntax')
    expect(p?.location.line).toBeGreaterThanOrEqual(3)
  })

  it('names the field, its line and the problem, in both languages', () => {
    const broken = shipped.replace('    value: 75\n', '    value: "seventy-five"\n')
    const problems = problemsOf(broken)
    const p = problems.find((x) => x.location.path === 'targets[0].value')
    expect(p).toBeDefined()
    const line = broken.split('\n').findIndex((l) => l.includes('"seventy-five"')) + 1
    expect(p!.location.line).toBe(line)
    expect(formatProblem('zh', p!)).toContain(`第 ${line} 行`)
    expect(formatProblem('zh', p!)).toContain('targets[0].value')
    expect(formatProblem('en', p!)).toContain(`line ${line}`)
  })

  it('rejects a target on an indicator the plan does not define', () => {
    const problems = problemsOf(shipped.replace('    indicator: income_ratio\n', '    indicator: income_ratoi\n'))
    expect(problems.map((p) => [p.code, p.code === 'plan.reference' ? p.params.ref : undefined])).toContainEqual(['plan.reference', 'income_ratoi'])
  })

  it('rejects a formula that reads an unknown indicator or does more than arithmetic', () => {
    const unknown = problemsOf(shipped.replace('formula: 100 * urban_pop / resident_pop', 'formula: 100 * urban_pop / resident_population'))
    expect(unknown.some((p) => p.code === 'plan.reference' && p.params.ref === 'resident_population')).toBe(true)
    const call = problemsOf(shipped.replace('formula: 100 * urban_pop / resident_pop', 'formula: process.exit(1)'))
    expect(call.some((p) => p.code === 'plan.invalid' && p.location.path === 'indicators[3].formula')).toBe(true)
  })

  it('rejects duplicate ids and incomplete targets', () => {
    const dup = problemsOf(shipped.replace('  - id: urban_pop\n', '  - id: resident_pop\n'))
    expect(dup.some((p) => p.code === 'plan.invalid' && p.params.reason === 'duplicate_id' && p.params.id === 'resident_pop')).toBe(true)
    const between = problemsOf(shipped.replace('    min: 2\n', ''))
    expect(between.some((p) => p.location.path?.startsWith('targets[6]'))).toBe(true)
  })

  it('rejects unknown fields rather than ignoring them', () => {
    const problems = problemsOf(shipped.replace('    comparator: ">="\n    value: 75\n', '    comparator: ">="\n    value: 75\n    valeu: 76\n'))
    expect(problems.some((p) => p.location.path === 'targets[0]' && p.code === 'plan.invalid' && p.params.reason === 'schema' && String(p.params.expected).includes('valeu'))).toBe(
      true,
    )
  })
})
