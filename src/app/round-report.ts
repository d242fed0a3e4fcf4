/**
 * The consolidated report of an evaluation round (issue 16) as DOCX or HTML: the round's consolidated view
 * (what `GET /api/rounds/{id}/consolidated` answers) with the plan's names, through the same spec → renderer path
 * as the annual, mid-term and final reports.
 *
 * Who may read it: while the round is open, whoever may read its consolidated view (the rounds service decides:
 * admins, reviewers, viewers and the evaluators assigned to the round; reporters are refused, since it shows every
 * city's self-evaluation before the round is decided). Once the round is closed the report is published, as the
 * report library's published reports are: anyone may download it, without an account; reopening the round takes it
 * back.
 * @module
 */
import type { ConsolidatedRound } from '../contract/rounds.js'
import { AppError } from '../core/errors.js'
import { buildRoundReport, type ConsolidatedRoundData, type RoundReportNames } from '../reports/round-report.js'
import type { ReportSpec } from '../reports/report-spec.js'
import type { Context } from './context.js'
import type { User } from './ports/user-repository.js'

export const ROUND_REPORT_CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
} as const

/** A closed round's report is published: anyone may read it, as a published library report. */
export function roundReportIsPublic(round: { readonly phase: string }): boolean {
  return round.phase === 'closed'
}

/** Names of the plan's regions, indicators, targets and tasks, as the report shows them. */
export function roundReportNames(ctx: Pick<Context, 'plan' | 'regions' | 'indicators'>): RoundReportNames {
  const { plan } = ctx
  const targets = new Map(plan.targets.map((t) => [t.id, t]))
  const tasks = new Map(plan.tasks.map((t) => [t.id, t]))
  return {
    planTitle: plan.title,
    planTitleEn: plan.titleEn,
    region: (code) => ctx.regions.get(code),
    indicator: (id) => ctx.indicators.get(id),
    item: (kind, id) => {
      if (kind === 'task') {
        const t = tasks.get(id)
        return t ? { name: t.title, nameEn: t.titleEn } : undefined
      }
      return targets.get(id)
    },
    targetCell: (id) => {
      const t = targets.get(id)
      if (t === undefined || !('indicator' in t)) return undefined
      return { indicator: t.indicator, region: 'region' in t ? t.region : plan.scope }
    },
  }
}

export interface RoundReportRequest {
  readonly format: 'docx' | 'html'
  readonly lang: 'zh' | 'en'
  readonly now: Date
}

export function roundReportSpec(ctx: Pick<Context, 'plan' | 'regions' | 'indicators'>, consolidated: ConsolidatedRound, req: Omit<RoundReportRequest, 'format'>): ReportSpec {
  // The contract's reply is the builder's input: a change to either shape is a compile error here.
  const data: ConsolidatedRoundData = consolidated
  return buildRoundReport({ lang: req.lang, consolidated: data, names: roundReportNames(ctx), generatedAt: req.now.toISOString() })
}

/** The report's bytes (DOCX) or text (HTML) and the file name to download it as. */
export async function renderRoundReport(
  ctx: Pick<Context, 'plan' | 'regions' | 'indicators'>,
  consolidated: ConsolidatedRound,
  req: RoundReportRequest,
): Promise<{ body: Uint8Array | string; fileName: string; contentType: string }> {
  const spec = roundReportSpec(ctx, consolidated, req)
  const r = consolidated.round
  const fileName = `urbmon-round-${r.id}-${r.kind}-${r.year}${req.lang === 'en' ? '-en' : ''}.${req.format}`
  const contentType = ROUND_REPORT_CONTENT_TYPES[req.format]
  if (req.format === 'html') {
    const { renderHtml } = await import('../reports/render-html.js')
    return { body: renderHtml(spec), fileName, contentType }
  }
  const { renderDocx } = await import('../reports/render-docx.js')
  return { body: await renderDocx(spec), fileName, contentType }
}

/**
 * The consolidated round a report is built from. Open round: the rounds service's own reading rule for the
 * consolidated view. Closed round: published, read on behalf of the public (a read-only reader of everything, as
 * the service's viewers are; it writes nothing and is never a session).
 */
/** What the report needs of the rounds service (src/app/rounds.ts, RoundService): the consolidated view with its reading rule. */
export interface ConsolidatedReader {
  consolidated(who: User | undefined, id: number, now: Date): Promise<ConsolidatedRound>
}

export async function consolidatedForReport(
  ctx: Pick<Context, 'rounds'>,
  rounds: ConsolidatedReader,
  who: User | undefined,
  id: number,
  now: Date,
): Promise<{ consolidated: ConsolidatedRound; published: boolean }> {
  const round = await ctx.rounds.get(id)
  if (round === undefined) throw new AppError('round.not_found', { id: String(id) })
  if (!roundReportIsPublic(round)) return { consolidated: await rounds.consolidated(who, id, now), published: false }
  return { consolidated: await rounds.consolidated(PUBLIC_READER, id, now), published: true }
}

const PUBLIC_READER: User = { id: 0, username: '(public)', displayName: '(public)', role: 'viewer', regions: [], department: null, disabled: false }
