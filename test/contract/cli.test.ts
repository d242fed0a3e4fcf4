/**
 * The CLI end to end on every store: the same commands give the same answers on SQLite and PostgreSQL, and a
 * backup of either restores into either.
 */
import { writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Command } from 'commander'
import { afterAll, describe, expect, it } from 'vitest'

import { registerBackup } from '../../src/cli/commands/backup.js'
import type { CliIO } from '../../src/cli/io.js'
import type { StoreTarget } from '../../src/store/open-store.js'
import { cli, FIXED_NOW, type Captured } from '../helpers/cli.js'
import { cliTarget, dropFreshStores, STORES, type TestStore } from '../helpers/stores.js'

afterAll(dropFreshStores)

const dir = mkdtempSync(join(tmpdir(), 'urbmon-contract-cli-'))

async function on(target: StoreTarget, ...args: string[]): Promise<Captured> {
  const t = cliTarget(target)
  return cli([...t.args, ...args], t.env)
}

let backupInMain: Promise<boolean> | undefined

/** `backup` and `restore` through main() once it registers them; until then through the same global options. */
async function onWithBackup(target: StoreTarget, ...args: string[]): Promise<Captured> {
  backupInMain ??= cli(['--help']).then((r) => /^\s+backup\b/m.test(r.out))
  if (await backupInMain) return on(target, ...args)
  const t = cliTarget(target)
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { out: (s) => out.push(s), err: (s) => err.push(s), env: { URBMON_USER: 'tester', ...t.env }, now: () => FIXED_NOW }
  const exit = { code: 0 }
  const program = new Command('urbmon').option('--db <file>').option('--database-url <url>').option('--lang <lang>', 'zh | en', 'zh').exitOverride()
  registerBackup(program, io, exit)
  await program.parseAsync([...t.args, ...args], { from: 'user' })
  return { code: exit.code, out: out.join('\n'), err: err.join('\n') }
}

async function json<T = unknown>(target: StoreTarget, ...args: string[]): Promise<T> {
  const r = await on(target, ...args)
  if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.err}`)
  return JSON.parse(r.out) as T
}

const HISTORY = ['history', '--json', '--indicator', 'urbanization_rate', '--region', '南京', '--year', '2018'] as const
const REVISED = ['history', '--json', '--indicator', 'resident_pop', '--region', '南京', '--year', '2021'] as const

const initialised = new Map<string, Promise<StoreTarget>>()

/** One store per kind with the plan and the bundled data, made once and shared by the tests below. */
function bundled(s: TestStore): Promise<StoreTarget> {
  let p = initialised.get(s.name)
  if (!p) {
    p = (async () => {
      const target = await s.fresh()
      const r = await on(target, 'init')
      if (r.code !== 0) throw new Error(r.err)
      return target
    })()
    initialised.set(s.name, p)
  }
  return p
}

describe.each(STORES)('CLI on $name', (s) => {
  it('init loads the bundled data; query --json returns its 903 rows (443 + 460)', async () => {
    const target = await bundled(s)
    const rows = await json<Array<Record<string, unknown>>>(target, 'query', '--json')
    expect(rows).toHaveLength(903)
    expect(rows.every((r) => typeof r.value === 'number' && typeof r.year === 'number' && typeof r.version === 'number' && typeof r.preferred === 'boolean')).toBe(true)
  }, 60_000)

  it('rejects a file with a bad cell and writes nothing; re-importing is unchanged; a revision keeps the old value', async () => {
    const target = await s.fresh()
    expect((await on(target, 'init', '--no-data')).code).toBe(0)
    const header = 'indicator,region,year,value,unit,source\n'
    const v1 = join(dir, `v1-${s.name}.csv`)
    writeFileSync(v1, `${header}resident_pop,南京市,2021,942.34,万人,bulletin\nurban_pop,南京市,2021,819.27,万人,bulletin\n`)
    const bad = join(dir, `bad-${s.name}.csv`)
    writeFileSync(bad, `${header}resident_pop,南京市,2020,931.47,万人,bulletin\nresident_pop,无锡市,2020,7x6,万人,bulletin\n`)
    const v2 = join(dir, `v2-${s.name}.csv`)
    writeFileSync(v2, `${header}resident_pop,南京市,2021,942.35,万人,bulletin\n`)

    const rejected = await on(target, 'import', bad)
    expect(rejected.code).toBe(1)
    expect(rejected.out).toContain('导入被拒绝')
    expect(await json(target, 'query', '--json')).toEqual([])
    expect((await on(target, 'import', v1)).out).toContain('新增 2，修订 0，未变 0')
    expect((await on(target, 'import', v1)).out).toContain('新增 0，修订 0，未变 2')
    expect((await on(target, 'import', v2)).out).toContain('新增 0，修订 1，未变 0')
    const { revisions } = await json<{ revisions: Array<Record<string, unknown>> }>(target, ...REVISED)
    expect(revisions.map((r) => [r.version, r.action, r.value, r.previousValue])).toEqual([
      [1, 'create', 942.34, null],
      [2, 'update', 942.35, 942.34],
    ])
  })
})

describe('CLI across stores', () => {
  it.runIf(STORES.length > 1)(
    'query, history and status give identical answers on every store',
    async () => {
      const answers = await Promise.all(
        STORES.map(async (s) => {
          const target = await bundled(s)
          return { query: await json(target, 'query', '--json'), history: await json(target, ...HISTORY), status: await json(target, 'status', '--json') }
        }),
      )
      for (const a of answers.slice(1)) expect(a).toEqual(answers[0])
    },
    60_000,
  )
})

/** A store with the bundled data and one revised value, backed up with the CLI. */
const backedUp = new Map<string, Promise<{ target: StoreTarget; file: string }>>()
function backupOf(s: TestStore): Promise<{ target: StoreTarget; file: string }> {
  let p = backedUp.get(s.name)
  if (!p) {
    p = (async () => {
      const target = await s.fresh()
      expect((await on(target, 'init')).code).toBe(0)
      const v2 = join(dir, `revise-${s.name}.csv`)
      writeFileSync(v2, 'indicator,region,year,value,unit,source\nresident_pop,南京市,2021,942.35,万人,bulletin\n')
      expect((await on(target, 'import', v2)).code).toBe(0)
      const file = join(dir, `backup-${s.name}.jsonl`)
      const r = await onWithBackup(target, 'backup', '--out', file)
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/^已备份 .* 到 .*：\d+ 行（观测值 904，修订 \d+，导入 6）$/)
      return { target, file }
    })()
    backedUp.set(s.name, p)
  }
  return p
}

describe.each(STORES)('CLI backup of $name', (from) => {
  it.each(STORES)(
    'restores into a new $name store: query --json and history --json are identical',
    async (to) => {
      const { target: source, file } = await backupOf(from)
      const target = await to.fresh()
      const r = await onWithBackup(target, 'restore', file)
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/^已从 .* 恢复到 .*：\d+ 行（观测值 904，修订 \d+，导入 6）$/)
      for (const args of [['query', '--json'], [...HISTORY], [...REVISED], ['status', '--json']]) {
        expect(await json(target, ...args)).toEqual(await json(source, ...args))
      }
      // Restored ids are kept and new ones follow them.
      const more = join(dir, `more-${from.name}-${to.name}.csv`)
      writeFileSync(more, 'indicator,region,year,value,unit,source\nresident_pop,南京市,2022,949.11,万人,bulletin\n')
      expect((await on(target, 'import', more)).out).toContain('已写入（导入编号 7）：新增 1')
    },
    60_000,
  )

  it('refuses to restore into a store that is not empty, and changes nothing', async () => {
    const { target, file } = await backupOf(from)
    const before = await json(target, 'query', '--json')
    const r = await onWithBackup(target, '--lang', 'en', 'restore', file)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^error \[backup\.not_empty\] Database .* is not empty .*nothing was restored/)
    expect(await json(target, 'query', '--json')).toEqual(before)
  }, 60_000)
})
