/**
 * Done-when of the core issue: importing each file of ../shared/data (shipped as data/observations) gives back,
 * through `urbmon query --json`, exactly the published figures.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'

import { cli, queryJson } from '../helpers/cli.js'
import { REGION_CODES } from '../helpers/region-codes.js'
import { freshStore } from '../helpers/templates.js'

const DATA = resolve(__dirname, '../../data/observations')

// The evidence file names one indicator by another id; the plan keeps it as an alias of the canonical id.
const INDICATOR_IDS: Record<string, string> = { air_quality_good_days_ratio: 'good_air_days_share' }
// Figures printed in 万元 are stored in the indicator's unit, 元: ×10 000, worked out by hand here.
const IN_YUAN: Record<string, number> = { '14.82': 148200, '6.35': 63500, '3.24': 32400 }

interface Row {
  indicator: string
  region: string
  year: string
  value: string
  unit: string
  source?: string
  source_url?: string
}

function expected(file: string) {
  const rows = parse<Row>(readFileSync(resolve(DATA, file), 'utf8'), { columns: true, bom: true })
  return rows.map((r) => ({
    indicator: INDICATOR_IDS[r.indicator] ?? r.indicator,
    region: REGION_CODES[r.region],
    year: Number(r.year),
    value: r.unit === '万元' ? IN_YUAN[r.value] : Number(r.value),
    source: r.source ?? r.source_url,
  }))
}

const key = (o: Record<string, unknown>) => [o.indicator, o.region, o.year, o.source].map(String).join('|')

describe.each(['jiangsu-published-figures.csv', 'jiangsu-province-series.csv', 'jiangsu-cities-2021-2022.csv'])('%s', (file) => {
  let db: string
  beforeAll(async () => {
    db = await freshStore()
    const r = await cli(['--db', db, 'import', resolve(DATA, file)])
    expect(r.code, r.out + r.err).toBe(0)
  })

  it('comes back exactly, one row per figure and source', async () => {
    const want = expected(file)
    expect(want.every((w) => w.region !== undefined && w.value !== undefined)).toBe(true)
    const got = await queryJson(db)
    expect(got).toHaveLength(want.length)
    const byKey = new Map(got.map((g) => [key(g), g]))
    for (const w of want) {
      const g = byKey.get(key(w))
      expect(g, key(w)).toBeDefined()
      expect(g!.value, key(w)).toBe(w.value)
    }
  })
})

describe('yearbook-2019-table-3-6.html', () => {
  let db: string
  let report: { files: Array<{ warnings: Array<{ code: string; row: number; params: Record<string, string> }> }> }
  beforeAll(async () => {
    db = await freshStore()
    const r = await cli(['--db', db, 'import', resolve(DATA, 'yearbook-2019-table-3-6.html'), '--source', 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm', '--json'])
    expect(r.code, r.out + r.err).toBe(0)
    report = JSON.parse(r.out) as typeof report
  })

  it('matches the yearbook rows of the evidence file, the unlabeled summary rows included', async () => {
    const want = expected('jiangsu-published-figures.csv').filter((w) => w.source === 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm')
    expect(want).toHaveLength(17 * 6)
    const got = await queryJson(db)
    expect(got).toHaveLength(want.length)
    const byKey = new Map(got.map((g) => [key(g), g.value]))
    for (const w of want) expect(byKey.get(key(w)), key(w)).toBe(w.value)
  })

  it('says how it identified each unlabeled row', () => {
    const identified = report.files[0]!.warnings.filter((w) => w.code === 'ingest.unlabeled_row_identified')
    expect(identified.map((w) => [w.row, w.params.region])).toEqual([
      [4, '江苏省'],
      [18, '苏南'],
      [19, '苏中'],
      [20, '苏北'],
    ])
  })
})

describe('urbmon init', () => {
  it('loads the plan, the regions and all bundled figures, keeping every vintage', async () => {
    const { tempDb } = await import('../helpers/cli.js')
    const db = tempDb()
    const r = await cli(['--db', db, 'init'])
    expect(r.code, r.err).toBe(0)
    const all = await queryJson(db)
    expect(all).toHaveLength(443 + 460) // the first evidence file holds every figure of the other three files; the second adds 460
    // Nanjing 2018: the 2019 yearbook (pre-census) and the revised series are both kept, each with its source.
    const nj = await queryJson(db, '--indicator', 'resident_pop', '--region', '南京', '--year', '2018')
    expect(nj.map((o) => [o.value, o.source]).sort()).toEqual(
      [
        [843.62, 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm'],
        [924.39, expect.any(String)],
      ].sort(),
    )
    expect(nj.filter((o) => o.preferred)).toHaveLength(1)
    expect(all.every((o) => o.status === 'published')).toBe(true)
  })
})
