/**
 * 评估轮次 / Evaluation rounds (issue 16): the mid-term and final evaluation as a process. `#/rounds` lists the
 * rounds (and, for admins and provincial reviewers, opens a new one); `#/rounds/{id}` administers one: its phases,
 * deadlines, evaluators, the progress board and the review of submitted items. The city's form, the evaluator's
 * workspace and the consolidated view are their own pages (RoundSelfPage, RoundEvaluatePage, RoundConsolidatedPage).
 */
import { useEffect, useState, type FormEvent } from 'react'

import { api, planReply, regionsReply, useApi, type PlanReply, type Region, type SessionUser } from '../api'
import { DeadlineLine, kindWord, LATE, phaseWord, RoundHeading, useRegionName, useRoundWords, type RoundWords } from '../components/RoundBits'
import { defineMessages, useI18n } from '../i18n'
import { box, checkGrid, RegionScopePicker, toggle, useCitiesAndCounties } from '../components/RegionScopePicker'
import {
  anyReply,
  isEvaluator,
  mayAdminister,
  parseRoundRoute,
  PHASES,
  roundItemsReply,
  roundPath,
  roundProgressReply,
  roundsReply,
  roundView,
  surveysReply,
  type RegionProgress,
  type RoundItemView,
  type RoundKind,
  type RoundRoute,
  type RoundView,
} from '../rounds'
import { Workplace } from '../session'
import { Async, errText, Notice, type Msg } from '../ui'
import { NotFound } from './NotFound'
import { RoundConsolidatedView } from './RoundConsolidatedPage'
import { RoundEvaluateView } from './RoundEvaluatePage'
import { RoundSelfView } from './RoundSelfPage'
import { StatusBadge } from './Overview'

const useWords = defineMessages(
  {
    title: '评估轮次',
    intro: '规划的年度、中期与总结评估：城市自评 → 第三方评估 → 汇总 → 关闭。',
    create: '发起评估轮次',
    kind: '类型',
    year: '评估年份',
    titleZh: '标题（中文）',
    titleEn: '标题（英文）',
    regions: '参评地区',
    regionsHint: '默认全部设区市；已选 {0} 个',
    allCities: '全选',
    noCities: '全不选',
    counties: '县（市、区）（可选）：已选 {0} 个',
    targets: '覆盖的目标',
    tasks: '覆盖的任务',
    allApply: '全部适用于各地区的（默认）',
    chosenOf: '已选 {0} 项',
    deadlines: '各阶段截止日期',
    dSelf: '城市自评截止',
    dReview: '第三方评估截止',
    dConsolidation: '汇总截止',
    allowLate: '允许逾期提交（标记为逾期）',
    scale: '评分区间',
    scaleMin: '最低分',
    scaleMax: '最高分',
    evaluators: '第三方评估人员',
    evaluatorName: '用户名',
    evaluatorRegions: '负责地区',
    addEvaluator: '添加评估人员',
    remove: '移除',
    survey: '满意度问卷（可选）',
    surveyNone: '不开展问卷',
    send: '创建轮次',
    created: '评估轮次已创建',
    none: '暂无评估轮次。',
    colTitle: '标题',
    colKind: '类型',
    colYear: '年份',
    colPhase: '阶段',
    colDeadlines: '截止日期',
    colProgress: '进度',
    progressText: '已提交 {0}/{1} · 已采纳 {2} · 已评 {3}',
    phases: '评估阶段',
    current: '（当前）',
    next: '进入下一阶段：{0}',
    phaseChanged: '已进入“{0}”阶段',
    reopen: '重新开启（回到汇总阶段）',
    reason: '重新开启的理由',
    reasonHint: '仅管理员可重新开启已关闭的轮次，理由将记入审计日志。',
    editDeadlines: '修改截止日期',
    saveDeadlines: '保存截止日期',
    saved: '已保存',
    noEvaluators: '尚未指定第三方评估人员。',
    saveEvaluators: '保存评估人员',
    board: '进度看板',
    region: '地区',
    items: '事项',
    drafted: '已起草',
    submitted: '已提交',
    accepted: '已采纳',
    returned: '已退回',
    rated: '已评估',
    lateCol: '逾期',
    overdueCol: '未按期',
    overdueYes: '⚠ 已过截止未提交',
    overdueNo: '—',
    links: '页面',
    selfForm: '自评表',
    workspace: '评估工作台',
    review: '审核自评',
    reviewRegion: '审核地区',
    pickRegion: '选择地区',
    nothingToReview: '该地区没有待审核的自评事项。',
    narrative: '自评说明',
    accept: '采纳',
    return: '退回',
    comment: '退回意见',
    commentNeeded: '退回时请填写意见。',
    acceptedOk: '已采纳：{0}',
    returnedOk: '已退回：{0}',
    myRounds: '我参与的轮次',
  },
  {
    title: 'Evaluation rounds',
    intro: 'The annual, mid-term and final evaluation of the plan: self-evaluation by each city → third-party review → consolidation → closed.',
    create: 'Open an evaluation round',
    kind: 'Kind',
    year: 'Year evaluated',
    titleZh: 'Title (Chinese)',
    titleEn: 'Title (English)',
    regions: 'Regions in scope',
    regionsHint: 'Every city by default; {0} chosen',
    allCities: 'All',
    noCities: 'None',
    counties: 'Counties and districts (optional): {0} chosen',
    targets: 'Targets covered',
    tasks: 'Tasks covered',
    allApply: 'All that apply to each region (default)',
    chosenOf: '{0} chosen',
    deadlines: 'Deadlines per phase',
    dSelf: 'Self-evaluation due',
    dReview: 'Third-party review due',
    dConsolidation: 'Consolidation due',
    allowLate: 'Accept late submissions (marked late)',
    scale: 'Score scale',
    scaleMin: 'Lowest score',
    scaleMax: 'Highest score',
    evaluators: 'Third-party evaluators',
    evaluatorName: 'User name',
    evaluatorRegions: 'Regions evaluated',
    addEvaluator: 'Add an evaluator',
    remove: 'Remove',
    survey: 'Satisfaction survey (optional)',
    surveyNone: 'No survey',
    send: 'Create the round',
    created: 'Round created',
    none: 'No evaluation rounds yet.',
    colTitle: 'Title',
    colKind: 'Kind',
    colYear: 'Year',
    colPhase: 'Phase',
    colDeadlines: 'Deadlines',
    colProgress: 'Progress',
    progressText: '{0}/{1} submitted · {2} accepted · {3} rated',
    phases: 'Phases',
    current: '(current)',
    next: 'Move to the next phase: {0}',
    phaseChanged: 'Now in phase “{0}”',
    reopen: 'Reopen (back to consolidation)',
    reason: 'Reason for reopening',
    reasonHint: 'Only an admin may reopen a closed round; the reason goes to the audit log.',
    editDeadlines: 'Change the deadlines',
    saveDeadlines: 'Save the deadlines',
    saved: 'Saved',
    noEvaluators: 'No third-party evaluator assigned yet.',
    saveEvaluators: 'Save the evaluators',
    board: 'Progress board',
    region: 'Region',
    items: 'Items',
    drafted: 'Drafted',
    submitted: 'Submitted',
    accepted: 'Accepted',
    returned: 'Returned',
    rated: 'Rated',
    lateCol: 'Late',
    overdueCol: 'Overdue',
    overdueYes: '⚠ Past the deadline, not submitted',
    overdueNo: '—',
    links: 'Pages',
    selfForm: 'Self-evaluation',
    workspace: 'Evaluator workspace',
    review: 'Review the self-evaluations',
    reviewRegion: 'Region to review',
    pickRegion: 'Choose a region',
    nothingToReview: 'Nothing submitted is waiting for review in this region.',
    narrative: 'Narrative',
    accept: 'Accept',
    return: 'Return',
    comment: 'Comment for the city',
    commentNeeded: 'A returned item needs a comment.',
    acceptedOk: 'Accepted: {0}',
    returnedOk: 'Returned: {0}',
    myRounds: 'My rounds',
  },
)
type W = ReturnType<typeof useWords>

const KINDS: ReadonlyArray<RoundKind> = ['midterm', 'final', 'annual']

function useRoundRoute(): RoundRoute {
  const [r, setR] = useState(() => parseRoundRoute(location.hash))
  useEffect(() => {
    const on = () => setR(parseRoundRoute(location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return r
}

export function RoundsPage() {
  const w = useWords()
  const route = useRoundRoute()
  return (
    <Workplace title={w('title')}>
      {(user) =>
        route.page === 'list' ? (
          <RoundList user={user} />
        ) : route.page === 'invalid' ? (
          <NotFound missing={{ kind: 'page', path: location.hash.replace(/^#/, '') }} />
        ) : route.page === 'admin' ? (
          <RoundAdmin key={route.id} id={route.id} user={user} />
        ) : route.page === 'self' ? (
          <RoundSelfView key={`${route.id}/${route.region}`} id={route.id} region={route.region} user={user} />
        ) : route.page === 'evaluate' ? (
          <RoundEvaluateView key={`${route.id}/${route.region}`} id={route.id} region={route.region} user={user} />
        ) : (
          <RoundConsolidatedView key={route.id} id={route.id} user={user} />
        )
      }
    </Workplace>
  )
}

/** Where a user goes from the list: an administrator to the round, a reporter to its city's form, an evaluator to the workspace. */
function entryLinks(round: RoundView, user: SessionUser): Array<{ href: string; region: string; kind: 'self' | 'evaluate' }> {
  if (user.role === 'reporter') return round.regions.filter((r) => user.regions.includes(r)).map((r) => ({ href: roundPath(round.id, 'self', r), region: r, kind: 'self' }))
  if (isEvaluator(user))
    return (round.evaluators.find((e) => e.username === user.username)?.regions ?? []).map((r) => ({ href: roundPath(round.id, 'evaluate', r), region: r, kind: 'evaluate' }))
  return []
}

function RoundList({ user }: { user: SessionUser }) {
  const w = useWords()
  const rw = useRoundWords()
  const { pick } = useI18n()
  const name = useRegionName()
  const list = useApi('/api/rounds', roundsReply)
  return (
    <>
      <p className="muted">{w('intro')}</p>
      {mayAdminister(user) && <CreateForm w={w} rw={rw} />}
      <Async state={list} isEmpty={(l) => l.length === 0} empty={w('none')}>
        {(rounds) => (
          <div className="table-wrap">
            <table data-testid="rounds-table">
              <thead>
                <tr>
                  <th scope="col">{w('colTitle')}</th>
                  <th scope="col">{w('colKind')}</th>
                  <th scope="col">{w('colYear')}</th>
                  <th scope="col">{w('colPhase')}</th>
                  <th scope="col">{w('colDeadlines')}</th>
                  <th scope="col">{w('colProgress')}</th>
                </tr>
              </thead>
              <tbody>
                {rounds.map((r) => (
                  <tr key={r.id}>
                    <td style={{ minWidth: '10em' }}>
                      <a href={roundPath(r.id)}>{pick(r.title, r.titleEn)}</a>
                      {entryLinks(r, user).map((l) => (
                        <div key={l.href} className="small">
                          <a href={l.href}>
                            {l.kind === 'self' ? w('selfForm') : w('workspace')} · {name(l.region)}
                          </a>
                        </div>
                      ))}
                    </td>
                    <td className="nowrap">{kindWord(rw, r.kind)}</td>
                    <td>{r.year}</td>
                    <td className="nowrap">{phaseWord(rw, r.phase)}</td>
                    <td style={{ minWidth: '10em' }} className="small">
                      <DeadlineLine round={r} w={rw} />
                    </td>
                    <td>
                      <ProgressSummary id={r.id} w={w} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </>
  )
}

function ProgressSummary({ id, w }: { id: number; w: W }) {
  const p = useApi(`/api/rounds/${id}/progress`, roundProgressReply)
  if (!p.data) return <span className="muted">—</span>
  const sum = (k: 'items' | 'submitted' | 'accepted' | 'rated') => p.data?.reduce((s, r) => s + r[k], 0) ?? 0
  const items = sum('items')
  const pct = items === 0 ? 0 : Math.round((sum('submitted') / items) * 100)
  return (
    <div className="progress" style={{ minWidth: '9em' }}>
      <div className="bar" aria-hidden="true">
        <div className="fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="small">{w('progressText', sum('submitted'), items, sum('accepted'), sum('rated'))}</div>
    </div>
  )
}

function CreateForm({ w, rw }: { w: W; rw: RoundWords }) {
  const plan = useApi('/api/plan', planReply)
  const regions = useApi('/api/regions', regionsReply)
  return (
    <details className="card" style={{ marginBottom: 12 }}>
      <summary style={{ cursor: 'pointer' }}>
        <strong>{w('create')}</strong>
      </summary>
      <Async state={plan}>{(p) => <Async state={regions}>{(rs) => <CreateFields plan={p} regions={rs} w={w} rw={rw} />}</Async>}</Async>
    </details>
  )
}

interface EvaluatorRow {
  username: string
  regions: ReadonlySet<string>
}

/** A checklist of ids with "all that apply" ticked by default: null means all. */
function CoverPicker({
  legend,
  items,
  value,
  onChange,
  w,
}: {
  legend: string
  items: Array<{ id: string; label: string }>
  value: ReadonlySet<string> | null
  onChange: (v: ReadonlySet<string> | null) => void
  w: W
}) {
  return (
    <fieldset style={box}>
      <legend>
        {legend} <span className="muted small">({value === null ? w('allApply') : w('chosenOf', value.size)})</span>
      </legend>
      <label className="inline">
        <input type="checkbox" checked={value === null} onChange={(e) => onChange(e.target.checked ? null : new Set(items.map((i) => i.id)))} /> {w('allApply')}
      </label>
      {value !== null && (
        <div style={checkGrid}>
          {items.map((i) => (
            <label key={i.id} className="inline">
              <input type="checkbox" checked={value.has(i.id)} onChange={(e) => onChange(toggle(value, [i.id], e.target.checked))} /> {i.label}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  )
}

function CreateFields({ plan, regions, w, rw }: { plan: PlanReply; regions: Region[]; w: W; rw: RoundWords }) {
  const { pick } = useI18n()
  const { cities, counties } = useCitiesAndCounties(regions)
  const nameOf = (code: string) => {
    const r = regions.find((x) => x.code === code)
    return r ? pick(r.name, r.nameEn) : code
  }
  const [kind, setKind] = useState<RoundKind>('midterm')
  const [year, setYear] = useState(String(new Date().getFullYear() - 1))
  const [title, setTitle] = useState('')
  const [titleEn, setTitleEn] = useState('')
  const [places, setPlaces] = useState<ReadonlySet<string>>(() => new Set(cities.map((c) => c.code)))
  const [towns, setTowns] = useState<ReadonlySet<string>>(new Set())
  const [targets, setTargets] = useState<ReadonlySet<string> | null>(null)
  const [tasks, setTasks] = useState<ReadonlySet<string> | null>(null)
  const [dSelf, setDSelf] = useState('')
  const [dReview, setDReview] = useState('')
  const [dCons, setDCons] = useState('')
  const [allowLate, setAllowLate] = useState(false)
  const [min, setMin] = useState('0')
  const [max, setMax] = useState('100')
  const [evaluators, setEvaluators] = useState<EvaluatorRow[]>([])
  const [survey, setSurvey] = useState('')
  const [msg, setMsg] = useState<Msg>(null)
  const [busy, setBusy] = useState(false)
  const scope = [...cities.map((c) => c.code).filter((c) => places.has(c)), ...counties.flatMap((g) => g.items.map((r) => r.code)).filter((c) => towns.has(c))]

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    try {
      const r = await api('/api/rounds', roundView, {
        method: 'POST',
        json: {
          kind,
          year: Number(year),
          title,
          titleEn,
          regions: scope,
          targets: targets === null ? null : [...targets],
          tasks: tasks === null ? null : [...tasks],
          deadlines: { selfEvaluation: dSelf || null, thirdPartyReview: dReview || null, consolidation: dCons || null },
          allowLate,
          scale: { min: Number(min), max: Number(max) },
          evaluators: evaluators.filter((x) => x.username.trim() !== '').map((x) => ({ username: x.username.trim(), regions: scope.filter((c) => x.regions.has(c)) })),
          survey: survey.trim() || null,
        },
      })
      setMsg({ ok: true, text: w('created') })
      location.hash = roundPath(r.id)
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={w('create')}>
      <p className="filters">
        <label>
          {w('kind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as RoundKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindWord(rw, k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w('year')} <input type="number" min={2000} max={2100} required value={year} onChange={(e) => setYear(e.target.value)} />
        </label>
      </p>
      <p>
        <label>
          {w('titleZh')} <input value={title} required maxLength={200} size={36} onChange={(e) => setTitle(e.target.value)} />
        </label>
      </p>
      <p>
        <label>
          {w('titleEn')} <input value={titleEn} required maxLength={200} size={36} lang="en" onChange={(e) => setTitleEn(e.target.value)} />
        </label>
      </p>
      <RegionScopePicker
        regions={regions}
        places={places}
        setPlaces={setPlaces}
        towns={towns}
        setTowns={setTowns}
        labels={{ legend: w('regions'), hint: w('regionsHint', places.size), allCities: w('allCities'), noCities: w('noCities'), counties: w('counties', towns.size) }}
      />
      <CoverPicker legend={w('targets')} items={plan.targets.map((t) => ({ id: t.id, label: pick(t.name, t.nameEn) }))} value={targets} onChange={setTargets} w={w} />
      <CoverPicker legend={w('tasks')} items={plan.tasks.map((t) => ({ id: t.id, label: `${t.id} ${pick(t.title, t.titleEn)}` }))} value={tasks} onChange={setTasks} w={w} />
      <fieldset style={box}>
        <legend>{w('deadlines')}</legend>
        <p className="filters">
          <label>
            {w('dSelf')} <input type="date" value={dSelf} onChange={(e) => setDSelf(e.target.value)} />
          </label>
          <label>
            {w('dReview')} <input type="date" value={dReview} onChange={(e) => setDReview(e.target.value)} />
          </label>
          <label>
            {w('dConsolidation')} <input type="date" value={dCons} onChange={(e) => setDCons(e.target.value)} />
          </label>
        </p>
        <label className="inline">
          <input type="checkbox" checked={allowLate} onChange={(e) => setAllowLate(e.target.checked)} /> {w('allowLate')}
        </label>
      </fieldset>
      <fieldset style={box}>
        <legend>{w('scale')}</legend>
        <p className="filters">
          <label>
            {w('scaleMin')} <input type="number" required value={min} onChange={(e) => setMin(e.target.value)} style={{ width: '6em' }} />
          </label>
          <label>
            {w('scaleMax')} <input type="number" required value={max} onChange={(e) => setMax(e.target.value)} style={{ width: '6em' }} />
          </label>
        </p>
      </fieldset>
      <fieldset style={box}>
        <legend>{w('evaluators')}</legend>
        <EvaluatorRows rows={evaluators} setRows={setEvaluators} scope={scope} nameOf={nameOf} w={w} />
      </fieldset>
      <p>
        <label>
          {w('survey')} <input value={survey} maxLength={100} list="round-surveys" placeholder="jiangsu-satisfaction" onChange={(e) => setSurvey(e.target.value)} />
        </label>
        <SurveyOptions />
      </p>
      <p>
        <button type="submit" disabled={busy}>
          {w('send')}
        </button>
      </p>
      <Notice msg={msg} />
    </form>
  )
}

/** The questionnaires the server knows (GET /api/surveys), as suggestions for the survey field; none if it cannot say. */
function SurveyOptions() {
  const list = useApi('/api/surveys', surveysReply)
  return (
    <datalist id="round-surveys">
      {(list.data ?? []).map((q) => (
        <option key={q.id} value={q.id} />
      ))}
    </datalist>
  )
}

function EvaluatorRows({ rows, setRows, scope, nameOf, w }: { rows: EvaluatorRow[]; setRows: (r: EvaluatorRow[]) => void; scope: string[]; nameOf: (c: string) => string; w: W }) {
  const set = (i: number, row: EvaluatorRow) => setRows(rows.map((r, j) => (j === i ? row : r)))
  return (
    <>
      {rows.map((row, i) => (
        <fieldset key={i} style={box} data-testid={`evaluator-${i}`}>
          <legend>
            {w('evaluators')} {i + 1}
          </legend>
          <label>
            {w('evaluatorName')} <input value={row.username} required maxLength={64} autoComplete="off" onChange={(e) => set(i, { ...row, username: e.target.value })} />
          </label>{' '}
          <button type="button" className="secondary" onClick={() => setRows(rows.filter((_r, j) => j !== i))}>
            {w('remove')}
          </button>
          <div className="small">{w('evaluatorRegions')}</div>
          <div style={checkGrid}>
            {scope.map((c) => (
              <label key={c} className="inline">
                <input type="checkbox" checked={row.regions.has(c)} onChange={(e) => set(i, { ...row, regions: toggle(row.regions, [c], e.target.checked) })} /> {nameOf(c)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => setRows([...rows, { username: '', regions: new Set() }])}>
        {w('addEvaluator')}
      </button>
    </>
  )
}

// ---- One round's administration ----

function RoundAdmin({ id, user }: { id: number; user: SessionUser }) {
  const rw = useRoundWords()
  const state = useApi(`/api/rounds/${id}`, roundView)
  if (state.error?.status === 404) return <NotFound missing={{ kind: 'page', path: `/rounds/${id}` }} />
  return (
    <Async state={state.data && !state.error ? { ...state, loading: false } : state}>
      {(r) => (
        <section aria-labelledby="round-admin-h" data-testid="round-admin">
          <RoundHeading round={r} w={rw} here="admin" />
          <h4 id="round-admin-h" className="sr-only">
            {rw('admin')}
          </h4>
          <AdminBody round={r} user={user} reload={state.reload} />
        </section>
      )}
    </Async>
  )
}

function AdminBody({ round, user, reload }: { round: RoundView; user: SessionUser; reload: () => void }) {
  const w = useWords()
  const rw = useRoundWords()
  const admin = mayAdminister(user)
  const progress = useApi(`/api/rounds/${round.id}/progress`, roundProgressReply)
  const refresh = () => {
    reload()
    progress.reload()
  }
  return (
    <>
      <PhaseStepper round={round} user={user} onDone={refresh} w={w} rw={rw} />
      <p>
        <DeadlineLine round={round} w={rw} />
      </p>
      {admin && round.phase !== 'closed' && <DeadlineForm key={round.version} round={round} onDone={refresh} w={w} />}
      <Evaluators key={`e${round.version}`} round={round} editable={admin && round.phase !== 'closed'} onDone={refresh} w={w} />
      <h4>{w('board')}</h4>
      <Async state={progress.data && !progress.error ? { ...progress, loading: false } : progress}>{(rows) => <Board round={round} rows={rows} user={user} w={w} />}</Async>
      {admin && <ReviewPanel round={round} onDone={progress.reload} w={w} rw={rw} />}
    </>
  )
}

function PhaseStepper({ round, user, onDone, w, rw }: { round: RoundView; user: SessionUser; onDone: () => void; w: W; rw: RoundWords }) {
  const { pick } = useI18n()
  const [msg, setMsg] = useState<Msg>(null)
  const [reason, setReason] = useState('')
  const at = PHASES.indexOf(round.phase)
  const next = PHASES[at + 1]
  const move = async (to: (typeof PHASES)[number], why?: string) => {
    try {
      await api(`/api/rounds/${round.id}/phase`, anyReply, { method: 'POST', json: { to, version: round.version, ...(why === undefined ? {} : { reason: why }) } })
      setMsg({ ok: true, text: w('phaseChanged', phaseWord(rw, to)) })
      setReason('')
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <section aria-labelledby="phases-h">
      <h4 id="phases-h">{w('phases')}</h4>
      <ol className="stepper" data-testid="phase-stepper">
        {PHASES.map((p, i) => (
          <li key={p} aria-current={i === at ? 'step' : undefined} data-done={i < at ? 'true' : undefined}>
            <span aria-hidden="true">{i < at ? '✓' : i === at ? '●' : '○'} </span>
            {phaseWord(rw, p)}
            {i === at && <span className="sr-only"> {w('current')}</span>}
          </li>
        ))}
      </ol>
      {mayAdminister(user) && next !== undefined && (
        <p>
          <button type="button" onClick={() => void move(next)}>
            {w('next', phaseWord(rw, next))}
          </button>
        </p>
      )}
      {user.role === 'admin' && round.phase === 'closed' && (
        <form
          className="card"
          aria-label={w('reopen')}
          onSubmit={(e) => {
            e.preventDefault()
            void move('consolidation', reason)
          }}
        >
          <label>
            {w('reason')} <textarea value={reason} required maxLength={2000} rows={2} onChange={(e) => setReason(e.target.value)} />
          </label>
          <p className="muted small">{w('reasonHint')}</p>
          <button type="submit">{w('reopen')}</button>
        </form>
      )}
      <Notice msg={msg} />
    </section>
  )
}

function DeadlineForm({ round, onDone, w }: { round: RoundView; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const [dSelf, setDSelf] = useState(round.deadlines.selfEvaluation ?? '')
  const [dReview, setDReview] = useState(round.deadlines.thirdPartyReview ?? '')
  const [dCons, setDCons] = useState(round.deadlines.consolidation ?? '')
  const [allowLate, setAllowLate] = useState(round.allowLate)
  const [msg, setMsg] = useState<Msg>(null)
  const save = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/rounds/${round.id}`, roundView, {
        method: 'PATCH',
        json: { version: round.version, deadlines: { selfEvaluation: dSelf || null, thirdPartyReview: dReview || null, consolidation: dCons || null }, allowLate },
      })
      setMsg({ ok: true, text: w('saved') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <details>
      <summary>{w('editDeadlines')}</summary>
      <form onSubmit={(e) => void save(e)} aria-label={w('editDeadlines')}>
        <p className="filters">
          <label>
            {w('dSelf')} <input type="date" value={dSelf} onChange={(e) => setDSelf(e.target.value)} />
          </label>
          <label>
            {w('dReview')} <input type="date" value={dReview} onChange={(e) => setDReview(e.target.value)} />
          </label>
          <label>
            {w('dConsolidation')} <input type="date" value={dCons} onChange={(e) => setDCons(e.target.value)} />
          </label>
        </p>
        <label className="inline">
          <input type="checkbox" checked={allowLate} onChange={(e) => setAllowLate(e.target.checked)} /> {w('allowLate')}
        </label>
        <p>
          <button type="submit" className="secondary">
            {w('saveDeadlines')}
          </button>
        </p>
        <Notice msg={msg} />
      </form>
    </details>
  )
}

function Evaluators({ round, editable, onDone, w }: { round: RoundView; editable: boolean; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const name = useRegionName()
  const [rows, setRows] = useState<EvaluatorRow[]>(() => round.evaluators.map((e) => ({ username: e.username, regions: new Set(e.regions) })))
  const [msg, setMsg] = useState<Msg>(null)
  const save = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/rounds/${round.id}`, roundView, {
        method: 'PATCH',
        json: {
          version: round.version,
          evaluators: rows.filter((x) => x.username.trim() !== '').map((x) => ({ username: x.username.trim(), regions: round.regions.filter((c) => x.regions.has(c)) })),
        },
      })
      setMsg({ ok: true, text: w('saved') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <section aria-labelledby="evaluators-h">
      <h4 id="evaluators-h">{w('evaluators')}</h4>
      {round.evaluators.length === 0 ? (
        <p className="muted">{w('noEvaluators')}</p>
      ) : (
        <ul data-testid="round-evaluators">
          {round.evaluators.map((e) => (
            <li key={e.username}>
              <strong>{e.username}</strong>: {e.regions.map(name).join('、')}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <details>
          <summary>{w('saveEvaluators')}</summary>
          <form onSubmit={(e) => void save(e)} aria-label={w('saveEvaluators')}>
            <EvaluatorRows rows={rows} setRows={setRows} scope={round.regions} nameOf={name} w={w} />
            <p>
              <button type="submit">{w('saveEvaluators')}</button>
            </p>
            <Notice msg={msg} />
          </form>
        </details>
      )}
    </section>
  )
}

function Board({ round, rows, user, w }: { round: RoundView; rows: RegionProgress[]; user: SessionUser; w: W }) {
  const { pick } = useI18n()
  const evaluatorOf = new Map(round.evaluators.flatMap((e) => e.regions.map((r) => [r, e.username] as const)))
  const cols = ['items', 'drafted', 'submitted', 'accepted', 'returned', 'rated'] as const
  return (
    <div className="table-wrap">
      <table data-testid="round-progress">
        <thead>
          <tr>
            <th scope="col">{w('region')}</th>
            {cols.map((c) => (
              <th key={c} scope="col">
                {w(c)}
              </th>
            ))}
            <th scope="col">{w('lateCol')}</th>
            <th scope="col">{w('overdueCol')}</th>
            <th scope="col">{w('links')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => {
            const overdue = p.overdue
            return (
              <tr key={p.region} data-region={p.region} data-overdue={overdue ? 'true' : undefined}>
                <th scope="row">{pick(p.name, p.nameEn)}</th>
                {cols.map((c) => (
                  <td key={c} data-col={c}>
                    {p[c]}
                  </td>
                ))}
                <td data-col="late" style={p.late > 0 ? LATE : undefined}>
                  {p.late > 0 ? `⚠ ${p.late}` : '0'}
                </td>
                <td data-col="overdue" style={overdue ? LATE : undefined}>
                  {overdue ? <strong>{w('overdueYes')}</strong> : w('overdueNo')}
                </td>
                <td className="small">
                  {(mayAdminister(user) || (user.role === 'reporter' && user.regions.includes(p.region))) && <a href={roundPath(round.id, 'self', p.region)}>{w('selfForm')}</a>}
                  {(mayAdminister(user) || evaluatorOf.has(p.region)) && (
                    <>
                      {' · '}
                      <a href={roundPath(round.id, 'evaluate', p.region)}>{w('workspace')}</a>
                    </>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function ReviewPanel({ round, onDone, w, rw }: { round: RoundView; onDone: () => void; w: W; rw: RoundWords }) {
  const name = useRegionName()
  const [region, setRegion] = useState('')
  const items = useApi(region ? `/api/rounds/${round.id}/items?region=${encodeURIComponent(region)}` : null, roundItemsReply)
  return (
    <section aria-labelledby="review-h" data-testid="round-review">
      <h4 id="review-h">{w('review')}</h4>
      <label>
        {w('reviewRegion')}{' '}
        <select value={region} onChange={(e) => setRegion(e.target.value)}>
          <option value="">{w('pickRegion')}</option>
          {round.regions.map((r) => (
            <option key={r} value={r}>
              {name(r)}
            </option>
          ))}
        </select>
      </label>
      {region && (
        <Async
          state={items.data && !items.error ? { ...items, loading: false } : items}
          isEmpty={(l) => !l.some((i) => i.self?.state === 'submitted')}
          empty={w('nothingToReview')}
        >
          {(list) => (
            <ul className="plain">
              {list
                .filter((i) => i.self?.state === 'submitted')
                .map((i) => (
                  <ReviewItem
                    key={`${i.kind}/${i.itemId}`}
                    round={round}
                    item={i}
                    onDone={() => {
                      items.reload()
                      onDone()
                    }}
                    w={w}
                    rw={rw}
                  />
                ))}
            </ul>
          )}
        </Async>
      )}
    </section>
  )
}

function ReviewItem({ round, item, onDone, w, rw }: { round: RoundView; item: RoundItemView; onDone: () => void; w: W; rw: RoundWords }) {
  const { pick } = useI18n()
  const [comment, setComment] = useState('')
  const [msg, setMsg] = useState<Msg>(null)
  const label = pick(item.name, item.nameEn)
  const decide = async (decision: 'accept' | 'return') => {
    if (decision === 'return' && comment.trim() === '') {
      setMsg({ ok: false, text: w('commentNeeded') })
      return
    }
    try {
      await api(`/api/rounds/${round.id}/items/${encodeURIComponent(item.region)}/${item.kind}/${encodeURIComponent(item.itemId)}/review`, anyReply, {
        method: 'POST',
        json: { decision, comment },
      })
      setMsg({ ok: true, text: w(decision === 'accept' ? 'acceptedOk' : 'returnedOk', label) })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  const self = item.self
  if (!self) return null
  return (
    <li className="card" data-testid={`review-${item.kind}-${item.itemId}`}>
      <h5>
        {item.kind === 'target' ? rw('target') : rw('task')} · {label}
      </h5>
      <p>
        {rw('computed')}: {item.computed.status ? <StatusBadge status={item.computed.status} /> : '—'} · {rw('self')}: <StatusBadge status={self.status} />
        {self.late && (
          <>
            {' '}
            <strong style={LATE}>{rw('late')}</strong>
          </>
        )}
      </p>
      <p className="narrative">{self.narrative}</p>
      <label>
        {w('comment')} <textarea value={comment} maxLength={4000} rows={2} onChange={(e) => setComment(e.target.value)} />
      </label>
      <p>
        <button type="button" onClick={() => void decide('accept')}>
          {w('accept')}
        </button>{' '}
        <button type="button" className="secondary" onClick={() => void decide('return')}>
          {w('return')}
        </button>
      </p>
      <Notice msg={msg} />
    </li>
  )
}
