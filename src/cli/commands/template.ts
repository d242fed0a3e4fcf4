/** template: a data template to fill in (the same file GET /api/templates gives). */
import { writeFileSync } from 'node:fs'

import type { Command } from 'commander'

import type { CliIO } from '../io.js'
import { run } from '../run.js'

export function registerTemplate(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('template')
    .description('数据填报模板 · a data template: regions × the indicators of a chapter or a list × one year')
    .requiredOption('--year <year>', 'the year to report')
    .option('--section <id>', 'plan chapter or section (二, 二(三))')
    .option('--indicators <ids>', 'indicator ids, names or aliases, comma-separated')
    .option('--regions <names>', 'regions, comma-separated (default: the province and its cities)')
    .option('--format <format>', 'xlsx|csv', 'xlsx')
    .requiredOption('--out <file>', 'output file')
    .action((opts: Record<string, unknown>, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const [{ openContext }, { buildTemplate }] = await Promise.all([import('../../app/context.js'), import('../../app/templates.js')])
        const ctx = await openContext(g.target)
        try {
          const str = (k: string) => (typeof opts[k] === 'string' ? opts[k] : undefined)
          // The command line runs with the operator's rights: any region.
          const operator = { id: 0, username: 'cli', displayName: 'cli', role: 'admin' as const, regions: [], department: null, disabled: false }
          const t = await buildTemplate(ctx, operator, {
            format: str('format') ?? 'xlsx',
            year: str('year') ?? '',
            section: str('section'),
            indicators: str('indicators'),
            regions: str('regions'),
          })
          writeFileSync(String(opts.out), t.body)
          io.out(g.lang === 'zh' ? `已写出填报模板 ${String(opts.out)}` : `Template written to ${String(opts.out)}`)
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
}
