import type { Command } from 'commander'

import { storeTarget } from '../app/paths.js'
import { AppError, isAppError, type ErrorParams } from '../core/errors.js'
import { t, type Lang } from '../i18n/t.js'
import type { CliIO, GlobalOptions } from './io.js'

export function globals(cmd: Command, env: NodeJS.ProcessEnv): GlobalOptions {
  const o = cmd.optsWithGlobals<{ db?: string; databaseUrl?: string; lang?: string }>()
  return {
    target: storeTarget({ ...(o.db ? { db: o.db } : {}), ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}) }, env),
    lang: o.lang === 'en' ? 'en' : 'zh',
  }
}

/** Prints an error as `错误 [code] message` and returns the exit code: 2 for a wrong command line, else 1. */
export function reportError(io: CliIO, lang: Lang, e: unknown): number {
  if (isAppError(e)) {
    io.err(`${lang === 'zh' ? '错误' : 'error'} [${e.code}] ${t(lang, e.code, e.params)}`)
    return e.code === 'cli.usage' ? 2 : 1
  }
  io.err(`${lang === 'zh' ? '错误' : 'error'} [internal] ${t(lang, 'internal')}: ${e instanceof Error ? e.message : String(e)}`)
  return 1
}

export async function run(io: CliIO, exit: { code: number }, cmd: Command, fn: (g: GlobalOptions) => Promise<number>): Promise<void> {
  const g = globals(cmd, io.env)
  try {
    exit.code = await fn(g)
  } catch (e) {
    exit.code = reportError(io, g.lang, e)
  }
}

export const usageError = (params: ErrorParams<'cli.usage'>) => new AppError('cli.usage', params)
