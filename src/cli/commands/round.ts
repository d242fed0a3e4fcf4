/** round list|show|open|phase|progress|self|review|rate|consolidated — evaluation rounds (issue 16) from the command line. */
import type { Command } from 'commander'

import type { Context } from '../../app/context.js'
import type { RoundService } from '../../app/rounds.js'
import type { User } from '../../app/users.js'
import type { Actor } from '../../app/workflow.js'
import type { RoundView } from '../../contract/rounds.js'
import { AppError } from '../../core/errors.js'
import type { StoreTarget } from '../../store/open-store.js'
import { cliUser, type CliIO } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

type Kind = 'target' | 'task'
const PHASES = ['draft', 'self_evaluation', 'third_party_review', 'consolidation', 'closed'] as const
type Phase = (typeof PHASES)[number]
const STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing', 'no_data'] as const
type Status = (typeof STATUSES)[number]

/** The CLI acts as an admin (whoever runs it operates the server), named cli:<user> in the audit log. */
function cliActor(io: CliIO): Actor {
  const user: User = { id: 0, username: cliUser(io.env), displayName: 'CLI', role: 'admin', regions: [], department: null, disabled: false }
  return { user, at: io.now().toISOString(), origin: 'cli' }
}

async function withRounds<T>(target: StoreTarget, fn: (rounds: RoundService, ctx: Context) => Promise<T>): Promise<T> {
  const [{ openContext }, { RoundService }] = await Promise.all([import('../../app/context.js'), import('../../app/rounds.js')])
  const ctx = await openContext(target)
  try {
    return await fn(new RoundService(ctx), ctx)
  } finally {
    await ctx.close()
  }
}

const int = (option: string, raw: string | undefined): number => {
  const n = Number(raw)
  if (raw === undefined || !Number.isInteger(n)) throw usageError({ option, value: String(raw) })
  return n
}
const kindOf = (raw: string): Kind => {
  if (raw !== 'target' && raw !== 'task') throw usageError({ option: '<kind>', value: raw })
  return raw
}
const statusOf = (option: string, raw: string | undefined): Status => {
  if (!STATUSES.includes(raw as Status)) throw usageError({ option, value: String(raw) })
  return raw as Status
}
const list = (raw: string | undefined) =>
  raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)

function renderRounds(rounds: ReadonlyArray<RoundView>, zh: boolean): string {
  return renderTable(
    zh ? ['编号', '类型', '年份', '标题', '阶段', '地区', '版本'] : ['id', 'kind', 'year', 'title', 'phase', 'regions', 'version'],
    rounds.map((r) => [String(r.id), r.kind, String(r.year), zh ? r.title : r.titleEn || r.title, r.phase, String(r.regions.length), String(r.version)]),
  )
}

export function registerRound(program: Command, io: CliIO, exit: { code: number }): void {
  const round = program.command('round').description('评估轮次：自评估、第三方评估、汇总 · evaluation rounds: self-evaluation, third-party review, consolidation')
  const out = (json: boolean | undefined, value: unknown, text: () => string) => io.out(json ? JSON.stringify(value, null, 2) : text())
  const actor = () => cliActor(io)

  round
    .command('list')
    .description('评估轮次列表 · the rounds')
    .option('--json', 'JSON')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withRounds(g.target, async (rounds) => {
          const all = await rounds.list(actor().user)
          out(opts.json, all, () => (all.length === 0 ? (g.lang === 'zh' ? '尚无评估轮次' : 'No rounds yet') : renderRounds(all, g.lang === 'zh')))
          return 0
        }),
      ),
    )

  round
    .command('show')
    .description('一个评估轮次及其事项 · one round with its items')
    .argument('<id>')
    .option('--region <code>', 'only this region’s items')
    .option('--json', 'JSON: { round, items }')
    .action((id: string, opts: { region?: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withRounds(g.target, async (rounds) => {
          const a = actor()
          const r = await rounds.get(a.user, int('<id>', id))
          const items = await rounds.items(a.user, r.id, opts.region, io.now())
          const zh = g.lang === 'zh'
          out(opts.json, { round: r, items }, () =>
            [
              renderRounds([r], zh),
              renderTable(
                zh
                  ? ['地区', '类型', '事项', '测算状态', '自评', '状态', '评定', '评分', '提示']
                  : ['region', 'kind', 'item', 'computed', 'self', 'state', 'rating', 'score', 'flag'],
                items.map((i) => [
                  i.region,
                  i.kind,
                  i.itemId,
                  i.computed.status ?? '—',
                  i.self?.status ?? '—',
                  i.self?.state ?? '—',
                  i.rating?.rating ?? '—',
                  i.rating ? String(i.rating.score) : '—',
                  i.flagged ? '⚑' : '',
                ]),
              ),
            ].join('\n'),
          )
          return 0
        }),
      ),
    )

  round
    .command('open')
    .description('新建评估轮次（草稿） · open a round (in draft)')
    .requiredOption('--kind <kind>', 'annual|midterm|final')
    .requiredOption('--year <year>', 'the year evaluated')
    .requiredOption('--title <text>', 'title')
    .option('--title-en <text>', 'English title')
    .requiredOption('--regions <list>', 'comma-separated region codes (a grouping stands for its members)')
    .option('--targets <list>', 'target ids (default: all that apply)')
    .option('--tasks <list>', 'task ids (default: all assigned)')
    .option('--self-deadline <date>', 'YYYY-MM-DD')
    .option('--review-deadline <date>', 'YYYY-MM-DD')
    .option('--consolidation-deadline <date>', 'YYYY-MM-DD')
    .option('--allow-late', 'accept self-evaluations after the deadline (marked late)')
    .option('--evaluator <user=regions>', 'an evaluator and its regions, e.g. eval1=320100,320300 (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--survey <id>', 'questionnaire id')
    .option('--json', 'JSON')
    .action(
      (
        opts: {
          kind: string
          year: string
          title: string
          titleEn?: string
          regions: string
          targets?: string
          tasks?: string
          selfDeadline?: string
          reviewDeadline?: string
          consolidationDeadline?: string
          allowLate?: boolean
          evaluator: string[]
          survey?: string
          json?: boolean
        },
        cmd: Command,
      ) =>
        run(io, exit, cmd, async (g) =>
          withRounds(g.target, async (rounds) => {
            if (!['annual', 'midterm', 'final'].includes(opts.kind)) throw usageError({ option: '--kind', value: opts.kind })
            const evaluators = opts.evaluator.map((e) => {
              const [username, regions] = e.split('=')
              if (!username || !regions) throw usageError({ option: '--evaluator', value: e })
              return { username, regions: list(regions) ?? [] }
            })
            const r = await rounds.create(actor(), {
              kind: opts.kind as 'annual' | 'midterm' | 'final',
              year: int('--year', opts.year),
              title: opts.title,
              titleEn: opts.titleEn ?? '',
              regions: list(opts.regions),
              ...(opts.targets ? { targets: list(opts.targets) } : {}),
              ...(opts.tasks ? { tasks: list(opts.tasks) } : {}),
              deadlines: { selfEvaluation: opts.selfDeadline ?? null, thirdPartyReview: opts.reviewDeadline ?? null, consolidation: opts.consolidationDeadline ?? null },
              allowLate: opts.allowLate === true,
              evaluators,
              survey: opts.survey ?? null,
            })
            out(opts.json, r, () => (g.lang === 'zh' ? `已新建评估轮次 ${r.id}（草稿）` : `Opened round ${r.id} (draft)`))
            return 0
          }),
        ),
    )

  round
    .command('phase')
    .description('推进阶段，或（附理由）重新开启已关闭的轮次 · move a round one phase on, or reopen a closed one with a reason')
    .argument('<id>')
    .argument('<to>', PHASES.join('|'))
    .option('--reason <text>', 'why (required to reopen)')
    .option('--json', 'JSON')
    .action((id: string, to: string, opts: { reason?: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withRounds(g.target, async (rounds) => {
          if (!PHASES.includes(to as Phase)) throw usageError({ option: '<to>', value: to })
          const a = actor()
          const before = await rounds.get(a.user, int('<id>', id))
          const r = await rounds.phase(a, before.id, to as Phase, opts.reason, before.version)
          out(opts.json, r, () => (g.lang === 'zh' ? `评估轮次 ${r.id} 现处于 ${r.phase} 阶段` : `Round ${r.id} is now in phase ${r.phase}`))
          return 0
        }),
      ),
    )

  round
    .command('progress')
    .description('进度看板 · the progress board')
    .argument('<id>')
    .option('--json', 'JSON')
    .action((id: string, opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withRounds(g.target, async (rounds) => {
          const rows = await rounds.progress(actor().user, int('<id>', id), io.now())
          const zh = g.lang === 'zh'
          out(opts.json, rows, () =>
            renderTable(
              zh
                ? ['地区', '事项', '草稿', '已提交', '已通过', '已退回', '已评定', '逾期提交', '超期未交']
                : ['region', 'items', 'drafted', 'submitted', 'accepted', 'returned', 'rated', 'late', 'overdue'],
              rows.map((r) => [zh ? r.name : r.nameEn, ...[r.items, r.drafted, r.submitted, r.accepted, r.returned, r.rated, r.late].map(String), r.overdue ? '!' : '']),
            ),
          )
          return 0
        }),
      ),
    )

  round
    .command('self')
    .description('保存一项自评估（草稿），或 --submit 提交该地区的全部草稿 · save an item’s self-evaluation (draft), or --submit the region’s drafts')
    .argument('<id>')
    .argument('<region>')
    .argument('[kind]', 'target|task')
    .argument('[item]', 'target or task id')
    .option('--status <status>', STATUSES.join('|'))
    .option('--narrative <text>', 'narrative')
    .option('--citations <ids>', 'observation ids, comma-separated')
    .option('--version <n>', 'the version you saw (0: none)', '0')
    .option('--submit', 'submit every drafted item of the region')
    .option('--json', 'JSON')
    .action(
      (
        id: string,
        region: string,
        kind: string | undefined,
        item: string | undefined,
        opts: { status?: string; narrative?: string; citations?: string; version: string; submit?: boolean; json?: boolean },
        cmd: Command,
      ) =>
        run(io, exit, cmd, async (g) =>
          withRounds(g.target, async (rounds) => {
            if (opts.submit) {
              const r = await rounds.submit(actor(), int('<id>', id), region, io.now())
              out(opts.json, r, () => (g.lang === 'zh' ? `已提交 ${r.submitted} 项` : `Submitted ${r.submitted} item(s)`))
              return 0
            }
            if (kind === undefined || item === undefined) throw usageError({ option: '<kind> <item>', value: '' })
            const v = await rounds.saveSelf(
              actor(),
              int('<id>', id),
              region,
              kindOf(kind),
              item,
              {
                status: statusOf('--status', opts.status),
                narrative: opts.narrative ?? '',
                citations: (list(opts.citations) ?? []).map((c) => int('--citations', c)),
                version: int('--version', opts.version),
              },
              io.now(),
            )
            out(opts.json, v, () => (g.lang === 'zh' ? `已保存第 ${v.self?.version ?? 0} 版` : `Saved version ${v.self?.version ?? 0}`))
            return 0
          }),
        ),
    )

  round
    .command('review')
    .description('审核一项自评估：通过或退回 · accept or return an item')
    .argument('<id>')
    .argument('<region>')
    .argument('<kind>', 'target|task')
    .argument('<item>')
    .argument('<decision>', 'accept|return')
    .option('--comment <text>', 'required to return')
    .option('--json', 'JSON')
    .action((id: string, region: string, kind: string, item: string, decision: string, opts: { comment?: string; json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withRounds(g.target, async (rounds) => {
          if (decision !== 'accept' && decision !== 'return') throw usageError({ option: '<decision>', value: decision })
          const v = await rounds.review(actor(), int('<id>', id), region, kindOf(kind), item, decision, opts.comment, io.now())
          out(opts.json, v, () => `${item}: ${v.self?.state ?? ''}`)
          return 0
        }),
      ),
    )

  round
    .command('rate')
    .description('录入第三方评估员的评定（以该评估员身份） · record an evaluator’s rating, as that evaluator')
    .argument('<id>')
    .argument('<region>')
    .argument('<kind>', 'target|task')
    .argument('<item>')
    .requiredOption('--as <username>', 'the evaluator account (assigned to the round and region)')
    .requiredOption('--rating <status>', STATUSES.join('|'))
    .requiredOption('--score <n>', 'within the round’s scale')
    .option('--findings <text>', 'findings')
    .option('--recommendations <text>', 'recommendations')
    .option('--version <n>', 'the version you saw (0: none)', '0')
    .option('--json', 'JSON')
    .action(
      (
        id: string,
        region: string,
        kind: string,
        item: string,
        opts: { as: string; rating: string; score: string; findings?: string; recommendations?: string; version: string; json?: boolean },
        cmd: Command,
      ) =>
        run(io, exit, cmd, async (g) =>
          withRounds(g.target, async (rounds, ctx) => {
            const user = await ctx.users.get(opts.as)
            if (!user || user.disabled) throw new AppError('auth.forbidden', { role: user ? 'disabled' : 'none' })
            const score = Number(opts.score)
            if (!Number.isFinite(score)) throw usageError({ option: '--score', value: opts.score })
            const v = await rounds.rate(
              { user, at: io.now().toISOString(), origin: 'cli' },
              int('<id>', id),
              region,
              kindOf(kind),
              item,
              { rating: statusOf('--rating', opts.rating), score, findings: opts.findings, recommendations: opts.recommendations, version: int('--version', opts.version) },
              io.now(),
            )
            out(opts.json, v, () =>
              g.lang === 'zh'
                ? `已保存评定第 ${v.rating?.version ?? 0} 版${v.flagged ? '（自评高于测算，已标记）' : ''}`
                : `Saved rating version ${v.rating?.version ?? 0}${v.flagged ? ' (self-rating better than computed: flagged)' : ''}`,
            )
            return 0
          }),
        ),
    )

  round
    .command('consolidated')
    .description('汇总结果 · the consolidated round')
    .argument('<id>')
    .option('--json', 'JSON (ConsolidatedRound)')
    .action((id: string, opts: { json?: boolean }, cmd: Command) =>
      run(io, exit, cmd, async (g) =>
        withRounds(g.target, async (rounds) => {
          const c = await rounds.consolidated(actor().user, int('<id>', id), io.now())
          const zh = g.lang === 'zh'
          out(opts.json, c, () =>
            renderTable(
              zh ? ['目标', '测算状态', '地区', '自评', '评定', '评分', '提示'] : ['target', 'computed', 'region', 'self', 'rating', 'score', 'flag'],
              c.targets.flatMap((t) =>
                t.cities.map((x) => [t.id, t.computed.status ?? '—', x.region, x.self ?? '—', x.rating ?? '—', x.score === null ? '—' : String(x.score), x.flagged ? '⚑' : '']),
              ),
            ),
          )
          return 0
        }),
      ),
    )
}
