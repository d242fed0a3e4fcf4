import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'

import { consolidatedRound as consolidatedSchema } from '../contract/rounds.js'
import { INJECTED_FINDINGS, SHA, consolidatedRound, roundNames } from '../../test/fixtures/reports/consolidated-round.js'
import { renderDocx } from './render-docx.js'
import { renderHtml } from './render-html.js'
import type { Block, Inline, ReportSpec } from './report-spec.js'
import { buildRoundReport, chineseNumber, formatMeanCi, formatRank } from './round-report.js'

const AT = '2024-07-03T10:15:00.000Z'
const zhSpec = () => buildRoundReport({ lang: 'zh', consolidated: consolidatedRound(), names: roundNames, generatedAt: AT })
const enSpec = () => buildRoundReport({ lang: 'en', consolidated: consolidatedRound(), names: roundNames, generatedAt: AT })

const text = (cell: Inline | undefined): string => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text)
type Table = Extract<Block, { kind: 'table' }>
function table(spec: ReportSpec, caption: string): Table {
  const t = spec.blocks.find((b): b is Table => b.kind === 'table' && b.caption === caption)
  if (!t) throw new Error(`no table "${caption}" among ${spec.blocks.flatMap((b) => (b.kind === 'table' ? [b.caption] : [])).join(' | ')}`)
  return t
}
const rows = (t: Table) => t.rows.map((r) => r.map(text))
const headings = (spec: ReportSpec) => spec.blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : []))
const allText = (spec: ReportSpec) =>
  spec.blocks
    .map((b) =>
      b.kind === 'paragraph'
        ? b.content.map(text).join('')
        : b.kind === 'bullets'
          ? b.items.map((i) => i.map(text).join('')).join('\n')
          : b.kind === 'table'
            ? rows(b)
                .map((r) => r.join(' | '))
                .join('\n')
            : b.kind === 'heading'
              ? b.text
              : '',
    )
    .join('\n')

describe('buildRoundReport', () => {
  it('is fed a value the contract accepts', () => {
    expect(consolidatedSchema.safeParse(consolidatedRound()).success).toBe(true)
  })

  it('has the title page: kind, year, scope, dates and who evaluated', () => {
    const spec = zhSpec()
    expect(spec.title).toBe('江苏省新型城镇化规划中期评估（2023）')
    expect(spec.subtitle).toBe('《江苏省“十四五”新型城镇化规划》2023 年中期评估汇总报告')
    expect(spec.meta).toEqual([
      '评估类型：中期评估　评估年度：2023 年　轮次编号：7',
      '评估范围：南京市、无锡市',
      '自评截止：2024-03-31　第三方评估截止：2024-05-31　汇总截止：2024-06-30',
      '发起：admin（2024-01-15）　当前阶段：已结束（2024-07-02 结束）',
      '第三方评估人：evaluator-a（南京市、无锡市）',
      '生成时间：2024-07-03 10:15 UTC',
    ])
  })

  it('has every section, numbered as Chinese reports number them', () => {
    expect(headings(zhSpec())).toEqual([
      '一、评估概况与总体结论',
      '二、分目标评估',
      '（一）常住人口城镇化率达到75%以上',
      '（二）城乡居民人均可支配收入比缩小到2.15以下',
      '（三）经济总量超万亿城市达到6个',
      '三、分城市评估',
      '（一）南京市',
      '（二）无锡市',
      '四、附件',
      '附件一　佐证材料清单',
      '附件二　引用数据及来源',
    ])
    expect([1, 10, 11, 13, 20, 21, 99, 100].map(chineseNumber)).toEqual(['一', '十', '十一', '十三', '二十', '二十一', '九十九', '100'])
  })

  it('counts targets by computed status (one of three each: 33.3 %)', () => {
    expect(rows(table(zhSpec(), '规划目标计算状态汇总'))).toEqual([
      ['符合预期', '1', '33.3%'],
      ['存在风险', '1', '33.3%'],
      ['未计算', '1', '33.3%'],
      ['合计', '3', '100%'],
    ])
  })

  it('states the agreement: 5 target × city items, 4 with both ratings, 2 agree (50 %), 1 flagged, 2 disagreements', () => {
    const all = allText(zhSpec())
    expect(all).toContain('目标 × 城市共 5 项，自评与评估等级均已给出的 4 项中，一致 2 项（50%），不一致 2 项。')
    expect(all).toContain('1 项自评等级高于计算状态，已自动提示评估人。')
    expect(all).toContain('分歧事项：共 2 项')
    expect(rows(table(zhSpec(), '自评、评估与计算状态分歧一览'))).toEqual([
      ['常住人口城镇化率达到75%以上', '南京市', '已实现', '存在风险', '存在风险'],
      ['经济总量超万亿城市达到6个', '南京市', '明显滞后', '存在风险', '未计算'],
    ])
  })

  it('gives each target its computed status, trend and figures, each city’s self-rating, rating and findings, and its disagreements', () => {
    const spec = zhSpec()
    const t = table(spec, '常住人口城镇化率达到75%以上：各市自评与第三方评估')
    expect(rows(t)).toEqual([
      ['南京市', '已实现', '存在风险', '62.5', INJECTED_FINDINGS, '自评优于数据'],
      ['无锡市', '符合预期', '符合预期', '80', '进展符合预期', '—'],
    ])
    expect(t.highlight).toEqual([
      { row: 0, tone: 'warn' },
      { row: 1, tone: 'good' },
    ])
    const all = allText(spec)
    expect(all).toContain('计算状态：存在风险，趋势：向好，最新值：73.94%（2022 年），预测值：74.6%，达标概率：42%，预警 1 条。')
    expect(all).toContain('南京市：自评“已实现”，评估“存在风险”，计算状态“存在风险”。')
    expect(all).toContain('计算状态：未计算，趋势：—，最新值：暂无数据，预测值：—，达标概率：—。')
    expect(rows(table(spec, '城乡居民人均可支配收入比缩小到2.15以下：各市自评与第三方评估'))).toEqual([
      ['南京市', '符合预期', '符合预期', '85', '—', '—'],
      ['无锡市', '未自评', '未评级', '—', '—', '—'],
    ])
    expect(all).toContain('本目标自评、评估与计算状态无分歧。')
  })

  it('footnotes a computed figure with the cited source of the same cell', () => {
    const spec = zhSpec()
    const para = spec.blocks.find((b) => b.kind === 'paragraph' && b.content.some((c) => text(c).startsWith('73.94%')))
    const cell = para?.kind === 'paragraph' ? para.content.find((c) => text(c).startsWith('73.94%')) : undefined
    const note = '常住人口城镇化率，江苏省，2022 年：73.94。来源：江苏统计年鉴2023（来源等级：统计年鉴；观测值 #502）'
    expect(cell).toEqual({ text: '73.94%（2022 年）', footnote: note })
    expect(spec.sources).toEqual([note])
  })

  it('gives each city its self-evaluation summary, survey (mean, 95 % interval, n; 样本不足 below the minimum) and index rank with its interval', () => {
    const spec = zhSpec()
    const all = allText(spec)
    // Status order, not the order the server sent: 已实现, 符合预期, 明显滞后.
    expect(all).toContain('评估事项 5 项，已提交 5 项，经省级审核受理 4 项；自评等级：已实现 1，符合预期 1，明显滞后 1。')
    expect(all).toContain('得分 0.612，排名第 2 位（90% 区间 1–3 位）。')
    expect(rows(table(spec, '南京市：社会满意度调查结果'))).toEqual([
      ['宜居环境', '32', '3.81', '3.50–4.12'],
      ['公共服务', '12', '样本不足', '—'],
    ])
    expect(all).toContain('暂无社会满意度调查结果。')
    expect(rows(table(spec, '各市自评进度与综合指数排名'))).toEqual([
      ['南京市', '5', '5', '4', '0.612', '2（1–3）'],
      ['无锡市', '4', '3', '3', '0.7', '1'],
    ])
    expect(formatMeanCi(4.125, 3.9951, 4.2549, false)).toBe('4.13 (4.00–4.25)')
    expect(formatRank(3, 3, 3, true)).toBe('3')
    expect(formatRank(null, null, null, true)).toBe('—')
  })

  it('lists every evidence file (name, size, SHA-256, item) and every cited figure with its source and grade', () => {
    const spec = zhSpec()
    expect(rows(table(spec, '佐证材料（文件名、大小、SHA-256 校验值与所属事项）'))).toEqual([
      ['11', '南京自评佐证.pdf', '123,456', SHA, '南京市', '目标 urbanization-2025 常住人口城镇化率达到75%以上'],
      ['12', 'wuxi-<b>.png', '2,048', 'cd'.repeat(32), '无锡市', '任务 T-3-1 深化户籍制度改革'],
    ])
    expect(rows(table(spec, '自评引用的数据（指标、地区、年份、数值、来源及来源等级）'))).toEqual([
      ['#501', '常住人口城镇化率', '南京市', '2022', '87.01%', '南京统计年鉴2023', '统计年鉴'],
      ['#502', '常住人口城镇化率', '江苏省', '2022', '73.94%', '江苏统计年鉴2023', '统计年鉴'],
    ])
  })

  it('says so when a round has no disagreement, evidence, citation or survey', () => {
    const c = consolidatedRound()
    const bare = {
      ...c,
      round: { ...c.round, survey: null, evaluators: [] },
      targets: c.targets.map((t) => ({ ...t, disagreements: [] })),
      cities: c.cities.map((x) => ({ ...x, survey: [] })),
      evidence: [],
      sources: [],
    }
    const spec = buildRoundReport({ lang: 'zh', consolidated: bare, names: roundNames, generatedAt: AT })
    const all = allText(spec)
    for (const s of ['各目标自评、评估与计算状态无分歧。', '本轮评估未开展社会满意度调查。', '本轮评估未上传佐证材料。', '自评中未引用入库数据。']) expect(all).toContain(s)
    expect(spec.meta).toContain('第三方评估人：未指派')
    expect(spec.sources).toBeUndefined()
  })

  it('is written in English when asked, with English names', () => {
    const spec = enSpec()
    expect(spec.title).toBe('Mid-term evaluation of the Jiangsu urbanization plan (2023)')
    expect(spec.subtitle).toBe('Mid-term evaluation of the Jiangsu 14th Five-Year New Urbanization Plan, 2023: consolidated report')
    expect(headings(spec).slice(0, 3)).toEqual(['1. Overview and summary', '2. Targets', '2.1 Resident urbanization rate above 75 %'])
    expect(rows(table(spec, 'Nanjing: satisfaction survey'))).toEqual([
      ['Living environment', '32', '3.81', '3.50–4.12'],
      ['Public services', '12', 'Sample too small', '—'],
    ])
    expect(allText(spec)).toContain('Computed status: At risk, trend: improving, latest: 73.94% (2022), forecast: 74.6%, probability of meeting it: 42%, 1 warnings.')
  })
})

describe('the consolidated report rendered', () => {
  it('as HTML keeps a findings text with <script> as text', () => {
    const html = renderHtml(zhSpec())
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 数据不支持“已实现”')
    expect(html).toContain('wuxi-&lt;b&gt;.png')
    expect(html).toContain('<h1>江苏省新型城镇化规划中期评估（2023）</h1>')
    expect(html).toContain('样本不足')
  })

  it('as DOCX opens, with the headings, tables and the escaped findings in word/document.xml', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(zhSpec()))
    const doc = await zip.file('word/document.xml')!.async('string')
    const words = [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    expect(doc).toMatch(/w:pStyle w:val="Heading1"/)
    // Status counts, disagreements, three targets, cities, one survey, evidence and sources.
    expect((doc.match(/<w:tbl>/g) ?? []).length).toBe(9)
    expect(words).toContain('中期评估汇总报告')
    expect(words).toContain('&lt;script&gt;alert')
    expect(words).toContain(SHA)
    expect(words).toContain('样本不足')
    const footnotes = await zip.file('word/footnotes.xml')!.async('string')
    expect(footnotes).toContain('江苏统计年鉴2023')
  })
})
