/**
 * `npm start`: initialise the embedded store on first run, then show the plan's targets with the latest
 * published figure for each. (The monitoring issue replaces the latest-value column with progress and status;
 * the server issue turns this into the web server.)
 */
import { existsSync } from 'node:fs'

import type { Command } from 'commander'

import { openContext } from '../../app/context.js'
import { databasePath, DEFAULT_PLAN } from '../../app/paths.js'
import { queryObservations } from '../../app/query.js'
import type { Target } from '../../plan/plan-schema.js'
import type { CliIO } from '../io.js'
import { run } from '../run.js'
import { renderTable } from '../text-table.js'
import { initStore } from './setup.js'

function goal(t: Target): string {
  if (!('comparator' in t)) return t.kind === 'direction' ? (t.direction === 'increase' ? '↑' : '↓') : t.kind === 'each' ? '全部 all' : '—'
  const c = t.comparator === 'about' ? '≈' : t.comparator === 'between' ? '' : t.comparator.replace('>=', '≥').replace('<=', '≤')
  const v = t.comparator === 'between' ? `${t.min}–${t.max}` : String(t.value)
  return `${c}${v}${t.kind === 'count' ? ' 个' : t.kind === 'share' ? '%' : ''}`
}

export function registerStart(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('start')
    .description('首次运行时初始化，然后显示规划目标一览 · initialise on first run, then show the targets')
    .action((_o: unknown, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const db = databasePath(g.db, io.env)
        if (!existsSync(db)) {
          const code = await initStore(io, db, DEFAULT_PLAN, true, g.lang)
          if (code !== 0) return code
        }
        const ctx = await openContext(db)
        try {
          const rows: string[][] = []
          for (const t of ctx.plan.targets) {
            let latest = ''
            if ('region' in t) {
              const obs = (await queryObservations(ctx, { indicator: t.indicator, region: t.region })).filter((o) => o.preferred)
              const last = obs.at(-1)
              if (last) latest = `${last.value} (${last.year})`
            }
            const base = t.baseline ? `${t.baseline.value} (${t.baseline.year})` : '—'
            rows.push([t.section, g.lang === 'zh' ? t.name : t.nameEn, base, latest || (g.lang === 'zh' ? '暂无数据' : 'no data'), `${goal(t)} (${t.year})`])
          }
          io.out(g.lang === 'zh' ? `《${ctx.plan.title}》目标一览（数据库 ${db}）` : `${ctx.plan.titleEn}: targets (store ${db})`)
          io.out(renderTable(g.lang === 'zh' ? ['章节', '目标', '基期', '最新', '目标值'] : ['section', 'target', 'baseline', 'latest', 'target'], rows))
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}
