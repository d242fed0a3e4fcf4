/** status and warnings: where every target stands, and what needs attention. */
import type { Command } from 'commander'

import type { Context } from '../../app/context.js'
import { openContext } from '../../app/context.js'
import { latestDataYear, loadDataset } from '../../app/monitoring.js'
import { buildForecaster, methodRunner } from '../../app/forecast.js'
import { databasePath } from '../../app/paths.js'
import { resolveRegionArg } from '../../app/query.js'
import { parseYear } from '../../core/period.js'
import { t, type Lang } from '../../i18n/t.js'
import { computeWarnings, evaluateTargets, type ProgressMethod, type Status, type TargetStatus } from '../../monitoring/index.js'
import type { CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

export const STATUS_LABEL: Record<Status, { zh: string; en: string; color: string }> = {
  achieved: { zh: '已实现', en: 'achieved', color: '\x1b[32m' },
  on_track: { zh: '符合预期', en: 'on track', color: '\x1b[32m' },
  at_risk: { zh: '存在风险', en: 'at risk', color: '\x1b[33m' },
  off_track: { zh: '明显滞后', en: 'off track', color: '\x1b[31m' },
  regressing: { zh: '倒退', en: 'regressing', color: '\x1b[31;1m' },
  no_data: { zh: '暂无数据', en: 'no data', color: '\x1b[90m' },
}

const METHODS = ['linear', 'cagr', 'trend'] as const

function fmt(x: number | null, d = 2): string {
  if (x === null || !Number.isFinite(x)) return '—'
  return String(Math.round(x * 10 ** d) / 10 ** d)
}

const pct = (x: number | null) => (x === null ? '—' : `${fmt(x * 100, 0)}%`)

export async function computeStatus(ctx: Context, opts: { year?: string; region?: string; method?: string }, now: Date) {
  const method = (opts.method ?? 'linear') as ProgressMethod
  if (!METHODS.includes(method as (typeof METHODS)[number])) throw usageError(`--method ${opts.method}`)
  const data = await loadDataset(ctx)
  const asOf = opts.year ? parseYear(opts.year) : (latestDataYear(data) ?? now.getUTCFullYear())
  if (asOf === undefined) throw usageError(`--year ${opts.year}`)
  const region = opts.region ? resolveRegionArg(ctx, opts.region) : undefined
  const statuses = evaluateTargets(ctx.plan, data, {
    asOf,
    method,
    forecaster: buildForecaster(20260101),
    methods: methodRunner,
    ...(region ? { region } : {}),
  })
  return { data, asOf, statuses }
}

export function renderStatus(rows: ReadonlyArray<TargetStatus>, lang: Lang, color: boolean): string {
  const zh = lang === 'zh'
  const label = (s: Status) => {
    const l = STATUS_LABEL[s]
    const text = zh ? l.zh : l.en
    return color ? `${l.color}${text}\x1b[0m` : text
  }
  return renderTable(
    zh
      ? ['章节', '目标', '基期', '最新', '目标值', '进度/应达', '需年均', '近年均', '状态', '预测', '达标概率']
      : ['section', 'target', 'baseline', 'latest', 'target', 'progress/expected', 'needed/yr', 'recent/yr', 'status', 'forecast', 'P(meet)'],
    rows.map((r) => [
      r.section,
      zh ? r.name : r.nameEn,
      r.baselineValue === null ? '—' : `${fmt(r.baselineValue)} (${r.baselineYear})`,
      r.latestValue === null ? '—' : `${fmt(r.latestValue)} (${r.latestYear})`,
      `${r.goal} (${r.targetYear})`,
      r.progress === null ? '—' : `${pct(r.progress)}/${pct(r.expectedProgress)}`,
      fmt(r.requiredAnnualChange),
      fmt(r.recentAnnualChange),
      label(r.status),
      r.forecastValue === null ? '—' : `${fmt(r.forecastValue)} [${fmt(r.forecastLow)}, ${fmt(r.forecastHigh)}]`,
      r.probability === null ? '—' : pct(r.probability),
    ]),
  )
}

export function registerMonitor(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('status')
    .description('规划目标进展、状态与预测 · progress, status and forecast of every target')
    .option('--region <name>', 'only targets concerning this region')
    .option('--year <year>', 'evaluation year (default: the latest year with data)')
    .option('--method <method>', `progress method: ${METHODS.join('|')}`, 'linear')
    .option('--json', 'JSON array')
    .action((opts: { region?: string; year?: string; method?: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const ctx = await openContext(databasePath(g.db, io.env))
        try {
          const { asOf, statuses } = await computeStatus(ctx, opts, io.now())
          if (opts.json) io.out(JSON.stringify(statuses, null, 2))
          else {
            io.out(g.lang === 'zh' ? `《${ctx.plan.title}》目标进展（评估年份 ${asOf}，方法 ${opts.method ?? 'linear'}）` : `${ctx.plan.titleEn}: targets as of ${asOf} (method ${opts.method ?? 'linear'})`)
            io.out(renderStatus(statuses, g.lang, io.color === true))
          }
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )

  program
    .command('warnings')
    .description('预警：目标滞后、数据缺失或过期、异常跳变、统计口径断点 · early warnings')
    .option('--year <year>', 'the year to check against (default: this year)')
    .option('--json', 'JSON array')
    .action((opts: { year?: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const ctx = await openContext(databasePath(g.db, io.env))
        try {
          const asOf = opts.year ? parseYear(opts.year) : io.now().getUTCFullYear()
          if (asOf === undefined) throw usageError(`--year ${opts.year}`)
          const { data, statuses } = await computeStatus(ctx, { year: String(asOf) }, io.now())
          const warnings = computeWarnings(ctx.plan, data, statuses, { asOf })
          const withText = warnings.map((w) => ({ ...w, message: t('zh', `warning.${w.kind}`, w.params), messageEn: t('en', `warning.${w.kind}`, w.params) }))
          if (opts.json) io.out(JSON.stringify(withText, null, 2))
          else if (withText.length === 0) io.out(g.lang === 'zh' ? '没有预警' : 'No warnings')
          else {
            const sev = { high: g.lang === 'zh' ? '高' : 'high', medium: g.lang === 'zh' ? '中' : 'medium', low: g.lang === 'zh' ? '低' : 'low' }
            for (const w of withText) io.out(`[${sev[w.severity]}] ${w.kind}: ${g.lang === 'zh' ? w.message : w.messageEn}`)
          }
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}
