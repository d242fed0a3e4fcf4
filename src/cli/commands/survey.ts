/**
 * survey list / results / import: the public satisfaction survey's questionnaires, results per city and dimension
 * (mean, 95 % t interval, n; only the count below the minimum sample), and the import of a survey run elsewhere
 * (CSV/XLSX, all or nothing, audited as one entry by cli:<user>).
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

import type { Command } from 'commander'

import type { Context } from '../../app/context.js'
import type { User } from '../../app/ports/user-repository.js'
import type { Actor } from '../../app/workflow.js'
import { AppError } from '../../core/errors.js'
import type { StoreTarget } from '../../store/open-store.js'
import { cliUser, type CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

/** The CLI operates the store and acts as an admin, named cli:<user> in the audit log. */
function cliActor(io: CliIO): Actor {
  const user: User = { id: 0, username: cliUser(io.env), displayName: 'CLI', role: 'admin', regions: [], department: null, disabled: false }
  return { user, at: io.now().toISOString(), origin: 'cli' }
}

type Surveys = typeof import('../../app/surveys.js')

async function withContext<T>(target: StoreTarget, fn: (ctx: Context, surveys: Surveys) => Promise<T>): Promise<T> {
  const [{ openContext }, surveys] = await Promise.all([import('../../app/context.js'), import('../../app/surveys.js')])
  const ctx = await openContext(target)
  try {
    return await fn(ctx, surveys)
  } finally {
    await ctx.close()
  }
}

const fixed = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits))

export function registerSurvey(program: Command, io: CliIO, exit: { code: number }): void {
  const survey = program.command('survey').description('社会满意度调查 · the public satisfaction survey')
  survey
    .command('list')
    .description('问卷及各地回答数 · the questionnaires and their responses per region')
    .option('--json', 'JSON')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx, s) => {
          const service = new s.SurveyService(ctx)
          const list = await Promise.all(service.list().map(async (q) => ({ ...q, counts: await service.counts(q.id) })))
          if (opts.json) io.out(JSON.stringify(list, null, 2))
          else {
            const zh = g.lang === 'zh'
            for (const q of list) {
              const total = q.counts.reduce((a, c) => a + c.n, 0)
              io.out(
                `${q.id} · ${zh ? q.name : q.nameEn} · ${zh ? `${q.questions} 题，最少样本 ${q.minSample}，共 ${total} 份` : `${q.questions} questions, minimum sample ${q.minSample}, ${total} responses`}`,
              )
              if (q.counts.length)
                io.out(
                  renderTable(
                    zh ? ['地区', '回答数', '显示结果'] : ['region', 'responses', 'shown'],
                    q.counts.map((c) => [zh ? c.name : c.nameEn, String(c.n), c.shown ? '✓' : '—']),
                  ),
                )
            }
          }
          return 0
        }),
      ),
    )
  survey
    .command('results')
    .description('各市各维度满意度：均值、95% 置信区间、样本量 · results per city and dimension')
    .argument('<questionnaire>', 'questionnaire id, e.g. jiangsu-satisfaction')
    .option('--region <code>', 'one city or county')
    .option('--round <id>', 'the responses of one evaluation round')
    .option('--json', 'JSON (DimensionResult[])')
    .action((id: string, opts: { region?: string; round?: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx, s) => {
          if (opts.round !== undefined && !/^\d{1,9}$/.test(opts.round)) throw usageError({ option: '--round', value: opts.round })
          const service = new s.SurveyService(ctx)
          const q = service.get(id)
          const rows = await service.results(id, { region: opts.region, ...(opts.round !== undefined ? { round: Number(opts.round) } : {}) })
          if (opts.json) {
            io.out(JSON.stringify(rows, null, 2))
            return 0
          }
          const zh = g.lang === 'zh'
          const regionName = (code: string) => (zh ? ctx.regions.get(code)?.name : ctx.regions.get(code)?.nameEn) ?? code
          const dimName = (d: string) => {
            const x = q.dimensions.find((y) => y.id === d)
            return (zh ? x?.name : x?.nameEn) ?? d
          }
          io.out(
            renderTable(
              zh ? ['地区', '维度', 'n', '均值', '95% 区间', '得分（0–100）'] : ['region', 'dimension', 'n', 'mean', '95 % interval', 'score (0–100)'],
              rows.map((r) => [
                regionName(r.region),
                dimName(r.dimension),
                String(r.n),
                r.shown ? fixed(r.mean) : zh ? `样本不足（至少 ${q.minSample}）` : `too few (at least ${q.minSample})`,
                r.shown ? `${fixed(r.ciLow)}–${fixed(r.ciHigh)}` : '—',
                r.shown ? fixed(r.score, 1) : '—',
              ]),
            ),
          )
          return 0
        }),
      ),
    )
  survey
    .command('import')
    .description('导入在别处开展的调查结果（CSV/XLSX，每行一份回答；有错误则全部不导入） · import a survey run elsewhere (all or nothing)')
    .argument('<questionnaire>', 'questionnaire id')
    .argument('<file>', 'CSV or XLSX: a region column (region or 地区) and one column per question id')
    .option('--round <id>', 'the evaluation round the responses belong to (it must be the open round of the questionnaire)')
    .option('--dry-run', 'check only, write nothing')
    .action((id: string, file: string, opts: { round?: string; dryRun?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withContext(g.target, async (ctx, s) => {
          if (opts.round !== undefined && !/^\d{1,9}$/.test(opts.round)) throw usageError({ option: '--round', value: opts.round })
          let bytes: Buffer
          try {
            bytes = readFileSync(file)
          } catch (e) {
            throw new AppError('file.not_found', { file }, { cause: e })
          }
          const [{ readInput }, { formatProblem }] = await Promise.all([import('../../ingest/read-input.js'), import('../../i18n/t.js')])
          const service = new s.SurveyService(ctx)
          try {
            const r = await service.import(cliActor(io), id, { bytes, name: basename(file) }, (b, name, sheet) => readInput(b, name, sheet), {
              ...(opts.round !== undefined ? { round: Number(opts.round) } : {}),
              dryRun: opts.dryRun === true,
            })
            const per = Object.entries(r.regions)
              .map(([code, n]) => `${(g.lang === 'zh' ? ctx.regions.get(code)?.name : ctx.regions.get(code)?.nameEn) ?? code} ${n}`)
              .join(g.lang === 'zh' ? '，' : ', ')
            const n = Object.values(r.regions).reduce((a, b) => a + b, 0)
            io.out(
              g.lang === 'zh'
                ? `${r.dryRun ? '检查通过（未写入）' : '已导入'} ${n} 份回答：${per}`
                : `${r.dryRun ? 'Checked, nothing written:' : 'Imported'} ${n} responses: ${per}`,
            )
            return 0
          } catch (e) {
            if (!(e instanceof s.SurveyImportError)) throw e
            for (const p of e.problems) io.err(formatProblem(g.lang, p))
            io.err(formatProblem(g.lang, { severity: 'error', code: e.code, params: e.params, location: {} }))
            return 1
          }
        }),
      ),
    )
}
