/** /api/status is a list: set targets carry member counts; the members themselves come with ?members=true. */
import { afterAll, beforeAll, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type TestServer } from '../helpers/server.js'

interface Member {
  region: string
  meets: boolean | null
}
interface Row {
  target: string
  regions?: Member[]
  memberCounts?: { total: number; meeting: number; notMeeting: number; noData: number }
}

let s: TestServer

beforeAll(async () => {
  s = await testServer(await STORES[0]!.fresh(), { data: true })
}, 60_000)
afterAll(async () => {
  // Drop the stores even when the server never started.
  try {
    await s.close()
  } finally {
    await dropFreshStores()
  }
})

it('counts members by default and lists them on request, the counts agreeing with the list', async () => {
  const summary = (await s.app.inject({ method: 'GET', url: '/api/status' })).json<{ targets: Row[] }>()
  const full = (await s.app.inject({ method: 'GET', url: '/api/status?members=true' })).json<{ targets: Row[] }>()
  const withMembers = full.targets.filter((t) => t.regions)
  expect(withMembers.length).toBeGreaterThan(0)
  expect(summary.targets.some((t) => t.regions)).toBe(false)
  for (const t of withMembers) {
    const counts = summary.targets.find((x) => x.target === t.target)!.memberCounts!
    const regions = t.regions!
    expect(counts).toEqual({
      total: regions.length,
      meeting: regions.filter((r) => r.meets === true).length,
      notMeeting: regions.filter((r) => r.meets === false).length,
      noData: regions.filter((r) => r.meets === null).length,
    })
  }
  // 培育6个经济总量超万亿的城市: the 13 cities of Jiangsu.
  expect(withMembers.some((t) => t.regions!.length === 13)).toBe(true)
  const bad = await s.app.inject({ method: 'GET', url: '/api/status?members=maybe' })
  expect(bad.statusCode).toBe(422)
})
