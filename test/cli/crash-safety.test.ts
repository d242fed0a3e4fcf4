/**
 * Done-when of the server issue: killing the process (kill -9) in the middle of a large import leaves the store as
 * it was before the import. The import is paused inside its transaction by URBMON_FAULT_PAUSE_AFTER_ROWS, then
 * killed with SIGKILL.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { cli, emptyStore, queryJson } from '../helpers/cli.js'

const BIN = resolve(__dirname, '../../bin/urbmon.js')

describe('crash safety', () => {
  it('kill -9 during a large import leaves the store unchanged', async () => {
    const db = await emptyStore()
    const seed = join(dirname(db), 'seed.csv')
    writeFileSync(seed, 'indicator,region,year,value,unit,source\ngdp,南京市,2020,14817.95,亿元,bulletin\n')
    expect((await cli(['--db', db, 'import', seed])).code).toBe(0)
    const before = await queryJson(db)
    const cities = ['南京市', '无锡市', '徐州市', '常州市', '苏州市', '南通市', '连云港市', '淮安市', '盐城市', '扬州市', '镇江市', '泰州市', '宿迁市']
    const lines = ['indicator,region,year,value,unit,source']
    for (let y = 1800; y <= 2100 && lines.length <= 3000; y++) for (const c of cities) lines.push(`resident_pop,${c},${Math.min(y, 2100)},${500 + (y % 97)},万人,big-${y}`)
    const big = join(dirname(db), 'big.csv')
    writeFileSync(big, `${lines.join('\n')}\n`)
    const child = spawn(process.execPath, [BIN, '--db', db, 'import', big], { env: { ...process.env, URBMON_FAULT_PAUSE_AFTER_ROWS: '2000' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    await new Promise<void>((resolvePaused, reject) => {
      const timer = setTimeout(() => reject(new Error(`never paused: ${stderr}`)), 60_000)
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        if (stderr.includes('paused after')) {
          clearTimeout(timer)
          resolvePaused()
        }
      })
      child.on('exit', (code) => reject(new Error(`exited ${code} before pausing: ${stderr}`)))
    })
    child.removeAllListeners('exit')
    const exited = new Promise((r) => child.on('exit', r))
    child.kill('SIGKILL')
    await exited
    expect(await queryJson(db)).toEqual(before)
    const history = await cli(['--db', db, 'history', '--indicator', 'resident_pop', '--region', '南京', '--year', '2000', '--json'])
    expect((JSON.parse(history.out) as { revisions: unknown[] }).revisions).toEqual([])
    // The store still works: the same import now runs to completion.
    expect((await cli(['--db', db, 'import', big])).code).toBe(0)
    expect((await queryJson(db)).length).toBe(before.length + lines.length - 1)
  }, 120_000)
})
