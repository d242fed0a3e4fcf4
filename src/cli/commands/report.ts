/** urbmon report: the annual, mid-term and final reports as editable DOCX or self-contained HTML. */
import { writeFileSync } from 'node:fs'

import type { Command } from 'commander'

import { parseYear } from '../../core/period.js'
import type { CliIO } from '../io.js'
import { run, usageError } from '../run.js'

const KINDS = ['annual', 'midterm', 'final'] as const

export function registerReport(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('report')
    .description('生成年度监测、中期评估、总结评估报告（DOCX 可编辑 / HTML）· generate reports')
    .requiredOption('--kind <kind>', KINDS.join('|'))
    .option('--year <year>', 'evaluation year (default: 2023 for midterm, 2025 for final, last year for annual)')
    .requiredOption('--out <file>', 'FILE.docx or FILE.html (the data annex is written beside it as FILE.data.xlsx)')
    .option('--report-lang <lang>', 'zh|en (default: --lang)')
    .action((opts: { kind: string; year?: string; out: string; reportLang?: string }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!KINDS.includes(opts.kind as (typeof KINDS)[number])) throw usageError({ option: '--kind', value: String(opts.kind) })
        const kind = opts.kind as (typeof KINDS)[number]
        // The renderers (docx, echarts, resvg) load only when a report is asked for.
        const [{ renderReport, reportFormat }, { openContext }] = await Promise.all([import('../../app/report.js'), import('../../app/context.js')])
        const format = reportFormat(opts.out)
        const ctx = await openContext(g.target)
        try {
          const planYear = (id: string) => ctx.plan.milestones.find((m) => m.kind === id)?.year
          const year = opts.year
            ? parseYear(opts.year)
            : kind === 'midterm'
              ? planYear('midterm_evaluation')
              : kind === 'final'
                ? planYear('final_evaluation')
                : io.now().getUTCFullYear() - 1
          if (year === undefined) throw usageError({ option: '--year', value: String(opts.year) })
          const lang = opts.reportLang === 'en' ? 'en' : opts.reportLang === 'zh' ? 'zh' : g.lang
          const { body, annex } = await renderReport(ctx, { kind, year, lang, format, now: io.now() })
          writeFileSync(opts.out, body)
          const annexFile = opts.out.replace(/\.(docx|html?)$/i, '.data.xlsx')
          writeFileSync(annexFile, annex)
          io.out(
            g.lang === 'zh'
              ? `已生成 ${opts.out}（${year} 年${kind === 'annual' ? '年度监测' : kind === 'midterm' ? '中期评估' : '总结评估'}报告）及数据附表 ${annexFile}`
              : `Wrote ${opts.out} (${kind} report for ${year}) and the data annex ${annexFile}`,
          )
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}
