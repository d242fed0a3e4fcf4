import { useState, type FormEvent } from 'react'
import { z } from 'zod'

import {
  api,
  ApiError,
  DATA_ENTRY_SOURCE,
  importJobReply,
  importReply,
  type ImportJobReply,
  type ImportReply,
  type Indicator,
  indicatorsReply,
  observationsReply,
  type Region,
  regionsReply,
  savedObservationReply,
  type SessionUser,
  useApi,
} from '../api'
import { SubmitForm } from '../components/SubmitForm'
import { homeCities, homeProvince } from '../regions'
import { EntryGrid } from './EntryGrid'
import { problemLines } from '../import-problems'
import { hashQuery, hashYear } from '../route'
import { TemplateDownload } from './GuidePage'
import { useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async, ErrorBox, errText, Notice, type Msg } from '../ui'

/** `wanted` when it is one of `known`. */
const pickKnown = (wanted: string | null, known: string[]): string | null => (wanted && known.includes(wanted) ? wanted : null)

function Entry({ user, indicators, regions }: { user: SessionUser; indicators: Indicator[]; regions: Region[] }) {
  const { t, pick, unit } = useI18n()
  // A link (the inbox's "fix it") names the value: the form opens on it.
  const [indicator, setIndicator] = useState(
    () =>
      pickKnown(
        hashQuery().get('indicator'),
        indicators.map((i) => i.id),
      ) ??
      indicators[0]?.id ??
      '',
  )
  const [region, setRegion] = useState(
    () =>
      pickKnown(
        hashQuery().get('region'),
        regions.map((r) => r.code),
      ) ??
      user.regions[0] ??
      regions[0]?.code ??
      '',
  )
  const [year, setYear] = useState(() => hashYear() ?? String(new Date().getFullYear() - 1))
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
      // The server's warnings on the saved value (e.g. an unusual change from the year before), as it words them.
      const warnings = (r.warnings ?? []).map((w) => ` ⚠ ${pick(w.message, w.messageEn)}`).join('')
      setMsg({ ok: true, text: `${t('saved', r.version)}${warnings}` })
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
      <details className="template-block">
        <summary>{pick('下载填报模板', 'Download a template')}</summary>
        <TemplateDownload />
        <p className="small">
          <a href="#/guide">{pick('填报指南：可导入的文件格式与表头', 'Reporting guide: accepted files and headings')}</a>
        </p>
      </details>
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
                    <th scope="col" className="nowrap">
                      {t('severity')}
                    </th>
                    <th scope="col">{t('row')}</th>
                    <th scope="col">{t('column')}</th>
                    <th scope="col">{t('problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {problemLines(problems).map((p, i) => (
                    <tr key={i} className={`sev-${p.severity}`}>
                      <td className="nowrap">{p.severity === 'error' ? t('errors') : t('warnings')}</td>
                      <td>{p.rows}</td>
                      <td>{p.column}</td>
                      <td>
                        {p.problem
                          ? pick(p.problem.message, p.problem.messageEn)
                          : pick(
                              `${p.file ?? ''}${p.sheet ? `，工作表“${p.sheet}”` : ''}：${p.count} 个空白单元格表示数据暂缺，已跳过（不作为 0 处理）`,
                              `${p.file ?? ''}${p.sheet ? `, sheet "${p.sheet}"` : ''}: ${p.count} blank cells mean not available and were skipped (not read as 0)`,
                            )}
                      </td>
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

export function DataPage() {
  const { t } = useI18n()
  return (
    <Workplace title={t('navData')} roles={['reporter', 'admin']}>
      {(user) => <DataWork user={user} />}
    </Workplace>
  )
}

function DataWork({ user }: { user: SessionUser }) {
  const indicators = useApi('/api/indicators', indicatorsReply)
  const regions = useApi('/api/regions', regionsReply)
  return (
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
                <EntryGrid indicators={inds} regions={rows.length ? rows : list} />
                <div className="grid2">
                  <Entry user={user} indicators={inds} regions={list} />
                  <Import />
                  <SubmitForm user={user} regions={list} />
                </div>
              </>
            )
          }}
        </Async>
      )}
    </Async>
  )
}
