import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { z } from 'zod'

import {
  api,
  ApiError,
  DATA_ENTRY_SOURCE,
  fmt,
  importJobReply,
  importReply,
  type ImportJobReply,
  type ImportReply,
  type Indicator,
  indicatorsReply,
  observationsReply,
  okReply,
  type QueueItem,
  type Region,
  regionsReply,
  reviewQueueReply,
  savedObservationReply,
  sessionReply,
  type SessionUser,
  setCsrf,
  signInReply,
  transitionReply,
  useApi,
} from '../api'
import { HistoryDialog, type CellRef } from '../components/HistoryDialog'
import { SourceCite, useSourceIndex } from '../components/SourceBadge'
import { homeCities, homeProvince } from '../regions'
import { EntryGrid } from './EntryGrid'
import { useI18n } from '../i18n'
import { Async, ErrorBox } from '../ui'

type Msg = { ok: boolean; text: string } | null

function Notice({ msg }: { msg: Msg }) {
  if (!msg) return null
  return (
    <div className={msg.ok ? 'state state-ok' : 'state state-error'} role={msg.ok ? 'status' : 'alert'}>
      {msg.text}
    </div>
  )
}

function SignIn({ onSignedIn }: { onSignedIn: (u: SessionUser) => void }) {
  const { t, pick } = useI18n()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const r = await api('/api/session', signInReply, { method: 'POST', json: { username, password } })
      setCsrf(r.csrfToken)
      onSignedIn(r.user)
    } catch (err) {
      setError(err instanceof ApiError ? err : null)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="h-signin">
      <h3 id="h-signin">{t('signIn')}</h3>
      <p className="muted small">{t('signInHint')}</p>
      <label>
        {t('username')}
        <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {t('signIn')}
      </button>
      {error && (
        <div className="state state-error" role="alert">
          {pick(error.message, error.messageEn)}
        </div>
      )}
    </form>
  )
}

function errText(e: unknown, pick: (a: string, b: string) => string): string {
  return e instanceof ApiError ? pick(e.message, e.messageEn) : String(e)
}

function Entry({ user, indicators, regions }: { user: SessionUser; indicators: Indicator[]; regions: Region[] }) {
  const { t, pick, unit } = useI18n()
  const [indicator, setIndicator] = useState(indicators[0]?.id ?? '')
  const [region, setRegion] = useState(user.regions[0] ?? regions[0]?.code ?? '')
  const [year, setYear] = useState(String(new Date().getFullYear() - 1))
  const [value, setValue] = useState('')
  const [note, setNote] = useState('')
  const [msg, setMsg] = useState<Msg>(null)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setMsg(null)
    try {
      const q = `indicator=${encodeURIComponent(indicator)}&region=${region}&year=${year}&view=current`
      const current = await api(`/api/observations?${q}`, observationsReply)
      // The version of the data-entry row (what this form writes), not of a yearbook import of the same cell.
      const version = current.find((o) => o.source === DATA_ENTRY_SOURCE)?.version ?? 0
      const r = await api(`/api/observations/${encodeURIComponent(indicator)}/${region}/${year}`, savedObservationReply, {
        method: 'PUT',
        json: { value: Number(value), ...(note ? { note } : {}), version },
      })
      setMsg({ ok: true, text: t('saved', r.version) })
    } catch (err) {
      setMsg({ ok: false, text: err instanceof ApiError && err.status === 409 ? `${t('conflict')} ${errText(err, pick)}` : errText(err, pick) })
    }
  }
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="h-entry">
      <h3 id="h-entry">{t('entryTitle')}</h3>
      <label>
        {t('indicator')}
        <select value={indicator} onChange={(e) => setIndicator(e.target.value)}>
          {indicators.map((i) => (
            <option key={i.id} value={i.id}>
              {pick(i.name, i.nameEn)} ({unit(i.unit)})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('region')}
        <select value={region} onChange={(e) => setRegion(e.target.value)}>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {pick(r.name, r.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('year')}
        <input type="number" min={1900} max={2100} required value={year} onChange={(e) => setYear(e.target.value)} />
      </label>
      <label>
        {t('value')}
        <input type="number" step="any" required value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <label>
        {t('note')}
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">{t('save')}</button>
      <Notice msg={msg} />
    </form>
  )
}

/** The source a reporter last imported under, offered again (localStorage; private mode just forgets it). */
const LAST_SOURCE_KEY = 'urbmon.importSource'
const IMPORT_GRADES = ['yearbook', 'bulletin', 'government', 'news', 'secondary'] as const

function lastSource(): string {
  try {
    return localStorage.getItem(LAST_SOURCE_KEY) ?? ''
  } catch {
    return ''
  }
}

function Import() {
  const { t, pick, code } = useI18n()
  const [file, setFile] = useState<File | null>(null)
  // What the public will read as the figures' source: without it, the uploaded file's name would be shown.
  const [source, setSource] = useState(lastSource)
  const [grade, setGrade] = useState('')
  const [report, setReport] = useState<ImportReply | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<ImportJobReply | null>(null)
  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!file) return
    setBusy(true)
    setError(null)
    setReport(null)
    const form = new FormData()
    form.append('file', file)
    form.append('source', source.trim())
    if (grade) form.append('sourceGrade', grade)
    try {
      localStorage.setItem(LAST_SOURCE_KEY, source.trim())
    } catch {
      /* private mode: not remembered */
    }
    try {
      // Small files are answered at once; large ones (202) run as a job whose status URL is polled.
      const reply = await api('/api/imports', z.union([importReply, importJobReply]), { method: 'POST', form, accept: [202, 403, 422] })
      if ('ok' in reply) setReport(reply)
      else {
        let job = reply
        setProgress(job)
        while (job.phase !== 'done' && job.phase !== 'failed') {
          await new Promise((r) => setTimeout(r, 1000))
          job = await api(job.statusUrl, importJobReply)
          setProgress(job)
        }
        if (job.result) setReport(job.result.report)
        else if (job.error) setError(new ApiError(500, job.error.code, job.error.message, job.error.messageEn, job.error))
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : null)
    } finally {
      setBusy(false)
      setProgress(null)
    }
  }
  const problems = report?.files.flatMap((f) => [...f.errors, ...f.warnings]) ?? []
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="h-import">
      <h3 id="h-import">{t('importTitle')}</h3>
      <label>
        {t('file')}
        <input type="file" name="file" accept=".csv,.tsv,.txt,.xlsx,.xls" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label>
        {t('importSource')}
        <input type="text" name="source" required maxLength={500} value={source} onChange={(e) => setSource(e.target.value)} aria-describedby="import-source-hint" />
      </label>
      <p className="small muted" id="import-source-hint">
        {t('importSourceHint')}
      </p>
      <label>
        {t('importSourceGrade')}
        <select name="sourceGrade" value={grade} onChange={(e) => setGrade(e.target.value)}>
          <option value="">{t('importSourceGradeUnset')}</option>
          {IMPORT_GRADES.map((g) => (
            <option key={g} value={g}>
              {code('grade_', g)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !file || source.trim() === ''}>
        {t('upload')}
      </button>
      {progress && (
        <div className="state" role="status" data-testid="import-progress">
          {progress.phase === 'writing' ? t('importWriting', progress.rowsWritten, progress.rowsRead) : t('importParsing')}
          {progress.phase === 'writing' && progress.rowsRead > 0 && <progress max={progress.rowsRead} value={progress.rowsWritten} />}
        </div>
      )}
      {error && <ErrorBox error={error} />}
      {report && (
        <div data-testid="import-report">
          <div className={report.ok ? 'state state-ok' : 'state state-error'} role={report.ok ? 'status' : 'alert'}>
            {report.ok
              ? t(
                  'importOk',
                  report.files.reduce((n, f) => n + f.observations, 0),
                )
              : t('importFailed')}
          </div>
          {problems.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('severity')}</th>
                    <th scope="col">{t('row')}</th>
                    <th scope="col">{t('column')}</th>
                    <th scope="col">{t('problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.map((p, i) => (
                    <tr key={i} className={`sev-${p.severity}`}>
                      <td>{p.severity === 'error' ? t('errors') : t('warnings')}</td>
                      <td>{p.row ?? '—'}</td>
                      <td>{p.column ?? '—'}</td>
                      <td>{pick(p.message, p.messageEn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </form>
  )
}

function Submit({ user, regions }: { user: SessionUser; regions: Region[] }) {
  const { t, pick } = useI18n()
  const [region, setRegion] = useState(user.regions[0] ?? regions[0]?.code ?? '')
  const [year, setYear] = useState(String(new Date().getFullYear() - 1))
  const [msg, setMsg] = useState<Msg>(null)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setMsg(null)
    try {
      const r = await api('/api/review/submit', transitionReply, { method: 'POST', json: { region, year: Number(year) } })
      setMsg({ ok: true, text: t('submitted', r.changed) })
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="h-submit">
      <h3 id="h-submit">{t('submitTitle')}</h3>
      <label>
        {t('region')}
        <select value={region} onChange={(e) => setRegion(e.target.value)}>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {pick(r.name, r.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('year')}
        <input type="number" min={1900} max={2100} required value={year} onChange={(e) => setYear(e.target.value)} />
      </label>
      <button type="submit">{t('submit')}</button>
      <Notice msg={msg} />
    </form>
  )
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

export function DataPage() {
  const { t, code } = useI18n()
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => {
    api('/api/session', sessionReply).then(
      (r) => {
        setCsrf(r.csrfToken ?? null)
        setUser(r.user)
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setUser(null)
        else setError(e instanceof ApiError ? e : null)
      },
    )
  }, [])
  const writer = user?.role === 'reporter' || user?.role === 'admin'
  const indicators = useApi(user ? '/api/indicators' : null, indicatorsReply)
  const regions = useApi(user ? '/api/regions' : null, regionsReply)
  async function signOut() {
    try {
      await api('/api/session', okReply, { method: 'DELETE' })
    } finally {
      setCsrf(null)
      setUser(null)
    }
  }
  return (
    <section aria-labelledby="h-data">
      <h2 id="h-data">{t('navData')}</h2>
      {error && <ErrorBox error={error} />}
      {user === undefined && !error && (
        <div className="state" role="status">
          {t('loading')}
        </div>
      )}
      {user === null && <SignIn onSignedIn={setUser} />}
      {user && (
        <>
          <div className="userbar">
            <span data-testid="signed-in">{t('signedInAs', user.displayName || user.username, code('role_', user.role))}</span>
            <button type="button" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          </div>
          <Async state={indicators}>
            {(inds) => (
              <Async state={regions}>
                {(all) => {
                  const regs = all.filter((r) => r.level === 'prefecture')
                  const mine = user.role === 'admin' || user.regions.length === 0 ? regs : regs.filter((r) => user.regions.includes(r.code))
                  const list = mine.length ? mine : regs
                  // The grid's rows: a reporter's own regions; an administrator's province and its cities.
                  const home = homeProvince(all)
                  const rows = user.role === 'admin' ? [...(home ? [home] : []), ...homeCities(all)] : all.filter((r) => user.regions.includes(r.code))
                  return (
                    <>
                      {writer && (
                        <>
                          <EntryGrid indicators={inds} regions={rows.length ? rows : list} />
                          <div className="grid2">
                            <Entry user={user} indicators={inds} regions={list} />
                            <Import />
                            <Submit user={user} regions={list} />
                          </div>
                        </>
                      )}
                      {(user.role === 'reviewer' || user.role === 'admin' || user.role === 'viewer') && <Queue canAct={user.role !== 'viewer'} indicators={inds} regions={all} />}
                    </>
                  )
                }}
              </Async>
            )}
          </Async>
        </>
      )}
    </section>
  )
}
