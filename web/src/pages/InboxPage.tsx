/** 待办 / To do (issue 15): open data requests, values a reviewer returned, drafts not yet submitted, tasks coming due — each linking to where it is done. */
import { inboxReply } from '../../../src/contract/index.js'
import { fmt, useApi } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async } from '../ui'

const useWords = defineMessages(
  {
    title: '待办',
    returned: '被退回的数值',
    noReturned: '没有被退回的数值。',
    returnedBy: '{0} 于 {1} 退回',
    comment: '审核意见：{0}',
    noComment: '（未附意见）',
    fix: '去修改',
    drafts: '尚未提交的草稿',
    noDrafts: '没有未提交的草稿。',
    draftCount: '{0} · {1} 年：{2} 项草稿',
    submit: '去提交',
    tasks: '60 天内到期或已逾期的任务',
    noTasks: '没有临近截止的任务。',
    due: '截止 {0}，还剩 {1} 天',
    overdue: '截止 {0}，已逾期 {1} 天',
    percent: '进度 {0}%',
    open: '打开任务',
    requests: '待报送的数据征集',
    noRequests: '没有点名您所在地区的数据征集。',
    requestDue: '{0} 年数据，截止 {1}，还剩 {2} 天',
    requestOverdue: '{0} 年数据，截止 {1}，已逾期 {2} 天',
    requestProgress: '已填写 {0}/{2} · 已提交 {1}/{2}',
    openRequest: '查看征集并下载模板',
    requestDone: '已全部提交',
  },
  {
    title: 'To do',
    returned: 'Values returned to me',
    noReturned: 'No returned values.',
    returnedBy: 'Returned by {0} on {1}',
    comment: "Reviewer's comment: {0}",
    noComment: '(no comment given)',
    fix: 'Fix it',
    drafts: 'Drafts not yet submitted',
    noDrafts: 'No unsubmitted drafts.',
    draftCount: '{0} · {1}: {2} draft(s)',
    submit: 'Go and submit',
    tasks: 'Tasks due within 60 days or overdue',
    noTasks: 'No tasks coming due.',
    due: 'Due {0}, {1} day(s) left',
    overdue: 'Due {0}, overdue by {1} day(s)',
    percent: '{0}% done',
    open: 'Open the task',
    requests: 'Data requests to answer',
    noRequests: 'No data request names your regions.',
    requestDue: 'Data for {0}, due {1}, {2} day(s) left',
    requestOverdue: 'Data for {0}, due {1}, overdue by {2} day(s)',
    requestProgress: '{0}/{2} entered · {1}/{2} submitted',
    openRequest: 'Open the request and its template',
    requestDone: 'all submitted',
  },
)

function InboxBody() {
  const w = useWords()
  const { lang } = useI18n()
  const state = useApi('/api/inbox', inboxReply)
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <Async state={state}>
      {(inbox) => (
        <>
          <section aria-labelledby="inbox-requests">
            <h2 id="inbox-requests">
              <span aria-hidden="true">📋 </span>
              {w('requests')} ({inbox.requests.length})
            </h2>
            {inbox.requests.length === 0 ? (
              <p className="muted">{w('noRequests')}</p>
            ) : (
              <ul className="inbox-list" data-testid="inbox-requests">
                {inbox.requests.map((r) => (
                  <li key={r.id}>
                    <strong>{r.title}</strong>
                    <div className={r.late ? 'state-error' : undefined}>
                      <span aria-hidden="true">{r.late ? '⚠ ' : ''}</span>
                      {r.daysLeft < 0 ? w('requestOverdue', r.year, r.due, -r.daysLeft) : w('requestDue', r.year, r.due, r.daysLeft)}
                    </div>
                    <div>
                      {w('requestProgress', r.entered, r.submitted, r.expected)}
                      {r.expected > 0 && r.submitted === r.expected && (
                        <>
                          {' · '}
                          <span aria-hidden="true">✓ </span>
                          {w('requestDone')}
                        </>
                      )}
                    </div>
                    <a href={`#/requests/${r.id}`}>{w('openRequest')}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="inbox-returned">
            <h2 id="inbox-returned">
              <span aria-hidden="true">↩ </span>
              {w('returned')} ({inbox.returned.length})
            </h2>
            {inbox.returned.length === 0 ? (
              <p className="muted">{w('noReturned')}</p>
            ) : (
              <ul className="inbox-list" data-testid="inbox-returned">
                {inbox.returned.map((r) => (
                  <li key={r.id}>
                    <strong>
                      {r.regionName} · {r.indicatorName} · {r.year}
                    </strong>
                    : {fmt(r.value)} {r.unit}
                    <div>
                      <span aria-hidden="true">💬 </span>
                      {r.comment ? w('comment', r.comment) : w('noComment')}
                    </div>
                    <div className="muted small">{w('returnedBy', r.returnedBy, when(r.returnedAt))}</div>
                    <a href={`#/data?indicator=${encodeURIComponent(r.indicator)}&region=${encodeURIComponent(r.region)}&year=${r.year}`}>{w('fix')}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="inbox-drafts">
            <h2 id="inbox-drafts">
              <span aria-hidden="true">✎ </span>
              {w('drafts')}
            </h2>
            {inbox.drafts.length === 0 ? (
              <p className="muted">{w('noDrafts')}</p>
            ) : (
              <ul className="inbox-list" data-testid="inbox-drafts">
                {inbox.drafts.map((d) => (
                  <li key={`${d.region}-${d.year}`}>
                    {w('draftCount', d.regionName, d.year, d.count)} <a href={`#/data?region=${encodeURIComponent(d.region)}&year=${d.year}`}>{w('submit')}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="inbox-tasks">
            <h2 id="inbox-tasks">
              <span aria-hidden="true">⏰ </span>
              {w('tasks')}
            </h2>
            {inbox.tasks.length === 0 ? (
              <p className="muted">{w('noTasks')}</p>
            ) : (
              <ul className="inbox-list" data-testid="inbox-tasks">
                {inbox.tasks.map((t) => (
                  <li key={t.id}>
                    <strong>{lang === 'zh' ? t.title : t.titleEn || t.title}</strong>
                    <div className={t.overdue ? 'state-error' : undefined}>
                      <span aria-hidden="true">{t.overdue ? '⚠ ' : ''}</span>
                      {t.overdue ? w('overdue', t.deadline, -t.daysLeft) : w('due', t.deadline, t.daysLeft)} · {w('percent', t.percent)}
                    </div>
                    <a href={`#/tasks/${encodeURIComponent(t.id)}`}>{w('open')}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Async>
  )
}

export function InboxPage() {
  const w = useWords()
  return (
    <Workplace title={w('title')} roles={['reporter', 'admin']}>
      {() => <InboxBody />}
    </Workplace>
  )
}
