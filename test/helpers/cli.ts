import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { main } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

export interface Captured {
  readonly code: number
  readonly out: string
  readonly err: string
}

export const FIXED_NOW = new Date('2026-01-01T00:00:00Z')

/** Runs the CLI in process, as the binary would, capturing what it prints. */
export async function cli(args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), env: { URBMON_USER: 'tester', ...env }, now: () => FIXED_NOW }
  const code = await main(args, io)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'urbmon-')), 'test.db')
}

export async function queryJson(db: string, ...args: string[]): Promise<Array<Record<string, unknown>>> {
  const r = await cli(['--db', db, 'query', '--json', ...args])
  if (r.code !== 0) throw new Error(r.err)
  return JSON.parse(r.out) as Array<Record<string, unknown>>
}
