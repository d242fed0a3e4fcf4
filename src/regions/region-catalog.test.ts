import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { parseRegions } from './load-regions.js'
import { RegionCatalog } from './region-catalog.js'

const file = parseRegions(readFileSync(resolve(__dirname, '../../data/regions/jiangsu.yaml'), 'utf8'), 'jiangsu.yaml')
if (!file.ok) throw new Error(JSON.stringify(file.error))
const catalog = RegionCatalog.fromFile(file.value)
const code = (name: string) => {
  const r = catalog.resolve(name)
  return r.ok ? r.value.code : r.error.kind
}

describe('RegionCatalog.resolve', () => {
  it('accepts every usual spelling of a city', () => {
    for (const s of ['南京', '南京市', '南 京 市', ' 南京市 ', '南\u3000京\u3000市', '320100', '3201', 'Nanjing', 'nanjing', 'NANJING', 'Nanjing City']) {
      expect(code(s), s).toBe('320100')
    }
  })

  it('reads the province row as yearbooks print it', () => {
    expect(code('全 省')).toBe('320000')
    expect(code('江苏省')).toBe('320000')
    expect(code('32')).toBe('320000')
  })

  it('accepts names with apostrophes either way', () => {
    expect(code("Huai'an")).toBe('320800')
    expect(code('Huaian')).toBe('320800')
    expect(code('连云港')).toBe('320700')
  })

  it('resolves groupings by name and alias', () => {
    expect(code('苏南')).toBe('sunan')
    expect(code('沿江8市')).toBe('yangtze-city-cluster')
    expect(code('扬子江城市群')).toBe('yangtze-city-cluster')
    expect(code('南京都市圈')).toBe('nanjing-metro')
  })

  it('tells 苏州 (Jiangsu) from 宿州 (Anhui)', () => {
    expect(code('苏州')).toBe('320500')
    expect(code('宿州')).toBe('341300')
    expect(code('Suzhou')).toBe('320500')
  })

  it('reports a name shared by two districts as ambiguous, listing both', () => {
    const r = catalog.resolve('鼓楼区')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.kind).toBe('ambiguous')
    expect(r.error.candidates.map((c) => c.code).sort()).toEqual(['320106', '320302'])
  })

  it('suggests the nearest names for an unknown one', () => {
    const r = catalog.resolve('南京县')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.kind).toBe('unknown')
    expect(r.error.candidates.map((c) => c.code)).toContain('320100')
    const far = catalog.resolve('Atlantis')
    expect(far.ok).toBe(false)
    if (!far.ok) expect(far.error.candidates).toEqual([])
  })

  it('knows the hierarchy and grouping members', () => {
    expect(catalog.isWithin('320106', '320000')).toBe(true)
    expect(catalog.isWithin('340200', '320000')).toBe(false)
    expect(catalog.components('subei').map((r) => r.name)).toEqual(['徐州市', '连云港市', '淮安市', '盐城市', '宿迁市'])
    expect(catalog.children('320000')).toHaveLength(13)
  })
})
