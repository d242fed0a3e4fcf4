/**
 * All or nothing at a million rows, with the file parsed in the worker thread while the importing thread writes:
 * one bad cell at the very end (every valid row already written) rolls the whole import back, and `kill -9` of a
 * CLI import in the middle of writing leaves every table exactly as before. The heavy tests, apart.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { openContext } from '../../src/app/context.js'
import { importFiles, type ImportOptions } from '../../src/app/import-files.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { sqliteDigest as digest } from '../helpers/sqlite-digest.js'
import { bundledStore } from '../helpers/templates.js'

const ROWS = 1_000_000
const CLI = resolve(__dirname, '../helpers/source-cli.ts')

/** A million valid cells of resident population: every county × 35 years × enough sources (no summary rows). */
async function millionRowFile(dbFile: string, dir: string, lastRow: string | undefined): Promise<string> {
  const ctx = await openContext({ kind: 'sqlite', file: dbFile })
  const counties = ctx.regions.all.filter((r) => r.level === 'county').map((r) => r.code)
  await ctx.close()
  const lines = ['indicator,region,year,value,unit,source']
  for (let s = 0; lines.length <= ROWS; s++)
    for (const code of counties)
      for (let y = 1990; y < 2025 && lines.length <= ROWS; y++) lines.push(`resident_pop,${code},${y},${(50 + ((s * 7 + y) % 97) / 10).toFixed(1)},万人,survey ${s}`)
  if (lastRow !== undefined) lines[lines.length - 1] = lastRow
  const file = join(dir, 'million.csv')
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

describe('a million-row streamed import, parsed in the worker thread', () => {
  it('one bad cell at the end rolls everything back: observations, revisions, audit and every other table as before', async () => {
    const db = await bundledStore()
    const dir = mkdtempSync(join(tmpdir(), 'urbmon-million-'))
    const file = await millionRowFile(db, dir, 'resident_pop,320100,2024,not a number,万人,survey 0')
    const before = digest(db)
    const ctx = await openContext({ kind: 'sqlite', file: db })
    const options: ImportOptions = { by: 'tester', at: FIXED_NOW.toISOString(), status: 'published' }
    try {
      const countsBefore = await ctx.observations.count()
      const report = await importFiles(ctx, [file], options)
      expect(report.ok).toBe(false)
      const f = report.files[0]!
      // Every row but the last was valid and reached the writer before the error.
      expect(f.observations).toBe(ROWS - 1)
      expect(f.errors).toEqual([expect.objectContaining({ code: 'ingest.not_numeric', location: { file: 'million.csv', row: ROWS + 1, column: 'D' } })])
      expect(f.written).toBeUndefined()
      expect(await ctx.observations.count()).toEqual(countsBefore)
    } finally {
      await ctx.close()
    }
    const after = digest(db)
    expect(after).toEqual(before)
    expect(after.observations!.rows).toBeGreaterThan(400)
    expect(after.audit_log!.rows).toBeGreaterThan(0)
    expect(after.observation_revisions!.rows).toBeGreaterThan(400)
  }, 240_000)

  it('kill -9 of `urbmon import` while it writes a million rows leaves every table exactly as before', async () => {
    const db = await bundledStore()
    const dir = mkdtempSync(join(tmpdir(), 'urbmon-million-'))
    const file = await millionRowFile(db, dir, undefined)
    const before = digest(db)
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--db', db, 'import', file, '--status', 'published'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
    // Killed once the transaction has spilled pages into the write-ahead log (uncommitted writes on disk), or
    // at the latest when every row is read and the revisions are being written.
    const wal = `${db}-wal`
    const walBefore = existsSync(wal) ? statSync(wal).size : 0
    const killedAt = await new Promise<string>((resolveKilled, reject) => {
      const timer = setInterval(() => {
        const grown = existsSync(wal) && statSync(wal).size > walBefore + 4 * 1024 * 1024
        if (grown || /1,000,000/.test(stderr)) {
          clearInterval(timer)
          child.kill('SIGKILL')
          resolveKilled(grown ? 'write-ahead log growing' : 'all rows read')
        }
      }, 20)
      child.on('exit', (code, signal) => {
        clearInterval(timer)
        if (signal === 'SIGKILL') return
        reject(new Error(`the import ended (${code}) before it was killed: ${stderr}`))
      })
    })
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)))
    expect(child.signalCode, killedAt).toBe('SIGKILL')
    expect(digest(db)).toEqual(before)
    // The store still opens and holds what it held.
    const ctx = await openContext({ kind: 'sqlite', file: db })
    try {
      expect((await ctx.observations.count()).observations).toBe(before.observations!.rows)
    } finally {
      await ctx.close()
    }
  }, 240_000)
})
