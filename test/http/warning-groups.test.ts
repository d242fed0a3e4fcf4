/** /api/warnings filters and links, and /api/warnings/groups, on the bundled data (the public view). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { errorReply, warningGroupsReply, warningKind, warningsReply, type Warning, type WarningGroupsReply } from '../../src/contract/index.js'
import { WARNING_KINDS } from '../../src/monitoring/index.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type TestServer } from '../helpers/server.js'

let s: TestServer
let all: Warning[]
let grouped: WarningGroupsReply

const get = (url: string, lang = 'zh-CN') => s.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } })

beforeAll(async () => {
  s = await testServer(await STORES[0]!.fresh(), { data: true })
  all = warningsReply.parse((await get('/api/warnings')).json())
  grouped = warningGroupsReply.parse((await get('/api/warnings/groups')).json())
}, 60_000)
afterAll(async () => {
  try {
    await s.close()
  } finally {
    await dropFreshStores()
  }
})

describe('grouped warnings', () => {
  it('hold every warning once, with counts per group and per kind', () => {
    expect(all.length).toBeGreaterThan(0)
    expect(grouped.total).toBe(all.length)
    expect(grouped.groups.reduce((n, g) => n + g.count, 0)).toBe(all.length)
    for (const g of grouped.groups) expect(g.warnings.length).toBe(g.count)
    for (const [kind, n] of Object.entries(grouped.kinds)) expect(n, kind).toBe(all.filter((w) => w.kind === kind).length)
  })

  it('fold overdue tasks into one line per lead department', () => {
    const overdue = all.filter((w) => w.kind === 'task_overdue')
    expect(overdue.length).toBeGreaterThan(1)
    const departments = new Set(overdue.map((w) => String(w.params.lead)))
    const groups = grouped.groups.filter((g) => g.kind === 'task_overdue')
    expect(groups.map((g) => g.subject.id).sort()).toEqual([...departments].sort())
    for (const g of groups) {
      expect(g.subject.type).toBe('department')
      expect(g.count).toBe(overdue.filter((w) => w.params.lead === g.subject.id).length)
      if (g.count > 1) {
        expect(g.message).toContain(`${g.count} 项任务`)
        expect(g.messageEn).toContain(`${g.count} tasks led by ${g.subject.id}`)
      }
    }
    expect(groups.length).toBeLessThan(overdue.length)
  })

  it('put target warnings one group per target and data warnings one group per kind and indicator', () => {
    for (const g of grouped.groups) {
      if (g.subject.type === 'target') for (const w of g.warnings) expect(w.target).toBe(g.subject.id)
      if (g.subject.type === 'indicator') for (const w of g.warnings) expect([w.kind, w.indicator]).toEqual([g.kind, g.subject.id])
    }
  })
})

describe('links', () => {
  it('name the task of a task warning, the indicator and region of a data warning', () => {
    for (const w of all) {
      if (w.kind === 'task_overdue' || w.kind === 'task_stalled') expect(w.link.task).toBe(w.target)
      else expect(w.link.indicator).toBe(w.indicator)
      if (w.link.region !== null && w.region !== null && !w.kind.startsWith('task')) expect(w.link.region).toBe(w.region)
    }
  })

  it('link only regions the catalogue knows, never a set’s description such as 320000/prefecture', async () => {
    const codes = new Set((await get('/api/regions')).json<Array<{ code: string }>>().map((r) => r.code))
    const linked = all.filter((w) => w.link.region !== null)
    expect(linked.length).toBeGreaterThan(0)
    for (const w of linked) expect(codes.has(w.link.region!), w.link.region!).toBe(true)
  })
})

describe('filters', () => {
  it('by kind', async () => {
    const kind = all.find((w) => w.kind !== 'task_overdue')?.kind ?? 'task_overdue'
    const r = warningsReply.parse((await get(`/api/warnings?kind=${kind}`)).json())
    expect(r.length).toBe(all.filter((w) => w.kind === kind).length)
    const g = warningGroupsReply.parse((await get(`/api/warnings/groups?kind=${kind}`)).json())
    expect(g.groups.every((x) => x.kind === kind)).toBe(true)
    expect(g.total).toBe(r.length)
  })

  it('by indicator, by id or name', async () => {
    const indicator = all.find((w) => w.indicator)?.indicator
    expect(indicator).toBeTruthy()
    const r = warningsReply.parse((await get(`/api/warnings?indicator=${indicator}`)).json())
    expect(r.length).toBeGreaterThan(0)
    expect(r.every((w) => w.indicator === indicator || w.link.indicator === indicator)).toBe(true)
    expect(r.length).toBe(all.filter((w) => w.indicator === indicator || w.link.indicator === indicator).length)
  })

  it('by region: warnings on it and findings listing it, by code or name', async () => {
    const byCode = warningsReply.parse((await get('/api/warnings?region=320100')).json())
    const byName = warningsReply.parse((await get(`/api/warnings?region=${encodeURIComponent('南京市')}`)).json())
    expect(byName).toEqual(byCode)
    const expected = all.filter(
      (w) =>
        w.region === '320100' ||
        w.link.region === '320100' ||
        String(w.params.regions ?? '')
          .split(',')
          .includes('320100'),
    )
    expect(byCode.length).toBe(expected.length)
    expect(byCode.length).toBeGreaterThan(0)
  })

  it.each([
    ['kind', 'kind=overdue', 'overdue'],
    ['region', 'region=atlantis', 'atlantis'],
    ['indicator', 'indicator=no_such_thing', 'no_such_thing'],
  ])('reject a bad %s with 400, naming the field in Chinese and English', async (field, query, value) => {
    for (const path of ['/api/warnings', '/api/warnings/groups']) {
      const zh = await get(`${path}?${query}`, 'zh-CN')
      const en = await get(`${path}?${query}`, 'en')
      expect(zh.statusCode).toBe(400)
      expect(en.statusCode).toBe(400)
      const zhError = errorReply.parse(zh.json()).error
      expect(zhError.code).toBe('http.bad_value')
      expect(zhError.message).toBe(`请求无效：参数 ${field} 的值“${value}”无效`)
      expect(errorReply.parse(en.json()).error.message).toBe(`Bad request: invalid value "${value}" for ${field}`)
    }
  })
})

describe('the kinds of warning', () => {
  it('are the same, in the same order, in the engine and in the API contract', () => {
    expect(warningKind.options).toEqual([...WARNING_KINDS])
  })
})
