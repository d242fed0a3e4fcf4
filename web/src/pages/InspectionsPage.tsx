/** 专项督查 / Special inspections (issue 15): findings, required corrections, the department's corrections, closing. */
import { useState, type FormEvent } from 'react'

import { api, useApi, type SessionUser } from '../api'
import { createdReply, inspectionsReply, okReply, tasksReply, type Task } from '../../../src/contract/index.js'
import { defineMessages, useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async, errText, Notice, type Msg } from '../ui'

const useWords = defineMessages(
  {
    title: '专项督查',
    open: '○ 进行中',
    closed: '● 已关闭',
    openedBy: '{0} 于 {1} 发起',
    closedBy: '{0} 于 {1} 关闭',
    create: '发起专项督查',
    name: '督查名称',
    task: '任务',
    finding: '发现的问题',
    required: '整改要求',
    dept: '责任部门',
    addItem: '添加一条问题',
    removeItem: '删除此条',
    submit: '发起',
    created: '专项督查已发起',
    corrected: '✓ 已整改',
    notCorrected: '✗ 未整改',
    note: '整改情况',
    record: '记录整改',
    recorded: '整改已记录',
    summary: '督查结论',
    close: '关闭督查',
    closedOk: '督查已关闭',
    none: '暂无专项督查',
    item: '第 {0} 条',
    stillOpen: '⚠ 尚有 {0} 条问题未整改（{1}），暂不能关闭',
    itemList: '第 {0} 条',
    listSep: '、',
    allCorrected: '✓ 各条问题均已整改，填写督查结论后可关闭',
    correctedAt: '{0}（{1}）',
    coop: '配合部门',
  },
  {
    title: 'Special inspections',
    open: '○ Open',
    closed: '● Closed',
    openedBy: 'opened by {0} at {1}',
    closedBy: 'closed by {0} at {1}',
    create: 'Open a special inspection',
    name: 'Title',
    task: 'Task',
    finding: 'Finding',
    required: 'Required correction',
    dept: 'Responsible department',
    addItem: 'Add a finding',
    removeItem: 'Remove this finding',
    submit: 'Open',
    created: 'Inspection opened',
    corrected: '✓ Corrected',
    notCorrected: '✗ Not corrected',
    note: 'Correction made',
    record: 'Record correction',
    recorded: 'Correction recorded',
    summary: 'Conclusion',
    close: 'Close the inspection',
    closedOk: 'Inspection closed',
    none: 'No special inspections yet',
    item: 'Finding {0}',
    stillOpen: '⚠ {0} finding(s) not corrected yet ({1}): it cannot be closed yet',
    itemList: 'no. {0}',
    listSep: ', ',
    allCorrected: '✓ Every finding is corrected: write the conclusion to close it',
    correctedAt: '{0} ({1})',
    coop: 'Co-operating',
  },
)
type W = ReturnType<typeof useWords>
const when = (s: string | null) => (s ?? '').slice(0, 16).replace('T', ' ')

export function InspectionsPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{(user) => <Inspections user={user} />}</Workplace>
}

function Inspections({ user }: { user: SessionUser }) {
  const w = useWords()
  const { pick } = useI18n()
  const list = useApi('/api/inspections', inspectionsReply)
  const tasks = useApi('/api/tasks?all=true', tasksReply)
  const reviewer = user.role === 'reviewer' || user.role === 'admin'
  const byId = new Map((tasks.data ?? []).map((t) => [t.id, t]))
  return (
    <>
      {reviewer && tasks.data && <CreateForm tasks={tasks.data} onDone={list.reload} w={w} />}
      <Async state={list.data && !list.error ? { ...list, loading: false } : list} isEmpty={(l) => l.length === 0} empty={w('none')}>
        {(items) => (
          <>
            {items.map((insp) => (
              <section key={insp.id} className="card" data-testid={`inspection-${insp.id}`}>
                <h2>
                  {insp.title} <span>{insp.status === 'open' ? w('open') : w('closed')}</span>
                </h2>
                <p className="muted">
                  {w('openedBy', insp.openedBy, when(insp.openedAt))}
                  {insp.closedBy ? ` · ${w('closedBy', insp.closedBy, when(insp.closedAt))}` : ''}
                </p>
                {insp.summary && (
                  <p>
                    {w('summary')}: {insp.summary}
                  </p>
                )}
                <ol>
                  {insp.items.map((it) => {
                    const t = byId.get(it.taskId)
                    // The server checks the department (lead or co-operating) and the reporter's regions.
                    const mine = user.role === 'reporter' && !!user.department && !!t && (t.lead === user.department || t.cooperating.includes(user.department))
                    return (
                      <li key={it.id}>
                        <p>
                          {w('task')}: <a href={`#/tasks/${encodeURIComponent(it.taskId)}`}>{t ? pick(t.title, t.titleEn) : it.taskId}</a>
                          {t ? ` · ${w('dept')}: ${t.lead}` : ''}
                          {t && t.cooperating.length > 0 ? ` · ${w('coop')}: ${t.cooperating.join('、')}` : ''}
                        </p>
                        <p>
                          {w('finding')}: {it.finding}
                        </p>
                        <p>
                          {w('required')}: {it.requiredCorrection}
                        </p>
                        <p>
                          <strong>{it.corrected ? w('corrected') : w('notCorrected')}</strong>
                          {it.correctionNote ? ` — ${w('correctedAt', it.correctionNote, when(it.correctedAt))}` : ''}
                        </p>
                        {!it.corrected && insp.status === 'open' && (mine || reviewer) && <Correct itemId={it.id} onDone={list.reload} w={w} />}
                      </li>
                    )
                  })}
                </ol>
                {reviewer && insp.status === 'open' && <Close id={insp.id} open={insp.items.flatMap((it, i) => (it.corrected ? [] : [i + 1]))} onDone={list.reload} w={w} />}
              </section>
            ))}
          </>
        )}
      </Async>
    </>
  )
}

function CreateForm({ tasks, onDone, w }: { tasks: Task[]; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const blank = { task: tasks[0]?.id ?? '', finding: '', requiredCorrection: '' }
  const [title, setTitle] = useState('')
  const [items, setItems] = useState([blank])
  const [msg, setMsg] = useState<Msg>(null)
  const set = (i: number, k: keyof typeof blank, v: string) => setItems(items.map((x, j) => (j === i ? { ...x, [k]: v } : x)))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api('/api/inspections', createdReply, {
        method: 'POST',
        json: { title: title.trim(), items: items.map((x) => ({ ...x, finding: x.finding.trim(), requiredCorrection: x.requiredCorrection.trim() })) },
      })
      setTitle('')
      setItems([blank])
      setMsg({ ok: true, text: w('created') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>{w('create')}</h2>
      <label>
        {w('name')} <input value={title} required maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </label>
      {items.map((x, i) => (
        <fieldset key={i}>
          <legend>{w('item', i + 1)}</legend>
          <label>
            {w('task')}{' '}
            <select aria-label={w('task')} value={x.task} onChange={(e) => set(i, 'task', e.target.value)}>
              {tasks.map((t) => (
                <option key={t.id} value={t.id}>
                  {pick(t.title, t.titleEn)} ({t.lead})
                </option>
              ))}
            </select>
          </label>
          <label>
            {w('finding')} <textarea value={x.finding} required maxLength={4000} onChange={(e) => set(i, 'finding', e.target.value)} />
          </label>
          <label>
            {w('required')} <textarea value={x.requiredCorrection} required maxLength={4000} onChange={(e) => set(i, 'requiredCorrection', e.target.value)} />
          </label>
          {items.length > 1 && (
            <button type="button" onClick={() => setItems(items.filter((_, j) => j !== i))}>
              {w('removeItem')}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => setItems([...items, blank])}>
        {w('addItem')}
      </button>{' '}
      <button type="submit">{w('submit')}</button>
      <Notice msg={msg} />
    </form>
  )
}

function Correct({ itemId, onDone, w }: { itemId: number; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const [note, setNote] = useState('')
  const [msg, setMsg] = useState<Msg>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/inspection-items/${itemId}/correct`, okReply, { method: 'POST', json: { note: note.trim() } })
      setMsg({ ok: true, text: w('recorded') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <label>
        {w('note')} <textarea value={note} required maxLength={4000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">{w('record')}</button>
      <Notice msg={msg} />
    </form>
  )
}

/** Closing: why it cannot be closed yet is said before trying (the findings still open); the server's refusal too. */
function Close({ id, open, onDone, w }: { id: number; open: number[]; onDone: () => void; w: W }) {
  const { pick } = useI18n()
  const [summary, setSummary] = useState('')
  const [msg, setMsg] = useState<Msg>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/inspections/${id}/close`, okReply, { method: 'POST', json: { summary: summary.trim() } })
      setMsg({ ok: true, text: w('closedOk') })
      onDone()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p className={open.length > 0 ? 'state state-warn' : 'muted'} data-testid={`close-rule-${id}`}>
        {open.length > 0 ? w('stillOpen', open.length, open.map((n) => w('itemList', n)).join(w('listSep'))) : w('allCorrected')}
      </p>
      <label>
        {w('summary')} <textarea value={summary} required maxLength={4000} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <button type="submit">{w('close')}</button>
      <Notice msg={msg} />
    </form>
  )
}
