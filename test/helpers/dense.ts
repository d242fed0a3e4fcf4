/** Comparing the columnar engine with the reference `Dataset`, cell by cell. */
import { expect } from 'vitest'

import type { Dataset } from '../../src/monitoring/dataset.js'
import type { DenseDataset } from '../../src/monitoring/dense-dataset.js'

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

