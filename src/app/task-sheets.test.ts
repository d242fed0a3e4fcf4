import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'

import { AppError } from '../core/errors.js'
import { formatProblem } from '../i18n/t.js'
import { applyTaskSheet, exportTasks, parseDeadline, parseTaskSheet, parseTaskStatus } from './task-sheets.js'
import type { TaskService, TaskView } from './tasks.js'
import type { User } from './users.js'

function task(id: string, over: Partial<TaskView> = {}): TaskView {
  return {
    id,
    parentId: null,
    section: '三(一)',
    title: `任务 ${id}`,
    titleEn: `Task ${id}`,
    description: '规划原文',
    lead: '省公安厅',
    cooperating: ['省发展改革委'],
    regions: ['province'],
    deadline: '2025-12-31',
    indicators: [],
    targets: [],
    status: 'not_started',
    dropReason: null,
    percent: 0,
    lastReportAt: null,
    version: 1,
    subtasks: 0,
    rolledUp: false,
    ...over,
  }
}

async function load(buf: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(buf) as unknown as ExcelJS.Buffer)
  return wb
}

async function sheet(rows: ExcelJS.CellValue[][], name = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(name)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The text cells of a sheet, joined (the 说明 sheet holds plain strings only). */
const sheetText = (ws: ExcelJS.Worksheet): string =>
  ws
    .getSheetValues()
    .flat()
    .filter((v): v is string => typeof v === 'string')
    .join(' ')

const admin: User = { id: 0, username: 'cli:tester', displayName: 'CLI', role: 'admin', regions: [], department: null, disabled: false }
const actor = { user: admin, at: '2026-01-01T00:00:00.000Z', origin: 'test' }

/** A TaskService stand-in that records updates and can fail one as a concurrent writer would. */
function fakeService(tasks: TaskView[], failOn?: string) {
  const updates: Array<{ id: string; patch: unknown; version: number }> = []
  const service: Pick<TaskService, 'list' | 'update'> = {
    list: () => Promise.resolve(tasks),
    update: (id, patch, version) => {
      if (id === failOn) return Promise.reject(new AppError('observation.version_conflict', { current: version + 1, given: version }))
      updates.push({ id, patch, version })
      return Promise.resolve(tasks.find((t) => t.id === id)!)
    },
  }
  return { service, updates }
}

describe('exportTasks', () => {
  it('writes the 任务清单 sheet with a bold frozen Chinese header, statuses in Chinese, sub-tasks after their task, and a 说明 sheet', async () => {
    const tasks = [
      task('3.1.2', { status: 'delayed' }),
      task('3.1.1/320100', { parentId: '3.1.1', regions: ['320100'], status: 'in_progress', percent: 40 }),
      task('3.1.1', { subtasks: 1, rolledUp: true, status: 'in_progress', percent: 40, version: 3, lastReportAt: '2024-07-01T08:00:00.000Z' }),
    ]
    const wb = await load(await exportTasks(tasks, 'zh'))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['任务清单', '说明'])
    const ws = wb.getWorksheet('任务清单')!
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '编号',
      '章节',
      '任务',
      '任务（英文）',
      '主要内容',
      '牵头单位',
      '配合单位',
      '涉及地区',
      '完成时限',
      '状态',
      '完成进度(%)',
      '最近填报',
      '版本',
    ])
    expect(ws.getRow(1).getCell(1).font.bold).toBe(true)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.getColumn(3).width).toBeGreaterThan(20)
    const ids = [2, 3, 4].map((r) => ws.getRow(r).getCell(1).value)
    expect(ids).toEqual(['3.1.1', '3.1.1/320100', '3.1.2'])
    expect(ws.getRow(3).getCell(3).alignment.indent).toBe(2)
    expect(ws.getRow(2).getCell(10).value).toBe('推进中')
    expect(ws.getRow(4).getCell(10).value).toBe('滞后')
    expect(ws.getRow(2).getCell(11).value).toBe(40)
    expect(ws.getRow(2).getCell(12).value).toBe('2024-07-01')
    expect(ws.getRow(2).getCell(13).value).toBe(3)
    expect(ws.getRow(2).getCell(7).value).toBe('省发展改革委')
    const notes = wb.getWorksheet('说明')!
    const text = sheetText(notes)
    expect(text).toContain('可修改')
    expect(text).toContain('只读')
    expect(text).toContain('取消原因')
  })

  it('neutralises formula-looking text and explains the columns in English when asked', async () => {
    const wb = await load(await exportTasks([task('9.9.9', { title: '=HYPERLINK("http://evil","x")', lead: '+1+1', cooperating: ['@SUM(A1)', '-2'] })], 'en'))
    const row = wb.getWorksheet('任务清单')!.getRow(2)
    expect(row.getCell(3).value).toBe(`'=HYPERLINK("http://evil","x")`)
    expect(row.getCell(6).value).toBe(`'+1+1`)
    expect(row.getCell(7).value).toBe(`'@SUM(A1)、-2`)
    expect(sheetText(wb.getWorksheet('说明')!)).toContain('May be changed')
  })
})

describe('parseTaskSheet', () => {
  it('reads back what it exported, unchanged', async () => {
    const tasks = [
      task('3.1.1', { cooperating: ['省发展改革委', '省财政厅'], version: 4 }),
      task('3.1.2', { status: 'done', deadline: '2023-12-31', cooperating: [], lead: '-负责人' }),
    ]
    const parsed = await parseTaskSheet(await exportTasks(tasks, 'zh'), 'tasks.xlsx')
    expect(parsed.problems).toEqual([])
    expect(parsed.changes).toEqual([
      { id: '3.1.1', version: 4, row: 2, patch: { lead: '省公安厅', cooperating: ['省发展改革委', '省财政厅'], deadline: '2025-12-31', status: 'not_started' } },
      { id: '3.1.2', version: 1, row: 3, patch: { lead: '-负责人', cooperating: [], deadline: '2023-12-31', status: 'done' } },
    ])
  })

  it('reads English headings in any order, below a title row, with dates, years and both separators', async () => {
    const bytes = await sheet([
      ['Task list (edited)'],
      ['Version', 'Status', 'id', 'Deadline', 'Cooperating', 'Lead', 'Percent'],
      [2, 'in progress', '3.1.1', '2025/6/30', '省发展改革委, 省财政厅', '省公安厅', 55],
      ['3', '已完成', '3.1.2', 2024, '省教育厅、省民政厅，省财政厅', '省公安厅', ''],
      [1, 'Dropped', '3.1.3', new Date(Date.UTC(2024, 2, 31)), '', '省公安厅'],
      [1, '滞后', '3.1.4', '2025年底', '', '省公安厅'],
      [],
    ])
    const parsed = await parseTaskSheet(bytes, 'en.xlsx')
    expect(parsed.problems).toEqual([])
    expect(parsed.changes.map((c) => [c.id, c.version, c.row, c.patch])).toEqual([
      ['3.1.1', 2, 3, { status: 'in_progress', deadline: '2025-06-30', cooperating: ['省发展改革委', '省财政厅'], lead: '省公安厅' }],
      ['3.1.2', 3, 4, { status: 'done', deadline: '2024-12-31', cooperating: ['省教育厅', '省民政厅', '省财政厅'], lead: '省公安厅' }],
      ['3.1.3', 1, 5, { status: 'dropped', deadline: '2024-03-31', cooperating: [], lead: '省公安厅' }],
      ['3.1.4', 1, 6, { status: 'delayed', deadline: '2025-12-31', cooperating: [], lead: '省公安厅' }],
    ])
  })

  it('names file, sheet, row and column of every bad cell, in both languages', async () => {
    const bytes = await sheet(
      [
        ['编号', '状态', '完成时限', '牵头单位', '版本'],
        ['3.1.1', '差不多了', '2025-02-30', '省公安厅', 1],
        ['3.1.2', '推进中', '明年', '', ''],
        ['3.1.1', '推进中', '2025', '省公安厅', 1],
        ['', '推进中', '', '', ''],
      ],
      '任务清单',
    )
    const { changes, problems } = await parseTaskSheet(bytes, 'bad.xlsx')
    expect(changes).toEqual([])
    expect(problems.map((p) => [p.severity, p.code, 'kind' in p.params ? p.params.kind : undefined, p.location.row, p.location.column])).toEqual([
      ['error', 'task.sheet_invalid', 'status', 2, 'B'],
      ['error', 'task.sheet_invalid', 'deadline', 2, 'C'],
      ['error', 'task.sheet_invalid', 'deadline', 3, 'C'],
      ['error', 'task.sheet_invalid', 'lead', 3, 'D'],
      ['error', 'task.sheet_invalid', 'version', 3, 'E'],
      ['error', 'task.sheet_invalid', 'duplicate', 4, 'A'],
      ['warning', 'task.sheet_invalid', 'no_id', 5, 'A'],
    ])
    expect(formatProblem('zh', problems[0]!)).toBe('bad.xlsx，工作表“任务清单”，第 2 行，B 列：“差不多了”不是有效的任务状态（可填：未开始、推进中、已完成、滞后、已取消）')
    expect(formatProblem('en', problems[0]!)).toBe(
      'bad.xlsx, sheet "任务清单", row 2, column B: "差不多了" is not a task status (use 未开始/not_started, 推进中/in_progress, 已完成/done, 滞后/delayed or 已取消/dropped)',
    )
    expect(formatProblem('en', problems[1]!)).toContain('"2025-02-30" is not a deadline')
  })

  it('requires the id and version columns, and an xlsx file', async () => {
    const missing = await parseTaskSheet(
      await sheet([
        ['编号', '状态'],
        ['3.1.1', '推进中'],
      ]),
      'm.xlsx',
    )
    expect(missing.problems.map((p) => [p.code, p.code === 'ingest.missing_column' ? p.params.column : undefined])).toEqual([['ingest.missing_column', '版本 / Version']])
    const noId = await parseTaskSheet(
      await sheet([
        ['状态', '版本'],
        ['推进中', 1],
      ]),
      'n.xlsx',
    )
    expect(noId.problems.map((p) => p.code)).toEqual(['ingest.missing_column', 'ingest.missing_column'])
    const notXlsx = await parseTaskSheet(new TextEncoder().encode('编号,状态\n3.1.1,推进中\n'), 'x.xlsx')
    expect(notXlsx.problems.map((p) => p.code)).toEqual(['file.unreadable'])
  })
})

describe('cell parsing', () => {
  it('statuses in Chinese, as codes or in English', () => {
    expect(
      ['未开始', 'not_started', 'Not started', '推进中', 'in-progress', '进行中', '已完成', 'DONE', '滞后', 'delayed', '已取消', 'dropped', '完成了', ''].map(parseTaskStatus),
    ).toEqual([
      'not_started',
      'not_started',
      'not_started',
      'in_progress',
      'in_progress',
      'in_progress',
      'done',
      'done',
      'delayed',
      'delayed',
      'dropped',
      'dropped',
      undefined,
      undefined,
    ])
  })

  it('deadlines as dates, months and years', () => {
    expect(
      [
        '2025-12-31',
        '2025/6/30',
        '2025.6.3',
        '2025年6月30日',
        '2025年6月',
        '2024-02',
        '2025',
        '2025年',
        '2025年底',
        ' 2026 ',
        '2025-02-29',
        '2024-02-29',
        '25-1-1',
        '明年',
        '',
        '1899',
      ].map((s) => parseDeadline(s)),
    ).toEqual([
      '2025-12-31',
      '2025-06-30',
      '2025-06-03',
      '2025-06-30',
      '2025-06-30',
      '2024-02-29',
      '2025-12-31',
      '2025-12-31',
      '2025-12-31',
      '2026-12-31',
      undefined,
      '2024-02-29',
      undefined,
      undefined,
      undefined,
      undefined,
    ])
    expect(parseDeadline(2025)).toBe('2025-12-31')
    expect(parseDeadline(new Date(Date.UTC(2025, 5, 30)))).toBe('2025-06-30')
    expect(parseDeadline(45838)).toBe('2025-06-30') // an Excel date serial without a date format
    expect(parseDeadline(2025.5)).toBeUndefined()
  })
})

describe('applyTaskSheet', () => {
  const store = () => [
    task('3.1.1', { subtasks: 1, rolledUp: true, status: 'in_progress', version: 2 }),
    task('3.1.1/320100', { parentId: '3.1.1', status: 'in_progress', version: 5 }),
    task('3.1.2', { version: 3 }),
    task('3.1.3'),
  ]

  it('updates only the rows that differ, with just the changed fields', async () => {
    const { service, updates } = fakeService(store())
    const bytes = await sheet([
      ['编号', '状态', '完成时限', '配合单位', '版本'],
      ['3.1.1', '推进中', '2025-12-31', '省发展改革委', 2],
      ['3.1.1/320100', '已完成', '2025-06-30', '省发展改革委', 5],
      ['3.1.2', '未开始', '2025', '省发展改革委、省财政厅', 3],
      ['3.1.3', '未开始', '2025', '省发展改革委', 99],
    ])
    const dry = await applyTaskSheet(service, bytes, 'a.xlsx', actor, { dryRun: true })
    expect(dry).toMatchObject({ ok: true, dryRun: true, changed: 2, unchanged: 2, problems: [] })
    expect(updates).toEqual([])
    const r = await applyTaskSheet(service, bytes, 'a.xlsx', actor)
    expect(r).toMatchObject({ ok: true, changed: 2, unchanged: 2 })
    expect(updates).toEqual([
      { id: '3.1.1/320100', patch: { status: 'done', deadline: '2025-06-30' }, version: 5 },
      { id: '3.1.2', patch: { cooperating: ['省发展改革委', '省财政厅'] }, version: 3 },
    ])
  })

  it('refuses the whole file for an unknown id, a stale version, a dropped task without reason or a late sub-task; a rolled-up status is only read', async () => {
    const { service, updates } = fakeService(store())
    const bytes = await sheet([
      ['编号', '状态', '完成时限', '版本'],
      ['3.1.1', '已完成', '2025-12-31', 2],
      ['3.1.1/320100', '推进中', '2026-06-30', 5],
      ['3.1.2', '推进中', '2025-12-31', 2],
      ['3.1.3', '已取消', '2025-12-31', 1],
      ['9.9.9', '推进中', '2025-12-31', 1],
      ['3.9.9', '推进中', '2025-12-31', 1],
    ])
    const r = await applyTaskSheet(service, bytes, 'b.xlsx', actor)
    expect(r.ok).toBe(false)
    expect(r.changed).toBe(0)
    expect(updates).toEqual([])
    expect(r.problems.map((p) => [p.code, ('kind' in p.params ? p.params.kind : undefined) ?? '', p.location.row, p.location.column])).toEqual([
      ['task.sheet_invalid', 'rolled_up', 2, 'B'], // a warning
      ['task.sheet_invalid', 'subtask_deadline', 3, 'C'],
      ['task.version_conflict', '', 4, 'D'],
      ['task.sheet_invalid', 'drop_reason', 5, 'B'],
      ['task.not_found', '', 6, 'A'],
      ['task.not_found', '', 7, 'A'],
    ])
    expect(r.problems.map((p) => p.severity)).toEqual(['warning', 'error', 'error', 'error', 'error', 'error'])
    expect(formatProblem('zh', r.problems[2]!)).toContain('任务 3.1.2 已被他人修改（当前版本 3，表中为版本 2）')
  })

  it('drops a task when the sheet gives a reason', async () => {
    const { service, updates } = fakeService(store())
    const bytes = await sheet([
      ['编号', '状态', '版本', '取消原因'],
      ['3.1.3', '已取消', 1, '并入 3.1.2'],
    ])
    expect(await applyTaskSheet(service, bytes, 'c.xlsx', actor)).toMatchObject({ ok: true, changed: 1 })
    expect(updates).toEqual([{ id: '3.1.3', patch: { status: 'dropped', dropReason: '并入 3.1.2' }, version: 1 }])
  })

  it('reports a concurrent writer between validation and write on its row, with what was written before', async () => {
    const { service, updates } = fakeService(store(), '3.1.3')
    const bytes = await sheet([
      ['编号', '状态', '版本'],
      ['3.1.2', '推进中', 3],
      ['3.1.3', '推进中', 1],
    ])
    const r = await applyTaskSheet(service, bytes, 'd.xlsx', actor)
    expect(r).toMatchObject({ ok: false, changed: 1 })
    expect(updates.map((u) => u.id)).toEqual(['3.1.2'])
    expect(r.problems.map((p) => [p.code, p.location.row, p.code === 'task.version_conflict' ? p.params.current : undefined])).toEqual([['task.version_conflict', 3, 2]])
  })

  it('is for admins and reviewers', async () => {
    const { service } = fakeService(store())
    const bytes = await sheet([
      ['编号', '版本'],
      ['3.1.2', 3],
    ])
    await expect(applyTaskSheet(service, bytes, 'e.xlsx', { ...actor, user: { ...admin, role: 'reporter' } })).rejects.toMatchObject({ code: 'auth.forbidden' })
  })
})
