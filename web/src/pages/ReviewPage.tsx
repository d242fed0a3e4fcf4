/**
 * The reviewer's page: values waiting for review beside the published value and the year before (with the
 * growth and any consistency or history flags), filtered by region, indicator, year, status and flag (the filters
 * live in the address: `#/review?region=320100&year=2024`), and approved, returned with one comment or published
 * for the ticked rows after a confirmation listing them.
 * @module
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react'

import { api, fmt, indicatorsReply, regionsReply, reviewQueueReply, transitionReply, useApi, type Indicator, type QueueItem, type Region } from '../api'
import { HistoryDialog, type CellRef } from '../components/HistoryDialog'
import { SourceCite, useSourceIndex } from '../components/SourceBadge'
import { defineMessages, useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async, errText, Notice, type Msg } from '../ui'

const useWords = defineMessages(
  {
    filters: '筛选',
    region: '地区（含下辖）',
    indicator: '指标',
    year: '年份',
    status: '状态',
    flag: '提示',
    any: '全部',
    flagged: '有提示',
    unflagged: '无提示',
    followUpOnly: '⚑ 需跟进',
    followUp: '需跟进',
    comments: '{0} 条留言',
    apply: '筛选',
    clear: '清除筛选',
    previous: '上年值',
    growth: '比上年',
    flags: '一致性与历史提示',
    noPrevious: '无上年值',
    previousCurrent: '（未发布，现值）',
    points: '{0} 个百分点',
    noFlags: '无',
    bulkPublish: '发布所选（{0} 条）',
    bulkReturn: '退回所选（{0} 条）',
    bulkComment: '退回意见（对所选各条）',
    bulkTick: '勾选行后可一次通过、退回或发布；全部可办理才会执行，否则一条也不改。',
    confirmTitle: '确认：对 {0} 条数值执行“{1}”',
    confirm: '确认执行',
    cancel: '取消',
    shown: '共 {0} 条',
    errorSeverity: '错误',
    warningSeverity: '提醒',
  },
  {
    filters: 'Filters',
    region: 'Region (with its children)',
    indicator: 'Indicator',
    year: 'Year',
    status: 'Status',
    flag: 'Flags',
    any: 'All',
    flagged: 'Flagged',
    unflagged: 'Not flagged',
    followUpOnly: '⚑ Follow-up',
    followUp: 'Follow-up',
    comments: '{0} messages',
    apply: 'Filter',
    clear: 'Clear filters',
    previous: 'Year before',
    growth: 'Growth',
    flags: 'Consistency and history flags',
    noPrevious: 'No value the year before',
    previousCurrent: '(unpublished, current value)',
    points: '{0} percentage points',
    noFlags: 'None',
    bulkPublish: 'Publish selected ({0})',
    bulkReturn: 'Return selected ({0})',
    bulkComment: 'Return comment (for each selected value)',
    bulkTick: 'Tick rows to approve, return or publish them at once; it happens only if every one can move, else none does.',
    confirmTitle: 'Confirm: {1} {0} values',
    confirm: 'Confirm',
    cancel: 'Cancel',
    shown: '{0} values',
    errorSeverity: 'Error',
    warningSeverity: 'Warning',
  },
)

/** The queue's filters, as the address keeps them. */
interface Filters {
  region: string
  indicator: string
  year: string
  status: string
  flag: string
}
const FILTER_KEYS = ['region', 'indicator', 'year', 'status', 'flag'] as const

function filtersFromHash(): Filters {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '')
  return { region: q.get('region') ?? '', indicator: q.get('indicator') ?? '', year: q.get('year') ?? '', status: q.get('status') ?? '', flag: q.get('flag') ?? '' }
}

function queryOf(f: Filters, keys: ReadonlyArray<keyof Filters> = FILTER_KEYS): string {
  const q = new URLSearchParams()
  for (const k of keys) if (f[k].trim()) q.set(k, f[k].trim())
  const text = q.toString()
  return text ? `?${text}` : ''
}

const flagsOf = (q: QueueItem): QueueItem['flags'] => q.flags

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
  const w = useWords()
  const [filters, setFilters] = useState<Filters>(filtersFromHash)
  const [draft, setDraft] = useState<Filters>(filters)
  // The server filters region, indicator, year and status; flags are filtered here (they may be absent).
  const state = useApi(`/api/review/queue${queryOf(filters, ['region', 'indicator', 'year', 'status'])}`, reviewQueueReply)
  const sources = useSourceIndex()
  const [comment, setComment] = useState('')
  const [selected, setSelected] = useState<number[]>([])
  const [pending, setPending] = useState<{ action: 'approve' | 'publish' | 'return'; items: QueueItem[] } | null>(null)
  const [msg, setMsg] = useState<Msg>(null)
  const [busy, setBusy] = useState(false)
  const [history, setHistory] = useState<CellRef | null>(null)
  const indName = useMemo(() => new Map(indicators.map((i) => [i.id, i.nameEn])), [indicators])
  const regName = useMemo(() => new Map(regions.map((r) => [r.code, r.nameEn])), [regions])
  const label = (q: QueueItem) =>
    `${lang === 'en' ? (regName.get(q.region) ?? q.region) : q.regionName} · ${lang === 'en' ? (indName.get(q.indicator) ?? q.indicator) : q.indicatorName} · ${q.year}`
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' })
  const statusName = (s: string) => code('ws_', s)

  useEffect(() => {
    const onHash = () => {
      const f = filtersFromHash()
      setFilters(f)
      setDraft(f)
    }
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  const shown = useMemo(
    () =>
      (state.data ?? []).filter((q) =>
        filters.flag === 'any' ? flagsOf(q).length > 0 : filters.flag === 'none' ? flagsOf(q).length === 0 : filters.flag === 'follow_up' ? q.followUp : true,
      ),
    [state.data, filters.flag],
  )
  // Rows that left the queue (or the filter) drop out of the selection.
  useEffect(() => {
    const ids = new Set(shown.map((q) => q.id))
    setSelected((s) => s.filter((id) => ids.has(id)))
  }, [shown])

  function applyFilters(e: FormEvent) {
    e.preventDefault()
    location.hash = `#/review${queryOf(draft)}`
  }

  function ask(action: 'approve' | 'publish' | 'return', items: QueueItem[]) {
    setMsg(null)
    if (items.length === 0) return
    if (action === 'return' && !comment.trim()) return setMsg({ ok: false, text: t('commentRequired') })
    setPending({ action, items })
  }

  async function act(action: 'approve' | 'publish' | 'return', items: QueueItem[]) {
    setMsg(null)
    const first = items[0]
    if (!first) return
    setBusy(true)
    try {
      await api('/api/review/' + action, transitionReply, { method: 'POST', json: { ids: items.map((q) => q.id), ...(action === 'return' ? { comment: comment.trim() } : {}) } })
      setMsg({ ok: true, text: t('done', items.length === 1 ? `${label(first)} → ${t(action)}` : t('bulkDone', items.length, t(action))) })
      if (action === 'return') setComment('')
      setSelected([])
      state.reload()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    } finally {
      setBusy(false)
      setPending(null)
    }
  }

  const ticked = shown.filter((q) => selected.includes(q.id))
  const years = [...new Set((state.data ?? []).map((q) => q.year))].sort((a, b) => b - a)
  return (
    <section className="panel" aria-labelledby="h-queue">
      <h3 id="h-queue">{t('queueTitle')}</h3>
      <p className="muted small">{t('queueIntro')}</p>
      <form className="review-filters" aria-label={w('filters')} onSubmit={applyFilters} data-testid="review-filters">
        <label>
          {w('region')}
          <select value={draft.region} onChange={(e) => setDraft({ ...draft, region: e.target.value })}>
            <option value="">{w('any')}</option>
            {regions
              .filter((r) => r.level !== 'grouping')
              .map((r) => (
                <option key={r.code} value={r.code}>
                  {pick(r.name, r.nameEn)}
                </option>
              ))}
          </select>
        </label>
        <label>
          {w('indicator')}
          <select value={draft.indicator} onChange={(e) => setDraft({ ...draft, indicator: e.target.value })}>
            <option value="">{w('any')}</option>
            {indicators.map((i) => (
              <option key={i.id} value={i.id}>
                {pick(i.name, i.nameEn)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w('year')}
          <input inputMode="numeric" size={6} maxLength={4} list="review-years" value={draft.year} onChange={(e) => setDraft({ ...draft, year: e.target.value })} />
          <datalist id="review-years">
            {years.map((y) => (
              <option key={y} value={y} />
            ))}
          </datalist>
        </label>
        <label>
          {w('status')}
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{w('any')}</option>
            {['submitted', 'approved_local', 'approved'].map((s) => (
              <option key={s} value={s}>
                {statusName(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w('flag')}
          <select value={draft.flag} onChange={(e) => setDraft({ ...draft, flag: e.target.value })}>
            <option value="">{w('any')}</option>
            <option value="any">{w('flagged')}</option>
            <option value="none">{w('unflagged')}</option>
            <option value="follow_up">{w('followUpOnly')}</option>
          </select>
        </label>
        <button type="submit">{w('apply')}</button>
        <button type="button" className="secondary" onClick={() => (location.hash = '#/review')}>
          {w('clear')}
        </button>
      </form>
      <Notice msg={msg} />
      {canAct && (
        <div className="review-bulk" data-testid="review-bulk">
          <button type="button" disabled={busy || ticked.length === 0} onClick={() => ask('approve', ticked)} data-testid="bulk-approve">
            {t('bulkApprove', ticked.length)}
          </button>
          <label>
            {w('bulkComment')}
            <input value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} data-testid="bulk-comment" />
          </label>
          <button type="button" className="secondary" disabled={busy || ticked.length === 0} onClick={() => ask('return', ticked)} data-testid="bulk-return">
            {w('bulkReturn', ticked.length)}
          </button>
          <button type="button" disabled={busy || ticked.length === 0} onClick={() => ask('publish', ticked)} data-testid="bulk-publish">
            {w('bulkPublish', ticked.length)}
          </button>
          <span className="muted small">{w('bulkTick')}</span>
        </div>
      )}
      {pending && (
        <div className="state" role="alertdialog" aria-labelledby="review-confirm-title" data-testid="review-confirm">
          <strong id="review-confirm-title">{w('confirmTitle', pending.items.length, t(pending.action))}</strong>
          <ul>
            {pending.items.map((q) => (
              <li key={q.id}>
                {label(q)}: {quantity(q.value, q.unit, 4)} ({statusName(q.status)})
              </li>
            ))}
          </ul>
          {pending.action === 'return' && <p>{t('lastComment', comment.trim())}</p>}
          <button type="button" disabled={busy} autoFocus onClick={() => void act(pending.action, pending.items)} data-testid="confirm-action">
            {w('confirm')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setPending(null)}>
            {w('cancel')}
          </button>
        </div>
      )}
      <Async state={state} isEmpty={() => shown.length === 0} empty={t('queueEmpty')}>
        {() => {
          const all = shown.length > 0 && shown.every((q) => selected.includes(q.id))
          return (
            <>
              <p className="muted small" aria-live="polite">
                {w('shown', shown.length)}
              </p>
              <div className="table-wrap">
                <table data-testid="queue" className="review-queue">
                  <caption className="sr-only">{t('queueTitle')}</caption>
                  <thead>
                    <tr>
                      {canAct && (
                        <th scope="col">
                          <input type="checkbox" aria-label={t('selectAll')} checked={all} onChange={(e) => setSelected(e.target.checked ? shown.map((q) => q.id) : [])} />
                        </th>
                      )}
                      <th scope="col">{t('cell')}</th>
                      <th scope="col">{t('submittedValue')}</th>
                      <th scope="col">{t('publishedValue')}</th>
                      <th scope="col">{t('difference')}</th>
                      <th scope="col">{w('previous')}</th>
                      <th scope="col">{w('growth')}</th>
                      <th scope="col">{w('flags')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('submittedBy')}</th>
                      <th scope="col">{t('note')}</th>
                      <th scope="col">{t('actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((q) => (
                      <tr key={q.id} data-id={q.id} className={selected.includes(q.id) ? 'selected' : undefined}>
                        {canAct && (
                          <td>
                            <input
                              type="checkbox"
                              aria-label={t('selectRow', label(q))}
                              checked={selected.includes(q.id)}
                              onChange={(e) => setSelected((s) => (e.target.checked ? [...s, q.id] : s.filter((x) => x !== q.id)))}
                            />
                          </td>
                        )}
                        <th scope="row">
                          {label(q)}
                          <div className="small src">
                            <SourceCite source={q.source} grade={q.sourceGrade} vintage={q.sourceVintage} index={sources} />
                          </div>
                        </th>
                        <td className="nowrap num" data-label={t('submittedValue')}>
                          {quantity(q.value, q.unit, 4)}
                        </td>
                        <td className="nowrap num" data-label={t('publishedValue')}>
                          {quantity(q.publishedValue, q.unit, 4)}
                        </td>
                        <td className="nowrap" data-label={t('difference')}>
                          <Diff q={q} />
                        </td>
                        <td className="nowrap num" data-label={w('previous')}>
                          {q.previous ? (
                            <>
                              {quantity(q.previous.value, q.unit, 4)} <span className="muted">({q.previous.year})</span>
                              {q.previous.basis === 'current' && <div className="muted small">{w('previousCurrent')}</div>}
                            </>
                          ) : (
                            <span className="muted">{w('noPrevious')}</span>
                          )}
                        </td>
                        <td className="nowrap" data-label={w('growth')}>
                          <Growth q={q} />
                        </td>
                        <td className="small" data-label={w('flags')}>
                          {(q.followUp || q.commentCount > 0) && (
                            <div className="thread-marks">
                              {q.followUp && (
                                <span className="follow-up-badge" data-testid="queue-follow-up">
                                  ⚑ {w('followUp')}
                                </span>
                              )}
                              {q.commentCount > 0 && (
                                <span className="muted nowrap" data-testid="queue-comments">
                                  <span aria-hidden="true">💬 </span>
                                  {w('comments', q.commentCount)}
                                </span>
                              )}
                            </div>
                          )}
                          {flagsOf(q).length === 0 ? (
                            <span className="muted">{w('noFlags')}</span>
                          ) : (
                            <ul className="review-flags">
                              {flagsOf(q).map((f) => (
                                <li key={f.code + f.message}>
                                  <span aria-hidden="true">{f.severity === 'error' ? '✗ ' : '⚠ '}</span>
                                  <span className="sr-only">{f.severity === 'error' ? w('errorSeverity') : w('warningSeverity')}: </span>
                                  {pick(f.message, f.messageEn)}
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td data-label={t('status')}>
                          <span className={`wstatus ws-${q.status}`}>{statusName(q.status)}</span>
                        </td>
                        <td className="small" data-label={t('submittedBy')}>
                          {q.updatedBy}
                          <div className="muted">{when(q.updatedAt)}</div>
                        </td>
                        <td className="small" data-label={t('note')}>
                          {q.note ?? '—'}
                          {q.reviewComment && <div className="muted">{t('lastComment', q.reviewComment)}</div>}
                        </td>
                        <td className="actions">
                          {canAct && (q.status === 'submitted' || q.status === 'approved_local') && (
                            <button type="button" disabled={busy} onClick={() => void act('approve', [q])}>
                              {t('approve')}
                            </button>
                          )}
                          {canAct && q.status === 'approved' && (
                            <button type="button" disabled={busy} onClick={() => void act('publish', [q])}>
                              {t('publish')}
                            </button>
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
      {history && (
        <HistoryDialog
          cell={history}
          onClose={() => {
            setHistory(null)
            // A comment or a follow-up flag set in the dialog shows in the row.
            state.reload()
          }}
        />
      )}
    </section>
  )
}

/** Growth against the year before: relative (%), and for % indicators the change in percentage points; large ones flagged. */
function Growth({ q }: { q: QueueItem }) {
  const { t } = useI18n()
  const w = useWords()
  if (q.growth === null) return <span className="muted">—</span>
  const up = q.growth > 0
  const big = Math.abs(q.growth) >= BIG_CHANGE_PCT
  return (
    <span className={`diff ${up ? 'diff-up' : q.growth < 0 ? 'diff-down' : ''}${big ? ' diff-big' : ''}`}>
      <span aria-hidden="true">{up ? '▲ ' : q.growth < 0 ? '▼ ' : ''}</span>
      <span className="sr-only">{up ? t('diffUp') : q.growth < 0 ? t('diffDown') : ''} </span>
      {up ? '+' : q.growth < 0 ? '−' : ''}
      {fmt(Math.abs(q.growth), 2)}%
      {q.growthPoints !== null && <span className="muted"> ({w('points', `${q.growthPoints >= 0 ? '+' : '−'}${fmt(Math.abs(q.growthPoints), 2)}`)})</span>}
      {big && <span className="flag"> · {t('diffBig')}</span>}
    </span>
  )
}
