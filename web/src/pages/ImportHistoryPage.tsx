/** 导入记录 / Import history (issue 15): who loaded which file when, with what it did; filter by user and date, paged. */
import { useState } from 'react'

import { importListReply, type ImportRecordReply } from '../../../src/contract/index.js'
import { useApi } from '../api'
import { defineMessages } from '../i18n'
import { Workplace } from '../session'
import { Async } from '../ui'

const PAGE = 50

const useWords = defineMessages(
  {
    title: '导入记录',
    intro: '每次导入的文件：谁在何时导入、文件名与校验值、格式、布局、来源，以及新增、更新、未变和警告的条数。审核员与管理员看到全部，填报员只看到自己的导入。',
    byUser: '导入人（用户名）',
    from: '起始日期',
    to: '截止日期',
    none: '没有符合条件的导入记录。',
    total: '共 {0} 条，显示第 {1}–{2} 条',
    prev: '上一页',
    next: '下一页',
    at: '时间',
    by: '导入人',
    file: '文件',
    format: '格式 / 布局',
    source: '来源',
    created: '新增',
    updated: '更新',
    unchanged: '未变',
    warnings: '警告',
    sha: 'SHA-256',
  },
  {
    title: 'Import history',
    intro:
      'Every imported file: who loaded it when, its name and checksum, format, layout, source, and how many figures it created, updated, left unchanged, with how many warnings. Reviewers and admins see all imports, a reporter its own.',
    byUser: 'Imported by (user name)',
    from: 'From date',
    to: 'To date',
    none: 'No import matches.',
    total: '{0} in all, showing {1}–{2}',
    prev: 'Previous page',
    next: 'Next page',
    at: 'When',
    by: 'By',
    file: 'File',
    format: 'Format / layout',
    source: 'Source',
    created: 'Created',
    updated: 'Updated',
    unchanged: 'Unchanged',
    warnings: 'Warnings',
    sha: 'SHA-256',
  },
)

function Row({ r }: { r: ImportRecordReply }) {
  return (
    <tr>
      <td>{r.at.replace('T', ' ').slice(0, 19)}</td>
      <td>{r.by}</td>
      <td>
        <span className="wrap-anywhere">{r.fileName}</span>
        <br />
        <small className="muted wrap-anywhere" title={r.sha256}>
          {r.sha256.slice(0, 12)}…
        </small>
      </td>
      <td>
        {r.format} / {r.layout}
      </td>
      <td className="wrap-anywhere">{r.source ?? '—'}</td>
      <td className="num">{r.created}</td>
      <td className="num">{r.updated}</td>
      <td className="num">{r.unchanged}</td>
      <td className="num">{r.warnings}</td>
    </tr>
  )
}

function History({ canFilterUser }: { canFilterUser: boolean }) {
  const w = useWords()
  const [by, setBy] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [offset, setOffset] = useState(0)
  const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) })
  if (by.trim()) q.set('by', by.trim())
  if (from) q.set('from', from)
  if (to) q.set('to', to)
  const state = useApi(`/api/imports?${q.toString()}`, importListReply)
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setOffset(0)
    }
  return (
    <>
      <p>{w('intro')}</p>
      <div className="filters">
        {canFilterUser && (
          <label>
            {w('byUser')}
            <input value={by} onChange={(e) => reset(setBy)(e.target.value)} data-testid="imports-by" />
          </label>
        )}
        <label>
          {w('from')}
          <input type="date" value={from} onChange={(e) => reset(setFrom)(e.target.value)} />
        </label>
        <label>
          {w('to')}
          <input type="date" value={to} onChange={(e) => reset(setTo)(e.target.value)} />
        </label>
      </div>
      <Async state={state} isEmpty={(d) => d.total === 0} empty={<div className="state state-empty">{w('none')}</div>}>
        {(d) => (
          <>
            <p role="status">{w('total', d.total, d.offset + 1, d.offset + d.imports.length)}</p>
            <div className="table-wrap">
              <table data-testid="imports-table">
                <caption className="sr-only">{w('title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w('at')}</th>
                    <th scope="col">{w('by')}</th>
                    <th scope="col">{w('file')}</th>
                    <th scope="col">{w('format')}</th>
                    <th scope="col">{w('source')}</th>
                    <th scope="col" className="num">
                      {w('created')}
                    </th>
                    <th scope="col" className="num">
                      {w('updated')}
                    </th>
                    <th scope="col" className="num">
                      {w('unchanged')}
                    </th>
                    <th scope="col" className="num">
                      {w('warnings')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.imports.map((r) => (
                    <Row key={r.id} r={r} />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="filters">
              <button type="button" disabled={d.offset === 0} onClick={() => setOffset(Math.max(0, d.offset - PAGE))}>
                {w('prev')}
              </button>
              <button type="button" disabled={d.offset + d.imports.length >= d.total} onClick={() => setOffset(d.offset + PAGE)}>
                {w('next')}
              </button>
            </div>
          </>
        )}
      </Async>
    </>
  )
}

export function ImportHistoryPage() {
  const w = useWords()
  return (
    <Workplace title={w('title')} roles={['reporter', 'reviewer', 'admin']}>
      {(user) => <History canFilterUser={user.role !== 'reporter'} />}
    </Workplace>
  )
}
