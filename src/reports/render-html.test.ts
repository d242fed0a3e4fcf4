import { DomUtils, parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'

import { INJECTION, SAMPLE_FOOTNOTE, SAMPLE_TITLE, sampleSpec, sampleSpecEn } from '../../test/fixtures/reports/sample-spec.js'
import { escapeHtml, renderHtml, sanitizeSvg } from './render-html.js'

type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number]

function dom(html: string) {
  const doc = parseDocument(html)
  const all = (tag: string) => DomUtils.getElementsByTagName(tag, doc, true)
  const one = (tag: string): Element => {
    const found = all(tag)[0]
    if (!found) throw new Error(`no <${tag}>`)
    return found
  }
  const byId = (id: string) => DomUtils.getElementById(id, doc)
  return { doc, all, one, byId, text: (e: Element) => DomUtils.textContent(e) }
}

describe('renderHtml', () => {
  const html = renderHtml(sampleSpec())
  const d = dom(html)

  it('is one HTML document with lang, charset, title and its CSS inline', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(d.one('html').attribs.lang).toBe('zh-CN')
    expect(html).toContain('<meta charset="utf-8">')
    expect(d.text(d.one('title'))).toBe(SAMPLE_TITLE)
    expect(d.all('style')).toHaveLength(1)
    expect(d.all('link')).toHaveLength(0)
    expect(d.all('img')).toHaveLength(0)
  })

  it('makes no outside request and runs no script', () => {
    expect(d.all('script')).toHaveLength(0)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\s(src|href|xlink:href)="(?!#|data:image\/)/i)
    expect(html).not.toMatch(/url\(\s*['"]?(https?:|\/\/)/i)
    expect(html).not.toMatch(/@import/i)
    const csp = d.all('meta').find((m) => m.attribs['http-equiv'] === 'Content-Security-Policy')
    expect(csp?.attribs.content).toContain("default-src 'none'")
  })

  it('escapes user text: the <script> note is text, not a tag', () => {
    expect(html).toContain(escapeHtml(INJECTION))
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    const note = d.all('p').find((p) => p.attribs.class === 'note')
    expect(note && d.text(note)).toBe(`填报说明：${INJECTION}`)
    expect(d.all('b')).toHaveLength(0)
  })

  it('has a cover with the title as the only h1, subtitle and meta lines', () => {
    expect(d.all('h1').map(d.text)).toEqual([SAMPLE_TITLE])
    const cover = d.one('header')
    expect(d.text(cover)).toContain('监测评估报告（征求意见稿）')
    expect(DomUtils.getElementsByTagName('li', cover).map(d.text)).toEqual(['江苏省发展和改革委员会', '2025年3月', '数据截至2024年末'])
  })

  it('has a nested table of contents whose links reach the headings', () => {
    const nav = d.one('nav')
    const links = DomUtils.getElementsByTagName('a', nav)
    expect(links.map(d.text)).toEqual(['一、总体情况', '（一）主要指标进展', '（二）城镇化率变化', '二、存在的问题', '1. 数据缺口', '资料来源'])
    for (const a of links) {
      const target = d.byId(a.attribs.href?.slice(1) ?? '')
      expect(target, a.attribs.href).not.toBeNull()
      expect(target && /^h[2-4]$/.test(target.name)).toBe(true)
      expect(target && d.text(target)).toBe(d.text(a))
    }
    // Level-2 entries sit in a list inside the level-1 entry.
    const sub = links[1]?.parent?.parent
    const subParent = sub?.parent
    expect(sub && 'name' in sub ? sub.name : undefined).toBe('ol')
    expect(subParent && 'name' in subParent ? subParent.name : undefined).toBe('li')
    expect(d.byId('sec-1')?.name).toBe('h2')
    expect(d.byId('sec-2')?.name).toBe('h3')
    expect(d.byId('sec-5')?.name).toBe('h4')
  })

  it('writes an accessible table: caption, th scope=col and scope=row, highlighted row with class and its status text', () => {
    const table = d.one('table')
    expect(d.text(DomUtils.getElementsByTagName('caption', table)[0] as Element)).toBe('表 1\u3000主要指标进展情况')
    const heads = DomUtils.getElementsByTagName('th', table).filter((th) => th.attribs.scope === 'col')
    expect(heads.map(d.text)).toEqual(['指标', '2020年基期', '2024年最新', '状态'])
    const rows = DomUtils.getElementsByTagName('tr', DomUtils.getElementsByTagName('tbody', table)[0] as Element)
    expect(rows).toHaveLength(3)
    expect(rows.map((r) => DomUtils.getElementsByTagName('th', r)[0]?.attribs.scope)).toEqual(['row', 'row', 'row'])
    expect(rows[1]?.attribs.class).toBe('hl hl-warn')
    expect(rows[0]?.attribs.class).toBeUndefined()
    expect(d.text(rows[1] as Element)).toBe('城乡居民收入比2.192.11[2]滞后')
    expect(DomUtils.getElementsByTagName('td', rows[1] as Element)[0]?.attribs.class).toBe('num')
    expect(html).toContain('<p class="table-note">注：状态按规划期进度判定。</p>')
    expect(html).toMatch(/tr\.hl-warn > \* \{ background: var\(--warn\)/)
  })

  it('links numbered footnotes to an endnote list and back', () => {
    const refs = d.all('a').filter((a) => a.attribs.role === 'doc-noteref')
    expect(refs.map((a) => [a.attribs.href, d.text(a)])).toEqual([
      ['#fn-1', '[1]'],
      ['#fn-2', '[2]'],
    ])
    const first = d.byId('fn-1')
    expect(first?.name).toBe('li')
    expect(first && d.text(first)).toContain(SAMPLE_FOOTNOTE)
    const back = first && DomUtils.getElementsByTagName('a', first)[0]
    expect(back?.attribs.href).toBe('#fnref-1')
    expect(d.byId('fnref-1')?.name).toBe('a')
    expect(d.text(d.byId('notes-title') as Element)).toBe('注释')
  })

  it('embeds figures as inline SVG with role=img, aria-label from alt and a figcaption, stripped of scripts and handlers', () => {
    const figures = d.all('figure')
    expect(figures).toHaveLength(2)
    const [first] = figures
    const body = DomUtils.getElementsByTagName('div', first as Element)[0]
    expect(body?.attribs.role).toBe('img')
    expect(body?.attribs['aria-label']).toBe('柱状图：城镇化率由2020年的73.44%升至2024年的75.5%，"逐年上升"')
    expect(html).toContain('aria-label="柱状图：城镇化率由2020年的73.44%升至2024年的75.5%，&quot;逐年上升&quot;"')
    expect(d.text(DomUtils.getElementsByTagName('figcaption', first as Element)[0] as Element)).toBe('图 1\u30002020—2024年全省常住人口城镇化率')
    const svg = DomUtils.getElementsByTagName('svg', first as Element)[0]
    expect(svg).toBeDefined()
    expect(svg?.attribs.viewbox).toBe('0 0 600 300') // htmlparser2 lowercases attribute names in HTML mode
    expect(DomUtils.getElementsByTagName('rect', svg as Element)).toHaveLength(3)
    expect(d.text(svg as Element)).toContain('城镇化率（%） & 趋势')
    for (const el of DomUtils.getElementsByTagName(() => true, d.doc, true)) {
      for (const name of Object.keys(el.attribs)) expect(name.toLowerCase().startsWith('on'), `${el.name} ${name}`).toBe(false)
    }
    expect(html).not.toMatch(/javascript:/i)
    expect(html).not.toMatch(/foreignObject/i)
    expect(d.text(DomUtils.getElementsByTagName('figcaption', figures[1] as Element)[0] as Element)).toBe('图 2\u3000设区市城镇化率分布')
  })

  it('ends with the numbered sources and prints on A4 with page breaks', () => {
    const sources = d.byId('sources')
    expect(sources && d.text(sources)).toBe('资料来源')
    expect(d.text(d.byId('source-2') as Element)).toContain('苏政办发〔2021〕48号')
    expect(d.all('div').filter((e) => e.attribs.class === 'page-break')).toHaveLength(2)
    expect(html).toContain('@page { size: A4;')
    expect(html).toMatch(/@media print \{[^]*\.page-break \{ break-after: page;/)
    expect(html).toMatch(/@media print \{[^]*thead \{ display: table-header-group; \}/)
    expect(html).toContain('"Noto Sans CJK SC"')
  })

  it('renders English reports with lang=en and English labels', () => {
    const en = renderHtml(sampleSpecEn())
    const e = dom(en)
    expect(e.one('html').attribs.lang).toBe('en')
    expect(e.text(e.one('caption'))).toBe('Table 1\u2002Indicators')
    expect(e.text(e.one('figcaption'))).toBe('Figure 1\u2002Trend')
    expect(e.text(e.one('nav'))).toContain('Contents')
    expect(e.byId('notes-title') && e.text(e.byId('notes-title') as Element)).toBe('Notes')
    expect(e.byId('sources')).toBeNull()
  })
})

describe('sanitizeSvg', () => {
  it('drops script elements, event handlers, outside links and embedded documents, and keeps the drawing', () => {
    const out = sanitizeSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" OnLoad="x()"><SCRIPT>bad()</SCRIPT><script/><g onclick = "y()"><path d="M0 0L10 10" style="fill:url(#a)"/></g>' +
        '<a xlink:href=" java\tscript:z()"><text>t &lt;b&gt;</text></a><image href="data:image/png;base64,AAAA"/><image href="//evil/x.png"/>' +
        '<rect style="fill:url(https://evil/x)"/><iframe src="https://evil"></iframe><foreignObject><p onclick="1">html</p></foreignObject></svg>',
    )
    expect(out).not.toMatch(/script/i)
    expect(out).not.toMatch(/\son\w*=/i)
    expect(out).not.toContain('evil')
    expect(out).not.toContain('iframe')
    expect(out).not.toContain('html</p>')
    expect(out).toContain('<path d="M0 0L10 10" style="fill:url(#a)"></path>')
    expect(out).toContain('<text>t &lt;b&gt;</text>')
    expect(out).toContain('href="data:image/png;base64,AAAA"')
    expect(out).toContain('viewBox="0 0 10 10"')
    expect(out.match(/viewBox=/g)).toHaveLength(1)
    expect(out.startsWith('<svg ')).toBe(true)
    expect(out.endsWith('</svg>')).toBe(true)
  })

  it('adds a viewBox from the figure size when the SVG has none, so it can scale', () => {
    expect(sanitizeSvg('<svg width="600" height="300"></svg>', { width: 600, height: 300 })).toContain('viewBox="0 0 600 300"')
  })
})

describe('escapeHtml', () => {
  it('escapes markup characters and drops control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>\u0000\u0007`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;')
  })
})
