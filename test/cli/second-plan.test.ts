import { writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { cli, queryJson, tempDb } from '../helpers/cli.js'

const PLAN = resolve(__dirname, '../fixtures/plans/city-plan.yaml')

describe('a second plan with its own regions and indicators', () => {
  it('checks, initialises and takes data with nothing Jiangsu-specific', async () => {
    const check = await cli(['plan', 'check', PLAN])
    expect(check.code, check.err).toBe(0)
    expect(check.out).toContain('示例市城市更新规划')
    const db = tempDb()
    const init = await cli(['--db', db, 'init', '--plan', PLAN, '--no-data'])
    expect(init.code, init.err).toBe(0)
    const file = join(dirname(db), 'parks.csv')
    writeFileSync(file, '指标,地区,年份,数值,单位\n人均绿地,玄武区,2022,18.5,平方米\n常住户数,江北,2022,612345,户\n')
    const r = await cli(['--db', db, 'import', file])
    expect(r.code, r.out + r.err).toBe(0)
    const rows = await queryJson(db)
    expect(rows.map((o) => [o.indicator, o.region, o.value])).toEqual([
      ['green_space_per_capita', '320102', 18.5],
      ['households', 'jiangbei', 612345],
    ])
    // A Jiangsu indicator is unknown to this plan.
    const other = join(dirname(db), 'gdp.csv')
    writeFileSync(other, 'indicator,region,year,value\ngdp,玄武区,2022,1\n')
    expect((await cli(['--db', db, 'import', other])).code).toBe(1)
  })

  it('reports a plan that names a region its regions file lacks', async () => {
    const broken = join(dirname(tempDb()), 'broken-plan.yaml')
    const { readFileSync, copyFileSync } = await import('node:fs')
    copyFileSync(resolve(__dirname, '../fixtures/plans/city-regions.yaml'), join(dirname(broken), 'city-regions.yaml'))
    writeFileSync(broken, readFileSync(PLAN, 'utf8').replace('regions: [jiangbei]', 'regions: [jiangnan]'))
    const r = await cli(['plan', 'check', broken])
    expect(r.code).toBe(1)
    expect(r.err).toContain('tasks[0].regions[0]')
    expect(r.err).toContain('jiangnan')
  })
})
