/**
 * A value's comment thread (GET/POST /api/observations/{id}/comments): the reporter's and reviewers' messages about
 * one cell, oldest first, kept across new versions of the value, with the follow-up flag (⚑) reviewers raise on a
 * figure that needs another look. Shown in the history dialog, so the conversation sits beside the versions it is about.
 */
import { useState, type FormEvent } from 'react'

import { api, ApiError, commentThreadReply, type CommentThreadReply, useApi } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { useSession } from '../session'
import { Async, errText, Notice, type Msg } from '../ui'

const useWords = defineMessages(
  {
    title: '讨论',
    intro: '关于这个数值的留言，按时间先后；数值改版后仍保留。',
    empty: '还没有留言。',
    write: '留言',
    send: '发送留言',
    sending: '正在发送…',
    sent: '留言已发送。',
    tooLong: '留言最多 2000 字（现在 {0} 字）。',
    blank: '请先写下留言内容。',
    followUp: '⚑ 需跟进',
    followUpHelp: '标记需跟进：这个数值还要再核实，审核队列里可按此筛选。',
    markFollowUp: '标记需跟进',
    clearFollowUp: '取消需跟进',
    flagged: '已标记需跟进',
    kind_return: '退回意见',
    kind_follow_up_on: '标记需跟进',
    kind_follow_up_off: '取消需跟进',
    version: '针对 v{0}',
    readOnly: '只读账户可以查看留言，不能发言。',
  },
  {
    title: 'Discussion',
    intro: 'Messages about this value, oldest first; they stay when the value gets a new version.',
    empty: 'No messages yet.',
    write: 'Message',
    send: 'Send message',
    sending: 'Sending…',
    sent: 'Message sent.',
    tooLong: 'A message has at most 2000 characters (now {0}).',
    blank: 'Write the message first.',
    followUp: '⚑ Follow-up',
    followUpHelp: 'Flag for follow-up: this value needs another look; the review queue can filter on it.',
    markFollowUp: 'Flag for follow-up',
    clearFollowUp: 'Clear follow-up',
    flagged: 'Flagged for follow-up',
    kind_return: 'Return comment',
    kind_follow_up_on: 'Flagged for follow-up',
    kind_follow_up_off: 'Follow-up cleared',
    version: 'on v{0}',
    readOnly: 'A read-only account can read the messages but not write.',
  },
)

const MAX = 2000

export function CommentThread({ observationId, onChange }: { observationId: number; onChange?: (t: CommentThreadReply) => void }) {
  const { lang, pick } = useI18n()
  const w = useWords()
  const { user } = useSession()
  const state = useApi(`/api/observations/${observationId}/comments`, commentThreadReply)
  const [thread, setThread] = useState<CommentThreadReply | null>(null)
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<Msg>(null)
  const shown = thread ?? state.data
  const canWrite = user && user.role !== 'viewer'
  const canFlag = user && (user.role === 'reviewer' || user.role === 'admin')
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })

  async function post(input: { body?: string; followUp?: boolean }) {
    setBusy(true)
    setMsg(null)
    try {
      const reply = await api(`/api/observations/${observationId}/comments`, commentThreadReply, { method: 'POST', json: input })
      setThread(reply)
      onChange?.(reply)
      if (input.body !== undefined) {
        setBody('')
        setMsg({ ok: true, text: w('sent') })
      }
    } catch (e) {
      setMsg({ ok: false, text: e instanceof ApiError ? errText(e, pick) : String(e) })
    } finally {
      setBusy(false)
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    const text = body.trim()
    if (!text) return setMsg({ ok: false, text: w('blank') })
    if (text.length > MAX) return setMsg({ ok: false, text: w('tooLong', text.length) })
    void post({ body: text })
  }

  return (
    <section className="comment-thread" aria-labelledby={`h-thread-${observationId}`} data-testid="comment-thread">
      <div className="thread-head">
        <h4 id={`h-thread-${observationId}`}>{w('title')}</h4>
        {shown?.followUp && (
          <span className="follow-up-badge" data-testid="follow-up-badge">
            {w('flagged')}
          </span>
        )}
        {canFlag && shown && (
          <button type="button" className="secondary small" disabled={busy} onClick={() => void post({ followUp: !shown.followUp })} title={w('followUpHelp')}>
            {shown.followUp ? w('clearFollowUp') : w('markFollowUp')}
          </button>
        )}
      </div>
      <p className="muted small">{w('intro')}</p>
      <Async state={state} isEmpty={() => false}>
        {() => {
          const said = (shown?.comments ?? []).filter((c) => c.kind !== 'comment' || c.body)
          return said.length === 0 ? (
            <p className="muted">{w('empty')}</p>
          ) : (
            <ol className="thread-list">
              {said.map((c) => (
                <li key={c.id} className={`thread-item tk-${c.kind}`} data-testid="thread-item">
                  <div className="thread-meta small">
                    <strong>{c.authorName}</strong>
                    {c.kind !== 'comment' && <span className={`thread-kind tk-${c.kind}`}>{w(`kind_${c.kind}`)}</span>}
                    <span className="muted">{w('version', c.observationVersion)}</span>
                    <time className="muted" dateTime={c.createdAt}>
                      {when(c.createdAt)}
                    </time>
                  </div>
                  {c.body && <p className="thread-body">{c.body}</p>}
                </li>
              ))}
            </ol>
          )
        }}
      </Async>
      {canWrite ? (
        <form className="thread-form" onSubmit={submit}>
          <label htmlFor={`thread-body-${observationId}`}>{w('write')}</label>
          <textarea id={`thread-body-${observationId}`} rows={2} value={body} maxLength={MAX + 200} onChange={(e) => setBody(e.target.value)} />
          <div className="thread-actions">
            <span className={`muted small${body.length > MAX ? ' over' : ''}`} aria-live="polite">
              {body.length}/{MAX}
            </span>
            <button type="submit" disabled={busy}>
              {busy ? w('sending') : w('send')}
            </button>
          </div>
          <Notice msg={msg} />
        </form>
      ) : (
        user && <p className="muted small">{w('readOnly')}</p>
      )}
    </section>
  )
}
