/**
 * The task list as an Excel workbook, the way offices exchange it today (九(一) 细化分解规划目标任务): export the
 * board, let an office change status, deadline and departments in Excel, and import the sheet back — all or
 * nothing, each row guarded by the version it was exported at.
 * @module
 */
import type ExcelJS from 'exceljs'

// Loaded when a workbook is read or written: the library is large, and most commands never touch one.
const workbook = async (): Promise<ExcelJS.Workbook> => new (await import('exceljs')).default.Workbook()

import { cellText } from '../ingest/read-xlsx.js'

import { AppError, isAppError } from '../core/errors.js'
import { must } from '../core/checked.js'
import { hasControlCharacter } from './control-characters.js'
import { problem, type Problem } from '../core/problem.js'
import { TASK_STATUS_NAMES } from '../i18n/status-names.js'
import type { Lang } from '../i18n/t.js'
import type { TaskStatus } from '../core/task-status.js'
import { neutraliseFormula } from './export.js'
import { TASK_STATUSES, type TaskService, type TaskView } from './tasks.js'
import type { Actor } from './workflow.js'

export const TASK_SHEET = '任务清单'
export const NOTES_SHEET = '说明'

export const TASK_STATUS_LABEL = TASK_STATUS_NAMES

/** Status text as offices write it: the Chinese label, the code or the English label, and a few common synonyms. */
const STATUS_WORDS: ReadonlyMap<string, TaskStatus> = new Map([
  ...TASK_STATUSES.flatMap(
    (s) =>
      [
        [statusKey(s), s],
        [statusKey(TASK_STATUS_LABEL[s].zh), s],
        [statusKey(TASK_STATUS_LABEL[s].en), s],
      ] as Array<[string, TaskStatus]>,
  ),
  ...(
    [
      ['进行中', 'in_progress'],
      ['正在推进', 'in_progress'],
      ['完成', 'done'],
      ['已滞后', 'delayed'],
      ['取消', 'dropped'],
      ['todo', 'not_started'],
      ['completed', 'done'],
      ['cancelled', 'dropped'],
      ['canceled', 'dropped'],
    ] as Array<[string, TaskStatus]>
  ).map(([w, s]) => [statusKey(w), s] as [string, TaskStatus]),
])

function statusKey(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
}

export function parseTaskStatus(text: string): TaskStatus | undefined {
  return STATUS_WORDS.get(statusKey(text))
}

type ColumnKey =
  'id' | 'section' | 'title' | 'titleEn' | 'description' | 'lead' | 'cooperating' | 'regions' | 'deadline' | 'status' | 'percent' | 'lastReportAt' | 'version' | 'dropReason'

interface ColumnDef {
  readonly key: ColumnKey
  readonly zh: string
  readonly en: string
  /** Further headings accepted on import (matched after normalising width, case and spaces). */
  readonly aliases: ReadonlyArray<string>
  readonly width: number
  /** What an import may change; the other columns are read-only (shown for reference, ignored on import). */
  readonly editable: boolean
  readonly noteZh: string
  readonly noteEn: string
}

/**
 * The column mapping, in export order. 取消原因 (drop reason) is not exported: an office adds it when it sets a task
 * to 已取消, because the system keeps a reason for every dropped task.
 */
const COLUMNS: ReadonlyArray<ColumnDef> = [
  {
    key: 'id',
    zh: '编号',
    en: 'ID',
    aliases: ['任务编号', 'task id', 'task'],
    width: 16,
    editable: false,
    noteZh: '任务编号；子任务为“上级编号/地区代码或单位”。导入时按编号找到任务，不可修改',
    noteEn: 'Task id; a sub-task is "parent id/region code or department". The import finds tasks by it; do not change it',
  },
  { key: 'section', zh: '章节', en: 'Section', aliases: [], width: 10, editable: false, noteZh: '规划章节，只读', noteEn: 'Plan section; read-only' },
  {
    key: 'title',
    zh: '任务',
    en: 'Title',
    aliases: ['任务名称', '任务内容'],
    width: 48,
    editable: false,
    noteZh: '任务名称（子任务缩进显示），只读',
    noteEn: 'Task title (sub-tasks indented); read-only',
  },
  {
    key: 'titleEn',
    zh: '任务（英文）',
    en: 'Title (English)',
    aliases: ['title en', 'english title'],
    width: 48,
    editable: false,
    noteZh: '任务名称英文，只读',
    noteEn: 'Task title in English; read-only',
  },
  { key: 'description', zh: '主要内容', en: 'Description', aliases: [], width: 60, editable: false, noteZh: '规划原文，只读', noteEn: 'Text of the plan; read-only' },
  {
    key: 'lead',
    zh: '牵头单位',
    en: 'Lead',
    aliases: ['lead department', '责任单位'],
    width: 18,
    editable: true,
    noteZh: '可修改：一个单位，不能为空',
    noteEn: 'May be changed: one department, not empty',
  },
  {
    key: 'cooperating',
    zh: '配合单位',
    en: 'Cooperating',
    aliases: ['cooperating departments', 'co-operating', 'co-operating departments', '参与单位'],
    width: 30,
    editable: true,
    noteZh: '可修改：多个单位用“、”或逗号分隔；留空表示没有配合单位',
    noteEn: 'May be changed: departments separated by 、 or commas; empty means none',
  },
  {
    key: 'regions',
    zh: '涉及地区',
    en: 'Regions',
    aliases: ['地区'],
    width: 16,
    editable: false,
    noteZh: '地区代码，只读（按地区分解请用 urbmon tasks split）',
    noteEn: 'Region codes; read-only (split by region with urbmon tasks split)',
  },
  {
    key: 'deadline',
    zh: '完成时限',
    en: 'Deadline',
    aliases: ['时限', '完成时间'],
    width: 14,
    editable: true,
    noteZh: '可修改：日期（2025-12-31、2025/6/30、2025年6月30日）或年份（2025，即当年 12 月 31 日）；子任务不晚于上级任务',
    noteEn: 'May be changed: a date (2025-12-31, 2025/6/30) or a year (2025 means 31 December); a sub-task’s is no later than its task’s',
  },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    aliases: ['任务状态'],
    width: 10,
    editable: true,
    noteZh: '可修改：未开始、推进中、已完成、滞后、已取消（改为已取消须在“取消原因”列写明原因）；有子任务的任务状态由子任务汇总，只读',
    noteEn:
      'May be changed: 未开始 not_started, 推进中 in_progress, 已完成 done, 滞后 delayed, 已取消 dropped (dropping needs a reason in a 取消原因 column); a task with sub-tasks takes its status from them (read-only)',
  },
  {
    key: 'percent',
    zh: '完成进度(%)',
    en: 'Percent',
    aliases: ['完成进度', '进度', 'percent complete', 'progress'],
    width: 12,
    editable: false,
    noteZh: '只读：由审核通过的进展填报决定',
    noteEn: 'Read-only: set by accepted progress reports',
  },
  {
    key: 'lastReportAt',
    zh: '最近填报',
    en: 'Last report',
    aliases: ['最近填报时间', 'last report at'],
    width: 14,
    editable: false,
    noteZh: '最近一次进展填报的日期，只读',
    noteEn: 'Date of the latest progress report; read-only',
  },
  {
    key: 'version',
    zh: '版本',
    en: 'Version',
    aliases: [],
    width: 8,
    editable: false,
    noteZh: '必需，不可修改：导出时任务的版本号。导入时若任务已被他人修改（版本不同），该行被拒绝',
    noteEn: 'Required, do not change: the task’s version at export. If someone changed the task since (another version), the row is refused',
  },
]

const DROP_REASON: ColumnDef = { key: 'dropReason', zh: '取消原因', en: 'Drop reason', aliases: ['reason'], width: 30, editable: true, noteZh: '', noteEn: '' }

function headingKey(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
}

const HEADINGS: ReadonlyMap<string, ColumnKey> = new Map(
  [...COLUMNS, DROP_REASON].flatMap((c) => [c.zh, c.en, c.key, ...c.aliases].map((h) => [headingKey(h), c.key] as [string, ColumnKey])),
)

const column = (key: ColumnKey): ColumnDef =>
  must(
    [...COLUMNS, DROP_REASON].find((c) => c.key === key),
    `column ${key}`,
  )

/** Top-level tasks in id order, each followed by its sub-tasks; a sub-task whose task is not listed sits where it would. */
function exportOrder(tasks: ReadonlyArray<TaskView>): TaskView[] {
  const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })
  const root = (t: TaskView) => t.parentId ?? t.id
  return [...tasks].sort((a, b) => byId(root(a), root(b)) || (a.parentId === null ? -1 : 0) - (b.parentId === null ? -1 : 0) || byId(a.id, b.id))
}

/**
 * The task list as a workbook: sheet 任务清单 (Chinese headings, statuses in Chinese, the editable headings shaded)
 * and sheet 说明 explaining the columns, in `lang`. The 任务清单 sheet is the same in both languages, so a file
 * exported in either is the office exchange format the import reads.
 */
export async function exportTasks(tasks: ReadonlyArray<TaskView>, lang: Lang = 'zh'): Promise<Buffer> {
  const wb = await workbook()
  wb.creator = 'urbmon'
  const ws = wb.addWorksheet(TASK_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }))
  const header = ws.getRow(1)
  header.font = { bold: true }
  COLUMNS.forEach((c, i) => {
    header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.editable ? 'FFFFF2CC' : 'FFE7E6E6' } }
  })
  ws.getColumn('deadline').numFmt = '@'
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } }
  const text = (s: string) => neutraliseFormula(s)
  for (const t of exportOrder(tasks)) {
    const row = ws.addRow({
      id: text(t.id),
      section: text(t.section),
      title: text(t.title),
      titleEn: text(t.titleEn),
      description: text(t.description),
      lead: text(t.lead),
      cooperating: text(t.cooperating.join('、')),
      regions: text(t.regions.join('、')),
      deadline: text(t.deadline),
      status: TASK_STATUS_LABEL[t.status].zh,
      percent: t.percent,
      lastReportAt: t.lastReportAt ? text(t.lastReportAt.slice(0, 10)) : '',
      version: t.version,
    })
    if (t.parentId !== null) {
      row.getCell('title').alignment = { indent: 2 }
      row.getCell('titleEn').alignment = { indent: 2 }
      row.outlineLevel = 1
    }
    row.getCell('status').dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`"${TASK_STATUSES.map((s) => TASK_STATUS_LABEL[s].zh).join(',')}"`],
      showErrorMessage: true,
      errorTitle: lang === 'zh' ? '状态' : 'Status',
      error: lang === 'zh' ? '请选择：未开始、推进中、已完成、滞后、已取消' : 'Choose 未开始, 推进中, 已完成, 滞后 or 已取消',
    }
  }

  const notes = wb.addWorksheet(NOTES_SHEET)
  const zh = lang === 'zh'
  notes.columns = [
    { header: zh ? '列' : 'Column', key: 'column', width: 16 },
    { header: zh ? '英文列名' : 'English heading', key: 'en', width: 18 },
    { header: zh ? '导入时' : 'On import', key: 'editable', width: 12 },
    { header: zh ? '说明' : 'Notes', key: 'note', width: 100 },
  ]
  notes.getRow(1).font = { bold: true }
  for (const c of COLUMNS) notes.addRow({ column: c.zh, en: c.en, editable: c.editable ? (zh ? '可修改' : 'editable') : zh ? '只读' : 'read-only', note: zh ? c.noteZh : c.noteEn })
  notes.addRow({
    column: DROP_REASON.zh,
    en: DROP_REASON.en,
    editable: zh ? '可选' : 'optional',
    note: zh
      ? '导出时没有这一列；把任务改为“已取消”时，请在表末增加此列并写明原因'
      : 'Not exported; when setting a task to 已取消 (dropped), add this column at the end and give the reason',
  })
  notes.addRow({})
  const general = zh
    ? [
        '导入：urbmon tasks import 文件.xlsx（先用 --dry-run 检查）。按列名读取第一张工作表“任务清单”，列的顺序不限，中文或英文列名均可。',
        '只有牵头单位、配合单位、完成时限、状态四列（及可选的取消原因）会被导入；其他列只供参考，修改了也不会生效。',
        '全部或全不：任何一行有错误（编号不存在、状态或日期无法识别、版本已过期），整个文件都不导入，并指出出错的行和列。',
        '只有与系统中不同的行才会被更新，每次更新都记入审计日志，任务版本号加 1；导入后请重新导出，再做下一轮修改。',
      ]
    : [
        'Import: urbmon tasks import FILE.xlsx (check first with --dry-run). The first sheet, 任务清单, is read by its headings, in any column order, Chinese or English.',
        'Only the lead, co-operating departments, deadline and status (and the optional drop reason) are imported; the other columns are for reference and changes to them have no effect.',
        'All or nothing: if any row has a problem (unknown task id, status or date not understood, stale version), nothing is imported, and the row and column are named.',
        'Only rows that differ from the system are updated; every update is audited and raises the task’s version by 1. Export again after an import before the next round of changes.',
      ]
  for (const line of general) notes.addRow({ column: '', en: '', editable: '', note: line })

  return Buffer.from(await wb.xlsx.writeBuffer())
}

export interface TaskSheetPatch {
  status?: TaskStatus
  /** YYYY-MM-DD */
  deadline?: string
  lead?: string
  cooperating?: string[]
  /** From the optional 取消原因 column; only used when the status becomes dropped. */
  dropReason?: string
}

export interface TaskSheetChange {
  readonly id: string
  /** The version the row was exported at. */
  readonly version: number
  /** Every editable column the sheet has, as the row gives it (not yet compared with the store). */
  readonly patch: TaskSheetPatch
  /** The spreadsheet row (1-based). */
  readonly row: number
}

export interface ParsedTaskSheet {
  readonly changes: TaskSheetChange[]
  readonly problems: Problem[]
  /** The sheet read, and the column letter of every recognised heading (to name columns in problems). */
  readonly sheet?: string
  readonly columns: Partial<Record<ColumnKey, string>>
}

function columnLetter(n: number): string {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

/** Undoes `neutraliseFormula`: the export's protective quote is not part of the text. */
function plain(text: string): string {
  const s = text.replace(/\u00a0/g, ' ').trim()
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s
}

function isDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d))
  return y >= 1990 && y <= 2100 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

/**
 * A deadline cell: a date (an Excel date, 2025-12-31, 2025/6/30, 2025.6.30, 2025年6月30日), a month (2025-06,
 * 2025年6月 → its last day) or a year (2025, 2025年, 2025年底 → 31 December, as the plan's deadlines are stored).
 */
export function parseDeadline(v: ExcelJS.CellValue): string | undefined {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return undefined
    const s = v.toISOString().slice(0, 10)
    return isDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()) ? s : undefined
  }
  if (typeof v === 'object' && v !== null && 'result' in v) return parseDeadline(v.result)
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1990 && v <= 2100) return `${v}-12-31`
    // An Excel date serial in a cell without a date format.
    if (Number.isInteger(v) && v > 32_000 && v < 73_000) return parseDeadline(new Date(Math.round((v - 25_569) * 86_400_000)))
    return undefined
  }
  const s = plain(cellText(v)).normalize('NFKC').replace(/\s+/g, '')
  let m = /^(\d{4})年?(?:底|末)?$/.exec(s)
  if (m) {
    const y = Number(m[1])
    return y >= 1990 && y <= 2100 ? `${y}-12-31` : undefined
  }
  m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s)
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    return isDate(y, mo, d) ? iso(y, mo, d) : undefined
  }
  m = /^(\d{4})[-/.年](\d{1,2})月?(?:底|末)?$/.exec(s)
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])]
    return mo >= 1 && mo <= 12 && isDate(y, mo, 1) ? iso(y, mo, lastDay(y, mo)) : undefined
  }
  return undefined
}

const splitDepartments = (text: string): string[] => [
  ...new Set(
    text
      .split(/[、,，;；\n\r]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
]

/**
 * Reads an exported (and edited) task list: the sheet 任务清单, or else the first sheet, by its headings (Chinese or
 * English, any order; the heading row may sit below a title). For every row with an id: the editable columns the
 * sheet has and the row's version. Problems name file, sheet, row and column, and the value.
 */
export async function parseTaskSheet(bytes: Uint8Array, fileName: string): Promise<ParsedTaskSheet> {
  const wb = await workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  } catch (e) {
    return { changes: [], columns: {}, problems: [problem('error', 'file.unreadable', { file: fileName }, { file: fileName, reason: 'corrupt' })] }
  }
  const ws = wb.worksheets.find((w) => w.name === TASK_SHEET) ?? wb.worksheets[0]
  if (!ws) return { changes: [], columns: {}, problems: [problem('error', 'ingest.empty', { file: fileName })] }
  const base = { file: fileName, sheet: ws.name }

  // The heading row: the first of the top rows that names the id column.
  let headerRow = 0
  const cols = new Map<ColumnKey, number>()
  for (let r = 1; r <= Math.min(ws.rowCount, 10) && headerRow === 0; r++) {
    const found = new Map<ColumnKey, number>()
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell, c) => {
      const key = HEADINGS.get(headingKey(cellText(cell.value)))
      if (key && !found.has(key)) found.set(key, c)
    })
    if (found.has('id')) {
      headerRow = r
      for (const [k, c] of found) cols.set(k, c)
    }
  }
  const columns: Partial<Record<ColumnKey, string>> = Object.fromEntries([...cols].map(([k, c]) => [k, columnLetter(c)]))
  const problems: Problem[] = []
  for (const key of ['id', 'version'] as const) {
    if (!cols.has(key)) {
      const c = column(key)
      problems.push(problem('error', 'ingest.missing_column', { ...base, row: headerRow || 1 }, { column: `${c.zh} / ${c.en}`, accepted: [c.zh, c.en, ...c.aliases].join('、') }))
    }
  }
  if (problems.length) return { changes: [], problems, sheet: ws.name, columns }

  const changes: TaskSheetChange[] = []
  const firstRow = new Map<string, number>()
  const editable = (['lead', 'cooperating', 'deadline', 'status', 'dropReason'] as const).filter((k) => cols.has(k))
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const raw = (key: ColumnKey): ExcelJS.CellValue => {
      const c = cols.get(key)
      return c === undefined ? null : row.getCell(c).value
    }
    const str = (key: ColumnKey) => plain(cellText(raw(key)))
    const at = (key: ColumnKey) => ({ ...base, row: r, column: columns[key] ?? 'A' })
    const id = str('id')
    if (!id) {
      if ([...cols.keys()].some((k) => str(k) !== '')) problems.push(problem('warning', 'task.sheet_invalid', at('id'), { kind: 'no_id', value: '' }))
      continue
    }
    const seen = firstRow.get(id)
    if (seen !== undefined) {
      problems.push(problem('error', 'task.sheet_invalid', at('id'), { kind: 'duplicate', value: id, first: seen }))
      continue
    }
    firstRow.set(id, r)

    const before = problems.length
    const versionText = str('version')
    const version = /^\d+(\.0+)?$/.test(versionText) ? Number(versionText) : NaN
    if (!(Number.isSafeInteger(version) && version >= 1)) problems.push(problem('error', 'task.sheet_invalid', at('version'), { kind: 'version', value: versionText }))

    const patch: TaskSheetPatch = {}
    for (const key of editable) {
      const text = str(key)
      if (key === 'status') {
        const status = parseTaskStatus(text)
        if (status) patch.status = status
        else problems.push(problem('error', 'task.sheet_invalid', at(key), { kind: 'status', value: text }))
      } else if (key === 'deadline') {
        const deadline = parseDeadline(raw(key))
        if (deadline) patch.deadline = deadline
        else problems.push(problem('error', 'task.sheet_invalid', at(key), { kind: 'deadline', value: cellText(raw(key)) }))
      } else if (key === 'lead') {
        if (text && text.length <= 100 && !hasControlCharacter(text)) patch.lead = text
        else problems.push(problem('error', 'task.sheet_invalid', at(key), { kind: 'lead', value: text }))
      } else if (key === 'cooperating') {
        const list = splitDepartments(text)
        if (list.every((d) => d.length <= 100 && !hasControlCharacter(d))) patch.cooperating = list
        else problems.push(problem('error', 'task.sheet_invalid', at(key), { kind: 'department', value: text }))
      } else if (text) {
        patch.dropReason = text.slice(0, 1000)
      }
    }
    if (problems.length === before) changes.push({ id, version, patch, row: r })
  }
  // Problems in reading order: by row, then by column.
  const colIndex = (c: string | undefined) => (c ?? '').padStart(3, ' ')
  problems.sort((a, b) => (a.location.row ?? 0) - (b.location.row ?? 0) || colIndex(a.location.column).localeCompare(colIndex(b.location.column)))
  return { changes, problems, sheet: ws.name, columns }
}

export interface TaskSheetResult {
  readonly ok: boolean
  readonly dryRun: boolean
  /** Tasks updated (or, in a dry run, that would be). */
  readonly changed: number
  readonly unchanged: number
  /** What changed (or would change) per task. */
  readonly updates: ReadonlyArray<{ readonly id: string; readonly row: number; readonly fields: ReadonlyArray<keyof TaskSheetPatch> }>
  readonly problems: Problem[]
}

const sameList = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) => a.length === b.length && a.every((x, i) => x === b[i])

/**
 * Imports an edited task list: all or nothing. Every row is checked — the task exists, its cells are valid, and,
 * when it changes anything, its version is the store's current one — before the first write; any problem and nothing
 * is written. Only rows that differ from the store are updated, each through `TaskService.update` (which audits it
 * and raises the version).
 *
 * What remains: `TaskService.update` runs one transaction per task, so the writes are not one transaction. A
 * concurrent writer that changes one of these tasks between the validation and its write makes that update fail
 * with a version conflict; the import then stops, reports the conflict on that row, and the rows updated before it
 * stay updated (`ok: false`, `changed` says how many). Exporting again and re-importing finishes the job, since
 * unchanged rows are skipped.
 */
export async function applyTaskSheet(
  service: Pick<TaskService, 'list' | 'update'>,
  bytes: Uint8Array,
  fileName: string,
  actor: Actor,
  options: { dryRun?: boolean } = {},
): Promise<TaskSheetResult> {
  const dryRun = options.dryRun === true
  if (actor.user.role !== 'admin' && actor.user.role !== 'reviewer') throw new AppError('auth.forbidden', { role: actor.user.role })
  const parsed = await parseTaskSheet(bytes, fileName)
  const fail = (problems: Problem[], changed = 0): TaskSheetResult => ({ ok: false, dryRun, changed, unchanged: 0, updates: [], problems })
  if (parsed.problems.some((p) => p.severity === 'error')) return fail(parsed.problems)

  const problems = [...parsed.problems]
  const base = { file: fileName, ...(parsed.sheet !== undefined ? { sheet: parsed.sheet } : {}) }
  const at = (row: number, key: ColumnKey) => ({ ...base, row, column: parsed.columns[key] ?? 'A' })
  const tasks = new Map((await service.list({ withSubtasks: true })).map((t) => [t.id, t]))
  const sheetRows = new Map(parsed.changes.map((c) => [c.id, c]))
  // Deadlines as they will be after the import, to keep every sub-task's within its task's.
  const deadlineAfter = (id: string) => sheetRows.get(id)?.patch.deadline ?? tasks.get(id)?.deadline
  const deadlineChanges = (id: string) => {
    const d = sheetRows.get(id)?.patch.deadline
    return d !== undefined && d !== tasks.get(id)?.deadline
  }

  const updates: Array<{ change: TaskSheetChange; patch: TaskSheetPatch; fields: Array<keyof TaskSheetPatch> }> = []
  let unchanged = 0
  for (const change of parsed.changes) {
    const task = tasks.get(change.id)
    if (!task) {
      problems.push(problem('error', 'task.not_found', at(change.row, 'id'), { id: change.id }))
      continue
    }
    const p = change.patch
    const patch: TaskSheetPatch = {}
    const before = problems.length
    if (p.status !== undefined && p.status !== task.status) {
      // A task with sub-tasks shows the status rolled up from them: the cell is for reading (an older export shows an
      // older roll-up, and the task's version does not move with its sub-tasks), so a difference is only a warning.
      if (task.rolledUp)
        problems.push(
          problem('warning', 'task.sheet_invalid', at(change.row, 'status'), {
            kind: 'rolled_up',
            id: task.id,
            value: TASK_STATUS_LABEL[p.status].zh,
            current: TASK_STATUS_LABEL[task.status].zh,
          }),
        )
      else if (p.status === 'dropped' && !p.dropReason)
        problems.push(problem('error', 'task.sheet_invalid', at(change.row, parsed.columns.dropReason ? 'dropReason' : 'status'), { kind: 'drop_reason', id: task.id, value: '' }))
      else {
        patch.status = p.status
        if (p.status === 'dropped' && p.dropReason) patch.dropReason = p.dropReason
      }
    }
    if (p.deadline !== undefined && p.deadline !== task.deadline) {
      patch.deadline = p.deadline
      const parentDeadline = task.parentId ? deadlineAfter(task.parentId) : undefined
      if (task.parentId && parentDeadline && p.deadline > parentDeadline) {
        problems.push(
          problem('error', 'task.sheet_invalid', at(change.row, 'deadline'), { kind: 'subtask_deadline', id: task.id, value: p.deadline, parent: task.parentId, parentDeadline }),
        )
      }
      for (const sub of tasks.values()) {
        const subDeadline = sub.parentId === task.id ? deadlineAfter(sub.id) : undefined
        // A sub-task whose deadline the sheet also changes reports the clash on its own row.
        if (subDeadline && subDeadline > p.deadline && !deadlineChanges(sub.id)) {
          problems.push(
            problem('error', 'task.sheet_invalid', at(change.row, 'deadline'), {
              kind: 'subtask_deadline',
              id: sub.id,
              value: subDeadline,
              parent: task.id,
              parentDeadline: p.deadline,
            }),
          )
        }
      }
    }
    if (p.lead !== undefined && p.lead !== task.lead) patch.lead = p.lead
    if (p.cooperating !== undefined && !sameList(p.cooperating, task.cooperating)) patch.cooperating = p.cooperating
    const fields = (Object.keys(patch) as Array<keyof TaskSheetPatch>).filter((k) => k !== 'dropReason')
    if (problems.slice(before).some((x) => x.severity === 'error')) continue
    if (fields.length === 0) {
      unchanged++
      continue
    }
    // Optimistic concurrency: a row that changes something must carry the task's current version.
    if (change.version !== task.version) {
      problems.push(problem('error', 'task.version_conflict', at(change.row, 'version'), { id: task.id, current: task.version, given: change.version }))
      continue
    }
    updates.push({ change, patch, fields })
  }
  if (problems.some((p) => p.severity === 'error')) return fail(problems)
  const summary = updates.map((u) => ({ id: u.change.id, row: u.change.row, fields: u.fields }))
  if (dryRun) return { ok: true, dryRun, changed: updates.length, unchanged, updates: summary, problems }

  let changed = 0
  for (const u of updates) {
    try {
      await service.update(u.change.id, u.patch, u.change.version, actor)
      changed++
    } catch (e) {
      // Only a writer between our validation and this write gets here (see above); report it on its row.
      if (!isAppError(e)) throw e
      const p =
        e.code === 'observation.version_conflict'
          ? problem('error', 'task.version_conflict', at(u.change.row, 'version'), { id: u.change.id, current: e.params.current, given: u.change.version })
          : problem('error', e.code, at(u.change.row, 'id'), e.params)
      return { ok: false, dryRun, changed, unchanged, updates: summary.slice(0, changed), problems: [...problems, p] }
    }
  }
  return { ok: true, dryRun, changed, unchanged, updates: summary, problems }
}
