/**
 * The seven cases of the Open SDG progress documentation, written as targets of a small plan
 * (test/fixtures/plans/progress-plan.yaml), against what sdg-build's ProgressMeasure computes for them
 * (test/fixtures/progress/seven-cases.json, made by the pandas-free transcription open_sdg_reference.py beside it):
 * through the status path, through `urbmon status --method cagr --json` and through /api/status.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { openContext } from '../../src/app/context.js'
import { methodRunner } from '../../src/app/forecast.js'
import { UserService } from '../../src/app/users.js'
import { buildServer } from '../../src/http/server.js'
import { formatProblem } from '../../src/i18n/t.js'
import { evaluateTargets, type TargetStatus } from '../../src/monitoring/index.js'
import { IndicatorCatalog } from '../../src/plan/indicator-catalog.js'
import { parsePlan } from '../../src/plan/load-plan.js'
import { parseRegions } from '../../src/regions/load-regions.js'
import { RegionCatalog } from '../../src/regions/region-catalog.js'
import { engineOf } from '../helpers/dense.js'
import { cli, FIXED_NOW, tempDb } from '../helpers/cli.js'
import { points } from '../helpers/domain.js'

const PLAN_FILE = resolve(__dirname, '../fixtures/plans/progress-plan.yaml')
const PLAN_TEXT = readFileSync(PLAN_FILE, 'utf8')

interface Expected {
  status: string
  score: number | null
  progressValue: number | null
  targetAchieved: boolean
  coefficient: number | null
  withoutLimit?: { status: string; score: number; progressValue: number }
}
interface Case {
  id: string
  kind: 'level' | 'direction'
  series: Array<[number, number]>
  config: Record<string, unknown>
  expected: Expected
}
const reference = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/progress/seven-cases.json'), 'utf8')) as {
  cases: Case[]
  aggregate: { of: string[]; score: number; status: string }
}

/** The indicator each case's target reads (the plan fixture, one per case). */
const INDICATOR: Record<string, string> = {
  'target-achieved': 'case_achieved',
  substantial: 'case_substantial',
  moderate: 'case_moderate',
  deterioration: 'case_deterioration',
  'no-target-higher': 'case_higher',
  'no-target-lower': 'case_lower',
  limit: 'case_limit',
}
/** Open SDG's verdicts in urbmon's status vocabulary (app/forecast.ts). */
const STATUS: Record<string, string> = {
  target_achieved: 'achieved',
  substantial_progress: 'on_track',
  moderate_progress: 'at_risk',
  limited_progress: 'off_track',
  deterioration: 'regressing',
}

function rows(): Array<readonly [string, string, number, number]> {
  const out: Array<readonly [string, string, number, number]> = []
  for (const c of reference.cases) for (const [y, v] of c.series) out.push([INDICATOR[c.id]!, '320100', y, v])
  // The further series of "combined" with a limit only on its indicator.
  for (const [y, v] of reference.cases.find((c) => c.id === 'limit')!.series) out.push(['case_limit_default', '320100', y, v])
  return out
}

function statuses(method: 'linear' | 'cagr'): Map<string, TargetStatus> {
  const plan = parsePlan(PLAN_TEXT, 'progress-plan.yaml')
  if (!plan.ok) throw new Error(JSON.stringify(plan.error))
  const regions = parseRegions(readFileSync(resolve(dirname(PLAN_FILE), 'city-regions.yaml'), 'utf8'), 'city-regions.yaml')
  if (!regions.ok) throw new Error(JSON.stringify(regions.error))
  const data = engineOf(IndicatorCatalog.fromPlan(plan.value), RegionCatalog.fromFile(regions.value), points(rows()))
  return new Map(evaluateTargets(plan.value, data, { asOf: 2024, method, methods: methodRunner }).map((s) => [s.target, s]))
}

/** Both sides are IEEE doubles from the same formulas; only the last bits of pow() may differ between libms. */
function expectSame(actual: number | null | undefined, expected: number | null, where: string) {
  if (expected === null) return expect(actual, where).toBeNull()
  expect(actual, where).not.toBeNull()
  expect(Math.abs(actual! - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)))
}

function expectCase(row: Pick<TargetStatus, 'status' | 'methodStatus' | 'methodScore' | 'methodValue'> | undefined, c: Case) {
  expect(row, c.id).toBeDefined()
  expect(row!.methodStatus, c.id).toBe(c.expected.status)
  expect(row!.status, c.id).toBe(STATUS[c.expected.status])
  expectSame(row!.methodScore, c.expected.score, `${c.id} score`)
  expectSame(row!.methodValue, c.expected.progressValue, `${c.id} value`)
}

describe('the seven Open SDG cases through the status path (--method cagr)', () => {
  const cagr = statuses('cagr')

  it('covers the seven situations the documentation names, each with its own verdict', () => {
    expect(reference.cases.map((c) => c.id)).toEqual(['target-achieved', 'substantial', 'moderate', 'deterioration', 'no-target-higher', 'no-target-lower', 'limit'])
    // The reference is not one answer seven times: every status but limited progress appears.
    expect(new Set(reference.cases.map((c) => c.expected.status))).toEqual(new Set(['target_achieved', 'substantial_progress', 'moderate_progress', 'deterioration']))
  })

  for (const c of reference.cases) {
    it(`${c.id}: status, score and value as sdg-build computes them`, () => expectCase(cagr.get(c.id), c))
  }

  it('a met target scores 5 and still reports R', () => {
    const row = cagr.get('target-achieved')!
    expect(row.methodScore).toBe(5)
    // R by hand: CAGR observed (66.1/60.2)^(1/4) − 1 over |CAGR required| (65/60.2)^(1/5) − 1.
    const r = (Math.pow(66.1 / 60.2, 1 / 4) - 1) / Math.abs(Math.pow(65 / 60.2, 1 / 5) - 1)
    expect(row.methodValue).toBeCloseTo(r, 12)
  })

  it('without a number the value is the sign-adjusted CAGR: lower is better turns a fall into progress', () => {
    const row = cagr.get('no-target-lower')!
    // d = −1 (lower is better), s = 1 (positive base): v = −((2.39/2.56)^(1/4) − 1).
    expect(row.methodValue).toBeCloseTo(-(Math.pow(2.39 / 2.56, 1 / 4) - 1), 12)
    expect(row.methodValue).toBeGreaterThan(0)
  })

  it("the target's limit (100) overrides its indicator's (200), and the limit changes the verdict", () => {
    const c = reference.cases.find((x) => x.id === 'limit')!
    // Without the limit sdg-build calls the same growth limited progress; near it, C ≈ 0.166 makes it moderate.
    expect(c.expected.withoutLimit!.status).toBe('limited_progress')
    expect(c.expected.coefficient).toBeCloseTo(1 - Math.pow(96 / 100, 4.44), 12)
    expect(cagr.get('limit')!.methodStatus).toBe('moderate_progress')
  })

  it('several series measuring one target: the mean score decides, and each series is listed', () => {
    const row = cagr.get('combined')!
    expect(reference.aggregate.of).toEqual(['no-target-higher', 'no-target-lower', 'limit'])
    expectSame(row.methodScore, reference.aggregate.score, 'combined score')
    // By hand: the mean of the three series' scores.
    const parts = reference.aggregate.of.map((id) => reference.cases.find((c) => c.id === id)!.expected.score!)
    expect(row.methodScore).toBeCloseTo((parts[0]! + parts[1]! + parts[2]!) / 3, 12)
    expect(row.methodStatus).toBe(reference.aggregate.status)
    expect(row.status).toBe(STATUS[reference.aggregate.status])
    // Its own series alone would be moderate (1.82); the other two pull the mean up but not past 2.5.
    expect(row.methodSeries?.map((s) => [s.indicator, s.methodStatus])).toEqual([
      ['case_higher', 'moderate_progress'],
      ['case_lower', 'substantial_progress'],
      ['case_limit_default', 'moderate_progress'],
    ])
    reference.aggregate.of.forEach((id, i) => {
      const c = reference.cases.find((x) => x.id === id)!
      expectSame(row.methodSeries![i]!.methodScore, c.expected.score, `${id} in combined`)
      expectSame(row.methodSeries![i]!.methodValue, c.expected.progressValue, `${id} in combined`)
    })
    expectSame(row.methodValue, reference.cases.find((x) => x.id === 'no-target-higher')!.expected.progressValue, 'combined value')
  })
})

describe('a further series without data since the baseline', () => {
  it("is listed unjudged, and the target's own series decides alone", () => {
    const row = statuses('cagr').get('combined-partial')!
    const own = reference.cases.find((c) => c.id === 'substantial')!
    expectCase(row, own)
    expect(row.methodSeries?.map((s) => [s.indicator, s.region, s.methodStatus, s.methodScore])).toEqual([
      ['case_substantial', '320100', 'substantial_progress', row.methodScore],
      ['case_lower', '320102', null, null],
    ])
  })
})

describe('the same plan under the straight-path method', () => {
  const linear = statuses('linear')

  it('has no score or value, and a target with no number says why its status is the direction of change', () => {
    for (const row of linear.values()) {
      expect(row.methodStatus, row.target).toBeNull()
      expect(row.methodScore, row.target).toBeNull()
      expect(row.methodValue, row.target).toBeNull()
      expect(row.methodSeries, row.target).toBeUndefined()
    }
    const lower = linear.get('no-target-lower')!
    // 2.56 → 2.39 with "decrease": moving the right way.
    expect(lower.status).toBe('on_track')
    expect(lower.notes).toContain('no_number_direction_of_change')
    expect(linear.get('substantial')!.notes).not.toContain('no_number_direction_of_change')
  })
})

describe('limit and alsoMeasuredBy in the plan file', () => {
  function problemsOf(text: string) {
    const r = parsePlan(text, 'progress-plan.yaml')
    if (r.ok) throw new Error('expected the plan to be rejected')
    return r.error
  }

  it('rejects a limit that is not a number, naming the field in both languages', () => {
    const problems = problemsOf(PLAN_TEXT.replace('direction: increase, limit: 100,', 'direction: increase, limit: "一百",'))
    const p = problems.find((x) => x.location.path === 'targets[6].limit')
    expect(p, JSON.stringify(problems)).toBeDefined()
    expect(formatProblem('zh', p!)).toContain('targets[6].limit')
    expect(formatProblem('zh', p!)).toContain('应为数值')
    expect(formatProblem('en', p!)).toContain('targets[6].limit')
    expect(formatProblem('en', p!)).toContain('number')
    const onIndicator = problemsOf(PLAN_TEXT.replace('aggregation: none, limit: 200 }', 'aggregation: none, limit: [200] }'))
    expect(onIndicator.some((x) => x.location.path === 'indicators[6].limit')).toBe(true)
  })

  it('rejects a further series on an unknown indicator or on one with no direction', () => {
    const unknown = problemsOf(PLAN_TEXT.replace('{ indicator: case_lower }', '{ indicator: case_lowr }'))
    expect(unknown.map((p) => [p.code, p.location.path])).toContainEqual(['plan.reference', 'targets[7].alsoMeasuredBy[0].indicator'])
    const noDirection = problemsOf(PLAN_TEXT.replace('nameEn: Lower is better, unit: 倍, direction: lower', 'nameEn: Lower is better, unit: 倍, direction: none'))
    const p = noDirection.find((x) => x.location.path === 'targets[7].alsoMeasuredBy[0].indicator')!
    expect(formatProblem('zh', p)).toContain('case_lower')
    expect(formatProblem('zh', p)).toContain('方向')
    expect(formatProblem('en', p)).toContain('direction')
  })
})

describe('the CLI and the API carry methodScore and methodValue', () => {
  async function storeWithCases(): Promise<string> {
    const db = tempDb()
    const init = await cli(['--db', db, 'init', '--plan', PLAN_FILE, '--no-data'])
    expect(init.code, init.err).toBe(0)
    const csv = join(dirname(db), 'cases.csv')
    writeFileSync(csv, ['indicator,region,year,value', ...rows().map(([i, , y, v]) => `${i},南京市,${y},${v}`)].join('\n') + '\n')
    const r = await cli(['--db', db, 'import', csv])
    expect(r.code, r.out + r.err).toBe(0)
    return db
  }

  it('urbmon status --method cagr --json and /api/status?method=cagr give the reference numbers', async () => {
    const db = await storeWithCases()
    const status = await cli(['--db', db, 'status', '--method', 'cagr', '--year', '2024', '--json'])
    expect(status.code, status.err).toBe(0)
    const cliRows = new Map((JSON.parse(status.out) as TargetStatus[]).map((r) => [r.target, r]))
    for (const c of reference.cases) expectCase(cliRows.get(c.id), c)
    // The table shows the verdict, the score and the value too (rounded), in the user's language.
    const table = await cli(['--db', db, 'status', '--method', 'cagr', '--year', '2024'])
    const moderate = reference.cases.find((c) => c.id === 'moderate')!.expected
    const line = table.out.split('\n').find((l) => l.includes('一般进展'))!
    expect(line).toContain('有进展但需加快')
    expect(line).toContain(String(Math.round(moderate.score! * 100) / 100))
    expect(line).toContain(String(Math.round(moderate.progressValue! * 10000) / 10000))
    const linearTable = await cli(['--db', db, 'status', '--year', '2024'])
    expect(linearTable.out).not.toContain('Open SDG')

    const ctx = await openContext({ kind: 'sqlite', file: db })
    const app = await buildServer({ ctx, now: () => FIXED_NOW })
    try {
      await new UserService(ctx, ctx.regions).create({ username: 'admin1', password: 'correct-horse-battery', role: 'admin', regions: [] }, 'test', FIXED_NOW.toISOString(), 'test')
      const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin1', password: 'correct-horse-battery' } })
      expect(login.statusCode).toBe(200)
      const cookie = login.cookies.map((k) => `${k.name}=${k.value}`).join('; ')
      const reply = await app.inject({ method: 'GET', url: '/api/status?method=cagr&year=2024', headers: { cookie } })
      expect(reply.statusCode, reply.body).toBe(200)
      const apiRows = new Map(reply.json<{ targets: TargetStatus[] }>().targets.map((r) => [r.target, r]))
      for (const c of reference.cases) expectCase(apiRows.get(c.id), c)
      expectSame(apiRows.get('combined')!.methodScore, reference.aggregate.score, 'combined over the API')
      // The straight-path reply has the fields, null.
      const linear = (await app.inject({ method: 'GET', url: '/api/status?year=2024', headers: { cookie } })).json<{ targets: TargetStatus[] }>()
      expect(linear.targets.every((r) => r.methodScore === null && r.methodValue === null)).toBe(true)
      // And the OpenAPI document describes them.
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).body
      expect(doc).toContain('methodScore')
      expect(doc).toContain('methodValue')
    } finally {
      await app.close()
      await ctx.close()
    }
  }, 60_000)
})
