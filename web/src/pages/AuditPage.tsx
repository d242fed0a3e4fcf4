/** 审计日志 / Audit log (issue 15): filters, pages, each entry's detail, the CSV export. */
import { useMemo, useState, type FormEvent } from 'react'

import { auditReply } from '../../../src/contract/index.js'
import { fmt, regionsReply, useApi } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async } from '../ui'

/** Every action code the server records, with its name in both languages. */
const ACTIONS: Record<string, [string, string]> = {
  'observation.create': ['录入数值', 'Value entered'],
  'observation.update': ['修改数值', 'Value changed'],
  'observation.submit': ['提交审核', 'Submitted for review'],
  'observation.return': ['退回', 'Returned'],
  'observation.approve': ['审核通过', 'Approved'],
  'observation.publish': ['发布', 'Published'],
  'observation.comment': ['留言', 'Comment'],
  'observation.follow_up': ['标记/取消需跟进', 'Follow-up flag set or cleared'],
  import: ['导入文件', 'File imported'],
  'inspection.open': ['发起专项督查', 'Inspection opened'],
  'inspection.correct': ['记录整改', 'Correction recorded'],
  'inspection.close': ['关闭专项督查', 'Inspection closed'],
  'report.generate': ['生成报告', 'Report generated'],
  'report.publish': ['发布报告', 'Report published'],
  'series.prefer': ['指定首选来源', 'Preferred source set'],
  'series.prefer_clear': ['取消首选来源', 'Preferred source cleared'],
  'source.grade': ['设定来源等级', 'Source graded'],
  'source.grade_stated': ['来源等级声明', 'Source grade stated'],
  'sources.load': ['载入来源目录', 'Sources loaded'],
  'task.report': ['提交进展报告', 'Progress report filed'],
  'task.report_accept': ['采纳进展报告', 'Progress report accepted'],
  'task.report_return': ['退回进展报告', 'Progress report returned'],
  'task.split': ['拆分任务', 'Task split'],
  'task.update': ['更新任务', 'Task updated'],
  'user.create': ['新建账号', 'Account created'],
  'user.disable': ['停用账号', 'Account disabled'],
  'user.enable': ['启用账号', 'Account enabled'],
  'user.set_role': ['更改角色', 'Role changed'],
  'user.set_profile': ['修改账号信息', 'Account details changed'],
  'user.reset_password': ['重置密码', 'Password reset'],
  'user.change_password': ['修改本人密码', 'Own password changed'],
  'token.create': ['创建 API 令牌', 'API token created'],
  'token.revoke': ['吊销 API 令牌', 'API token revoked'],
  'data_request.create': ['发起数据征集', 'Data request opened'],
  'data_request.update': ['修改数据征集', 'Data request changed'],
  'data_request.close': ['关闭数据征集', 'Data request closed'],
  'data_request.reopen': ['重新开启数据征集', 'Data request reopened'],
}

/** What an entry is about, in words (the code stays visible beside it for searching). */
const ENTITIES: Record<string, [string, string]> = {
  observation: ['数值', 'Value'],
  import: ['导入', 'Import'],
  task: ['任务', 'Task'],
  inspection: ['专项督查', 'Inspection'],
  user: ['账号', 'Account'],
  report: ['报告', 'Report'],
  series: ['数据序列', 'Series'],
  source: ['来源', 'Source'],
  source_registry: ['来源目录', 'Source list'],
  data_request: ['数据征集', 'Data request'],
}

/** Task states as the task pages word them; value states come from the shared dictionary (ws_…). */
const TASK_STATES: Record<string, [string, string]> = {
  not_started: ['未开始', 'Not started'],
  in_progress: ['推进中', 'In progress'],
  done: ['已完成', 'Done'],
  delayed: ['滞后', 'Delayed'],
  dropped: ['已取消', 'Dropped'],
}

const PAGE = 100

const useWords = defineMessages(
  {
    title: '审计日志',
    intro: '系统中的每一次更改都记录在此，只增不改。按条件筛选后可导出为 CSV（导出本身不记入日志）。',
    actor: '操作人（用户名）',
    action: '操作',
    anyAction: '全部操作',
    from: '起始日期',
    to: '截止日期（含）',
    region: '地区',
    anyRegion: '全部地区',
    indicator: '指标代码',
    entity: '对象类型',
    apply: '筛选',
    clear: '清除条件',
    csv: '导出 CSV',
    at: '时间',
    what: '对象',
    change: '变化',
    origin: '来源地址',
    detail: '详情',
    more: '下一页（更早）',
    first: '回到最新',
    shown: '显示 {0} 条',
    none: '没有符合条件的记录',
  },
  {
    title: 'Audit log',
    intro: 'Every change in the system is recorded here, append-only. Filter, then export as CSV (the export itself is not logged).',
    actor: 'Who (user name)',
    action: 'Action',
    anyAction: 'All actions',
    from: 'From date',
    to: 'To date (inclusive)',
    region: 'Region',
    anyRegion: 'All regions',
    indicator: 'Indicator code',
    entity: 'Entity type',
    apply: 'Filter',
    clear: 'Clear filters',
    csv: 'Export CSV',
    at: 'When',
    what: 'Entity',
    change: 'Change',
    origin: 'Origin',
    detail: 'Detail',
    more: 'Next page (older)',
    first: 'Back to newest',
    shown: '{0} entries shown',
    none: 'No entries match',
  },
)

interface Filters {
  actor: string
  action: string
  from: string
  to: string
  region: string
  indicator: string
  entity: string
}
const EMPTY: Filters = { actor: '', action: '', from: '', to: '', region: '', indicator: '', entity: '' }

function queryOf(f: Filters): URLSearchParams {
  const q = new URLSearchParams()
  if (f.actor.trim()) q.set('actor', f.actor.trim())
  if (f.action) q.set('action', f.action)
  if (f.from) q.set('since', f.from)
  if (f.to) q.set('until', f.to)
  if (f.region) q.set('region', f.region)
  if (f.indicator.trim()) q.set('indicator', f.indicator.trim())
  if (f.entity.trim()) q.set('entity', f.entity.trim())
  return q
}

export function AuditPage() {
  const w = useWords()
  const { pick, code } = useI18n()
  const [draft, setDraft] = useState<Filters>(EMPTY)
  const [applied, setApplied] = useState<Filters>(EMPTY)
  const [before, setBefore] = useState<number | null>(null)
  const regions = useApi('/api/regions', regionsReply)
  const q = queryOf(applied)
  const listQ = new URLSearchParams(q)
  listQ.set('limit', String(PAGE))
  if (before !== null) listQ.set('before', String(before))
  const state = useApi(`/api/audit?${listQ.toString()}`, auditReply)
  const csvQ = new URLSearchParams(q)
  csvQ.set('format', 'csv')
  const regionName = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, pick(r.name, r.nameEn)])), [regions.data, pick])
  const wordOf = (words: Record<string, [string, string]>, c: string) => {
    const n = words[c]
    return n ? pick(n[0], n[1]) : c
  }
  const actionName = (a: string) => wordOf(ACTIONS, a)
  const stateName = (entity: string, s: string | null) => (s === null ? '—' : entity.startsWith('task') ? wordOf(TASK_STATES, s) : code('ws_', s))
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setApplied(draft)
    setBefore(null)
  }
  return (
    <Workplace title={w('title')} roles={['reviewer', 'admin']}>
      {() => (
        <>
          <p>{w('intro')}</p>
          <form onSubmit={submit} className="filters" data-testid="audit-filters">
            <label>
              {w('actor')} <input value={draft.actor} onChange={set('actor')} maxLength={64} name="actor" />
            </label>
            <label>
              {w('action')}{' '}
              <select value={draft.action} onChange={set('action')} name="action">
                <option value="">{w('anyAction')}</option>
                {Object.keys(ACTIONS).map((a) => (
                  <option key={a} value={a}>
                    {actionName(a)} ({a})
                  </option>
                ))}
              </select>
            </label>
            <label>
              {w('from')} <input type="date" value={draft.from} onChange={set('from')} />
            </label>
            <label>
              {w('to')} <input type="date" value={draft.to} onChange={set('to')} />
            </label>
            <label>
              {w('region')}{' '}
              <select value={draft.region} onChange={set('region')}>
                <option value="">{w('anyRegion')}</option>
                {(regions.data ?? [])
                  .filter((r) => r.level !== 'grouping')
                  .map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.level === 'county' ? '　' : ''}
                      {pick(r.name, r.nameEn)}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {w('indicator')} <input value={draft.indicator} onChange={set('indicator')} maxLength={64} />
            </label>
            <label>
              {w('entity')} <input value={draft.entity} onChange={set('entity')} maxLength={64} placeholder="user, observation…" />
            </label>
            <button type="submit">{w('apply')}</button>{' '}
            <button
              type="button"
              onClick={() => {
                setDraft(EMPTY)
                setApplied(EMPTY)
                setBefore(null)
              }}
            >
              {w('clear')}
            </button>{' '}
            <a href={`/api/audit?${csvQ.toString()}`} download data-testid="audit-csv">
              {w('csv')}
            </a>
          </form>
          <Async state={state} isEmpty={(d) => d.length === 0} empty={w('none')}>
            {(d) => (
              <>
                <p role="status">{w('shown', d.length)}</p>
                <div className="table-wrap">
                  <table data-testid="audit-table">
                    <thead>
                      <tr>
                        <th scope="col">{w('at')}</th>
                        <th scope="col">{w('actor')}</th>
                        <th scope="col">{w('action')}</th>
                        <th scope="col">{w('what')}</th>
                        <th scope="col">{w('change')}</th>
                        <th scope="col">{w('origin')}</th>
                        <th scope="col">{w('detail')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.map((e) => (
                        <tr key={e.id}>
                          <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
                          <td>{e.actor}</td>
                          <td>
                            {actionName(e.action)} <span className="muted">({e.action})</span>
                          </td>
                          <td>
                            {wordOf(ENTITIES, e.entity)}
                            {e.entityId ? ` ${e.entityId}` : ''}
                            {e.indicator ? ` · ${e.indicator}` : ''}
                            {e.region ? ` · ${regionName.get(e.region) ?? e.region}` : ''}
                            {e.period ? ` · ${e.period}` : ''}
                            {e.source ? ` · ${e.source}` : ''}
                          </td>
                          <td>
                            {e.oldValue !== null || e.newValue !== null ? `${fmt(e.oldValue, 4)} → ${fmt(e.newValue, 4)}` : ''}
                            {e.oldStatus !== null || e.newStatus !== null ? ` [${stateName(e.entity, e.oldStatus)} → ${stateName(e.entity, e.newStatus)}]` : ''}
                          </td>
                          <td>{e.origin ?? '—'}</td>
                          <td>
                            {e.detail !== null && e.detail !== undefined && (
                              <details>
                                <summary>{w('detail')}</summary>
                                <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(e.detail, null, 2)}</pre>
                              </details>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {before !== null && (
                  <button type="button" onClick={() => setBefore(null)}>
                    {w('first')}
                  </button>
                )}{' '}
                {d.length === PAGE && (
                  <button type="button" onClick={() => setBefore(d[d.length - 1]?.id ?? null)}>
                    {w('more')}
                  </button>
                )}
              </>
            )}
          </Async>
        </>
      )}
    </Workplace>
  )
}
