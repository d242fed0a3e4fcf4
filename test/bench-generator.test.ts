/**
 * The benchmark's synthetic data generator (bench/generate.ts, bench/synthetic.ts) at tiny sizes: deterministic
 * bytes, a plan and regions file urbmon accepts, stocks that add up, rates in range, gaps and outliers as configured;
 * and a smoke run of the whole suite (`npm run bench`) at a tiny custom size. No timed assertions: the suite's
 * numbers are not checked, only that every step reports a row and nothing crashes.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { describe, expect, it } from 'vitest'

import { fixed, generate, type Manifest } from '../bench/generate.js'
import type { SuiteResult } from '../bench/suite.js'
import { buildStructure, levelCounts, SIZES, type Size } from '../bench/synthetic.js'
import { cli } from './helpers/cli.js'

const TINY: Size = { name: 'custom', regions: 60, indicators: 14, years: 6 }
const tmp = () => mkdtempSync(join(tmpdir(), 'urbmon-bench-test-'))

interface Row {
  readonly indicator: string
  readonly region: string
  readonly year: number
  readonly value: string
  readonly unit: string
}

function readRows(m: Manifest): Row[] {
  return m.files.csv
    .flatMap((file) => {
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
      expect(lines[0]).toBe('indicator,region,year,value,unit')
      return lines.slice(1)
    })
    .map((l) => {
      const [indicator, region, year, value, unit] = l.split(',')
      return { indicator: indicator!, region: region!, year: Number(year), value: value!, unit: unit! }
    })
}

/** Decimal text → integer in units of its last decimal place, exactly (no float sums in the check either). */
const units = (text: string, decimals: number) => {
  const [i, f = ''] = text.split('.')
  return BigInt(`${i}${f.padEnd(decimals, '0')}`)
}

describe('synthetic structure', () => {
  it('splits regions in China’s proportions, with 6-digit codes nested by level', () => {
    expect(levelCounts(3200)).toEqual({ provinces: 31, prefectures: 329, counties: 2839 })
    const s = buildStructure(SIZES.small, 1)
    expect(s.regions).toHaveLength(110)
    const byCode = new Map(s.regions.map((r) => [r.code, r]))
    for (const r of s.regions) {
      expect(r.code).toMatch(/^\d{6}$/)
      if (r.level === 'province') expect(r.code).toMatch(/^\d{2}0000$/)
      if (r.level === 'prefecture') expect(r.code.slice(0, 2) + '0000').toBe(r.parent)
      if (r.level === 'county') expect(r.code.slice(0, 4) + '00').toBe(r.parent)
      if (r.parent) expect(byCode.has(r.parent)).toBe(true)
    }
    const derived = s.indicators.filter((i) => i.kind === 'derived')
    expect(derived.length).toBe(Math.round(0.15 * 50))
    for (const d of derived) expect(d.aggregation).toBe('ratio')
  })
})

describe('generator', () => {
  it('gives the same bytes for the same seed, and other bytes for another', () => {
    const a = generate(tmp(), { size: TINY, seed: 42 })
    const b = generate(tmp(), { size: TINY, seed: 42 })
    const c = generate(tmp(), { size: TINY, seed: 43 })
    for (const f of ['plan', 'regions'] as const) expect(readFileSync(a.files[f]).equals(readFileSync(b.files[f]))).toBe(true)
    expect(a.files.csv).toHaveLength(b.files.csv.length)
    a.files.csv.forEach((f, i) => expect(readFileSync(f).equals(readFileSync(b.files.csv[i]!))).toBe(true))
    expect(a.sha256).toBe(b.sha256)
    expect(c.sha256).not.toBe(a.sha256)
  })

  it('writes a plan and regions file that `urbmon plan check` accepts, and a CSV that imports without errors', async () => {
    const m = generate(tmp(), { size: TINY, seed: 7 })
    const check = await cli(['plan', 'check', m.files.plan])
    expect(check.err).toBe('')
    expect(check.code).toBe(0)
    expect(m.counts.targets).toBeGreaterThan(5)
    const db = join(tmp(), 'b.db')
    expect((await cli(['--db', db, 'init', '--plan', m.files.plan, '--no-data'])).code).toBe(0)
    const imp = await cli(['--db', db, 'import', ...m.files.csv, '--status', 'published', '--json'])
    const report = JSON.parse(imp.out) as { ok: boolean; files: Array<{ errors: unknown[]; written: { created: number } }> }
    expect(report.files.flatMap((f) => f.errors)).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.files.reduce((n, f) => n + f.written.created, 0)).toBe(m.rows)
  })

  it('makes every parent exactly the sum of its children for stocks, and keeps rates in range', () => {
    const m = generate(tmp(), { size: TINY, seed: 11 })
    const s = buildStructure(TINY, 11)
    const rows = readRows(m)
    const cell = new Map(rows.map((r) => [`${r.indicator}|${r.region}|${r.year}`, r]))
    const children = new Map<string, string[]>()
    for (const r of s.regions) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.code])
    let checked = 0
    for (const ind of s.indicators.filter((i) => i.kind === 'stock')) {
      for (const [parent, kids] of children) {
        for (const year of s.years) {
          const p = cell.get(`${ind.id}|${parent}|${year}`)
          const ks = kids.map((k) => cell.get(`${ind.id}|${k}|${year}`))
          if (!p || ks.some((k) => k === undefined)) continue // a gap: the importer skips the check too
          expect(ks.reduce((sum, k) => sum + units(k!.value, ind.decimals), 0n)).toBe(units(p.value, ind.decimals))
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(100)
    for (const ind of s.indicators) {
      const mine = rows.filter((r) => r.indicator === ind.id)
      if (ind.kind === 'derived') expect(mine).toHaveLength(0)
      for (const r of mine) {
        expect(r.unit).toBe(ind.unit)
        // A fixed number of decimals per indicator.
        expect(r.value.split('.')[1]?.length ?? 0).toBe(ind.decimals)
        if (ind.range) {
          expect(Number(r.value)).toBeGreaterThanOrEqual(ind.range[0])
          expect(Number(r.value)).toBeLessThanOrEqual(ind.range[1])
        }
      }
    }
    // Urban population never exceeds the resident population (the plan's consistency rule).
    for (const r of rows.filter((x) => x.indicator === 'urban_pop')) {
      const total = cell.get(`resident_pop|${r.region}|${r.year}`)
      if (total) expect(Number(r.value)).toBeLessThanOrEqual(Number(total.value))
    }
  })

  it('leaves out the configured share of cells and changes exactly the configured outliers', () => {
    const dirty = generate(tmp(), { size: TINY, seed: 5, gapRate: 0.02, outliers: 6 })
    const clean = generate(tmp(), { size: TINY, seed: 5, gapRate: 0.02, outliers: 0 })
    expect(dirty.gaps).toBe(Math.round(dirty.cells * 0.02))
    expect(dirty.rows).toBe(dirty.cells - dirty.gaps)
    expect(clean.rows).toBe(dirty.rows)
    expect(dirty.outlierCells).toHaveLength(6)
    const a = readRows(dirty)
    const b = readRows(clean)
    const changed = a.filter((r, i) => r.value !== b[i]!.value)
    expect(changed).toHaveLength(6)
    expect(changed.map((r) => `${r.indicator}|${r.region}|${r.year}|${r.value}`).sort()).toEqual(
      dirty.outlierCells.map((o) => `${o.indicator}|${o.region}|${o.year}|${o.value}`).sort(),
    )
    for (const o of dirty.outlierCells) expect(o.value).not.toBe(o.clean)
  })

  it('splits the CSV into parts at indicator boundaries, the same rows as one file', () => {
    const one = generate(tmp(), { size: TINY, seed: 9 })
    const parts = generate(tmp(), { size: TINY, seed: 9, partBytes: 4000 })
    expect(one.files.csv).toHaveLength(1)
    expect(parts.files.csv.length).toBeGreaterThan(2)
    expect(readRows(parts)).toEqual(readRows(one))
    const indicatorsPerPart = parts.files.csv.map(
      (f) =>
        new Set(
          readFileSync(f, 'utf8')
            .trimEnd()
            .split('\n')
            .slice(1)
            .map((l) => l.split(',')[0]),
        ),
    )
    indicatorsPerPart.forEach((a, i) => indicatorsPerPart.slice(i + 1).forEach((b) => expect([...a].filter((x) => b.has(x))).toEqual([])))
  })

  it('formats fixed-point integers exactly', () => {
    expect(fixed(12345, 2)).toBe('123.45')
    expect(fixed(5, 2)).toBe('0.05')
    expect(fixed(-5, 1)).toBe('-0.5')
    expect(fixed(42, 0)).toBe('42')
  })
})

describe('the suite', () => {
  it('runs every step at a tiny custom size and reports a row for each', async () => {
    const work = tmp()
    const json = join(work, 'result.json')
    const args = [
      '--import',
      'tsx',
      'bench/suite.ts',
      '--size',
      'custom',
      '--regions',
      '12',
      '--indicators',
      '8',
      '--years',
      '3',
      '--seconds',
      '1',
      '--connections',
      '4',
      '--mc-regions',
      '12',
      '--mc-indicators',
      '6',
      '--mc-draws',
      '10',
      '--web-loads',
      '1',
      '--no-web-build',
      '--work',
      work,
      '--json',
      json,
      '--timeout',
      '50',
    ]
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, URBMON_BENCH_DATABASE_URL: '' },
      maxBuffer: 16 * 2 ** 20,
    })
    expect(stdout).toContain('step')
    expect(existsSync(json)).toBe(true)
    const r = JSON.parse(readFileSync(json, 'utf8')) as SuiteResult
    expect(r.machine.cores).toBeGreaterThan(0)
    expect(r.data.rows).toBeGreaterThan(0)
    const steps = r.rows.map((x) => x.step)
    expect(steps.some((s) => s.startsWith('import (SQLite)'))).toBe(true)
    expect(steps.some((s) => s.startsWith('recompute'))).toBe(true)
    expect(steps.some((s) => s.startsWith('composite index'))).toBe(true)
    expect(steps.some((s) => s.startsWith('API SQLite /api/status'))).toBe(true)
    expect(steps.some((s) => s.startsWith('web'))).toBe(true)
    expect(steps.some((s) => s.startsWith('CLI start-up: urbmon --help'))).toBe(true)
    expect(steps.some((s) => s.startsWith('CLI start-up: urbmon status'))).toBe(true)
    // The import itself must have worked (its speed is not judged here), and no step may crash.
    const imp = r.rows.find((x) => x.step.startsWith('import (SQLite) vs sqlite3'))!
    expect(imp.ours).toBeGreaterThan(0)
    for (const x of r.rows) expect(x.result, `${x.step}: ${x.note}`).not.toBe('error')
  }, 120_000)
})
