/**
 * Source grades on the bundled Jiangsu data. Nanjing's 2018 urbanization rate has two sources: the 2019 yearbook
 * (82.5, http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm, graded `yearbook` 2019 in data/observations/sources.yaml)
 * and a secondary aggregator page (85.22, maigoo.com, graded `secondary` by a host rule). Both figures are in
 * data/observations/jiangsu-published-figures.csv. The yearbook's must be preferred by the query, the engine
 * (status, explain) and the reference; a reviewer's series choice overrides it, audited, and is reversible.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { openContext, type Context } from '../../src/app/context.js'
import { explainCell } from '../../src/app/explain.js'
import { importFiles } from '../../src/app/import-files.js'
import type { User } from '../../src/app/ports/user-repository.js'
import { queryObservations } from '../../src/app/query.js'
import { loadMonitoringData } from '../../src/app/recompute.js'
import { clearSeriesSource, gradeSource, listSources, loadRegistryText, preferSeriesSource, stateImportGrades } from '../../src/app/sources.js'
import { AppError } from '../../src/core/errors.js'
import { t } from '../../src/i18n/t.js'
import { parseSourceRegistry } from '../../src/monitoring/source-registry.js'
import { openStoreTarget } from '../../src/store/open-store.js'
import { backupStore, restoreStore } from '../../src/store/backup.js'
import { loadReferenceDataset } from '../reference/dataset.js'
import { expectSameCells } from '../helpers/dense.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { bundledStore, freshStore } from '../helpers/templates.js'

const YEARBOOK = 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm'
const MAIGOO = 'https://www.maigoo.com/news/688384.html'
const user = (role: User['role'], regions: string[] = []): User => ({ id: 1, username: `${role}1`, displayName: role, role, regions, department: null, disabled: false })
const actor = (u: User) => ({ user: u, at: FIXED_NOW.toISOString(), origin: 'test' })

let db: string
let ctx: Context

beforeAll(async () => {
  db = await bundledStore()
  ctx = await openContext({ kind: 'sqlite', file: db })
}, 120_000)
afterAll(async () => {
  await ctx.close()
})

async function nanjing2018() {
  const rows = (await queryObservations(ctx, { indicator: 'urbanization_rate', region: '南京市', year: '2018' })).filter((r) => r.year === 2018)
  const data = await loadMonitoringData(ctx)
  return { rows, data, explain: await explainCell(ctx, data, 'urbanization_rate', '320100', 2018) }
}

describe('source grades on the bundled data', () => {
  it('prefers the 2019 yearbook (82.5) over the secondary page (85.22) for Nanjing 2018', async () => {
    const { rows, data, explain } = await nanjing2018()
    expect(rows.map((r) => [r.value, r.source, r.sourceGrade, r.sourceVintage, r.preferred]).sort()).toEqual([
      [82.5, YEARBOOK, 'yearbook', '2019', true],
      [85.22, MAIGOO, 'secondary', null, false],
    ])
    expect(data.value('urbanization_rate', '320100', 2018)).toBe(82.5)
    expect(explain.shown).toMatchObject({ value: 82.5, source: YEARBOOK, sourceGrade: 'yearbook', sourceVintage: '2019' })
    expect(explain.published.map((p) => [p.value, p.sourceGrade])).toEqual(
      expect.arrayContaining([
        [82.5, 'yearbook'],
        [85.22, 'secondary'],
      ]),
    )
    expect(explain.seriesChoice).toBeNull()
  })

  it('the engine and the reference agree cell by cell under the grades', async () => {
    const ref = await loadReferenceDataset(ctx)
    const dense = await loadMonitoringData(ctx)
    expect(
      expectSameCells(
        ref,
        dense,
        Array.from({ length: 26 }, (_, k) => 2000 + k),
      ),
    ).toBeGreaterThan(400)
  })

  it('lists every source with its grade, basis and figure count', async () => {
    const list = await listSources(ctx)
    const yb = list.find((s) => s.source === YEARBOOK)
    expect(yb).toMatchObject({ grade: 'yearbook', vintage: '2019', basis: 'registry', publisher: '江苏省统计局' })
    expect(yb!.figures).toBeGreaterThan(50)
    // The full bundled registry grades every bundled source explicitly (test/data/bundled-sources.test.ts), so
    // nothing here falls back to a host rule or stays unrated; host rules are tested in test/http/source-routes.test.ts.
    expect(list.find((s) => s.source === MAIGOO)).toMatchObject({ grade: 'secondary', basis: 'registry' })
    expect(list.find((s) => s.source === '(no URL returned by search)')).toMatchObject({ grade: 'secondary', basis: 'registry' })
    // Best grade first.
    expect(list[0]!.grade).toBe('yearbook')
    expect(list.at(-1)!.grade).toBe('secondary')
  })

  it('a reviewer chooses the secondary source for the series: audited, shown in explain, and reversible', async () => {
    const reviewer = user('reviewer')
    await expect(preferSeriesSource(ctx, actor(reviewer), { indicator: 'urbanization_rate', region: '320100', source: MAIGOO, reason: ' ' })).rejects.toMatchObject({
      code: 'series.reason_required',
    })
    await expect(preferSeriesSource(ctx, actor(reviewer), { indicator: 'urbanization_rate', region: '320100', source: 'nowhere', reason: 'x' })).rejects.toMatchObject({
      code: 'series.no_such_source',
    })
    for (const u of [user('reporter', ['320100']), user('viewer'), user('reviewer', ['320100'])]) {
      await expect(preferSeriesSource(ctx, actor(u), { indicator: 'urbanization_rate', region: '320100', source: MAIGOO, reason: 'x' })).rejects.toMatchObject({
        code: 'auth.forbidden',
      })
    }
    await preferSeriesSource(ctx, actor(reviewer), { indicator: 'urbanization_rate', region: '南京市', source: MAIGOO, reason: 'post-census revised series' })
    let n = await nanjing2018()
    expect(n.data.value('urbanization_rate', '320100', 2018)).toBe(85.22)
    expect(n.rows.find((r) => r.preferred)?.value).toBe(85.22)
    expect(n.explain.seriesChoice).toMatchObject({ source: MAIGOO, reason: 'post-census revised series', chosenBy: 'reviewer1', chosenAt: FIXED_NOW.toISOString() })
    // The choice holds for every year of the series that has the source (2022: maigoo 87.01 is the only one there).
    const audit = await ctx.audit.list({ action: 'series.prefer', limit: 5 })
    expect(audit[0]).toMatchObject({ actor: 'reviewer1', indicator: 'urbanization_rate', region: '320100', source: MAIGOO, detail: { reason: 'post-census revised series' } })

    const cleared = await clearSeriesSource(ctx, actor(reviewer), { indicator: 'urbanization_rate', region: '320100' })
    expect(cleared?.source).toBe(MAIGOO)
    n = await nanjing2018()
    expect(n.data.value('urbanization_rate', '320100', 2018)).toBe(82.5)
    expect((await ctx.audit.list({ action: 'series.prefer_clear', limit: 5 }))[0]).toMatchObject({ actor: 'reviewer1', detail: { source: MAIGOO } })
    expect(await clearSeriesSource(ctx, actor(reviewer), { indicator: 'urbanization_rate', region: '320100' })).toBeUndefined()
  })

  it('a regrade re-picks the preferred source at once (the caches follow the data version) and is audited', async () => {
    const admin = user('admin')
    await expect(gradeSource(ctx, actor(user('reporter')), { source: MAIGOO, grade: 'yearbook' })).rejects.toMatchObject({ code: 'auth.forbidden' })
    await expect(gradeSource(ctx, actor(admin), { source: 'no such source', grade: 'news' })).rejects.toMatchObject({ code: 'source.unknown' })
    const before = await ctx.storeMeta.dataVersion()
    // The secondary page regraded a yearbook of a newer vintage: it now wins on vintage.
    const e = await gradeSource(ctx, actor(admin), { source: MAIGOO, grade: 'yearbook', vintage: '2023' })
    expect(e).toMatchObject({ grade: 'yearbook', vintage: '2023', basis: 'reviewer' })
    expect(await ctx.storeMeta.dataVersion()).not.toBe(before)
    expect((await nanjing2018()).data.value('urbanization_rate', '320100', 2018)).toBe(85.22)
    expect((await ctx.audit.list({ action: 'source.grade', limit: 1 }))[0]).toMatchObject({ oldStatus: 'secondary', newStatus: 'yearbook', source: MAIGOO })
    // A registry reload keeps the reviewer's grade; a stated grade never overwrites one.
    const r = await loadRegistryText(ctx, `schema: urbmon/sources@1\nsources:\n  - source: "${MAIGOO}"\n    grade: secondary\n`, 'r.yaml', 'cli:t', FIXED_NOW.toISOString(), 'cli')
    expect(r).toMatchObject({ written: 0, keptReviewer: 1 })
    expect(await stateImportGrades(ctx, [MAIGOO, YEARBOOK], 'news', 'cli:t', FIXED_NOW.toISOString(), 'cli')).toEqual([])
    await gradeSource(ctx, actor(admin), { source: MAIGOO, grade: 'secondary', vintage: null })
    expect((await nanjing2018()).data.value('urbanization_rate', '320100', 2018)).toBe(82.5)
  })
})

describe('confidence and stated grades at import', () => {
  it('stores a confidence column, keeps it in history, refuses an unknown value by file, row and column', async () => {
    const file = join(db, '..', 'conf.csv')
    writeFileSync(file, 'indicator,region,year,value,unit,source,可信度\ngdp,南京市,2031,1.5,亿元,http://example.org/a,中\ngdp,无锡市,2031,2.5,亿元,http://example.org/a,sure\n')
    const bad = await importFiles(ctx, [file], { by: 't', at: FIXED_NOW.toISOString() })
    expect(bad.ok).toBe(false)
    const p = bad.files[0]!.errors[0]!
    expect(p).toMatchObject({ code: 'ingest.bad_confidence', location: { file: 'conf.csv', row: 3, column: 'G' } })
    expect(t('en', 'ingest.bad_confidence', p.params as never)).toContain('"sure" is not a confidence')
    writeFileSync(file, 'indicator,region,year,value,unit,source,confidence\ngdp,南京市,2031,1.5,亿元,http://example.org/a,medium\n')
    const good = await importFiles(ctx, [file], { by: 't', at: FIXED_NOW.toISOString(), sourceGrade: 'news' })
    expect(good.ok).toBe(true)
    const [row] = await ctx.observations.find({ indicators: ['gdp'], regions: ['320100'], years: [2031] })
    expect(row?.confidence).toBe('medium')
    expect((await ctx.observations.history('gdp', '320100', '2031'))[0]?.confidence).toBe('medium')
    expect((await listSources(ctx)).find((s) => s.source === 'http://example.org/a')).toMatchObject({ grade: 'news', basis: 'stated' })
    rmSync(file)
  })
})

describe('the registry file', () => {
  const bad = (text: string) => {
    const r = parseSourceRegistry(text, 'sources.yaml')
    if (r.ok) throw new Error('expected problems')
    return r.error.map((p) => ({ line: p.location.line, zh: t('zh', p.code, p.params as never), en: t('en', p.code, p.params as never) }))
  }
  it('names file, line and field of a bad grade, in both languages', () => {
    const [p] = bad('schema: urbmon/sources@1\nsources:\n  - source: a\n    grade: official\n')
    expect(p!.line).toBe(4)
    expect(p!.en).toContain('Source registry sources.yaml, line 4: field sources[0].grade is invalid')
    expect(p!.zh).toContain('来源登记文件 sources.yaml 第 4 行：字段 sources[0].grade 无效')
  })
  it('refuses a source listed twice, a bad vintage, an unknown field and broken YAML', () => {
    expect(bad('schema: urbmon/sources@1\nsources:\n  - source: a\n    grade: news\n  - source: a\n    grade: news\n')[0]).toMatchObject({ line: 5 })
    expect(bad('schema: urbmon/sources@1\nsources:\n  - source: a\n    grade: news\n  - source: a\n    grade: news\n')[0]!.en).toContain('"a" is listed twice')
    expect(bad('schema: urbmon/sources@1\nsources:\n  - source: a\n    grade: news\n    vintage: "19"\n')[0]!.en).toContain('sources[0].vintage')
    expect(bad('schema: urbmon/sources@1\nsources:\n  - source: a\n    grade: news\n    grde: x\n')[0]!.en).toContain('sources[0]')
    expect(bad('schema: urbmon/sources@1\nsources: [\n')[0]!.en).toContain('YAML syntax error')
    expect(bad('schema: urbmon/sources@2\n')[0]!.en).toContain('field schema')
  })
  it('is thrown as sources.invalid when loaded', async () => {
    const e = await loadRegistryText(ctx, 'schema: urbmon/sources@1\nhosts:\n  - host: "not a host"\n    grade: news\n', 'x.yaml', 'cli:t', FIXED_NOW.toISOString(), 'cli').catch(
      (x: unknown) => x,
    )
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('sources.invalid')
    expect((e as AppError).params).toMatchObject({ file: 'x.yaml', line: 3, path: 'hosts[0].host' })
  })
})

describe('backup and restore', () => {
  it('keeps grades, host rules, series choices and confidences', async () => {
    const admin = user('admin')
    await preferSeriesSource(ctx, actor(admin), { indicator: 'urbanization_rate', region: '320100', source: MAIGOO, reason: 'kept across a restore' })
    const from = await openStoreTarget({ kind: 'sqlite', file: db }, { create: false })
    const lines: string[] = []
    try {
      await backupStore(from, (l) => lines.push(l))
    } finally {
      await from.close()
    }
    const target = await freshStore()
    rmSync(target)
    const to = await openStoreTarget({ kind: 'sqlite', file: target }, { create: true })
    try {
      const summary = await restoreStore(to, lines)
      expect(summary.rows.sources).toBeGreaterThan(0)
      expect(summary.rows.source_hosts).toBeGreaterThan(0)
      expect(summary.rows.series_sources).toBe(1)
    } finally {
      await to.close()
    }
    const restored = await openContext({ kind: 'sqlite', file: target })
    try {
      expect(await restored.sources.choices()).toEqual(await ctx.sources.choices())
      expect(await restored.sources.graded()).toEqual(await ctx.sources.graded())
      expect(await restored.sources.hosts()).toEqual(await ctx.sources.hosts())
      expect((await restored.observations.find({ indicators: ['gdp'], regions: ['320100'], years: [2031] }))[0]?.confidence).toBe('medium')
      expect((await loadMonitoringData(restored)).value('urbanization_rate', '320100', 2018)).toBe(85.22)
    } finally {
      await restored.close()
    }
    await clearSeriesSource(ctx, actor(admin), { indicator: 'urbanization_rate', region: '320100' })
  })
})
