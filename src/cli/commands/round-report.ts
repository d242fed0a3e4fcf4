/** urbmon round report ID: the consolidated report of an evaluation round as editable DOCX or self-contained HTML. */
import { writeFileSync } from 'node:fs'

import type { Command } from 'commander'

import type { Context } from '../../app/context.js'
import type { User } from '../../app/ports/user-repository.js'
import type { ConsolidatedReader } from '../../app/round-report.js'
import { cliUser, type CliIO } from '../io.js'
import { run, usageError } from '../run.js'

const FORMATS = ['docx', 'html'] as const

/**
 * Adds `report` to the `round` command group (created here when the group is not registered yet). `reader` makes
 * the rounds service for an open context (main.ts: `(ctx) => await reader(ctx)`).
 */
export function registerRoundReport(program: Command, io: CliIO, exit: { code: number }, reader: (ctx: Context) => Promise<ConsolidatedReader>): void {
  const round = program.commands.find((c) => c.name() === 'round') ?? program.command('round').description('评估轮次 · evaluation rounds')
  round
    .command('report <id>')
    .description('评估轮次汇总报告（DOCX 可编辑 / HTML）· the consolidated report of a round')
    .requiredOption('--format <format>', FORMATS.join('|'))
    .requiredOption('--out <file>', 'the file to write')
    .option('--report-lang <lang>', 'zh|en (default: --lang)')
    .action((id: string, opts: { format: string; out: string; reportLang?: string }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!/^[1-9]\d{0,9}$/.test(id)) throw usageError({ option: 'id', value: id })
        const format = FORMATS.find((f) => f === opts.format)
        if (format === undefined) throw usageError({ option: '--format', value: String(opts.format) })
        if (opts.reportLang !== undefined && opts.reportLang !== 'zh' && opts.reportLang !== 'en') throw usageError({ option: '--report-lang', value: opts.reportLang })
        // The renderers (docx) load only when a report is asked for.
        const [{ consolidatedForReport, renderRoundReport }, { openContext }] = await Promise.all([import('../../app/round-report.js'), import('../../app/context.js')])
        const ctx = await openContext(g.target)
        try {
          const lang = opts.reportLang === 'en' ? 'en' : opts.reportLang === 'zh' ? 'zh' : g.lang
          const now = io.now()
          // The command line is the operator's, as the other commands are: it reads the round as an admin does.
          const operator: User = { id: 0, username: cliUser(io.env), displayName: 'CLI', role: 'admin', regions: [], department: null, disabled: false }
          const { consolidated } = await consolidatedForReport(ctx, await reader(ctx), operator, Number(id), now)
          const { body } = await renderRoundReport(ctx, consolidated, { format, lang, now })
          writeFileSync(opts.out, body)
          const r = consolidated.round
          io.out(g.lang === 'zh' ? `已生成 ${opts.out}（评估轮次 ${r.id}：${r.title}）` : `Wrote ${opts.out} (round ${r.id}: ${r.titleEn || r.title})`)
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}
