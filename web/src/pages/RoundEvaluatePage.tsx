/**
 * 第三方评估工作台 / The evaluator's workspace (`#/rounds/{id}/evaluate/{region}`, issue 16): each item of a city
 * with the city's self-rating beside what the data say (status, forecast, probability of meeting the target,
 * warnings, index rank with its interval); items the city rates better than the data come first, marked; per item
 * the evaluator records a rating, a score on the round's scale, findings and recommendations.
 */
import { useState, type FormEvent } from 'react'

import { api, fmt, useApi, type SessionUser, type TargetStatus } from '../api'
import { conflictVersion, fileSize, LATE, RoundHeading, useRegionName, useRoundWords, type RoundWords } from '../components/RoundBits'
import { defineMessages, useI18n } from '../i18n'
import { anyReply, isEvaluator, roundItemsReply, roundView, SELECTABLE, type RoundItemView, type RoundView } from '../rounds'
import { Async, errText, Notice, type Msg } from '../ui'
import { NotFound } from './NotFound'
import { StatusBadge } from './Overview'
import { CitationRow } from './RoundSelfPage'

const useWords = defineMessages(
  {
    heading: '第三方评估：{0}',
    intro: '逐项对照城市自评与数据测算，给出评估结论、评分、发现的问题与建议。自评优于数据测算的事项排在最前并标出。',
    notAssigned: '您未被指定评估该地区，只能查看。',
    notOpen: '当前阶段为“{0}”：只有在第三方评估阶段才能评分。',
    noItems: '本轮在该地区没有评估事项。',
    flaggedCount: '{0} 项自评优于数据测算',
    computed: '数据测算',
    status: '状态',
    forecast: '预测',
    probability: '达标概率',
    warnings: '预警',
    noWarnings: '无',
    indexRank: '综合指数排名',
    rankInterval: '第 {0} 名（区间 {1}–{2}）',
    latest: '最新值',
    selfRating: '城市自评',
    noSelf: '城市尚未自评',
    narrative: '自评说明',
    citations: '引用数据',
    evidence: '佐证材料',
    rating: '评估结论',
    choose: '请选择',
    score: '评分（{0}–{1}）',
    findings: '发现的问题',
    recommendations: '建议',
    save: '保存评估',
    savedOk: '已保存（第 {0} 版）',
    lastSaved: '{0} 保存于 {1}，第 {2} 版',
  },
  {
    heading: 'Third-party evaluation: {0}',
    intro:
      'Compare each item’s self-evaluation with what the data say; record a rating, a score, findings and recommendations. Items the city rates better than the data come first, marked.',
    notAssigned: 'You are not assigned to evaluate this region: read only.',
    notOpen: 'The round is in phase “{0}”: ratings are recorded during the third-party review.',
    noItems: 'This round has no items for this region.',
    flaggedCount: '{0} item(s) self-rated better than the data',
    computed: 'From the data',
    status: 'Status',
    forecast: 'Forecast',
    probability: 'Probability of meeting it',
    warnings: 'Warnings',
    noWarnings: 'None',
    indexRank: 'Index rank',
    rankInterval: '{0} (interval {1}–{2})',
    latest: 'Latest value',
    selfRating: 'City self-rating',
    noSelf: 'Not self-evaluated yet',
    narrative: 'Narrative',
    citations: 'Figures cited',
    evidence: 'Evidence',
    rating: 'Rating',
    choose: 'Choose',
    score: 'Score ({0}–{1})',
    findings: 'Findings',
    recommendations: 'Recommendations',
    save: 'Save the rating',
    savedOk: 'Saved (version {0})',
    lastSaved: 'Saved by {0} on {1}, version {2}',
  },
)
type W = ReturnType<typeof useWords>

export function RoundEvaluateView({ id, region, user }: { id: number; region: string; user: SessionUser }) {
  const rw = useRoundWords()
  const round = useApi(`/api/rounds/${id}`, roundView)
  if (round.error?.status === 404) return <NotFound missing={{ kind: 'page', path: `/rounds/${id}/evaluate/${region}` }} />
  return (
    <Async state={round.data && !round.error ? { ...round, loading: false } : round}>
      {(r) =>
        r.regions.includes(region) ? <Workspace round={r} region={region} user={user} rw={rw} /> : <NotFound missing={{ kind: 'page', path: `/rounds/${id}/evaluate/${region}` }} />
      }
    </Async>
  )
}

/** Flagged items first, then targets before tasks, in the server's order otherwise. */
export const evaluatorOrder = (items: ReadonlyArray<RoundItemView>): RoundItemView[] =>
  items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => Number(b.item.flagged) - Number(a.item.flagged) || (a.item.kind === b.item.kind ? 0 : a.item.kind === 'target' ? -1 : 1) || a.i - b.i)
    .map((x) => x.item)

function Workspace({ round, region, user, rw }: { round: RoundView; region: string; user: SessionUser; rw: RoundWords }) {
  const w = useWords()
  const name = useRegionName()
  const items = useApi(`/api/rounds/${round.id}/items?region=${encodeURIComponent(region)}`, roundItemsReply)
  const assigned = isEvaluator(user) && round.evaluators.some((e) => e.username === user.username && e.regions.includes(region))
  const open = round.phase === 'third_party_review'
  return (
    <section aria-labelledby="eval-h" data-testid="round-evaluate">
      <RoundHeading round={round} w={rw} here="evaluate" />
      <h4 id="eval-h">{w('heading', name(region))}</h4>
      <p className="muted">{w('intro')}</p>
      {!assigned && <p className="state">{w('notAssigned')}</p>}
      {assigned && !open && <p className="state">{w('notOpen', rw(`p_${round.phase}`))}</p>}
      <Async state={items.data && !items.error ? { ...items, loading: false } : items} isEmpty={(l) => l.length === 0} empty={w('noItems')}>
        {(list) => {
          const flagged = list.filter((i) => i.flagged).length
          return (
            <>
              {flagged > 0 && (
                <p>
                  <strong style={FLAG}>{w('flaggedCount', flagged)}</strong>
                </p>
              )}
              {evaluatorOrder(list).map((i) => (
                <EvalItem key={`${i.kind}/${i.itemId}/${i.rating?.version ?? 0}`} round={round} item={i} writable={assigned && open} onSaved={items.reload} w={w} rw={rw} />
              ))}
            </>
          )
        }}
      </Async>
    </section>
  )
}

/** The flag is said in words (⚑ …); the colour only repeats it. */
const FLAG = { color: '#8a5a00' } as const

function EvalItem({ round, item, writable, onSaved, w, rw }: { round: RoundView; item: RoundItemView; writable: boolean; onSaved: () => void; w: W; rw: RoundWords }) {
  const { pick, code } = useI18n()
  const c = item.computed
  const self = item.self
  const [rating, setRating] = useState<TargetStatus | ''>(item.rating?.rating ?? '')
  const [score, setScore] = useState(item.rating ? String(item.rating.score) : '')
  const [findings, setFindings] = useState(item.rating?.findings ?? '')
  const [recommendations, setRecommendations] = useState(item.rating?.recommendations ?? '')
  const [msg, setMsg] = useState<Msg>(null)
  const [stale, setStale] = useState<number | null>(null)
  const label = pick(item.name, item.nameEn)
  const hid = `eval-${item.kind}-${item.itemId}`.replace(/[^\w-]/g, '_')
  const save = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/rounds/${round.id}/items/${encodeURIComponent(item.region)}/${item.kind}/${encodeURIComponent(item.itemId)}/rating`, anyReply, {
        method: 'PUT',
        json: { rating, score: Number(score), findings, recommendations, ...(item.rating ? { version: item.rating.version } : {}) },
      })
      setMsg({ ok: true, text: w('savedOk', (item.rating?.version ?? 0) + 1) })
      onSaved()
    } catch (err) {
      const v = conflictVersion(err)
      if (v !== null) setStale(v)
      else setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <article className="card round-item" aria-labelledby={hid} data-flagged={item.flagged ? 'true' : undefined} data-testid={`eval-${item.kind}-${item.itemId}`}>
      <h5 id={hid}>
        {item.kind === 'target' ? rw('target') : rw('task')} · {item.kind === 'task' && <span className="muted">{item.itemId} </span>}
        {label}
      </h5>
      {item.flagged && (
        <p>
          <strong style={FLAG} data-testid="flag">
            {rw('flagged')}
          </strong>{' '}
          <span className="small">{rw('flaggedHint')}</span>
        </p>
      )}
      <dl className="round-facts">
        <div>
          <dt>{w('selfRating')}</dt>
          <dd>
            {self ? <StatusBadge status={self.status} /> : <span className="muted">{w('noSelf')}</span>}
            {self?.late && (
              <>
                {' '}
                <strong style={LATE}>{rw('late')}</strong>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{w('computed')}</dt>
          <dd>{c.status ? <StatusBadge status={c.status} /> : '—'}</dd>
        </div>
        <div>
          <dt>{w('latest')}</dt>
          <dd>{c.value === null ? '—' : `${fmt(c.value)}${c.year === null ? '' : ` (${c.year})`}`}</dd>
        </div>
        <div>
          <dt>{w('forecast')}</dt>
          <dd>{fmt(c.forecast)}</dd>
        </div>
        <div>
          <dt>{w('probability')}</dt>
          <dd>{c.probability === null ? '—' : `${Math.round(c.probability * 100)}%`}</dd>
        </div>
        <div>
          <dt>{w('indexRank')}</dt>
          <dd>{c.indexRank === null ? '—' : w('rankInterval', c.indexRank, c.indexRankLow ?? '—', c.indexRankHigh ?? '—')}</dd>
        </div>
        <div>
          <dt>{w('warnings')}</dt>
          <dd>
            {c.warnings.length === 0
              ? w('noWarnings')
              : c.warnings.map((x, i) => (
                  <div key={i} className="small">
                    {code('wk_', x.kind)} ({code('sev_', x.severity)})
                  </div>
                ))}
          </dd>
        </div>
      </dl>
      {self && (
        <details open={item.flagged}>
          <summary>
            {w('narrative')} · {w('citations')} ({self.citations.length}) · {w('evidence')} ({self.evidence.length})
          </summary>
          <p className="narrative">{self.narrative}</p>
          {self.citations.length > 0 && (
            <ul>
              {self.citations.map((x) => (
                <li key={x.observation}>
                  <CitationRow c={x} />
                </li>
              ))}
            </ul>
          )}
          {self.evidence.length > 0 && (
            <ul>
              {self.evidence.map((x) => (
                <li key={x.id}>
                  <a href={`/api/rounds/${round.id}/evidence/${x.id}`} download={x.fileName}>
                    {x.fileName}
                  </a>{' '}
                  <span className="muted small">({fileSize(x.size)})</span>
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
      {item.rating && <p className="small muted">{w('lastSaved', item.rating.by, item.rating.at.slice(0, 10), item.rating.version)}</p>}
      <form onSubmit={(e) => void save(e)} aria-label={label}>
        <p className="filters">
          <label>
            {w('rating')}{' '}
            <select value={rating} required disabled={!writable} onChange={(e) => setRating(e.target.value as TargetStatus)}>
              <option value="">{w('choose')}</option>
              {SELECTABLE.map((s) => (
                <option key={s} value={s}>
                  {code('st_', s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {w('score', round.scale.min, round.scale.max)}{' '}
            <input
              type="number"
              required
              readOnly={!writable}
              min={round.scale.min}
              max={round.scale.max}
              step="any"
              value={score}
              onChange={(e) => setScore(e.target.value)}
              style={{ width: '6em' }}
            />
          </label>
        </p>
        <label style={{ display: 'block' }}>
          {w('findings')}
          <textarea value={findings} rows={3} maxLength={20000} readOnly={!writable} onChange={(e) => setFindings(e.target.value)} style={{ width: '100%' }} />
        </label>
        <label style={{ display: 'block' }}>
          {w('recommendations')}
          <textarea value={recommendations} rows={3} maxLength={20000} readOnly={!writable} onChange={(e) => setRecommendations(e.target.value)} style={{ width: '100%' }} />
        </label>
        {writable && (
          <p>
            <button type="submit">{w('save')}</button>
          </p>
        )}
        {stale !== null && (
          <div className="state" role="alert">
            {rw('stale', stale)}{' '}
            <button type="button" className="secondary" onClick={onSaved}>
              {rw('loadLatest')}
            </button>
          </div>
        )}
        <Notice msg={msg} />
      </form>
    </article>
  )
}
