/** urbmon round report: the consolidated report of a round written from the command line, and its usage errors. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'

import { cli, tempDb } from '../helpers/cli.js'

describe('urbmon round report', () => {
  let db: string
  beforeAll(async () => {
    db = tempDb()
    const init = await cli(['--db', db, 'init', '--no-data'])
    expect(init.code, init.err).toBe(0)
    const open = await cli(['--db', db, 'round', 'open', '--kind', 'final', '--year', '2025', '--title', '总结评估', '--title-en', 'Final evaluation', '--regions', '320100'])
    expect(open.code, open.err).toBe(0)
  }, 60_000)

  it('writes the DOCX and the HTML', async () => {
    const docx = join(dirname(db), 'round.docx')
    const a = await cli(['--db', db, 'round', 'report', '1', '--format', 'docx', '--out', docx])
    expect(a.code, a.err).toBe(0)
    expect(a.out).toBe(`已生成 ${docx}（评估轮次 1：总结评估）`)
    const zip = await JSZip.loadAsync(readFileSync(docx))
    expect(await zip.file('word/document.xml')!.async('string')).toContain('2025 年总结评估汇总报告')
    const html = join(dirname(db), 'round.html')
    const b = await cli(['--db', db, '--lang', 'en', 'round', 'report', '1', '--format', 'html', '--out', html, '--report-lang', 'en'])
    expect(b.code, b.err).toBe(0)
    expect(readFileSync(html, 'utf8')).toContain('<h1>Final evaluation</h1>')
  })

  it('refuses a bad format (exit 2) and an unknown round (exit 1)', async () => {
    const bad = await cli(['--db', db, 'round', 'report', '1', '--format', 'pdf', '--out', 'x.pdf'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--format')
    const missing = await cli(['--db', db, 'round', 'report', '99', '--format', 'html', '--out', join(dirname(db), 'x.html')])
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('round.not_found')
  })
})
