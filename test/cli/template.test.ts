import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dirname } from 'node:path'

import { describe, expect, it } from 'vitest'

import { cli, tempDb } from '../helpers/cli.js'
import { copyTemplate } from '../helpers/templates.js'

describe('urbmon template', () => {
  it('writes the CSV template of a section for the chosen regions; a bad year is refused naming the option', async () => {
    const db = tempDb()
    await copyTemplate('empty', db)
    const out = join(dirname(db), 't.csv')
    const r = await cli(['--db', db, 'template', '--year', '2025', '--indicators', 'doctors_per_10k,licensed_doctors', '--regions', '南京,徐州', '--format', 'csv', '--out', out])
    expect(r.code, r.err).toBe(0)
    const lines = readFileSync(out, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
    // 2 regions × 2 indicators, after the heading row.
    expect(lines).toHaveLength(5)
    expect(lines[0]?.split(',').slice(0, 5)).toEqual(['指标代码', '指标名称', '地区代码', '地区名称', '年份'])
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(' '))).toEqual([
      'doctors_per_10k 每万人拥有执业（助理）医师数 320100',
      'licensed_doctors 执业（助理）医师数 320100',
      'doctors_per_10k 每万人拥有执业（助理）医师数 320300',
      'licensed_doctors 执业（助理）医师数 320300',
    ])
    const bad = await cli(['--db', db, '--lang', 'en', 'template', '--year', '25', '--section', '二', '--out', out])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('year')
  })
})
