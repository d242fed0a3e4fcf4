/**
 * `npm start`: initialise the embedded store on first run, then show where every target stands.
 * (The server issue turns this into the web server.)
 */
import type { Command } from 'commander'

import { isInitialised, openContext } from '../../app/context.js'
import { DEFAULT_PLAN } from '../../app/paths.js'
import { describeTarget } from '../../store/open-store.js'
import type { CliIO } from '../io.js'
import { run } from '../run.js'
import { computeStatus, renderStatus } from './monitor.js'
import { initStore } from './setup.js'

export function registerStart(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('start')
    .description('首次运行时初始化，然后显示规划目标进展 · initialise on first run, then show the targets')
    .action((_o: unknown, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const db = describeTarget(g.target)
        if (!(await isInitialised(g.target))) {
          const code = await initStore(io, g.target, DEFAULT_PLAN, true, g.lang)
          if (code !== 0) return code
        }
        const ctx = await openContext(g.target)
        try {
          const { asOf, statuses } = await computeStatus(ctx, {}, io.now())
          io.out(g.lang === 'zh' ? `《${ctx.plan.title}》目标进展（评估年份 ${asOf}，数据库 ${db}）` : `${ctx.plan.titleEn}: targets as of ${asOf} (store ${db})`)
          io.out(renderStatus(statuses, g.lang, io.color === true))
          io.out(g.lang === 'zh' ? '\n更多：urbmon warnings（预警）、urbmon status --json、urbmon --help' : '\nMore: urbmon warnings, urbmon status --json, urbmon --help')
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}
