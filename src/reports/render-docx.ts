/**
 * Renders a ReportSpec as an editable Word document (.docx) for the offices that restyle and finish the report.
 *
 * Everything a Word user restyles is a named style, never direct formatting: the headings are Word's own
 * Heading 1–3 (so the navigation pane, the TOC field and "modify style" work), body text is "Body Text"
 * (正文文本), lists are "List Paragraph", captions "Caption" (题注), and the table of contents is a real TOC field
 * that Word updates when the document is opened (`updateFields`).
 *
 * Typography follows 党政机关公文格式 (GB/T 9704-2012) where a report can:
 * - A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (the 156 × 225 mm 版心 of GB/T 9704).
 * - East Asian fonts declared in the styles (`w:eastAsia`): body 仿宋 (FangSong), level-1 headings and the title
 *   黑体 (SimHei), level-2 headings 楷体 (KaiTi), level-3 headings bold 仿宋, as 公文 orders its headings
 *   (一、 黑体, （一） 楷体, 1. 仿宋加粗). Latin text and digits are Times New Roman (headings Arial).
 *   A .docx cannot declare a fallback list, so a machine without these fonts substitutes its own CJK font.
 * - Body 四号 (14 pt) with 1.5 line spacing and a two-character first-line indent by default: 公文 use 三号 (16 pt),
 *   but a monitoring report with many tables reads better and runs to fewer pages at 14 pt; `bodySizePt: 16`
 *   gives the 公文 size, 12 pt (小四) a compact one. Headings are 三号 (16 pt) in every case, the title 二号
 *   (22 pt), tables and source notes 五号 (10.5 pt), footnotes 小五 (9 pt).
 * - Page numbers centred in the footer as "— 1 —" (公文's 一字线 style; plain "1" in English), counted from the first
 *   page after the cover; the cover has none.
 * - Tables: full text width, single 0.5 pt borders, header row shaded grey, bold and repeated on every page, rows
 *   never split across pages; a highlighted row is shaded lightly by tone and keeps all its text (the status is
 *   written in the row, so it is never carried by colour alone).
 * - Table captions above the table (表 1), figure captions below the figure (图 1), numbered with SEQ fields so Word
 *   keeps the numbering when tables are moved; English reports say Table 1 / Figure 1.
 * @module
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  FootnoteReferenceRun,
  Footer,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  SectionType,
  ShadingType,
  SimpleField,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx'
import type { IBaseParagraphStyleOptions, IParagraphStyleOptions, IRunOptions, ParagraphChild } from 'docx'

import type { Block, Inline, ReportSpec } from './report-spec.js'

export interface DocxOptions {
  /** Body text size in points: 14 (四号, default), 16 (三号, the 公文 size) or 12 (小四). */
  readonly bodySizePt?: 12 | 14 | 16
}

type Lang = ReportSpec['lang']
type Tone = 'good' | 'warn' | 'bad' | 'none'

/** Twips (1/20 pt) per millimetre. */
const MM = 1440 / 25.4
const PAGE = { width: 11906, height: 16838 } as const
const MARGIN = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
  header: Math.round(15 * MM),
  footer: Math.round(25 * MM),
} as const
/** The text width (版心 width, 156 mm) in twips. */
export const DOCX_TEXT_WIDTH_TWIPS = PAGE.width - MARGIN.left - MARGIN.right
const TEXT_HEIGHT_TWIPS = PAGE.height - MARGIN.top - MARGIN.bottom
/** docx sizes images in pixels at 96 per inch. */
const TWIPS_PER_PX = 1440 / 96
/** A figure never takes more than this share of the text height, so its caption fits below it on the page. */
const MAX_FIGURE_HEIGHT_SHARE = 0.6

export const DOCX_FONTS = {
  body: { eastAsia: '仿宋', ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' },
  heading1: { eastAsia: '黑体', ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial' },
  heading2: { eastAsia: '楷体', ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial' },
  heading3: { eastAsia: '仿宋', ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' },
  title: { eastAsia: '黑体', ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial' },
  lead: { eastAsia: '楷体', ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' },
} as const

/** Light fills for highlighted rows; the row's own text says the status. */
export const DOCX_TONE_FILL: Readonly<Record<Tone, string>> = {
  good: 'E2EFDA',
  warn: 'FFF2CC',
  bad: 'F8D7D7',
  none: 'F2F2F2',
}
const HEADER_FILL = 'D9D9D9'
const BULLETS = 'report-bullets'
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const

const LABELS = {
  zh: {
    toc: '目录',
    sources: '资料来源',
    table: '表',
    figure: '图',
    captionGap: '\u3000',
    notePrefix: '注：',
    figureInHtml: '（本图为交互式图表，见本报告 HTML 版。）',
    page: (children: ParagraphChild[]): ParagraphChild[] => [new TextRun('— '), ...children, new TextRun(' —')],
  },
  en: {
    toc: 'Contents',
    sources: 'Sources',
    table: 'Table',
    figure: 'Figure',
    captionGap: '  ',
    notePrefix: 'Note: ',
    figureInHtml: '(This figure is in the HTML version of this report.)',
    page: (children: ParagraphChild[]): ParagraphChild[] => children,
  },
} as const

/** Half-points, as Word stores font sizes. */
const pt = (points: number): number => Math.round(points * 2)

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab/newline, unpaired surrogates, U+FFFE/FFFF): a
 * user-entered note with one would otherwise make a file Word refuses to open. docx escapes & < > itself.
 */
function xmlSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  )
}

/** A text run per line, with line breaks between them. */
function textRuns(text: string, props: Omit<IRunOptions, 'text' | 'children' | 'break'> = {}): TextRun[] {
  return xmlSafe(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => (i === 0 ? new TextRun({ ...props, text: line }) : new TextRun({ ...props, text: line, break: 1 })))
}

/** A cell's text without its footnote. */
const cellText = (cell: Inline | undefined): string => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text)

/**
 * A figure, not prose: digits with their separators, signs, percent, brackets, ranges and the year in brackets
 * ("73.44（2020）", "20% / 25%", "1.2 [0.9, 1.5]", "3–5").
 */
export function isFigureCell(cell: Inline | undefined): boolean {
  const t = cellText(cell).trim()
  return /\d/.test(t) && t.length <= 40 && /^[\d\s.,%+\-–—−/／（）()[\]≥≤<>~～±≈↑↓]+$/.test(t)
}

/** A figure without spaces ("73.44（2020）"): kept on one line (`w:noWrap`); one with spaces may break only at them. */
export const isNumberCell = (cell: Inline | undefined): boolean => isFigureCell(cell) && !/\s/.test(cellText(cell).trim())

/** The widest piece of a figure that must not break: the whole figure, or its longest space-separated part. */
const figureNeed = (cell: Inline | undefined, tablePt: number): number =>
  Math.max(
    0,
    ...cellText(cell)
      .trim()
      .split(/\s+/)
      .map((part) => textWidthTwips(part, tablePt)),
  )

/** The width of a line of text in twips at `sizePt`: CJK and full-width characters 1 em, others about 0.55 em. */
export function textWidthTwips(text: string, sizePt: number): number {
  let em = 0
  for (const ch of text) em += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60\u3000-\u303F]/.test(ch) ? 1 : 0.55
  return Math.ceil(em * sizePt * 20)
}

/** Left + right cell margins (the table's `margins`), in twips. */
const CELL_MARGINS_TWIPS = 160

/** Chinese headings may wrap, but into lines of at least this many characters (not one character a line). */
const HEADER_MIN_LINE = '四个汉字'

/**
 * What a figure column's heading needs: each word whole; a Chinese heading at least four characters a line, so
 * that a short one (已提交, 样本量) stays on one line above its narrow figures.
 */
const headerNeed = (title: string, tablePt: number): number =>
  Math.max(
    0,
    ...title
      .trim()
      .split(/\s+/)
      .map((part) => Math.min(textWidthTwips(part, tablePt), /[\u2E80-\u9FFF]/.test(part) ? textWidthTwips(HEADER_MIN_LINE, tablePt) : Infinity)),
  )

/**
 * Column widths in twips summing to the text width. A column holding figures gets at least the width of its
 * longest unbreakable figure (so that "73.44（2020）" never breaks across lines; "76.03 [75.9, 76.27]" may break at
 * its spaces) and of its heading's words (headerNeed); the rest of the width goes to the other columns by their
 * declared weights (default 1). When the figures alone would take more than 80 % of the width, every column is
 * scaled down together (Word then wraps, but no worse than before).
 */
export function columnWidths(block: Extract<Block, { kind: 'table' }>, tablePt: number): number[] {
  const weights = block.columns.map((c) => (c.width !== undefined && Number.isFinite(c.width) && c.width > 0 ? c.width : 1))
  const need = block.columns.map((_, i) => {
    let w = 0
    for (const row of block.rows) if (isFigureCell(row[i])) w = Math.max(w, figureNeed(row[i], tablePt) + CELL_MARGINS_TWIPS)
    return w
  })
  // Headings come second: they widen their figure columns only as far as the figures leave room.
  const extra = need.map((n, i) => (n > 0 ? Math.max(0, headerNeed(block.columns[i]?.title ?? '', tablePt) + CELL_MARGINS_TWIPS - n) : 0))
  const room = DOCX_TEXT_WIDTH_TWIPS * 0.8 - need.reduce((a, b) => a + b, 0)
  const extraTotal = extra.reduce((a, b) => a + b, 0)
  if (room > 0 && extraTotal > 0) {
    const share = Math.min(1, room / extraTotal)
    need.forEach((n, i) => (need[i] = n + Math.floor((extra[i] ?? 0) * share)))
  }
  const fixed = need.reduce((a, b) => a + b, 0)
  const textCols = weights.map((w, i) => ((need[i] ?? 0) > 0 ? 0 : w))
  const textWeight = textCols.reduce((a, b) => a + b, 0)
  if (fixed === 0 || fixed > DOCX_TEXT_WIDTH_TWIPS * 0.8 || (textWeight === 0 && fixed > DOCX_TEXT_WIDTH_TWIPS)) {
    const base = weights.map((w, i) => Math.max(w / weights.reduce((a, b) => a + b, 0), (need[i] ?? 0) / DOCX_TEXT_WIDTH_TWIPS))
    const total = base.reduce((a, b) => a + b, 0)
    return base.map((b) => Math.floor((DOCX_TEXT_WIDTH_TWIPS * b) / total))
  }
  const rest = DOCX_TEXT_WIDTH_TWIPS - fixed
  if (textWeight === 0) {
    // Only figure columns: share the spare width out in proportion to what each needs.
    return need.map((n) => Math.floor(n + (rest * n) / fixed))
  }
  return need.map((n, i) => (n > 0 ? n : Math.floor((rest * (textCols[i] ?? 0)) / textWeight)))
}

type XmlContext = Parameters<TableCell['prepForXml']>[0]

/** Where `w:noWrap` goes in `w:tcPr` (ECMA-376 §17.4.66 order): before these. */
const AFTER_NO_WRAP = new Set(['w:tcMar', 'w:textDirection', 'w:tcFitText', 'w:vAlign', 'w:hideMark'])

/**
 * A table cell whose text Word keeps on one line (`<w:noWrap/>`); the docx library has no option for it (its
 * maintainers suggest column widths, which `columnWidths` also sets), so it is added to the cell's properties.
 */
class NoWrapCell extends TableCell {
  override prepForXml(context: XmlContext): ReturnType<TableCell['prepForXml']> {
    const out = super.prepForXml(context) as { 'w:tc'?: Array<Record<string, unknown>> } | undefined
    const tcPr = out?.['w:tc']?.find((x) => 'w:tcPr' in x)?.['w:tcPr']
    if (Array.isArray(tcPr)) {
      const at = tcPr.findIndex((x: Record<string, unknown>) => Object.keys(x).some((k) => AFTER_NO_WRAP.has(k)))
      tcPr.splice(at < 0 ? tcPr.length : at, 0, { 'w:noWrap': {} })
    }
    return out
  }
}

class DocxBuilder {
  readonly footnotes: Record<string, { readonly children: readonly Paragraph[] }> = {}
  private footnoteCount = 0
  private tableCount = 0
  private figureCount = 0
  private readonly labels

  constructor(
    readonly lang: Lang,
    private readonly tablePt: number,
  ) {
    this.labels = LABELS[lang]
  }

  inline(content: ReadonlyArray<Inline>, props: Omit<IRunOptions, 'text' | 'children' | 'break'> = {}): ParagraphChild[] {
    const out: ParagraphChild[] = []
    for (const item of content) {
      if (typeof item === 'string') {
        out.push(...textRuns(item, props))
        continue
      }
      out.push(...textRuns(item.text, item.bold === true ? { ...props, bold: true } : props))
      if (item.footnote !== undefined) out.push(this.footnote(item.footnote))
    }
    return out
  }

  private footnote(text: string): FootnoteReferenceRun {
    const id = ++this.footnoteCount
    this.footnotes[String(id)] = { children: [new Paragraph({ style: 'FootnoteText', children: textRuns(text) })] }
    return new FootnoteReferenceRun(id)
  }

  /** "表 1　caption" with the number as a SEQ field (cached, so it shows before Word updates fields). */
  private caption(kind: 'table' | 'figure', text: string, keepNext: boolean): Paragraph {
    const n = kind === 'table' ? ++this.tableCount : ++this.figureCount
    const label = this.labels[kind]
    return new Paragraph({
      style: 'Caption',
      keepNext,
      children: [new TextRun(`${label} `), new SimpleField(`SEQ ${label} \\* ARABIC`, String(n)), ...textRuns(`${this.labels.captionGap}${text}`)],
    })
  }

  block(block: Block): Array<Paragraph | Table | TableOfContents> {
    switch (block.kind) {
      case 'heading': {
        const heading = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 }[block.level]
        return [new Paragraph({ heading, children: textRuns(block.text) })]
      }
      case 'paragraph': {
        const style = block.style === 'note' ? 'Note' : block.style === 'lead' ? 'Lead' : 'BodyText'
        return [new Paragraph({ style, children: this.inline(block.content) })]
      }
      case 'bullets':
        return block.items.map((item) => new Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: this.inline(item) }))
      case 'table':
        return this.table(block)
      case 'figure':
        return this.figure(block)
      case 'pageBreak':
        return [new Paragraph({ children: [new PageBreak()] })]
      case 'toc':
        return [
          new Paragraph({ style: 'TOCHeading', children: textRuns(this.labels.toc) }),
          new TableOfContents(this.labels.toc, { hyperlink: true, headingStyleRange: '1-3' }),
          // The field's end paragraph is the last thing in the table; a blank line keeps it off the next block.
          new Paragraph({ children: [] }),
        ]
    }
  }

  private table(block: Extract<Block, { kind: 'table' }>): Array<Paragraph | Table> {
    const widths = columnWidths(block, this.tablePt)
    const align = (i: number) => {
      const a = block.columns[i]?.align
      return a === 'right' ? AlignmentType.RIGHT : a === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT
    }
    const tones = new Map<number, Tone>()
    for (const h of block.highlight ?? []) tones.set(h.row, h.tone)

    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: block.columns.map(
        (c, i) =>
          new TableCell({
            width: { size: widths[i] ?? 0, type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
            shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL },
            children: [new Paragraph({ style: 'TableHeading', children: textRuns(c.title) })],
          }),
      ),
    })
    const body = block.rows.map((row, r) => {
      const tone = tones.get(r)
      return new TableRow({
        cantSplit: true,
        children: block.columns.map(
          (_c, i) =>
            new (isNumberCell(row[i]) ? NoWrapCell : TableCell)({
              width: { size: widths[i] ?? 0, type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              ...(tone === undefined ? {} : { shading: { type: ShadingType.CLEAR, color: 'auto', fill: DOCX_TONE_FILL[tone] } }),
              children: [new Paragraph({ style: 'TableText', alignment: align(i), children: this.inline(row[i] === undefined ? [] : [row[i]]) })],
            }),
        ),
      })
    })
    const out: Array<Paragraph | Table> = [
      this.caption('table', block.caption, true),
      new Table({
        rows: [header, ...body],
        width: { size: DOCX_TEXT_WIDTH_TWIPS, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        alignment: AlignmentType.CENTER,
        margins: { top: 40, bottom: 40, left: 80, right: 80 },
        borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
      }),
    ]
    if (block.note !== undefined && block.note.trim() !== '') {
      const note = /^(注|Note)/i.test(block.note.trim()) ? block.note : `${this.labels.notePrefix}${block.note}`
      out.push(new Paragraph({ style: 'TableNote', children: textRuns(note) }))
    } else {
      out.push(new Paragraph({ style: 'TableNote', children: [] }))
    }
    return out
  }

  private figure(block: Extract<Block, { kind: 'figure' }>): Paragraph[] {
    const image =
      block.png !== undefined && block.png.length > 0
        ? new ImageRun({
            type: 'png',
            data: block.png,
            transformation: figureSize(block.width, block.height),
            altText: { name: xmlSafe(block.caption), title: xmlSafe(block.caption), description: xmlSafe(block.alt) },
          })
        : undefined
    const body = image
      ? new Paragraph({ style: 'Figure', keepNext: true, children: [image] })
      : new Paragraph({ style: 'Note', keepNext: true, alignment: AlignmentType.CENTER, children: textRuns(`${this.labels.figureInHtml}\n${block.alt}`) })
    return [body, this.caption('figure', block.caption, false)]
  }

  sources(sources: ReadonlyArray<string>): Paragraph[] {
    if (sources.length === 0) return []
    return [
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: textRuns(this.labels.sources) }),
      ...sources.map((s, i) => new Paragraph({ style: 'SourceItem', children: [new TextRun(`[${i + 1}]`), new TextRun({ children: [new Tab()] }), ...textRuns(s)] })),
    ]
  }
}

/** The figure's size in pixels: its aspect ratio, the full text width, no taller than 60 % of the text height. */
export function figureSize(width: number, height: number): { width: number; height: number } {
  const maxWidth = DOCX_TEXT_WIDTH_TWIPS / TWIPS_PER_PX
  const maxHeight = (TEXT_HEIGHT_TWIPS * MAX_FIGURE_HEIGHT_SHARE) / TWIPS_PER_PX
  const ratio = width > 0 && height > 0 && Number.isFinite(width / height) ? height / width : 0.5
  let w = maxWidth
  let h = w * ratio
  if (h > maxHeight) {
    h = maxHeight
    w = h / ratio
  }
  return { width: Math.round(w), height: Math.round(h) }
}

/** One bullet level: in Chinese the bullet one character in and the text at the body's two-character indent. */
function bulletNumbering(lang: Lang, bodyPt: number) {
  const char = bodyPt * 20
  const indent = lang === 'zh' ? { left: 2 * char, hanging: char } : { left: 720, hanging: 360 }
  return {
    config: [
      {
        reference: BULLETS,
        levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent } } }],
      },
    ],
  }
}

function styles(lang: Lang, bodyPt: number) {
  const zh = lang === 'zh'
  const tablePt = bodyPt >= 16 ? 12 : 10.5
  const line = (twips: number) => ({ line: twips, lineRule: LineRuleType.AUTO })
  const noIndent = { firstLine: 0, left: 0 }
  const heading = (font: (typeof DOCX_FONTS)[keyof typeof DOCX_FONTS], size: number, bold: boolean, level: number, before: number, after: number): IBaseParagraphStyleOptions => ({
    name: `Heading ${level + 1}`,
    basedOn: 'Normal',
    next: 'BodyText',
    quickFormat: true,
    run: { font, size: pt(size), bold, color: '000000' },
    paragraph: { keepNext: true, keepLines: true, outlineLevel: level, spacing: { before, after, ...line(360) }, indent: noIndent },
  })
  const paragraphStyles: IParagraphStyleOptions[] = [
    {
      id: 'BodyText',
      name: 'Body Text',
      basedOn: 'Normal',
      quickFormat: true,
      paragraph: {
        alignment: zh ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
        spacing: { before: 0, after: zh ? 0 : 120, ...line(360) },
        // Word sizes the indent in characters (firstLineChars, so it follows the font size); LibreOffice and
        // older readers use the twips.
        indent: zh ? { firstLineChars: 200, firstLine: 2 * bodyPt * 20 } : {},
      },
    },
    { id: 'Lead', name: 'Lead', basedOn: 'BodyText', next: 'BodyText', quickFormat: true, run: { font: DOCX_FONTS.lead } },
    {
      id: 'Note',
      name: 'Note',
      basedOn: 'Normal',
      quickFormat: true,
      run: { size: pt(tablePt), color: '404040' },
      paragraph: { spacing: { before: 60, after: 60, ...line(300) }, alignment: zh ? AlignmentType.JUSTIFIED : AlignmentType.LEFT },
    },
    {
      id: 'TableText',
      name: 'Table Text',
      basedOn: 'Normal',
      run: { size: pt(tablePt) },
      paragraph: { spacing: { before: 0, after: 0, ...line(240) }, indent: noIndent },
    },
    {
      id: 'TableHeading',
      name: 'Table Heading',
      basedOn: 'TableText',
      run: { bold: true, font: DOCX_FONTS.heading1 },
      paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
    },
    {
      id: 'TableNote',
      name: 'Table Note',
      basedOn: 'Note',
      next: 'BodyText',
      paragraph: { spacing: { before: 60, after: 240, ...line(300) } },
    },
    {
      id: 'Figure',
      name: 'Figure',
      basedOn: 'Normal',
      paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 120, after: 0, ...line(240) }, indent: noIndent },
    },
    {
      id: 'SourceItem',
      name: 'Source Item',
      basedOn: 'Normal',
      run: { size: pt(tablePt) },
      paragraph: {
        spacing: { before: 0, after: 60, ...line(300) },
        // The hanging indent is also the tab stop after "[n]".
        indent: { left: 567, hanging: 567 },
      },
    },
    {
      id: 'FootnoteText',
      name: 'footnote text',
      basedOn: 'Normal',
      run: { size: pt(9) },
      paragraph: { spacing: { before: 0, after: 0, ...line(240) }, indent: noIndent },
    },
    {
      id: 'TOCHeading',
      name: 'TOC Heading',
      basedOn: 'Normal',
      next: 'Normal',
      run: { font: DOCX_FONTS.heading1, size: pt(16), color: '000000' },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 } },
    },
    ...[1, 2, 3].map((level): IParagraphStyleOptions => ({
      id: `TOC${level}`,
      name: `toc ${level}`,
      basedOn: 'Normal',
      next: 'Normal',
      uiPriority: 39,
      ...(level === 1 ? { run: { bold: true } } : {}),
      paragraph: { spacing: { before: level === 1 ? 120 : 0, after: 0, ...line(360) }, indent: { left: (level - 1) * 420 } },
    })),
    {
      id: 'CoverMeta',
      name: 'Cover Meta',
      basedOn: 'Normal',
      run: { size: pt(16) },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 120, ...line(360) } },
    },
  ]
  return {
    default: {
      document: {
        run: {
          font: zh ? { ...DOCX_FONTS.body, hint: 'eastAsia' } : DOCX_FONTS.body,
          size: pt(bodyPt),
          language: { value: zh ? 'zh-CN' : 'en-GB', eastAsia: 'zh-CN' },
        },
        paragraph: { spacing: { before: 0, after: 0, ...line(240) } },
      },
      title: {
        name: 'Title',
        basedOn: 'Normal',
        next: 'Subtitle',
        run: { font: DOCX_FONTS.title, size: pt(22), bold: zh ? false : true, color: '000000' },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: Math.round(60 * MM), after: 240, ...line(360) } },
      },
      heading1: heading(DOCX_FONTS.heading1, 16, false, 0, 240, 120),
      heading2: heading(DOCX_FONTS.heading2, 16, false, 1, 120, 60),
      heading3: heading(DOCX_FONTS.heading3, Math.min(bodyPt, 16), true, 2, 60, 0),
      caption: {
        name: 'caption',
        basedOn: 'Normal',
        next: 'BodyText',
        run: { font: DOCX_FONTS.heading1, size: pt(bodyPt >= 16 ? 14 : 12), color: '000000' },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120, ...line(240) } },
      },
      listParagraph: {
        name: 'List Paragraph',
        basedOn: 'Normal',
        paragraph: { alignment: zh ? AlignmentType.JUSTIFIED : AlignmentType.LEFT, spacing: { before: 0, after: zh ? 0 : 60, ...line(360) } },
      },
    },
    paragraphStyles: [
      ...paragraphStyles,
      {
        id: 'Subtitle',
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'CoverMeta',
        run: { font: DOCX_FONTS.lead, size: pt(16), color: '000000' },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: Math.round(50 * MM), ...line(360) } },
      },
    ],
  }
}

/**
 * The report as a .docx file: a cover (title, subtitle, meta lines) in a section of its own, then the blocks in a
 * section numbered from 1, then the numbered sources. Inline footnotes become Word footnotes; figures are the
 * `png` rasterisation, or a note pointing to the HTML version when there is none.
 */
export async function renderDocx(spec: ReportSpec, options: DocxOptions = {}): Promise<Uint8Array> {
  const bodyPt = options.bodySizePt ?? 14
  const builder = new DocxBuilder(spec.lang, bodyPt >= 16 ? 12 : 10.5)
  const labels = LABELS[spec.lang]

  const cover: Paragraph[] = [
    new Paragraph({ style: 'Title', children: textRuns(spec.title) }),
    new Paragraph({ style: 'Subtitle', children: spec.subtitle === undefined ? [] : textRuns(spec.subtitle) }),
    ...spec.meta.map((line) => new Paragraph({ style: 'CoverMeta', children: textRuns(line) })),
  ]
  const body = spec.blocks.flatMap((b) => builder.block(b))
  body.push(...builder.sources(spec.sources ?? []))
  if (body.length === 0) body.push(new Paragraph({ children: [] }))

  const page = { size: { width: PAGE.width, height: PAGE.height }, margin: MARGIN }
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: labels.page([new TextRun({ children: [PageNumber.CURRENT] })]),
        run: { font: { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' }, size: pt(14) },
      }),
    ],
  })

  const doc = new Document({
    title: xmlSafe(spec.title),
    ...(spec.subtitle === undefined ? {} : { subject: xmlSafe(spec.subtitle) }),
    creator: 'urbmon',
    description: xmlSafe(spec.meta.join(' · ')),
    features: { updateFields: true },
    styles: styles(spec.lang, bodyPt),
    numbering: bulletNumbering(spec.lang, bodyPt),
    footnotes: builder.footnotes,
    sections: [
      { properties: { page }, children: cover },
      {
        properties: { type: SectionType.NEXT_PAGE, page: { ...page, pageNumbers: { start: 1 } } },
        footers: { default: footer },
        children: body,
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}
