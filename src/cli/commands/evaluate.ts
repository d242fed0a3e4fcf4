/** urbmon evaluate: the composite city development index with rank intervals. */
import { resolve } from 'node:path'

import type { Command } from 'commander'

import { parseYear } from '../../core/period.js'
import type { CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

const AGGREGATIONS = ['arithmetic', 'geometric', 'topsis'] as const
const WEIGHTINGS = ['equal', 'entropy', 'critic'] as const
const NORMALISATIONS = ['minmax', 'zscore', 'rank', 'target'] as const

export function registerEvaluate(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('evaluate')
    .description('城市发展综合评价指数（含排名区间）· composite city development index with rank intervals')
    .option('--framework <file>', 'evaluation framework (YAML); default frameworks/jiangsu-cities.yaml')
    .option('--year <year>', 'data year (default: the year the framework’s indicators are best covered)')
    .option('--regions <group>', 'a grouping (苏南, 扬子江城市群 …) or a parent region instead of the framework’s set')
    .option('--method <aggregation>', AGGREGATIONS.join('|'))
    .option('--weighting <method>', WEIGHTINGS.join('|'))
    .option('--normalisation <method>', NORMALISATIONS.join('|'))
    .option('--draws <n>', 'Monte Carlo draws for the rank intervals')
    .option('--json', 'JSON: { weights, results: [{ region, regionName, score, rank, rankLow, rankHigh, dimensions }] … }')
    .action(
      (opts: { framework?: string; year?: string; regions?: string; method?: string; weighting?: string; normalisation?: string; draws?: string; json?: boolean }, cmd: Command) =>
        run(io, exit, cmd, async (g) => {
          if (opts.method && !AGGREGATIONS.includes(opts.method as (typeof AGGREGATIONS)[number])) throw usageError({ option: '--method', value: String(opts.method) })
          if (opts.weighting && !WEIGHTINGS.includes(opts.weighting as (typeof WEIGHTINGS)[number])) throw usageError({ option: '--weighting', value: String(opts.weighting) })
          if (opts.normalisation && !NORMALISATIONS.includes(opts.normalisation as (typeof NORMALISATIONS)[number]))
            throw usageError({ option: '--normalisation', value: String(opts.normalisation) })
          const year = opts.year ? parseYear(opts.year) : undefined
          if (opts.year && year === undefined) throw usageError({ option: '--year', value: String(opts.year) })
          const draws = opts.draws ? Number(opts.draws) : undefined
          if (draws !== undefined && (!Number.isInteger(draws) || draws < 10)) throw usageError({ option: '--draws', value: String(opts.draws) })
          const [{ openContext }, { loadFramework, runEvaluation }, { resolveRegionArg }, { methodSentence }] = await Promise.all([
            import('../../app/context.js'),
            import('../../app/evaluation.js'),
            import('../../app/query.js'),
            import('../../i18n/method-names.js'),
          ])
          const framework = loadFramework(opts.framework ? resolve(opts.framework) : undefined)
          const ctx = await openContext(g.target)
          try {
            const r = await runEvaluation(ctx, {
              framework,
              ...(year !== undefined ? { year } : {}),
              ...(opts.regions ? { regions: resolveRegionArg(ctx, opts.regions) } : {}),
              ...(opts.method ? { aggregation: opts.method as (typeof AGGREGATIONS)[number] } : {}),
              ...(opts.weighting ? { weighting: opts.weighting as (typeof WEIGHTINGS)[number] } : {}),
              ...(opts.normalisation ? { normalisation: opts.normalisation as (typeof NORMALISATIONS)[number] } : {}),
              ...(draws !== undefined ? { draws } : {}),
            })
            if (opts.json) {
              io.out(JSON.stringify(r, null, 2))
              return 0
            }
            const zh = g.lang === 'zh'
            const dims = framework.dimensions
            const rescale = r.method.rescale ? (zh ? `（重新缩放至 [${r.method.rescale.join(', ')}]）` : ` (rescaled to [${r.method.rescale.join(', ')}])`) : ''
            io.out(
              zh
                ? `${framework.name}（${r.year} 年；${methodSentence(r.method, 'zh')}${rescale}；排名区间为 ${r.uncertainty.draws} 次蒙特卡洛模拟的 90% 区间）`
                : `${framework.nameEn} (${r.year}; ${methodSentence(r.method, 'en')}${rescale}; rank intervals: 90 % of ${r.uncertainty.draws} Monte Carlo draws)`,
            )
            io.out(
              renderTable(
                [
                  zh ? '排名' : 'rank',
                  zh ? '地区' : 'region',
                  zh ? '得分' : 'score',
                  zh ? '排名区间' : 'rank interval',
                  ...dims.map((d) => (zh ? d.name : d.id)),
                  zh ? '说明' : 'notes',
                ],
                r.results.map((x) => [
                  String(x.rank),
                  x.regionName,
                  x.score.toFixed(3),
                  `${x.rankLow}–${x.rankHigh}`,
                  ...dims.map((d) => x.dimensions[d.id]?.toFixed(2) ?? '—'),
                  x.notes.length ? (zh ? `插补/旧值 ${x.notes.length}` : `${x.notes.length} imputed/older`) : '',
                ]),
                [false, false, true, false],
              ),
            )
            if (r.excluded.length)
              io.out((zh ? '未参评（数据缺失过多）：' : 'Not ranked (too much missing): ') + r.excluded.map((e) => `${e.name}（${e.missing.join(', ')}）`).join('；'))
            io.out(
              zh
                ? `所用指标（${r.indicators.length} 个，覆盖 ${r.adequacy.total} 个维度中的 ${r.adequacy.covered} 个）：${r.indicators.map((i) => `${i.name} ${(i.weight * 100).toFixed(1)}%`).join('，')}`
                : `Indicators used (${r.indicators.length}, covering ${r.adequacy.covered} of ${r.adequacy.total} dimensions): ${r.indicators.map((i) => `${i.nameEn} ${(i.weight * 100).toFixed(1)} %`).join(', ')}`,
            )
            if (!r.adequacy.adequate)
              io.out(
                zh
                  ? `注意：本年指数只覆盖 ${r.adequacy.covered} 个维度（至少需要 ${r.adequacy.minDimensions} 个），不能视为综合发展水平${r.latestAdequateYear !== null ? `；数据足够的最近年份为 ${r.latestAdequateYear} 年` : ''}`
                  : `Note: this year's index covers only ${r.adequacy.covered} dimensions (${r.adequacy.minDimensions} needed) and is not a development index${r.latestAdequateYear !== null ? `; the latest year with enough data is ${r.latestAdequateYear}` : ''}`,
              )
            if (r.leftOutIndicators.length)
              io.out(
                (zh ? '覆盖率不足而未用的指标：' : 'Left out for low coverage: ') +
                  r.leftOutIndicators
                    .map((i) => (zh ? `${i.name}（${i.regions} 个地区有数据，至少需要 ${i.needed} 个）` : `${i.nameEn} (${i.regions} regions have data, ${i.needed} needed)`))
                    .join(zh ? '；' : '; '),
              )
            if (r.imputedCells.length)
              io.out(
                (zh ? '插补的数值（参评地区均值）：' : 'Imputed cells (mean of the ranked regions): ') +
                  r.imputedCells.map((c) => `${c.regionName}/${r.indicators.find((i) => i.id === c.indicator)?.[zh ? 'name' : 'nameEn'] ?? c.indicator}`).join(zh ? '、' : ', '),
              )
            if (r.uncertainty.sensitivity) {
              const s = r.uncertainty.sensitivity
              io.out(
                (zh ? '各选择对排名的影响（一阶敏感度）：' : 'Influence of each choice on the ranks (first-order): ') +
                  Object.entries(s)
                    .map(([k, v]) => `${k} ${v.firstOrder === null ? '—' : v.firstOrder.toFixed(2)}`)
                    .join('，'),
              )
            }
            return 0
          } finally {
            await ctx.close()
          }
        }),
    )
}
