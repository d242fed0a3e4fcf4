/**
 * Done-when of the evaluation issue: a mid-term report for 2023 from the bundled real data, as DOCX (which
 * LibreOffice converts to PDF when it is installed) and as self-contained HTML, with Chinese text, tables,
 * charts and the map, every figure footnoted with its source.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'

import { cli } from '../helpers/cli.js'
import { bundledStore } from '../helpers/templates.js'

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p))

describe('the 2023 mid-term report', () => {
  let db: string
  let docx: string
  let html: string
  beforeAll(async () => {
    db = await bundledStore()
    docx = join(dirname(db), 'midterm-2023.docx')
    html = join(dirname(db), 'midterm-2023.html')
    const a = await cli(['--db', db, 'report', '--kind', 'midterm', '--out', docx])
    expect(a.code, a.err).toBe(0)
    const b = await cli(['--db', db, 'report', '--kind', 'midterm', '--year', '2023', '--out', html])
    expect(b.code, b.err).toBe(0)
  }, 120_000)

  it('is an editable DOCX with headings, tables, the charts and the map, and footnoted sources', async () => {
    const zip = await JSZip.loadAsync(readFileSync(docx))
    const doc = await zip.file('word/document.xml')!.async('string')
    expect(doc).toContain('中期评估报告')
    expect(doc).toContain('常住人口城镇化率达到75%以上')
    expect(doc).toMatch(/w:pStyle w:val="Heading1"/)
    expect((doc.match(/<w:tbl>/g) ?? []).length).toBeGreaterThan(5)
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png'))
    expect(media.length).toBeGreaterThanOrEqual(4) // two series charts, the map, the ranking
    const footnotes = await zip.file('word/footnotes.xml')!.async('string')
    expect(footnotes).toContain('https://www.jiangsu.gov.cn/art/2021/8/26/art_84419_10235320.html')
  })

  it('is a self-contained HTML file with the same content', () => {
    const text = readFileSync(html, 'utf8')
    expect(text).toContain('<html lang="zh')
    expect(text).toContain('中期评估报告')
    expect((text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4)
    expect(text).not.toMatch(/<script|src="http|href="http[^"]*\.css/)
    expect(text).toContain('江苏省各设区市常住人口城镇化率分布图')
    expect(text).toContain('综合指数与排名区间')
    expect(text).toContain('任务推进与督查')
    expect(text).toContain('各牵头单位任务情况')
  })

  it('writes the data annex as XLSX beside the report', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(docx.replace(/\.docx$/, '.data.xlsx'))
    const ws = wb.getWorksheet('observations')!
    expect(ws.rowCount).toBeGreaterThan(300)
    const years = new Set<number>()
    ws.eachRow((row, n) => n > 1 && years.add(Number(row.getCell(5).value)))
    expect(Math.max(...years)).toBeLessThanOrEqual(2023)
  })

  it.skipIf(!soffice)(
    'opens in LibreOffice (converts to PDF)',
    () => {
      const out = dirname(docx)
      execFileSync(soffice!, ['--headless', '--convert-to', 'pdf', '--outdir', out, docx], { timeout: 120_000, stdio: 'ignore' })
      const pdf = readFileSync(docx.replace(/\.docx$/, '.pdf'))
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      expect(pdf.length).toBeGreaterThan(100_000)
    },
    180_000,
  )
})
