import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'

import { cli, queryJson } from '../helpers/cli.js'
import { freshStore } from '../helpers/templates.js'

function write(db: string, name: string, text: string): string {
  const file = join(dirname(db), name)
  writeFileSync(file, text)
  return file
}

const HEADER = 'indicator,region,year,value,unit,source\n'

/** The first error of the first file in the output of `import --json`. */
const firstError = (out: string) => (JSON.parse(out) as { files: Array<{ errors: Array<{ code: string; params: Record<string, unknown> }> }> }).files[0]!.errors[0]!

describe('history', () => {
  it('re-importing identical values changes nothing; a changed value is a revision with the old one kept', async () => {
    const db = await freshStore()
    const v1 = write(db, 'v1.csv', `${HEADER}resident_pop,南京市,2021,942.34,万人,bulletin\nurban_pop,南京市,2021,819.27,万人,bulletin\n`)
    expect((await cli(['--db', db, 'import', v1])).code).toBe(0)
    const again = await cli(['--db', db, 'import', v1])
    expect(again.out).toContain('新增 0，修订 0，未变 2')
    const v2 = write(db, 'v2.csv', `${HEADER}resident_pop,南京市,2021,942.35,万人,bulletin\n`)
    const revised = await cli(['--db', db, 'import', v2])
    expect(revised.code).toBe(0)
    expect(revised.out).toContain('ingest.value_revised')
    expect(revised.out).toContain('942.34')
    const h = await cli(['--db', db, 'history', '--indicator', 'resident_pop', '--region', '南京', '--year', '2021', '--json'])
    const { revisions } = JSON.parse(h.out) as { revisions: Array<Record<string, unknown>> }
    expect(revisions.map((r) => [r.version, r.action, r.value, r.previousValue, r.file])).toEqual([
      [1, 'create', 942.34, null, 'v1.csv'],
      [2, 'update', 942.35, 942.34, 'v2.csv'],
    ])
    expect(revisions[0]!.changedBy).toBe('cli:tester')
    expect(revisions[0]!.origin).toMatchObject({ file: 'v1.csv', row: 2, column: 'D' })
  })

  it('keeps a second source of the same cell beside the first (vintages)', async () => {
    const db = await freshStore()
    const f = write(db, 'two.csv', `${HEADER}resident_pop,南京市,2018,843.62,万人,yearbook 2019\nresident_pop,南京市,2018,924.39,万人,revised series\n`)
    expect((await cli(['--db', db, 'import', f])).code).toBe(0)
    const rows = await queryJson(db, '--indicator', 'resident_pop')
    expect(rows.map((r) => [r.source, r.value])).toEqual([
      ['yearbook 2019', 843.62],
      ['revised series', 924.39],
    ])
  })
})

describe('rejection', () => {
  it('rejects a file with one bad cell among hundreds, naming its row and column, and writes nothing', async () => {
    const db = await freshStore()
    const good = write(db, 'good.csv', `${HEADER}gdp,南京市,2020,14817.95,亿元,x\n`)
    await cli(['--db', db, 'import', good])
    const before = await queryJson(db)
    let text = HEADER
    for (let y = 1990; y < 2020; y++)
      for (const c of ['南京', '无锡', '徐州', '常州', '苏州', '南通', '连云港', '淮安', '盐城', '扬州']) text += `gdp,${c},${y},${(y - 1900) * 10},亿元,x\n`
    const lines = text.split('\n')
    lines[151] = 'gdp,苏州,2004,12o.5,亿元,x'
    const bad = write(db, 'bad.csv', lines.join('\n'))
    const r = await cli(['--db', db, 'import', bad, '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.out) as { ok: boolean; files: Array<{ errors: Array<Record<string, unknown>> }> }
    expect(report.ok).toBe(false)
    expect(report.files[0]!.errors).toHaveLength(1)
    expect(report.files[0]!.errors[0]).toMatchObject({ code: 'ingest.not_numeric', file: 'bad.csv', row: 152, column: 'D' })
    expect(report.files[0]!.errors[0]!.message).toContain('第 152 行')
    expect(report.files[0]!.errors[0]!.messageEn).toContain('row 152, column D')
    expect(await queryJson(db)).toEqual(before)
    const human = await cli(['--db', db, 'import', bad])
    expect(human.out).toContain('导入被拒绝')
    expect(human.out).toContain('Import rejected')
  })

  it('rejects all files of one command when any of them has an error', async () => {
    const db = await freshStore()
    const ok = write(db, 'ok.csv', `${HEADER}gdp,南京市,2020,14817.95,亿元,x\n`)
    const bad = write(db, 'bad.csv', `${HEADER}gdp,火星市,2020,1,亿元,x\n`)
    const r = await cli(['--db', db, 'import', ok, bad])
    expect(r.code).toBe(1)
    expect(r.out).toContain('无法识别的地区“火星市”')
    expect(await queryJson(db)).toEqual([])
  })

  it.each([
    ['unknown region, with the nearest names', 'gdp,南京县,2020,1,亿元,x', 'ingest.unknown_region', 'B'],
    ['ambiguous region', 'gdp,鼓楼区,2020,1,亿元,x', 'ingest.ambiguous_region', 'B'],
    ['unknown indicator', 'gpd,南京,2020,1,亿元,x', 'ingest.unknown_indicator', 'A'],
    ['bad year', 'gdp,南京,二〇二〇,1,亿元,x', 'ingest.bad_year', 'C'],
    ['out of range', 'urbanization_rate,南京,2020,101.5,%,x', 'ingest.out_of_range', 'D'],
    ['unit that does not convert', 'gdp,南京,2020,1,万人,x', 'ingest.unknown_unit', 'D'],
  ])('reports %s', async (_label, row, code, column) => {
    const db = await freshStore()
    const f = write(db, 'one.csv', `${HEADER}${row}\n`)
    const r = await cli(['--db', db, 'import', f, '--json'])
    expect(r.code).toBe(1)
    const err = (JSON.parse(r.out) as { files: Array<{ errors: Array<Record<string, unknown>> }> }).files[0]!.errors[0]!
    expect(err).toMatchObject({ code, row: 2, column })
    expect(String(err.message).length).toBeGreaterThan(5)
    expect(String(err.messageEn).length).toBeGreaterThan(5)
    if (code === 'ingest.unknown_region') expect(err.message).toContain('南京市（江苏省，320100）')
    if (code === 'ingest.ambiguous_region') expect(err.message).toMatch(/320106.*320302|320302.*320106/)
  })

  it('rejects two different values for the same cell and source', async () => {
    const db = await freshStore()
    const f = write(db, 'dup.csv', `${HEADER}gdp,南京,2020,14817.95,亿元,x\ngdp,南京市,2020,14818,亿元,x\n`)
    const r = await cli(['--db', db, 'import', f, '--json'])
    expect(r.code).toBe(1)
    expect(firstError(r.out)).toMatchObject({ code: 'ingest.duplicate_conflict', row: 3, params: { otherRow: 2 } })
  })

  it.each([
    ['urban population above the total', 'resident_pop,南京,2020,931.47,万人,x\nurban_pop,南京,2020,950,万人,x', 'urban_within_total'],
    [
      'a published rate that disagrees with its components by more than 0.1',
      'resident_pop,南京,2020,931.47,万人,x\nurban_pop,南京,2020,808.5,万人,x\nurbanization_rate,南京,2020,86.0,%,x',
      'urbanization_rate_consistent',
    ],
    [
      'an income ratio that disagrees with the incomes',
      'urban_income,江苏,2022,60178,元,x\nrural_income,江苏,2022,28486,元,x\nincome_ratio,江苏,2022,2.3,ratio,x',
      'income_ratio_consistent',
    ],
  ])('applies the plan’s consistency rules: %s', async (_label, rows, rule) => {
    const db = await freshStore()
    const r = await cli(['--db', db, 'import', write(db, 'rule.csv', `${HEADER}${rows}\n`), '--json'])
    expect(r.code).toBe(1)
    const err = firstError(r.out)
    expect(err.code).toBe('ingest.rule_failed')
    expect(err.params.rule).toContain(rule === 'urban_within_total' ? '城镇人口不超过常住人口' : rule === 'urbanization_rate_consistent' ? '城镇化率' : '城乡收入比')
  })

  it('accepts a rate within 0.1 of its components (published rates are rounded)', async () => {
    const db = await freshStore()
    // 808.5 / 931.47 = 86.798 %; the bulletin prints 86.8.
    const f = write(db, 'ok.csv', `${HEADER}resident_pop,南京,2020,931.47,万人,x\nurban_pop,南京,2020,808.5,万人,x\nurbanization_rate,南京,2020,86.8,%,x\n`)
    expect((await cli(['--db', db, 'import', f])).code).toBe(0)
  })

  it('checks a summary row against the sum of its members', async () => {
    const db = await freshStore()
    // 苏中 = 南通 + 扬州 + 泰州 = 730.50 + 450.82 + 465.19 = 1646.51 (yearbook 2019); 1650.00 is off by 3.49.
    const rows = ['南通,730.50', '扬州,450.82', '泰州,465.19', '苏中,1650.00'].map((r) => `resident_pop,${r.split(',')[0]},2017,${r.split(',')[1]},万人,x`).join('\n')
    const r = await cli(['--db', db, 'import', write(db, 'sum.csv', `${HEADER}${rows}\n`), '--json'])
    expect(r.code).toBe(1)
    expect(firstError(r.out)).toMatchObject({ code: 'ingest.summary_mismatch', row: 5, params: { sum: '1646.51' } })
  })

  it('dry run validates and writes nothing', async () => {
    const db = await freshStore()
    const f = write(db, 'ok.csv', `${HEADER}gdp,南京,2020,14817.95,亿元,x\n`)
    const r = await cli(['--db', db, 'import', f, '--dry-run'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('试运行')
    expect(await queryJson(db)).toEqual([])
  })

  it('explains how to convert a legacy .xls and does not crash', async () => {
    const db = await freshStore()
    const f = join(dirname(db), 'old.xls')
    writeFileSync(f, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]))
    const r = await cli(['--db', db, 'import', f])
    expect(r.code).toBe(1)
    expect(r.out).toContain('另存为')
    expect(r.out).toContain('.xlsx')
  })
})

describe('export', () => {
  it('writes CSV with a BOM, neutralises formulas, and an XLSX with text kept as text', async () => {
    const db = await freshStore()
    const f = write(db, 'inj.csv', 'indicator,region,year,value,unit,source,note\ngdp,南京,2020,14817.95,亿元,"=HYPERLINK(""http://evil"")",@SUM(1)\n')
    expect((await cli(['--db', db, 'import', f])).code).toBe(0)
    const csvFile = join(dirname(db), 'out.csv')
    expect((await cli(['--db', db, 'export', '--format', 'csv', '--out', csvFile])).code).toBe(0)
    const bytes = readFileSync(csvFile)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(text).toContain("'@SUM(1)")
    expect(text).toContain(',14817.95,')
    const xlsxFile = join(dirname(db), 'out.xlsx')
    expect((await cli(['--db', db, 'export', '--format', 'xlsx', '--out', xlsxFile])).code).toBe(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsxFile)
    const ws = wb.getWorksheet('observations')!
    expect(ws.getRow(2).getCell(6).value).toBe(14817.95)
    expect(ws.getRow(2).getCell(8).value).toBe(`'=HYPERLINK("http://evil")`)
    expect(ws.getRow(2).getCell(8).formula).toBeUndefined()
    const jsonFile = join(dirname(db), 'out.json')
    expect((await cli(['--db', db, 'export', '--format', 'json', '--out', jsonFile])).code).toBe(0)
    expect((JSON.parse(readFileSync(jsonFile, 'utf8')) as unknown[])[0]).toMatchObject({ indicator: 'gdp', region: '320100', value: 14817.95 })
  })
})

describe('command line', () => {
  it('prints an error code and message, exit 1, for an unknown region', async () => {
    const db = await freshStore()
    const r = await cli(['--db', db, 'query', '--region', '南亰'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('错误 [region.unknown]')
    const en = await cli(['--db', db, '--lang', 'en', 'query', '--region', 'Atlantis'])
    expect(en.err).toContain('error [region.unknown] Unknown region "Atlantis"')
  })

  it('exits 2 on a wrong command line', async () => {
    expect((await cli(['import'])).code).toBe(2)
    expect((await cli(['no-such-command'])).code).toBe(2)
    const db = await freshStore()
    expect((await cli(['--db', db, 'import', 'x.csv', '--layout', 'sideways'])).code).toBe(2)
  })

  it('says to run init on a store that does not exist', async () => {
    const r = await cli(['--db', '/tmp/urbmon-does-not-exist/x.db', 'query'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('urbmon init')
  })
})
