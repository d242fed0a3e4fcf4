/**
 * The columnar engine on the bundled Jiangsu data (data/observations, loaded by `urbmon init`): every indicator ×
 * region × year, every target status and every warning must equal what the reference `Dataset` gives — the engine
 * the other monitoring tests check against the yearbooks' own figures. Also the `monitor recompute` command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { openContext, type Context } from '../../src/app/context.js'
import { buildForecaster, methodRunner } from '../../src/app/forecast.js'
import { latestDataYear } from '../../src/app/monitoring.js'
import { loadColumns } from '../../src/app/recompute.js'
import { computeWarnings, DenseDataset, evaluateTargets } from '../../src/monitoring/index.js'
import { expectSameCells, explainCell } from '../helpers/dense.js'
import { loadReferenceDataset, type Dataset } from '../reference/dataset.js'
import { loadRanking } from '../../src/app/source-ranking.js'
import { cli } from '../helpers/cli.js'
import { bundledStore } from '../helpers/templates.js'

let db: string
let ctx: Context
let ref: Dataset
let dense: DenseDataset

beforeAll(async () => {
  db = await bundledStore()
  ctx = await openContext({ kind: 'sqlite', file: db })
  ref = await loadReferenceDataset(ctx)
  dense = new DenseDataset(ctx.indicators, ctx.regions, await loadColumns(ctx), undefined, await loadRanking(ctx))
}, 120_000)

afterAll(async () => {
  await ctx.close()
})

describe('DenseDataset on the bundled Jiangsu data', () => {
  it('resolves every cell as Dataset does', () => {
    const years = Array.from({ length: 2026 - 2000 }, (_, k) => 2000 + k)
    expect(expectSameCells(ref, dense, years)).toBeGreaterThan(400)
    expect(dense.counts.observations).toBeGreaterThan(400)
  })

  it('explains every cell with data as the reference does, byte for byte', () => {
    let explained = 0
    for (const ind of ctx.indicators.all) {
      for (const y of ref.years(ind.id)) {
        for (const r of ctx.regions.all) {
          expect(explainCell(dense, ind.id, r.code, y), `${ind.id} ${r.code} ${y}`).toBe(explainCell(ref, ind.id, r.code, y))
          explained++
        }
      }
    }
    expect(explained).toBeGreaterThan(1000)
  })

  it('gives the same target statuses (forecasts included) and warnings', () => {
    const asOf = latestDataYear(ref)!
    expect(latestDataYear(dense)).toBe(asOf)
    for (const year of [asOf - 2, asOf]) {
      const a = evaluateTargets(ctx.plan, ref, { asOf: year, forecaster: buildForecaster(20260101), methods: methodRunner })
      const b = evaluateTargets(ctx.plan, dense, { asOf: year, forecaster: buildForecaster(20260101), methods: methodRunner })
      expect(b).toEqual(a)
      for (const at of [year, year + 1]) expect(computeWarnings(ctx.plan, dense, b, { asOf: at })).toEqual(computeWarnings(ctx.plan, ref, a, { asOf: at }))
    }
  })
})

describe('urbmon monitor recompute', () => {
  it('prints counts and timings per phase as JSON', async () => {
    const r = await cli(['--db', db, 'monitor', 'recompute', '--json'])
    expect(r.code, r.err).toBe(0)
    const out = JSON.parse(r.out) as Record<string, unknown> & { phases: Record<string, number> }
    for (const k of ['cells', 'derived', 'aggregated', 'targets', 'warnings', 'ms']) expect(typeof out[k], k).toBe('number')
    expect(Object.keys(out.phases).sort()).toEqual(['aggregate', 'derive', 'index', 'load', 'targets', 'warnings'])
    expect(out.targets).toBe(ctx.plan.targets.length)
    expect(out.cells).toBe(dense.counts.published + dense.counts.derived + dense.counts.aggregated)
  })

  it('prints a short table in either language', async () => {
    const zh = await cli(['--db', db, 'monitor', 'recompute'])
    expect(zh.code, zh.err).toBe(0)
    expect(zh.out).toContain('推算值')
    const en = await cli(['--db', db, '--lang', 'en', 'monitor', 'recompute'])
    expect(en.out).toContain('aggregated')
  })
})
