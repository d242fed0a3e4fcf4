import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'

import { INJECTION, SAMPLE_FOOTNOTE, SAMPLE_TITLE, sampleSpec, sampleSpecEn } from '../../test/fixtures/reports/sample-spec.js'
import { columnWidths, DOCX_TEXT_WIDTH_TWIPS, figureSize, renderDocx, textWidthTwips } from './render-docx.js'
import type { ReportSpec } from './report-spec.js'

async function unzip(spec: ReportSpec): Promise<{ bytes: Uint8Array; zip: JSZip; part: (name: string) => Promise<string> }> {
  const bytes = await renderDocx(spec)
  const zip = await JSZip.loadAsync(bytes)
  const part = async (name: string) => {
    const file = zip.file(name)
    if (!file) throw new Error(`${name} missing from the docx`)
    return file.async('string')
  }
  return { bytes, zip, part }
}

/** The text of a part's w:t elements, so assertions are not tied to how docx splits runs. */
function texts(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

describe('renderDocx', () => {
  it('writes a zip with the Word parts, the image and no leftover part', async () => {
    const { bytes, zip } = await unzip(sampleSpec())
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]) // "PK"
    for (const name of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/footnotes.xml', 'word/settings.xml', 'word/numbering.xml']) {
      expect(zip.file(name), name).not.toBeNull()
    }
    expect(Object.keys(zip.files).filter((n) => /^word\/media\/.+\.png$/.test(n))).toHaveLength(1)
    expect(Object.keys(zip.files).some((n) => /^word\/footer\d+\.xml$/.test(n))).toBe(true)
  })

  it('uses Word heading styles 1–3 with outline levels, and declares East Asian fonts in the styles', async () => {
    const { part } = await unzip(sampleSpec())
    const doc = await part('word/document.xml')
    for (const level of [1, 2, 3]) expect(doc).toContain(`<w:pStyle w:val="Heading${level}"/>`)
    const styles = await part('word/styles.xml')
    for (const level of [1, 2, 3]) {
      const style = styles.match(new RegExp(`<w:style [^>]*w:styleId="Heading${level}".*?</w:style>`))?.[0] ?? ''
      expect(style, `Heading${level}`).toContain(`<w:name w:val="Heading ${level}"/>`)
      expect(style).toContain(`<w:outlineLvl w:val="${level - 1}"/>`)
    }
    expect(styles).toMatch(/<w:style [^>]*w:styleId="Heading1".*?w:eastAsia="黑体".*?<\/w:style>/)
    expect(styles).toMatch(/<w:style [^>]*w:styleId="Heading2".*?w:eastAsia="楷体".*?<\/w:style>/)
    // Body: 仿宋 14 pt (w:sz is in half-points), Chinese language tags, East Asian hint for “” quotes.
    const defaults = styles.match(/<w:docDefaults>.*<\/w:docDefaults>/)?.[0] ?? ''
    expect(defaults).toContain('w:eastAsia="仿宋"')
    expect(defaults).toContain('w:hint="eastAsia"')
    expect(defaults).toContain('<w:sz w:val="28"/>')
    expect(defaults).toContain('w:eastAsia="zh-CN"')
    expect(styles).toMatch(/w:styleId="BodyText".*?<w:ind [^>]*w:firstLineChars="200"/)
    expect(doc).toContain('<w:pStyle w:val="BodyText"/>')
  })

  it('takes the body size from the options', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(sampleSpec(), { bodySizePt: 16 }))
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? ''
    expect(styles.match(/<w:docDefaults>.*<\/w:docDefaults>/)?.[0]).toContain('<w:sz w:val="32"/>')
  })

  it('has a cover, then an updating TOC field, A4 pages and page numbers from 1 after the cover', async () => {
    const { part } = await unzip(sampleSpec())
    const doc = await part('word/document.xml')
    expect(doc).toContain('<w:pStyle w:val="Title"/>')
    expect(texts(doc)).toContain(SAMPLE_TITLE)
    expect(texts(doc)).toContain('监测评估报告（征求意见稿）')
    expect(texts(doc)).toContain('数据截至2024年末')
    expect(doc).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-3&quot;<\/w:instrText>/)
    // Title before the TOC, the TOC before the first heading.
    expect(doc.indexOf('w:val="Title"')).toBeLessThan(doc.indexOf('TOC \\h'))
    expect(doc.indexOf('TOC \\h')).toBeLessThan(doc.indexOf('<w:pStyle w:val="Heading1"/>'))
    expect(await part('word/settings.xml')).toContain('<w:updateFields/>')
    const sections = [...doc.matchAll(/<w:sectPr>.*?<\/w:sectPr>/g)].map((m) => m[0])
    expect(sections).toHaveLength(2)
    for (const s of sections) expect(s).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>')
    expect(sections[0]).not.toContain('footerReference')
    expect(sections[1]).toContain('<w:footerReference w:type="default"')
    expect(sections[1]).toContain('<w:pgNumType w:start="1"/>')
    const footer = await part('word/footer1.xml')
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/)
    expect(texts(footer)).toContain('—')
  })

  it('writes the table with a repeated header row, borders, a shaded highlighted row that keeps its text, and a numbered caption', async () => {
    const { part } = await unzip(sampleSpec())
    const doc = await part('word/document.xml')
    const table = doc.match(/<w:tbl>.*?<\/w:tbl>/)?.[0] ?? ''
    expect(table).not.toBe('')
    const rows = [...table.matchAll(/<w:tr>.*?<\/w:tr>/g)].map((m) => m[0])
    expect(rows).toHaveLength(4) // header + 3
    expect(rows[0]).toContain('<w:tblHeader/>')
    expect(rows.slice(1).every((r) => !r.includes('<w:tblHeader/>'))).toBe(true)
    expect(texts(rows[0] ?? '')).toBe('指标2020年基期2024年最新状态')
    expect(table).toMatch(/<w:tblBorders>.*<w:insideH w:val="single"/)
    expect(table).toContain('<w:tblW w:type="dxa" w:w="' + DOCX_TEXT_WIDTH_TWIPS + '"/>')
    // Row 1 (second data row) is highlighted 'warn': every cell shaded, the status text still there.
    expect(texts(rows[2] ?? '')).toBe('城乡居民收入比2.192.11滞后')
    expect((rows[2] ?? '').match(/<w:shd w:fill="FFF2CC"/g)).toHaveLength(4)
    expect(rows[1]).not.toContain('FFF2CC')
    expect(rows[2]).toContain('<w:jc w:val="right"/>')
    // Caption above the table: 表 + SEQ field with cached number 1.
    const before = doc.slice(0, doc.indexOf('<w:tbl>'))
    const caption = before.slice(before.lastIndexOf('<w:p>'))
    expect(caption).toContain('<w:pStyle w:val="Caption"/>')
    expect(caption).toContain('w:instr="SEQ 表 \\* ARABIC"')
    expect(texts(caption)).toBe('表 1\u3000主要指标进展情况')
    expect(texts(doc)).toContain('注：状态按规划期进度判定。')
  })

  it('writes inline footnotes as Word footnotes', async () => {
    const { part } = await unzip(sampleSpec())
    const doc = await part('word/document.xml')
    expect(doc).toContain('<w:footnoteReference w:id="1"/>')
    expect(doc).toContain('<w:footnoteReference w:id="2"/>') // the one inside the table cell
    const notes = await part('word/footnotes.xml')
    const first = notes.match(/<w:footnote w:id="1">.*?<\/w:footnote>/)?.[0] ?? ''
    expect(first).toContain('<w:footnoteRef/>')
    expect(texts(first)).toBe(SAMPLE_FOOTNOTE)
    expect(texts(notes)).toContain('2022年数据。')
    // The footnote mark follows the bold "75.5%".
    expect(doc).toMatch(/<w:b\/>.*?75\.5%<\/w:t><\/w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="1"\/>/)
  })

  it('inserts the PNG fitted to the text width at the figure aspect ratio, with alt text, and a placeholder when there is no PNG', async () => {
    const { part, zip } = await unzip(sampleSpec())
    const doc = await part('word/document.xml')
    expect(doc).toContain('<w:drawing>')
    const extent = doc.match(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/)
    expect(extent).not.toBeNull()
    const [cx, cy] = [Number(extent?.[1]), Number(extent?.[2])]
    const textWidthEmu = (DOCX_TEXT_WIDTH_TWIPS / 1440) * 914400
    expect(Math.abs(cx - textWidthEmu)).toBeLessThan(9525 * 1.5) // within a pixel
    expect(cx / cy).toBeCloseTo(2, 2)
    expect(doc).toContain(`descr="${xmlEscape(sampleSpec().blocks.flatMap((b) => (b.kind === 'figure' ? [b.alt] : []))[0] ?? '')}"`)
    const media = Object.keys(zip.files).find((n) => n.startsWith('word/media/'))
    const png = await zip.file(media ?? '')?.async('uint8array')
    expect([...(png ?? []).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    const all = texts(doc)
    expect(all).toContain('图 1\u30002020—2024年全省常住人口城镇化率')
    expect(all).toContain('（本图为交互式图表，见本报告 HTML 版。）')
    expect(all).toContain('地图：苏南城镇化率最高')
    expect(all).toContain('图 2\u3000设区市城镇化率分布')
    // Figure caption below the image.
    expect(doc.indexOf('<w:drawing>')).toBeLessThan(doc.indexOf('SEQ 图'))
  })

  it('keeps Chinese text, bullets, page breaks and sources, and writes user text as text', async () => {
    const { part } = await unzip(sampleSpec())
    const doc = await part('word/document.xml')
    const all = texts(doc)
    expect(all).toContain('2024年末全省常住人口城镇化率达到75.5%，比2020年提高2.06个百分点')
    expect(doc).toContain(xmlEscape(INJECTION))
    expect(doc).not.toContain('<script')
    expect(doc.match(/<w:br w:type="page"\/>/g)).toHaveLength(2)
    expect(doc.match(/<w:numPr>/g)).toHaveLength(3)
    expect(await part('word/numbering.xml')).toContain('<w:lvlText w:val="•"/>')
    expect(all).toContain('资料来源')
    expect(all).toContain('[1]江苏省统计局：《江苏统计年鉴2024》，http://tj.jiangsu.gov.cn/')
    expect(all).toContain('[2]江苏省人民政府办公厅')
  })

  it('drops characters XML cannot carry instead of writing a broken file', async () => {
    const spec = sampleSpec({ title: 'A\u0001B\uD800C', blocks: [{ kind: 'paragraph', content: ['x\u000by\nz'] }] })
    const { part } = await unzip(spec)
    const doc = await part('word/document.xml')
    expect(texts(doc)).toContain('ABC')
    expect(doc).toContain('<w:t xml:space="preserve">xy</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">z</w:t>')
  })

  it('labels English captions Table n / Figure n and omits the sources section when there are none', async () => {
    const { part } = await unzip(sampleSpecEn())
    const doc = await part('word/document.xml')
    const all = texts(doc)
    expect(doc).toContain('w:instr="SEQ Table \\* ARABIC"')
    expect(all).toContain('Table 1  Indicators')
    expect(all).toContain('Figure 1  Trend')
    expect(all).toContain('Contents')
    expect(all).not.toContain('Sources')
    const styles = await part('word/styles.xml')
    expect(styles.match(/<w:docDefaults>.*<\/w:docDefaults>/)?.[0]).toContain('w:val="en-GB"')
  })

  it('fits figures to the text width and keeps tall ones within 60 % of the text height', () => {
    const wide = figureSize(600, 300)
    expect(wide.width).toBe(Math.round(DOCX_TEXT_WIDTH_TWIPS / 15))
    expect(wide.width / wide.height).toBeCloseTo(2, 1)
    const tall = figureSize(300, 900)
    expect(tall.height).toBeLessThan(wide.width * 1.0)
    expect(tall.width / tall.height).toBeCloseTo(1 / 3, 2)
    expect(figureSize(0, 0).height).toBeGreaterThan(0)
  })
})

/** LibreOffice, when this machine has it (not needed by the default suite): the file opens and lays out. */
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice', '/opt/homebrew/bin/soffice'].find((p) => existsSync(p))
const pdftotext = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p))

describe('renderDocx in LibreOffice', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it.skipIf(soffice === undefined)(
    'converts to a PDF with the Chinese text, the table and the footnote',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'urbmon-docx-'))
      dirs.push(dir)
      const docx = join(dir, 'report.docx')
      writeFileSync(docx, await renderDocx(sampleSpec()))
      execFileSync(soffice ?? 'soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
        stdio: 'pipe',
        timeout: 120_000,
      })
      const pdf = readFileSync(join(dir, 'report.pdf'))
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      if (pdftotext === undefined) return
      const text = execFileSync(pdftotext, ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' })
      const compact = text.replace(/\s+/g, '')
      expect(compact).toContain('一、总体情况')
      // The table row (pdftotext may place the superscript footnote mark 2 elsewhere on the line).
      expect(compact).toContain('城乡居民收入比2.192.11')
      expect(compact).toContain('滞后')
      expect(compact).toContain('户籍人口城镇化率（%）65.268.1符合预期')
      expect(compact).toContain('表1主要指标进展情况')
      expect(compact).toContain('数据来源：江苏省统计局')
      expect(compact).toContain('<script>alert("x")</script>')
    },
    180_000,
  )
})

describe('columnWidths', () => {
  const pt = 10.5
  const table = (titles: string[], row: string[]) => ({ kind: 'table' as const, caption: '表', columns: titles.map((title) => ({ title })), rows: [row] })

  it('keeps a short Chinese heading above narrow figures on one line', () => {
    // 样本量 at 10.5 pt: 3 em × 10.5 pt × 20 = 630 twips, plus 160 of cell margins; the figure "30" alone needs
    // 2 × 0.55 em → 231 + 160 = 391.
    const widths = columnWidths(table(['城市', '已提交', '样本量'], ['南京', '2', '30']), pt)
    expect(textWidthTwips('样本量', pt)).toBe(630)
    expect(widths[1]).toBeGreaterThanOrEqual(630 + 160)
    expect(widths[2]).toBeGreaterThanOrEqual(630 + 160)
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(DOCX_TEXT_WIDTH_TWIPS)
  })

  it('lets a long Chinese heading wrap, but at four characters a line at least', () => {
    const widths = columnWidths(table(['城市', '常住人口城镇化率目标值'], ['南京', '1']), pt)
    // 4 em = 840 twips + margins; the heading's 11 characters would be 2,310.
    expect(widths[1]).toBeGreaterThanOrEqual(840 + 160)
    expect(widths[1]).toBeLessThan(2310)
  })

  it('keeps each English word of a figure heading whole', () => {
    const widths = columnWidths(table(['City', 'Sample size'], ['Nanjing', '30']), pt)
    expect(widths[1]).toBeGreaterThanOrEqual(textWidthTwips('sample', pt) + 160)
  })

  it('gives text columns no heading minimum (they wrap as prose)', () => {
    const widths = columnWidths(table(['结论', '值'], ['很长的一段结论文字', '1']), pt)
    expect(widths[0]).toBeGreaterThan(widths[1] ?? 0)
  })
})
