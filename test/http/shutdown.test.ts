/**
 * SIGTERM while an HTTP import job runs, against a real server process (bin/urbmon.js serve): the server
 * stops accepting, lets the import finish within the grace period — or, with none left, rolls it back whole —
 * and exits 0. The store is then either without the import or with all of it, never part.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { afterAll, describe, expect, it } from 'vitest'

import { openContext } from '../../src/app/context.js'
import type { ImportJobReply } from '../../src/contract/index.js'
import { PASSWORD, testServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const BIN = resolve(__dirname, '../../bin/urbmon.js')
const CITIES = ['南京市', '无锡市', '徐州市', '常州市', '苏州市', '南通市', '连云港市', '淮安市', '盐城市', '扬州市', '镇江市', '泰州市', '宿迁市']

/** 13 cities × 201 years × 23 sources: 60,099 rows, a write of a second or more. */
function bigCsv(): string {
  const lines = ['indicator,region,year,value,unit,source']
  for (let k = 0; k < 23; k++) for (const c of CITIES) for (let y = 1900; y <= 2100; y++) lines.push(`resident_pop,${c},${y},${500 + (y % 97) + k},万人,src-${k}`)
  return `${lines.join('\n')}\n`
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

afterAll(async () => {
  await dropFreshStores()
})

const sqlite = STORES.find((s) => s.name === 'sqlite')!

describe('SIGTERM during an HTTP import', () => {
  it.each([
    { grace: '0', expect: 'rolled back' as const },
    { grace: '60000', expect: 'finished' as const },
  ])(
    'grace $grace ms: the import is $expect, the store consistent, the exit code 0',
    async ({ grace, expect: outcome }) => {
      const target = await sqlite.fresh()
      if (target.kind !== 'sqlite') throw new Error('sqlite target expected')
      await (await testServer(target)).close()
      const before = await counts(target)
      const port = await freePort()
      const child = spawn(process.execPath, [BIN, '--db', target.file, 'serve', '--port', String(port)], {
        env: { ...process.env, URBMON_SHUTDOWN_GRACE_MS: grace, URBMON_LOG: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout.on('data', (d: Buffer) => (output += d.toString()))
      child.stderr.on('data', (d: Buffer) => (output += d.toString()))
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
      try {
        const origin = `http://127.0.0.1:${port}`
        for (let i = 0; !output.includes(origin); i++) {
          if (i > 3000) throw new Error(`server did not start: ${output}`)
          await sleep(10)
        }
        const login = await fetch(`${origin}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin1', password: PASSWORD }),
        })
        expect(login.status).toBe(200)
        const cookie = login.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ')
        const { csrfToken } = (await login.json()) as { csrfToken: string }
        const headers = { cookie, 'x-csrf-token': csrfToken }
        const form = new FormData()
        form.append('async', 'true')
        form.append('file', new Blob([bigCsv()]), 'big.csv')
        const started = await fetch(`${origin}/api/imports`, { method: 'POST', headers, body: form })
        expect(started.status).toBe(202)
        // The signal comes while the job runs (it starts once the 202 is out). Without a grace period the job is
        // stopped at its next progress step, inside its transaction, which rolls back; with one it finishes.
        expect(((await started.json()) as ImportJobReply).phase).toBe('parsing')
        child.kill('SIGTERM')
        expect(await exited, output).toBe(0)
      } finally {
        child.kill('SIGKILL')
      }
      const after = await counts(target)
      if (outcome === 'rolled back') {
        expect(after).toEqual(before)
        expect(output).toContain('rolled back: the server is stopping')
      } else {
        expect(after).toEqual({ observations: before.observations + 60_099, imports: before.imports + 1 })
        expect(output).not.toContain('rolled back')
      }
      expect(output).toMatch(/urbmon (is stopping|正在停止)/)
    },
    180_000,
  )
})

async function counts(target: Parameters<typeof openContext>[0]): Promise<{ observations: number; imports: number }> {
  const ctx = await openContext(target)
  try {
    const { observations, imports } = await ctx.observations.count()
    return { observations, imports }
  } finally {
    await ctx.close()
  }
}
