/** status and warnings: where every target stands, and what needs attention. */
import type { Command } from 'commander'

import type { Context } from '../../app/context.js'
import type { ForecastMethod } from '../../forecasting/index.js'
import { parseYear } from '../../core/period.js'
import { STATUS_NAMES } from '../../i18n/status-names.js'
import { t, type Lang } from '../../i18n/t.js'
import type { ProgressMethod, Status, TargetStatus } from '../../monitoring/index.js'
import type { CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

const TERMINAL_COLOR: Record<'good' | 'warn' | 'bad' | 'none', string> = { good: '\x1b[32m', warn: '\x1b[33m', bad: '\x1b[31m', none: '\x1b[90m' }

const METHODS = ['linear', 'cagr', 'trend'] as const

function fmt(x: number | null, d = 2): string {
  if (x === null || !Number.isFinite(x)) return '—'
  return String(Math.round(x * 10 ** d) / 10 ** d)
}

/** Open SDG's verdicts as its documentation names them (and as Statistics Canada's Chinese-reading users would). */
const OPEN_SDG_NAMES: Partial<Record<string, { zh: string; en: string }>> = {
  target_achieved: { zh: '目标已实现', en: 'target achieved' },
  substantial_progress: { zh: '进展显著', en: 'substantial progress' },
  moderate_progress: { zh: '有进展但需加快', en: 'moderate progress' },
  limited_progress: { zh: '进展有限', en: 'limited progress' },
  deterioration: { zh: '退步', en: 'deterioration' },
  not_available: { zh: '无法评估', en: 'not available' },
}

const pct = (x: number | null) => (x === null ? '—' : `${fmt(x * 100, 0)}%`)

export async function computeStatus(ctx: Context, opts: { year?: string; region?: string; method?: string }, now: Date) {
  const method = (opts.method ?? 'linear') as ProgressMethod
  if (!METHODS.includes(method)) throw usageError({ option: '--method', value: String(opts.method) })
  const [{ loadMonitoringData }, { latestDataYear }, { resolveRegionArg }, { buildForecaster, methodRunner }, { evaluateTargets }] = await Promise.all([
    import('../../app/recompute.js'),
    import('../../app/monitoring.js'),
    import('../../app/query.js'),
    import('../../app/forecast.js'),
    import('../../monitoring/index.js'),
  ])
  const data = await loadMonitoringData(ctx)
  const asOf = opts.year ? parseYear(opts.year) : (latestDataYear(data) ?? now.getUTCFullYear())
  if (asOf === undefined) throw usageError({ option: '--year', value: String(opts.year) })
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

function openSdgName(status: string | null, zh: boolean): string {
  if (status === null) return '—'
  const name = OPEN_SDG_NAMES[status]
  return name ? (zh ? name.zh : name.en) : status
}

export function renderStatus(rows: ReadonlyArray<TargetStatus>, lang: Lang, color: boolean): string {
  const zh = lang === 'zh'
  const label = (s: Status) => {
    const l = STATUS_NAMES[s]
    const text = zh ? l.zh : l.en
    return color ? `${TERMINAL_COLOR[l.tone]}${text}\x1b[0m` : text
  }
  // Open SDG's own verdict, score and value, only when that method ran (the other methods give none).
  const openSdg = rows.some((r) => r.method === 'cagr')
  const headings = zh
    ? ['章节', '目标', '基期', '最新', '目标值', '进度/应达', '需年均', '近年均', '状态', '预测', '达标概率']
    : ['section', 'target', 'baseline', 'latest', 'target', 'progress/expected', 'needed/yr', 'recent/yr', 'status', 'forecast', 'P(meet)']
  return renderTable(
    openSdg ? [...headings, ...(zh ? ['Open SDG 结论', '得分', 'R 或 CAGR'] : ['Open SDG verdict', 'score', 'R or CAGR'])] : headings,
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
      ...(openSdg ? [openSdgName(r.methodStatus, zh), fmt(r.methodScore), r.methodValue === null ? '—' : fmt(r.methodValue, 4)] : []),
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
        const { openContext } = await import('../../app/context.js')
        const ctx = await openContext(g.target)
        try {
          const { asOf, statuses, data } = await computeStatus(ctx, opts, io.now())
          if (opts.json) {
            const { withSourceQuality } = await import('../../app/explain.js')
            io.out(JSON.stringify(withSourceQuality(statuses, data), null, 2))
          } else {
            io.out(
              g.lang === 'zh'
                ? `《${ctx.plan.title}》目标进展（评估年份 ${asOf}，方法 ${opts.method ?? 'linear'}）`
                : `${ctx.plan.titleEn}: targets as of ${asOf} (method ${opts.method ?? 'linear'})`,
            )
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
        const [{ openContext }, { allWarnings }] = await Promise.all([import('../../app/context.js'), import('../../app/monitoring.js')])
        const ctx = await openContext(g.target)
        try {
          const asOf = opts.year ? parseYear(opts.year) : io.now().getUTCFullYear()
          if (asOf === undefined) throw usageError({ option: '--year', value: String(opts.year) })
          const { data, statuses } = await computeStatus(ctx, { year: String(asOf) }, io.now())
          const today = io.now().toISOString().slice(0, 10)
          const withText = await allWarnings(ctx, data, statuses, asOf, asOf >= io.now().getUTCFullYear() ? today : `${asOf}-12-31`)
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

/** `urbmon monitor recompute`: every cell, target and warning on the columnar engine, with timings per phase. */
export function registerRecompute(program: Command, io: CliIO, exit: { code: number }): void {
  const monitor = program.command('monitor').description('监测引擎 · the monitoring engine')
  monitor
    .command('recompute')
    .description('全量重算：公布值、推算值、汇总值、目标状态与预警（列式引擎）· full recompute of every cell, target and warning')
    .option('--year <year>', 'evaluation year (default: the latest year with data)')
    .option('--published-only', 'only published values (the public view); default: current values, as `status`')
    .option('--json', 'JSON: counts and timings per phase')
    .action((opts: { year?: string; publishedOnly?: boolean; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const year = opts.year === undefined ? undefined : parseYear(opts.year)
        if (opts.year !== undefined && year === undefined) throw usageError({ option: '--year', value: String(opts.year) })
        const [{ openContext }, { recompute }] = await Promise.all([import('../../app/context.js'), import('../../app/recompute.js')])
        const ctx = await openContext(g.target)
        try {
          const r = await recompute(ctx, { ...(year !== undefined ? { year } : {}), ...(opts.publishedOnly ? { publishedOnly: true } : {}) })
          const summary = {
            cells: r.cells,
            cube: r.cube,
            observations: r.observations,
            skipped: r.skipped,
            published: r.published,
            derived: r.derived,
            aggregated: r.aggregated,
            targets: r.targets,
            warnings: r.warnings,
            asOf: r.asOf,
            statusCounts: r.statusCounts,
            indicators: r.indicators,
            regions: r.regions,
            years: r.years,
            ms: r.ms,
            phases: r.phases,
            columnsFromCopy: r.columnsFromCopy,
            columnsCopy: r.columnsCopy,
            maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
          }
          if (opts.json) io.out(JSON.stringify(summary))
          else {
            const zh = g.lang === 'zh'
            const ms = (x: number) => `${fmt(x, 0)} ms`
            io.out(
              zh
                ? `全量重算（评估年份 ${r.asOf ?? '—'}）：${r.indicators} 个指标 × ${r.regions} 个地区 × ${r.years} 年，用时 ${ms(r.ms)}`
                : `Full recompute (as of ${r.asOf ?? '—'}): ${r.indicators} indicators × ${r.regions} regions × ${r.years} years in ${ms(r.ms)}`,
            )
            io.out(
              renderTable(
                zh ? ['项目', '数量', '阶段', '用时'] : ['item', 'count', 'phase', 'time'],
                [
                  [
                    zh ? '观测值' : 'observations',
                    String(r.observations),
                    zh ? (r.columnsFromCopy ? '读取（列式副本）' : '读取') : r.columnsFromCopy ? 'load (columnar copy)' : 'load',
                    ms(r.phases.load),
                  ],
                  [zh ? '公布值' : 'published', String(r.published), zh ? '索引' : 'index', ms(r.phases.index)],
                  [zh ? '推算值' : 'derived', String(r.derived), zh ? '推算' : 'derive', ms(r.phases.derive)],
                  [zh ? '汇总值' : 'aggregated', String(r.aggregated), zh ? '汇总' : 'aggregate', ms(r.phases.aggregate)],
                  [zh ? '目标' : 'targets', String(r.targets), zh ? '目标状态' : 'targets', ms(r.phases.targets)],
                  [zh ? '预警' : 'warnings', String(r.warnings), zh ? '预警' : 'warnings', ms(r.phases.warnings)],
                ],
                [false, true, false, true],
              ),
            )
          }
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}

const FORECAST_METHODS = ['auto', 'linear', 'compound', 'logistic', 'urgd'] as const

export function registerForecast(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('forecast')
    .description('预测指标走势与区间 · project an indicator with prediction intervals')
    .requiredOption('--indicator <id>', 'indicator')
    .requiredOption('--region <name>', 'region')
    .requiredOption('--to <year>', 'last year to project to')
    .option('--method <method>', FORECAST_METHODS.join('|'), 'auto')
    .option('--saturation <K>', 'logistic saturation level (fitted when absent)')
    .option('--seed <n>', 'random seed for the bootstrap', '20260101')
    .option('--no-splice', 'do not splice census breaks before fitting')
    .option('--json', 'JSON')
    .action((opts: { indicator: string; region: string; to: string; method: string; saturation?: string; seed: string; splice: boolean; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!FORECAST_METHODS.includes(opts.method as (typeof FORECAST_METHODS)[number])) throw usageError({ option: '--method', value: String(opts.method) })
        const toYear = parseYear(opts.to)
        if (toYear === undefined) throw usageError({ option: '--to', value: String(opts.to) })
        const seed = Number(opts.seed)
        if (!Number.isInteger(seed)) throw usageError({ option: '--seed', value: String(opts.seed) })
        const saturation = opts.saturation === undefined ? undefined : Number(opts.saturation)
        if (saturation !== undefined && !Number.isFinite(saturation)) throw usageError({ option: '--saturation', value: String(opts.saturation) })
        const [{ openContext }, { resolveIndicatorArg, resolveRegionArg }, { loadMonitoringData }, { spliceCensusBreaks }, { forecast, forecastErrorParams, mulberry32 }] =
          await Promise.all([
            import('../../app/context.js'),
            import('../../app/query.js'),
            import('../../app/recompute.js'),
            import('../../app/forecast.js'),
            import('../../forecasting/index.js'),
          ])
        const ctx = await openContext(g.target)
        try {
          const indicator = ctx.indicators.get(resolveIndicatorArg(ctx, opts.indicator))
          if (!indicator) throw usageError({ option: '--indicator', value: String(opts.indicator) })
          const region = resolveRegionArg(ctx, opts.region)
          const data = await loadMonitoringData(ctx)
          const observed = data.series(indicator.id, region).map((p) => ({ year: p.year, value: p.value, source: p.source ?? p.origin }))
          const { series, spliced } = opts.splice ? spliceCensusBreaks(observed) : { series: observed, spliced: [] }
          const bounds = indicator.unit === '%' ? ([0, 100] as const) : undefined
          const f = forecast(series, {
            method: opts.method as ForecastMethod | 'auto',
            toYear,
            ...(bounds ? { bounds } : {}),
            ...(saturation !== undefined ? { saturation } : {}),
            rng: mulberry32(seed),
          })
          if (!f.ok) {
            io.err(`${g.lang === 'zh' ? '错误' : 'error'} [forecast.failed] ${t(g.lang, 'forecast.failed', forecastErrorParams(f.error))}`)
            return 1
          }
          const result = {
            indicator: indicator.id,
            region,
            regionName: ctx.regions.get(region)?.name ?? region,
            unit: indicator.unit,
            method: f.value.method,
            params: f.value.params,
            notes: [...f.value.notes, ...spliced.map((c) => `census_spliced_${c}`)],
            level: 0.9,
            observed,
            forecast: f.value.points,
          }
          if (opts.json) io.out(JSON.stringify(result, null, 2))
          else {
            const zh = g.lang === 'zh'
            io.out(
              zh
                ? `${result.regionName}“${indicator.name}”预测（方法 ${result.method}，90% 区间）${result.notes.length ? `，注：${result.notes.join(', ')}` : ''}`
                : `${indicator.nameEn}, ${ctx.regions.get(region)?.nameEn}: forecast (${result.method}, 90 % interval)${result.notes.length ? `; notes: ${result.notes.join(', ')}` : ''}`,
            )
            io.out(
              renderTable(
                zh ? ['年份', '数值', '下限', '上限', '来源'] : ['year', 'value', 'low', 'high', 'source'],
                [
                  ...observed.map((p) => [String(p.year), fmt(p.value), '', '', p.source]),
                  ...f.value.points.map((p) => [String(p.year), fmt(p.value), fmt(p.low), fmt(p.high), zh ? '预测' : 'forecast']),
                ],
                [false, true, true, true],
              ),
            )
          }
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}

export function registerExplain(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('explain')
    .description('一个数值从何而来：各来源公布值、按公式推算值、由成员汇总值 · where a value comes from')
    .requiredOption('--indicator <id>', 'indicator')
    .requiredOption('--region <name>', 'region or grouping')
    .requiredOption('--year <year>', 'year')
    .option('--json', 'JSON')
    .action((opts: { indicator: string; region: string; year: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const year = parseYear(opts.year)
        if (year === undefined) throw usageError({ option: '--year', value: String(opts.year) })
        const [{ openContext }, { resolveIndicatorArg, resolveRegionArg }, { loadMonitoringData }, { explainCell }] = await Promise.all([
          import('../../app/context.js'),
          import('../../app/query.js'),
          import('../../app/recompute.js'),
          import('../../app/explain.js'),
        ])
        const ctx = await openContext(g.target)
        try {
          const indicator = resolveIndicatorArg(ctx, opts.indicator)
          const region = resolveRegionArg(ctx, opts.region)
          const data = await loadMonitoringData(ctx)
          const result = { regionName: ctx.regions.get(region)?.name ?? region, ...(await explainCell(ctx, data, indicator, region, year)) }
          if (opts.json) io.out(JSON.stringify(result, null, 2))
          else {
            const zh = g.lang === 'zh'
            const lines = [`${result.regionName} ${indicator} ${year}`]
            lines.push(
              `  ${zh ? '显示值' : 'shown'}: ${result.shown ? `${result.shown.value} (${result.shown.origin}${result.shown.source ? `, ${result.shown.source}` : ''}${result.shown.sourceGrade ? `, ${result.shown.sourceGrade}` : ''})` : '—'}`,
            )
            const choice = result.seriesChoice
            if (choice) {
              lines.push(
                zh
                  ? `  审核人选定来源：${choice.source}（${choice.chosenBy}，${choice.chosenAt.slice(0, 10)}：${choice.reason}）`
                  : `  source chosen by reviewer ${choice.chosenBy} on ${choice.chosenAt.slice(0, 10)}: ${choice.reason} (${choice.source})`,
              )
            }
            for (const p of result.published)
              lines.push(
                `  ${zh ? '公布' : 'published'}: ${p.value}  ${p.source}  (v${p.version}; ${p.sourceGrade}${p.sourceVintage ? ` ${p.sourceVintage}` : ''}${p.confidence ? `; ${zh ? '可信度' : 'confidence'} ${p.confidence}` : ''})`,
              )
            if (result.derived) lines.push(`  ${zh ? '推算' : 'derived'}: ${result.derived.value} = ${result.derived.method}`)
            if ('value' in result.aggregated)
              lines.push(
                `  ${zh ? '汇总' : 'aggregated'}: ${result.aggregated.value} (${result.aggregated.method}${result.aggregated.weightedFallback ? (zh ? '，成员分量缺失，按权重加权平均' : ', weighted mean: components missing') : ''})`,
              )
            else if (result.aggregated.unavailable.kind === 'incomplete')
              lines.push(
                `  ${zh ? '汇总' : 'aggregated'}: ${zh ? '成员数据不全，缺' : 'incomplete, missing'} ${result.aggregated.unavailable.missing.map((c) => ctx.regions.get(c)?.name ?? c).join(zh ? '、' : ', ')}`,
              )
            const inputs = result.shown?.inputs ?? []
            if (result.shown && result.shown.origin !== 'published') {
              lines.push(`  ${zh ? '所用观测值' : 'observations used'}:`)
              for (const i of inputs) lines.push(`    #${i.observationId} v${i.version} ${i.indicator} ${ctx.regions.get(i.region)?.name ?? i.region} ${i.year} ${i.source}`)
            }
            io.out(lines.join('\n'))
          }
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}
