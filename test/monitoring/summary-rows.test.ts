/** Done-when of the monitoring issue: aggregates of 苏南/苏中/苏北 (and the province) match the yearbook's summary rows. */
import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { openContext } from '../../src/app/context.js'
import { loadMonitoringData } from '../../src/app/recompute.js'
import { cli } from '../helpers/cli.js'
import { freshStore } from '../helpers/templates.js'

describe('aggregates against the published summary rows of yearbook 2019 table 3-6', () => {
  it.each(['320000', 'sunan', 'suzhong', 'subei'])('%s', async (region) => {
    const db = await freshStore()
    expect((await cli(['--db', db, 'import', resolve(__dirname, '../../data/observations/yearbook-2019-table-3-6.html')])).code).toBe(0)
    const ctx = await openContext({ kind: 'sqlite', file: db })
    try {
      const data = await loadMonitoringData(ctx)
      for (const year of [2017, 2018]) {
        for (const indicator of ['resident_pop', 'urban_pop']) {
          const published = data.resolve(indicator, region, year)!.value
          expect(data.origin(indicator, region, year)).toBe('published')
          const agg = data.aggregate(indicator, region, year)
          // Sums of figures printed to 2 decimals: equal to the printed total within float noise.
          expect('value' in agg && agg.value, `${indicator} ${year}`).toBeCloseTo(published, 6)
        }
        // The rate recomputed from the aggregated components, against the rate printed to one decimal.
        const rate = data.aggregate('urbanization_rate', region, year)
        expect('value' in rate && rate.method).toBe('ratio: 100 * urban_pop / resident_pop')
        const printed = data.resolve('urbanization_rate', region, year)!.value
        expect(data.origin('urbanization_rate', region, year)).toBe('published')
        expect('value' in rate && Math.abs(rate.value - printed)).toBeLessThanOrEqual(0.05)
      }
    } finally {
      await ctx.close()
    }
  })
})
