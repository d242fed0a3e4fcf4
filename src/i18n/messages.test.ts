import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { AppError, ERROR_CODES } from '../core/errors.js'
import { en } from './messages.en.js'
import { zhCN } from './messages.zh-CN.js'
import { t } from './t.js'

/** Each entry's source text, keyed by code: the placeholders a message reads are the `p.name` in it. */
function entries(file: string): Map<string, Set<string>> {
  const text = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8')
  const body = text.slice(text.indexOf('= {\n'), text.lastIndexOf('} satisfies Messages'))
  const out = new Map<string, Set<string>>()
  for (const part of body.split(/\n(?= {2}(?:'[\w.]+'|internal): )/).slice(1)) {
    const code = /^ {2}'?([\w.]+)'?:/.exec(part)![1]!
    // English messages read the English variant of a name (nameEn for name): the same placeholder.
    out.set(code, new Set([...part.matchAll(/\bp\.(\w+)/g)].map((m) => m[1]!.replace(/En$/, ''))))
  }
  return out
}

describe('the error catalogs', () => {
  // A gap would surface as a raw key in a user's message (zod's locales/parity.test.ts).
  it('have a message for every code and no other, in both languages', () => {
    expect(Object.keys(zhCN).sort()).toEqual([...ERROR_CODES].sort())
    expect(Object.keys(en).sort()).toEqual([...ERROR_CODES].sort())
  })

  it('read the same placeholders in both languages', () => {
    const zh = entries('./messages.zh-CN.ts')
    const english = entries('./messages.en.ts')
    expect([...zh.keys()].sort()).toEqual([...ERROR_CODES].sort())
    for (const code of ERROR_CODES) expect([code, [...english.get(code)!].sort()]).toEqual([code, [...zh.get(code)!].sort()])
  })

  it('render structured params in the chosen language', () => {
    const e = new AppError('store.migration_failed', { migration: '0007_tasks' })
    expect(t('zh', e.code, e.params)).toBe('数据库结构升级失败（迁移 0007_tasks）')
    expect(t('en', e.code, e.params)).toBe('Upgrading the database structure failed (migration 0007_tasks)')
    expect(t('zh', 'task.attachment_rejected', { file: 'a.exe', reason: 'type' })).toBe('附件“a.exe”未接收：只接收 PDF、图片（PNG、JPEG、GIF、WebP）和 Office 文档')
  })
})

describe('AppError params are typed per code', () => {
  it('takes no params for a code without any, and requires them for a code with some', () => {
    expect(new AppError('auth.required').params).toEqual({})
    expect(new AppError('region.unknown', { name: '南晶', candidates: '南京' }).params).toEqual({ name: '南晶', candidates: '南京' })
    // These lines are checked by tsc (the test files are part of the project): each must fail to compile.
    // @ts-expect-error a code with params needs them
    expect(() => new AppError('region.unknown')).not.toThrow()
    // @ts-expect-error a missing param
    expect(new AppError('region.unknown', { name: '南晶' }).code).toBe('region.unknown')
    // @ts-expect-error a prose detail is no param of this code
    expect(new AppError('store.unavailable', { db: 'x', reason: 'ENOENT', detail: 'no such file' }).code).toBe('store.unavailable')
    // @ts-expect-error a reason the code does not declare
    expect(new AppError('task.invalid', { reason: 'something else' }).code).toBe('task.invalid')
    // @ts-expect-error t checks the params too
    expect(t('en', 'user.exists', {})).toContain('User')
  })
})

describe('the falling-behind warning', () => {
  const base = { name: '空气质量优良天数比率持续提升', nameEn: 'More days with good air quality', status: 'regressing', goal: '↑', targetYear: 2025 }
  it('compares the latest value with the baseline when a target has no number (no progress share to print)', () => {
    const p = { ...base, progress: '—', expected: '—', latest: 79.6, baseline: 81 }
    expect(t('zh', 'warning.target_behind', p)).toBe('目标“空气质量优良天数比率持续提升”出现倒退：最新值 79.6，基期 81（目标 ↑，2025 年）')
    expect(t('en', 'warning.target_behind', p)).toBe('Target "More days with good air quality" is regressing: latest 79.6 against 81 at the baseline (target ↑ by 2025)')
  })
  it('gives the progress and the straight path when there is a number', () => {
    const p = { ...base, status: 'off_track', goal: '≥13', progress: 0, expected: 66.7, latest: 12, baseline: 12 }
    expect(t('zh', 'warning.target_behind', p)).toContain('明显滞后：进度 0%，按直线路径应达 66.7%（最新值 12，目标 ≥13，2025 年）')
  })
})
