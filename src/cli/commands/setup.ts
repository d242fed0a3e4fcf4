/** init, plan check, regions, indicators. */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import type { Command } from 'commander'

import { BUNDLED_DATA, DEFAULT_PLAN } from '../../app/paths.js'
import { AppError } from '../../core/errors.js'
import { formatProblemBilingual } from '../../i18n/t.js'
import type { StoreTarget } from '../../store/open-store.js'
import { cliUser, type CliIO } from '../io.js'
import { run } from '../run.js'
import { renderTable } from '../text-table.js'
import { renderImportReport } from './import.js'
import { passwordFrom } from './users.js'

async function readManifest() {
  const [{ z }, { parse: parseYaml }] = await Promise.all([import('zod'), import('yaml')])
  const manifestSchema = z.object({
    /** The source registry (grades), loaded before the figures. */
    sources: z.string().optional(),
    files: z.array(
      z
        .object({
          file: z.string(),
          layout: z.enum(['long', 'wide', 'yearbook']).optional(),
          source: z.string().optional(),
          summaryMismatch: z.enum(['error', 'warning']).optional(),
        })
        .strict(),
    ),
  })
  return manifestSchema.parse(parseYaml(readFileSync(resolve(BUNDLED_DATA, 'manifest.yaml'), 'utf8')))
}

/** Creates the store, loads the plan and regions, and (unless told not to) the bundled real data. */
export interface InitOptions {
  readonly withData: boolean
  readonly admin?: string
  readonly adminPasswordStdin?: boolean
}

export async function initStore(io: CliIO, target: StoreTarget, planFile: string, options: InitOptions, lang: 'zh' | 'en'): Promise<number> {
  const [{ openContext, openStore, savePlan }, { importFiles }, { loadPlanFiles }, { describeTarget }] = await Promise.all([
    import('../../app/context.js'),
    import('../../app/import-files.js'),
    import('../../app/plan-files.js'),
    import('../../store/open-store.js'),
  ])
  const withData = options.withData
  const dbPath = describeTarget(target)
  const loaded = loadPlanFiles(planFile)
  if (!loaded.ok) {
    for (const p of loaded.error) io.err(formatProblemBilingual(p))
    return 1
  }
  const store = await openStore(target, true)
  try {
    await savePlan(store, loaded.value, io.now().toISOString())
  } finally {
    await store.close()
  }
  const p = loaded.value.plan
  io.out(
    lang === 'zh'
      ? `已初始化 ${dbPath}：规划《${p.title}》${p.version}，指标 ${p.indicators.length} 个，目标 ${p.targets.length} 个，任务 ${p.tasks.length} 项，地区 ${loaded.value.regions.regions.length + loaded.value.regions.groupings.length} 个`
      : `Initialised ${dbPath}: plan "${p.titleEn}" ${p.version}, ${p.indicators.length} indicators, ${p.targets.length} targets, ${p.tasks.length} tasks, ${loaded.value.regions.regions.length + loaded.value.regions.groupings.length} regions`,
  )
  await ensureFirstAdmin(io, target, options, lang)
  if (!withData) return 0
  const manifest = await readManifest()
  const ctx = await openContext(target)
  try {
    if (manifest.sources) {
      const { loadRegistryFile } = await import('../../app/sources.js')
      const r = await loadRegistryFile(ctx, resolve(BUNDLED_DATA, manifest.sources), cliUser(io.env), io.now().toISOString(), 'cli')
      io.out(
        lang === 'zh' ? `  ${manifest.sources}：来源等级 ${r.written} 个，主机规则 ${r.hosts} 条` : `  ${manifest.sources}: ${r.written} source grade(s), ${r.hosts} host rule(s)`,
      )
    }
    for (const entry of manifest.files) {
      const report = await importFiles(ctx, [resolve(BUNDLED_DATA, entry.file)], {
        ...(entry.layout ? { layout: entry.layout } : {}),
        ...(entry.source ? { source: entry.source } : {}),
        ...(entry.summaryMismatch ? { summaryMismatch: entry.summaryMismatch } : {}),
        status: 'published',
        by: cliUser(io.env),
        at: io.now().toISOString(),
      })
      if (!report.ok) {
        io.err(renderImportReport(report, lang))
        return 1
      }
      const f = report.files[0]
      if (f?.written) {
        io.out(
          lang === 'zh'
            ? `  ${f.file}：新增 ${f.written.created}，修订 ${f.written.updated}，未变 ${f.written.unchanged}，警告 ${f.warnings.length}`
            : `  ${f.file}: ${f.written.created} new, ${f.written.updated} revised, ${f.written.unchanged} unchanged, ${f.warnings.length} warning(s)`,
        )
      }
    }
  } finally {
    await ctx.close()
  }
  return 0
}

/** The first admin account, created once: its password read from standard input, or generated and printed once. */
async function ensureFirstAdmin(io: CliIO, target: StoreTarget, options: InitOptions, lang: 'zh' | 'en'): Promise<void> {
  const [{ openContext }, { UserService }] = await Promise.all([import('../../app/context.js'), import('../../app/users.js')])
  const ctx = await openContext(target)
  try {
    const users = new UserService(ctx, ctx.regions)
    if ((await users.list()).length > 0) return
    const username = options.admin ?? 'admin'
    const { password, generated } = await passwordFrom(io, options.adminPasswordStdin === true)
    await users.create({ username, password, role: 'admin', displayName: '系统管理员' }, cliUser(io.env), io.now().toISOString(), 'cli')
    io.out(lang === 'zh' ? `已创建管理员账号 ${username}` : `Created the admin account ${username}`)
    if (generated) io.out(lang === 'zh' ? `管理员初始密码（只显示这一次，请妥善保存）：${password}` : `Admin password (shown once, keep it safe): ${password}`)
  } finally {
    await ctx.close()
  }
}

export function registerSetup(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('init')
    .description('创建数据库，载入规划、地区和随附的真实数据 · create the store and load the plan, regions and bundled data')
    .option('--plan <file>', 'plan file', DEFAULT_PLAN)
    .option('--no-data', 'do not load the bundled data')
    .option('--admin <username>', 'name of the first admin account', 'admin')
    .option('--admin-password-stdin', 'read the first admin’s password from standard input (else one is generated and printed once)')
    .action((opts: { plan: string; data: boolean; admin: string; adminPasswordStdin?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        initStore(io, g.target, resolve(opts.plan), { withData: opts.data, admin: opts.admin, ...(opts.adminPasswordStdin ? { adminPasswordStdin: true } : {}) }, g.lang),
      ),
    )

  const plan = program.command('plan').description('规划文件 · plan files')
  plan
    .command('check')
    .description('校验规划文件 · validate a plan file (and the regions file it names)')
    .argument('<file>', 'plan file (YAML)')
    .action((file: string, _opts: unknown, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!existsSync(file)) throw new AppError('file.not_found', { file })
        const { loadPlanFiles } = await import('../../app/plan-files.js')
        const loaded = loadPlanFiles(resolve(file))
        if (!loaded.ok) {
          for (const p of loaded.error) io.err(formatProblemBilingual(p))
          io.err(g.lang === 'zh' ? `共 ${loaded.error.length} 个问题` : `${loaded.error.length} problem(s)`)
          return 1
        }
        const p = loaded.value.plan
        io.out(
          g.lang === 'zh'
            ? `规划文件有效：${p.title} ${p.version}（指标 ${p.indicators.length}，目标 ${p.targets.length}，任务 ${p.tasks.length}，校验规则 ${p.rules.length}）`
            : `Plan file is valid: ${p.titleEn} ${p.version} (${p.indicators.length} indicators, ${p.targets.length} targets, ${p.tasks.length} tasks, ${p.rules.length} rules)`,
        )
        return 0
      }),
    )

  const regions = program.command('regions').description('地区与分组 · regions and groupings')
  regions
    .command('list')
    .option('--json', 'JSON')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const { openContext } = await import('../../app/context.js')
        const ctx = await openContext(g.target)
        try {
          const all = ctx.regions.all
          if (opts.json) io.out(JSON.stringify(all, null, 2))
          else
            io.out(
              renderTable(
                ['code', '名称', 'English', 'level', 'parent / members'],
                all.map((r) => [r.code, r.name, r.nameEn, r.level, r.level === 'grouping' ? r.members.join(' ') : (r.parent ?? '')]),
              ),
            )
          return 0
        } finally {
          await ctx.close()
        }
      }),
    )
  regions
    .command('resolve')
    .description('识别地区名称 · resolve a region name as the importer would')
    .argument('<names...>')
    .action((names: string[], _o: unknown, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const [{ openContext }, { describeCandidates }] = await Promise.all([import('../../app/context.js'), import('../../regions/region-catalog.js')])
        const ctx = await openContext(g.target)
        try {
          let code = 0
          for (const name of names) {
            const r = ctx.regions.resolve(name)
            if (r.ok) io.out(`${name} → ${r.value.code} ${r.value.name} (${r.value.nameEn})`)
            else {
              code = 1
              const c = describeCandidates(ctx.regions, r.error.candidates)
              io.err(
                `${name} → ${r.error.kind === 'ambiguous' ? (g.lang === 'zh' ? `有歧义：${c}` : `ambiguous: ${c}`) : g.lang === 'zh' ? `无法识别${c ? `，是否是：${c}` : ''}` : `unknown${c ? `; did you mean: ${c}` : ''}`}`,
              )
            }
          }
          return code
        } finally {
          await ctx.close()
        }
      }),
    )

  program
    .command('indicators')
    .description('规划中的指标 · indicators of the plan')
    .option('--json', 'JSON')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const { openContext } = await import('../../app/context.js')
        const ctx = await openContext(g.target)
        try {
          if (opts.json) io.out(JSON.stringify(ctx.plan.indicators, null, 2))
          else {
            io.out(
              renderTable(
                ['id', g.lang === 'zh' ? '名称' : 'name', 'unit', 'direction', 'aggregation', 'formula'],
                ctx.plan.indicators.map((i) => [i.id, g.lang === 'zh' ? i.name : i.nameEn, i.unit, i.direction, i.aggregation, i.formula ?? '']),
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
