/**
 * Pieces the evaluation round pages share: the words for kinds, phases and states, a round's heading with its
 * links, region names, the deadline line, and a kind message for a version conflict.
 * @module
 */
import { ApiError, regionsReply, useApi } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { daysUntil, roundPath, type RoundPhase, type RoundView } from '../rounds'

export const useRoundWords = defineMessages(
  {
    k_annual: '年度评估',
    k_midterm: '中期评估',
    k_final: '总结评估',
    p_draft: '草拟',
    p_self_evaluation: '城市自评',
    p_third_party_review: '第三方评估',
    p_consolidation: '汇总',
    p_closed: '已关闭',
    s_draft: '草稿',
    s_submitted: '已提交',
    s_accepted: '已采纳',
    s_returned: '已退回',
    s_none: '未填写',
    allRounds: '← 全部评估轮次',
    admin: '轮次管理',
    consolidated: '汇总视图',
    deadline: '自评截止',
    noDeadline: '未设截止日期',
    daysLeft: '还剩 {0} 天',
    dueToday: '今天截止',
    overdue: '已逾期 {0} 天',
    lateAllowed: '（允许逾期提交，逾期者标记“逾期”）',
    lateRefused: '（截止后不再接受提交）',
    late: '⚠ 逾期',
    stale: '这一项在您编辑期间已被他人保存（现为第 {0} 版）。您的内容仍在下方；请点“载入最新版本”对照后再保存。',
    loadLatest: '载入最新版本',
    target: '目标',
    task: '任务',
    computed: '数据测算',
    self: '城市自评',
    rating: '评估结论',
    flagged: '⚑ 自评优于数据',
    flaggedHint: '城市自评的状态好于数据测算的状态，请重点核查。',
    closedNote: '本轮已关闭，所有内容只读。',
  },
  {
    k_annual: 'Annual evaluation',
    k_midterm: 'Mid-term evaluation',
    k_final: 'Final evaluation',
    p_draft: 'Draft',
    p_self_evaluation: 'Self-evaluation',
    p_third_party_review: 'Third-party review',
    p_consolidation: 'Consolidation',
    p_closed: 'Closed',
    s_draft: 'Draft',
    s_submitted: 'Submitted',
    s_accepted: 'Accepted',
    s_returned: 'Returned',
    s_none: 'Not started',
    allRounds: '← All rounds',
    admin: 'Round administration',
    consolidated: 'Consolidated view',
    deadline: 'Self-evaluation due',
    noDeadline: 'No deadline set',
    daysLeft: '{0} day(s) left',
    dueToday: 'Due today',
    overdue: 'Overdue by {0} day(s)',
    lateAllowed: '(late submissions are accepted and marked late)',
    lateRefused: '(nothing is accepted after the deadline)',
    late: '⚠ Late',
    stale: 'Someone else saved this item while you were editing (it is now version {0}). Your text is still below; press “Load the latest version” to compare before saving again.',
    loadLatest: 'Load the latest version',
    target: 'Target',
    task: 'Task',
    computed: 'From the data',
    self: 'City self-rating',
    rating: 'Evaluator rating',
    flagged: '⚑ Self-rating better than the data',
    flaggedHint: 'The city rates itself better than the data do: check this item first.',
    closedNote: 'This round is closed: everything is read-only.',
  },
)
export type RoundWords = ReturnType<typeof useRoundWords>

/** Late and overdue are said in words (and ⚠); the colour only repeats it. */
export const LATE = { color: '#a11' } as const

export const phaseWord = (w: RoundWords, p: RoundPhase): string => w(`p_${p}`)
export const kindWord = (w: RoundWords, k: RoundView['kind']): string => w(`k_${k}`)

/** Region code → name in the page's language (the code itself until the list has loaded). */
export function useRegionName(): (code: string) => string {
  const { pick } = useI18n()
  const regions = useApi('/api/regions', regionsReply)
  const byCode = new Map((regions.data ?? []).map((r) => [r.code, r]))
  return (code) => {
    const r = byCode.get(code)
    return r ? pick(r.name, r.nameEn) : code
  }
}

/** The self-evaluation deadline with the days left or overdue, and whether late work is accepted. */
export function DeadlineLine({ round, w }: { round: RoundView; w: RoundWords }) {
  const due = round.deadlines.selfEvaluation
  if (due === null) return <span className="muted">{w('noDeadline')}</span>
  const left = daysUntil(due)
  const open = round.phase === 'draft' || round.phase === 'self_evaluation'
  return (
    <span data-testid="round-deadline">
      {w('deadline')}: {due}{' '}
      {open && (
        <span style={left < 0 ? LATE : undefined} className={left < 0 ? undefined : 'muted'}>
          ({left > 0 ? w('daysLeft', left) : left === 0 ? w('dueToday') : w('overdue', -left)})
        </span>
      )}{' '}
      <span className="muted small">{round.allowLate ? w('lateAllowed') : w('lateRefused')}</span>
    </span>
  )
}

/** The round's title and its sibling pages. */
export function RoundHeading({ round, w, here }: { round: RoundView; w: RoundWords; here: 'admin' | 'self' | 'evaluate' | 'consolidated' }) {
  const { pick } = useI18n()
  return (
    <>
      <p>
        <a href="#/rounds">{w('allRounds')}</a>
        {here !== 'admin' && (
          <>
            {' · '}
            <a href={roundPath(round.id)}>{w('admin')}</a>
          </>
        )}
        {here !== 'consolidated' && (
          <>
            {' · '}
            <a href={roundPath(round.id, 'consolidated')}>{w('consolidated')}</a>
          </>
        )}
      </p>
      <h3 data-testid="round-title">
        {pick(round.title, round.titleEn)}{' '}
        <span className="muted small">
          {kindWord(w, round.kind)} · {round.year} · {phaseWord(w, round.phase)}
        </span>
      </h3>
      {round.phase === 'closed' && (
        <p className="state" role="status">
          {w('closedNote')}
        </p>
      )}
    </>
  )
}

/** A version conflict on a save: the server's current version, or null for any other error. */
export function conflictVersion(e: unknown): number | null {
  if (!(e instanceof ApiError) || e.status !== 409 || !e.code.endsWith('version_conflict')) return null
  const body = e.body as { error?: { params?: { current?: unknown } } } | null
  const current = body?.error?.params?.current
  return typeof current === 'number' ? current : 0
}

export const fileSize = (n: number): string => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`)
