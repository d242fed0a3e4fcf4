/**
 * The columnar copy beside an embedded store is a cache: a recompute from it must equal one from the store,
 * and any change to the data (an import, an entry, a review step) must make the next recompute read the store.
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { snapshotPath } from '../../src/app/column-snapshot.js'
import { openContext } from '../../src/app/context.js'
import { importFiles } from '../../src/app/import-files.js'
import { loadColumns, loadColumnsCached, recompute } from '../../src/app/recompute.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { bundledStore } from '../helpers/templates.js'

const summary = (r: Awaited<ReturnType<typeof recompute>>) => ({
  cells: r.cells,
  derived: r.derived,
  aggregated: r.aggregated,
  warnings: r.warnings,
  statuses: r.statuses.map((s) => [s.target, s.status, s.latestValue]),
})

describe('columnar copy of the observations', () => {
  it('gives the same recompute as the store, and is ignored once the data change', async () => {
    const db = await bundledStore()
    const ctx = await openContext({ kind: 'sqlite', file: db })
    try {
      const path = snapshotPath(ctx, 'current')!
      expect(existsSync(path)).toBe(false)
      const first = await recompute(ctx)
      expect(first.columnsFromCopy).toBe(false)
      expect(existsSync(path)).toBe(true)
      const second = await recompute(ctx)
      expect(second.columnsFromCopy).toBe(true)
      expect(summary(second)).toEqual(summary(first))
      // Column by column, the copy equals a fresh read of the store.
      const fromStore = await loadColumns(ctx)
      const { columns: fromCopy } = await loadColumnsCached(ctx)
      for (const name of ['indicator', 'region', 'year', 'period', 'source', 'updatedAt', 'version', 'id', 'value', 'confidence'] as const) {
        expect(Array.from(fromCopy[name].subarray(0, fromCopy.length)), name).toEqual(Array.from(fromStore[name].subarray(0, fromStore.length)))
      }
      expect([fromCopy.indicatorIds, fromCopy.regionCodes, fromCopy.sources]).toEqual([fromStore.indicatorIds, fromStore.regionCodes, fromStore.sources])

      // An import changes the data and writes the copy as it commits: the new value is seen, from the copy.
      const file = join(db, '..', 'new.csv')
      writeFileSync(file, 'indicator,region,year,value,unit\nurbanization_rate,江苏省,2025,76.4,%\n')
      const report = await importFiles(ctx, [file], { by: 'tester', at: FIXED_NOW.toISOString(), status: 'published' })
      expect(report.ok).toBe(true)
      const third = await recompute(ctx)
      expect(third.columnsCopy).toBe('current')
      expect(third.data.value('urbanization_rate', '320000', 2025)).toBe(76.4)
      expect((await recompute(ctx)).columnsFromCopy).toBe(true)
    } finally {
      await ctx.close()
    }
  })

  it('ignores a copy that belongs to another store or is damaged', async () => {
    const a = await bundledStore()
    const b = await bundledStore()
    const ctxA = await openContext({ kind: 'sqlite', file: a })
    const ctxB = await openContext({ kind: 'sqlite', file: b })
    try {
      await recompute(ctxA)
      // Same data, same version numbers, another store: its copy must not be taken.
      copyFileSync(snapshotPath(ctxA, 'current')!, snapshotPath(ctxB, 'current')!)
      expect((await recompute(ctxB)).columnsFromCopy).toBe(false)
      writeFileSync(snapshotPath(ctxA, 'current')!, 'not a snapshot')
      const r = await recompute(ctxA)
      expect(r.columnsFromCopy).toBe(false)
      expect(r.cells).toBeGreaterThan(400)
    } finally {
      await ctxA.close()
      await ctxB.close()
    }
  })
})
