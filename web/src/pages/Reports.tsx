import { useState } from 'react'

import { api, ApiError, reportEntry, reportLibraryReply, sessionReply, useApi, type ReportEntryReply } from '../api'
import { useI18n } from '../i18n'
import { ErrorBox } from '../ui'

const KINDS = ['annual', 'midterm', 'final'] as const
const FORMATS = ['docx', 'html'] as const
const LANGS = ['zh', 'en'] as const
/** The plan's years, baseline to final evaluation. */
const YEARS = [2025, 2024, 2023, 2022, 2021, 2020]

export function Reports() {
  const { t, code } = useI18n()
  const session = useApi('/api/session', sessionReply)
  const library = useApi('/api/reports/library', reportLibraryReply)
  const user = session.data?.user
  const editor = user?.role === 'admin' || user?.role === 'reviewer'
  const [kind, setKind] = useState<(typeof KINDS)[number]>('final')
  const [year, setYear] = useState('')
  const [reportLang, setReportLang] = useState<(typeof LANGS)[number]>('zh')
  const [busy, setBusy] = useState(false)
  const [actionError, setActionError] = useState<ApiError | undefined>()
  const langName = (l: string) => (l === 'zh' ? t('langZh') : t('langEn'))

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true)
    setActionError(undefined)
    try {
      await work()
      library.reload()
    } catch (e) {
      setActionError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), String(e), null))
    } finally {
      setBusy(false)
    }
  }
  const generate = () => act(() => api('/api/reports/library', reportEntry, { method: 'POST', json: { kind, lang: reportLang, ...(year ? { year: Number(year) } : {}) } }))
  const setStatus = (r: ReportEntryReply, status: 'draft' | 'published') => act(() => api(`/api/reports/library/${r.id}/status`, reportEntry, { method: 'POST', json: { status } }))

  const reports = library.data?.reports ?? []
  return (
    <section aria-labelledby="h-reports">
      <h2 id="h-reports">{t('reportsTitle')}</h2>
      <p>{user ? t('libGenerateHint') : t('libIntro')}</p>
      {library.error && <ErrorBox error={library.error} onRetry={library.reload} />}
      {library.loading && !library.data && (
        <div className="state" role="status" aria-live="polite">
          {t('loading')}
        </div>
      )}
      {library.data && reports.length === 0 && (
        <div className="state state-empty" role="note" data-testid="reports-none">
          {t('libEmpty')}
        </div>
      )}
      {reports.length > 0 && (
        <div className="table-wrap">
          <table data-testid="report-library">
            <caption>{user ? t('libDrafts') : t('libTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('libYear')}</th>
                <th scope="col">{t('libIndexYear')}</th>
                <th scope="col">{t('reportLang')}</th>
                {user && <th scope="col">{t('libStatus')}</th>}
                <th scope="col">{t('download')}</th>
                {editor && <th scope="col">{t('libAction')}</th>}
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id} data-testid={`report-${r.id}`}>
                  <th scope="row">{code('kind_', r.kind)}</th>
                  <td>{r.year}</td>
                  <td>{r.indexYear ?? '—'}</td>
                  <td>{langName(r.lang)}</td>
                  {user && <td>{r.status === 'published' ? t('libPublished') : t('libDraft')}</td>}
                  <td className="nowrap">
                    {FORMATS.map((f) => (
                      <a key={f} className="dl" href={r.files[f]} download aria-label={`${code('kind_', r.kind)} ${r.year} ${langName(r.lang)} ${f.toUpperCase()}`}>
                        {f.toUpperCase()}
                      </a>
                    ))}
                  </td>
                  {editor && (
                    <td>
                      <button type="button" disabled={busy} onClick={() => void setStatus(r, r.status === 'published' ? 'draft' : 'published')}>
                        {r.status === 'published' ? t('libWithdraw') : t('libPublish')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {session.error && session.error.status !== 401 && <ErrorBox error={session.error} onRetry={session.reload} />}
      {editor && (
        <form
          className="filters"
          aria-label={t('libGenerate')}
          onSubmit={(e) => {
            e.preventDefault()
            void generate()
          }}
        >
          <label>
            {t('kind')}{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])} data-testid="gen-kind">
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {code('kind_', k)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('libYear')}{' '}
            <select value={year} onChange={(e) => setYear(e.target.value)} data-testid="gen-year">
              <option value="">{t('libYearDefault')}</option>
              {YEARS.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('reportLang')}{' '}
            <select value={reportLang} onChange={(e) => setReportLang(e.target.value as (typeof LANGS)[number])} data-testid="gen-lang">
              {LANGS.map((l) => (
                <option key={l} value={l}>
                  {langName(l)}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit" disabled={busy} data-testid="gen-submit">
            {t('libGenerate')}
          </button>
          {busy && (
            <span role="status" aria-live="polite">
              {' '}
              {t('libGenerating')}
            </span>
          )}
        </form>
      )}
      {actionError && <ErrorBox error={actionError} />}
    </section>
  )
}
