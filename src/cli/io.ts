import type { Lang } from '../i18n/t.js'
import type { StoreTarget } from '../store/open-store.js'

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
  readonly env: NodeJS.ProcessEnv
  readonly now: () => Date
  /** Colour in a terminal (never when piped, never with NO_COLOR). */
  readonly color?: boolean
  /** Everything on standard input (for passwords given by pipe). */
  readonly readStdin?: () => Promise<string>
}

export interface GlobalOptions {
  readonly target: StoreTarget
  readonly lang: Lang
}

export const processIO = (): CliIO => ({
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  env: process.env,
  now: () => new Date(),
  color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
  readStdin: async () => {
    const chunks: Buffer[] = []
    for await (const c of process.stdin) chunks.push(c as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
})

/** The operating-system user, recorded as who made a change from the command line. */
export function cliUser(env: NodeJS.ProcessEnv): string {
  return `cli:${env.URBMON_USER ?? env.USER ?? env.LOGNAME ?? 'unknown'}`
}
