import { useEffect, useState, type FormEvent } from 'react'

import { api, ApiError, fmt, setCsrf, useApi, type ImportReply, type Indicator, type Observation, type QueueItem, type Region, type SessionReply, type SessionUser } from '../api'
import { useI18n } from '../i18n'
import { Async, ErrorBox } from '../ui'

type Msg = { ok: boolean; text: string } | null

function Notice({ msg }: { msg: Msg }) {
  if (!msg) return null
  return <div className={msg.ok ? 'state state-ok' : 'state state-error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</div>
}

function SignIn({ onSignedIn }: { onSignedIn(u: SessionUser): void }) {
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
      const r = await api<SessionReply>('/api/session', { method: 'POST', json: { username, password } })
      setCsrf(r.csrfToken ?? null)
      if (r.user) onSignedIn(r.user)
    } catch (err) {
      setError(err instanceof ApiError ? err : null)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="h-signin">
      <h3 id="h-signin">{t('signIn')}</h3>
      <p className="muted small">{t('signInHint')}</p>
      <label>{t('username')}<input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} /></label>
      <label>{t('password')}<input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} /></label>
      <button type="submit" disabled={busy}>{t('signIn')}</button>
      {error && <div className="state state-error" role="alert">{pick(error.message, error.messageEn)}</div>}
    </form>
  )
}

function errText(e: unknown, pick: (a: string, b: string) => string): string {
  return e instanceof ApiError ? pick(e.message, e.messageEn) : String(e)
}

function Entry({ user, indicators, regions }: { user: SessionUser; indicators: Indicator[]; regions: Region[] }) {
  const { t, pick } = useI18n()
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
      const current = await api<Observation[]>(`/api/observations?${q}`)
      const version = current.reduce<number | undefined>((v, o) => (v === undefined || o.version > v ? o.version : v), undefined)
      const r = await api<{ version?: number }>(`/api/observations/${encodeURIComponent(indicator)}/${region}/${year}`, {
        method: 'PUT',
        json: { value: Number(value), ...(note ? { note } : {}), ...(version !== undefined ? { version } : {}) },
      })
      setMsg({ ok: true, text: t('saved', r.version ?? '') })
    } catch (err) {
      setMsg({ ok: false, text: err instanceof ApiError && err.status === 409 ? `${t('conflict')} ${errText(err, pick)}` : errText(err, pick) })
    }
  }
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="h-entry">
      <h3 id="h-entry">{t('entryTitle')}</h3>
      <label>{t('indicator')}<select value={indicator} onChange={(e) => setIndicator(e.target.value)}>{indicators.map((i) => <option key={i.id} value={i.id}>{pick(i.name, i.nameEn)} ({i.unit})</option>)}</select></label>
      <label>{t('region')}<select value={region} onChange={(e) => setRegion(e.target.value)}>{regions.map((r) => <option key={r.code} value={r.code}>{pick(r.name, r.nameEn)}</option>)}</select></label>
      <label>{t('year')}<input type="number" min={1900} max={2100} required value={year} onChange={(e) => setYear(e.target.value)} /></label>
      <label>{t('value')}<input type="number" step="any" required value={value} onChange={(e) => setValue(e.target.value)} /></label>
      <label>{t('note')}<input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} /></label>
      <button type="submit">{t('save')}</button>
      <Notice msg={msg} />
    </form>
  )
}

function Import() {
  const { t, pick } = useI18n()
  const [file, setFile] = useState<File | null>(null)
  const [report, setReport] = useState<ImportReply | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!file) return
    setBusy(true)
    setError(null)
    setReport(null)
    const form = new FormData()
    form.append('file', file)
    try {
      setReport(await api<ImportReply>('/api/imports', { method: 'POST', form, accept: [403, 422] }))
    } catch (err) {
      setError(err instanceof ApiError ? err : null)
    } finally {
      setBusy(false)
    }
  }
  const problems = report?.files.flatMap((f) => [...f.errors, ...f.warnings]) ?? []
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="h-import">
      <h3 id="h-import">{t('importTitle')}</h3>
      <label>{t('file')}<input type="file" name="file" accept=".csv,.tsv,.txt,.xlsx,.xls" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
      <button type="submit" disabled={busy || !file}>{t('upload')}</button>
      {error && <ErrorBox error={error} />}
      {report && (
        <div data-testid="import-report">
          <div className={report.ok ? 'state state-ok' : 'state state-error'} role={report.ok ? 'status' : 'alert'}>
            {report.ok ? t('importOk', report.files.reduce((n, f) => n + f.observations, 0)) : t('importFailed')}
          </div>
          {problems.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('severity')}</th><th scope="col">{t('row')}</th><th scope="col">{t('column')}</th><th scope="col">{t('problem')}</th></tr></thead>
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
      const r = await api<{ changed?: number; count?: number; ids?: number[] } | unknown[]>('/api/review/submit', { method: 'POST', json: { region, year: Number(year) } })
      const n = Array.isArray(r) ? r.length : (r.changed ?? r.count ?? r.ids?.length ?? '')
      setMsg({ ok: true, text: t('submitted', n) })
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="h-submit">
      <h3 id="h-submit">{t('submitTitle')}</h3>
      <label>{t('region')}<select value={region} onChange={(e) => setRegion(e.target.value)}>{regions.map((r) => <option key={r.code} value={r.code}>{pick(r.name, r.nameEn)}</option>)}</select></label>
      <label>{t('year')}<input type="number" min={1900} max={2100} required value={year} onChange={(e) => setYear(e.target.value)} /></label>
      <button type="submit">{t('submit')}</button>
      <Notice msg={msg} />
    </form>
  )
}

function Queue({ canAct }: { canAct: boolean }) {
  const { t, pick, code } = useI18n()
  const state = useApi<QueueItem[]>('/api/review/queue')
  const [comments, setComments] = useState<Record<number, string>>({})
  const [msg, setMsg] = useState<Msg>(null)
  async function act(action: 'approve' | 'publish' | 'return', item: QueueItem) {
    setMsg(null)
    const comment = comments[item.id]?.trim()
    if (action === 'return' && !comment) return setMsg({ ok: false, text: t('commentRequired') })
    try {
      await api('/api/review/' + action, { method: 'POST', json: { ids: [item.id], ...(action === 'return' ? { comment } : {}) } })
      setMsg({ ok: true, text: t('done', `${item.regionName} ${item.indicatorName} ${item.year} → ${t(action)}`) })
      state.reload()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <section className="panel" aria-labelledby="h-queue">
      <h3 id="h-queue">{t('queueTitle')}</h3>
      <Notice msg={msg} />
      <Async state={state} isEmpty={(d) => d.length === 0} empty={t('queueEmpty')}>
        {(d) => (
          <div className="table-wrap">
            <table data-testid="queue">
              <thead><tr><th scope="col">{t('indicator')}</th><th scope="col">{t('region')}</th><th scope="col">{t('year')}</th><th scope="col">{t('value')}</th><th scope="col">{t('publishedValue')}</th><th scope="col">{t('status')}</th>{canAct && <th scope="col">{t('actions')}</th>}</tr></thead>
              <tbody>
                {d.map((q) => (
                  <tr key={q.id} data-id={q.id}>
                    <td>{q.indicatorName}</td><td>{q.regionName}</td><td>{q.year}</td><td>{fmt(q.value, 4)} {q.unit}</td><td>{fmt(q.publishedValue, 4)}</td><td>{code('ws_', q.status)}</td>
                    {canAct && (
                      <td className="actions">
                        {q.status === 'submitted' && <button type="button" onClick={() => act('approve', q)}>{t('approve')}</button>}
                        {q.status === 'approved' && <button type="button" onClick={() => act('publish', q)}>{t('publish')}</button>}
                        <label className="inline">{t('comment')}<input value={comments[q.id] ?? ''} onChange={(e) => setComments({ ...comments, [q.id]: e.target.value })} /></label>
                        <button type="button" onClick={() => act('return', q)}>{t('return')}</button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </section>
  )
}

export function DataPage() {
  const { t, code } = useI18n()
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => {
    api<SessionReply>('/api/session').then(
      (r) => {
        setCsrf(r.csrfToken ?? null)
        setUser(r.user ?? null)
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setUser(null)
        else setError(e instanceof ApiError ? e : null)
      },
    )
  }, [])
  const writer = user?.role === 'reporter' || user?.role === 'admin'
  const indicators = useApi<Indicator[]>(writer ? '/api/indicators' : null)
  const regions = useApi<Region[]>(writer ? '/api/regions?level=prefecture' : null)
  async function signOut() {
    try {
      await api('/api/session', { method: 'DELETE' })
    } finally {
      setCsrf(null)
      setUser(null)
    }
  }
  return (
    <section aria-labelledby="h-data">
      <h2 id="h-data">{t('navData')}</h2>
      {error && <ErrorBox error={error} />}
      {user === undefined && !error && <div className="state" role="status">{t('loading')}</div>}
      {user === null && <SignIn onSignedIn={setUser} />}
      {user && (
        <>
          <div className="userbar">
            <span data-testid="signed-in">{t('signedInAs', user.displayName || user.username, code('role_', user.role))}</span>
            <button type="button" onClick={signOut}>{t('signOut')}</button>
          </div>
          {writer && (
            <Async state={indicators}>
              {(inds) => (
                <Async state={regions}>
                  {(regs) => {
                    const mine = user.role === 'admin' || user.regions.length === 0 ? regs : regs.filter((r) => user.regions.includes(r.code))
                    const list = mine.length ? mine : regs
                    return (
                      <div className="grid2">
                        <Entry user={user} indicators={inds} regions={list} />
                        <Import />
                        <Submit user={user} regions={list} />
                      </div>
                    )
                  }}
                </Async>
              )}
            </Async>
          )}
          {(user.role === 'reviewer' || user.role === 'admin' || user.role === 'viewer') && <Queue canAct={user.role !== 'viewer'} />}
        </>
      )}
    </section>
  )
}
