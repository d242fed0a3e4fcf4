import type { ErrorCode, ErrorParams, ParamsArg } from '../core/errors.js'
import type { Location, Problem } from '../core/problem.js'
import { en } from './messages.en.js'
import type { Lang, Messages } from './messages.js'
import { zhCN } from './messages.zh-CN.js'

export type { Lang } from './messages.js'

const catalogs: Readonly<Record<Lang, Messages>> = { zh: zhCN, en }

/** The message for `code` in `lang`; the params are those the code declares. */
export function t<C extends ErrorCode>(lang: Lang, code: C, ...params: ParamsArg<C>): string {
  const message: (p: ErrorParams<C>) => string = catalogs[lang][code]
  return message(params[0] ?? ({} as ErrorParams<C>))
}

/**
 * For params assembled without their code's type (monitoring warnings build theirs in steps). A param the
 * message needs and the record lacks renders as `undefined`, so typed call sites use `t`.
 */
export function tUntyped(lang: Lang, code: ErrorCode, params: Readonly<Record<string, string | number>>): string {
  return (catalogs[lang][code] as (p: Readonly<Record<string, string | number>>) => string)(params)
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
