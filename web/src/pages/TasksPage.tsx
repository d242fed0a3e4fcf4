/** 任务 / Tasks (issue 15): the board (#/tasks) and one task (#/tasks/{id}). */
import { useEffect, useState, type FormEvent } from 'react'

import { api, ApiError, useApi, type SessionUser } from '../api'
import {
  createdReply,
  followUpReply,
  okReply,
  task as taskSchema,
  taskDetailReply,
  taskHistoryReply,
  tasksReply,
  type Task,
  type TaskHistoryChange,
  type TaskHistoryEntry,
} from '../../../src/contract/index.js'
import { defineMessages, useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async, errText, Notice, type Msg } from '../ui'
import { NotFound } from './NotFound'

const useWords = defineMessages(
  {
    title: '任务',
    section: '章节',
    department: '部门',
    status: '状态',
    before: '截止早于',
    all: '全部',
    filter: '筛选',
    overdue: '⚠ 逾期 {0} 天',
    stalled: '⏸ 停滞 {0} 天',
    deadline: '截止',
    percent: '进度',
    lead: '牵头部门',
    coop: '配合部门',
    not_started: '未开始',
    in_progress: '推进中',
    done: '已完成',
    delayed: '滞后',
    dropped: '已取消',
    back: '← 返回任务看板',
    subtasks: '子任务',
    rolledUp: '状态与进度由子任务汇总',
    reports: '进展报告',
    none: '暂无',
    period: '报告期',
    text: '进展说明',
    proposed: '建议状态',
    files: '佐证材料',
    filesHint: '最多 5 个文件，每个不超过 10 MiB：PDF、图片、Office 文档',
    submit: '提交报告',
    submitted: '待审核',
    accepted: '✓ 已采纳',
    returned: '↩ 已退回',
    comment: '审核意见',
    accept: '采纳',
    ret: '退回',
    by: '{0} 于 {1}',
    sent: '报告已提交',
    reviewed: '已处理',
    needComment: '退回时请填写审核意见',
    split: '拆分子任务',
    splitDepts: '部门（每行一个）',
    splitRegions: '地区代码（每行一个）',
    edit: '修改任务',
    save: '保存',
    saved: '已保存',
    stale: '该任务已被他人修改，请刷新后重试（版本冲突）',
    reload: '刷新',
    counts: '各状态数量',
    download: '下载',
    history: '历史',
    reportForm: '填报进展',
    historyEmpty: '暂无记录',
    historyOlder: '显示更早的记录',
    actUpdate: '修改任务',
    actReport: '提交进展报告',
    actAccept: '采纳进展报告',
    actReturn: '退回进展报告',
    actSplit: '拆分出子任务',
    actInspOpen: '发起专项督查',
    actInspCorrect: '记录督查整改',
    actInspClose: '关闭专项督查',
    fStatus: '状态',
    fDeadline: '截止日期',
    fLead: '牵头部门',
    fCooperating: '配合部门',
    fDropReason: '取消原因',
    fPercent: '进度',
    emptyValue: '（空）',
    noChange: '未改变字段',
    reportRef: '{0} 报告',
    showReport: '查看 {0} 报告',
    ofSubtask: '子任务',
    inspectionRef: '督查：{0}',
    fileGone: '{0}（文件已不在）',
    quote: '“{0}”',
    sep: '；',
    filesOf: '本报告的佐证材料',
    dropReason: '取消原因',
  },
  {
    title: 'Tasks',
    section: 'Chapter',
    department: 'Department',
    status: 'Status',
    before: 'Deadline before',
    all: 'All',
    filter: 'Filter',
    overdue: '⚠ Overdue {0} days',
    stalled: '⏸ Stalled {0} days',
    deadline: 'Deadline',
    percent: 'Progress',
    lead: 'Lead department',
    coop: 'Co-operating',
    not_started: 'Not started',
    in_progress: 'In progress',
    done: 'Done',
    delayed: 'Delayed',
    dropped: 'Dropped',
    back: '← Back to the task board',
    subtasks: 'Sub-tasks',
    rolledUp: 'Status and progress are rolled up from the sub-tasks',
    reports: 'Progress reports',
    none: 'None',
    period: 'Period',
    text: 'Progress',
    proposed: 'Proposed status',
    files: 'Evidence files',
    filesHint: 'Up to 5 files, each at most 10 MiB: PDF, images, Office documents',
    submit: 'Submit report',
    submitted: 'Awaiting review',
    accepted: '✓ Accepted',
    returned: '↩ Returned',
    comment: 'Review comment',
    accept: 'Accept',
    ret: 'Return',
    by: '{0} at {1}',
    sent: 'Report submitted',
    reviewed: 'Done',
    needComment: 'Give a comment when returning a report',
    split: 'Split into sub-tasks',
    splitDepts: 'Departments (one a line)',
    splitRegions: 'Region codes (one a line)',
    edit: 'Edit the task',
    save: 'Save',
    saved: 'Saved',
    stale: 'Someone else changed this task: reload and try again (version conflict)',
    reload: 'Reload',
    counts: 'Count by status',
    download: 'Download',
    history: 'History',
    reportForm: 'Report progress',
    historyEmpty: 'Nothing recorded yet',
    historyOlder: 'Show older entries',
    actUpdate: 'Edited the task',
    actReport: 'Filed a progress report',
    actAccept: 'Accepted a progress report',
    actReturn: 'Returned a progress report',
    actSplit: 'Split off a sub-task',
    actInspOpen: 'Opened a special inspection',
    actInspCorrect: 'Recorded a correction',
    actInspClose: 'Closed a special inspection',
    fStatus: 'Status',
    fDeadline: 'Deadline',
    fLead: 'Lead department',
    fCooperating: 'Co-operating departments',
    fDropReason: 'Reason for dropping',
    fPercent: 'Progress',
    emptyValue: '(none)',
    noChange: 'no field changed',
    reportRef: 'the {0} report',
    showReport: 'Show the {0} report',
    ofSubtask: 'Sub-task',
    inspectionRef: 'Inspection: {0}',
    fileGone: '{0} (file no longer there)',
    quote: '“{0}”',
    sep: '; ',
    filesOf: 'This report’s evidence files',
    dropReason: 'Reason for dropping',
  },
)
type W = ReturnType<typeof useWords>
const formText = (fd: FormData, k: string): string => {
  const v = fd.get(k)
  return typeof v === 'string' ? v : ''
}
const STATUSES = ['not_started', 'in_progress', 'done', 'delayed', 'dropped'] as const

function useHashId(): string | null {
  const get = () => {
    const m = /^#\/tasks\/([^?]+)/.exec(location.hash)
    return m ? decodeURIComponent(m[1] ?? '') : null
  }
  const [id, setId] = useState(get)
  useEffect(() => {
    const on = () => setId(get())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return id
}

export function TasksPage() {
  const w = useWords()
  const id = useHashId()
  return <Workplace title={w('title')}>{(user) => (id ? <TaskView id={id} user={user} /> : <Board />)}</Workplace>
}

function Board() {
  const w = useWords()
  const { pick } = useI18n()
  const [f, setF] = useState({ section: '', department: '', status: '', before: '' })
  const all = useApi('/api/tasks', tasksReply)
  const follow = useApi('/api/tasks-followup', followUpReply)
  const marks = new Map<string, Array<{ kind: 'overdue' | 'stalled'; days: number }>>()
  for (const m of follow.data ?? []) marks.set(m.task, [...(marks.get(m.task) ?? []), { kind: m.kind, days: m.days }])
  return (
    <Async state={all}>
      {(tasks) => {
        const sections = [...new Set(tasks.map((t) => t.section))]
        const depts = [...new Set(tasks.flatMap((t) => [t.lead, ...t.cooperating]))].sort()
        const shown = tasks.filter(
          (t) =>
            (!f.section || t.section === f.section) &&
            (!f.department || t.lead === f.department || t.cooperating.includes(f.department)) &&
            (!f.status || t.status === f.status) &&
            (!f.before || t.deadline < f.before),
        )
        const bySection = sections.map((s) => [s, shown.filter((t) => t.section === s)] as const).filter(([, ts]) => ts.length > 0)
        return (
          <>
            <form className="filters" onSubmit={(e) => e.preventDefault()}>
              <label>
                {w('section')}{' '}
                <select value={f.section} onChange={(e) => setF({ ...f, section: e.target.value })}>
                  <option value="">{w('all')}</option>
                  {sections.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {w('department')}{' '}
                <select value={f.department} onChange={(e) => setF({ ...f, department: e.target.value })}>
                  <option value="">{w('all')}</option>
                  {depts.map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {w('status')}{' '}
                <select value={f.status} onChange={(e) => setF({ ...f, status: e.target.value })}>
                  <option value="">{w('all')}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {w(s)}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {w('before')} <input type="date" value={f.before} onChange={(e) => setF({ ...f, before: e.target.value })} />
              </label>
            </form>
            <p aria-label={w('counts')}>{STATUSES.map((s) => `${w(s)} ${shown.filter((t) => t.status === s).length}`).join(' · ')}</p>
            {bySection.map(([s, ts]) => (
              <section key={s}>
                <h2>{s}</h2>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>{w('title')}</th>
                        <th>{w('lead')}</th>
                        <th>{w('deadline')}</th>
                        <th>{w('status')}</th>
                        <th>{w('percent')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ts.map((t) => (
                        <tr key={t.id}>
                          <td>
                            <a href={`#/tasks/${encodeURIComponent(t.id)}`}>{pick(t.title, t.titleEn)}</a>
                            {(marks.get(t.id) ?? []).map((m) => (
                              <div key={m.kind} className="warn">
                                <strong>{w(m.kind, m.days)}</strong>
                              </div>
                            ))}
                          </td>
                          <td>{t.lead}</td>
                          <td>{t.deadline}</td>
                          <td>{w(t.status)}</td>
                          <td>{t.percent}%</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ))}
          </>
        )
      }}
    </Async>
  )
}

function TaskView({ id, user }: { id: string; user: SessionUser }) {
  const w = useWords()
  const { pick } = useI18n()
  const detail = useApi(`/api/tasks/${encodeURIComponent(id)}`, taskDetailReply)
  const reviewer = user.role === 'reviewer' || user.role === 'admin'
  // Every change on the page adds to the history: it reads again after each one.
  const [historyKey, setHistoryKey] = useState(0)
  const reload = () => {
    detail.reload()
    setHistoryKey((n) => n + 1)
  }
  if (detail.error?.status === 404) return <NotFound missing={{ kind: 'page', path: `/tasks/${id}` }} />
  return (
    <>
      <p>
        <a href="#/tasks">{w('back')}</a>
      </p>
      <Async state={detail.data && !detail.error ? { ...detail, loading: false } : detail}>
        {({ task, subtasks, reports }) => {
          const mine = user.role === 'reporter' && !!user.department && (task.lead === user.department || task.cooperating.includes(user.department))
          return (
            <article>
              <h2>{pick(task.title, task.titleEn)}</h2>
              <p>{task.description}</p>
              <dl className="facts">
                <div>
                  <dt>{w('lead')}</dt>
                  <dd>{task.lead}</dd>
                </div>
                <div>
                  <dt>{w('coop')}</dt>
                  <dd>{task.cooperating.join('、') || w('none')}</dd>
                </div>
                <div>
                  <dt>{w('deadline')}</dt>
                  <dd>{task.deadline}</dd>
                </div>
                <div>
                  <dt>{w('status')}</dt>
                  <dd data-testid="task-status">{w(task.status)}</dd>
                </div>
                <div>
                  <dt>{w('percent')}</dt>
                  <dd data-testid="task-percent">{task.percent}%</dd>
                </div>
              </dl>
              {task.rolledUp && <p className="muted">{w('rolledUp')}</p>}
              <h3>{w('subtasks')}</h3>
              {subtasks.length === 0 ? (
                <p>{w('none')}</p>
              ) : (
                <ul>
                  {subtasks.map((s) => (
                    <li key={s.id}>
                      <a href={`#/tasks/${encodeURIComponent(s.id)}`}>{pick(s.title, s.titleEn)}</a> — {s.lead} · {w(s.status)} · {s.percent}%
                    </li>
                  ))}
                </ul>
              )}
              <h3>{w('reports')}</h3>
              {reports.length === 0 && <p>{w('none')}</p>}
              {/* The list's spacing (a grid with a gap) is the one the history and the warnings use. */}
              <div className="warnings">
                {reports.map((r) => (
                  <div key={r.id} className="card" id={`report-${r.id}`} tabIndex={-1} data-testid={`report-${r.id}`}>
                    <p>
                      <strong>{r.period}</strong> · {w(r.status)} · {r.percent}% · {w('proposed')}: {w(r.proposedStatus)}
                    </p>
                    <p>{r.text}</p>
                    <p className="muted">{w('by', r.submittedBy, r.submittedAt.slice(0, 16).replace('T', ' '))}</p>
                    {r.attachments.length > 0 && (
                      <ul aria-label={w('filesOf')}>
                        {r.attachments.map((a) => (
                          <li key={a.id}>
                            <a href={`/api/task-reports/${r.id}/attachments/${a.id}`} download={a.fileName}>
                              {w('download')} {a.fileName}
                            </a>{' '}
                            ({Math.ceil(a.size / 1024)} KiB)
                          </li>
                        ))}
                      </ul>
                    )}
                    {r.reviewComment && (
                      <p>
                        {w('comment')}: {r.reviewComment}
                        {r.reviewedBy ? ` — ${w('by', r.reviewedBy, (r.reviewedAt ?? '').slice(0, 16).replace('T', ' '))}` : ''}
                      </p>
                    )}
                    {reviewer && r.status === 'submitted' && <Review reportId={r.id} onDone={reload} w={w} />}
                  </div>
                ))}
              </div>
              <section className="section-block" aria-labelledby="h-task-history">
                <h3 id="h-task-history">{w('history')}</h3>
                <History key={historyKey} taskId={task.id} w={w} />
              </section>
              {mine && <ReportForm task={task} onDone={reload} w={w} />}
              {/* Keyed by version: the form is uncontrolled, and must show the task as it is after each change. */}
              {reviewer && <EditTask key={task.version} task={task} onDone={reload} w={w} />}
              {reviewer && !task.parentId && <Split task={task} onDone={reload} w={w} />}
            </article>
          )
        }}
      </Async>
    </>
  )
}

const ACTION_WORDS: Partial<Record<string, Parameters<W>[0]>> = {
  'task.update': 'actUpdate',
  'task.report': 'actReport',
  'task.report_accept': 'actAccept',
  'task.report_return': 'actReturn',
  'task.split': 'actSplit',
  'inspection.open': 'actInspOpen',
  'inspection.correct': 'actInspCorrect',
  'inspection.close': 'actInspClose',
}
const FIELD_WORDS = {
  status: 'fStatus',
  deadline: 'fDeadline',
  lead: 'fLead',
  cooperating: 'fCooperating',
  dropReason: 'fDropReason',
  percent: 'fPercent',
} as const satisfies Record<TaskHistoryChange['field'], Parameters<W>[0]>
const when = (at: string) => at.slice(0, 16).replace('T', ' ')
const isStatus = (v: string): v is (typeof STATUSES)[number] => (STATUSES as readonly string[]).includes(v)

/** A change in words: the field, and its value before → after (statuses in words; a value not recorded before is left out). */
function changeWords(c: TaskHistoryChange, w: W): string {
  const value = (v: string | null) => (v === null || v === '' ? w('emptyValue') : c.field === 'status' && isStatus(v) ? w(v) : c.field === 'percent' ? `${v}%` : v)
  const field = w(FIELD_WORDS[c.field])
  return c.from === null && c.field !== 'status' && c.field !== 'dropReason' ? `${field} → ${value(c.to)}` : `${field} ${value(c.from)} → ${value(c.to)}`
}

/** The task's history from the audit log (GET /api/tasks/{id}/history), newest first, with older pages on request. */
function History({ taskId, w }: { taskId: string; w: W }) {
  const first = useApi(`/api/tasks/${encodeURIComponent(taskId)}/history`, taskHistoryReply)
  const [older, setOlder] = useState<{ entries: TaskHistoryEntry[]; more: boolean } | null>(null)
  const [msg, setMsg] = useState<Msg>(null)
  const { pick } = useI18n()
  const loadOlder = async (before: number) => {
    try {
      const page = await api(`/api/tasks/${encodeURIComponent(taskId)}/history?before=${before}`, taskHistoryReply)
      setOlder({ entries: [...(older?.entries ?? []), ...page.entries], more: page.more })
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <Async state={first} isEmpty={(h) => h.entries.length === 0} empty={w('historyEmpty')}>
      {(h) => {
        const entries = [...h.entries, ...(older?.entries ?? [])]
        const more = older ? older.more : h.more
        const last = entries.at(-1)
        return (
          <>
            <ol className="warnings" data-testid="task-history">
              {entries.map((e) => (
                <HistoryItem key={e.id} e={e} taskId={taskId} w={w} />
              ))}
            </ol>
            {more && last && (
              <p>
                <button type="button" onClick={() => void loadOlder(last.id)}>
                  {w('historyOlder')}
                </button>
              </p>
            )}
            <Notice msg={msg} />
          </>
        )
      }}
    </Async>
  )
}

function HistoryItem({ e, taskId, w }: { e: TaskHistoryEntry; taskId: string; w: W }) {
  const word = ACTION_WORDS[e.action]
  const showReport = (id: number) => {
    const card = document.getElementById(`report-${id}`)
    card?.scrollIntoView({ block: 'start' })
    card?.focus()
  }
  const changes = e.changes.map((c) => changeWords(c, w))
  return (
    <li className="warning" data-testid={`history-${e.id}`}>
      <div>
        <time dateTime={e.at}>{when(e.at)}</time> · <strong>{e.actorName}</strong>
        {e.actorName !== e.actor && <span className="muted"> ({e.actor})</span>} · <strong>{word ? w(word) : e.action}</strong>
      </div>
      {e.task !== taskId && (
        <p>
          {w('ofSubtask')}: <a href={`#/tasks/${encodeURIComponent(e.task)}`}>{e.task}</a>
        </p>
      )}
      {(changes.length > 0 || e.action === 'task.update') && <p className="break">{changes.length > 0 ? changes.join(w('sep')) : w('noChange')}</p>}
      {e.comment && e.action !== 'task.update' && <p className="break">{w('quote', e.comment)}</p>}
      {e.report && (
        <p>
          {/* This task's reports are on the page; a sub-task's are on the sub-task's page. */}
          {e.task === taskId ? (
            <button type="button" className="link" onClick={() => e.report && showReport(e.report.id)}>
              {w('showReport', e.report.period)}
            </button>
          ) : (
            w('reportRef', e.report.period)
          )}
        </p>
      )}
      {e.attachments.length > 0 && (
        <ul aria-label={w('filesOf')}>
          {e.attachments.map((a, i) => (
            <li key={a.id ?? `gone-${i}`}>
              {a.id === null ? (
                w('fileGone', a.fileName)
              ) : (
                <a href={`/api/task-reports/${a.reportId}/attachments/${a.id}`} download={a.fileName}>
                  {w('download')} {a.fileName}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {e.inspection && (
        <p>
          <a href="#/inspections">{w('inspectionRef', e.inspection.title)}</a>
        </p>
      )}
    </li>
  )
}

function ReportForm({ task, onDone, w }: { task: Task; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const [msg, setMsg] = useState<Msg>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = e.currentTarget
    setBusy(true)
    try {
      await api(`/api/tasks/${encodeURIComponent(task.id)}/reports`, createdReply, { method: 'POST', form: new FormData(form) })
      form.reset()
      setMsg({ ok: true, text: w('sent') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="card">
      <h3>{w('reportForm')}</h3>
      <label>
        {w('period')} <input name="period" required maxLength={40} placeholder="2025-Q4" />
      </label>
      <label>
        {w('text')} <textarea name="text" required maxLength={20000} />
      </label>
      <label>
        {w('percent')} <input name="percent" type="number" min={0} max={100} required defaultValue={task.percent} />
      </label>
      <label>
        {w('proposed')}{' '}
        <select name="status" defaultValue={task.status === 'not_started' ? 'in_progress' : task.status}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {w(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {w('files')} <input name="files" type="file" multiple accept=".pdf,image/*,.doc,.docx,.xls,.xlsx,.ppt,.pptx" aria-describedby="files-hint" />
      </label>
      <p id="files-hint" className="muted">
        {w('filesHint')}
      </p>
      <button type="submit" disabled={busy}>
        {w('submit')}
      </button>
      <Notice msg={msg} />
    </form>
  )
}

function Review({ reportId, onDone, w }: { reportId: number; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const [comment, setComment] = useState('')
  const [msg, setMsg] = useState<Msg>(null)
  const go = async (decision: 'accept' | 'return') => {
    if (decision === 'return' && !comment.trim()) return setMsg({ ok: false, text: w('needComment') })
    try {
      await api(`/api/task-reports/${reportId}/${decision}`, okReply, { method: 'POST', json: comment.trim() ? { comment: comment.trim() } : {} })
      setMsg({ ok: true, text: w('reviewed') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <div>
      <label>
        {w('comment')} <input value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
      </label>{' '}
      <button type="button" onClick={() => void go('accept')}>
        {w('accept')}
      </button>{' '}
      <button type="button" onClick={() => void go('return')}>
        {w('ret')}
      </button>
      <Notice msg={msg} />
    </div>
  )
}

function EditTask({ task, onDone, w }: { task: Task; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const [msg, setMsg] = useState<Msg>(null)
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const fd = new FormData(e.currentTarget)
    const s = (k: string) => formText(fd, k).trim()
    const patch: Record<string, unknown> = { version: task.version }
    if (s('status') !== task.status) patch.status = s('status')
    if (s('status') === 'dropped' && s('dropReason')) patch.dropReason = s('dropReason')
    if (s('deadline') && s('deadline') !== task.deadline) patch.deadline = s('deadline')
    if (s('lead') && s('lead') !== task.lead) patch.lead = s('lead')
    try {
      await api(`/api/tasks/${encodeURIComponent(task.id)}`, taskSchema, { method: 'PATCH', json: patch })
      setMsg({ ok: true, text: w('saved') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: err instanceof ApiError && err.status === 409 ? w('stale') : errText(err, pick) })
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="card">
      <h3>{w('edit')}</h3>
      <label>
        {w('status')}{' '}
        <select name="status" defaultValue={task.status}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {w(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {w('dropReason')} <input name="dropReason" maxLength={2000} defaultValue={task.dropReason ?? ''} />
      </label>
      <label>
        {w('deadline')} <input name="deadline" type="date" defaultValue={task.deadline} />
      </label>
      <label>
        {w('lead')} <input name="lead" maxLength={100} defaultValue={task.lead} />
      </label>
      <button type="submit">{w('save')}</button>
      <Notice msg={msg} />
    </form>
  )
}

function Split({ task, onDone, w }: { task: Task; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const [msg, setMsg] = useState<Msg>(null)
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const fd = new FormData(e.currentTarget)
    const lines = (k: string) =>
      formText(fd, k)
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean)
    const regions = lines('regions')
    const departments = lines('departments')
    try {
      await api(`/api/tasks/${encodeURIComponent(task.id)}/split`, tasksReply, {
        method: 'POST',
        json: { ...(regions.length ? { regions } : {}), ...(departments.length ? { departments } : {}) },
      })
      setMsg({ ok: true, text: w('saved') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="card">
      <h3>{w('split')}</h3>
      <label>
        {w('splitDepts')} <textarea name="departments" />
      </label>
      <label>
        {w('splitRegions')} <textarea name="regions" />
      </label>
      <button type="submit">{w('split')}</button>
      <Notice msg={msg} />
    </form>
  )
}
