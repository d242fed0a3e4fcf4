/**
 * /api/status on a hand-made store: every row without a status explains itself, the summary counts the rows, and
 * dataYear is the year most figures are for, not the year of one early figure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'

import { statusReply, type StatusReply } from '../../src/contract/index.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'

// GDP (亿元) of the 13 cities for 2023: five at or over 1 万亿 (南京 无锡 常州 苏州 南通), eight under.
const GDP_2023: ReadonlyArray<readonly [string, number]> = [
  ['320100', 17421],
  ['320200', 15456],
  ['320300', 9200],
  ['320400', 10116],
  ['320500', 24653],
  ['320600', 11813],
  ['320700', 4364],
  ['320800', 5300],
  ['320900', 7400],
  ['321000', 7423],
  ['321100', 5264],
  ['321200', 6731],
  ['321300', 4398],
]
const OVER = new Set(['320100', '320200', '320400', '320500', '320600'])

let s: TestServer
let admin: Session
let body: StatusReply

beforeAll(async () => {
  s = await testServer(await STORES[0]!.fresh())
  admin = await s.login('admin1')
  const put = async (indicator: string, region: string, year: number, value: number) => {
    const r = await admin.req('PUT', `/api/observations/${indicator}/${region}/${year}`, { value })
    expect(r.statusCode, r.body).toBe(200)
  }
  for (const [region, value] of GDP_2023) await put('gdp', region, 2023, value)
  await put('urbanization_rate', '320000', 2023, 75)
  // One city publishes one figure a year early.
  await put('gdp', '320100', 2024, 18500)
  const r = await admin.req('GET', '/api/status')
  expect(r.statusCode, r.body).toBe(200)
  body = statusReply.parse(r.json())
}, 60_000)
afterAll(async () => {
  try {
    await s.close()
  } finally {
    await dropFreshStores()
  }
})

it('dataYear is the year most watched cells have, while the evaluation year is the latest figure’s', () => {
  // Watched cells with data: GDP of 13 cities and the province's rate, 14 in all; all 14 in 2023, one in 2024.
  expect(body.asOf).toBe(2024)
  expect(body.dataYear).toBe(2023)
  expect(body.dataCoverage).toEqual({ covered: 14, withData: 14 })
})

it('the summary counts the rows by status, and the at-risk list is the rows at risk, off track or regressing', () => {
  const counted: Record<string, number> = {}
  for (const t of body.targets) counted[t.status] = (counted[t.status] ?? 0) + 1
  for (const [status, n] of Object.entries(body.summary)) expect(n, status).toBe(counted[status] ?? 0)
  expect(Object.values(body.summary).reduce((a, b) => a + b, 0)).toBe(body.targets.length)
  const risky = body.targets.filter((t) => ['at_risk', 'off_track', 'regressing'].includes(t.status)).map((t) => t.target)
  expect(body.atRisk.map((a) => a.target).sort()).toEqual(risky.sort())
})

it('every row without a status, and only those, carries a gap', () => {
  for (const t of body.targets) expect(t.gap !== undefined, t.target).toBe(t.status === 'no_data')
  const qualitative = body.targets.find((t) => t.kind === 'qualitative')
  expect(qualitative?.gap?.code).toBe('qualitative')
})

it('the trillion-yuan cities: every city known, 5 over and 8 under in 2023, and no 2020 baseline for any city', () => {
  const row = body.targets.find((t) => t.target === 'trillion-gdp-cities-2025')
  expect(row?.status).toBe('no_data')
  const gap = row?.gap
  expect(gap?.code).toBe('no_baseline')
  expect(gap?.members?.year).toBe(2023)
  expect(gap?.members?.meeting.map((m) => m.region).sort()).toEqual([...OVER].sort())
  expect(gap?.members?.notMeeting.map((m) => m.region).sort()).toEqual(GDP_2023.map(([c]) => c).filter((c) => !OVER.has(c)))
  expect(gap?.members?.noData).toEqual([])
  expect(gap?.needs.kind).toBe('baseline')
  expect(gap?.needs.year).toBe(2020)
  expect(gap?.needs.regions.length).toBe(13)
  // The list reply's member counts say the same.
  expect(row?.memberCounts).toEqual({ total: 13, meeting: 5, notMeeting: 8, noData: 0 })
  expect([gap?.latestYear, gap?.latestValue]).toEqual([2023, 5])
})

it('a level target with no figure at all says so and names the region', () => {
  const row = body.targets.find((t) => t.target === 'inferior-v-water-2025')
  expect(row?.gap?.code).toBe('no_data')
  expect(row?.gap?.needs.regions.map((r) => r.region)).toEqual(['320000'])
})
