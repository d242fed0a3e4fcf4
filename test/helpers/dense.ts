/** Building the monitoring engine from test rows, and comparing it with the reference `Dataset`, cell by cell. */
import { expect } from 'vitest'

import { DenseDataset, PublishedColumnsBuilder, type ObservationPoint } from '../../src/monitoring/index.js'
import type { IndicatorCatalog } from '../../src/plan/indicator-catalog.js'
import type { RegionCatalog } from '../../src/regions/region-catalog.js'
import type { Dataset } from '../reference/dataset.js'

/** The engine over a few observations. */
export function engineOf(indicators: IndicatorCatalog, regions: RegionCatalog, points: ReadonlyArray<ObservationPoint>): DenseDataset {
  return new DenseDataset(indicators, regions, PublishedColumnsBuilder.fromPoints(points))
}

/** What `urbmon explain --json` and `/api/explain` print about a cell, from either dataset. */
export function explainCell(data: Dataset | DenseDataset, indicator: string, region: string, year: number): string {
  const aggregated = data.aggregate(indicator, region, year)
  return JSON.stringify({
    shown: data.resolve(indicator, region, year) ?? null,
    published: data.publishedAll(indicator, region, year),
    derived: data.derived(indicator, region, year) ?? null,
    aggregated: 'value' in aggregated ? aggregated : { unavailable: aggregated },
  })
}

/** Every cell of both datasets, compared field by field (provenance included). */
export function expectSameCells(ref: Dataset, dense: DenseDataset, years: ReadonlyArray<number>): number {
  let compared = 0
  for (const ind of ref.indicators.all) {
    for (const r of ref.regions.all) {
      for (const y of years) {
        const a = ref.resolve(ind.id, r.code, y)
        const b = dense.resolve(ind.id, r.code, y)
        const where = `${ind.id} ${r.code} ${y}`
        if (!a) {
          expect(b, where).toBeUndefined()
          expect(dense.value(ind.id, r.code, y), where).toBeNaN()
          continue
        }
        expect(b, where).toBeDefined()
        expect({ ...b!, inputs: [...b!.inputs] }, where).toEqual(a)
        expect(dense.value(ind.id, r.code, y), where).toBe(a.value)
        compared++
      }
    }
    expect(dense.years(ind.id), ind.id).toEqual(ref.years(ind.id))
  }
  return compared
}
