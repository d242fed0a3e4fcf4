import type { Command } from 'commander'

import { formatProblem, formatProblemBilingual, t, type Lang } from '../../i18n/t.js'
import type { ImportReport } from '../../app/import-files.js'
import type { Layout } from '../../ingest/index.js'
import type { WorkflowStatus } from '../../core/workflow.js'
import { cliUser, type CliIO } from '../io.js'
import { run, usageError as usage } from '../run.js'

const LAYOUTS = ['auto', 'long', 'wide', 'yearbook'] as const
const STATUSES = ['draft', 'submitted', 'approved', 'published'] as const
const WARNINGS_SHOWN = 30

export function renderImportReport(report: ImportReport, lang: Lang): string {
  const lines: string[] = []
  const zh = lang === 'zh'
  for (const f of report.files) {
    const layout = f.layouts.map((l) => (l.sheet ? `${l.sheet}:` : '') + (l.layout === 'long' ? (zh ? '长表' : 'long') : zh ? '宽表/年鉴表' : 'wide/yearbook')).join(', ')
    lines.push(
      zh
        ? `${f.file}（${f.format ?? '?'}${f.encoding ? `，${f.encoding}` : ''}${layout ? `，${layout}` : ''}）：读取 ${f.observations} 个数值，错误 ${f.errors.length}，警告 ${f.warnings.length}`
        : `${f.file} (${f.format ?? '?'}${f.encoding ? `, ${f.encoding}` : ''}${layout ? `, ${layout}` : ''}): ${f.observations} values read, ${f.errors.length} error(s), ${f.warnings.length} warning(s)`,
    )
    for (const p of f.errors) lines.push(`  ${zh ? '错误' : 'error'} [${p.code}] ${formatProblemBilingual(p).replace(/\n/g, '\n  ')}`)
    for (const p of f.warnings.slice(0, WARNINGS_SHOWN)) lines.push(`  ${zh ? '警告' : 'warning'} [${p.code}] ${formatProblem(lang, p)}`)
    if (f.warnings.length > WARNINGS_SHOWN) {
      lines.push(zh ? `  ……另有 ${f.warnings.length - WARNINGS_SHOWN} 条警告（--json 查看全部）` : `  … ${f.warnings.length - WARNINGS_SHOWN} more warning(s) (see --json)`)
    }
    if (f.written) {
      lines.push(
        zh
          ? `  已写入（导入编号 ${f.written.importId}）：新增 ${f.written.created}，修订 ${f.written.updated}，未变 ${f.written.unchanged}`
          : `  Written (import ${f.written.importId}): ${f.written.created} new, ${f.written.updated} revised, ${f.written.unchanged} unchanged`,
      )
    }
  }
  const errors = report.files.reduce((n, f) => n + f.errors.length, 0)
  if (!report.ok) lines.push(`${t('zh', 'ingest.rejected', { errors })}\n${t('en', 'ingest.rejected', { errors })}`)
  else if (report.dryRun) lines.push(zh ? '试运行（--dry-run）：校验通过，未写入任何数据' : 'Dry run: validation passed, nothing written')
  return lines.join('\n')
}

export function registerImport(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('import')
    .description('导入 CSV / XLSX / JSON / HTML 年鉴表 · import data files')
    .argument('<files...>', 'files to import')
    .option('--layout <layout>', `table layout: ${LAYOUTS.join('|')}`, 'auto')
    .option('--indicator <id>', 'indicator for wide tables whose headings do not name it')
    .option('--year <year>', 'year for tables whose headings do not give it')
    .option('--sheet <name>', 'only this XLSX sheet')
    .option('--source <text>', 'source recorded on every value (default: the row’s source column, else the file name)')
    .option(
      '--source-grade <grade>',
      'grade for the file’s sources not graded yet: yearbook|bulletin|government|news|secondary|unrated (never overwrites a registry or reviewer grade)',
    )
    .option('--status <status>', `workflow status of imported values: ${STATUSES.join('|')}`, 'draft')
    .option('--summary-mismatch <severity>', 'a province or grouping total that disagrees with its members’ sum: error (refuse the file) | warning', 'error')
    .option('--dry-run', 'validate and report only; write nothing')
    .option('--json', 'print the report as JSON')
    .option('--limit <name=value...>', 'an input limit, e.g. cells=5000000 (default $URBMON_MAX_* or the built-in; see README)')
    .action((files: string[], opts: Record<string, string | boolean | undefined>, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!LAYOUTS.includes(opts.layout as (typeof LAYOUTS)[number])) throw usage({ option: '--layout', value: String(opts.layout) })
        if (!STATUSES.includes(opts.status as (typeof STATUSES)[number])) throw usage({ option: '--status', value: String(opts.status) })
        if (opts.summaryMismatch !== 'error' && opts.summaryMismatch !== 'warning') throw usage({ option: '--summary-mismatch', value: String(opts.summaryMismatch) })
        const [{ openContext }, { importFiles }, { configuredLimits }, { readInput }, { parseGradeArg }] = await Promise.all([
          import('../../app/context.js'),
          import('../../app/import-files.js'),
          import('../../app/input-limits.js'),
          import('../../ingest/read-input.js'),
          import('../../app/sources.js'),
        ])
        const sourceGrade = typeof opts.sourceGrade === 'string' ? parseGradeArg(opts.sourceGrade) : undefined
        const limits = configuredLimits(io.env, Array.isArray(opts.limit) ? (opts.limit as string[]) : [])
        const ctx = await openContext(g.target)
        try {
          const layout = opts.layout as Layout
          const report = await importFiles(ctx, files, {
            ...(layout !== 'auto' ? { layout } : {}),
            ...(typeof opts.indicator === 'string' ? { indicator: opts.indicator } : {}),
            ...(typeof opts.year === 'string' ? { year: opts.year } : {}),
            ...(typeof opts.sheet === 'string' ? { sheet: opts.sheet } : {}),
            ...(typeof opts.source === 'string' ? { source: opts.source } : {}),
            ...(sourceGrade ? { sourceGrade } : {}),
            summaryMismatch: opts.summaryMismatch,
            dryRun: opts.dryRun === true,
            status: opts.status as WorkflowStatus,
            by: cliUser(io.env),
            at: io.now().toISOString(),
            ...progress(io, g.lang),
            // The CLI reads in-process (the user's own files), within the same limits.
            read: (bytes, file, sheet) => readInput(bytes, file, sheet, limits),
          })
          io.out(opts.json ? JSON.stringify(jsonReport(report), null, 2) : renderImportReport(report, g.lang))
          return report.ok ? 0 : 1
        } finally {
          await ctx.close()
        }
      }),
    )
}

const PROGRESS_EVERY = 1_000_000

/**
 * Progress of a long import on stderr, every million rows (a national file takes minutes), and the crash tests'
 * pause, both through the importer's progress callback.
 */
function progress(io: CliIO, lang: 'zh' | 'en'): { onProgress?: (done: number) => Promise<void> } {
  const fault = faultInjection(io).onProgress
  let next = PROGRESS_EVERY
  return {
    onProgress: async (done) => {
      if (done >= next) {
        next = (Math.floor(done / PROGRESS_EVERY) + 1) * PROGRESS_EVERY
        io.err(lang === 'zh' ? `已读取并校验 ${done.toLocaleString('en')} 行…` : `${done.toLocaleString('en')} rows read and checked…`)
      }
      if (fault) await fault(done)
    },
  }
}

/**
 * Crash-safety tests set URBMON_FAULT_PAUSE_AFTER_ROWS=N: the import stops inside its transaction after N rows,
 * says so on stderr and waits to be killed. Nothing else reads it.
 */
function faultInjection(io: CliIO): { onProgress?: (done: number) => Promise<void> } {
  const after = Number(io.env.URBMON_FAULT_PAUSE_AFTER_ROWS)
  if (!Number.isInteger(after) || after <= 0) return {}
  return {
    onProgress: async (done) => {
      if (done < after) return
      io.err(`paused after ${done} rows (URBMON_FAULT_PAUSE_AFTER_ROWS)`)
      await new Promise(() => undefined)
    },
  }
}

/** Problems with their messages rendered in both languages, for machines and for people reading JSON. */
function jsonReport(report: ImportReport) {
  const render = (p: ImportReport['files'][number]['errors'][number]) => ({
    severity: p.severity,
    code: p.code,
    ...p.location,
    params: p.params,
    message: formatProblem('zh', p),
    messageEn: formatProblem('en', p),
  })
  return {
    ok: report.ok,
    dryRun: report.dryRun,
    files: report.files.map((f) => ({ ...f, errors: f.errors.map(render), warnings: f.warnings.map(render) })),
  }
}
