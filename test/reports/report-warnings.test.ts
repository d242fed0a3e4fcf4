/**
 * One engine for every reader: the warnings an annual report prints are the ones `/api/warnings` serves for the
 * same data — signed in (current figures), and for the public while every figure is published. Task follow-ups
 * are the one difference, by design: a report on year Y judges its tasks on Y-12-31, `/api/warnings?year=Y+1`
 * on (Y+1)-12-31, so the same tasks are late by more days there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { reportInput } from '../../src/app/report.js'
import { FIXED_NOW, tempDb } from '../helpers/cli.js'
import { testServer, type TestServer } from '../helpers/server.js'

let server: TestServer
const YEAR = 2024

beforeAll(async () => {
  server = await testServer({ kind: 'sqlite', file: tempDb() }, { data: true })
}, 120_000)

afterAll(async () => {
  await server.close()
})

interface Warning {
  readonly kind: string
  readonly target: string | null
}
const isTask = (w: Warning) => w.kind === 'task_overdue' || w.kind === 'task_stalled'
const monitoring = (ws: ReadonlyArray<Warning>) => ws.filter((w) => !isTask(w))
const tasks = (ws: ReadonlyArray<Warning>) =>
  ws
    .filter(isTask)
    .map((w) => `${w.kind} ${w.target}`)
    .sort()

describe('the annual report’s warnings', () => {
  it('equal /api/warnings for the same data, signed in and for the public', async () => {
    const { ctx, app } = server
    const input = await reportInput(ctx, { kind: 'annual', year: YEAR, lang: 'zh', format: 'html', now: FIXED_NOW, png: false })
    const report = JSON.parse(JSON.stringify(input.warnings)) as Warning[]
    const url = `/api/warnings?year=${YEAR + ctx.plan.reportingLag}`
    const admin = await server.login('admin1')
    const signedIn = await admin.req('GET', url)
    expect(signedIn.statusCode).toBe(200)
    const api = signedIn.json<Warning[]>()
    // Targets behind, data missing or late, jumps, census breaks, vintages, derived mismatches: every one, in order.
    expect(monitoring(report).length).toBeGreaterThan(20)
    expect(new Set(monitoring(report).map((w) => w.kind)).size).toBeGreaterThan(3)
    expect(monitoring(api)).toEqual(monitoring(report))
    expect(tasks(api)).toEqual(tasks(report))

    // The bundled data are all published, so the public sees the same.
    expect((await ctx.observations.find({})).filter((r) => r.value !== r.publishedValue)).toEqual([])
    const anonymous = await app.inject({ method: 'GET', url })
    expect(anonymous.statusCode).toBe(200)
    expect(monitoring(anonymous.json<Warning[]>())).toEqual(monitoring(report))
  })
})
