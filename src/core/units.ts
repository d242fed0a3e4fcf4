/**
 * Units as Chinese statistics print them, grouped in families whose members differ by a power of ten
 * (人/万人/亿人, 元/万元/亿元). Conversion is exact (see decimal.ts).
 * @module
 */
import { shiftDecimal } from './decimal.js'

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
  '%': { family: 'percent', power: 0 },
  '％': { family: 'percent', power: 0 },
  百分比: { family: 'percent', power: 0 },
  percent: { family: 'percent', power: 0 },
  ratio: { family: 'ratio', power: 0 },
  倍: { family: 'ratio', power: 0 },
  ':1': { family: 'ratio', power: 0 },
  '：1': { family: 'ratio', power: 0 },
  个: { family: 'count', power: 0 },
  座: { family: 'count', power: 0 },
  count: { family: 'count', power: 0 },
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
  return da !== undefined && db !== undefined && da.family === db.family && da.power === db.power
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
  if (!f || !t || f.family !== t.family) return undefined
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
