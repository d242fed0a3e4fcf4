/**
 * data/observations/sources.yaml grades every source of the bundled data: one entry per distinct source string of
 * every file in the manifest (the yearbook table's manifest `source` included), so no bundled figure is `unrated`.
 * Read here with the yaml package and checked against the shared design (docs: SOURCES.md), independent of the
 * registry loader.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { parse as parseCsv } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'

const DATA = resolve(__dirname, '../../data/observations')
const GRADES = ['yearbook', 'bulletin', 'government', 'news', 'secondary']

interface Entry {
  source: string
  grade: string
  vintage?: string
  publisher?: string
  publisherEn?: string
  title?: string
  titleEn?: string
}
const registry = parseYaml(readFileSync(resolve(DATA, 'sources.yaml'), 'utf8')) as { schema: string; sources: Entry[]; hosts: Array<{ host: string; grade: string }> }
const manifest = parseYaml(readFileSync(resolve(DATA, 'manifest.yaml'), 'utf8')) as { files: Array<{ file: string; source?: string }> }

function bundledSources(): Set<string> {
  const out = new Set<string>()
  for (const f of manifest.files) {
    if (f.source) out.add(f.source)
    if (!f.file.endsWith('.csv')) continue
    const rows = parseCsv<Record<string, string>>(readFileSync(resolve(DATA, f.file), 'utf8'), { columns: true, bom: true })
    for (const r of rows) out.add(r.source ?? r.source_url ?? '')
  }
  return out
}

describe('data/observations/sources.yaml', () => {
  it('is a sources@1 registry with one entry per source string, each graded', () => {
    expect(registry.schema).toBe('urbmon/sources@1')
    const seen = new Set<string>()
    for (const e of registry.sources) {
      expect(seen.has(e.source), e.source).toBe(false)
      seen.add(e.source)
      expect(GRADES, e.source).toContain(e.grade)
      if (e.vintage !== undefined) expect(e.vintage, e.source).toMatch(/^(19|20)\d\d(-[01]\d-[0-3]\d)?$/)
    }
    for (const h of registry.hosts) expect(GRADES).toContain(h.grade)
  })

  it('grades every source of the bundled data (none left unrated) and lists nothing else', () => {
    const listed = new Set(registry.sources.map((e) => e.source))
    const bundled = bundledSources()
    expect(bundled.size).toBe(202)
    expect([...bundled].filter((s) => !listed.has(s))).toEqual([])
    expect([...listed].filter((s) => !bundled.has(s))).toEqual([])
  })

  it('grades by what the page is', () => {
    const grade = (s: string) => registry.sources.find((e) => e.source === s)?.grade
    expect(grade('http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm')).toBe('yearbook')
    expect(grade('https://tjj.nanjing.gov.cn/material/njnj_2024/zonghe/1-6.html')).toBe('yearbook')
    // A Wikipedia list citing a yearbook is a secondary copy; so are mirrors and aggregators.
    expect(grade('https://zh.wikipedia.org/zh-tw/江苏各地级市地区生产总值列表')).toBe('secondary')
    expect(grade('https://www.maigoo.com/news/688384.html')).toBe('secondary')
    expect(grade('http://nhuxi.com/cn/Instant/local/202403/t20240312_7587996.html')).toBe('secondary')
    expect(grade('https://m.news.shi-fen.com/china/202202/50-1225017.html')).toBe('secondary')
    expect(grade('https://www.jiangsu.gov.cn/art/2021/8/26/art_84419_10235320.html')).toBe('government')
    expect(grade('https://finance.sina.com.cn/jjxw/2022-05-02/doc-imcwipii7672840.shtml')).toBe('news')
    const yb = registry.sources.find((e) => e.source === 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm')
    expect(yb).toMatchObject({ vintage: '2019', publisher: '江苏省统计局' })
  })
})
