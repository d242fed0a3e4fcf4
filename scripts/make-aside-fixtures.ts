/**
 * Generates the "kept aside" import fixtures in test/fixtures/aside/: files the importer was not written against
 * (GB2312 yearbook HTML, XLSX wide tables in 人 and 万元, a GBK long CSV with every usual spelling of region names,
 * a single-year cross-section with a BOM, a file with one bad cell, a legacy .xls), further realistic variants
 * (section h: footnote rows, notes sheets, growth columns, units in headings, 12-digit codes, …) and what each must
 * yield: expected.json ({file: [{indicator, region, year, value}]}) and expected-problems.json (exit code, cells
 * marked not available, unlabeled rows, errors). test/import-generality.test.ts imports every file through the CLI.
 *
 *   npx tsx scripts/make-aside-fixtures.ts
 *
 * ALL FIGURES HERE ARE SYNTHETIC: invented but plausible numbers for testing the importer. They are not published
 * statistics and must never be loaded as data.
 *
 * The expected values are written out here as literals (e.g. 84748016 人 → 8474.8016 万人), not computed by the
 * project's unit or parsing code; the script only cross-checks its own literals (persons ÷ 10 000, sums in integer
 * cents) so that a typo in this file cannot silently become an "expected" value.
 *
 * Output is deterministic: fixed workbook dates and fixed ZIP entry timestamps, so rerunning changes no byte.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'

import { at, must } from '../src/core/checked.js'

const outFlag = process.argv.indexOf('--out')
/** `--out DIR` writes elsewhere (the test regenerates into a temp dir to check the committed files are current). */
const outArg = outFlag >= 0 ? process.argv[outFlag + 1] : undefined
const OUT = outArg ? outArg : join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'aside')
const FIXED_DATE = new Date('2024-01-01T00:00:00Z')

export interface ExpectedValue {
  readonly indicator: string
  /** 6-digit code or grouping id. */
  readonly region: string
  readonly year: number
  readonly value: number
}

/** What else the test checks about a file: exit code, problems by code and cell. */
export interface ExpectedProblems {
  readonly exitCode: 0 | 1
  /** Errors expected in order (only for rejected files). */
  readonly errors?: ReadonlyArray<{ readonly code: string; readonly row?: number; readonly column?: string; readonly value?: string }>
  /** Cells marked not available: each must give an `ingest.not_available` warning and no observation. */
  readonly notAvailable?: ReadonlyArray<{
    readonly row: number
    readonly column: string
    readonly value: string
    readonly indicator: string
    readonly region: string
    readonly year: number
  }>
  /** Unlabeled summary rows and the region each must be identified as. */
  readonly unlabeled?: ReadonlyArray<{ readonly row: number; readonly region: string }>
}

const expected: Record<string, ExpectedValue[]> = {}
const problems: Record<string, ExpectedProblems> = {}

function check(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new Error(`make-aside-fixtures: self-check failed: ${msg}`)
}

/** True when `persons / factor` is `tenThousands` (a literal with up to 4 decimals), compared in integers (no float drift). */
function sameScaled(persons: number, tenThousands: number, factor: number): boolean {
  // persons / factor == tenThousands  ⇔  persons * 1e4 == tenThousands * 1e4 * factor, all integers here.
  return Math.round(tenThousands * 1e4) * factor === persons * 1e4
}

const CITY = {
  nanjing: '320100',
  wuxi: '320200',
  xuzhou: '320300',
  changzhou: '320400',
  suzhou: '320500',
  nantong: '320600',
  lianyungang: '320700',
  huaian: '320800',
  yancheng: '320900',
  yangzhou: '321000',
  zhenjiang: '321100',
  taizhou: '321200',
  suqian: '321300',
} as const
type CityKey = keyof typeof CITY
const CITY_ORDER: CityKey[] = ['nanjing', 'wuxi', 'xuzhou', 'changzhou', 'suzhou', 'nantong', 'lianyungang', 'huaian', 'yancheng', 'yangzhou', 'zhenjiang', 'taizhou', 'suqian']
const GROUPS: Record<'sunan' | 'suzhong' | 'subei', CityKey[]> = {
  sunan: ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'zhenjiang'],
  suzhong: ['nantong', 'yangzhou', 'taizhou'],
  subei: ['xuzhou', 'lianyungang', 'huaian', 'yancheng', 'suqian'],
}
/** Other groupings of data/regions/jiangsu.yaml whose members are all prefectures, to make sure no sum is ambiguous. */
const OTHER_GROUPS: Record<string, CityKey[]> = {
  'yangtze-city-cluster': ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'zhenjiang', 'yangzhou', 'taizhou', 'nantong'],
  'coastal-axis': ['lianyungang', 'yancheng', 'nantong'],
  'canal-axis': ['xuzhou', 'suqian', 'huaian', 'yangzhou', 'zhenjiang', 'changzhou', 'wuxi', 'suzhou'],
  'sxc-metro': ['suzhou', 'wuxi', 'changzhou', 'taizhou'],
}

// ---------------------------------------------------------------------------------------------------------------
// ZIP / XLSX helpers

/** Sets every entry's DOS date/time in a ZIP (local headers and central directory) to 1980-01-01 00:00. */
function fixZipTimestamps(buf: Buffer): Buffer {
  const out = Buffer.from(buf)
  let eocd = -1
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  check(eocd >= 0, 'zip end of central directory not found')
  const entries = out.readUInt16LE(eocd + 10)
  let p = out.readUInt32LE(eocd + 16)
  const DOS_TIME = 0
  const DOS_DATE = (0 << 9) | (1 << 5) | 1 // 1980-01-01
  for (let n = 0; n < entries; n++) {
    check(out.readUInt32LE(p) === 0x02014b50, 'zip central directory entry expected')
    out.writeUInt16LE(DOS_TIME, p + 12)
    out.writeUInt16LE(DOS_DATE, p + 14)
    const local = out.readUInt32LE(p + 42)
    check(out.readUInt32LE(local) === 0x04034b50, 'zip local header expected')
    out.writeUInt16LE(DOS_TIME, local + 10)
    out.writeUInt16LE(DOS_DATE, local + 12)
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32)
  }
  return out
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'urbmon test fixtures (synthetic data)'
  wb.lastModifiedBy = 'urbmon test fixtures'
  wb.created = FIXED_DATE
  wb.modified = FIXED_DATE
  wb.lastPrinted = FIXED_DATE
  return wb
}

async function writeWorkbook(wb: ExcelJS.Workbook, name: string): Promise<void> {
  const buf = Buffer.from(await wb.xlsx.writeBuffer())
  writeFileSync(join(OUT, name), fixZipTimestamps(buf))
}

// ---------------------------------------------------------------------------------------------------------------
// a. Yearbook table, GB2312 HTML: 2-12 各市地区生产总值

/** GDP in 亿元 as printed (2 decimals) and GDP per capita in 元 as printed; null = not available marker. SYNTHETIC. */
const GDP_TABLE: Record<CityKey, { label: string; gdp: [string, string]; perCapita: [string, string] }> = {
  nanjing: { label: '南 京 市', gdp: ['16318.45', '16901.27'], perCapita: ['174520', '178781'] },
  wuxi: { label: '无&nbsp;锡&nbsp;市', gdp: ['13986.60', '14812.93'], perCapita: ['187155', '197311'] },
  xuzhou: { label: '徐 州 市', gdp: ['8103.12', '8455.80'], perCapita: ['89904', '93764'] },
  changzhou: { label: '常 州 市', gdp: ['8790.03', '9531.48'], perCapita: ['165011', '177403'] },
  suzhou: { label: '苏 州 市', gdp: ['22694.81', '23902.66'], perCapita: ['177103', '185972'] },
  nantong: { label: '南 通 市', gdp: ['11011.26', '11369.05'], perCapita: ['142644', '147214'] },
  lianyungang: { label: '连云港市', gdp: ['3714.49', '4003.27'], perCapita: ['80795', '…'] },
  huaian: { label: '淮　安　市', gdp: ['4538.07', '4739.38'], perCapita: ['98640', '103102'] },
  yancheng: { label: '盐 城 市', gdp: ['6605.77', '7074.25'], perCapita: ['98761', '105993'] },
  yangzhou: { label: '扬 州 市', gdp: ['6684.90', '7101.72'], perCapita: ['146171', '155101'] },
  zhenjiang: { label: '镇 江 市', gdp: ['4751.08', '5012.74'], perCapita: ['147080', '155016'] },
  taizhou: { label: '泰 州 市', gdp: ['6012.49', '6388.70'], perCapita: ['132430', '141020'] },
  suqian: { label: '宿 迁 市', gdp: ['3706.54', '3993.15'], perCapita: ['—', '80981'] },
}
/** Per-capita figures of the summary rows (weighted means, not sums: any plausible value). SYNTHETIC. */
const GDP_SUMMARY_PER_CAPITA: Record<'province' | 'sunan' | 'suzhong' | 'subei', [string, string]> = {
  province: ['136874', '144251'],
  sunan: ['173298', '182590'],
  suzhong: ['140163', '147652'],
  subei: ['91744', '97406'],
}

/** Sum of printed 2-decimal figures, exactly (integer cents), printed back with 2 decimals. */
function sumPrinted(values: string[]): string {
  let cents = 0
  for (const v of values) {
    check(/^\d+\.\d{2}$/.test(v), `two-decimal figure expected: ${v}`)
    cents += Number(v.replace('.', ''))
  }
  check(Number.isSafeInteger(cents), 'cents overflow')
  const s = String(cents).padStart(3, '0')
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

function makeYearbookGb2312(): void {
  const file = 'yearbook-gdp-gb2312.htm'
  const years = [2021, 2022] as const
  const gdpOf = (keys: CityKey[], y: 0 | 1) => sumPrinted(keys.map((k) => GDP_TABLE[k].gdp[y]))
  const province: [string, string] = [gdpOf(CITY_ORDER, 0), gdpOf(CITY_ORDER, 1)]
  const groups = {
    sunan: [gdpOf(GROUPS.sunan, 0), gdpOf(GROUPS.sunan, 1)] as [string, string],
    suzhong: [gdpOf(GROUPS.suzhong, 0), gdpOf(GROUPS.suzhong, 1)] as [string, string],
    subei: [gdpOf(GROUPS.subei, 0), gdpOf(GROUPS.subei, 1)] as [string, string],
  }
  // No unlabeled row may also equal the sum of another candidate region's members.
  const others = [province, ...Object.values(OTHER_GROUPS).map((ks) => [gdpOf(ks, 0), gdpOf(ks, 1)])]
  for (const [id, g] of Object.entries(groups)) {
    for (const o of others) check(o[0] !== g[0] && o[1] !== g[1], `sum of ${id} coincides with another grouping`)
  }
  // Literal expectations of the summary rows, to cross-check the summation above.
  check(province[0] === '116917.61' && province[1] === '123286.40', `province sums ${province.join(',')}`)
  check(groups.sunan[0] === '66540.97' && groups.sunan[1] === '70161.08', `sunan sums ${groups.sunan.join(',')}`)
  check(groups.suzhong[0] === '23708.65' && groups.suzhong[1] === '24859.47', `suzhong sums ${groups.suzhong.join(',')}`)
  check(groups.subei[0] === '26667.99' && groups.subei[1] === '28265.85', `subei sums ${groups.subei.join(',')}`)

  const td = (s: string) => `<td>${s}</td>`
  const lines: string[] = []
  lines.push('<html>')
  lines.push('<head>')
  lines.push('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
  lines.push('<title>2-12 各市地区生产总值</title>')
  lines.push('</head>')
  lines.push('<body>')
  lines.push('<!-- 合成数据，仅供测试：本表全部数字均为虚构（SYNTHETIC test data: every figure in this table is invented, not published statistics). -->')
  lines.push('<!-- Layout of a yearbook web page: the province row is labelled 全 省; the last three rows (苏南, 苏中, 苏北) carry no label. -->')
  lines.push('<table border="1" cellspacing="0">')
  lines.push('  <tr><td colspan="5" align="center"><b>2-12 各市地区生产总值</b></td></tr>')
  lines.push('  <tr><td rowspan="2">地&nbsp;&nbsp;区</td><td colspan="2">2021年</td><td colspan="2">2022年</td></tr>')
  lines.push('  <tr><td>地区生产总值<br>(亿元)</td><td>人均地区生产总值<br>(元)</td><td>地区生产总值<br>(亿元)</td><td>人均地区生产总值<br>(元)</td></tr>')
  const rowCells = (label: string, g: [string, string], pc: [string, string]) => `  <tr><td class="name">${label}</td>${td(g[0])}${td(pc[0])}${td(g[1])}${td(pc[1])}</tr>`
  lines.push(rowCells('全 省', province, GDP_SUMMARY_PER_CAPITA.province))
  for (const k of CITY_ORDER) lines.push(rowCells(GDP_TABLE[k].label, GDP_TABLE[k].gdp, GDP_TABLE[k].perCapita))
  lines.push(rowCells('', groups.sunan, GDP_SUMMARY_PER_CAPITA.sunan))
  lines.push(rowCells('', groups.suzhong, GDP_SUMMARY_PER_CAPITA.suzhong))
  lines.push(rowCells('', groups.subei, GDP_SUMMARY_PER_CAPITA.subei))
  lines.push('</table>')
  lines.push('</body>')
  lines.push('</html>')
  const html = lines.join('\r\n') + '\r\n'
  const bytes = iconv.encode(html, 'gb2312')
  check(iconv.decode(bytes, 'gb2312') === html, 'GB2312 round trip (every character must exist in GB2312)')
  writeFileSync(join(OUT, file), bytes)

  // Expected: written out literally (亿元 and 元 are the plan's units, so no conversion).
  const exp: ExpectedValue[] = [
    { indicator: 'gdp', region: '320000', year: 2021, value: 116917.61 },
    { indicator: 'gdp', region: '320000', year: 2022, value: 123286.4 },
    { indicator: 'gdp_per_capita', region: '320000', year: 2021, value: 136874 },
    { indicator: 'gdp_per_capita', region: '320000', year: 2022, value: 144251 },
    { indicator: 'gdp', region: 'sunan', year: 2021, value: 66540.97 },
    { indicator: 'gdp', region: 'sunan', year: 2022, value: 70161.08 },
    { indicator: 'gdp_per_capita', region: 'sunan', year: 2021, value: 173298 },
    { indicator: 'gdp_per_capita', region: 'sunan', year: 2022, value: 182590 },
    { indicator: 'gdp', region: 'suzhong', year: 2021, value: 23708.65 },
    { indicator: 'gdp', region: 'suzhong', year: 2022, value: 24859.47 },
    { indicator: 'gdp_per_capita', region: 'suzhong', year: 2021, value: 140163 },
    { indicator: 'gdp_per_capita', region: 'suzhong', year: 2022, value: 147652 },
    { indicator: 'gdp', region: 'subei', year: 2021, value: 26667.99 },
    { indicator: 'gdp', region: 'subei', year: 2022, value: 28265.85 },
    { indicator: 'gdp_per_capita', region: 'subei', year: 2021, value: 91744 },
    { indicator: 'gdp_per_capita', region: 'subei', year: 2022, value: 97406 },
    // cities: gdp 2021, gdp 2022, per capita 2021, per capita 2022 (null = not available)
    ...cityRows('320100', [16318.45, 16901.27], [174520, 178781]),
    ...cityRows('320200', [13986.6, 14812.93], [187155, 197311]),
    ...cityRows('320300', [8103.12, 8455.8], [89904, 93764]),
    ...cityRows('320400', [8790.03, 9531.48], [165011, 177403]),
    ...cityRows('320500', [22694.81, 23902.66], [177103, 185972]),
    ...cityRows('320600', [11011.26, 11369.05], [142644, 147214]),
    ...cityRows('320700', [3714.49, 4003.27], [80795, null]),
    ...cityRows('320800', [4538.07, 4739.38], [98640, 103102]),
    ...cityRows('320900', [6605.77, 7074.25], [98761, 105993]),
    ...cityRows('321000', [6684.9, 7101.72], [146171, 155101]),
    ...cityRows('321100', [4751.08, 5012.74], [147080, 155016]),
    ...cityRows('321200', [6012.49, 6388.7], [132430, 141020]),
    ...cityRows('321300', [3706.54, 3993.15], [null, 80981]),
  ]
  function cityRows(region: string, gdp: [number, number], pc: [number | null, number | null]): ExpectedValue[] {
    const out: ExpectedValue[] = []
    years.forEach((year, i) => {
      out.push({ indicator: 'gdp', region, year, value: at(gdp, i) })
      const v = pc[i]
      if (v !== null && v !== undefined) out.push({ indicator: 'gdp_per_capita', region, year, value: v })
    })
    return out
  }
  // Cross-check the literals against the printed table.
  for (const k of CITY_ORDER) {
    const code = CITY[k]
    years.forEach((year, i) => {
      const g = exp.find((e) => e.indicator === 'gdp' && e.region === code && e.year === year)
      check(g !== undefined && g.value === Number(GDP_TABLE[k].gdp[i]), `gdp literal ${k} ${year}`)
      const printed = at(GDP_TABLE[k].perCapita, i)
      const pc = exp.find((e) => e.indicator === 'gdp_per_capita' && e.region === code && e.year === year)
      check(/^\d+$/.test(printed) ? pc?.value === Number(printed) : pc === undefined, `per-capita literal ${k} ${year}`)
    })
  }
  check(exp.length === 66, `yearbook expected count ${exp.length}`)
  expected[file] = exp
  // Grid rows: 1 title, 2–3 header, 4 全省, 5–17 cities, 18–20 unlabeled. Columns: A label, B/C 2021, D/E 2022.
  problems[file] = {
    exitCode: 0,
    notAvailable: [
      { row: 11, column: 'E', value: '…', indicator: 'gdp_per_capita', region: '320700', year: 2022 },
      { row: 17, column: 'C', value: '—', indicator: 'gdp_per_capita', region: '321300', year: 2021 },
    ],
    unlabeled: [
      { row: 18, region: 'sunan' },
      { row: 19, region: 'suzhong' },
      { row: 20, region: 'subei' },
    ],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// b. Wide XLSX in persons: 常住人口（人）

async function makePopulationWidePersons(): Promise<void> {
  const file = 'population-wide-persons.xlsx'
  /** label as written (number = numeric cell), persons 2019/2020/2021 (string = text cell), expected 万人. SYNTHETIC. */
  const rows: Array<{ label: string | number; region: string; persons: Array<number | string>; wan: number[] }> = [
    { label: 320100, region: '320100', persons: [9310000, 9314685, 9423000], wan: [931, 931.4685, 942.3] },
    { label: '无锡', region: '320200', persons: [7460000, 7462135, 7481000], wan: [746, 746.2135, 748.1] },
    { label: 'Xuzhou', region: '320300', persons: [9080000, 9083790, 9020000], wan: [908, 908.379, 902] },
    { label: '常州市', region: '320400', persons: [5270000, 5278325, '5,347,000'], wan: [527, 527.8325, 534.7] },
    { label: '苏州 市', region: '320500', persons: [12740000, 12748262, 12849000], wan: [1274, 1274.8262, 1284.9] },
    { label: '全省', region: '320000', persons: [80700000, 84748016, 85050000], wan: [8070, 8474.8016, 8505] },
  ]
  for (const r of rows) {
    r.persons.forEach((p, i) => {
      const n = typeof p === 'number' ? p : Number(p.replace(/,/g, ''))
      check(sameScaled(n, at(r.wan, i), 10000), `persons → 万人 literal for ${r.label}: ${p} vs ${r.wan[i]}`)
    })
  }
  const wb = newWorkbook()
  const ws = wb.addWorksheet('Sheet1')
  ws.addRow(['常住人口（人）'])
  ws.mergeCells('A1:D1')
  ws.getCell('A1').alignment = { horizontal: 'center' }
  ws.getCell('A1').font = { bold: true }
  ws.addRow(['地区', '2019年', '2020年', '2021年'])
  for (const r of rows) {
    const row = ws.addRow([r.label, ...r.persons])
    for (let c = 2; c <= 4; c++) if (typeof row.getCell(c).value === 'number') row.getCell(c).numFmt = '#,##0'
  }
  ws.getColumn(1).width = 12
  for (let c = 2; c <= 4; c++) ws.getColumn(c).width = 14
  await writeWorkbook(wb, file)
  expected[file] = rows.flatMap((r) => [2019, 2020, 2021].map((year, i) => ({ indicator: 'resident_pop', region: r.region, year, value: at(r.wan, i) })))
  problems[file] = { exitCode: 0 }
}

// ---------------------------------------------------------------------------------------------------------------
// c. Wide XLSX in 万元: 城镇居民人均可支配收入（万元）

async function makeIncomeWideWanyuan(): Promise<void> {
  const file = 'income-wide-wanyuan.xlsx'
  /** 万元 figures as printed (up to 4 decimals = whole yuan) and the expected 元. SYNTHETIC. */
  const rows: Array<{ label: string; region: string; wanyuan: number[]; yuan: number[] }> = [
    { label: '江苏省', region: '320000', wanyuan: [5.1056, 5.3102, 5.7743, 6.0178], yuan: [51056, 53102, 57743, 60178] },
    { label: '3201', region: '320100', wanyuan: [6.35, 6.7553, 7.3593, 7.6643], yuan: [63500, 67553, 73593, 76643] },
    { label: 'Lianyungang', region: '320700', wanyuan: [3.4516, 3.5862, 3.9041, 4.0902], yuan: [34516, 35862, 39041, 40902] },
    { label: '淮 安 市', region: '320800', wanyuan: [3.8813, 4.0127, 4.3628, 4.5401], yuan: [38813, 40127, 43628, 45401] },
    { label: '泰州', region: '321200', wanyuan: [4.7, 4.8612, 5.3012, 5.5047], yuan: [47000, 48612, 53012, 55047] },
    { label: 'Suqian', region: '321300', wanyuan: [2.9801, 3.1054, 3.3904, 3.5511], yuan: [29801, 31054, 33904, 35511] },
  ]
  for (const r of rows) r.wanyuan.forEach((w, i) => check(Math.round(w * 1e4) === r.yuan[i], `万元 → 元 literal ${r.label} ${w}`))
  const wb = newWorkbook()
  const ws = wb.addWorksheet('城镇居民人均可支配收入')
  ws.addRow(['城镇居民人均可支配收入（万元）'])
  ws.mergeCells('A1:E1')
  ws.getCell('A1').font = { bold: true }
  ws.addRow(['地区', 2019, 2020, 2021, 2022])
  for (const r of rows) ws.addRow([r.label, ...r.wanyuan])
  ws.getColumn(1).width = 14
  await writeWorkbook(wb, file)
  expected[file] = rows.flatMap((r) => [2019, 2020, 2021, 2022].map((year, i) => ({ indicator: 'urban_income', region: r.region, year, value: at(r.yuan, i) })))
  problems[file] = { exitCode: 0 }
}

// ---------------------------------------------------------------------------------------------------------------
// d. Long CSV in GBK with Chinese headers and every usual spelling of region names

/**
 * Resident and urban population (万人) and the urbanization rate (%, 2 decimals) for 2021 and 2022. SYNTHETIC,
 * but consistent: rate = 100 × urban / resident within the plan's 0.1 tolerance.
 */
const POP: Record<CityKey, { pop: [number, number]; urban: [number, number]; rate: [number, number] }> = {
  nanjing: { pop: [942.34, 949.11], urban: [816.17, 824.09], rate: [86.61, 86.83] },
  wuxi: { pop: [748.21, 749.08], urban: [624.56, 626.98], rate: [83.47, 83.7] },
  xuzhou: { pop: [902.85, 901.58], urban: [603.38, 608.75], rate: [66.83, 67.52] },
  changzhou: { pop: [534.96, 536.58], urban: [416.47, 419.62], rate: [77.85, 78.2] },
  suzhou: { pop: [1284.78, 1291.06], urban: [1054.15, 1062.02], rate: [82.05, 82.26] },
  nantong: { pop: [772.66, 774.35], urban: [554.43, 559.08], rate: [71.76, 72.2] },
  lianyungang: { pop: [459.42, 459.4], urban: [285.99, 289.43], rate: [62.25, 63] },
  huaian: { pop: [455.98, 455.31], urban: [304.27, 307.56], rate: [66.73, 67.55] },
  yancheng: { pop: [670.66, 669.05], urban: [437.88, 441.8], rate: [65.29, 66.03] },
  yangzhou: { pop: [457.73, 458.38], urban: [325.89, 329.2], rate: [71.2, 71.82] },
  zhenjiang: { pop: [321.72, 322.12], urban: [256.22, 258.24], rate: [79.64, 80.17] },
  taizhou: { pop: [451.23, 451.31], urban: [306.56, 309.08], rate: [67.94, 68.49] },
  suqian: { pop: [498.51, 499.81], urban: [309.57, 313.68], rate: [62.1, 62.76] },
}

function makeCitiesLongGbk(): void {
  const file = 'cities-long-gbk.csv'
  /** Six spellings per city, one per (indicator, year) cell. */
  const spellings: Record<CityKey, string[]> = {
    nanjing: ['南京', '南京市', '南 京 市', '320100', '3201', 'Nanjing'],
    wuxi: ['无锡', '无锡市', '无　锡　市', '320200', '3202', 'Wuxi'],
    xuzhou: ['徐州', '徐州市', '徐 州 市', '320300', '3203', 'XUZHOU'],
    changzhou: ['常州', '常州市', '常州 市', '320400', '3204', 'changzhou'],
    suzhou: ['苏州', '苏州市', '苏　州　市', '320500', '3205', 'Suzhou'],
    nantong: ['南通', '南通市', ' 南通市 ', '320600', '3206', 'Nantong'],
    lianyungang: ['连云港', '连云港市', '连 云 港 市', '320700', '3207', 'Lianyungang'],
    huaian: ['淮安', '淮安市', "Huai'an", 'Huaian', '320800', 'Huai’an'],
    yancheng: ['盐城', '盐城市', '盐　城', '320900', '3209', 'Yancheng'],
    yangzhou: ['扬州', '扬州市', '扬 州 市', '321000', '3210', 'Yangzhou'],
    zhenjiang: ['镇江', '镇江市', '镇　江　市', '321100', '3211', 'Zhenjiang'],
    taizhou: ['泰州', '泰州市', '泰 州', '321200', '3212', 'Taizhou'],
    suqian: ['宿迁', '宿迁市', '宿 迁 市', '321300', '3213', 'Suqian'],
  }
  const indicatorNames = {
    resident_pop: ['常住人口', '年末常住人口'],
    urban_pop: ['城镇人口', '城镇常住人口'],
    urbanization_rate: ['城镇化率', '常住人口城镇化率'],
  } as const
  const lines: string[] = ['指标,地区,年份,数值,单位,来源,备注']
  const exp: ExpectedValue[] = []
  let n = 0
  for (const k of CITY_ORDER) {
    const d = POP[k]
    for (const [yi, year] of [2021, 2022].entries()) {
      check(Math.abs((100 * at(d.urban, yi)) / at(d.pop, yi) - at(d.rate, yi)) <= 0.05, `rate consistent ${k} ${year}`)
      for (const indicator of ['resident_pop', 'urban_pop', 'urbanization_rate'] as const) {
        const spelling = at(spellings[k], n % 6)
        const yearText = n % 2 === 0 ? String(year) : `${year}年`
        const name = at(indicatorNames[indicator], Math.floor(n / 2) % 2)
        let valueText: string
        let unit: string
        let value: number
        if (indicator === 'urbanization_rate') {
          value = at(d.rate, yi)
          valueText = String(value)
          unit = n % 4 === 1 ? '％' : '%'
          if (k === 'changzhou' && year === 2022) valueText = `${valueText}%` // value written with its percent sign
        } else {
          value = at(indicator === 'resident_pop' ? d.pop : d.urban, yi)
          valueText = value.toFixed(2)
          unit = '万人'
        }
        // Two cells given in persons (人), which must be converted to 万人 exactly.
        if (indicator === 'resident_pop' && k === 'nanjing' && year === 2022) {
          valueText = '9491100'
          unit = '人'
          check(sameScaled(9491100, value, 10000), 'nanjing 2022 persons')
        }
        if (indicator === 'urban_pop' && k === 'suqian' && year === 2021) {
          valueText = '3095700'
          unit = '人'
          check(sameScaled(3095700, value, 10000), 'suqian 2021 persons')
        }
        lines.push([name, spelling, yearText, valueText, unit, '合成测试数据', '合成数据，仅供测试'].join(','))
        exp.push({ indicator, region: CITY[k], year, value })
        n++
      }
    }
  }
  check(exp.length === 78, 'long csv count')
  // Windows line ends and no BOM, as Excel "CSV" saves on a Chinese system.
  const text = lines.join('\r\n') + '\r\n'
  const bytes = iconv.encode(text, 'gbk')
  check(iconv.decode(bytes, 'gbk') === text, 'GBK round trip')
  check(!(bytes[0] === 0xef && bytes[1] === 0xbb), 'no BOM')
  writeFileSync(join(OUT, file), bytes)
  expected[file] = exp
  problems[file] = { exitCode: 0 }
}

// ---------------------------------------------------------------------------------------------------------------
// e. Cross-section CSV (one year, from the title), UTF-8 with BOM

function makeCrossSection(): void {
  const file = 'cross-section-2022.csv'
  /** SYNTHETIC. */
  const rows: Array<{ label: string; region: string; pop: string; gdp: string; retail: string }> = [
    { label: '南京市', region: '320100', pop: '949.11', gdp: '16907.85', retail: '7832.41' },
    { label: '无锡市', region: '320200', pop: '749.08', gdp: '14850.82', retail: '3290.07' },
    { label: '徐州市', region: '320300', pop: '901.58', gdp: '8457.84', retail: '3653.86' },
    { label: '苏州市', region: '320500', pop: '1291.06', gdp: '23958.34', retail: '9010.69' },
    { label: '南通市', region: '320600', pop: '774.35', gdp: '11379.60', retail: '3721.50' },
    { label: '扬州市', region: '321000', pop: '458.38', gdp: '7104.98', retail: '1515.30' },
    { label: '宿迁市', region: '321300', pop: '499.81', gdp: '4111.98', retail: '1294.70' },
  ]
  const lines = ['2022年各市主要指标,,,', '地区,常住人口(万人),地区生产总值(亿元),社会消费品零售总额(亿元)']
  for (const r of rows) lines.push([r.label, r.pop, r.gdp, r.retail].join(','))
  writeFileSync(join(OUT, file), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]))
  const literal: Record<string, [number, number, number]> = {
    '320100': [949.11, 16907.85, 7832.41],
    '320200': [749.08, 14850.82, 3290.07],
    '320300': [901.58, 8457.84, 3653.86],
    '320500': [1291.06, 23958.34, 9010.69],
    '320600': [774.35, 11379.6, 3721.5],
    '321000': [458.38, 7104.98, 1515.3],
    '321300': [499.81, 4111.98, 1294.7],
  }
  for (const r of rows) {
    const l = must(literal[r.region], `the literal for ${r.region}`)
    check(l[0] === Number(r.pop) && l[1] === Number(r.gdp) && l[2] === Number(r.retail), `cross-section literal ${r.region}`)
  }
  expected[file] = Object.entries(literal).flatMap(([region, [pop, gdp, retail]]) => [
    { indicator: 'resident_pop', region, year: 2022, value: pop },
    { indicator: 'gdp', region, year: 2022, value: gdp },
    { indicator: 'retail_sales', region, year: 2022, value: retail },
  ])
  problems[file] = { exitCode: 0 }
}

// ---------------------------------------------------------------------------------------------------------------
// f. One bad cell among ~300 good rows

function makeOneBadCell(): void {
  const file = 'one-bad-cell.csv'
  const lines = ['indicator,region,year,value,unit,source']
  let bad: { row: number; value: string } | undefined
  let count = 0
  const total = 2 * CITY_ORDER.length * 12
  for (const indicator of ['gdp', 'retail_sales'] as const) {
    for (const k of CITY_ORDER) {
      // SYNTHETIC: each city's 2021 GDP from the yearbook fixture, deflated by 6.5 % a year; retail sales ≈ 38 % of GDP.
      const gdp2021Cents = Number(GDP_TABLE[k].gdp[0].replace('.', ''))
      for (let year = 2011; year <= 2022; year++) {
        const cents = Math.round(gdp2021Cents * (1 - 0.065 * (2021 - year)) * (indicator === 'gdp' ? 1 : 0.38))
        let value = (cents / 100).toFixed(2)
        count++
        if (count === Math.ceil(total / 2)) {
          value = '12o.5'
          bad = { row: count + 1, value } // +1: the header is row 1
        }
        lines.push([indicator, CITY[k], String(year), value, '亿元', 'synthetic series'].join(','))
      }
    }
  }
  check(bad !== undefined && count === 312, 'bad cell placed')
  writeFileSync(join(OUT, file), lines.join('\n') + '\n')
  expected[file] = []
  problems[file] = { exitCode: 1, errors: [{ code: 'ingest.not_numeric', row: bad.row, column: 'D', value: bad.value }] }
}

// ---------------------------------------------------------------------------------------------------------------
// g. Legacy XLS (OLE2 compound file signature, then zeros)

function makeLegacyXls(): void {
  const file = 'legacy.xls'
  const bytes = Buffer.alloc(512)
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes)
  writeFileSync(join(OUT, file), bytes)
  expected[file] = []
  problems[file] = { exitCode: 1, errors: [{ code: 'ingest.legacy_xls' }] }
}

// ---------------------------------------------------------------------------------------------------------------
// h. More realistic variants. Each isolates one thing real files do; the test says which ones the importer
//    currently mishandles. All SYNTHETIC figures.

/** Wide XLSX, 地区生产总值（万元） → 亿元 (the README's own example of a title carrying the unit). */
async function makeGdpWideWanyuan(): Promise<void> {
  const file = 'gdp-wide-wanyuan.xlsx'
  const rows: Array<{ label: string; region: string; wanyuan: [number, number]; yi: [number, number] }> = [
    { label: '南京市', region: '320100', wanyuan: [163184500, 169012700], yi: [16318.45, 16901.27] },
    { label: 'Wuxi', region: '320200', wanyuan: [139866000, 148129300], yi: [13986.6, 14812.93] },
    { label: '3203', region: '320300', wanyuan: [81031200, 84558000], yi: [8103.12, 8455.8] },
    { label: '常 州 市', region: '320400', wanyuan: [87900300, 95314800], yi: [8790.03, 9531.48] },
  ]
  for (const r of rows) r.wanyuan.forEach((w, i) => check(Math.round(at(r.yi, i) * 100) * 100 === w, `万元 → 亿元 literal ${r.label}`))
  const wb = newWorkbook()
  const ws = wb.addWorksheet('Sheet1')
  ws.addRow(['地区生产总值（万元）'])
  ws.mergeCells('A1:C1')
  ws.addRow(['地区', '2021年', '2022年'])
  for (const r of rows) ws.addRow([r.label, ...r.wanyuan])
  await writeWorkbook(wb, file)
  expected[file] = rows.flatMap((r) => [2021, 2022].map((year, i) => ({ indicator: 'gdp', region: r.region, year, value: at(r.yi, i) })))
  problems[file] = { exitCode: 0 }
}

/**
 * The yearbook layout as an Excel copy: merged title, years merged across three sub-columns, sub-headings with
 * Alt+Enter line breaks, padded names, and (as in the sample HTML) an unlabeled province row first and unlabeled
 * 苏南/苏中/苏北 rows last. Shares printed to one decimal.
 */
async function makeYearbookPopulationXlsx(): Promise<void> {
  const file = 'yearbook-population.xlsx'
  const padded: Record<CityKey, string> = {
    nanjing: '南 京 市',
    wuxi: '无 锡 市',
    xuzhou: '徐 州 市',
    changzhou: '常 州 市',
    suzhou: '苏 州 市',
    nantong: '南 通 市',
    lianyungang: '连云港市',
    huaian: '淮 安 市',
    yancheng: '盐 城 市',
    yangzhou: '扬 州 市',
    zhenjiang: '镇 江 市',
    taizhou: '泰 州 市',
    suqian: '宿 迁 市',
  }
  /** One-decimal shares as a yearbook prints them (literal; = round(100 × urban / resident, 1)). */
  const share1: Record<CityKey | 'province' | 'sunan' | 'suzhong' | 'subei', [number, number]> = {
    nanjing: [86.6, 86.8],
    wuxi: [83.5, 83.7],
    xuzhou: [66.8, 67.5],
    changzhou: [77.9, 78.2],
    suzhou: [82.0, 82.3],
    nantong: [71.8, 72.2],
    lianyungang: [62.3, 63.0],
    huaian: [66.7, 67.5],
    yancheng: [65.3, 66.0],
    yangzhou: [71.2, 71.8],
    zhenjiang: [79.6, 80.2],
    taizhou: [67.9, 68.5],
    suqian: [62.1, 62.8],
    province: [74.1, 74.6],
    sunan: [82.7, 82.9],
    suzhong: [70.6, 71.1],
    subei: [65.0, 65.7],
  }
  /** Summary rows (literal sums of the city figures, checked below in integer cents). */
  const summary: Record<'province' | 'sunan' | 'suzhong' | 'subei', { pop: [string, string]; urban: [string, string] }> = {
    province: { pop: ['8501.05', '8517.14'], urban: ['6295.54', '6349.53'] },
    sunan: { pop: ['3832.01', '3847.95'], urban: ['3167.57', '3190.95'] },
    suzhong: { pop: ['1681.62', '1684.04'], urban: ['1186.88', '1197.36'] },
    subei: { pop: ['2987.42', '2985.15'], urban: ['1941.09', '1961.22'] },
  }
  const members = { province: CITY_ORDER, ...GROUPS }
  for (const [id, m] of Object.entries(members) as Array<[keyof typeof summary, CityKey[]]>) {
    for (const i of [0, 1] as const) {
      check(sumPrinted(m.map((k) => POP[k].pop[i].toFixed(2))) === summary[id].pop[i], `yearbook xlsx pop sum ${id}`)
      check(sumPrinted(m.map((k) => POP[k].urban[i].toFixed(2))) === summary[id].urban[i], `yearbook xlsx urban sum ${id}`)
      check(Math.abs((100 * Number(summary[id].urban[i])) / Number(summary[id].pop[i]) - share1[id][i]) <= 0.05, `share ${id}`)
    }
  }
  for (const k of CITY_ORDER) for (const i of [0, 1] as const) check(Math.abs((100 * POP[k].urban[i]) / POP[k].pop[i] - share1[k][i]) <= 0.05, `share ${k}`)
  const wb = newWorkbook()
  const ws = wb.addWorksheet('3-6')
  ws.addRow(['3-6 按地区分常住人口'])
  ws.mergeCells('A1:G1')
  ws.addRow(['地  区', '2021', null, null, '2022', null, null])
  ws.addRow([null, '总人口\n(万人)', '城镇人口\n(万人)', '城镇人口\n比重(%)', '总人口\n(万人)', '城镇人口\n(万人)', '城镇人口\n比重(%)'])
  ws.mergeCells('A2:A3')
  ws.mergeCells('B2:D2')
  ws.mergeCells('E2:G2')
  const line = (label: string, pop: [string, string], urban: [string, string], share: [number, number]) => {
    const row = ws.addRow([label, Number(pop[0]), Number(urban[0]), share[0], Number(pop[1]), Number(urban[1]), share[1]])
    for (const c of [2, 3, 5, 6]) row.getCell(c).numFmt = '0.00'
    for (const c of [4, 7]) row.getCell(c).numFmt = '0.0'
  }
  const two = (n: number) => n.toFixed(2)
  line('', summary.province.pop, summary.province.urban, share1.province)
  for (const k of CITY_ORDER) line(padded[k], [two(POP[k].pop[0]), two(POP[k].pop[1])], [two(POP[k].urban[0]), two(POP[k].urban[1])], share1[k])
  for (const g of ['sunan', 'suzhong', 'subei'] as const) line('', summary[g].pop, summary[g].urban, share1[g])
  await writeWorkbook(wb, file)
  const exp: ExpectedValue[] = []
  const push = (region: string, pop: [number, number], urban: [number, number], share: [number, number]) => {
    for (const i of [0, 1] as const) {
      const year = 2021 + i
      exp.push({ indicator: 'resident_pop', region, year, value: pop[i] })
      exp.push({ indicator: 'urban_pop', region, year, value: urban[i] })
      exp.push({ indicator: 'urbanization_rate', region, year, value: share[i] })
    }
  }
  push('320000', [8501.05, 8517.14], [6295.54, 6349.53], share1.province)
  for (const k of CITY_ORDER) push(CITY[k], POP[k].pop, POP[k].urban, share1[k])
  push('sunan', [3832.01, 3847.95], [3167.57, 3190.95], share1.sunan)
  push('suzhong', [1681.62, 1684.04], [1186.88, 1197.36], share1.suzhong)
  push('subei', [2987.42, 2985.15], [1941.09, 1961.22], share1.subei)
  expected[file] = exp
  // Rows: 1 title, 2–3 header, 4 province (unlabeled), 5–17 cities, 18–20 unlabeled statistical regions.
  problems[file] = {
    exitCode: 0,
    unlabeled: [
      { row: 4, region: '320000' },
      { row: 18, region: 'sunan' },
      { row: 19, region: 'suzhong' },
      { row: 20, region: 'subei' },
    ],
  }
}

/** Excel "Unicode 文本" export: UTF-16LE with BOM, tab-separated, long layout with Chinese headings. */
function makeUtf16Text(): void {
  const file = 'population-utf16.txt'
  const rows: Array<[string, string, string, string, string]> = [
    ['常住人口', '南京市', '2021年', '942.34', '万人'],
    ['常住人口', '镇江', '2021年', '321.72', '万人'],
    ['城镇人口', 'Zhenjiang', '2021', '256.22', '万人'],
    ['城镇化率', '镇 江 市', '2021', '79.64', '%'],
  ]
  const text = ['指标\t地区\t年份\t数值\t单位', ...rows.map((r) => r.join('\t'))].join('\r\n') + '\r\n'
  writeFileSync(join(OUT, file), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
  expected[file] = [
    { indicator: 'resident_pop', region: '320100', year: 2021, value: 942.34 },
    { indicator: 'resident_pop', region: '321100', year: 2021, value: 321.72 },
    { indicator: 'urban_pop', region: '321100', year: 2021, value: 256.22 },
    { indicator: 'urbanization_rate', region: '321100', year: 2021, value: 79.64 },
  ]
  problems[file] = { exitCode: 0 }
}

/** A statistics site's "Excel download" that is really GB2312 HTML, with <thead>/<th>, indicator spanning the years. */
function makeHtmlServedAsXls(): void {
  const file = 'yearbook-thead-gb2312.xls'
  const html = [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>',
    '<!-- 合成数据，仅供测试 (SYNTHETIC test data) -->',
    '<table border="1">',
    '<thead>',
    '<tr><th rowspan="2">地区</th><th colspan="2">常住人口(万人)</th><th colspan="2">城镇人口(万人)</th></tr>',
    '<tr><th>2021年</th><th>2022年</th><th>2021年</th><th>2022年</th></tr>',
    '</thead>',
    '<tbody>',
    '<tr><td>扬州市</td><td>457.73</td><td>458.38</td><td>325.89</td><td>329.20</td></tr>',
    '<tr><td>泰州市</td><td>451.23</td><td>451.31</td><td>306.56</td><td>309.08</td></tr>',
    '</tbody>',
    '</table></body></html>',
  ].join('\r\n')
  writeFileSync(join(OUT, file), iconv.encode(html, 'gb2312'))
  expected[file] = [
    { indicator: 'resident_pop', region: '321000', year: 2021, value: 457.73 },
    { indicator: 'resident_pop', region: '321000', year: 2022, value: 458.38 },
    { indicator: 'urban_pop', region: '321000', year: 2021, value: 325.89 },
    { indicator: 'urban_pop', region: '321000', year: 2022, value: 329.2 },
    { indicator: 'resident_pop', region: '321200', year: 2021, value: 451.23 },
    { indicator: 'resident_pop', region: '321200', year: 2022, value: 451.31 },
    { indicator: 'urban_pop', region: '321200', year: 2021, value: 306.56 },
    { indicator: 'urban_pop', region: '321200', year: 2022, value: 309.08 },
  ]
  problems[file] = { exitCode: 0 }
}

/** Four cities' resident population 2020–2022 (万人), shared by the small wide-table variants below. SYNTHETIC. */
const SMALL_WIDE: Array<{ label: string; region: string; values: [number, number, number] }> = [
  { label: '南京市', region: '320100', values: [931.47, 942.34, 949.11] },
  { label: '无锡市', region: '320200', values: [746.21, 748.21, 749.08] },
  { label: '徐州市', region: '320300', values: [908.38, 902.85, 901.58] },
  { label: '常州市', region: '320400', values: [527.81, 534.96, 536.58] },
]
const smallWideExpected = (): ExpectedValue[] =>
  SMALL_WIDE.flatMap((r) => [2020, 2021, 2022].map((year, i) => ({ indicator: 'resident_pop', region: r.region, year, value: at(r.values, i) })))

/** A footnote row merged across the table, as Excel tables usually end ("注：……"). */
async function makeFootnoteMerged(): Promise<void> {
  const file = 'wide-merged-footnote.xlsx'
  const wb = newWorkbook()
  const ws = wb.addWorksheet('Sheet1')
  ws.addRow(['常住人口（万人）'])
  ws.mergeCells('A1:D1')
  ws.addRow(['地区', '2020年', '2021年', '2022年'])
  for (const r of SMALL_WIDE) ws.addRow([r.label, ...r.values])
  ws.addRow(['注：2020年为第七次全国人口普查数据；本表为合成测试数据。'])
  ws.mergeCells('A7:D7')
  await writeWorkbook(wb, file)
  expected[file] = smallWideExpected()
  problems[file] = { exitCode: 0 }
}

/** Top-left heading cell left blank and the years typed as numbers — how many hand-made sheets look. */
async function makeBlankCorner(): Promise<void> {
  const file = 'wide-blank-corner.xlsx'
  const wb = newWorkbook()
  const ws = wb.addWorksheet('常住人口')
  ws.addRow([null, 2020, 2021, 2022])
  for (const r of SMALL_WIDE) ws.addRow([r.label, ...r.values])
  await writeWorkbook(wb, file)
  expected[file] = smallWideExpected()
  problems[file] = { exitCode: 0 }
}

/** A workbook whose second sheet holds the notes (说明) and whose third is the empty default sheet. */
async function makeNotesSheet(): Promise<void> {
  const file = 'workbook-with-notes-sheet.xlsx'
  const wb = newWorkbook()
  const ws = wb.addWorksheet('常住人口')
  ws.addRow(['地区', '2020年', '2021年', '2022年'])
  for (const r of SMALL_WIDE) ws.addRow([r.label, ...r.values])
  const notes = wb.addWorksheet('说明')
  notes.addRow(['指标解释'])
  notes.addRow(['常住人口：指实际经常居住在某地区半年以上的人口。'])
  notes.addRow(['数据来源：合成测试数据，仅供测试。'])
  wb.addWorksheet('Sheet3')
  await writeWorkbook(wb, file)
  expected[file] = smallWideExpected()
  problems[file] = { exitCode: 0 }
}

/** A one-year yearbook table with the usual growth-rate column beside the level (比上年增长%). */
async function makeGrowthColumn(): Promise<void> {
  const file = 'yearbook-gdp-growth-column.xlsx'
  const rows: Array<{ label: string; region: string; gdp: number; growth: number }> = [
    { label: '南 京 市', region: '320100', gdp: 16901.27, growth: 2.1 },
    { label: '无 锡 市', region: '320200', gdp: 14812.93, growth: 3.0 },
    { label: '徐 州 市', region: '320300', gdp: 8455.8, growth: 3.2 },
    { label: '常 州 市', region: '320400', gdp: 9531.48, growth: 3.5 },
  ]
  const wb = newWorkbook()
  const ws = wb.addWorksheet('2-12')
  ws.addRow(['2-12 各市地区生产总值（2022年）'])
  ws.mergeCells('A1:C1')
  ws.addRow(['地  区', '地区生产总值\n(亿元)', '比上年增长\n(%)'])
  for (const r of rows) ws.addRow([r.label, r.gdp, r.growth])
  await writeWorkbook(wb, file)
  expected[file] = rows.map((r) => ({ indicator: 'gdp', region: r.region, year: 2022, value: r.gdp }))
  problems[file] = { exitCode: 0 }
}

/** The GB2312 yearbook again, GDP only, with 宿迁's 2021 figure printed as "—" while 苏北's total is still printed. */
function makeYearbookMissingMember(): void {
  const file = 'yearbook-missing-member-gb2312.htm'
  const gdp = (k: CityKey, i: 0 | 1) => (k === 'suqian' && i === 0 ? '—' : GDP_TABLE[k].gdp[i])
  // Totals as published: they include 宿迁's 2021 figure (3706.54) that the table itself does not show.
  const totals = {
    province: ['116917.61', '123286.40'],
    sunan: ['66540.97', '70161.08'],
    suzhong: ['23708.65', '24859.47'],
    subei: ['26667.99', '28265.85'],
  }
  const lines = [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>2-12 各市地区生产总值</title></head><body>',
    '<!-- 合成数据，仅供测试 (SYNTHETIC test data). -->',
    '<table border="1">',
    '<tr><td colspan="3">2-12 各市地区生产总值</td></tr>',
    '<tr><td rowspan="2">地 区</td><td>2021年</td><td>2022年</td></tr>',
    '<tr><td>地区生产总值<br>(亿元)</td><td>地区生产总值<br>(亿元)</td></tr>',
    `<tr><td>全 省</td><td>${totals.province[0]}</td><td>${totals.province[1]}</td></tr>`,
    ...CITY_ORDER.map((k) => `<tr><td>${GDP_TABLE[k].label}</td><td>${gdp(k, 0)}</td><td>${gdp(k, 1)}</td></tr>`),
    ...(['sunan', 'suzhong', 'subei'] as const).map((g) => `<tr><td></td><td>${totals[g][0]}</td><td>${totals[g][1]}</td></tr>`),
    '</table></body></html>',
  ]
  writeFileSync(join(OUT, file), iconv.encode(lines.join('\r\n'), 'gb2312'))
  const exp: ExpectedValue[] = []
  for (const k of CITY_ORDER) {
    for (const i of [0, 1] as const) {
      const printed = gdp(k, i)
      if (printed !== '—') exp.push({ indicator: 'gdp', region: CITY[k], year: 2021 + i, value: Number(printed) })
    }
  }
  exp.push(
    { indicator: 'gdp', region: '320000', year: 2021, value: 116917.61 },
    { indicator: 'gdp', region: '320000', year: 2022, value: 123286.4 },
    { indicator: 'gdp', region: 'sunan', year: 2021, value: 66540.97 },
    { indicator: 'gdp', region: 'sunan', year: 2022, value: 70161.08 },
    { indicator: 'gdp', region: 'suzhong', year: 2021, value: 23708.65 },
    { indicator: 'gdp', region: 'suzhong', year: 2022, value: 24859.47 },
    { indicator: 'gdp', region: 'subei', year: 2021, value: 26667.99 },
    { indicator: 'gdp', region: 'subei', year: 2022, value: 28265.85 },
  )
  check(exp.length === 33, 'missing-member count')
  expected[file] = exp
  // Rows: 1 title, 2–3 header, 4 全省, 5–17 cities (宿迁 = 17), 18–20 unlabeled.
  problems[file] = {
    exitCode: 0,
    notAvailable: [{ row: 17, column: 'B', value: '—', indicator: 'gdp', region: '321300', year: 2021 }],
    unlabeled: [
      { row: 18, region: 'sunan' },
      { row: 19, region: 'suzhong' },
      { row: 20, region: 'subei' },
    ],
  }
}

/** Shares typed with a full-width percent sign (％), as a Chinese IME in full-width mode writes them. */
function makeFullwidthPercent(): void {
  const file = 'rates-fullwidth-percent.csv'
  const rows: Array<[string, string, string, number]> = [
    ['南京', '2022', '86.83％', 86.83],
    ['无锡', '2022', '83.7％', 83.7],
    ['徐州', '2022', '67.52%', 67.52],
    ['常州', '2022', '78.2', 78.2],
  ]
  const text = ['指标,地区,年份,数值', ...rows.map((r) => ['城镇化率', r[0], r[1], r[2]].join(','))].join('\r\n') + '\r\n'
  writeFileSync(join(OUT, file), text)
  const exp: ExpectedValue[] = [
    { indicator: 'urbanization_rate', region: '320100', year: 2022, value: 86.83 },
    { indicator: 'urbanization_rate', region: '320200', year: 2022, value: 83.7 },
    { indicator: 'urbanization_rate', region: '320300', year: 2022, value: 67.52 },
    { indicator: 'urbanization_rate', region: '320400', year: 2022, value: 78.2 },
  ]
  expected[file] = exp
  check(
    rows.every((r, i) => at(exp, i).value === r[3]),
    'percent literals',
  )
  problems[file] = { exitCode: 0 }
}

/** 12-digit statistical division codes (统计用区划代码), as NBS systems export them. */
function makeTwelveDigitCodes(): void {
  const file = 'regions-12-digit-codes.csv'
  const text =
    [
      'indicator,region,year,value',
      'resident_pop,320000000000,2022,8515.00',
      'resident_pop,320500000000,2022,1291.06',
      'resident_pop,320600000000,2022,774.35',
      'resident_pop,320700000000,2022,459.40',
    ].join('\n') + '\n'
  writeFileSync(join(OUT, file), text)
  expected[file] = [
    { indicator: 'resident_pop', region: '320000', year: 2022, value: 8515 },
    { indicator: 'resident_pop', region: '320500', year: 2022, value: 1291.06 },
    { indicator: 'resident_pop', region: '320600', year: 2022, value: 774.35 },
    { indicator: 'resident_pop', region: '320700', year: 2022, value: 459.4 },
  ]
  problems[file] = { exitCode: 0 }
}

/** Year and indicator in one heading: 2021年常住人口(万人). */
function makeYearInHeading(): void {
  const file = 'cross-section-year-in-heading.csv'
  const text = ['地区,2021年常住人口(万人),2022年常住人口(万人)', '南京市,942.34,949.11', '无锡市,748.21,749.08', '徐州市,902.85,901.58'].join('\r\n') + '\r\n'
  writeFileSync(join(OUT, file), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))
  expected[file] = [
    { indicator: 'resident_pop', region: '320100', year: 2021, value: 942.34 },
    { indicator: 'resident_pop', region: '320100', year: 2022, value: 949.11 },
    { indicator: 'resident_pop', region: '320200', year: 2021, value: 748.21 },
    { indicator: 'resident_pop', region: '320200', year: 2022, value: 749.08 },
    { indicator: 'resident_pop', region: '320300', year: 2021, value: 902.85 },
    { indicator: 'resident_pop', region: '320300', year: 2022, value: 901.58 },
  ]
  problems[file] = { exitCode: 0 }
}

/** The unit written in each year heading (2021年（万元）) rather than in a title; indicator from the sheet name. */
async function makeUnitInYearHeading(): Promise<void> {
  const file = 'income-unit-in-year-heading.xlsx'
  const wb = newWorkbook()
  const ws = wb.addWorksheet('城镇居民人均可支配收入')
  ws.addRow(['地区', '2021年（万元）', '2022年（万元）'])
  ws.addRow(['南京市', 7.3593, 7.6643])
  ws.addRow(['无锡市', 6.8897, 7.1805])
  await writeWorkbook(wb, file)
  expected[file] = [
    { indicator: 'urban_income', region: '320100', year: 2021, value: 73593 },
    { indicator: 'urban_income', region: '320100', year: 2022, value: 76643 },
    { indicator: 'urban_income', region: '320200', year: 2021, value: 68897 },
    { indicator: 'urban_income', region: '320200', year: 2022, value: 71805 },
  ]
  problems[file] = { exitCode: 0 }
}

/** A long table whose value heading carries the unit: 数值(万元). */
function makeLongUnitInValueHeading(): void {
  const file = 'long-unit-in-value-heading.csv'
  const text = ['指标,地区,年份,数值(万元)', '城镇居民人均可支配收入,南京市,2021,7.3593', '城镇居民人均可支配收入,无锡市,2021,6.8897'].join('\r\n') + '\r\n'
  writeFileSync(join(OUT, file), text)
  expected[file] = [
    { indicator: 'urban_income', region: '320100', year: 2021, value: 73593 },
    { indicator: 'urban_income', region: '320200', year: 2021, value: 68897 },
  ]
  problems[file] = { exitCode: 0 }
}

// ---------------------------------------------------------------------------------------------------------------

async function mainScript(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  makeYearbookGb2312()
  await makePopulationWidePersons()
  await makeIncomeWideWanyuan()
  makeCitiesLongGbk()
  makeCrossSection()
  makeOneBadCell()
  makeLegacyXls()
  await makeGdpWideWanyuan()
  await makeYearbookPopulationXlsx()
  makeUtf16Text()
  makeHtmlServedAsXls()
  await makeFootnoteMerged()
  await makeBlankCorner()
  await makeNotesSheet()
  await makeGrowthColumn()
  makeYearbookMissingMember()
  makeFullwidthPercent()
  makeTwelveDigitCodes()
  makeYearInHeading()
  await makeUnitInYearHeading()
  makeLongUnitInValueHeading()
  writeFileSync(join(OUT, 'expected.json'), JSON.stringify(expected, null, 2) + '\n')
  writeFileSync(join(OUT, 'expected-problems.json'), JSON.stringify(problems, null, 2) + '\n')
  const total = Object.values(expected).reduce((s, v) => s + v.length, 0)
  process.stdout.write(`wrote ${Object.keys(expected).length} fixtures (${total} expected values) to ${OUT}\n`)
}

await mainScript()
