import type { ErrorCode, ErrorParams } from '../core/errors.js'
import type { Location, Problem } from '../core/problem.js'
import { en } from './messages.en.js'
import type { Lang } from './messages.js'
import { zhCN } from './messages.zh-CN.js'

export type { Lang } from './messages.js'

const catalogs = { zh: zhCN, en } as const

export function t(lang: Lang, code: ErrorCode, params: ErrorParams = {}): string {
  return catalogs[lang][code](params)
}

export function formatLocation(lang: Lang, loc: Location): string {
  const parts: string[] = []
  if (lang === 'zh') {
    if (loc.file) parts.push(loc.file)
    if (loc.sheet) parts.push(`工作表“${loc.sheet}”`)
    if (loc.line !== undefined) parts.push(`第 ${loc.line} 行`)
    if (loc.row !== undefined) parts.push(`第 ${loc.row} 行`)
    if (loc.column) parts.push(`${loc.column} 列`)
    if (loc.path) parts.push(`字段 ${loc.path}`)
  } else {
    if (loc.file) parts.push(loc.file)
    if (loc.sheet) parts.push(`sheet "${loc.sheet}"`)
    if (loc.line !== undefined) parts.push(`line ${loc.line}`)
    if (loc.row !== undefined) parts.push(`row ${loc.row}`)
    if (loc.column) parts.push(`column ${loc.column}`)
    if (loc.path) parts.push(`field ${loc.path}`)
  }
  return parts.join(lang === 'zh' ? '，' : ', ')
}

/** One line per problem, in the chosen language: `file, sheet "S", row 12, column C: message`. */
export function formatProblem(lang: Lang, p: Problem): string {
  const where = formatLocation(lang, p.location)
  const sep = lang === 'zh' ? '：' : ': '
  return where ? `${where}${sep}${t(lang, p.code, p.params)}` : t(lang, p.code, p.params)
}

/** Both languages, as import reports show them. */
export function formatProblemBilingual(p: Problem): string {
  return `${formatProblem('zh', p)}\n    ${formatProblem('en', p)}`
}
