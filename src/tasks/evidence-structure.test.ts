import { Document, Packer, Paragraph } from 'docx'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'

import { evidenceStructure } from './evidence-structure.js'

const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array<number>(56).fill(0)])
const PE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(60)])

/** A minimal whole PDF (hand-written: header, one object, xref at the offset startxref gives, %%EOF). */
const PDF_BODY = '%PDF-1.4\n1 0 obj<<>>endobj\n'
const PDF = Buffer.from(`${PDF_BODY}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer<</Size 2>>\nstartxref\n${PDF_BODY.length}\n%%EOF\n`)

const docx = async () => Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('进展说明')] }] }))

describe('evidence files by their whole structure', () => {
  it('accepts real Office documents and a whole PDF', async () => {
    expect(evidenceStructure(await docx(), 'docx')).toBeUndefined()
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('S').getCell('A1').value = 1
    expect(evidenceStructure(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx')).toBeUndefined()
    expect(evidenceStructure(PDF, 'pdf')).toBeUndefined()
  })

  it('refuses a zip holding a program named .docx', async () => {
    const zip = new JSZip()
    zip.file('setup.exe', PE)
    expect(evidenceStructure(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'docx')).toMatchObject({ reason: 'structure', part: '[Content_Types].xml' })
    const withParts = await JSZip.loadAsync(await docx())
    withParts.file('word/media/setup.exe', PE)
    expect(evidenceStructure(await withParts.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'docx')).toMatchObject({
      reason: 'executable',
      part: 'word/media/setup.exe',
    })
    // A program under an innocent name is found by its bytes.
    const disguised = await JSZip.loadAsync(await docx())
    disguised.file('word/media/image1.png', ELF)
    expect(evidenceStructure(await disguised.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'docx')).toMatchObject({
      reason: 'executable',
      part: 'word/media/image1.png',
    })
  })

  it('refuses an Office file without its main part', async () => {
    const zip = await JSZip.loadAsync(await docx())
    zip.remove('word/document.xml')
    expect(evidenceStructure(await zip.generateAsync({ type: 'nodebuffer' }), 'docx')).toMatchObject({ reason: 'structure', part: 'word/document.xml' })
  })

  it('refuses a PDF header glued to a program, and a PDF with something after its end', () => {
    expect(evidenceStructure(Buffer.concat([Buffer.from('%PDF-1.7\n'), ELF]), 'pdf')).toMatchObject({ reason: 'structure' })
    expect(evidenceStructure(Buffer.concat([PDF, ELF]), 'pdf')).toMatchObject({ reason: 'executable', part: 'after %%EOF' })
    expect(evidenceStructure(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\nstartxref\n5\n%%EOF\n'), 'pdf')).toMatchObject({ reason: 'structure', part: 'xref' })
  })
})
