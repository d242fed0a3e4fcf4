/**
 * `urbmon tasks`: the task board, splitting, the Excel exchange with the offices (export → edit → import, all or
 * nothing, guarded by versions) and the follow-up of overdue tasks.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Command, CommanderError } from 'commander'
import ExcelJS from 'exceljs'
import { parse as parseYaml } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'

import { openStoreTarget } from '../../src/store/open-store.js'
import type { TaskView } from '../../src/app/tasks.js'
import { registerTasks } from '../../src/cli/commands/tasks.js'
import type { CliIO } from '../../src/cli/io.js'
import { cli, FIXED_NOW, type Captured } from '../helpers/cli.js'
import { freshStore } from '../helpers/templates.js'

const dir = mkdtempSync(join(tmpdir(), 'urbmon-tasks-'))
let fileNo = 0
const file = (name: string) => join(dir, `${++fileNo}-${name}`)

interface PlanTask {
  id: string
  section: string
  lead: string
  cooperating: string[]
  deadline: number
}
const planTasks = (parseYaml(readFileSync(new URL('../../plans/jiangsu-2021-2025.yaml', import.meta.url), 'utf8')) as { tasks: PlanTask[] }).tasks

let tasksInMain: Promise<boolean> | undefined

/**
 * `urbmon …` through main() once it registers `tasks`; until then through a program with main's global options and
 * settings and only `tasks` registered.
 */
async function urbmon(db: string, ...args: string[]): Promise<Captured> {
  tasksInMain ??= cli(['--help']).then((r) => /^\s+tasks\b/m.test(r.out))
  if (await tasksInMain) return cli(['--db', db, ...args])
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { out: (s) => out.push(s), err: (s) => err.push(s), env: { URBMON_USER: 'tester' }, now: () => FIXED_NOW }
  const exit = { code: 0 }
  const program = new Command('urbmon')
    .option('--db <file>')
    .option('--database-url <url>')
    .option('--lang <lang>', 'zh | en', 'zh')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
  registerTasks(program, io, exit)
  try {
    await program.parseAsync(['--db', db, ...args], { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.code === 'commander.helpDisplayed' ? 0 : 2, out: out.join('\n'), err: err.join('\n') }
    throw e
  }
  return { code: exit.code, out: out.join('\n'), err: err.join('\n') }
}

async function json<T>(db: string, ...args: string[]): Promise<T> {
  const r = await urbmon(db, ...args)
  if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.err}`)
  return JSON.parse(r.out) as T
}

const board = (db: string, ...args: string[]) => json<TaskView[]>(db, 'tasks', '--json', ...args)

async function auditRows(db: string) {
  const store = await openStoreTarget({ kind: 'sqlite', file: db }, { create: false })
  try {
    return await store.db.selectFrom('audit_log').selectAll().where('entity', '=', 'task').orderBy('id').execute()
  } finally {
    await store.close()
  }
}

const STATUS_COL = 10
const DEADLINE_COL = 9
const VERSION_COL = 13

/** Opens an exported workbook, lets `edit` change rows of 任务清单 by task id, and saves it under a new name. */
async function editExport(path: string, edit: (row: (id: string) => ExcelJS.Row, ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  const ws = wb.getWorksheet('任务清单')!
  const rowOf = (id: string) => {
    for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === id) return ws.getRow(r)
    throw new Error(`no row ${id}`)
  }
  edit(rowOf, ws)
  const out = file('edited.xlsx')
  await wb.xlsx.writeFile(out)
  return out
}

async function exported(db: string): Promise<string> {
  const out = file('tasks.xlsx')
  const r = await urbmon(db, 'tasks', 'export', '--out', out)
  expect(r.code, r.err).toBe(0)
  return out
}

describe('urbmon tasks', () => {
  let db: string
  beforeAll(async () => {
    db = await freshStore()
  })

  it('the board lists every task of the plan after init --no-data', async () => {
    expect(planTasks).toHaveLength(103)
    const list = await board(db)
    expect(list.map((t) => t.id).sort()).toEqual(planTasks.map((t) => t.id).sort())
    expect(list.every((t) => t.status === 'not_started' && t.version === 1 && t.percent === 0)).toBe(true)
    const text = await urbmon(db, 'tasks')
    expect(text.code).toBe(0)
    expect(text.out).toContain('共 103 项')
    expect(text.out).toMatch(/^3\.1\.1\s+三\(一\)\s+推动稳定就业居住的非户籍人口率先在城市落户\s+省公安厅\s+2025-12-31\s+未开始\s+0%/m)
    const en = await urbmon(db, '--lang', 'en', 'tasks')
    expect(en.out).toMatch(/^3\.1\.1\s+三\(一\)\s+Let non-hukou residents .* not started\s+0%/m)
    expect(en.out).toContain('103 task(s)')
  })

  it('filters by department, status and section', async () => {
    const police = planTasks.filter((t) => t.lead === '省公安厅' || t.cooperating.includes('省公安厅'))
    expect(police.length).toBeGreaterThan(0)
    expect((await board(db, '--department', '省公安厅')).map((t) => t.id).sort()).toEqual(police.map((t) => t.id).sort())
    expect(await board(db, '--status', '未开始')).toHaveLength(103)
    expect(await board(db, '--status', 'not_started')).toHaveLength(103)
    expect(await board(db, '--status', '已完成')).toEqual([])
    expect((await urbmon(db, 'tasks', '--status', 'done')).out).toBe('没有符合条件的任务')
    expect((await board(db, '--section', '三(一)')).length).toBe(planTasks.filter((t) => t.section === '三(一)').length)
    const bad = await urbmon(db, 'tasks', '--status', 'finished')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('[cli.usage]')
  })
})

describe('urbmon tasks split and show', () => {
  it('splits a task by regions into 3.1.1/320100 …, shown with its sub-tasks and audited', async () => {
    const db = await freshStore()
    const r = await urbmon(db, 'tasks', 'split', '3.1.1', '--regions', '320100,苏州', '--deadline', '2025-06-30')
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('任务 3.1.1 现有 2 个子任务')
    expect(r.out).toContain('3.1.1/320100')
    expect(r.out).toContain('3.1.1/320500')
    const shown = await json<{ task: TaskView; subtasks: TaskView[]; reports: unknown[] }>(db, 'tasks', 'show', '3.1.1', '--json')
    expect(shown.task.subtasks).toBe(2)
    expect(shown.subtasks.map((s) => [s.id, s.parentId, s.lead, s.regions, s.deadline])).toEqual([
      ['3.1.1/320100', '3.1.1', '省公安厅', ['320100'], '2025-06-30'],
      ['3.1.1/320500', '3.1.1', '省公安厅', ['320500'], '2025-06-30'],
    ])
    const text = await urbmon(db, 'tasks', 'show', '3.1.1')
    expect(text.out).toContain('子任务（2）')
    expect(text.out).toContain('尚无进展填报')
    expect(await board(db)).toHaveLength(103)
    expect(await board(db, '--all')).toHaveLength(105)
    const audit = await auditRows(db)
    expect(audit.map((a) => [a.action, a.entity_id, a.actor, a.origin])).toEqual([
      ['task.split', '3.1.1/320100', 'cli:tester', 'cli'],
      ['task.split', '3.1.1/320500', 'cli:tester', 'cli'],
    ])

    const byDept = await urbmon(db, 'tasks', 'split', '3.1.2', '--departments', '省公安厅,省教育厅')
    expect(byDept.code, byDept.err).toBe(0)
    expect((await json<{ subtasks: TaskView[] }>(db, 'tasks', 'show', '3.1.2', '--json')).subtasks.map((s) => s.lead)).toEqual(['省公安厅', '省教育厅'])

    expect((await urbmon(db, 'tasks', 'split', '3.1.3')).code).toBe(2)
    expect((await urbmon(db, 'tasks', 'split', '3.1.3', '--regions', '320100', '--departments', '省教育厅')).code).toBe(2)
    expect((await urbmon(db, 'tasks', 'split', '3.1.3', '--regions', '320100', '--deadline', '2025/06/30')).code).toBe(2)
    const late = await urbmon(db, 'tasks', 'split', '3.1.3', '--regions', '320100', '--deadline', '2026-06-30')
    expect([late.code, late.err]).toEqual([1, expect.stringContaining('[task.invalid]')])
    const missing = await urbmon(db, 'tasks', 'split', '9.9.9', '--regions', '320100')
    expect([missing.code, missing.err]).toEqual([1, expect.stringContaining('[task.not_found]')])
    const again = await urbmon(db, 'tasks', 'split', '3.1.1', '--regions', '320100')
    expect(again.code).toBe(1)
    expect((await urbmon(db, 'tasks', 'show', '9.9.9')).code).toBe(1)
  })
})

describe('urbmon tasks export / import', () => {
  it('exports the list, and an edited status and deadline come back through import, audited and versioned', async () => {
    const db = await freshStore()
    await urbmon(db, 'tasks', 'split', '3.1.1', '--regions', '320100,320200')
    const path = await exported(db)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const ws = wb.getWorksheet('任务清单')!
    expect(ws.rowCount).toBe(1 + 105)
    expect(ws.getRow(2).getCell(1).value).toBe('3.1.1')
    expect(ws.getRow(3).getCell(1).value).toBe('3.1.1/320100')
    expect(wb.getWorksheet('说明')).toBeDefined()

    const edited = await editExport(path, (row) => {
      row('3.1.2').getCell(STATUS_COL).value = '推进中'
      row('3.1.2').getCell(DEADLINE_COL).value = '2025-06-30'
      row('3.1.1/320100').getCell(STATUS_COL).value = '已完成'
      row('3.2.1').getCell(DEADLINE_COL).value = new Date(Date.UTC(2024, 11, 31)) // typed as an Excel date
    })
    const r = await urbmon(db, 'tasks', 'import', edited)
    expect(r.code, r.out + r.err).toBe(0)
    expect(r.out).toContain('已更新 3 个任务，102 个未变')
    expect(r.out).toContain('3.1.2: 状态、完成时限')

    const after = new Map((await board(db, '--all')).map((t) => [t.id, t]))
    expect(after.get('3.1.2')).toMatchObject({ status: 'in_progress', deadline: '2025-06-30', version: 2 })
    expect(after.get('3.1.1/320100')).toMatchObject({ status: 'done', percent: 100, version: 2 })
    expect(after.get('3.1.1')).toMatchObject({ status: 'in_progress', percent: 50, rolledUp: true, version: 1 })
    expect(after.get('3.2.1')).toMatchObject({ deadline: '2024-12-31', version: 2 })
    expect(after.get('3.1.3')).toMatchObject({ version: 1 })
    expect((await urbmon(db, 'tasks', '--status', '推进中')).out).toMatch(/^3\.1\.2\s.*2025-06-30\s+推进中/m)

    const updates = (await auditRows(db)).filter((a) => a.action === 'task.update')
    expect(updates.map((a) => [a.entity_id, a.actor, a.origin, a.old_status, a.new_status])).toEqual([
      ['3.1.1/320100', 'cli:tester', 'cli', 'not_started', 'done'],
      ['3.1.2', 'cli:tester', 'cli', 'not_started', 'in_progress'],
      ['3.2.1', 'cli:tester', 'cli', 'not_started', 'not_started'],
    ])
    expect(JSON.parse(updates[1]!.detail!)).toMatchObject({ patch: { status: 'in_progress', deadline: '2025-06-30' }, before: { deadline: '2025-12-31' } })

    // The same file again: every row now matches the store (the old versions do not matter then); nothing is written.
    const again = await urbmon(db, 'tasks', 'import', edited, '--json')
    expect(again.code, again.out).toBe(0)
    const report = JSON.parse(again.out) as { ok: boolean; changed: number; unchanged: number; problems: Array<Record<string, unknown>> }
    expect(report).toMatchObject({ ok: true, changed: 0, unchanged: 105 })
    // 3.1.1 shows the status rolled up from its sub-tasks at export time; it is read, not imported, and said so.
    expect(report.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'task.sheet_invalid', row: 2, column: 'J' })])
    expect(report.problems[0]?.messageEn).toContain('was not imported')
  })

  it('an import with one bad status among many changes nothing and names the row and column in both languages', async () => {
    const db = await freshStore()
    const edited = await editExport(await exported(db), (row) => {
      for (const id of ['3.1.1', '3.1.2', '3.1.3', '3.2.1', '3.2.2']) row(id).getCell(STATUS_COL).value = '推进中'
      row('3.1.4').getCell(STATUS_COL).value = '快完成了'
      row('3.1.5').getCell(DEADLINE_COL).value = '2025-06-30'
    })
    const before = await auditRows(db)
    const zh = await urbmon(db, 'tasks', 'import', edited)
    expect(zh.code).toBe(1)
    const row = /第 (\d+) 行，J 列：“快完成了”不是有效的任务状态/.exec(zh.out)
    expect(row, zh.out).not.toBeNull()
    expect(zh.out).toContain(`row ${row![1]}, column J: "快完成了" is not a task status`)
    expect(zh.out).toContain('工作表“任务清单”')
    expect(zh.out).toContain('导入被拒绝：发现 1 个错误，未写入任何数据')
    expect(zh.out).toContain('Import rejected: 1 error(s) found, nothing was written')
    const en = await urbmon(db, '--lang', 'en', 'tasks', 'import', edited)
    expect(en.code).toBe(1)
    expect(en.out).toContain('error [task.sheet_invalid]')
    expect(en.out).toContain(`第 ${row![1]} 行，J 列`)
    const asJson = JSON.parse((await urbmon(db, 'tasks', 'import', edited, '--json')).out) as { ok: boolean; problems: Array<Record<string, unknown>> }
    expect(asJson.ok).toBe(false)
    expect(asJson.problems).toEqual([expect.objectContaining({ code: 'task.sheet_invalid', sheet: '任务清单', row: Number(row![1]), column: 'J' })])
    expect(asJson.problems[0]?.message).toContain('快完成了')
    expect(asJson.problems[0]?.messageEn).toContain('column J')
    expect(await auditRows(db)).toEqual(before)
    expect((await board(db)).every((t) => t.version === 1 && t.status === 'not_started' && t.deadline !== '2025-06-30')).toBe(true)
  })

  it('refuses a stale version: a sheet exported before someone else changed the task', async () => {
    const db = await freshStore()
    const old = await exported(db)
    const first = await editExport(old, (row) => {
      row('3.1.2').getCell(STATUS_COL).value = '推进中'
    })
    expect((await urbmon(db, 'tasks', 'import', first)).code).toBe(0)
    // A second office edits its copy of the old export: 3.1.2 changed in the meantime (version 2 now).
    const second = await editExport(old, (row) => {
      row('3.1.2').getCell(DEADLINE_COL).value = '2025-03-31'
      row('3.1.3').getCell(STATUS_COL).value = '推进中'
    })
    const r = await urbmon(db, 'tasks', 'import', second)
    expect(r.code).toBe(1)
    expect(r.out).toContain('[task.version_conflict]')
    expect(r.out).toMatch(/第 \d+ 行，M 列：任务 3\.1\.2 已被他人修改（当前版本 2，表中为版本 1）/)
    expect(r.out).toMatch(/row \d+, column M: Task 3\.1\.2 was changed by someone else \(now version 2, the sheet has version 1\)/)
    const after = new Map((await board(db)).map((t) => [t.id, t]))
    expect(after.get('3.1.2')).toMatchObject({ status: 'in_progress', deadline: '2025-12-31', version: 2 })
    expect(after.get('3.1.3')).toMatchObject({ status: 'not_started', version: 1 })
    // A sheet whose version cell was cleared is refused too.
    const noVersion = await editExport(await exported(db), (row) => {
      row('3.1.3').getCell(VERSION_COL).value = null
    })
    const nv = await urbmon(db, 'tasks', 'import', noVersion)
    expect(nv.code).toBe(1)
    expect(nv.out).toContain('M 列：版本“”无效')
  })

  it('--dry-run validates and reports but writes nothing', async () => {
    const db = await freshStore()
    const edited = await editExport(await exported(db), (row) => {
      row('3.1.2').getCell(STATUS_COL).value = '滞后'
      row('3.1.3').getCell(DEADLINE_COL).value = '2024'
    })
    const before = await auditRows(db)
    const r = await urbmon(db, 'tasks', 'import', edited, '--dry-run')
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('试运行（--dry-run）：校验通过，将更新 2 个任务，101 个未变；未写入任何数据')
    const en = await urbmon(db, '--lang', 'en', 'tasks', 'import', edited, '--dry-run', '--json')
    expect(JSON.parse(en.out)).toMatchObject({
      ok: true,
      dryRun: true,
      changed: 2,
      unchanged: 101,
      updates: [
        { id: '3.1.2', fields: ['status'] },
        { id: '3.1.3', fields: ['deadline'] },
      ],
    })
    expect(await auditRows(db)).toEqual(before)
    expect((await board(db)).every((t) => t.version === 1 && t.status === 'not_started' && t.deadline === `${planTasks.find((p) => p.id === t.id)!.deadline}-12-31`)).toBe(true)
  })

  it('neutralises formula-looking text in exported cells, and reads it back unchanged', async () => {
    const db = await freshStore()
    expect((await urbmon(db, 'tasks', 'split', '3.1.1', '--departments', '=1+2,@SUM(A1)')).code).toBe(0)
    const path = await exported(db)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const ws = wb.getWorksheet('任务清单')!
    const cells = [3, 4].map((r) => [ws.getRow(r).getCell(1).value, ws.getRow(r).getCell(6).value, ws.getRow(r).getCell(1).formula])
    expect(cells).toEqual([
      ['3.1.1/@SUM(A1)', `'@SUM(A1)`, undefined],
      ['3.1.1/=1+2', `'=1+2`, undefined],
    ])
    const r = await urbmon(db, 'tasks', 'import', path)
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('已更新 0 个任务，105 个未变')
  })

  it('rejects a file that is not a workbook or lacks the version column', async () => {
    const db = await freshStore()
    const csv = file('tasks.xlsx')
    writeFileSync(csv, '编号,状态\n3.1.1,推进中\n')
    const r = await urbmon(db, 'tasks', 'import', csv)
    expect([r.code, r.out]).toEqual([1, expect.stringContaining('[file.unreadable]')])
    const noVersion = await editExport(await exported(db), (_row, ws) => {
      ws.spliceColumns(VERSION_COL, 1)
    })
    const nv = await urbmon(db, 'tasks', 'import', noVersion)
    expect(nv.code).toBe(1)
    expect(nv.out).toContain('缺少必需的列“版本 / Version”')
    expect((await urbmon(db, 'tasks', 'import', join(dir, 'nothing.xlsx'))).err).toContain('[file.not_found]')
    expect((await urbmon(db, 'tasks', 'export', '--out', join(dir, 'x.csv'))).code).toBe(2)
  })
})

describe('urbmon tasks overdue', () => {
  it('lists tasks past their deadline as of a date, and stalled ones', async () => {
    const db = await freshStore()
    const late = await json<Array<{ task: string; kind: string; deadline: string; days: number; lead: string }>>(db, 'tasks', 'overdue', '--as-of', '2026-06-30', '--json')
    const due2025 = planTasks.filter((t) => t.deadline === 2025).map((t) => t.id)
    expect(due2025.length).toBeGreaterThan(0)
    const overdue = new Map(late.filter((f) => f.kind === 'overdue').map((f) => [f.task, f]))
    for (const id of due2025) expect(overdue.get(id)).toMatchObject({ deadline: '2025-12-31', days: 180 })
    expect(overdue.size).toBe(planTasks.length)
    expect(overdue.get('3.1.1')).toMatchObject({ lead: '省公安厅' })

    const text = await urbmon(db, 'tasks', 'overdue', '--as-of', '2026-06-30')
    expect(text.out).toContain(`截至 2026-06-30：逾期 ${planTasks.length} 项`)
    expect(text.out).toMatch(/^逾期\s+3\.1\.1\s+推动稳定就业居住的非户籍人口率先在城市落户\s+省公安厅\s+2025-12-31\s+180/m)
    const en = await urbmon(db, '--lang', 'en', 'tasks', 'overdue', '--as-of', '2026-06-30')
    expect(en.out).toMatch(/^overdue\s+3\.1\.1\s+Let non-hukou residents/m)

    // Before the deadline, a task never reported on is stalled, not overdue; done tasks are neither.
    const edited = await editExport(await exported(db), (row) => {
      row('3.1.2').getCell(STATUS_COL).value = '已完成'
    })
    expect((await urbmon(db, 'tasks', 'import', edited)).code).toBe(0)
    const mid = await json<Array<{ task: string; kind: string }>>(db, 'tasks', 'overdue', '--as-of', '2025-06-30', '--months', '12', '--json')
    expect(mid.find((f) => f.task === '3.1.1')?.kind).toBe('stalled')
    expect(mid.find((f) => f.task === '3.1.2')).toBeUndefined()
    // The default is today (the CLI's clock: 2026-01-01), when the 2025 deadlines have just passed.
    expect((await json<Array<{ task: string; kind: string }>>(db, 'tasks', 'overdue', '--json')).find((f) => f.task === '3.1.1')?.kind).toBe('overdue')

    expect((await urbmon(db, 'tasks', 'overdue', '--as-of', '30/06/2026')).code).toBe(2)
    expect((await urbmon(db, 'tasks', 'overdue', '--months', '0')).code).toBe(2)
  })
})
