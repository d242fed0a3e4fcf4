/**
 * Issue 13, done-when: each figure of the second evidence file (data/observations/jiangsu-published-figures-2.csv,
 * copied from ../shared/data with a `confidence` column added) comes back exactly through `urbmon query --json`,
 * in the indicator's unit, with its region, year and source; and `init` gives the targets it feeds a status.
 *
 * The expected value is worked out here from the file's own unit, by a table of powers of ten written by hand and a
 * decimal-point shift on the text, not by src/core/units.ts.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'

import { cli, queryJson } from '../helpers/cli.js'
import { REGION_CODES } from '../helpers/region-codes.js'
import { bundledStore, freshStore } from '../helpers/templates.js'

const DATA = resolve(__dirname, '../../data/observations')
const FILE = 'jiangsu-published-figures-2.csv'

// Ids of the file that the plan keeps as aliases of another id (SOURCES.md gives the reasons).
const INDICATOR_IDS: Record<string, string> = { '5g_base_stations': 'base_stations_5g', hsr_available: 'hsr_city' }
// `file unit → stored unit`: the power of ten the figure is multiplied by. 1 billion yuan = 10⁹ 元 = 10 亿元;
// 1 trillion = 10¹² 元 = 10⁴ 亿元; 1 million yuan = 10⁶ 元 = 10⁻² 亿元; 1 million persons = 10⁶ = 10² 万人;
// 1 千人 = 10³ = 10⁻¹ 万人; 1 人 = 10⁻⁴ 万人; 1 万元 = 10⁴ 元; 1 个 = 10⁻⁴ 万个. Everything else is a spelling.
const POWER: Record<string, number> = {
  '亿元→亿元': 0,
  'billion yuan→亿元': 1,
  'trillion yuan→亿元': 4,
  '万亿元→亿元': 4,
  'million yuan→亿元': -2,
  '元→元': 0,
  '万元→元': 4,
  '万人→万人': 0,
  '人→万人': -4,
  '人→人': 0,
  '千人→万人': -1,
  'million→万人': 2,
  'million persons→万人': 2,
  'ratio→ratio': 0,
  '%→%': 0,
  '% of GDP→%': 0,
  '天→天': 0,
  '人/万人→人/万人': 0,
  '张/万人→张/万人': 0,
  '件/万人→件/万人': 0,
  '平方米→平方米': 0,
  'm²→平方米': 0,
  'km²→平方公里': 0,
  'km→km': 0,
  '个→万个': -4,
  '万个→万个': 0,
  '万户→万户': 0,
  '个设区市→个': 0,
  '个省辖市→个': 0,
  'year→year': 0,
  'μg/m³→μg/m3': 0,
  '万立方米/日→万立方米/日': 0,
  'flag (1=yes,0=no)→yes/no': 0,
}

/** Moves the decimal point of a plain decimal text `power` places to the right (left when negative). */
function shift(text: string, power: number): number {
  const [whole = '', frac = ''] = text.split('.')
  const digits = whole + frac
  const point = whole.length + power
  const padded = point < 0 ? '0'.repeat(-point) + digits : digits.padEnd(point, '0')
  const at = Math.max(point, 0)
  return Number(`${padded.slice(0, at) || '0'}.${padded.slice(at) || '0'}`)
}

interface Row {
  indicator: string
  region: string
  year: string
  value: string
  unit: string
  source_url: string
  note: string
  confidence: string
}

const rows = parse<Row>(readFileSync(resolve(DATA, FILE), 'utf8'), { columns: true, bom: true })
const key = (o: Record<string, unknown>) => [o.indicator, o.region, o.year, o.source].map(String).join('|')

describe(FILE, () => {
  let got: Array<Record<string, unknown>>
  beforeAll(async () => {
    const db = await freshStore()
    // Province GDP 2015 and 2024 as published disagrees with the cities' sum: imported with a warning (as init does).
    const r = await cli(['--db', db, 'import', resolve(DATA, FILE), '--summary-mismatch', 'warning', '--json'])
    expect(r.code, r.out + r.err).toBe(0)
    const report = JSON.parse(r.out) as { files: Array<{ warnings: Array<{ code: string; params: Record<string, unknown> }> }> }
    expect(report.files[0]!.warnings.map((w) => [w.code, w.params.region, w.params.value])).toEqual([
      ['ingest.summary_mismatch', '江苏省', '70116.38'],
      ['ingest.summary_mismatch', '江苏省', '137008'],
    ])
    got = await queryJson(db)
  })

  it('holds 460 figures and the shift helper is right', () => {
    expect(rows).toHaveLength(460)
    expect(shift('333.76', 1)).toBe(3337.6)
    expect(shift('163700', -4)).toBe(16.37)
    expect(shift('1731951', -2)).toBe(17319.51)
    expect(shift('45834', -4)).toBe(4.5834)
  })

  it('comes back exactly: value in the stored unit, region, year and source, one row per figure and source', () => {
    expect(got).toHaveLength(rows.length)
    const byKey = new Map(got.map((g) => [key(g), g]))
    for (const r of rows) {
      const k = key({ indicator: INDICATOR_IDS[r.indicator] ?? r.indicator, region: REGION_CODES[r.region], year: Number(r.year), source: r.source_url })
      const g = byKey.get(k)
      expect(g, k).toBeDefined()
      const power = POWER[`${r.unit}→${String(g!.unit)}`]
      expect(power, `${k}: ${r.unit} → ${String(g!.unit)}`).toBeDefined()
      expect(g!.value, k).toBe(shift(r.value, power!))
      expect(g!.note, k).toBe(r.note)
    }
  })

  it('rejects the file when the summary check is left an error (the default)', async () => {
    const db = await freshStore()
    const r = await cli(['--db', db, 'import', resolve(DATA, FILE), '--json'])
    expect(r.code).not.toBe(0)
    expect(await queryJson(db)).toHaveLength(0)
  })
})

describe('the confidence column of the evidence files', () => {
  it.each(['jiangsu-published-figures.csv', FILE])('%s: high, medium, low or blank; a preliminary figure is never high', (file) => {
    const all = parse<Row>(readFileSync(resolve(DATA, file), 'utf8'), { columns: true, bom: true })
    for (const r of all) {
      expect(['high', 'medium', 'low', '']).toContain(r.confidence)
      if (/prelim|初步|预计|快报|estimat/i.test(r.note)) expect(r.confidence, r.note).not.toBe('high')
      if (/low confidence|LOW RELIABILITY/.test(r.note)) expect(r.confidence, r.note).toBe('low')
    }
  })
})

describe('targets fed by the second evidence file (urbmon init)', () => {
  let status: Array<Record<string, unknown>>
  beforeAll(async () => {
    const db = await bundledStore()
    const r = await cli(['--db', db, 'status', '--json'])
    expect(r.code, r.err).toBe(0)
    status = JSON.parse(r.out) as typeof status
  })
  const row = (id: string) => status.find((s) => s.target === id)!

  it('counts the trillion-yuan cities of 2024 from all 13 cities', () => {
    // 2024 in the file (laotaotie.com): 苏州 26727, 南京 18501, 无锡 16263, 南通 12421, 常州 10813 are ≥ 10000;
    // 徐州 9537 is the next. No baseline in the plan, so no straight-path status before 2025.
    expect(row('trillion-gdp-cities-2025')).toMatchObject({ latestYear: 2024, latestValue: 5, status: 'no_data', notes: ['no_baseline'] })
  })

  it('gives good air days a status: 79.6 % in 2023 against the 81 % baseline of 2020', () => {
    expect(row('good-air-days')).toMatchObject({ latestYear: 2023, latestValue: 79.6, baselineValue: 81, status: 'regressing' })
  })

  it('reads the province counts of cities on high-speed rail and gigabit cities', () => {
    // 2023 (中新网): 12 cities on high-speed rail, 13 < target; 2025 (省通信管理局): 13 gigabit cities.
    // The plan's 2020 baseline is 12 (every city but 泰州, by the high-speed-only count the 2023 figure uses), not
    // the 2019 article's 13 (high-speed or 动车): no progress in three of five years is off track, not regressing.
    expect(row('hsr-cities-count-2025')).toMatchObject({ latestYear: 2023, latestValue: 12, baselineYear: 2020, baselineValue: 12, progress: 0, status: 'off_track' })
    expect(row('gigabit-cities-count-2023')).toMatchObject({ latestYear: 2025, latestValue: 13, status: 'achieved' })
  })
})
