/**
 * The reporter's entry grid: their regions (rows) × a chapter's indicators (columns) for one year, prefilled with
 * the current values. Cells are checked as they are typed; saving checks every changed cell first and writes
 * nothing while any is wrong, then saves only the changed cells, one PUT each, with the version each was read at.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'

import {
  api,
  ApiError,
  commentMarksReply,
  DATA_ENTRY_SOURCE,
  fmt,
  historyReply,
  type Indicator,
  type Observation,
  observationsReply,
  type Region,
  savedObservationReply,
  type SourceGradeId,
  useApi,
} from '../api'
import { cellText, readCell, type CellProblem, type CellReading } from '../cell-value'
import { HistoryDialog, type CellRef } from '../components/HistoryDialog'
import { GradeMark } from '../components/SourceBadge'
import { defineMessages, sectionNumber, useI18n, type I18n } from '../i18n'
import { compareSections } from '../plan-text'
import { hashQuery, hashYear } from '../route'
import { ErrorBox } from '../ui'

/** The grid's words for two-level approval (page-local). */
const useCommentWords = defineMessages({ returnComment: '审核意见：{0}' }, { returnComment: "Reviewer's comment: {0}" })
/** A cell's comment thread, marked in the grid: ⚑ flagged for follow-up by a reviewer, 💬 messages. */
const useThreadWords = defineMessages(
  { followUp: '⚑ 审核员标记需跟进', comments: '💬 {0} 条留言', open: '（“查看历史”中阅读和回复）' },
  { followUp: '⚑ Flagged for follow-up by a reviewer', comments: '💬 {0} messages', open: '(read and reply under “History”)' },
)
const useLockWords = defineMessages(
  { locked: '🔒 城市已审核，已锁定：须由城市审核员退回后才能修改' },
  { locked: '🔒 Approved by the city and locked: a city reviewer must return it before it can be changed' },
)

/** An icon beside each review state, so the state is not told by colour alone. */
const STAGE_ICON: Record<string, string> = { draft: '✎', submitted: '⇧', approved_local: '🔒', approved: '✓', returned: '↩' }

/** What the server holds for a cell: the value shown (its preferred source) and the version of the data-entry row. */
interface Base {
  value: number | null
  entryVersion: number
  /**
   * The source a save here writes to: the shown cell's own when it is an unapproved value from a file (a returned
   * import is fixed where it stands, not shadowed by a second, typed-in cell); else the data-entry source.
   */
  entrySource?: string
  status: string | null
  /** The grade of the source the shown value comes from (absent after a save here: the value is then the data-entry one). */
  grade?: SourceGradeId
  /** The reviewer's comment on a returned value. */
  comment?: string | null
}
type SaveState =
  { kind: 'saved'; version: number } | { kind: 'failed'; message: string } | { kind: 'conflict'; theirs: number; version: number; by: string | null; at: string | null }

const OTHER = '~'
/** Workflow states in which the reporter still owns a value. */
const UNAPPROVED = new Set(['draft', 'returned', 'submitted'])
const chapterOf = (i: Indicator): string => (i.section ? (i.section.split('(')[0] ?? OTHER) : OTHER)
const keyOf = (region: string, indicator: string): string => `${region}|${indicator}`

function problemText(i18n: I18n, p: CellProblem, cell: string, unit: string): string {
  switch (p.code) {
    case 'not_number':
      return i18n.t('cellNotNumber', cell, p.text)
    case 'out_of_range':
      return i18n.t('cellOutOfRange', cell, fmt(p.value, 6), fmt(p.min, 6), fmt(p.max, 6), i18n.unit(unit))
    case 'not_integer':
      return i18n.t('cellNotInteger', cell, fmt(p.value, 6))
    case 'not_boolean':
      return i18n.t('cellNotBoolean', cell, fmt(p.value, 6))
    case 'cleared':
      return i18n.t('cellCleared', cell)
  }
}

export function EntryGrid({ indicators, regions }: { indicators: Indicator[]; regions: Region[] }) {
  const i18n = useI18n()
  const { t, pick } = i18n
  const lockWords = useLockWords()
  const commentWords = useCommentWords()
  const chapters = useMemo(() => {
    const seen = [...new Set(indicators.map(chapterOf))]
    return [...seen.filter((c) => c !== OTHER).sort(compareSections), ...(seen.includes(OTHER) ? [OTHER] : [])]
  }, [indicators])
  // A link such as the inbox's (#/data?indicator=gdp&year=2024) opens the grid on that indicator's chapter and year.
  const [firstChapter] = useState(() => {
    const id = hashQuery().get('indicator')
    const found = id ? indicators.find((i) => i.id === id) : undefined
    return found ? chapterOf(found) : (chapters[0] ?? OTHER)
  })
  const [chapter, setChapter] = useState(firstChapter)
  const [chosen, setChosen] = useState<string[]>(() => indicators.filter((i) => chapterOf(i) === firstChapter).map((i) => i.id))
  const [yearText, setYearText] = useState(() => hashYear() ?? String(new Date().getFullYear() - 1))
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null
  const obs = useApi(year === null ? null : `/api/observations?year=${year}&view=current`, observationsReply)
  const threadMarks = useApi(year === null ? null : `/api/comment-marks?year=${year}`, commentMarksReply)
  const threads = useMemo(() => new Map((threadMarks.data ?? []).map((m) => [keyOf(m.region, m.indicator), m])), [threadMarks.data])
  const threadWords = useThreadWords()
  const [edits, setEdits] = useState<Record<string, string>>({})
  const [overrides, setOverrides] = useState<Record<string, Base>>({})
  const [saves, setSaves] = useState<Record<string, SaveState>>({})
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [summary, setSummary] = useState<{ ok: boolean; text: string } | null>(null)
  /** The server's warnings on values just saved (e.g. an unusual change from the year before), as it words them. */
  const [warned, setWarned] = useState<string[]>([])
  const [active, setActive] = useState<{ r: number; c: number } | null>(null)
  const [history, setHistory] = useState<CellRef | null>(null)
  const gridRef = useRef<HTMLDivElement>(null)

  // A new year, or fresh data from the server: what was saved is now in the data itself.
  useEffect(() => setOverrides({}), [obs.data])
  useEffect(() => {
    setEdits({})
    setSaves({})
    setSummary(null)
  }, [year])

  const columns = useMemo(() => indicators.filter((i) => chosen.includes(i.id)), [indicators, chosen])
  const bases = useMemo(() => {
    const m = new Map<string, Base>()
    const preferred = new Map<string, Observation>()
    for (const o of obs.data ?? []) {
      const k = keyOf(o.region, o.indicator)
      const prev = preferred.get(k)
      if (!prev || (o.preferred && !prev.preferred)) preferred.set(k, o)
      if (o.source === DATA_ENTRY_SOURCE) m.set(k, { value: null, entryVersion: o.version, status: null })
    }
    for (const [k, o] of preferred) {
      const ownFile = o.source !== DATA_ENTRY_SOURCE && UNAPPROVED.has(o.status)
      m.set(k, {
        value: o.value,
        entryVersion: ownFile ? o.version : (m.get(k)?.entryVersion ?? 0),
        ...(ownFile ? { entrySource: o.source } : {}),
        status: o.status,
        grade: o.sourceGrade,
        comment: o.reviewComment ?? null,
      })
    }
    return m
  }, [obs.data])
  const baseOf = useCallback((k: string): Base => overrides[k] ?? bases.get(k) ?? { value: null, entryVersion: 0, status: null }, [overrides, bases])

  const name = useCallback((r: Region) => pick(r.name, r.nameEn), [pick])
  const cellLabel = useCallback((r: Region, i: Indicator) => `${name(r)} · ${pick(i.name, i.nameEn)} · ${year ?? ''}`, [name, pick, year])

  /** Every cell whose text differs from what the server holds, with its reading. */
  const changed = useMemo(() => {
    const out: Array<{ k: string; region: Region; indicator: Indicator; reading: CellReading; r: number; c: number }> = []
    regions.forEach((region, r) => {
      columns.forEach((indicator, c) => {
        const k = keyOf(region.code, indicator.id)
        const text = edits[k]
        if (text === undefined) return
        const base = baseOf(k)
        const reading = readCell(text, indicator, base.value !== null)
        if (reading.ok && reading.value === base.value) return
        out.push({ k, region, indicator, reading, r, c })
      })
    })
    return out
  }, [regions, columns, edits, baseOf])
  const invalid = changed.filter((x) => !x.reading.ok)

  const focusCell = (r: number, c: number) => {
    const el = gridRef.current?.querySelector<HTMLInputElement>(`input[data-cell="${r}:${c}"]`)
    if (el) {
      el.focus()
      el.select()
    }
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>, r: number, c: number, k: string) {
    const el = e.currentTarget
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0
    const atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length
    let to: [number, number] | null = null
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) to = [r + 1, c]
    else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) to = [r - 1, c]
    else if (e.key === 'ArrowLeft' && (atStart || el.selectionStart !== el.selectionEnd)) to = [r, c - 1]
    else if (e.key === 'ArrowRight' && (atEnd || el.selectionStart !== el.selectionEnd)) to = [r, c + 1]
    else if (e.key === 'Escape' && edits[k] !== undefined) {
      e.preventDefault()
      setEdits(({ [k]: _dropped, ...rest }) => rest)
      return
    }
    if (!to) return
    e.preventDefault()
    const [tr, tc] = to
    if (tr >= 0 && tr < regions.length && tc >= 0 && tc < columns.length) focusCell(tr, tc)
  }

  async function theirs(region: string, indicator: string, source: string): Promise<SaveState> {
    const h = await api(`/api/history?indicator=${encodeURIComponent(indicator)}&region=${encodeURIComponent(region)}&year=${year}`, historyReply)
    const last = h.revisions.filter((x) => x.source === source).sort((a, b) => b.version - a.version)[0]
    return { kind: 'conflict', theirs: last?.value ?? Number.NaN, version: last?.version ?? 0, by: last?.changedBy ?? null, at: last?.changedAt ?? null }
  }

  async function put(k: string, region: Region, indicator: Indicator, value: number, version: number): Promise<SaveState> {
    const source = baseOf(k).entrySource ?? DATA_ENTRY_SOURCE
    try {
      const r = await api(`/api/observations/${encodeURIComponent(indicator.id)}/${encodeURIComponent(region.code)}/${year}`, savedObservationReply, {
        method: 'PUT',
        json: { value, version, ...(source === DATA_ENTRY_SOURCE ? {} : { source }), ...(note.trim() ? { note: note.trim() } : {}) },
      })
      setOverrides((o) => ({ ...o, [k]: { value: r.value, entryVersion: r.version, status: r.status, ...(source === DATA_ENTRY_SOURCE ? {} : { entrySource: source }) } }))
      setEdits(({ [k]: _saved, ...rest }) => rest)
      const warnings = r.warnings ?? []
      if (warnings.length) setWarned((w) => [...w, ...warnings.map((x) => `⚠ ${pick(x.message, x.messageEn)}`)])
      return { kind: 'saved', version: r.version }
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code !== 'workflow.locked') {
        try {
          return await theirs(region.code, indicator.id, source)
        } catch {
          /* fall through: report the conflict as a failure with the server's message */
        }
      }
      return { kind: 'failed', message: err instanceof ApiError ? pick(err.message, err.messageEn) : String(err) }
    }
  }

  async function save() {
    setSummary(null)
    setWarned([])
    if (changed.length === 0) return setSummary({ ok: true, text: t('gridNothing') })
    const first = invalid[0]
    if (first) {
      setSummary({ ok: false, text: t('gridBlocked', invalid.length) })
      focusCell(first.r, first.c)
      return
    }
    setBusy(true)
    const results: Record<string, SaveState> = {}
    // One at a time: a reporter's grid is small, and the server sees the writes in the order they were typed.
    for (const x of changed) {
      if (!x.reading.ok || x.reading.value === null) continue
      results[x.k] = await put(x.k, x.region, x.indicator, x.reading.value, baseOf(x.k).entryVersion)
    }
    setSaves((s) => ({ ...s, ...results }))
    const list = Object.values(results)
    const n = (kind: SaveState['kind']) => list.filter((s) => s.kind === kind).length
    setSummary({ ok: n('saved') === list.length, text: t('gridSummary', n('saved'), n('failed'), n('conflict')) })
    setBusy(false)
    if (n('saved') > 0) obs.reload()
  }

  async function keepMine(k: string, region: Region, indicator: Indicator, state: Extract<SaveState, { kind: 'conflict' }>) {
    const text = edits[k]
    const reading = text === undefined ? null : readCell(text, indicator, true)
    if (!reading?.ok || reading.value === null) return
    setBusy(true)
    const result = await put(k, region, indicator, reading.value, state.version)
    setSaves((s) => ({ ...s, [k]: result }))
    setSummary({
      ok: result.kind === 'saved',
      text: result.kind === 'saved' ? t('gridSummary', 1, 0, 0) : t('gridSummary', 0, result.kind === 'failed' ? 1 : 0, result.kind === 'conflict' ? 1 : 0),
    })
    setBusy(false)
    if (result.kind === 'saved') obs.reload()
  }

  function takeTheirs(k: string, state: Extract<SaveState, { kind: 'conflict' }>) {
    setOverrides((o) => ({ ...o, [k]: { ...baseOf(k), value: state.theirs, entryVersion: state.version, status: 'draft' } }))
    setEdits(({ [k]: _mine, ...rest }) => rest)
    setSaves(({ [k]: _conflict, ...rest }) => rest)
  }

  function pickChapter(c: string) {
    setChapter(c)
    setChosen(indicators.filter((i) => chapterOf(i) === c).map((i) => i.id))
  }

  const chapterLabel = (c: string) => (c === OTHER ? t('gridOtherIndicators') : t('chapter', sectionNumber(i18n.lang, c)))
  const activeRegion = active ? regions[active.r] : undefined
  const activeIndicator = active ? columns[active.c] : undefined
  const activeCell = activeRegion && activeIndicator ? { region: activeRegion, indicator: activeIndicator } : null
  const conflicts = regions.flatMap((region) =>
    columns.flatMap((indicator) => {
      const k = keyOf(region.code, indicator.id)
      const s = saves[k]
      return s?.kind === 'conflict' && edits[k] !== undefined ? [{ k, region, indicator, s }] : []
    }),
  )

  return (
    <section className="panel" aria-labelledby="h-grid" data-testid="entry-grid">
      <h3 id="h-grid">{t('gridTitle')}</h3>
      <p className="muted small">{t('gridIntro')}</p>
      <div className="filters">
        <label>
          {t('year')}
          <input type="number" min={1900} max={2100} value={yearText} onChange={(e) => setYearText(e.target.value)} className="w-year" />
        </label>
        <label>
          {t('gridChapter')}
          <select value={chapter} onChange={(e) => pickChapter(e.target.value)}>
            {chapters.map((c) => (
              <option key={c} value={c}>
                {chapterLabel(c)} ({indicators.filter((i) => chapterOf(i) === c).length})
              </option>
            ))}
          </select>
        </label>
        <details className="choose">
          <summary>{t('gridChoose', columns.length)}</summary>
          <fieldset>
            <legend className="sr-only">{t('gridChoose', columns.length)}</legend>
            {indicators.map((i) => (
              <label key={i.id} className="inline">
                <input type="checkbox" checked={chosen.includes(i.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, i.id] : c.filter((x) => x !== i.id)))} />
                {pick(i.name, i.nameEn)}
              </label>
            ))}
          </fieldset>
        </details>
        <button type="button" className="secondary" onClick={obs.reload}>
          {t('reload')}
        </button>
      </div>
      {year === null && (
        <div className="state state-error" role="alert">
          {t('gridYear')}
        </div>
      )}
      {obs.error && <ErrorBox error={obs.error} onRetry={obs.reload} />}
      {warned.length > 0 && (
        <ul className="state" role="status" data-testid="grid-warnings">
          {warned.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      {year !== null && !obs.error && obs.data === undefined && (
        <div className="state" role="status">
          {t('loading')}
        </div>
      )}
      {/* Kept on screen while it reloads after a save: no jump, and the focus stays in the grid. */}
      {obs.data !== undefined &&
        (columns.length === 0 ? (
          <div className="state state-empty">{t('gridNoColumns')}</div>
        ) : (
          <>
            <div className="cell-bar" aria-live="polite">
              {activeCell ? (
                <>
                  <span>{t('gridActive', cellLabel(activeCell.region, activeCell.indicator))}</span>
                  {(() => {
                    const th = threads.get(keyOf(activeCell.region.code, activeCell.indicator.id))
                    if (!th) return null
                    return (
                      <span className="small" data-testid="grid-thread">
                        {th.followUp && <span className="follow-up-badge">{threadWords('followUp')}</span>} {th.commentCount > 0 && threadWords('comments', th.commentCount)}{' '}
                        <span className="muted">{threadWords('open')}</span>
                      </span>
                    )
                  })()}
                  <button
                    type="button"
                    className="secondary"
                    data-testid="grid-history"
                    onClick={() =>
                      setHistory({ indicator: activeCell.indicator.id, region: activeCell.region.code, year: year ?? 0, label: cellLabel(activeCell.region, activeCell.indicator) })
                    }
                  >
                    {t('showHistory')}
                  </button>
                </>
              ) : (
                <span className="muted">{t('gridKeys')}</span>
              )}
            </div>
            <p className="small muted" data-testid="grid-legend">
              {t('gridLegend')}
            </p>
            <div className="table-wrap grid-wrap" ref={gridRef}>
              <table className="grid" data-testid="grid">
                <caption className="sr-only">{t('gridCaption', year ?? '')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('region')}</th>
                    {columns.map((i) => (
                      <th scope="col" key={i.id}>
                        {pick(i.name, i.nameEn)}
                        <div className="muted small nowrap">
                          {i18n.unit(i.unit)}
                          {i.range ? ` · ${fmt(i.range[0], 6)}–${fmt(i.range[1], 6)}` : ''}
                        </div>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {regions.map((region, r) => (
                    <tr key={region.code}>
                      <th scope="row">{name(region)}</th>
                      {columns.map((indicator, c) => {
                        const k = keyOf(region.code, indicator.id)
                        const base = baseOf(k)
                        const text = edits[k] ?? cellText(base.value)
                        const x = changed.find((y) => y.k === k)
                        const problem = x && !x.reading.ok ? problemText(i18n, x.reading.problem, cellLabel(region, indicator), indicator.unit) : null
                        const s = saves[k]
                        const mark = problem
                          ? 'invalid'
                          : s?.kind === 'conflict' && x
                            ? 'conflict'
                            : x
                              ? 'changed'
                              : s?.kind === 'saved'
                                ? 'saved'
                                : s?.kind === 'failed'
                                  ? 'failed'
                                  : ''
                        const noteId = `cell-${r}-${c}`
                        // Where the cell stands in review, unless a note of this session says more; published is the usual state.
                        const stage = !mark && base.status && base.status !== 'published' ? base.status : null
                        const inReview = base.status === 'submitted' || base.status === 'approved'
                        // Two-level approval: the city's approval holds the cell until the city returns it.
                        const locked = base.status === 'approved_local'
                        return (
                          <td key={indicator.id} className={`cell ${mark}${stage ? ` st-${stage}` : ''}`} data-status={base.status ?? undefined}>
                            <input
                              data-cell={`${r}:${c}`}
                              inputMode="decimal"
                              autoComplete="off"
                              spellCheck={false}
                              aria-label={cellLabel(region, indicator)}
                              aria-invalid={problem ? true : undefined}
                              aria-describedby={mark || stage ? noteId : undefined}
                              readOnly={locked}
                              aria-readonly={locked || undefined}
                              title={stage === 'returned' && base.comment ? commentWords('returnComment', base.comment) : undefined}
                              value={text}
                              onChange={(e) => setEdits((ed) => ({ ...ed, [k]: e.target.value }))}
                              onKeyDown={(e) => onKey(e, r, c, k)}
                              onFocus={(e) => {
                                setActive({ r, c })
                                e.currentTarget.select()
                              }}
                            />
                            {base.grade && !mark && <GradeMark grade={base.grade} />}
                            {threads.has(k) && (
                              <span
                                className={`thread-mark${threads.get(k)?.followUp ? ' follow-up' : ''}`}
                                data-testid="cell-thread-mark"
                                title={threads.get(k)?.followUp ? threadWords('followUp') : threadWords('comments', threads.get(k)?.commentCount ?? 0)}
                                aria-hidden="true"
                              >
                                {threads.get(k)?.followUp ? '⚑' : '💬'}
                              </span>
                            )}
                            {stage && (
                              <div id={noteId} className={`cell-note st-${stage}`}>
                                <span aria-hidden="true">{STAGE_ICON[stage] ?? ''} </span>
                                {locked ? lockWords('locked') : i18n.code('ws_', stage)}
                                {stage === 'returned' && base.comment && (
                                  <span className="cell-comment" data-testid="cell-comment">
                                    {' '}
                                    <span aria-hidden="true">💬 </span>
                                    {commentWords('returnComment', base.comment)}
                                  </span>
                                )}
                              </div>
                            )}
                            {mark && (
                              <div id={noteId} className={`cell-note ${mark}`}>
                                {problem ? (
                                  <>
                                    <span aria-hidden="true">⚠ </span>
                                    {problem}
                                  </>
                                ) : mark === 'changed' ? (
                                  <>
                                    <span aria-hidden="true">✎ </span>
                                    {base.value === null ? t('cellNew') : t('cellChanged', cellText(base.value))}
                                    {/* Saving a new value withdraws the old one from review: say so before, not after. */}
                                    {inReview && ` ${t('cellLeavesReview', i18n.code('ws_', base.status ?? ''))}`}
                                  </>
                                ) : mark === 'saved' ? (
                                  <>
                                    <span aria-hidden="true">✓ </span>
                                    {t('cellSaved', s?.kind === 'saved' ? s.version : '')}
                                  </>
                                ) : mark === 'conflict' ? (
                                  <>
                                    <span aria-hidden="true">⚡ </span>
                                    {t('cellConflict')}
                                  </>
                                ) : (
                                  <>
                                    <span aria-hidden="true">✗ </span>
                                    {s?.kind === 'failed' ? s.message : ''}
                                  </>
                                )}
                              </div>
                            )}
                          </td>
                        )
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ))}
      {invalid.length > 0 && (
        <div className="state state-error" data-testid="grid-errors">
          <strong>{t('gridErrors', invalid.length)}</strong>
          <ul>
            {invalid.map((x) => (
              <li key={x.k}>
                <button type="button" className="link" onClick={() => focusCell(x.r, x.c)}>
                  {!x.reading.ok && problemText(i18n, x.reading.problem, cellLabel(x.region, x.indicator), x.indicator.unit)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {conflicts.length > 0 && (
        <div className="state state-warn" data-testid="grid-conflicts">
          <strong>{t('conflictTitle')}</strong>
          <ul>
            {conflicts.map(({ k, region, indicator, s }) => (
              <li key={k}>
                {t('conflictText', cellLabel(region, indicator), fmt(s.theirs, 6), s.by ?? '—', s.version, edits[k] ?? '')}{' '}
                <span className="actions">
                  <button type="button" disabled={busy} onClick={() => void keepMine(k, region, indicator, s)}>
                    {t('keepMine')}
                  </button>
                  <button type="button" className="secondary" disabled={busy} onClick={() => takeTheirs(k, s)}>
                    {t('takeTheirs')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="grid-save">
        <label>
          {t('note')}
          <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="button" onClick={() => void save()} disabled={busy || year === null} data-testid="grid-save">
          {t('gridSave', changed.length)}
        </button>
        {summary && (
          <div className={summary.ok ? 'state state-ok' : 'state state-error'} role={summary.ok ? 'status' : 'alert'} data-testid="grid-summary">
            {summary.text}
          </div>
        )}
      </div>
      {history && (
        <HistoryDialog
          cell={history}
          onClose={() => {
            setHistory(null)
            threadMarks.reload()
          }}
        />
      )}
    </section>
  )
}
