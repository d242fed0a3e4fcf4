/**
 * Units as Chinese statistics print them, grouped in families whose members differ by a power of ten
 * (人/万人/亿人, 元/万元/亿元). Conversion is exact (see decimal.ts).
 *
 * Keys are written as `normaliseUnit` leaves them (NFKC, lower case): km² is `km2`, m³ is `m3`. A bare scale word
 * (`million`, `billion`, `thousand`) has no family of its own: it converts to a unit of a countable family (persons,
 * yuan, count, households) by its power of ten, so "8.258 million" reads as persons where the indicator counts persons.
 * @module
 */
import { shiftDecimal } from './decimal.js'

/** The family of a bare scale word (million): it takes the family of the unit it converts to. */
const SCALE = 'scale'
/** The families a bare scale word may convert into: things counted, not rates or shares. */
const SCALABLE = new Set(['persons', 'yuan', 'count', 'households'])

interface UnitDef {
  readonly family: string
  readonly power: number
}

const UNITS: Record<string, UnitDef> = {
  人: { family: 'persons', power: 0 },
  千人: { family: 'persons', power: 3 },
  万人: { family: 'persons', power: 4 },
  亿人: { family: 'persons', power: 8 },
  persons: { family: 'persons', power: 0 },
  '10k persons': { family: 'persons', power: 4 },
  'thousand persons': { family: 'persons', power: 3 },
  'million persons': { family: 'persons', power: 6 },
  'million people': { family: 'persons', power: 6 },
  million: { family: SCALE, power: 6 },
  billion: { family: SCALE, power: 9 },
  thousand: { family: SCALE, power: 3 },
  元: { family: 'yuan', power: 0 },
  千元: { family: 'yuan', power: 3 },
  万元: { family: 'yuan', power: 4 },
  百万元: { family: 'yuan', power: 6 },
  千万元: { family: 'yuan', power: 7 },
  亿元: { family: 'yuan', power: 8 },
  万亿元: { family: 'yuan', power: 12 },
  yuan: { family: 'yuan', power: 0 },
  cny: { family: 'yuan', power: 0 },
  rmb: { family: 'yuan', power: 0 },
  'million yuan': { family: 'yuan', power: 6 },
  'billion yuan': { family: 'yuan', power: 9 },
  'trillion yuan': { family: 'yuan', power: 12 },
  'million rmb': { family: 'yuan', power: 6 },
  'billion rmb': { family: 'yuan', power: 9 },
  'trillion rmb': { family: 'yuan', power: 12 },
  '%': { family: 'percent', power: 0 },
  '％': { family: 'percent', power: 0 },
  百分比: { family: 'percent', power: 0 },
  percent: { family: 'percent', power: 0 },
  // R&D intensity and the like: a share of GDP is a percentage.
  '% of gdp': { family: 'percent', power: 0 },
  ratio: { family: 'ratio', power: 0 },
  倍: { family: 'ratio', power: 0 },
  ':1': { family: 'ratio', power: 0 },
  '：1': { family: 'ratio', power: 0 },
  个: { family: 'count', power: 0 },
  座: { family: 'count', power: 0 },
  count: { family: 'count', power: 0 },
  万个: { family: 'count', power: 4 },
  // Counts of cities, as the sources word them: 13个设区市, 13个省辖市.
  个设区市: { family: 'count', power: 0 },
  个省辖市: { family: 'count', power: 0 },
  个城市: { family: 'count', power: 0 },
  户: { family: 'households', power: 0 },
  万户: { family: 'households', power: 4 },
  households: { family: 'households', power: 0 },
  米: { family: 'length', power: 0 },
  m: { family: 'length', power: 0 },
  千米: { family: 'length', power: 3 },
  公里: { family: 'length', power: 3 },
  km: { family: 'length', power: 3 },
  平方米: { family: 'area', power: 0 },
  m2: { family: 'area', power: 0 },
  万平方米: { family: 'area', power: 4 },
  平方公里: { family: 'area', power: 6 },
  平方千米: { family: 'area', power: 6 },
  km2: { family: 'area', power: 6 },
  '立方米/日': { family: 'm3_per_day', power: 0 },
  '万立方米/日': { family: 'm3_per_day', power: 4 },
  'm3/d': { family: 'm3_per_day', power: 0 },
  // Rates per 10 000 residents; per 1 000 is ten times fewer residents, so 1 per 千人 = 10 per 万人.
  '张/万人': { family: 'beds_per_10k', power: 0 },
  '张/千人': { family: 'beds_per_10k', power: 1 },
  '人/万人': { family: 'persons_per_10k', power: 0 },
  '人/千人': { family: 'persons_per_10k', power: 1 },
  '件/万人': { family: 'items_per_10k', power: 0 },
  year: { family: 'year', power: 0 },
  年份: { family: 'year', power: 0 },
  张: { family: 'cards', power: 0 },
  万张: { family: 'cards', power: 4 },
  'μg/m3': { family: 'ugm3', power: 0 },
  'μg/m³': { family: 'ugm3', power: 0 },
  'ug/m3': { family: 'ugm3', power: 0 },
  'µg/m3': { family: 'ugm3', power: 0 },
  'µg/m³': { family: 'ugm3', power: 0 },
  微克每立方米: { family: 'ugm3', power: 0 },
  '微克/立方米': { family: 'ugm3', power: 0 },
  '元/人': { family: 'yuan', power: 0 },
  '元/人/年': { family: 'yuan_per_person_year', power: 0 },
  '元/(人·年)': { family: 'yuan_per_person_year', power: 0 },
  'yes/no': { family: 'boolean', power: 0 },
  是否: { family: 'boolean', power: 0 },
  'flag (1=yes,0=no)': { family: 'boolean', power: 0 },
  'flag (1=yes, 0=no)': { family: 'boolean', power: 0 },
  flag: { family: 'boolean', power: 0 },
  天: { family: 'days', power: 0 },
}

export function normaliseUnit(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^\((.*)\)$/, '$1')
}

function lookup(unit: string): UnitDef | undefined {
  const n = normaliseUnit(unit)
  return UNITS[n] ?? UNITS[unit.trim()] ?? (n.endsWith(':1') ? UNITS[':1'] : undefined)
}

export function isKnownUnit(unit: string): boolean {
  return lookup(unit) !== undefined
}

/** True when the two spellings name the same unit (万人 and 10k persons). */
export function sameUnit(a: string, b: string): boolean {
  const da = lookup(a)
  const db = lookup(b)
  return da !== undefined && db !== undefined && da.family !== SCALE && da.family === db.family && da.power === db.power
}

/**
 * Converts decimal text from one unit to another of the same family.
 * Returns undefined when the units cannot be converted (different families or unknown units).
 */
export function convertUnit(text: string, from: string, to: string): string | undefined {
  // The same spelling needs no normalising (the common case, once per imported row).
  if (from === to || from.trim() === '' || normaliseUnit(from) === normaliseUnit(to)) return text
  const f = lookup(from)
  const t = lookup(to)
  if (!f || !t) return undefined
  if (f.family === SCALE ? !SCALABLE.has(t.family) : f.family !== t.family) return undefined
  return shiftDecimal(text, f.power - t.power)
}

/** Finds a unit written inside a heading or title: 总人口(万人), 地区生产总值（万元）, GDP [亿元]. */
export function unitInText(text: string): { unit: string; rest: string } | undefined {
  const m = /[(（[【]\s*([^()（）[\]【】]+?)\s*[)）\]】]/.exec(text.normalize('NFKC'))
  if (!m || !m[1]) return undefined
  const candidate = m[1].replace(/^单位[:：]\s*/, '')
  if (!lookup(candidate)) return undefined
  return { unit: candidate, rest: text.normalize('NFKC').replace(m[0], '').trim() }
}
