/**
 * 城市自评 / A city's self-evaluation form (`#/rounds/{id}/self/{region}`, issue 16): for every item of the round
 * in that region (targets, then tasks) the status the data give beside a status select in the plan's words, a
 * plain-text narrative, figures cited from the store (with value, year, source, grade and vintage), evidence files;
 * each save is a new version; submit sends the region's drafts for review. Reporters of that region write; others read.
 */
import { useState, type FormEvent } from 'react'

import { api, fmt, historyReply, observationsReply, planReply, useApi, type PlanReply, type SessionUser, type SourceGradeId, type TargetStatus } from '../api'
import { conflictVersion, DeadlineLine, fileSize, LATE, RoundHeading, useRegionName, useRoundWords, type RoundWords } from '../components/RoundBits'
import { GradeBadge } from '../components/SourceBadge'
import { defineMessages, useI18n } from '../i18n'
import { anyReply, daysUntil, roundEvidence, roundItemsReply, roundView, SELECTABLE, type Citation, type RoundEvidence, type RoundItemView, type RoundView } from '../rounds'
import { Async, errText, Notice, type Msg } from '../ui'
import { roundItemView } from '../../../src/contract/index.js'
import { NotFound } from './NotFound'
import { StatusBadge } from './Overview'

const useWords = defineMessages(
  {
    heading: '{0}自评表',
    intro: '逐项给出自评状态与说明，引用库中的数据并上传佐证材料；保存为草稿（每次保存为新版本），全部填好后提交本地区自评。',
    readOnly: '您可以查看本表，但只有本地区的填报人员可以填写。',
    notOpen: '当前阶段为“{0}”：只有在城市自评阶段才能填写。',
    notYours: '您的账号不负责该地区，无法填写本表。',
    targets: '目标',
    tasks: '任务',
    noItems: '本轮在该地区没有评估事项。',
    computedRef: '数据测算状态（供参考）',
    latest: '最新值 {0}（{1} 年）',
    forecast: '预测 {0}',
    probability: '达标概率 {0}%',
    status: '自评状态',
    choose: '请选择',
    narrative: '自评说明（纯文本）',
    citations: '引用的数据',
    noCitations: '尚未引用数据。',
    addCitation: '从数据库中引用',
    indicator: '指标',
    noIndicator: '该事项没有关联指标：可选择任一指标查找本地区数据。',
    search: '查找',
    noObservations: '没有找到该地区该指标的数据。',
    cite: '引用',
    cited: '已引用',
    uncite: '移除',
    citeFailed: '无法确定这条数据的编号，请换一条数据。',
    year: '年份',
    value: '数值',
    source: '来源',
    grade: '来源等级',
    vintage: '发布期',
    evidence: '佐证材料',
    noEvidence: '尚未上传佐证材料。',
    file: '选择文件（PDF、图片、Office 文档）',
    upload: '上传',
    uploaded: '已上传 {0}',
    saveDraft: '保存草稿',
    savedOk: '已保存为第 {0} 版草稿',
    stateLine: '状态：{0} · 第 {1} 版 · {2} 保存于 {3}',
    returnedBy: '审核退回意见：',
    submitRegion: '提交本地区自评',
    submitHint: '提交全部已填写的草稿；未选择状态或未填写说明的事项会被列出。',
    submittedOk: '已提交本地区自评',
    unsaved: '有未保存的修改',
  },
  {
    heading: 'Self-evaluation of {0}',
    intro:
      'For each item give a self-rated status and a narrative, cite figures from the store and upload evidence; save it as a draft (every save is a new version), then submit the region’s self-evaluation.',
    readOnly: 'You may read this form; only the region’s reporters fill it in.',
    notOpen: 'The round is in phase “{0}”: the form is filled in only during self-evaluation.',
    notYours: 'Your account does not report for this region: you cannot fill in this form.',
    targets: 'Targets',
    tasks: 'Tasks',
    noItems: 'This round has no items for this region.',
    computedRef: 'Status from the data (for reference)',
    latest: 'latest {0} ({1})',
    forecast: 'forecast {0}',
    probability: '{0}% probability of meeting it',
    status: 'Self-rated status',
    choose: 'Choose',
    narrative: 'Narrative (plain text)',
    citations: 'Figures cited',
    noCitations: 'No figure cited yet.',
    addCitation: 'Cite a figure from the store',
    indicator: 'Indicator',
    noIndicator: 'This item has no indicator of its own: pick any indicator to find the region’s figures.',
    search: 'Find',
    noObservations: 'No figure of this indicator for this region.',
    cite: 'Cite',
    cited: 'Cited',
    uncite: 'Remove',
    citeFailed: 'This figure’s record could not be identified; pick another.',
    year: 'Year',
    value: 'Value',
    source: 'Source',
    grade: 'Grade',
    vintage: 'Vintage',
    evidence: 'Evidence',
    noEvidence: 'No evidence uploaded yet.',
    file: 'Choose a file (PDF, image, Office document)',
    upload: 'Upload',
    uploaded: 'Uploaded {0}',
    saveDraft: 'Save the draft',
    savedOk: 'Saved as draft version {0}',
    stateLine: 'State: {0} · version {1} · saved by {2} on {3}',
    returnedBy: 'Returned by the reviewer:',
    submitRegion: 'Submit the region’s self-evaluation',
    submitHint: 'Sends every saved draft; items without a status or a narrative are named.',
    submittedOk: 'Self-evaluation submitted',
    unsaved: 'Unsaved changes',
  },
)
type W = ReturnType<typeof useWords>

const itemUrl = (round: number, item: Pick<RoundItemView, 'region' | 'kind' | 'itemId'>, tail: string) =>
  `/api/rounds/${round}/items/${encodeURIComponent(item.region)}/${item.kind}/${encodeURIComponent(item.itemId)}/${tail}`

/** The indicators an item measures: a target's indicator, a task's listed indicators. */
export function itemIndicators(plan: PlanReply, item: Pick<RoundItemView, 'kind' | 'itemId'>): string[] {
  if (item.kind === 'target') {
    const t = plan.targets.find((x) => x.id === item.itemId)
    return t && 'indicator' in t ? [t.indicator] : []
  }
  return plan.tasks.find((x) => x.id === item.itemId)?.indicators ?? []
}

export function RoundSelfView({ id, region, user }: { id: number; region: string; user: SessionUser }) {
  const rw = useRoundWords()
  const round = useApi(`/api/rounds/${id}`, roundView)
  if (round.error?.status === 404) return <NotFound missing={{ kind: 'page', path: `/rounds/${id}/self/${region}` }} />
  return (
    <Async state={round.data && !round.error ? { ...round, loading: false } : round}>
      {(r) =>
        r.regions.includes(region) ? <SelfForm round={r} region={region} user={user} rw={rw} /> : <NotFound missing={{ kind: 'page', path: `/rounds/${id}/self/${region}` }} />
      }
    </Async>
  )
}

function SelfForm({ round, region, user, rw }: { round: RoundView; region: string; user: SessionUser; rw: RoundWords }) {
  const w = useWords()
  const { pick } = useI18n()
  const name = useRegionName()
  const items = useApi(`/api/rounds/${round.id}/items?region=${encodeURIComponent(region)}`, roundItemsReply)
  const plan = useApi('/api/plan', planReply)
  const [msg, setMsg] = useState<Msg>(null)
  // A save reloads the items and remounts the saved one (keyed by version): its message lives here.
  const [saved, setSaved] = useState<Record<string, string>>({})
  const mine = user.role === 'reporter' && user.regions.includes(region)
  const open = round.phase === 'self_evaluation'
  const due = round.deadlines.selfEvaluation
  const pastDue = due !== null && daysUntil(due) < 0
  const writable = mine && open && !(pastDue && !round.allowLate)
  const submit = async () => {
    try {
      await api(`/api/rounds/${round.id}/self/${encodeURIComponent(region)}/submit`, anyReply, { method: 'POST', json: {} })
      setMsg({ ok: true, text: w('submittedOk') })
      items.reload()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <section aria-labelledby="self-h" data-testid="round-self">
      <RoundHeading round={round} w={rw} here="self" />
      <h4 id="self-h">{w('heading', name(region))}</h4>
      <p>
        <DeadlineLine round={round} w={rw} />
        {pastDue && round.allowLate && open && (
          <>
            {' '}
            <strong style={LATE}>{rw('late')}</strong>
          </>
        )}
      </p>
      <p className="muted">{w('intro')}</p>
      {!mine && <p className="state">{user.role === 'reporter' ? w('notYours') : w('readOnly')}</p>}
      {mine && !open && <p className="state">{w('notOpen', rw(`p_${round.phase}`))}</p>}
      <Async state={items.data && !items.error ? { ...items, loading: false } : items} isEmpty={(l) => l.length === 0} empty={w('noItems')}>
        {(list) => (
          <Async state={plan}>
            {(p) => (
              <>
                {(['target', 'task'] as const).map((kind) => {
                  const part = list.filter((i) => i.kind === kind)
                  if (part.length === 0) return null
                  return (
                    <section key={kind} aria-labelledby={`self-${kind}-h`}>
                      <h4 id={`self-${kind}-h`}>{kind === 'target' ? w('targets') : w('tasks')}</h4>
                      {part.map((i) => (
                        <SelfItem
                          key={`${i.kind}/${i.itemId}/${i.self?.version ?? 0}`}
                          round={round}
                          item={i}
                          plan={p}
                          writable={writable}
                          savedNote={saved[`${i.kind}/${i.itemId}`] ?? null}
                          onSaved={(note) => {
                            if (note !== undefined) setSaved({ ...saved, [`${i.kind}/${i.itemId}`]: note })
                            items.reload()
                          }}
                          w={w}
                          rw={rw}
                        />
                      ))}
                    </section>
                  )
                })}
                {writable && (
                  <div className="card">
                    <p className="muted small">{w('submitHint')}</p>
                    <button type="button" onClick={() => void submit()}>
                      {w('submitRegion')}
                    </button>
                    <Notice msg={msg} />
                  </div>
                )}
              </>
            )}
          </Async>
        )}
      </Async>
    </section>
  )
}

/** The computed status, latest value, forecast and probability of an item, for reference. */
export function ComputedLine({ item, label }: { item: RoundItemView; label: string }) {
  const w = useWords()
  const c = item.computed
  return (
    <p className="small">
      {label}: {c.status ? <StatusBadge status={c.status} /> : '—'}
      {c.value !== null && c.year !== null && <> · {w('latest', fmt(c.value), c.year)}</>}
      {c.forecast !== null && <> · {w('forecast', fmt(c.forecast))}</>}
      {c.probability !== null && <> · {w('probability', Math.round(c.probability * 100))}</>}
    </p>
  )
}

function SelfItem({
  round,
  item,
  plan,
  writable,
  savedNote,
  onSaved,
  w,
  rw,
}: {
  round: RoundView
  item: RoundItemView
  plan: PlanReply
  writable: boolean
  savedNote: string | null
  onSaved: (note?: string) => void
  w: W
  rw: RoundWords
}) {
  const { pick, code } = useI18n()
  const self = item.self
  const editable = writable && self?.state !== 'submitted' && self?.state !== 'accepted'
  const [status, setStatus] = useState<TargetStatus | ''>(self?.status ?? '')
  const [narrative, setNarrative] = useState(self?.narrative ?? '')
  const [citations, setCitations] = useState<Citation[]>(self?.citations ?? [])
  const [evidence, setEvidence] = useState<RoundEvidence[]>(self?.evidence ?? [])
  const [dirty, setDirty] = useState(false)
  const [msg, setMsg] = useState<Msg>(null)
  const [stale, setStale] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const label = pick(item.name, item.nameEn)
  const hid = `item-${item.kind}-${item.itemId}`.replace(/[^\w-]/g, '_')
  const change =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setDirty(true)
    }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    try {
      const got = await api(itemUrl(round.id, item, 'self'), roundItemView, {
        method: 'PUT',
        json: { status, narrative, citations: citations.map((c) => c.observation), evidence: evidence.map((x) => x.id), ...(self ? { version: self.version } : {}) },
      })
      setDirty(false)
      setStale(null)
      onSaved(w('savedOk', got.self?.version ?? (self?.version ?? 0) + 1))
    } catch (err) {
      const v = conflictVersion(err)
      if (v !== null) setStale(v)
      else setMsg({ ok: false, text: errText(err, pick) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <article className="card round-item" aria-labelledby={hid} data-testid={`self-${item.kind}-${item.itemId}`} data-state={self?.state ?? 'none'}>
      <h5 id={hid}>
        {item.kind === 'task' && <span className="muted">{item.itemId} </span>}
        {label}
      </h5>
      {self?.state === 'returned' && self.reviewComment && (
        <div className="review-comment" role="note" data-testid="review-comment">
          <strong>{w('returnedBy')}</strong> <span className="narrative">{self.reviewComment}</span>
        </div>
      )}
      <ComputedLine item={item} label={w('computedRef')} />
      <p className="small">
        {self ? w('stateLine', rw(`s_${self.state}`), self.version, self.updatedBy, self.updatedAt.slice(0, 10)) : rw('s_none')}
        {self?.late && (
          <>
            {' '}
            <strong style={LATE}>{rw('late')}</strong>
          </>
        )}
        {dirty && <span className="muted"> · {w('unsaved')}</span>}
      </p>
      <form onSubmit={(e) => void save(e)} aria-label={label}>
        <label>
          {w('status')}{' '}
          <select value={status} required disabled={!editable} onChange={(e) => change(setStatus)(e.target.value as TargetStatus)}>
            <option value="">{w('choose')}</option>
            {SELECTABLE.map((s) => (
              <option key={s} value={s}>
                {code('st_', s)}
              </option>
            ))}
          </select>
        </label>{' '}
        {status !== '' && <StatusBadge status={status} />}
        <label style={{ display: 'block', marginTop: 6 }}>
          {w('narrative')}
          <textarea value={narrative} rows={4} maxLength={20000} readOnly={!editable} onChange={(e) => change(setNarrative)(e.target.value)} style={{ width: '100%' }} />
        </label>
        <Citations round={round} item={item} plan={plan} citations={citations} setCitations={change(setCitations)} editable={editable} w={w} />
        <Evidence round={round} evidence={evidence} setEvidence={change(setEvidence)} editable={editable} w={w} />
        {editable && (
          <p>
            <button type="submit" disabled={busy}>
              {w('saveDraft')}
            </button>
          </p>
        )}
        {stale !== null && (
          <div className="state" role="alert" data-testid="stale">
            {rw('stale', stale)}{' '}
            <button type="button" className="secondary" onClick={() => onSaved()}>
              {rw('loadLatest')}
            </button>
          </div>
        )}
        <Notice msg={msg ?? (savedNote === null ? null : { ok: true, text: savedNote })} />
      </form>
    </article>
  )
}

/** One cited figure as every round page shows it: value, year, source, grade and vintage. */
export function CitationRow({ c }: { c: Citation }) {
  const grades = ['yearbook', 'bulletin', 'government', 'news', 'secondary', 'unrated']
  return (
    <>
      <strong>{fmt(c.value)}</strong> ({c.year}) · {c.source} ·{' '}
      {grades.includes(c.sourceGrade) ? <GradeBadge grade={c.sourceGrade as SourceGradeId} source={c.source} /> : c.sourceGrade}
      {c.vintage && <span className="muted"> · {c.vintage}</span>}
    </>
  )
}

function Citations({
  round,
  item,
  plan,
  citations,
  setCitations,
  editable,
  w,
}: {
  round: RoundView
  item: RoundItemView
  plan: PlanReply
  citations: Citation[]
  setCitations: (c: Citation[]) => void
  editable: boolean
  w: W
}) {
  return (
    <fieldset className="card">
      <legend>{w('citations')}</legend>
      {citations.length === 0 ? (
        <p className="muted small">{w('noCitations')}</p>
      ) : (
        <ul data-testid="citations">
          {citations.map((c) => (
            <li key={c.observation}>
              <CitationRow c={c} />{' '}
              {editable && (
                <button type="button" className="secondary" onClick={() => setCitations(citations.filter((x) => x.observation !== c.observation))}>
                  {w('uncite')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && <CitationPicker round={round} item={item} plan={plan} citations={citations} setCitations={setCitations} w={w} />}
    </fieldset>
  )
}

function CitationPicker({
  item,
  plan,
  citations,
  setCitations,
  w,
}: {
  round: RoundView
  item: RoundItemView
  plan: PlanReply
  citations: Citation[]
  setCitations: (c: Citation[]) => void
  w: W
}) {
  const { pick } = useI18n()
  const own = itemIndicators(plan, item)
  const [indicator, setIndicator] = useState(own[0] ?? '')
  const [query, setQuery] = useState<string | null>(null)
  const [msg, setMsg] = useState<Msg>(null)
  const found = useApi(query, observationsReply)
  const options = own.length > 0 ? plan.indicators.filter((i) => own.includes(i.id)) : plan.indicators
  const cite = async (o: { indicator: string; region: string; year: number; value: number; source: string; sourceGrade: string; sourceVintage: string | null }) => {
    try {
      // The observation list names a figure by cell and source; its record number is in the cell's history.
      const h = await api(`/api/history?indicator=${encodeURIComponent(o.indicator)}&region=${encodeURIComponent(o.region)}&year=${o.year}`, historyReply)
      const rev = h.revisions.find((r) => r.source === o.source)
      if (!rev) throw new Error(w('citeFailed'))
      if (!citations.some((c) => c.observation === rev.observationId))
        setCitations([
          ...citations,
          {
            observation: rev.observationId,
            indicator: o.indicator,
            region: o.region,
            year: o.year,
            value: o.value,
            source: o.source,
            sourceGrade: o.sourceGrade,
            vintage: o.sourceVintage,
          },
        ])
      setMsg(null)
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <details>
      <summary>{w('addCitation')}</summary>
      {own.length === 0 && <p className="muted small">{w('noIndicator')}</p>}
      <p className="filters">
        <label>
          {w('indicator')}{' '}
          <select value={indicator} onChange={(e) => setIndicator(e.target.value)}>
            {own.length === 0 && <option value="">—</option>}
            {options.map((i) => (
              <option key={i.id} value={i.id}>
                {pick(i.name, i.nameEn)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="secondary"
          disabled={indicator === ''}
          onClick={() => setQuery(`/api/observations?indicator=${encodeURIComponent(indicator)}&region=${encodeURIComponent(item.region)}`)}
        >
          {w('search')}
        </button>
      </p>
      {query !== null && (
        <Async state={found} isEmpty={(l) => l.length === 0} empty={w('noObservations')}>
          {(list) => (
            <div className="table-wrap">
              <table data-testid="citation-search">
                <thead>
                  <tr>
                    <th scope="col">{w('year')}</th>
                    <th scope="col">{w('value')}</th>
                    <th scope="col">{w('source')}</th>
                    <th scope="col">{w('grade')}</th>
                    <th scope="col">{w('vintage')}</th>
                    <th scope="col">
                      <span className="sr-only">{w('cite')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...list]
                    .sort((a, b) => b.year - a.year)
                    .map((o) => (
                      <tr key={`${o.year}|${o.source}`}>
                        <td>{o.year}</td>
                        <td>{fmt(o.value)}</td>
                        <td style={{ overflowWrap: 'anywhere' }}>{o.source}</td>
                        <td>
                          <GradeBadge grade={o.sourceGrade} source={o.source} />
                        </td>
                        <td>{o.sourceVintage ?? '—'}</td>
                        <td>
                          {citations.some((c) => c.indicator === o.indicator && c.year === o.year && c.source === o.source) ? (
                            <span className="muted">{w('cited')}</span>
                          ) : (
                            <button type="button" className="secondary" onClick={() => void cite(o)} aria-label={`${w('cite')} ${o.year} ${fmt(o.value)}`}>
                              {w('cite')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </Async>
      )}
      <Notice msg={msg} />
    </details>
  )
}

function Evidence({
  round,
  evidence,
  setEvidence,
  editable,
  w,
}: {
  round: RoundView
  evidence: RoundEvidence[]
  setEvidence: (e: RoundEvidence[]) => void
  editable: boolean
  w: W
}) {
  const { pick } = useI18n()
  const [file, setFile] = useState<File | null>(null)
  const [msg, setMsg] = useState<Msg>(null)
  const [key, setKey] = useState(0)
  const upload = async () => {
    if (!file) return
    const form = new FormData()
    form.append('file', file)
    try {
      const got = await api(`/api/rounds/${round.id}/evidence`, roundEvidence, { method: 'POST', form })
      setEvidence([...evidence, got])
      setMsg({ ok: true, text: w('uploaded', got.fileName) })
      setFile(null)
      setKey((k) => k + 1)
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <fieldset className="card">
      <legend>{w('evidence')}</legend>
      {evidence.length === 0 ? (
        <p className="muted small">{w('noEvidence')}</p>
      ) : (
        <ul data-testid="evidence">
          {evidence.map((x) => (
            <li key={x.id}>
              <a href={`/api/rounds/${round.id}/evidence/${x.id}`} download={x.fileName}>
                {x.fileName}
              </a>{' '}
              <span className="muted small">({fileSize(x.size)})</span>{' '}
              {editable && (
                <button type="button" className="secondary" onClick={() => setEvidence(evidence.filter((e) => e.id !== x.id))}>
                  {w('uncite')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <p className="filters">
          <label>
            {w('file')} <input key={key} type="file" accept=".pdf,image/*,.doc,.docx,.xls,.xlsx,.ppt,.pptx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          <button type="button" className="secondary" disabled={!file} onClick={() => void upload()}>
            {w('upload')}
          </button>
        </p>
      )}
      <Notice msg={msg} />
    </fieldset>
  )
}
