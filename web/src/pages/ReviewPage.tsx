/**
 * The reviewer's page: values waiting for review beside the published ones, approved one by one or in bulk,
 * returned with a comment, published.
 * @module
 */
import { useEffect, useMemo, useState } from 'react'

import { api, fmt, indicatorsReply, regionsReply, reviewQueueReply, transitionReply, useApi, type Indicator, type QueueItem, type Region } from '../api'
import { HistoryDialog, type CellRef } from '../components/HistoryDialog'
import { SourceCite, useSourceIndex } from '../components/SourceBadge'
import { useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async, errText, Notice, type Msg } from '../ui'

export function ReviewPage() {
  const { t } = useI18n()
  return (
    <Workplace title={t('queueTitle')} roles={['reviewer', 'admin', 'viewer']}>
      {(user) => <ReviewWork canAct={user.role !== 'viewer'} />}
    </Workplace>
  )
}

function ReviewWork({ canAct }: { canAct: boolean }) {
  const indicators = useApi('/api/indicators', indicatorsReply)
  const regions = useApi('/api/regions', regionsReply)
  return <Async state={indicators}>{(inds) => <Async state={regions}>{(all) => <Queue canAct={canAct} indicators={inds} regions={all} />}</Async>}</Async>
}

/** The change a submitted value makes to the published one: absolute and relative, with a word for the direction. */
function Diff({ q }: { q: QueueItem }) {
  const { t, quantity } = useI18n()
  if (q.publishedValue === null) return <span className="diff diff-new">{t('diffNew')}</span>
  const d = q.value - q.publishedValue
  if (d === 0) return <span className="diff">{t('diffSame')}</span>
  const pct = q.publishedValue === 0 ? null : (d / Math.abs(q.publishedValue)) * 100
  const big = pct !== null && Math.abs(pct) >= BIG_CHANGE_PCT
  return (
    <span className={`diff ${d > 0 ? 'diff-up' : 'diff-down'}${big ? ' diff-big' : ''}`}>
      <span aria-hidden="true">{d > 0 ? '▲' : '▼'} </span>
      <span className="sr-only">{d > 0 ? t('diffUp') : t('diffDown')} </span>
      {d > 0 ? '+' : '−'}
      {quantity(Math.abs(d), q.unit, 4)}
      {pct !== null && (
        <>
          {' '}
          ({d > 0 ? '+' : '−'}
          {fmt(Math.abs(pct), 1)}%)
        </>
      )}
      {big && <span className="flag"> · {t('diffBig')}</span>}
    </span>
  )
}

/** Changes of this size (%) are flagged for a closer look. */
const BIG_CHANGE_PCT = 20

function Queue({ canAct, indicators, regions }: { canAct: boolean; indicators: Indicator[]; regions: Region[] }) {
  const { t, pick, code, lang, quantity } = useI18n()
  const state = useApi('/api/review/queue', reviewQueueReply)
  const sources = useSourceIndex()
  const [comments, setComments] = useState<Record<number, string>>({})
  const [selected, setSelected] = useState<number[]>([])
  const [msg, setMsg] = useState<Msg>(null)
  const [busy, setBusy] = useState(false)
  const [history, setHistory] = useState<CellRef | null>(null)
  const indName = useMemo(() => new Map(indicators.map((i) => [i.id, i.nameEn])), [indicators])
  const regName = useMemo(() => new Map(regions.map((r) => [r.code, r.nameEn])), [regions])
  const label = (q: QueueItem) =>
    `${lang === 'en' ? (regName.get(q.region) ?? q.region) : q.regionName} · ${lang === 'en' ? (indName.get(q.indicator) ?? q.indicator) : q.indicatorName} · ${q.year}`
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' })
  // Rows that left the queue (or changed status) drop out of the selection.
  useEffect(() => {
    const ids = new Set((state.data ?? []).filter((q) => q.status === 'submitted').map((q) => q.id))
    setSelected((s) => s.filter((id) => ids.has(id)))
  }, [state.data])

  async function act(action: 'approve' | 'publish' | 'return', items: QueueItem[]) {
    setMsg(null)
    const first = items[0]
    if (!first) return
    const comment = comments[first.id]?.trim()
    if (action === 'return' && !comment) return setMsg({ ok: false, text: t('commentRequired') })
    setBusy(true)
    try {
      await api('/api/review/' + action, transitionReply, { method: 'POST', json: { ids: items.map((q) => q.id), ...(action === 'return' ? { comment } : {}) } })
      setMsg({ ok: true, text: t('done', items.length === 1 ? `${label(first)} → ${t(action)}` : t('bulkDone', items.length, t(action))) })
      state.reload()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="panel" aria-labelledby="h-queue">
      <h3 id="h-queue">{t('queueTitle')}</h3>
      <p className="muted small">{t('queueIntro')}</p>
      <Notice msg={msg} />
      <Async state={state} isEmpty={(d) => d.length === 0} empty={t('queueEmpty')}>
        {(d) => {
          const submitted = d.filter((q) => q.status === 'submitted')
          const all = submitted.length > 0 && submitted.every((q) => selected.includes(q.id))
          return (
            <>
              {canAct && (
                <div className="filters">
                  <button
                    type="button"
                    disabled={busy || selected.length === 0}
                    onClick={() =>
                      void act(
                        'approve',
                        d.filter((q) => selected.includes(q.id)),
                      )
                    }
                    data-testid="bulk-approve"
                  >
                    {t('bulkApprove', selected.length)}
                  </button>
                  <span className="muted small">{t('bulkHint')}</span>
                </div>
              )}
              <div className="table-wrap">
                <table data-testid="queue">
                  <caption className="sr-only">{t('queueTitle')}</caption>
                  <thead>
                    <tr>
                      {canAct && (
                        <th scope="col">
                          <input
                            type="checkbox"
                            aria-label={t('selectAll')}
                            checked={all}
                            disabled={submitted.length === 0}
                            onChange={(e) => setSelected(e.target.checked ? submitted.map((q) => q.id) : [])}
                          />
                        </th>
                      )}
                      <th scope="col">{t('cell')}</th>
                      <th scope="col">{t('submittedValue')}</th>
                      <th scope="col">{t('publishedValue')}</th>
                      <th scope="col">{t('difference')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('submittedBy')}</th>
                      <th scope="col">{t('note')}</th>
                      <th scope="col">{t('actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.map((q) => (
                      <tr key={q.id} data-id={q.id} className={selected.includes(q.id) ? 'selected' : undefined}>
                        {canAct && (
                          <td>
                            {q.status === 'submitted' && (
                              <input
                                type="checkbox"
                                aria-label={t('selectRow', label(q))}
                                checked={selected.includes(q.id)}
                                onChange={(e) => setSelected((s) => (e.target.checked ? [...s, q.id] : s.filter((x) => x !== q.id)))}
                              />
                            )}
                          </td>
                        )}
                        <th scope="row">
                          {label(q)}
                          <div className="small src">
                            <SourceCite source={q.source} grade={q.sourceGrade} vintage={q.sourceVintage} index={sources} />
                          </div>
                        </th>
                        <td className="nowrap num">{quantity(q.value, q.unit, 4)}</td>
                        <td className="nowrap num">{quantity(q.publishedValue, q.unit, 4)}</td>
                        <td className="nowrap">
                          <Diff q={q} />
                        </td>
                        <td>
                          <span className={`wstatus ws-${q.status}`}>{code('ws_', q.status)}</span>
                        </td>
                        <td className="small">
                          {q.updatedBy}
                          <div className="muted">{when(q.updatedAt)}</div>
                        </td>
                        <td className="small">
                          {q.note ?? '—'}
                          {q.reviewComment && <div className="muted">{t('lastComment', q.reviewComment)}</div>}
                        </td>
                        <td className="actions">
                          {canAct && q.status === 'submitted' && (
                            <button type="button" disabled={busy} onClick={() => void act('approve', [q])}>
                              {t('approve')}
                            </button>
                          )}
                          {canAct && q.status === 'approved' && (
                            <button type="button" disabled={busy} onClick={() => void act('publish', [q])}>
                              {t('publish')}
                            </button>
                          )}
                          {canAct && (
                            <>
                              <label className="inline">
                                {t('comment')}
                                <input value={comments[q.id] ?? ''} onChange={(e) => setComments({ ...comments, [q.id]: e.target.value })} />
                              </label>
                              <button type="button" className="secondary" disabled={busy} onClick={() => void act('return', [q])}>
                                {t('return')}
                              </button>
                            </>
                          )}
                          <button
                            type="button"
                            className="secondary"
                            aria-label={t('historyOf', label(q))}
                            onClick={() => setHistory({ indicator: q.indicator, region: q.region, year: q.year, label: label(q) })}
                          >
                            {t('historyShort')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }}
      </Async>
      {history && <HistoryDialog cell={history} onClose={() => setHistory(null)} />}
    </section>
  )
}
