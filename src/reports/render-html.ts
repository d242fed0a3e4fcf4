/**
 * Renders a ReportSpec as one self-contained HTML file: inline CSS, inline SVG figures, no script and no request
 * to anywhere (a Content-Security-Policy meta tag enforces it), readable on screen and printable on A4.
 *
 * - Every text from the spec is escaped: titles, cells, captions, notes and footnotes can hold user-entered text.
 *   Figure SVG comes from our chart renderer and is trusted, but is still re-serialised through a parser that
 *   drops `<script>`, `<foreignObject>` and embedded documents, every `on*` attribute, and links other than
 *   in-document (`#id`) and `data:image/` ones.
 * - Accessibility: one `<h1>` (the title), spec headings as h2–h4, a `<nav>` table of contents linking to them,
 *   tables with `<caption>`, `<th scope="col">` headers and the first cell of each row as `<th scope="row">`,
 *   figures as `<figure>` with `<figcaption>` and the SVG wrapped in `role="img"` with `aria-label` from `alt`,
 *   footnotes as numbered links (`doc-noteref`) to an endnote list with links back.
 * - Highlighted rows get `class="hl hl-<tone>"`; their text (the status label) stays as written.
 * - Print: A4 pages with page numbers, the cover on a page of its own, `pageBreak` blocks honoured, table
 *   headers repeated, rows, figures and headings not split from what follows.
 * @module
 */
import { Parser } from 'htmlparser2'

import type { Block, Inline, ReportSpec } from './report-spec.js'

type Lang = ReportSpec['lang']

const LABELS = {
  zh: {
    htmlLang: 'zh-CN',
    toc: '目录',
    notes: '注释',
    sources: '资料来源',
    table: '表',
    figure: '图',
    captionGap: '\u3000',
    notePrefix: '注：',
    noteRef: (n: number) => `注释 ${n}`,
    backToText: (n: number) => `返回正文注释 ${n} 处`,
  },
  en: {
    htmlLang: 'en',
    toc: 'Contents',
    notes: 'Notes',
    sources: 'Sources',
    table: 'Table',
    figure: 'Figure',
    captionGap: '\u2002',
    notePrefix: 'Note: ',
    noteRef: (n: number) => `Note ${n}`,
    backToText: (n: number) => `Back to note ${n} in the text`,
  },
} as const

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values, and drops the characters
 * HTML does not allow (C0 controls other than tab/newline/CR, unpaired surrogates).
 */
export function escapeHtml(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '',
    )
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

/** Elements dropped from figure SVG with everything inside them. */
const DROPPED_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'audio', 'video', 'handler', 'listener'])
/** Attributes that hold a link: only `#fragment` and `data:image/` values are kept. */
const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'action', 'formaction'])

/**
 * Re-serialises trusted SVG markup for inline use, defensively: no `<script>` (or other active or embedded
 * content), no `on*` event attributes, no link out of the document (which would also be an outside request). Text
 * and attribute values are re-escaped, comments, processing instructions and doctypes dropped.
 */
export function sanitizeSvg(svg: string, size?: { readonly width: number; readonly height: number }): string {
  let out = ''
  let skipDepth = 0
  let root = true
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipDepth > 0 || DROPPED_ELEMENTS.has(name.toLowerCase())) {
          skipDepth++
          return
        }
        const attrs: Array<[string, string]> = []
        for (const [key, value] of Object.entries(attribs)) {
          const lower = key.toLowerCase()
          if (lower.startsWith('on')) continue
          if (!/^[A-Za-z_:][-A-Za-z0-9_:.]*$/.test(key)) continue
          if (LINK_ATTRIBUTES.has(lower)) {
            // Control characters and whitespace inside a URL are ignored by browsers ("java\tscript:").
            // eslint-disable-next-line no-control-regex
            const v = value.replace(/[\u0000-\u0020]/g, '').toLowerCase()
            if (!(v.startsWith('#') || v.startsWith('data:image/'))) continue
          }
          if (lower === 'style' && /url\s*\(\s*['"]?\s*(?!#|data:)/i.test(value)) continue
          attrs.push([key, value])
        }
        if (root && name.toLowerCase() === 'svg') {
          if (size !== undefined && !attrs.some(([k]) => k === 'viewBox') && size.width > 0 && size.height > 0) {
            attrs.push(['viewBox', `0 0 ${size.width} ${size.height}`])
          }
          attrs.push(['focusable', 'false'])
        }
        root = false
        out += `<${name}${attrs.map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('')}>`
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--
          return
        }
        out += `</${name}>`
      },
      ontext(text) {
        if (skipDepth === 0) out += escapeHtml(text)
      },
    },
    { xmlMode: true, decodeEntities: true },
  )
  parser.write(svg)
  parser.end()
  return out
}

interface Heading {
  readonly id: string
  readonly level: 1 | 2 | 3
  readonly text: string
}

class HtmlBuilder {
  readonly notes: string[] = []
  readonly headings: Heading[] = []
  private tableCount = 0
  private figureCount = 0
  readonly labels

  constructor(readonly lang: Lang) {
    this.labels = LABELS[lang]
  }

  inline(content: ReadonlyArray<Inline>): string {
    return content
      .map((item) => {
        if (typeof item === 'string') return escapeHtml(item)
        const text = item.bold === true ? `<strong>${escapeHtml(item.text)}</strong>` : escapeHtml(item.text)
        if (item.footnote === undefined) return text
        this.notes.push(item.footnote)
        const n = this.notes.length
        return `${text}<sup class="fnref"><a id="fnref-${n}" href="#fn-${n}" role="doc-noteref" aria-label="${escapeHtml(this.labels.noteRef(n))}">[${n}]</a></sup>`
      })
      .join('')
  }

  /** Headings are numbered in order; the table of contents is filled in once every block is rendered. */
  collectHeadings(blocks: ReadonlyArray<Block>, sources: boolean): void {
    let n = 0
    for (const b of blocks) if (b.kind === 'heading') this.headings.push({ id: `sec-${++n}`, level: b.level, text: b.text })
    if (sources) this.headings.push({ id: 'sources', level: 1, text: this.labels.sources })
  }

  private headingIndex = 0

  block(block: Block): string {
    switch (block.kind) {
      case 'heading': {
        const h = this.headings[this.headingIndex++]
        const tag = `h${block.level + 1}`
        return `<${tag} id="${h?.id ?? ''}">${escapeHtml(block.text)}</${tag}>`
      }
      case 'paragraph': {
        const cls = block.style === 'note' ? ' class="note"' : block.style === 'lead' ? ' class="lead"' : ''
        return `<p${cls}>${this.inline(block.content)}</p>`
      }
      case 'bullets':
        return `<ul>${block.items.map((item) => `<li>${this.inline(item)}</li>`).join('')}</ul>`
      case 'table':
        return this.table(block)
      case 'figure':
        return this.figure(block)
      case 'pageBreak':
        return '<div class="page-break" aria-hidden="true"></div>'
      case 'toc':
        return this.toc()
    }
  }

  private toc(): string {
    // Nested lists: a level-3 heading straight under a level-1 one is nested one level only.
    let html = ''
    let depth = 0
    for (const h of this.headings) {
      const target = Math.min(h.level, depth + 1)
      if (depth === 0 || target > depth) {
        html += '<ol>'
      } else {
        html += '</li>'
        while (depth > target) {
          html += '</ol></li>'
          depth--
        }
      }
      html += `<li><a href="#${h.id}">${escapeHtml(h.text)}</a>`
      depth = target
    }
    while (depth > 0) {
      html += '</li></ol>'
      depth--
    }
    return `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">${escapeHtml(this.labels.toc)}</h2>${html}</nav>`
  }

  private table(block: Extract<Block, { kind: 'table' }>): string {
    const n = ++this.tableCount
    const weights = block.columns.map((c) => (c.width !== undefined && Number.isFinite(c.width) && c.width > 0 ? c.width : 1))
    const total = weights.reduce((a, b) => a + b, 0)
    const cols = weights.map((w) => `<col style="width:${((100 * w) / total).toFixed(2)}%">`).join('')
    const alignClass = (i: number) => {
      const a = block.columns[i]?.align
      return a === 'right' ? ' class="num"' : a === 'center' ? ' class="center"' : ''
    }
    const tones = new Map<number, string>()
    for (const h of block.highlight ?? []) tones.set(h.row, h.tone)
    const head = block.columns.map((c, i) => `<th scope="col"${alignClass(i)}>${escapeHtml(c.title)}</th>`).join('')
    const rows = block.rows
      .map((row, r) => {
        const tone = tones.get(r)
        const cells = block.columns
          .map((_c, i) => {
            const cell = row[i]
            const content = cell === undefined ? '' : this.inline([cell])
            return i === 0 ? `<th scope="row"${alignClass(i)}>${content}</th>` : `<td${alignClass(i)}>${content}</td>`
          })
          .join('')
        return `<tr${tone === undefined ? '' : ` class="hl hl-${tone}"`}>${cells}</tr>`
      })
      .join('\n')
    const caption = `<span class="label">${escapeHtml(`${this.labels.table} ${n}`)}</span>${this.labels.captionGap}${escapeHtml(block.caption)}`
    let note = ''
    if (block.note !== undefined && block.note.trim() !== '') {
      const text = /^(注|Note)/i.test(block.note.trim()) ? block.note : `${this.labels.notePrefix}${block.note}`
      note = `<p class="table-note">${escapeHtml(text)}</p>`
    }
    return `<div class="table-block" id="table-${n}"><div class="table-scroll"><table><caption>${caption}</caption><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>${note}</div>`
  }

  private figure(block: Extract<Block, { kind: 'figure' }>): string {
    const n = ++this.figureCount
    const svg = sanitizeSvg(block.svg, { width: block.width, height: block.height })
    const caption = `<span class="label">${escapeHtml(`${this.labels.figure} ${n}`)}</span>${this.labels.captionGap}${escapeHtml(block.caption)}`
    const maxWidth = block.width > 0 && Number.isFinite(block.width) ? ` style="max-width:${Math.round(block.width)}px"` : ''
    return `<figure id="figure-${n}"><div class="figure-body" role="img" aria-label="${escapeHtml(block.alt)}"${maxWidth}>${svg}</div><figcaption>${caption}</figcaption></figure>`
  }

  endnotes(): string {
    if (this.notes.length === 0) return ''
    const items = this.notes
      .map((note, i) => {
        const n = i + 1
        return `<li id="fn-${n}" role="doc-endnote">${escapeHtml(note)} <a href="#fnref-${n}" role="doc-backlink" aria-label="${escapeHtml(this.labels.backToText(n))}">↩</a></li>`
      })
      .join('\n')
    return `<section class="endnotes" role="doc-endnotes" aria-labelledby="notes-title"><h2 id="notes-title">${escapeHtml(this.labels.notes)}</h2><ol>\n${items}\n</ol></section>`
  }

  sources(sources: ReadonlyArray<string>): string {
    if (sources.length === 0) return ''
    const items = sources.map((s, i) => `<li id="source-${i + 1}">${escapeHtml(s)}</li>`).join('\n')
    return `<section class="sources" aria-labelledby="sources"><h2 id="sources">${escapeHtml(this.labels.sources)}</h2><ol>\n${items}\n</ol></section>`
  }
}

const FONT_SANS = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif'
const FONT_SERIF = '"Songti SC", "STSong", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif'

const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #8c8c8c; --head: #ececec;
  --good: #e2efda; --warn: #fff2cc; --bad: #f8d7d7; --none: #f2f2f2; --link: #0b4f9c; }
* { box-sizing: border-box; }
html { font-family: ${FONT_SANS}; color: var(--ink); background: #fff; line-height: 1.8; font-size: 16px;
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.25rem 4rem; }
:lang(zh) p { text-align: justify; }
:lang(zh) main > p:not(.note) { text-indent: 2em; }
h1, h2, h3, h4 { line-height: 1.4; font-weight: 700; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.9rem; margin: 0 0 .75rem; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 .8rem; }
h3 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; }
h4 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
a { color: var(--link); }
p { margin: 0 0 .6em; orphans: 2; widows: 2; }
p.lead { font-family: ${FONT_SERIF}; font-size: 1.08rem; }
p.note, .table-note { font-size: .9rem; color: var(--muted); }
strong { font-weight: 700; }
ul, ol { padding-left: 2em; }
.cover { text-align: center; padding: 3rem 0 2rem; border-bottom: 1px solid var(--rule); margin-bottom: 2rem; }
.cover .subtitle { font-family: ${FONT_SERIF}; font-size: 1.25rem; margin: 0 0 2rem; text-align: center; }
.cover .meta { list-style: none; padding: 0; margin: 0; color: var(--muted); }
.toc { margin: 0 0 2rem; }
.toc ol { list-style: none; padding-left: 1.5em; margin: 0; }
.toc > ol { padding-left: 0; }
.toc li { margin: .15em 0; }
.toc a { text-decoration: none; }
.toc a:hover, .toc a:focus { text-decoration: underline; }
.table-block { margin: 1.5rem 0; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; line-height: 1.5; font-variant-numeric: tabular-nums; }
caption { caption-side: top; font-weight: 700; padding: 0 0 .5rem; text-align: center; }
th, td { border: 1px solid var(--rule); padding: .35em .6em; vertical-align: middle; text-align: left; }
thead th { background: var(--head); text-align: center; }
tbody th { font-weight: 400; }
.num { text-align: right; } .center { text-align: center; }
thead th.num { text-align: center; }
tr.hl-good > * { background: var(--good); }
tr.hl-warn > * { background: var(--warn); }
tr.hl-bad > * { background: var(--bad); }
tr.hl-none > * { background: var(--none); }
tr.hl > :first-child { box-shadow: inset 4px 0 0 rgba(0,0,0,.35); }
.table-note { margin-top: .4rem; }
figure { margin: 1.75rem 0; text-align: center; }
.figure-body { margin: 0 auto; }
.figure-body svg { display: block; width: 100%; height: auto; max-width: 100%; }
figcaption { font-weight: 700; margin-top: .5rem; font-size: .95rem; }
figcaption .label, caption .label { font-weight: 700; }
.fnref { font-size: .75em; line-height: 0; }
.fnref a { text-decoration: none; }
.endnotes, .sources { margin-top: 2.5rem; border-top: 1px solid var(--rule); font-size: .92rem; }
.endnotes li:target, .fnref a:target { background: #fff2cc; }
.page-break { height: 0; }
@page { size: A4; margin: 25mm 20mm 22mm; @bottom-center { content: counter(page); font-size: 10pt; } }
@media print {
  html { font-size: 12pt; line-height: 1.7; }
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  .cover { border: 0; min-height: 200mm; display: flex; flex-direction: column; justify-content: center; break-after: page; page-break-after: always; }
  .page-break { break-after: page; page-break-after: always; }
  .table-scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, figure, .figure-body { break-inside: avoid; page-break-inside: avoid; }
  caption { break-after: avoid; }
  .endnotes li a[role="doc-backlink"] { display: none; }
}
`

/**
 * The report as one HTML document (UTF-8 string). Footnotes become numbered links to an endnote list ("注释"),
 * `sources` a numbered list at the end ("资料来源"), both in the table of contents when it has entries.
 */
export function renderHtml(spec: ReportSpec): string {
  const b = new HtmlBuilder(spec.lang)
  const sources = spec.sources ?? []
  b.collectHeadings(spec.blocks, sources.length > 0)
  const main = spec.blocks.map((block) => b.block(block)).join('\n')
  const meta = spec.meta.length === 0 ? '' : `<ul class="meta">${spec.meta.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>`
  const subtitle = spec.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(spec.subtitle)}</p>`
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
  return `<!DOCTYPE html>
<html lang="${b.labels.htmlLang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="urbmon">
<title>${escapeHtml(spec.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="cover">
<h1>${escapeHtml(spec.title)}</h1>
${subtitle}
${meta}
</header>
<main>
${main}
</main>
${b.endnotes()}
${b.sources(sources)}
</body>
</html>
`
}
