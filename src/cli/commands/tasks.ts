/** tasks, tasks show|split|export|import|overdue — the plan's tasks (九(一)) from the command line. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'

import type { Command } from 'commander'

import type { Context } from '../../app/context.js'
import type { TaskSheetResult } from '../../app/task-sheets.js'
import type { TaskFilter, TaskService, TaskView } from '../../app/tasks.js'
import type { User } from '../../app/users.js'
import type { Actor } from '../../app/workflow.js'
import { AppError } from '../../core/errors.js'
import type { Problem } from '../../core/problem.js'
import { TASK_STATUS_NAMES } from '../../i18n/status-names.js'
import { formatProblem, formatProblemBilingual, t, type Lang } from '../../i18n/t.js'
import type { StoreTarget } from '../../store/open-store.js'
import { cliUser, type CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Whoever runs the CLI operates the server and has the database file (or URL) in hand, so the CLI acts as an admin.
 * The synthetic user carries the operating-system user's name (cli:<user>) into the audit log.
 */
function cliActor(io: CliIO): Actor {
  const user: User = { id: 0, username: cliUser(io.env), displayName: 'CLI', role: 'admin', regions: [], department: null, disabled: false }
  return { user, at: io.now().toISOString(), origin: 'cli' }
}

async function withTasks<T>(target: StoreTarget, fn: (tasks: TaskService, ctx: Context) => Promise<T>): Promise<T> {
  const [{ openContext }, { TaskService }] = await Promise.all([import('../../app/context.js'), import('../../app/tasks.js')])
  const ctx = await openContext(target)
  try {
    return await fn(new TaskService(ctx.tasks, ctx.plan, ctx.regions), ctx)
  } finally {
    await ctx.close()
  }
}

const statusText = (s: TaskView['status'], lang: Lang) => TASK_STATUS_NAMES[s][lang]
const title = (task: Pick<TaskView, 'title' | 'titleEn'>, lang: Lang) => (lang === 'en' && task.titleEn ? task.titleEn : task.title)

async function filterFrom(opts: { department?: string; status?: string; section?: string; all?: boolean }): Promise<TaskFilter> {
  const { parseTaskStatus } = await import('../../app/task-sheets.js')
  const status = opts.status === undefined ? undefined : parseTaskStatus(opts.status)
  if (opts.status !== undefined && !status) throw usageError({ option: '--status', value: opts.status, expected: 'task_status' })
  return {
    ...(opts.department ? { department: opts.department } : {}),
    ...(status ? { status } : {}),
    ...(opts.section ? { section: opts.section } : {}),
    withSubtasks: opts.all === true,
  }
}

export function renderBoard(tasks: ReadonlyArray<TaskView>, lang: Lang): string {
  const zh = lang === 'zh'
  return renderTable(
    zh ? ['编号', '章节', '任务', '牵头单位', '完成时限', '状态', '进度', '子任务'] : ['id', 'section', 'title', 'lead', 'deadline', 'status', 'percent', 'sub-tasks'],
    tasks.map((v) => [v.id, v.section, title(v, lang), v.lead, v.deadline, statusText(v.status, lang), `${v.percent}%`, v.subtasks ? String(v.subtasks) : '']),
    [false, false, false, false, false, false, true, true],
  )
}

function renderProblems(problems: ReadonlyArray<Problem>, lang: Lang): string[] {
  const zh = lang === 'zh'
  return [
    ...problems.filter((p) => p.severity === 'error').map((p) => `  ${zh ? '错误' : 'error'} [${p.code}] ${formatProblemBilingual(p).replace(/\n/g, '\n  ')}`),
    ...problems.filter((p) => p.severity === 'warning').map((p) => `  ${zh ? '警告' : 'warning'} [${p.code}] ${formatProblem(lang, p)}`),
  ]
}

/** The import's report, like `urbmon import` prints it: problems in both languages, then what was (or would be) written. */
export function renderSheetResult(file: string, r: TaskSheetResult, lang: Lang): string {
  const zh = lang === 'zh'
  const errors = r.problems.filter((p) => p.severity === 'error').length
  const warnings = r.problems.length - errors
  const lines = [zh ? `${file}：错误 ${errors}，警告 ${warnings}` : `${file}: ${errors} error(s), ${warnings} warning(s)`, ...renderProblems(r.problems, lang)]
  const fieldName = (f: string) => (zh ? (({ status: '状态', deadline: '完成时限', lead: '牵头单位', cooperating: '配合单位' } as Record<string, string>)[f] ?? f) : f)
  if (r.ok || r.changed > 0) for (const u of r.updates) lines.push(`  ${u.id}: ${u.fields.map(fieldName).join(zh ? '、' : ', ')}`)
  if (!r.ok && r.changed === 0) lines.push(`${t('zh', 'ingest.rejected', { errors })}\n${t('en', 'ingest.rejected', { errors })}`)
  else if (!r.ok) {
    lines.push(
      `导入中断：已更新 ${r.changed} 个任务后遇到他人同时修改；请重新导出并导入其余修改\nImport stopped: ${r.changed} task(s) were updated before a concurrent change was met; export again and import the rest`,
    )
  } else if (r.dryRun) {
    lines.push(
      zh
        ? `试运行（--dry-run）：校验通过，将更新 ${r.changed} 个任务，${r.unchanged} 个未变；未写入任何数据`
        : `Dry run: validation passed, ${r.changed} task(s) would be updated, ${r.unchanged} unchanged; nothing written`,
    )
  } else lines.push(zh ? `已更新 ${r.changed} 个任务，${r.unchanged} 个未变` : `Updated ${r.changed} task(s), ${r.unchanged} unchanged`)
  return lines.join('\n')
}

function renderShow(got: Awaited<ReturnType<TaskService['get']>>, lang: Lang): string {
  const zh = lang === 'zh'
  const v = got.task
  const field = (zhLabel: string, enLabel: string, value: string) => `${zh ? zhLabel : enLabel}${zh ? '：' : ': '}${value}`
  const lines = [
    `${v.id}  ${title(v, lang)}`,
    field('章节', 'Section', v.section),
    field('牵头单位', 'Lead', v.lead),
    field('配合单位', 'Co-operating', v.cooperating.join(zh ? '、' : ', ') || '—'),
    field('涉及地区', 'Regions', v.regions.join(zh ? '、' : ', ') || '—'),
    field('完成时限', 'Deadline', v.deadline),
    field('状态', 'Status', `${statusText(v.status, lang)}${v.rolledUp ? (zh ? '（由子任务汇总）' : ' (from its sub-tasks)') : ''}${v.dropReason ? ` — ${v.dropReason}` : ''}`),
    field('完成进度', 'Percent', `${v.percent}%`),
    field('最近填报', 'Last report', v.lastReportAt ?? '—'),
    field('版本', 'Version', String(v.version)),
    field('主要内容', 'Description', v.description),
  ]
  if (got.subtasks.length) lines.push('', zh ? `子任务（${got.subtasks.length}）` : `Sub-tasks (${got.subtasks.length})`, renderBoard(got.subtasks, lang))
  if (got.reports.length) {
    lines.push(
      '',
      zh ? `进展填报（${got.reports.length}）` : `Progress reports (${got.reports.length})`,
      renderTable(
        zh ? ['编号', '时段', '进度', '拟定状态', '审核', '填报人', '填报时间', '附件'] : ['id', 'period', 'percent', 'proposed status', 'review', 'by', 'at', 'attachments'],
        got.reports.map((r) => [String(r.id), r.period, `${r.percent}%`, statusText(r.proposedStatus, lang), r.status, r.submittedBy, r.submittedAt, String(r.attachments.length)]),
      ),
    )
  } else lines.push('', zh ? '尚无进展填报' : 'No progress reports yet')
  return lines.join('\n')
}

export function registerTasks(program: Command, io: CliIO, exit: { code: number }): void {
  const tasks = program.command('tasks').description('规划任务：任务清单、分解、导入导出、督办 · the plan’s tasks: board, split, Excel exchange, follow-up')

  // The board is the default sub-command, so `urbmon tasks --status 滞后` works and each sub-command keeps its own options.
  tasks
    .command('list', { isDefault: true })
    .description('任务清单 · the task board')
    .option('--department <name>', 'tasks this department leads or co-operates on')
    .option('--status <status>', '未开始|推进中|已完成|滞后|已取消 (or not_started|in_progress|done|delayed|dropped)')
    .option('--section <section>', 'plan section, e.g. 三(一) or 三')
    .option('--all', 'include sub-tasks')
    .option('--json', 'JSON array of tasks')
    .action((opts: { department?: string; status?: string; section?: string; all?: boolean; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withTasks(g.target, async (service) => {
          const list = await service.list(await filterFrom(opts))
          if (opts.json) io.out(JSON.stringify(list, null, 2))
          else if (list.length === 0) io.out(g.lang === 'zh' ? '没有符合条件的任务' : 'No matching tasks')
          else io.out(`${renderBoard(list, g.lang)}\n${g.lang === 'zh' ? `共 ${list.length} 项` : `${list.length} task(s)`}`)
          return 0
        }),
      ),
    )

  tasks
    .command('show')
    .description('一项任务及其子任务和进展填报 · one task with its sub-tasks and reports')
    .argument('<id>', 'task id, e.g. 3.1.1 or 3.1.1/320100')
    .option('--json', 'JSON')
    .action((id: string, opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withTasks(g.target, async (service) => {
          const got = await service.get(id)
          const { taskDetailView } = await import('../../app/task-replies.js')
          io.out(opts.json ? JSON.stringify(taskDetailView(got), null, 2) : renderShow(got, g.lang))
          return 0
        }),
      ),
    )

  tasks
    .command('split')
    .description('按地区或部门分解任务 · split a task into sub-tasks per city or per department')
    .argument('<id>', 'task id')
    .option('--regions <list>', 'comma-separated region codes or names (the lead stays the same)')
    .option('--departments <list>', 'comma-separated departments (each leads its own sub-task)')
    .option('--deadline <date>', 'YYYY-MM-DD, no later than the task’s (default: the task’s)')
    .option('--json', 'JSON array of the sub-tasks')
    .action((id: string, opts: { regions?: string; departments?: string; deadline?: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const list = (s: string | undefined) =>
          (s ?? '')
            .split(/[,，、]/)
            .map((x) => x.trim())
            .filter(Boolean)
        if ((opts.regions === undefined) === (opts.departments === undefined)) throw usageError({ reason: 'regions_or_departments' })
        if (opts.deadline !== undefined && !DATE.test(opts.deadline)) throw usageError({ option: '--deadline', value: opts.deadline, expected: 'date' })
        const names = list(opts.regions ?? opts.departments)
        if (names.length === 0) throw usageError({ reason: 'empty_list', option: opts.regions !== undefined ? '--regions' : '--departments' })
        return withTasks(g.target, async (service, ctx) => {
          const { resolveRegionArg } = await import('../../app/query.js')
          const by = opts.regions !== undefined ? { regions: names.map((r) => resolveRegionArg(ctx, r)) } : { departments: names }
          const subs = await service.split(id, { ...by, ...(opts.deadline ? { deadline: opts.deadline } : {}) }, cliActor(io))
          if (opts.json) io.out(JSON.stringify(subs, null, 2))
          else io.out(`${g.lang === 'zh' ? `任务 ${id} 现有 ${subs.length} 个子任务` : `Task ${id} now has ${subs.length} sub-task(s)`}\n${renderBoard(subs, g.lang)}`)
          return 0
        })
      }),
    )

  tasks
    .command('export')
    .description('导出任务清单为 Excel · export the task list as an Excel workbook')
    .requiredOption('--out <file>', 'output .xlsx file')
    .option('--department <name>', 'only tasks this department leads or co-operates on')
    .option('--status <status>', 'only tasks in this status')
    .option('--section <section>', 'only this plan section')
    .action((opts: { out: string; department?: string; status?: string; section?: string }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!/\.xlsx$/i.test(opts.out)) throw usageError({ option: '--out', value: opts.out, expected: 'xlsx' })
        const filter = await filterFrom({ ...opts, all: true })
        return withTasks(g.target, async (service) => {
          const list = await service.list(filter)
          const { exportTasks } = await import('../../app/task-sheets.js')
          writeFileSync(opts.out, await exportTasks(list, g.lang))
          io.out(g.lang === 'zh' ? `已导出 ${list.length} 项任务（含子任务）到 ${opts.out}` : `Exported ${list.length} tasks (with sub-tasks) to ${opts.out}`)
          return 0
        })
      }),
    )

  tasks
    .command('import')
    .description('导入修改后的任务清单（全部或全不）· import an edited task list, all or nothing')
    .argument('<file>', '.xlsx file exported by `urbmon tasks export`')
    .option('--dry-run', 'validate and report only; write nothing')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: { dryRun?: boolean; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!existsSync(file)) throw new AppError('file.not_found', { file })
        const bytes = readFileSync(file)
        return withTasks(g.target, async (service) => {
          const { applyTaskSheet } = await import('../../app/task-sheets.js')
          const result = await applyTaskSheet(service, bytes, basename(file), cliActor(io), { dryRun: opts.dryRun === true })
          if (opts.json) {
            const render = (p: Problem) => ({
              severity: p.severity,
              code: p.code,
              ...p.location,
              params: p.params,
              message: formatProblem('zh', p),
              messageEn: formatProblem('en', p),
            })
            io.out(JSON.stringify({ ...result, problems: result.problems.map(render) }, null, 2))
          } else io.out(renderSheetResult(basename(file), result, g.lang))
          return result.ok ? 0 : 1
        })
      }),
    )

  tasks
    .command('overdue')
    .description('逾期和停滞的任务 · overdue and stalled tasks')
    .option('--as-of <date>', 'YYYY-MM-DD (default: today)')
    .option('--months <n>', 'a task with no progress report for this many months is stalled', '6')
    .option('--json', 'JSON array')
    .action((opts: { asOf?: string; months: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const asOf = opts.asOf ?? io.now().toISOString().slice(0, 10)
        if (!DATE.test(asOf) || Number.isNaN(Date.parse(asOf))) throw usageError({ option: '--as-of', value: asOf, expected: 'date' })
        const months = Number(opts.months)
        if (!Number.isInteger(months) || months < 1 || months > 120) throw usageError({ option: '--months', value: String(opts.months), expected: 'months' })
        return withTasks(g.target, async (service) => {
          const found = await service.followUp(asOf, months)
          const zh = g.lang === 'zh'
          if (opts.json) io.out(JSON.stringify(found, null, 2))
          else if (found.length === 0) io.out(zh ? `截至 ${asOf}，没有逾期或停滞的任务` : `No overdue or stalled tasks as of ${asOf}`)
          else {
            const titles = g.lang === 'en' ? new Map((await service.list({ withSubtasks: true })).map((v) => [v.id, title(v, 'en')])) : undefined
            const overdue = found.filter((f) => f.kind === 'overdue').length
            io.out(
              [
                zh
                  ? `截至 ${asOf}：逾期 ${overdue} 项，停滞（${months} 个月无填报）${found.length - overdue} 项`
                  : `As of ${asOf}: ${overdue} overdue, ${found.length - overdue} stalled (no report for ${months} months)`,
                renderTable(
                  zh ? ['类别', '编号', '任务', '牵头单位', '完成时限', '天数', '最近填报'] : ['kind', 'id', 'title', 'lead', 'deadline', 'days', 'last report'],
                  found.map((f) => [
                    f.kind === 'overdue' ? (zh ? '逾期' : 'overdue') : zh ? '停滞' : 'stalled',
                    f.task,
                    titles?.get(f.task) ?? f.title,
                    f.lead,
                    f.deadline,
                    String(f.days),
                    f.lastReportAt?.slice(0, 10) ?? '—',
                  ]),
                  [false, false, false, false, false, true],
                ),
              ].join('\n'),
            )
          }
          return 0
        })
      }),
    )

  tasks.exitOverride()
  for (const sub of tasks.commands) sub.exitOverride()
}
