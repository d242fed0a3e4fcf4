/**
 * 数据征集 / Data requests (issue 15). Reviewers of the whole plan and admins send requests (indicators × regions ×
 * a year, by a due date) and follow their progress; reporters see the open requests naming their regions, with a
 * template to fill and a link to data entry. `#/requests/{id}` is one request's region × indicator progress.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react'

import {
  dataRequestDetailReply,
  dataRequestsReply,
  type DataRequest,
  type DataRequestDetail,
  type Indicator,
  type PlanReply,
  type ProgressState,
  type Region,
} from '../../../src/contract/index.js'
import { api, planReply, regionsReply, useApi, type SessionUser } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { box, checkGrid, RegionScopePicker, toggle, useCitiesAndCounties } from '../components/RegionScopePicker'
import { Workplace } from '../session'
import { NotFound } from './NotFound'
import { Async, errText, Notice, type Msg } from '../ui'

const useWords = defineMessages(
  {
    title: '数据征集',
    intro: '向各地征集指定年份的指标数据，并跟踪报送进度。',
    introReporter: '以下是点名本单位地区、尚未关闭的数据征集。下载模板填写后在“数据填报”页导入，核对后提交审核。',
    create: '发起数据征集',
    formTitle: '标题',
    message: '说明（可选）',
    year: '数据年份',
    due: '截止日期',
    indicators: '指标',
    indicatorsHint: '按章节勾选；已选 {0} 项',
    chapterAll: '全选本章',
    other: '其他指标',
    regions: '地区',
    regionsHint: '默认全部设区市；已选 {0} 个',
    allCities: '全选',
    noCities: '全不选',
    counties: '县（市、区）（可选）：已选 {0} 个',
    changeDue: '修改截止日期',
    newDue: '新的截止日期',
    dueChanged: '截止日期已修改',
    send: '发送征集',
    sent: '数据征集已发送',
    list: '全部征集',
    none: '暂无数据征集。',
    noneReporter: '目前没有点名您所在地区的数据征集。',
    colTitle: '标题',
    colYear: '年份',
    colDue: '截止',
    colStatus: '状态',
    colProgress: '进度',
    open: '○ 征集中',
    closed: '● 已关闭',
    late: '⚠ 已逾期',
    submittedOf: '{0}/{1} 已提交',
    enteredOf: '{0}/{1} 已填写',
    daysLeft: '还剩 {0} 天',
    dueToday: '今天截止',
    overdue: '已逾期 {0} 天',
    by: '{0} 发起于 {1}',
    closedBy: '{0} 关闭于 {1}',
    template: '下载模板：',
    xlsx: 'Excel（XLSX）',
    csv: 'CSV',
    enter: '去填报 {0} 年数据',
    details: '查看进度',
    back: '← 全部征集',
    table: '各地区 × 指标的报送状态',
    region: '地区',
    close: '关闭征集',
    reopen: '重新开启',
    closedOk: '征集已关闭',
    reopenedOk: '征集已重新开启',
    legend: '状态说明：',
    missing: '未填写',
    entered: '已填写',
    submitted: '已提交',
    approved: '已审核',
    published: '已发布',
  },
  {
    title: 'Data requests',
    intro: 'Ask regions for the figures of some indicators for one year, and follow what has come in.',
    introReporter: 'Open data requests naming your regions. Download the template, fill it, import it on the data entry page, then submit it for review.',
    create: 'Send a data request',
    formTitle: 'Title',
    message: 'Message (optional)',
    year: 'Year of the data',
    due: 'Due date',
    indicators: 'Indicators',
    indicatorsHint: 'Pick them by chapter; {0} chosen',
    chapterAll: 'Whole chapter',
    other: 'Other indicators',
    regions: 'Regions',
    regionsHint: 'Every city by default; {0} chosen',
    allCities: 'All',
    noCities: 'None',
    counties: 'Counties and districts (optional): {0} chosen',
    changeDue: 'Change the due date',
    newDue: 'New due date',
    dueChanged: 'Due date changed',
    send: 'Send the request',
    sent: 'Data request sent',
    list: 'All requests',
    none: 'No data requests yet.',
    noneReporter: 'No open data request names your regions.',
    colTitle: 'Title',
    colYear: 'Year',
    colDue: 'Due',
    colStatus: 'Status',
    colProgress: 'Progress',
    open: '○ Open',
    closed: '● Closed',
    late: '⚠ Late',
    submittedOf: '{0}/{1} submitted',
    enteredOf: '{0}/{1} entered',
    daysLeft: '{0} day(s) left',
    dueToday: 'Due today',
    overdue: 'Overdue by {0} day(s)',
    by: 'Sent by {0} on {1}',
    closedBy: 'Closed by {0} on {1}',
    template: 'Download the template:',
    xlsx: 'Excel (XLSX)',
    csv: 'CSV',
    enter: 'Enter the {0} data',
    details: 'See the progress',
    back: '← All requests',
    table: 'State of each region × indicator',
    region: 'Region',
    close: 'Close the request',
    reopen: 'Reopen',
    closedOk: 'Request closed',
    reopenedOk: 'Request reopened',
    legend: 'States:',
    missing: 'Missing',
    entered: 'Entered',
    submitted: 'Submitted',
    approved: 'Approved',
    published: 'Published',
  },
)
type W = ReturnType<typeof useWords>

const STATES: ReadonlyArray<ProgressState> = ['missing', 'entered', 'submitted', 'approved', 'published']
const ICON: Record<ProgressState, string> = { missing: '○', entered: '✎', submitted: '⇪', approved: '✓', published: '★' }
const day = (iso: string | null) => (iso ?? '').slice(0, 10)
/** Late is said in words (and ⚠); the colour only repeats it. */
const LATE = { color: '#a11' } as const

/** The request in the address: its id, null on the list, 'invalid' for a sub-path that is not an id. */
function useRequestId(): number | null | 'invalid' {
  const get = (): number | null | 'invalid' => {
    const rest = /^#\/requests\/([^?]*)/.exec(location.hash)?.[1]
    if (!rest) return null
    return /^\d{1,9}$/.test(rest) ? Number(rest) : 'invalid'
  }
  const [id, setId] = useState(get)
  useEffect(() => {
    const on = () => setId(get())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return id
}

export function RequestsPage() {
  const w = useWords()
  const id = useRequestId()
  return (
    <Workplace title={w('title')} roles={['admin', 'reviewer', 'reporter']}>
      {(user) =>
        id === null ? (
          <RequestList user={user} />
        ) : id === 'invalid' ? (
          <NotFound missing={{ kind: 'page', path: location.hash.replace(/^#/, '') }} />
        ) : (
          <RequestDetailView key={id} id={id} user={user} />
        )
      }
    </Workplace>
  )
}

const mayWrite = (user: SessionUser) => user.role === 'admin' || (user.role === 'reviewer' && user.regions.length === 0)

function Due({ r, w }: { r: Pick<DataRequest, 'due' | 'daysLeft' | 'status' | 'late'>; w: W }) {
  if (r.status === 'closed') return <>{r.due}</>
  const left = r.daysLeft > 0 ? w('daysLeft', r.daysLeft) : r.daysLeft === 0 ? w('dueToday') : w('overdue', -r.daysLeft)
  return (
    <>
      {r.due}{' '}
      <span className={r.late ? undefined : 'muted'} style={r.late ? LATE : undefined}>
        ({left})
      </span>
    </>
  )
}

/** A bar for the eye and the numbers as text, for everyone. */
function ProgressBar({ r, w }: { r: DataRequest; w: W }) {
  const { expected, reached } = r.progress
  const pct = expected === 0 ? 0 : Math.round((reached.submitted / expected) * 100)
  return (
    <div className="progress" style={{ minWidth: '9em' }}>
      <div className="bar" aria-hidden="true">
        <div className="fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="small">
        {w('submittedOf', reached.submitted, expected)}
        <span className="muted"> · {w('enteredOf', reached.entered, expected)}</span>
      </div>
    </div>
  )
}

function Status({ r, w }: { r: DataRequest; w: W }) {
  return (
    <>
      {r.status === 'open' ? w('open') : w('closed')}
      {r.late && (
        <>
          {' '}
          <strong style={LATE}>{w('late')}</strong>
        </>
      )}
    </>
  )
}

function TemplateLinks({ r, w }: { r: DataRequest; w: W }) {
  const href = (format: string) => `/api/templates?request=${r.id}&format=${format}`
  return (
    <p>
      <span aria-hidden="true">⬇ </span>
      {w('template')}{' '}
      <a href={href('xlsx')} download data-testid={`template-xlsx-${r.id}`}>
        {w('xlsx')}
      </a>{' '}
      ·{' '}
      <a href={href('csv')} download data-testid={`template-csv-${r.id}`}>
        {w('csv')}
      </a>
    </p>
  )
}

function RequestList({ user }: { user: SessionUser }) {
  const w = useWords()
  const reporter = user.role === 'reporter'
  const list = useApi(reporter ? '/api/requests?status=open' : '/api/requests', dataRequestsReply)
  return (
    <>
      <p className="muted">{reporter ? w('introReporter') : w('intro')}</p>
      {mayWrite(user) && <CreateForm w={w} />}
      {!reporter && <h2>{w('list')}</h2>}
      <Async state={list} isEmpty={(l) => l.length === 0} empty={reporter ? w('noneReporter') : w('none')}>
        {(items) => (reporter ? <ReporterCards items={items} w={w} /> : <ReviewerTable items={items} w={w} />)}
      </Async>
    </>
  )
}

function ReviewerTable({ items, w }: { items: DataRequest[]; w: W }) {
  return (
    <div className="table-wrap">
      <table data-testid="requests-table">
        <thead>
          <tr>
            <th scope="col">{w('colTitle')}</th>
            <th scope="col">{w('colYear')}</th>
            <th scope="col">{w('colDue')}</th>
            <th scope="col">{w('colStatus')}</th>
            <th scope="col">{w('colProgress')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <td style={{ minWidth: '9em' }}>
                <a href={`#/requests/${r.id}`}>{r.title}</a>
              </td>
              <td>{r.year}</td>
              <td style={{ minWidth: '8em' }}>
                <Due r={r} w={w} />
              </td>
              <td className="nowrap">
                <Status r={r} w={w} />
              </td>
              <td>
                <ProgressBar r={r} w={w} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ReporterCards({ items, w }: { items: DataRequest[]; w: W }) {
  return (
    <div className="cards">
      {items.map((r) => (
        <section key={r.id} className="card" data-testid={`request-${r.id}`} aria-labelledby={`request-h-${r.id}`}>
          <h3 id={`request-h-${r.id}`}>{r.title}</h3>
          {r.message && <p>{r.message}</p>}
          <p>
            {w('colYear')}: {r.year} · {w('colDue')}: <Due r={r} w={w} /> <Status r={r} w={w} />
          </p>
          <ProgressBar r={r} w={w} />
          <TemplateLinks r={r} w={w} />
          <p>
            <a href={`#/data?year=${r.year}`}>{w('enter', r.year)}</a> · <a href={`#/requests/${r.id}`}>{w('details')}</a>
          </p>
        </section>
      ))}
    </div>
  )
}

/** The chapter an indicator is listed under: its section's chapter (二(三) → 二); none: "other". */
const chapterOf = (i: Indicator) => (i.section ? (i.section.split(/[(（]/)[0] ?? '') : '')

function CreateForm({ w }: { w: W }) {
  const plan = useApi('/api/plan', planReply)
  const regions = useApi('/api/regions', regionsReply)
  return (
    <details className="card" style={{ marginBottom: 12 }}>
      <summary style={{ cursor: 'pointer' }}>
        <strong>{w('create')}</strong>
      </summary>
      <Async state={plan}>{(p) => <Async state={regions}>{(rs) => <CreateFields plan={p} regions={rs} w={w} />}</Async>}</Async>
    </details>
  )
}

function CreateFields({ plan, regions, w }: { plan: PlanReply; regions: Region[]; w: W }) {
  const { pick } = useI18n()
  const { cities, counties } = useCitiesAndCounties(regions)
  const [towns, setTowns] = useState<ReadonlySet<string>>(new Set())
  const [title, setTitle] = useState('')
  const [message, setMessage] = useState('')
  const [year, setYear] = useState(String(new Date().getFullYear() - 1))
  const [due, setDue] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10))
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [places, setPlaces] = useState<ReadonlySet<string>>(() => new Set(cities.map((c) => c.code)))
  const [msg, setMsg] = useState<Msg>(null)
  const [busy, setBusy] = useState(false)

  const groups = useMemo(() => {
    const out = plan.chapters.map((c) => ({ id: c.id, label: `${c.id}、${pick(c.title, c.titleEn ?? c.title)}`, items: plan.indicators.filter((i) => chapterOf(i) === c.id) }))
    const known = new Set(plan.chapters.map((c) => c.id))
    out.push({ id: '', label: w('other'), items: plan.indicators.filter((i) => !known.has(chapterOf(i))) })
    return out.filter((g) => g.items.length > 0)
  }, [plan, pick, w])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    try {
      const r = await api('/api/requests', dataRequestDetailReply, {
        method: 'POST',
        json: {
          title,
          message,
          year: Number(year),
          due,
          indicators: [...chosen],
          regions: [...cities.map((c) => c.code).filter((c) => places.has(c)), ...counties.flatMap((g) => g.items.map((r) => r.code)).filter((c) => towns.has(c))],
        },
      })
      setMsg({ ok: true, text: w('sent') })
      location.hash = `#/requests/${r.id}`
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={w('create')}>
      <p>
        <label>
          {w('formTitle')} <input value={title} required maxLength={200} size={40} onChange={(e) => setTitle(e.target.value)} />
        </label>
      </p>
      <p>
        <label style={{ width: '100%' }}>
          {w('message')} <textarea value={message} maxLength={4000} rows={2} onChange={(e) => setMessage(e.target.value)} />
        </label>
      </p>
      <p className="filters">
        <label>
          {w('year')} <input type="number" min={2000} max={2100} required value={year} onChange={(e) => setYear(e.target.value)} />
        </label>
        <label>
          {w('due')} <input type="date" required value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
      </p>
      <fieldset style={box}>
        <legend>
          {w('indicators')} <span className="muted small">({w('indicatorsHint', chosen.size)})</span>
        </legend>
        {groups.map((g) => {
          const ids = g.items.map((i) => i.id)
          const picked = ids.filter((i) => chosen.has(i)).length
          return (
            <details key={g.id || 'other'}>
              <summary>
                {g.label}{' '}
                <span className="muted small">
                  ({picked}/{ids.length})
                </span>
              </summary>
              <label className="inline">
                <input type="checkbox" checked={picked === ids.length} onChange={(e) => setChosen(toggle(chosen, ids, e.target.checked))} /> {w('chapterAll')}
              </label>
              <div style={checkGrid}>
                {g.items.map((i) => (
                  <label key={i.id} className="inline">
                    <input type="checkbox" name="indicator" value={i.id} checked={chosen.has(i.id)} onChange={(e) => setChosen(toggle(chosen, [i.id], e.target.checked))} />{' '}
                    {pick(i.name, i.nameEn)}
                  </label>
                ))}
              </div>
            </details>
          )
        })}
      </fieldset>
      <RegionScopePicker
        regions={regions}
        places={places}
        setPlaces={setPlaces}
        towns={towns}
        setTowns={setTowns}
        labels={{ legend: w('regions'), hint: w('regionsHint', places.size), allCities: w('allCities'), noCities: w('noCities'), counties: w('counties', towns.size) }}
      />
      <p>
        <button type="submit" disabled={busy}>
          {w('send')}
        </button>
      </p>
      <Notice msg={msg} />
    </form>
  )
}

function RequestDetailView({ id, user }: { id: number; user: SessionUser }) {
  const w = useWords()
  const state = useApi(`/api/requests/${id}`, dataRequestDetailReply)
  if (state.error?.status === 404) return <NotFound missing={{ kind: 'page', path: `/requests/${id}` }} />
  return (
    <>
      <p>
        <a href="#/requests">{w('back')}</a>
      </p>
      {/* A reload after a change keeps the page (and its message) in place. */}
      <Async state={state.data && !state.error ? { ...state, loading: false } : state}>{(r) => <Detail r={r} user={user} reload={state.reload} w={w} />}</Async>
    </>
  )
}

function Detail({ r, user, reload, w }: { r: DataRequestDetail; user: SessionUser; reload: () => void; w: W }) {
  const { pick } = useI18n()
  const [msg, setMsg] = useState<Msg>(null)
  const regions = [...new Map(r.rows.map((x) => [x.region, pick(x.regionName, x.regionNameEn)])).entries()]
  const indicators = [...new Map(r.rows.map((x) => [x.indicator, pick(x.indicatorName, x.indicatorNameEn)])).entries()]
  const stateOf = new Map(r.rows.map((x) => [`${x.region}|${x.indicator}`, x.state]))
  const [due, setDue] = useState(r.due)
  const changeDue = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/requests/${r.id}`, dataRequestDetailReply, { method: 'PATCH', json: { version: r.version, due } })
      setMsg({ ok: true, text: w('dueChanged') })
      reload()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  const setStatus = async (status: 'open' | 'closed') => {
    try {
      await api(`/api/requests/${r.id}`, dataRequestDetailReply, { method: 'PATCH', json: { version: r.version, status } })
      setMsg({ ok: true, text: status === 'closed' ? w('closedOk') : w('reopenedOk') })
      reload()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <section aria-labelledby="request-title" data-testid="request-detail">
      <h2 id="request-title">{r.title}</h2>
      {r.message && <p>{r.message}</p>}
      <dl className="facts">
        <div>
          <dt>{w('colYear')}</dt>
          <dd>{r.year}</dd>
        </div>
        <div>
          <dt>{w('colDue')}</dt>
          <dd>
            <Due r={r} w={w} />
          </dd>
        </div>
        <div>
          <dt>{w('colStatus')}</dt>
          <dd>
            <Status r={r} w={w} />
          </dd>
        </div>
        <div>
          <dt>{w('colProgress')}</dt>
          <dd>
            <ProgressBar r={r} w={w} />
          </dd>
        </div>
      </dl>
      <p className="muted small">
        {w('by', r.createdBy, day(r.createdAt))}
        {r.closedBy ? ` · ${w('closedBy', r.closedBy, day(r.closedAt))}` : ''}
      </p>
      {user.role === 'reporter' && r.status === 'open' && (
        <>
          <TemplateLinks r={r} w={w} />
          <p>
            <a href={`#/data?year=${r.year}`}>{w('enter', r.year)}</a>
          </p>
        </>
      )}
      {mayWrite(user) && r.status === 'open' && (
        <form className="filters" onSubmit={(e) => void changeDue(e)} aria-label={w('changeDue')}>
          <label>
            {w('newDue')} <input type="date" required value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
          <button type="submit" className="secondary">
            {w('changeDue')}
          </button>
        </form>
      )}
      {mayWrite(user) && (
        <p>
          {r.status === 'open' ? (
            <button type="button" onClick={() => void setStatus('closed')}>
              {w('close')}
            </button>
          ) : (
            <button type="button" onClick={() => void setStatus('open')}>
              {w('reopen')}
            </button>
          )}
        </p>
      )}
      <Notice msg={msg} />
      <h3>{w('table')}</h3>
      <p className="small">
        {w('legend')}{' '}
        {STATES.map((s) => (
          <span key={s} className="nowrap">
            {ICON[s]} {w(s)} ({r.progress.exactly[s]}){'  '}
          </span>
        ))}
      </p>
      <div className="table-wrap">
        <table data-testid="request-progress">
          <thead>
            <tr>
              <th scope="col">{w('region')}</th>
              {indicators.map(([code, name]) => (
                <th key={code} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {regions.map(([code, name]) => (
              <tr key={code}>
                <th scope="row">{name}</th>
                {indicators.map(([ind]) => {
                  const s = stateOf.get(`${code}|${ind}`) ?? 'missing'
                  return (
                    <td key={ind} className="nowrap" data-state={s}>
                      <span aria-hidden="true">{ICON[s]} </span>
                      {w(s)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
