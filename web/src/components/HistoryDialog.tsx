/** Every revision of one cell (indicator × region × year), newest first, in a modal dialog. */
import { useEffect, useMemo, useRef } from 'react'

import { DATA_ENTRY_SOURCE, fmt, historyReply, type Revision, useApi } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { Async } from '../ui'
import { CommentThread } from './CommentThread'
import { GradeBadge, SourceLink, useSourceIndex } from './SourceBadge'

export interface CellRef {
  readonly indicator: string
  readonly region: string
  readonly year: number
  /** What the user sees for the cell, e.g. "南京市 · 常住人口城镇化率 · 2025". */
  readonly label: string
}

const useHistoryWords = defineMessages({ reviewComment: '审核意见' }, { reviewComment: "Reviewer's comment" })

const newestFirst = (a: Revision, b: Revision): number => b.changedAt.localeCompare(a.changedAt) || b.id - a.id

function Origin({ r }: { r: Revision }) {
  const { t } = useI18n()
  const file = r.origin?.file ?? r.fileName
  if (file) {
    return (
      <>
        <span className="nowrap">{file}</span>
        {r.origin?.row !== undefined && <span className="muted small"> · {t('rowCol', r.origin.row, r.origin.column ?? '—')}</span>}
      </>
    )
  }
  if (r.origin?.via?.startsWith('http')) return <>{t('viaWeb')}</>
  if (r.changedBy.startsWith('cli:')) return <>{t('viaCli')}</>
  return <>—</>
}

export function HistoryDialog({ cell, onClose }: { cell: CellRef; onClose: () => void }) {
  const { t, code, lang, quantity } = useI18n()
  const hw = useHistoryWords()
  const ref = useRef<HTMLDialogElement>(null)
  const q = `indicator=${encodeURIComponent(cell.indicator)}&region=${encodeURIComponent(cell.region)}&year=${cell.year}`
  const state = useApi(`/api/history?${q}`, historyReply)
  const sources = useSourceIndex()
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
  }, [])
  const rows = useMemo(() => [...(state.data?.revisions ?? [])].sort(newestFirst), [state.data])
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="h-history" onClose={onClose} data-testid="history">
      <div className="dialog-head">
        <h3 id="h-history">{t('historyTitle', cell.label)}</h3>
        <button type="button" className="secondary" onClick={() => ref.current?.close()}>
          {t('close')}
        </button>
      </div>
      <p className="muted small">{t('historyIntro')}</p>
      <Async state={state} isEmpty={() => rows.length === 0} empty={t('historyEmpty')}>
        {() => (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t('historyTitle', cell.label)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('version')}</th>
                  <th scope="col">{t('value')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('changeKind')}</th>
                  <th scope="col">{t('changedBy')}</th>
                  <th scope="col">{t('changedAt')}</th>
                  <th scope="col">{t('source')}</th>
                  <th scope="col">{t('srcGrade')}</th>
                  <th scope="col">{t('origin')}</th>
                  <th scope="col">{t('note')}</th>
                  <th scope="col">{hw('reviewComment')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>v{r.version}</td>
                    <td className="nowrap">
                      {quantity(r.value, r.unit, 6)}
                      {r.previousValue !== null && r.previousValue !== r.value && <div className="muted small">{t('wasValue', fmt(r.previousValue, 6))}</div>}
                    </td>
                    <td>
                      <span className={`wstatus ws-${r.status}`}>{code('ws_', r.status)}</span>
                    </td>
                    <td>{code('act_', r.action)}</td>
                    <td>{r.changedBy}</td>
                    <td className="nowrap">{when(r.changedAt)}</td>
                    <td className="small src">{r.source === DATA_ENTRY_SOURCE ? t('dataEntrySource') : <SourceLink source={r.source} index={sources} />}</td>
                    <td className="small">
                      <GradeBadge grade={r.sourceGrade} source={r.source} />
                      <div className="muted nowrap">{r.sourceVintage ? `${t('vintage')} ${r.sourceVintage}` : t('noVintage')}</div>
                      {r.confidence && (
                        <div className="muted nowrap">
                          {t('confidenceLabel')}
                          {t('colon')}
                          {code('conf_', r.confidence)}
                        </div>
                      )}
                    </td>
                    <td className="small">
                      <Origin r={r} />
                    </td>
                    <td className="small">{r.note ?? '—'}</td>
                    <td className="small" data-testid="revision-comment">
                      {r.reviewComment ? (
                        <>
                          <span aria-hidden="true">💬 </span>
                          {r.reviewComment}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      {rows[0] && <CommentThread observationId={rows[0].observationId} />}
    </dialog>
  )
}
