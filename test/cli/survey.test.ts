/**
 * urbmon survey list|results|import: a survey of 南京 run elsewhere, imported from CSV and read back against a
 * hand calculation; a file with one bad cell refused as a whole, naming row and column; usage errors.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { cli, tempDb } from '../helpers/cli.js'

const HEADER = 'region,settle_in,housing,commute,environment,public_services,safety,rural_services,residence'
/** 30 respondents of 南京: settle_in runs 1…5 six times each, every other scale question 4. */
const rows = Array.from({ length: 30 }, (_, i) => `320100,${1 + (i % 5)},4,4,4,4,4,4,urban`)

interface Result {
  region: string
  dimension: string
  n: number
  shown: boolean
  mean: number | null
  ciLow: number | null
  ciHigh: number | null
}

describe('urbmon survey', () => {
  let db: string
  let dir: string
  beforeAll(async () => {
    db = tempDb()
    dir = dirname(db)
    const init = await cli(['--db', db, 'init', '--no-data'])
    expect(init.code, init.err).toBe(0)
  }, 60_000)

  it('lists the bundled questionnaire', async () => {
    const r = await cli(['--db', db, 'survey', 'list', '--json'])
    expect(r.code, r.err).toBe(0)
    expect((JSON.parse(r.out) as Array<{ id: string }>).map((q) => q.id)).toContain('jiangsu-satisfaction')
  })

  it('imports 30 responses and gives the mean and the 95 % t interval worked by hand', async () => {
    const file = join(dir, 'nanjing.csv')
    writeFileSync(file, [HEADER, ...rows].join('\n') + '\n')
    const dry = await cli(['--db', db, 'survey', 'import', 'jiangsu-satisfaction', file, '--dry-run'])
    expect(dry.code, dry.err).toBe(0)
    const none = JSON.parse((await cli(['--db', db, 'survey', 'results', 'jiangsu-satisfaction', '--region', '320100', '--json'])).out) as Result[]
    expect(none.every((d) => d.n === 0)).toBe(true)
    const r = await cli(['--db', db, 'survey', 'import', 'jiangsu-satisfaction', file])
    expect(r.code, r.err).toBe(0)
    const results = JSON.parse((await cli(['--db', db, 'survey', 'results', 'jiangsu-satisfaction', '--region', '320100', '--json'])).out) as Result[]
    const citizen = results.find((d) => d.dimension === 'citizenization')!
    // Each respondent's 市民化 score is (settle_in + housing) / 2: 2.5, 3, 3.5, 4, 4.5 six times each → mean 3.5;
    // s² = 6 · (1 + 0.25 + 0 + 0.25 + 1) / 29 = 15/29; s/√30 = 0.131306; t(0.975, 29) = 2.045230 → ± 0.268552
    // (scipy: stats.t.ppf(0.975, 29) * x.std(ddof=1) / sqrt(30) = 0.2685518).
    expect(citizen).toMatchObject({ n: 30, shown: true, mean: 3.5 })
    expect(citizen.ciLow).toBeCloseTo(3.2314482, 6)
    expect(citizen.ciHigh).toBeCloseTo(3.7685518, 6)
  })

  it('refuses a file with one bad cell as a whole, naming row and column, and stores nothing of it', async () => {
    const file = join(dir, 'bad.csv')
    writeFileSync(file, [HEADER, '320100,5,5,5,5,5,5,5,urban', '320100,4,6,4,4,4,4,4,urban'].join('\n') + '\n')
    const r = await cli(['--db', db, 'survey', 'import', 'jiangsu-satisfaction', file])
    expect(r.code).toBe(1)
    expect(r.err).toContain('bad.csv，第 3 行，C 列')
    expect(r.err).toContain('（housing）的回答 6 不在量表 1–5 之内')
    const en = await cli(['--db', db, '--lang', 'en', 'survey', 'import', 'jiangsu-satisfaction', file])
    expect(en.code).toBe(1)
    expect(en.err).toMatch(/bad\.csv.*row 3.*column C/)
    const after = JSON.parse((await cli(['--db', db, 'survey', 'results', 'jiangsu-satisfaction', '--region', '320100', '--json'])).out) as Result[]
    expect(after.find((d) => d.dimension === 'citizenization')!.n).toBe(30)
  })

  it('refuses a bad round number (exit 2) and an unknown questionnaire (exit 1)', async () => {
    const bad = await cli(['--db', db, 'survey', 'results', 'jiangsu-satisfaction', '--round', 'x'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--round')
    const unknown = await cli(['--db', db, 'survey', 'results', 'nothing-such'])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('survey.not_found')
  })
})
