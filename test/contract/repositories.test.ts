/**
 * The application's ports (src/app/ports), as src/store implements them: every method on SQLite, and on
 * PostgreSQL when URBMON_TEST_DATABASE_URL is set. Only the repositories are used here, never the database.
 */
import { afterAll, describe, expect, it } from 'vitest'

import type { ImportMeta } from '../../src/app/ports/imports.js'
import type { Repositories } from '../../src/app/ports/index.js'
import type { ChangeStamp, DraftInput, Observation } from '../../src/app/ports/observations.js'
import { isAppError } from '../../src/core/errors.js'
import type { CandidateObservation } from '../../src/ingest/index.js'
import type { Region } from '../../src/regions/region-catalog.js'
import { openStoreTarget } from '../../src/store/open-store.js'
import { repositoriesOf } from '../../src/store/repositories.js'
import { dropFreshStores, STORES, type TestStore } from '../helpers/stores.js'

afterAll(dropFreshStores)

const AT = '2026-01-01T00:00:00.000Z'
const LATER = '2026-01-02T00:00:00.000Z'
// vitest types its matchers `any`; typed as the values they match, fixtures can still be checked with `satisfies`.
const ANY_NUMBER = expect.any(Number) as number
const ANY_STRING = expect.any(String) as string
const STAMP: ChangeStamp = { by: 'reporter1', at: AT, origin: '127.0.0.1' }

function obs(region: string, year: number, value: number, source = 'bulletin', indicator = 'resident_pop'): CandidateObservation {
  return {
    indicator,
    region,
    period: String(year),
    year,
    value,
    valueText: String(value),
    unit: '万人',
    raw: `${value}万人`,
    source,
    note: null,
    location: { file: 'test.csv', sheet: 'Sheet1', row: 2, column: 'D' },
  }
}

function meta(fileName: string, status: ImportMeta['status'] = 'published'): ImportMeta {
  return { fileName, sha256: fileName, format: 'csv', layout: 'long', source: null, by: 'cli:tester', at: AT, status, warnings: 1, origin: 'cli' }
}

function draft(value: number, version: number | undefined, extra: Partial<DraftInput> = {}): DraftInput {
  return { indicator: 'gdp', region: '320100', period: '2024', year: 2024, source: 'data-entry', value, valueText: String(value), unit: '亿元', note: null, version, ...extra }
}

async function withRepos<T>(s: TestStore, fn: (repos: Repositories) => Promise<T>): Promise<T> {
  const store = await openStoreTarget(await s.fresh(), { create: true })
  try {
    return await fn(repositoriesOf(store))
  } finally {
    await store.close()
  }
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<unknown> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  )
  expect(isAppError(e) ? e.code : e).toBe(code)
  return e
}

const REGIONS: Region[] = [
  { code: '320000', name: '江苏省', nameEn: 'Jiangsu', level: 'province', parent: null, aliases: ['苏'], members: [], partial: [], summaryOrder: null },
  { code: '320100', name: '南京市', nameEn: 'Nanjing', level: 'prefecture', parent: '320000', aliases: [], members: [], partial: [], summaryOrder: null },
  {
    code: 'sunan',
    name: '苏南',
    nameEn: 'Southern Jiangsu',
    level: 'grouping',
    parent: null,
    aliases: ['苏南地区'],
    members: ['320100'],
    partial: ['320000'],
    groupingKind: 'statistical-region',
    summaryOrder: 1,
  },
]

describe.each(STORES)('repositories on $name', (s) => {
  describe('observations', () => {
    it('finds by indicator, region, years and status, ordered by indicator, region, period, id, as camelCase objects', async () => {
      await withRepos(s, async ({ observations, imports }) => {
        await imports.applyImport(
          [obs('320100', 2020, 931.47), obs('320200', 2020, 746.21), obs('320100', 2021, 942.34), obs('320100', 2020, 1.5, 'bulletin', 'gdp')],
          meta('a.csv'),
        )
        await imports.applyImport([obs('320100', 2022, 949.11)], meta('b.csv', 'draft'))
        const all = await observations.find({})
        expect(all.map((o) => `${o.indicator} ${o.region} ${o.period}`)).toEqual([
          'gdp 320100 2020',
          'resident_pop 320100 2020',
          'resident_pop 320100 2021',
          'resident_pop 320100 2022',
          'resident_pop 320200 2020',
        ])
        expect(all[1]).toEqual({
          id: ANY_NUMBER,
          indicator: 'resident_pop',
          region: '320100',
          period: '2020',
          year: 2020,
          source: 'bulletin',
          value: 931.47,
          valueText: '931.47',
          unit: '万人',
          rawValue: '931.47万人',
          note: null,
          status: 'published',
          version: 1,
          createdAt: AT,
          createdBy: 'cli:tester',
          updatedAt: AT,
          updatedBy: 'cli:tester',
          importId: 1,
          publishedValue: 931.47,
          publishedValueText: '931.47',
          publishedAt: AT,
          reviewComment: null,
          confidence: null,
        } satisfies Observation)
        expect((await observations.find({ indicators: ['resident_pop'], regions: ['320100'], fromYear: 2021 })).map((o) => o.year)).toEqual([2021, 2022])
        expect((await observations.find({ years: [2020], toYear: 2020, regions: ['320200'] })).map((o) => o.value)).toEqual([746.21])
        expect((await observations.find({ statuses: ['draft'] })).map((o) => [o.year, o.publishedValue])).toEqual([[2022, null]])
      })
    })

    it('lists values in given statuses, oldest change first', async () => {
      await withRepos(s, async ({ observations }) => {
        await observations.writeDraft(draft(1, undefined, { region: '320200' }), { ...STAMP, at: LATER })
        await observations.writeDraft(draft(2, undefined), STAMP)
        await observations.writeDraft(draft(3, undefined, { region: '320300' }), STAMP)
        expect((await observations.inStatuses(['draft'])).map((o) => [o.region, o.updatedAt])).toEqual([
          ['320100', AT],
          ['320300', AT],
          ['320200', LATER],
        ])
        expect(await observations.inStatuses(['submitted'])).toEqual([])
      })
    })

    it('gives a cell’s history by source then version, with the origin parsed and the file named', async () => {
      await withRepos(s, async ({ observations, imports }) => {
        await imports.applyImport([obs('320100', 2021, 942.34)], meta('v1.csv'))
        await imports.applyImport([obs('320100', 2021, 942.35)], meta('v2.csv'))
        await imports.applyImport([obs('320100', 2021, 942.3, 'annual report')], meta('v3.csv'))
        const history = await observations.history('resident_pop', '320100', '2021')
        expect(history.map((r) => [r.source, r.version, r.action, r.value, r.previousValue, r.fileName])).toEqual([
          ['annual report', 1, 'create', 942.3, null, 'v3.csv'],
          ['bulletin', 1, 'create', 942.34, null, 'v1.csv'],
          ['bulletin', 2, 'update', 942.35, 942.34, 'v2.csv'],
        ])
        expect(history[2]).toMatchObject({ valueText: '942.35', rawValue: '942.35万人', unit: '万人', status: 'published', changedAt: AT, changedBy: 'cli:tester', note: null })
        // Parsed, and with its keys in the order they were written.
        expect(JSON.stringify(history[0]!.origin)).toBe('{"file":"test.csv","sheet":"Sheet1","row":2,"column":"D"}')
        expect(history[0]!.observationId).not.toBe(history[1]!.observationId)
        expect(await observations.history('resident_pop', '320100', '1999')).toEqual([])
      })
    })

    it('writes a draft with a version check: create, unchanged, revise, and conflicts', async () => {
      await withRepos(s, async ({ observations, audit }) => {
        await rejectsWith(observations.writeDraft(draft(10, 3), STAMP), 'observation.version_conflict')
        const created = await observations.writeDraft(draft(10, 0, { note: 'first' }), STAMP)
        expect(created).toMatchObject({ value: 10, version: 1, status: 'draft', note: 'first', createdBy: 'reporter1', importId: null, publishedValue: null })
        expect(await observations.writeDraft(draft(10, 1, { note: 'first' }), { ...STAMP, at: LATER })).toEqual(created)
        await rejectsWith(observations.writeDraft(draft(11, undefined), STAMP), 'observation.version_conflict')
        await rejectsWith(observations.writeDraft(draft(11, 2), STAMP), 'observation.version_conflict')
        const revised = await observations.writeDraft(draft(11, 1), { ...STAMP, at: LATER })
        expect(revised).toMatchObject({ id: created.id, value: 11, version: 2, note: null, updatedAt: LATER, createdAt: AT })
        const history = await observations.history('gdp', '320100', '2024')
        expect(history.map((r) => [r.action, r.version, r.value, r.previousValue, r.origin])).toEqual([
          ['create', 1, 10, null, { via: '127.0.0.1' }],
          ['update', 2, 11, 10, { via: '127.0.0.1' }],
        ])
        expect((await audit.list({ limit: 10 })).map((e) => [e.action, e.entityId, e.oldValue, e.newValue, e.oldStatus, e.newStatus])).toEqual([
          ['observation.update', String(created.id), 10, 11, 'draft', 'draft'],
          ['observation.create', String(created.id), null, 10, null, 'draft'],
        ])
      })
    })

    it('moves chosen values one step; publishing keeps the published value; a throwing choice changes nothing', async () => {
      await withRepos(s, async ({ observations, audit }) => {
        const a = await observations.writeDraft(draft(1, 0), STAMP)
        const b = await observations.writeDraft(draft(2, 0, { region: '320200' }), STAMP)
        await observations.writeDraft(draft(3, 0, { region: '320300', indicator: 'other' }), STAMP)
        let seen: number[] = []
        const moved = await observations.moveStatus({ indicator: 'gdp', statuses: ['draft'] }, { action: 'submit', to: 'submitted' }, STAMP, (rows) => {
          seen = rows.map((r) => r.id)
          return rows.filter((r) => r.id === a.id)
        })
        expect(seen).toEqual([a.id, b.id])
        expect(moved.map((r) => r.id)).toEqual([a.id])
        await observations.moveStatus({ ids: [a.id] }, { action: 'approve', to: 'approved' }, STAMP, (rows) => rows)
        await observations.moveStatus({ ids: [a.id] }, { action: 'publish', to: 'published' }, { ...STAMP, at: LATER }, (rows) => rows)
        const [published] = await observations.find({ regions: ['320100'] })
        expect(published).toMatchObject({ status: 'published', version: 4, publishedValue: 1, publishedValueText: '1', publishedAt: LATER, updatedAt: LATER })
        await observations.moveStatus({ ids: [b.id] }, { action: 'return', to: 'returned', comment: 'check the unit' }, STAMP, (rows) => rows)
        expect((await observations.find({ regions: ['320200'] }))[0]).toMatchObject({ status: 'returned', reviewComment: 'check the unit', version: 2 })
        const [returned] = await audit.list({ action: 'observation.return', limit: 5 })
        expect(returned).toMatchObject({ detail: { comment: 'check the unit' }, oldStatus: 'draft', newStatus: 'returned', origin: '127.0.0.1' })

        const before = await observations.count()
        await expect(
          observations.moveStatus({ ids: [b.id] }, { action: 'submit', to: 'submitted' }, STAMP, () => {
            throw new Error('refused')
          }),
        ).rejects.toThrow('refused')
        expect(await observations.count()).toEqual(before)
        expect((await observations.find({ regions: ['320200'] }))[0]!.status).toBe('returned')
        expect((await observations.history('gdp', '320100', '2024')).map((r) => [r.action, r.status])).toEqual([
          ['create', 'draft'],
          ['status', 'submitted'],
          ['status', 'approved'],
          ['status', 'published'],
        ])
      })
    })

    it('counts observations, revisions and imports, and knows the largest id', async () => {
      await withRepos(s, async ({ observations, imports }) => {
        expect(await observations.count()).toEqual({ observations: 0, revisions: 0, imports: 0 })
        expect(await observations.largestId()).toBe(0)
        await imports.applyImport([obs('320100', 2020, 1), obs('320100', 2021, 2)], meta('a.csv'))
        expect(await observations.count()).toEqual({ observations: 2, revisions: 2, imports: 1 })
        expect(await observations.largestId()).toBe(Math.max(...(await observations.find({})).map((o) => o.id)))
      })
    })
  })

  describe('sources', () => {
    it('counts each source’s figures, and how many of them state each confidence', async () => {
      await withRepos(s, async ({ imports, sources }) => {
        // By hand: yb has 3 figures (high, high, low), news 2 (medium, none).
        await imports.applyImport(
          [
            { ...obs('320100', 2020, 1, 'yb'), confidence: 'high' },
            { ...obs('320100', 2021, 2, 'yb'), confidence: 'high' },
            { ...obs('320000', 2021, 3, 'yb'), confidence: 'low' },
            { ...obs('320100', 2020, 4, 'news'), confidence: 'medium' },
            obs('320100', 2021, 5, 'news'),
          ],
          meta('c.csv'),
        )
        expect(Object.fromEntries(await sources.figureCounts())).toEqual({ yb: 3, news: 2 })
        expect(Object.fromEntries(await sources.confidenceCounts())).toEqual({
          yb: { high: 2, medium: 0, low: 1, none: 0 },
          news: { high: 0, medium: 1, low: 0, none: 1 },
        })
      })
    })
  })

  describe('observation columns', () => {
    it('streams current or published values, optionally by status, sizing the sink first', async () => {
      await withRepos(s, async ({ columns, imports, observations }) => {
        await imports.applyImport([obs('320100', 2020, 1), obs('320100', 2021, 2)], meta('a.csv'))
        await observations.writeDraft(draft(5, 0), STAMP)
        const scan = async (options: Parameters<typeof columns.scan>[0]) => {
          const rows: Array<[string, string, string, number, number, string]> = []
          let expected = -1
          await columns.scan(options, (n) => {
            expected = n
            return { add: (indicator, region, period, year, value, source) => void rows.push([indicator, region, period, year, value, source]) }
          })
          expect(expected).toBeGreaterThanOrEqual(s.name === 'sqlite' ? rows.length : 1)
          return rows.sort((x, y) => x.join().localeCompare(y.join()))
        }
        expect(await scan({ value: 'current' })).toEqual([
          ['gdp', '320100', '2024', 2024, 5, 'data-entry'],
          ['resident_pop', '320100', '2020', 2020, 1, 'bulletin'],
          ['resident_pop', '320100', '2021', 2021, 2, 'bulletin'],
        ])
        expect((await scan({ value: 'published' })).map((r) => r[4])).toEqual([1, 2])
        expect((await scan({ value: 'current', statuses: ['draft'] })).map((r) => r[4])).toEqual([5])
      })
    })
  })

  describe('imports', () => {
    it('gives the current values of the cells a batch touches, keyed by cell', async () => {
      await withRepos(s, async ({ imports }) => {
        await imports.applyImport([obs('320100', 2020, 931.47), obs('320200', 2020, 746.21)], meta('a.csv'))
        const current = await imports.currentValues([obs('320100', 2020, 1), obs('320300', 2020, 2)])
        expect([...current.values()]).toEqual([{ value: 931.47, unit: '万人', note: null, id: ANY_NUMBER, version: 1, status: 'published' }])
      })
    })

    it('applies an import whole and reports what it did', async () => {
      await withRepos(s, async ({ imports, audit }) => {
        expect(await imports.applyImport([obs('320100', 2020, 1), obs('320100', 2021, 2)], meta('a.csv'))).toEqual({ importId: 1, created: 2, updated: 0, unchanged: 0 })
        expect(await imports.applyImport([obs('320100', 2020, 1), obs('320100', 2021, 3)], meta('b.csv'))).toEqual({ importId: 2, created: 0, updated: 1, unchanged: 1 })
        const [entry] = await audit.list({ action: 'import', limit: 1 })
        expect(entry).toMatchObject({
          entity: 'import',
          entityId: '2',
          newStatus: 'published',
          origin: 'cli',
          detail: { file: 'b.csv', sha256: 'b.csv', created: 0, updated: 1, unchanged: 1, warnings: 1 },
        })
      })
    })

    it('keeps an import session’s rows only when the body commits', async () => {
      await withRepos(s, async ({ imports, observations }) => {
        const rolledBack = await imports.importSession(meta('a.csv'), async (writer) => {
          expect(await writer.write([obs('320100', 2020, 1)])).toMatchObject({ created: 1 })
          return { commit: false }
        })
        expect(rolledBack).toBeUndefined()
        expect(await observations.count()).toEqual({ observations: 0, revisions: 0, imports: 0 })
        const kept = await imports.importSession(meta('b.csv'), async (writer) => {
          await writer.write([obs('320100', 2020, 1)])
          const second = await writer.write([obs('320100', 2021, 2)])
          expect(second).toEqual({ created: 1, updated: 0, unchanged: 0, revised: [] })
          return { commit: true, warnings: 7 }
        })
        expect(kept).toEqual({ importId: ANY_NUMBER, created: 2, updated: 0, unchanged: 0 })
        expect(await observations.count()).toMatchObject({ observations: 2, revisions: 2, imports: 1 })
      })
    })
  })

  describe('audit log', () => {
    it('lists newest first, filtered, with the detail parsed', async () => {
      await withRepos(s, async ({ audit, observations, imports }) => {
        await imports.applyImport([obs('320100', 2020, 1)], meta('a.csv'))
        await observations.writeDraft(draft(1, 0), { ...STAMP, at: LATER })
        await observations.writeDraft(draft(2, 1, { region: '320100' }), { ...STAMP, by: 'reporter2', at: LATER })
        const all = await audit.list({ limit: 100 })
        expect(all.map((e) => e.action)).toEqual(['observation.update', 'observation.create', 'import'])
        expect(all[0]).toEqual({
          id: ANY_NUMBER,
          at: LATER,
          actor: 'reporter2',
          action: 'observation.update',
          entity: 'observation',
          entityId: ANY_STRING,
          indicator: 'gdp',
          region: '320100',
          period: '2024',
          source: 'data-entry',
          oldValue: 1,
          newValue: 2,
          oldStatus: 'draft',
          newStatus: 'draft',
          detail: null,
          origin: '127.0.0.1',
        })
        expect((await audit.list({ actor: 'reporter1', limit: 100 })).map((e) => e.action)).toEqual(['observation.create'])
        expect((await audit.list({ entity: 'import', limit: 100 })).map((e) => e.action)).toEqual(['import'])
        expect((await audit.list({ indicator: 'gdp', region: '320100', since: LATER, limit: 1 })).map((e) => e.action)).toEqual(['observation.update'])
        expect(await audit.list({ since: '2027-01-01', limit: 100 })).toEqual([])
      })
    })

    it('records an entry on its own (a change kept outside the tables), the fields left out empty', async () => {
      await withRepos(s, async ({ audit }) => {
        await audit.record({
          at: LATER,
          actor: 'reviewer1',
          action: 'report.publish',
          entity: 'report',
          entityId: 'final-2025-zh-1',
          oldStatus: 'draft',
          newStatus: 'published',
          detail: { year: 2025 },
          origin: null,
        })
        expect(await audit.list({ entity: 'report', limit: 10 })).toEqual([
          {
            id: ANY_NUMBER,
            at: LATER,
            actor: 'reviewer1',
            action: 'report.publish',
            entity: 'report',
            entityId: 'final-2025-zh-1',
            indicator: null,
            region: null,
            period: null,
            source: null,
            oldValue: null,
            newValue: null,
            oldStatus: 'draft',
            newStatus: 'published',
            detail: { year: 2025 },
            origin: null,
          },
        ])
      })
    })
  })

  describe('plans and regions', () => {
    it('saves a plan version with its regions and makes it active; the same version again replaces its text', async () => {
      await withRepos(s, async ({ plans }) => {
        expect(await plans.activePlan()).toBeUndefined()
        expect(await plans.planFile({ id: 'p', version: '1' })).toBeUndefined()
        await plans.savePlan({ id: 'p', version: '1', fileName: 'plan.yaml', content: 'a: 1' }, REGIONS, AT)
        expect(await plans.activePlan()).toEqual({ id: 'p', version: '1' })
        expect(await plans.planFile({ id: 'p', version: '1' })).toEqual({ id: 'p', version: '1', fileName: 'plan.yaml', content: 'a: 1' })
        const regions = await plans.regions()
        expect(regions.sort((x, y) => x.code.localeCompare(y.code))).toEqual([...REGIONS].sort((x, y) => x.code.localeCompare(y.code)))
        await plans.savePlan({ id: 'p', version: '1', fileName: 'plan.yaml', content: 'a: 2' }, REGIONS.slice(0, 2), LATER)
        expect((await plans.planFile({ id: 'p', version: '1' }))?.content).toBe('a: 2')
        expect(await plans.regions()).toHaveLength(2)
        await plans.savePlan({ id: 'p', version: '2', fileName: 'plan-2.yaml', content: 'a: 3' }, REGIONS, LATER)
        expect(await plans.activePlan()).toEqual({ id: 'p', version: '2' })
        expect((await plans.planFile({ id: 'p', version: '1' }))?.content).toBe('a: 2')
      })
    })
  })

  describe('store meta', () => {
    it('names the store, answers, and moves its data version with every change', async () => {
      await withRepos(s, async ({ storeMeta, observations, imports }) => {
        expect(storeMeta.kind).toBe(s.name)
        expect(storeMeta.file === undefined).toBe(s.name === 'postgres')
        await storeMeta.ping()
        const v0 = await storeMeta.dataVersion()
        expect(v0).toBe('0:0')
        const stamp0 = storeMeta.changeStamp()
        expect(stamp0 === undefined).toBe(s.name === 'postgres')
        await imports.applyImport([obs('320100', 2020, 1)], meta('a.csv'))
        const v1 = await storeMeta.dataVersion()
        expect(v1).not.toBe(v0)
        await observations.moveStatus({ ids: (await observations.find({})).map((o) => o.id) }, { action: 'return', to: 'returned', comment: 'x' }, STAMP, (rows) => rows)
        expect(await storeMeta.dataVersion()).not.toBe(v1)
        if (stamp0 !== undefined) expect(storeMeta.changeStamp()).not.toBe(stamp0)
      })
    })

    it('keeps one store id, made on first use', async () => {
      await withRepos(s, async ({ storeMeta }) => {
        const id = await storeMeta.storeId()
        expect(id).toMatch(/^[0-9a-f]{24}$/)
        expect(await storeMeta.storeId()).toBe(id)
      })
    })
  })
})
