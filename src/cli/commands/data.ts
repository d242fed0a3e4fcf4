/** query, history and export: reading what the store holds. */
import { writeFileSync } from 'node:fs'

import type { Command } from 'commander'

import type { Context } from '../../app/context.js'
import type { ObservationView, QueryInput } from '../../app/query.js'
import { parseYear } from '../../core/period.js'
import type { Lang } from '../../i18n/t.js'
import { isWorkflowStatus, WORKFLOW_STATUSES } from '../../core/workflow.js'
import type { StoreTarget } from '../../store/open-store.js'
import type { CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

function filters(opts: Record<string, unknown>): QueryInput {
  if (opts.status !== undefined && !isWorkflowStatus(opts.status))
    throw usageError({ option: '--status', value: typeof opts.status === 'string' ? opts.status : JSON.stringify(opts.status) })
  return {
    ...(typeof opts.indicator === 'string' ? { indicator: opts.indicator } : {}),
    ...(typeof opts.region === 'string' ? { region: opts.region } : {}),
    ...(typeof opts.year === 'string' ? { year: opts.year } : {}),
    ...(isWorkflowStatus(opts.status) ? { status: opts.status } : {}),
  }
}

async function withContext<T>(target: StoreTarget, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const { openContext } = await import('../../app/context.js')
  const ctx = await openContext(target)
  try {
    return await fn(ctx)
  } finally {
    await ctx.close()
  }
}

function renderObservations(rows: ReadonlyArray<ObservationView>, lang: Lang): string {
  const zh = lang === 'zh'
  const headers = zh ? ['指标', '地区', '年份', '数值', '单位', '首选', '状态', '来源'] : ['indicator', 'region', 'year', 'value', 'unit', 'preferred', 'status', 'source']
  return renderTable(
    headers,
    rows.map((r) => [r.indicator, `${r.regionName} ${r.region}`, String(r.year), String(r.value), r.unit, r.preferred ? '✓' : '', r.status, r.source]),
    [false, false, false, true],
  )
}

export function registerData(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('query')
    .description('查询数据 · query observations (one row per cell and source)')
    .option('--indicator <id>', 'indicator id, name or alias')
    .option('--region <name>', 'region name or code')
    .option('--year <year>', 'year, list (2020,2021) or range (2017-2022)')
    .option('--status <status>', `only values in this workflow status: ${WORKFLOW_STATUSES.join('|')}`)
    .option('--json', 'JSON array')
    .option('--csv', 'CSV')
    .action((opts: Record<string, unknown>, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx) => {
          const [{ queryObservations }, { toCsv }] = await Promise.all([import('../../app/query.js'), import('../../app/export.js')])
          const rows = await queryObservations(ctx, filters(opts))
          io.out(
            opts.json
              ? JSON.stringify(rows, null, 2)
              : opts.csv
                ? toCsv(rows).replace(/^\ufeff/, '')
                : rows.length
                  ? renderObservations(rows, g.lang)
                  : g.lang === 'zh'
                    ? '没有符合条件的数据'
                    : 'No matching data',
          )
          return 0
        }),
      ),
    )

  program
    .command('history')
    .description('单元格的全部修订记录 · every revision of one cell')
    .requiredOption('--indicator <id>', 'indicator')
    .requiredOption('--region <name>', 'region')
    .requiredOption('--year <year>', 'year')
    .option('--json', 'JSON')
    .action((opts: Record<string, string | boolean>, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx) => {
          const { resolveIndicatorArg, resolveRegionArg } = await import('../../app/query.js')
          const indicator = resolveIndicatorArg(ctx, String(opts.indicator))
          const region = resolveRegionArg(ctx, String(opts.region))
          const year = parseYear(String(opts.year))
          if (year === undefined) throw usageError({ option: '--year', value: String(opts.year) })
          const { loadRanking, sourceFields } = await import('../../app/sources.js')
          const [revisions, ranking] = await Promise.all([ctx.observations.history(indicator, region, String(year)), loadRanking(ctx)])
          const out = revisions.map((r) => ({
            source: r.source,
            version: r.version,
            action: r.action,
            value: r.value,
            previousValue: r.previousValue,
            unit: r.unit,
            rawValue: r.rawValue,
            note: r.note,
            status: r.status,
            changedAt: r.changedAt,
            changedBy: r.changedBy,
            file: r.fileName,
            origin: r.origin,
            ...sourceFields(ranking, r.source, r.confidence),
          }))
          if (opts.json) io.out(JSON.stringify({ indicator, region, year, revisions: out }, null, 2))
          else if (out.length === 0) io.out(g.lang === 'zh' ? '该单元格没有任何记录' : 'No history for this cell')
          else {
            const zh = g.lang === 'zh'
            io.out(
              renderTable(
                zh ? ['来源', '版本', '操作', '数值', '原值', '文件中写作', '时间', '操作者'] : ['source', 'version', 'action', 'value', 'previous', 'as written', 'at', 'by'],
                out.map((r) => [
                  r.source,
                  String(r.version),
                  r.action,
                  String(r.value),
                  r.previousValue === null ? '' : String(r.previousValue),
                  r.rawValue,
                  r.changedAt,
                  r.changedBy,
                ]),
              ),
            )
          }
          return 0
        }),
      ),
    )

  program
    .command('export')
    .description('导出开放数据 · export observations as CSV, XLSX or JSON')
    .requiredOption('--format <format>', 'csv|xlsx|json')
    .requiredOption('--out <file>', 'output file')
    .option('--indicator <id>', 'indicator')
    .option('--region <name>', 'region')
    .option('--year <year>', 'year, list or range')
    .option('--status <status>', 'only values in this workflow status')
    .action((opts: Record<string, unknown>, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx) => {
          const format = String(opts.format)
          if (!['csv', 'xlsx', 'json'].includes(format)) throw usageError({ option: '--format', value: String(format) })
          const [{ queryObservations }, { toCsv, toJson, toXlsx }] = await Promise.all([import('../../app/query.js'), import('../../app/export.js')])
          const rows = await queryObservations(ctx, filters(opts))
          const body = format === 'csv' ? toCsv(rows) : format === 'json' ? toJson(rows) : await toXlsx(rows)
          writeFileSync(String(opts.out), body)
          io.out(g.lang === 'zh' ? `已导出 ${rows.length} 行到 ${String(opts.out)}` : `Exported ${rows.length} rows to ${String(opts.out)}`)
          return 0
        }),
      ),
    )
}
