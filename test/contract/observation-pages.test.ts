/**
 * ObservationPages on every store: keyset pages walk every matching row once, in cell-key order (indicator,
 * region, period, source), whatever the page size; the filters and `publishedOnly` match `find` and the count.
 */
import { afterAll, describe, expect, it } from 'vitest'

import type { ObservationKey, PageRequest } from '../../src/app/ports/observation-pages.js'
import type { Observation } from '../../src/app/ports/observations.js'
import type { CandidateObservation } from '../../src/ingest/index.js'
import { openStoreTarget } from '../../src/store/open-store.js'
import { repositoriesOf } from '../../src/store/repositories.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

afterAll(dropFreshStores)

const AT = '2026-01-01T00:00:00.000Z'

function obs(indicator: string, region: string, year: number, source: string): CandidateObservation {
  const value = year - 2000 + region.length
  return { indicator, region, period: String(year), year, value, valueText: String(value), unit: '万人', raw: String(value), source, note: null, location: {} }
}

const key = (r: Observation): string => `${r.indicator}|${r.region}|${r.period}|${r.source}`

describe.each(STORES)('observation pages on $name', (s) => {
  it('walks every row once in key order at any page size; filters, publishedOnly and the count agree with find', async () => {
    const store = await openStoreTarget(await s.fresh(), { create: true })
    try {
      const repos = repositoriesOf(store)
      // Written out of key order (sources b before a, later years first), so an id order would show.
      const batch: CandidateObservation[] = []
      for (const indicator of ['gdp', 'resident_pop'])
        for (const region of ['320200', '320100'])
          for (const year of [2022, 2021, 2020]) for (const source of ['b-yearbook', 'a-bulletin']) batch.push(obs(indicator, region, year, source))
      await repos.imports.applyImport(batch, {
        fileName: 'p.csv',
        sha256: 'p',
        format: 'csv',
        layout: 'long',
        source: null,
        by: 'test',
        at: AT,
        status: 'published',
        warnings: 0,
        origin: 'cli',
      })
      await repos.imports.applyImport([obs('gdp', '320100', 2023, 'a-bulletin')], {
        fileName: 'd.csv',
        sha256: 'd',
        format: 'csv',
        layout: 'long',
        source: null,
        by: 'test',
        at: AT,
        status: 'draft',
        warnings: 0,
        origin: 'cli',
      })
      const all = await repos.observations.find({})
      // Key order, by hand: the fields differ in their first letter or are digits of one length, where every
      // collation agrees with a plain sort.
      const expected = [...all].map(key).sort()
      const walk = async (limit: number, request: Omit<PageRequest, 'limit' | 'after'>): Promise<string[]> => {
        const out: string[] = []
        let after: ObservationKey | undefined
        for (;;) {
          const page = await repos.pages.page({ ...request, limit, ...(after ? { after } : {}) })
          expect(page.length).toBeLessThanOrEqual(limit)
          out.push(...page.map(key))
          const last = page.at(-1)
          if (page.length < limit || !last) return out
          after = { indicator: last.indicator, region: last.region, period: last.period, source: last.source }
        }
      }
      for (const limit of [1, 5, 24, 25, 1000]) expect(await walk(limit, { filter: {} })).toEqual(expected)
      expect(await walk(7, { filter: {}, publishedOnly: true })).toEqual(
        all
          .filter((r) => r.publishedValue !== null)
          .map(key)
          .sort(),
      )
      const filter = { indicators: ['gdp'], regions: ['320100'], fromYear: 2021 }
      const filtered = (await repos.observations.find(filter)).map(key).sort()
      expect(await walk(2, { filter })).toEqual(filtered)
      expect(await repos.pages.countMatching(filter, false)).toBe(filtered.length)
      expect(await repos.pages.countMatching({}, true)).toBe(24)
      expect(await repos.pages.countMatching({}, false)).toBe(25)
      // The rows are `find`'s rows, field for field.
      const byKey = new Map(all.map((r) => [key(r), r]))
      for (const r of await repos.pages.page({ filter: {}, limit: 1000 })) expect(r).toEqual(byKey.get(key(r)))
    } finally {
      await store.close()
    }
  })
})
