/**
 * The analytical copy is written at the end of every import and accepted change (patched with the rows changed
 * since, not rebuilt on the next read): after each kind of change, each view's copy must equal a read of every row
 * from the store, array by array, and the next recompute must take it as it is.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { afterDataChange, COPY_VIEWS, keepColumnCopies, mergeColumns, refreshColumnCopies, snapshotPath, type CopyView } from '../../src/app/column-snapshot.js'
import { openContext, type Context } from '../../src/app/context.js'
import { importFiles } from '../../src/app/import-files.js'
import { loadColumns, loadColumnsCached, recompute } from '../../src/app/recompute.js'
import { putObservation, transition, type Actor } from '../../src/app/workflow.js'
import { PublishedColumnsBuilder } from '../../src/monitoring/index.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { bundledStore } from '../helpers/templates.js'

const ARRAYS = ['indicator', 'region', 'year', 'period', 'source', 'updatedAt', 'version', 'id', 'value', 'confidence'] as const
const at = FIXED_NOW.toISOString()
const admin: Actor = { user: { id: 1, username: 'admin', displayName: 'Admin', role: 'admin', regions: [], department: null, disabled: false }, at, origin: 'test' }

/** The copy of `view` as it is on disk now (read without refreshing it), against every row read from the store. */
async function expectCopyEqualsStore(ctx: Context, view: CopyView) {
  const fromStore = await loadColumns(ctx, { publishedOnly: view === 'published' })
  const cached = await loadColumnsCached(ctx, { publishedOnly: view === 'published' })
  expect(cached.copy, `${view} copy taken as it was`).toBe('current')
  const fromCopy = cached.columns
  expect(fromCopy.length, view).toBe(fromStore.length)
  for (const name of ARRAYS) {
    expect(Array.from(fromCopy[name].subarray(0, fromCopy.length)), `${view} ${name}`).toEqual(Array.from(fromStore[name].subarray(0, fromStore.length)))
  }
  expect([fromCopy.indicatorIds, fromCopy.regionCodes, fromCopy.periods, fromCopy.sources, fromCopy.updatedAts], view).toEqual([
    fromStore.indicatorIds,
    fromStore.regionCodes,
    fromStore.periods,
    fromStore.sources,
    fromStore.updatedAts,
  ])
}

const expectBothViews = async (ctx: Context) => {
  for (const view of COPY_VIEWS) await expectCopyEqualsStore(ctx, view)
}

async function withStore(work: (ctx: Context, db: string) => Promise<void>) {
  const db = await bundledStore()
  const ctx = await openContext({ kind: 'sqlite', file: db })
  try {
    await work(ctx, db)
  } finally {
    await ctx.close()
  }
}

describe('the analytical copy, written at the end of every change', () => {
  it('after a whole-file and a streamed import: equal to a read of every row, and the next recompute does not read the store', async () => {
    await withStore(async (ctx, db) => {
      // The first copy is built from every row; each import after it patches it.
      expect(await refreshColumnCopies(ctx)).toBe('rebuilt')
      const file = join(db, '..', 'new.csv')
      // A new cell and a revised one (the province's 2021 urbanization rate is in the bundled data).
      writeFileSync(file, 'indicator,region,year,value,unit\nurbanization_rate,江苏省,2026,77.1,%\nurbanization_rate,江苏省,2021,73.99,%\n')
      const whole = await importFiles(ctx, [file], { by: 'tester', at, status: 'draft', streamMinBytes: Number.POSITIVE_INFINITY })
      expect(whole.ok).toBe(true)
      await expectBothViews(ctx)
      const first = await recompute(ctx)
      expect(first.columnsFromCopy).toBe(true)
      expect(first.columnsCopy).toBe('current')
      expect(first.data.value('urbanization_rate', '320000', 2026)).toBe(77.1)

      writeFileSync(file, 'indicator,region,year,value,unit\nurbanization_rate,江苏省,2027,77.9,%\nurbanization_rate,江苏省,2026,77.2,%\n')
      const streamed = await importFiles(ctx, [file], { by: 'tester', at, status: 'published', streamMinBytes: 0 })
      expect(streamed.ok).toBe(true)
      await expectBothViews(ctx)
      const second = await recompute(ctx, { publishedOnly: true })
      expect(second.columnsCopy).toBe('current')
      expect(second.data.value('urbanization_rate', '320000', 2027)).toBe(77.9)
    })
  })

  it('after a single-value write and each review step (submit, return, submit, approve, publish)', async () => {
    await withStore(async (ctx) => {
      await refreshColumnCopies(ctx)
      const written = await putObservation(ctx, admin, { indicator: 'urbanization_rate', region: '320100', year: 2026, value: 88.8, note: 'entered' })
      await expectBothViews(ctx)
      const selection = { ids: [written.id] }
      await transition(ctx, admin, 'submit', selection)
      await expectBothViews(ctx)
      await transition(ctx, admin, 'return', selection, 'check the source')
      await expectBothViews(ctx)
      await transition(ctx, admin, 'submit', selection)
      await transition(ctx, admin, 'approve', selection)
      await expectBothViews(ctx)
      await transition(ctx, admin, 'publish', selection)
      await expectBothViews(ctx)
      // A revision of a published value: the current view has the new value, the published one keeps the old.
      await putObservation(ctx, admin, { indicator: 'urbanization_rate', region: '320100', year: 2026, value: 89.1, version: written.version + 5 })
      await expectBothViews(ctx)
      const current = await recompute(ctx)
      const published = await recompute(ctx, { publishedOnly: true })
      expect([current.columnsCopy, published.columnsCopy]).toEqual(['current', 'current'])
      expect(current.data.value('urbanization_rate', '320100', 2026)).toBe(89.1)
      expect(published.data.value('urbanization_rate', '320100', 2026)).toBe(88.8)
    })
  })

  it('a stale copy is patched on the next read (never taken as current), and a missing one rebuilt', async () => {
    await withStore(async (ctx) => {
      await refreshColumnCopies(ctx)
      // A write through the repository, past the application's hook: the copy is now out of date.
      await ctx.observations.writeDraft(
        { indicator: 'urbanization_rate', region: '320200', period: '2026', year: 2026, source: 'entry', value: 70.5, valueText: '70.5', unit: '%', note: null, version: 0 },
        { by: 'admin', at, origin: 'test' },
      )
      const r = await recompute(ctx)
      expect(r.columnsCopy).toBe('patched')
      expect(r.data.value('urbanization_rate', '320200', 2026)).toBe(70.5)
      await expectBothViews(ctx)
      expect(await refreshColumnCopies(ctx)).toBe('current')
      await ctx.observations.writeDraft(
        { indicator: 'urbanization_rate', region: '320200', period: '2026', year: 2026, source: 'entry', value: 70.6, valueText: '70.6', unit: '%', note: null, version: 1 },
        { by: 'admin', at, origin: 'test' },
      )
      rmSync(snapshotPath(ctx, 'published')!)
      expect(await refreshColumnCopies(ctx)).toBe('rebuilt')
      await expectBothViews(ctx)
    })
  })

  it('in a server, changes refresh the copy in the background', async () => {
    await withStore(async (ctx) => {
      await refreshColumnCopies(ctx)
      const keeper = keepColumnCopies(ctx, { delayMs: 10 })
      try {
        await putObservation(ctx, admin, { indicator: 'urbanization_rate', region: '320300', year: 2026, value: 66.6 })
        await putObservation(ctx, admin, { indicator: 'urbanization_rate', region: '320400', year: 2026, value: 67.7 })
        await afterDataChange(ctx)
        await keeper.idle()
        await expectBothViews(ctx)
      } finally {
        await keeper.stop()
      }
    })
  })

  it('merges by id and numbers strings in the order they first appear, as a fresh read does', () => {
    const build = (rows: Array<[number, string, number]>) => {
      const b = new PublishedColumnsBuilder(rows.length)
      for (const [id, region, value] of rows) b.add('gdp', region, '2020', 2020, value, 'stats', id, 1, at, null)
      return b.build()
    }
    const old = build([
      [1, 'a', 1],
      [2, 'b', 2],
      [4, 'c', 4],
    ])
    const merged = mergeColumns(
      old,
      [1, 4],
      build([
        [1, 'd', 10],
        [5, 'b', 5],
      ]),
    )
    const expected = build([
      [1, 'd', 10],
      [2, 'b', 2],
      [5, 'b', 5],
    ])
    for (const name of ARRAYS) expect(Array.from(merged[name]), name).toEqual(Array.from(expected[name]))
    expect(merged.regionCodes).toEqual(expected.regionCodes)
  })
})
