/**
 * Every bundled real figure (data/observations, as the loader stores them) falls inside its indicator's
 * plausible range in plans/jiangsu-2021-2025.yaml: the ranges are tight enough to catch a typo (Jiangsu has
 * about 8,500 万 residents, a city at most about 1,500 万), never so tight that a published figure is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { testServer, type TestServer } from '../helpers/server.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

const store = STORES[0]!

describe('plausible ranges against the bundled figures', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await testServer(await store.fresh(), { data: true })
  }, 120_000)
  afterAll(async () => {
    await s.close()
    await dropFreshStores()
  })

  it('no bundled figure falls outside its range', async () => {
    const all = await s.ctx.observations.find({})
    expect(all.length).toBeGreaterThan(100)
    const stats = new Map<string, [number, number]>()
    const outside: string[] = []
    for (const o of all) {
      const ind = s.ctx.indicators.get(o.indicator)
      const level = s.ctx.regions.get(o.region)?.level ?? '?'
      const key = `${o.indicator} ${level}`
      const st = stats.get(key)
      stats.set(key, st ? [Math.min(st[0], o.value), Math.max(st[1], o.value)] : [o.value, o.value])
      const range = ind?.range
      if (range && (o.value < range[0] || o.value > range[1])) outside.push(`${o.indicator} ${o.region} ${o.year} ${o.value} not in [${range.join(', ')}]`)
    }
    if (process.env.URBMON_PRINT_RANGES) console.log([...stats].map(([k, [a, b]]) => `${k}: ${a} .. ${b}`).sort().join('\n'))
    expect(outside).toEqual([])
  })

  it('is tight enough to catch a slip of the unit (Jiangsu has about 8,500 万 residents)', () => {
    expect(s.ctx.indicators.get('resident_pop')?.range).toEqual([0, 12000])
    expect(s.ctx.indicators.get('urban_pop')?.range?.[1]).toBeLessThanOrEqual(12000)
    // 10× the province's largest published GDP (137,008 亿元 in 2024) is refused.
    expect(s.ctx.indicators.get('gdp')?.range?.[1]).toBeLessThan(1_370_080)
  })
})
