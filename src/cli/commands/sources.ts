/** sources list / grade / load, series prefer: source quality grades and reviewers' per-series source choices. */
import type { Command } from 'commander'

import type { SourceActor } from '../../app/sources.js'
import type { User } from '../../app/ports/user-repository.js'
import type { Context } from '../../app/context.js'
import type { StoreTarget } from '../../store/open-store.js'
import { cliUser, type CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

/** The CLI operates the store and acts as an admin (as for tasks), named cli:<user> in the audit log. */
function cliActor(io: CliIO): SourceActor {
  const user: User = { id: 0, username: cliUser(io.env), displayName: 'CLI', role: 'admin', regions: [], department: null, disabled: false }
  return { user, at: io.now().toISOString(), origin: 'cli' }
}

async function withContext<T>(target: StoreTarget, fn: (ctx: Context, sources: typeof import('../../app/sources.js')) => Promise<T>): Promise<T> {
  const [{ openContext }, sources] = await Promise.all([import('../../app/context.js'), import('../../app/sources.js')])
  const ctx = await openContext(target)
  try {
    return await fn(ctx, sources)
  } finally {
    await ctx.close()
  }
}

export function registerSources(program: Command, io: CliIO, exit: { code: number }): void {
  const sources = program.command('sources').description('来源等级 · source quality grades')
  sources
    .command('list')
    .description('列出所有来源及其等级、版本年份、数据条数 · every source with its grade, vintage and figure count')
    .option('--json', 'JSON array')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx, s) => {
          const list = await s.listSources(ctx)
          if (opts.json) io.out(JSON.stringify(list, null, 2))
          else {
            const zh = g.lang === 'zh'
            io.out(
              renderTable(
                zh ? ['等级', '版本', '依据', '数据', '来源'] : ['grade', 'vintage', 'basis', 'figures', 'source'],
                list.map((e) => [e.grade, e.vintage ?? '—', e.basis, String(e.figures), e.source]),
              ),
            )
          }
          return 0
        }),
      ),
    )
  sources
    .command('grade')
    .description('重新评定一个来源的等级（审核记录） · regrade a source (audited)')
    .argument('<source>', 'the source string, exactly as the figures name it')
    .argument('<grade>', 'yearbook|bulletin|government|news|secondary|unrated')
    .option('--vintage <year>', 'the year (or ISO date) the source published its figures')
    .action((source: string, grade: string, opts: { vintage?: string }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx, s) => {
          const e = await s.gradeSource(ctx, cliActor(io), { source, grade: s.parseGradeArg(grade), ...(opts.vintage !== undefined ? { vintage: opts.vintage } : {}) })
          io.out(
            g.lang === 'zh' ? `已评定：${e.source} → ${e.grade}${e.vintage ? `（${e.vintage}）` : ''}` : `Graded: ${e.source} → ${e.grade}${e.vintage ? ` (${e.vintage})` : ''}`,
          )
          return 0
        }),
      ),
    )
  sources
    .command('load')
    .description('载入来源登记文件（sources.yaml） · load a source registry file')
    .argument('<file>', 'registry file (schema urbmon/sources@1)')
    .action((file: string, _opts: unknown, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx, s) => {
          const r = await s.loadRegistryFile(ctx, file, cliUser(io.env), io.now().toISOString(), 'cli')
          io.out(
            g.lang === 'zh'
              ? `已载入 ${file}：写入 ${r.written}，未变 ${r.unchanged}，保留审核人评定 ${r.keptReviewer}，主机规则 ${r.hosts}`
              : `Loaded ${file}: ${r.written} written, ${r.unchanged} unchanged, ${r.keptReviewer} reviewer grade(s) kept, ${r.hosts} host rule(s)`,
          )
          return 0
        }),
      ),
    )

  const series = program.command('series').description('数据序列 · series (indicator × region)')
  series
    .command('prefer')
    .description('为序列选定来源（须说明理由，审核记录）；--clear 取消 · choose the source a series shows (reason required, audited); --clear removes the choice')
    .argument('<indicator>', 'indicator')
    .argument('<region>', 'region')
    .argument('[source]', 'the source string')
    .option('--reason <text>', 'why this source (required unless --clear)')
    .option('--clear', 'remove the series’ choice: the rule decides again')
    .action((indicator: string, region: string, source: string | undefined, opts: { reason?: string; clear?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx, s) => {
          const zh = g.lang === 'zh'
          if (opts.clear) {
            const cleared = await s.clearSeriesSource(ctx, cliActor(io), { indicator, region })
            io.out(cleared ? (zh ? `已取消选定来源：${cleared.source}` : `Choice removed: ${cleared.source}`) : zh ? '该序列没有选定来源' : 'The series had no chosen source')
            return 0
          }
          if (source === undefined) throw usageError({ reason: 'empty_list', option: '<source>' })
          const choice = await s.preferSeriesSource(ctx, cliActor(io), { indicator, region, source, reason: opts.reason ?? '' })
          io.out(zh ? `已选定 ${choice.indicator} / ${choice.region} 的来源：${choice.source}` : `Series ${choice.indicator} / ${choice.region} now shows ${choice.source}`)
          return 0
        }),
      ),
    )
}
