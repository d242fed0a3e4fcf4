/** Every JSON reply, on the bundled data, parses with the contract schema the dashboard parses it with. */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { z } from 'zod'

import * as contract from '../../src/contract/index.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'

let s: TestServer
let admin: Session
let year: number

beforeAll(async () => {
  s = await testServer(await STORES[0]!.fresh(), { data: true })
  admin = await s.login('admin1')
  const observations = contract.observationsReply.parse((await admin.req('GET', '/api/observations?indicator=urbanization_rate&region=320000')).json())
  year = Math.max(...observations.map((o) => o.year))
}, 60_000)
afterAll(async () => {
  // Drop the stores even when the server never started.
  try {
    await s.close()
  } finally {
    await dropFreshStores()
  }
})

const cases: ReadonlyArray<readonly [string, () => string, z.ZodType]> = [
  ['health', () => '/api/health', contract.healthReply],
  ['plan', () => '/api/plan', contract.planReply],
  ['regions', () => '/api/regions', contract.regionsReply],
  ['indicators', () => '/api/indicators', contract.indicatorsReply],
  ['status', () => '/api/status', contract.statusReply],
  ['status with members', () => '/api/status?members=true', contract.statusReply],
  ['warnings', () => '/api/warnings', contract.warningsReply],
  ['warning groups', () => '/api/warnings/groups', contract.warningGroupsReply],
  ['forecast', () => `/api/forecast?indicator=urbanization_rate&region=320000&to=${year + 3}`, contract.forecastReply],
  ['explain', () => `/api/explain?indicator=urbanization_rate&region=320000&year=${year}`, contract.explainReply],
  ['evaluation', () => '/api/evaluation', contract.evaluationReply],
  ['aggregates', () => `/api/aggregates?indicator=urbanization_rate&year=${year}`, contract.aggregatesReply],
  ['history', () => `/api/history?indicator=urbanization_rate&region=320000&year=${year}`, contract.historyReply],
  ['review queue', () => '/api/review/queue', contract.reviewQueueReply],
  ['tasks', () => '/api/tasks', contract.tasksReply],
  ['follow-up', () => '/api/tasks-followup', contract.followUpReply],
  ['inspections', () => '/api/inspections', contract.inspectionsReply],
  ['session', () => '/api/session', contract.sessionReply],
  ['accounts', () => '/api/users', contract.accountsReply],
  ['audit', () => '/api/audit', contract.auditReply],
  ['boundaries', () => '/api/boundaries/jiangsu-cities', contract.boundariesReply],
]

it.each(cases)('%s', async (_name, url, schema) => {
  const res = await admin.req('GET', url())
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200)
  const parsed = schema.safeParse(res.json())
  expect(parsed.success ? [] : parsed.error.issues).toEqual([])
})

it('a task with its reports', async () => {
  const [first] = contract.tasksReply.parse((await admin.req('GET', '/api/tasks')).json())
  const res = await admin.req('GET', `/api/tasks/${encodeURIComponent(first!.id)}`)
  expect(res.statusCode).toBe(200)
  expect(contract.taskDetailReply.safeParse(res.json()).success).toBe(true)
})

it('an error reply is the error envelope', async () => {
  const res = await s.app.inject({ method: 'GET', url: '/api/history?indicator=urbanization_rate&region=320000&year=2020' })
  expect(res.statusCode).toBe(401)
  expect(contract.errorReply.parse(res.json()).error.code).toBe('auth.required')
})
