/**
 * The mid-term and final reports on the bundled data: each says which year's figures its index uses (mid-term 2023;
 * final 2025, or the latest year with enough data, said so), names every method in words in the report's language,
 * English reports number chapters in digits, and the DOCX keeps figure cells on one line.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import JSZip from 'jszip'
import { parse as parseYaml } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'

import { cli } from '../helpers/cli.js'
import { bundledStore } from '../helpers/templates.js'
import { textWidthTwips } from '../../src/reports/render-docx.js'

const text = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')

describe('mid-term and final reports', () => {
  let dir: string
  const out: Record<string, string> = {}
  beforeAll(async () => {
    const db = await bundledStore()
    dir = dirname(db)
    for (const [name, args] of [
      ['midterm-zh.html', ['report', '--kind', 'midterm']],
      ['final-zh.docx', ['report', '--kind', 'final']],
      ['final-en.html', ['--lang', 'en', 'report', '--kind', 'final']],
    ] as const) {
      const file = join(dir, name)
      const lang = args[0] === '--lang' ? ['--lang', 'en'] : []
      const rest = args[0] === '--lang' ? args.slice(2) : args
      const r = await cli(['--db', db, ...lang, ...rest, '--out', file])
      expect(r.code, r.err).toBe(0)
      out[name] = file
    }
  }, 180_000)

  it('mid-term uses 2023 data; final falls back to 2024 (2025 covers one dimension) and says so', () => {
    const mid = text(readFileSync(out['midterm-zh.html']!, 'utf8'))
    expect(mid).toContain('本章综合指数采用 2023 年数据。')
    const fin = text(readFileSync(out['final-en.html']!, 'utf8'))
    expect(fin).toContain('The 2025 figures are not yet enough for an index covering at least 3 dimensions; this chapter uses 2024, the latest year with enough data.')
  })

  it('names every method in words, in Chinese and in English', async () => {
    const mid = text(readFileSync(out['midterm-zh.html']!, 'utf8'))
    expect(mid).toContain('方法：极差（最小–最大）标准化、等权重、加权算术平均合成')
    expect(mid).not.toMatch(/minmax|equal 权重|arithmetic/)
    const en = text(readFileSync(out['final-en.html']!, 'utf8'))
    expect(en).toContain('Method: min–max normalisation, equal weights, weighted arithmetic aggregation')
    const zip = await JSZip.loadAsync(readFileSync(out['final-zh.docx']!))
    const doc = await zip.file('word/document.xml')!.async('string')
    expect(doc).toContain('极差（最小–最大）标准化')
    expect(doc).not.toMatch(/minmax 标准化|equal 权重/)
  })

  it('English report: chapters numbered in digits, no Chinese numerals, full-width brackets or department names in its tables', () => {
    const html = readFileSync(out['final-en.html']!, 'utf8')
    const headings = [...html.matchAll(/<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))
    expect(headings.length).toBeGreaterThan(10)
    expect(headings.filter((h) => /[一二三四五六七八九十]/.test(h))).toEqual([])
    expect(headings).toContain('1. Foundations')
    const body = text(html)
    expect(body).not.toMatch(/\d（\d{4}）/)
    // The cover: issuer and document number in English.
    const cover = body.slice(0, body.indexOf('1. Overview'))
    expect(cover).toContain('Plan: General Office of the Jiangsu Provincial People’s Government (Su Zheng Ban Fa [2021] No. 48)')
    expect(cover).not.toMatch(/[\u4e00-\u9fff]/)
    // The chapters' task tables and the follow-up table (the warnings list is the warnings module's text).
    const tasks = body.slice(body.indexOf('2. Targets and tasks by chapter', body.indexOf('1. Overview')), body.indexOf('Warnings, most serious first'))
    expect(tasks.length).toBeGreaterThan(1000)
    expect(tasks).not.toMatch(/[\u4e00-\u9fff]/)
    expect(tasks).toContain('Provincial Development and Reform Commission')
  })

  it('names each cited source with its grade from the bundled registry', () => {
    const registry = parseYaml(readFileSync(join(__dirname, '../../data/observations/sources.yaml'), 'utf8')) as { sources: Array<{ source: string; grade: string }> }
    const gradeOf = new Map(registry.sources.map((x) => [x.source, x.grade]))
    const words: Record<string, string> = { 统计年鉴: 'yearbook', 统计公报: 'bulletin', 政府发布: 'government', 新闻报道: 'news', 二手来源: 'secondary' }
    const html = readFileSync(out['midterm-zh.html']!, 'utf8')
    const cited = [...html.matchAll(/(https?:\/\/[^\s<（]+)（来源等级：([^）]+)）/g)].map((m) => [m[1]!.replace(/&amp;/g, '&'), m[2]!] as const)
    expect(cited.length).toBeGreaterThan(10)
    for (const [url, word] of cited) expect([url, words[word]]).toEqual([url, gradeOf.get(url)])
    // The 2019 yearbook table is cited as a yearbook.
    expect(cited.some(([url, word]) => url === 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm' && word === '统计年鉴')).toBe(true)
  })

  it('DOCX: figure cells carry w:noWrap and their column is wide enough for the longest figure', async () => {
    const zip = await JSZip.loadAsync(readFileSync(out['final-zh.docx']!))
    const doc = await zip.file('word/document.xml')!.async('string')
    const cells = [...doc.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => m[1]!)
    const withText = (t: string) => cells.filter((c) => c.includes(`>${t}<`))
    // The urbanisation target's baseline, which used to break as "73.44（20" / "20）".
    const baseline = withText('73.44（2020）')
    expect(baseline.length).toBeGreaterThan(0)
    for (const c of baseline) {
      expect(c).toMatch(/<w:tcPr>.*<w:noWrap\/>.*<w:vAlign/)
      const width = Number(/<w:tcW w:type="dxa" w:w="(\d+)"/.exec(c)?.[1])
      // 10.5 pt table text: 9 Latin characters × 0.55 em + 2 full-width brackets × 1 em = 6.95 em = 1460 twips
      // (20 twips a point), plus 160 twips of cell margins.
      expect(textWidthTwips('73.44（2020）', 10.5)).toBe(1460)
      expect(width).toBeGreaterThanOrEqual(textWidthTwips('73.44（2020）', 10.5) + 160)
    }
    // Prose cells (a target's name) wrap as usual.
    const prose = cells.filter((c) => c.includes('常住人口城镇化率达到'))
    expect(prose.length).toBeGreaterThan(0)
    for (const c of prose) expect(c).not.toContain('<w:noWrap/>')
  })
})
