/**
 * 汇总视图 / A round's consolidated view (`#/rounds/{id}/consolidated`, issue 16): per target the computed status,
 * each city's self-rating and the evaluator's rating, with the disagreements listed; per city the self-evaluation
 * summary, the survey results and the index rank with its interval; links to the report in HTML and DOCX.
 */
import { fmt, useApi, type SessionUser } from '../api'
import { RoundHeading, useRegionName, useRoundWords, type RoundWords } from '../components/RoundBits'
import { defineMessages, useI18n } from '../i18n'
import { consolidatedRoundReply, type ConsolidatedRound } from '../rounds'
import { Async } from '../ui'
import { NotFound } from './NotFound'
import { StatusBadge } from './Overview'

const useWords = defineMessages(
  {
    heading: '汇总',
    report: '汇总报告：',
    html: '网页版（HTML）',
    docx: 'Word 版（DOCX）',
    byTarget: '按目标',
    byCity: '按城市',
    target: '目标',
    computed: '数据测算',
    trend: '趋势',
    city: '城市',
    self: '自评',
    rating: '评估结论',
    score: '评分',
    findings: '发现的问题',
    disagreements: '意见不一致（{0}）',
    noDisagreement: '自评、评估与数据测算一致。',
    disagreement: '{0}：自评 {1}，评估 {2}，数据 {3}',
    flagged: '⚑ 自评优于数据',
    progress: '已提交 {0}/{1} · 已采纳 {2}',
    selfSummary: '自评汇总',
    survey: '满意度调查',
    noSurvey: '无调查结果。',
    dimension: '维度',
    n: '样本数',
    mean: '均值',
    ci: '95% 置信区间',
    belowMin: '样本不足，不公布',
    index: '综合指数',
    rank: '第 {0} 名（区间 {1}–{2}）',
    indexScore: '得分 {0}',
    evidence: '佐证材料附件（{0}）',
    sources: '引用数据来源（{0}）',
    none: '—',
  },
  {
    heading: 'Consolidation',
    report: 'Consolidated report:',
    html: 'Web page (HTML)',
    docx: 'Word (DOCX)',
    byTarget: 'By target',
    byCity: 'By city',
    target: 'Target',
    computed: 'From the data',
    trend: 'Trend',
    city: 'City',
    self: 'Self-rating',
    rating: 'Evaluator rating',
    score: 'Score',
    findings: 'Findings',
    disagreements: 'Disagreements ({0})',
    noDisagreement: 'Self-rating, evaluation and data agree.',
    disagreement: '{0}: self {1}, evaluator {2}, data {3}',
    flagged: '⚑ Self-rating better than the data',
    progress: '{0}/{1} submitted · {2} accepted',
    selfSummary: 'Self-evaluation summary',
    survey: 'Satisfaction survey',
    noSurvey: 'No survey results.',
    dimension: 'Dimension',
    n: 'Sample',
    mean: 'Mean',
    ci: '95% confidence interval',
    belowMin: 'Sample too small: not shown',
    index: 'Composite index',
    rank: 'rank {0} (interval {1}–{2})',
    indexScore: 'score {0}',
    evidence: 'Evidence annex ({0})',
    sources: 'Sources of the figures cited ({0})',
    none: '—',
  },
)
type W = ReturnType<typeof useWords>

export function RoundConsolidatedView({ id }: { id: number; user: SessionUser }) {
  const rw = useRoundWords()
  const state = useApi(`/api/rounds/${id}/consolidated`, consolidatedRoundReply)
  if (state.error?.status === 404) return <NotFound missing={{ kind: 'page', path: `/rounds/${id}/consolidated` }} />
  return <Async state={state}>{(c) => <Consolidated c={c} rw={rw} />}</Async>
}

function Consolidated({ c, rw }: { c: ConsolidatedRound; rw: RoundWords }) {
  const w = useWords()
  const { pick, code } = useI18n()
  const name = useRegionName()
  const st = (s: string | null) => (s === null ? w('none') : code('st_', s))
  const cities = c.cities.map((x) => x.region)
  return (
    <section aria-labelledby="cons-h" data-testid="round-consolidated">
      <RoundHeading round={c.round} w={rw} here="consolidated" />
      <h4 id="cons-h">{w('heading')}</h4>
      <p>
        {w('report')}{' '}
        <a href={`/api/rounds/${c.round.id}/report.html`} target="_blank" rel="noopener">
          {w('html')}
        </a>{' '}
        ·{' '}
        <a href={`/api/rounds/${c.round.id}/report.docx`} download>
          {w('docx')}
        </a>
      </p>
      <h4>{w('byTarget')}</h4>
      {c.targets.map((t) => (
        <article key={t.id} className="card round-item" data-testid={`cons-target-${t.id}`} aria-labelledby={`cons-t-${t.id}`.replace(/[^\w-]/g, '_')}>
          <h5 id={`cons-t-${t.id}`.replace(/[^\w-]/g, '_')}>{pick(t.name, t.nameEn)}</h5>
          <p className="small">
            {w('computed')}: {t.computed.status ? <StatusBadge status={t.computed.status} /> : w('none')}
            {t.computed.value !== null && (
              <>
                {' '}
                · {fmt(t.computed.value)}
                {t.computed.year !== null && ` (${t.computed.year})`}
              </>
            )}
            {t.computed.trend && (
              <>
                {' '}
                · {w('trend')}: {t.computed.trend}
              </>
            )}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{w('city')}</th>
                  <th scope="col">{w('self')}</th>
                  <th scope="col">{w('rating')}</th>
                  <th scope="col">{w('score')}</th>
                  <th scope="col">{w('findings')}</th>
                </tr>
              </thead>
              <tbody>
                {t.cities.map((x) => (
                  <tr key={x.region} data-flagged={x.flagged ? 'true' : undefined}>
                    <th scope="row">
                      {name(x.region)}
                      {x.flagged && <div className="small">{w('flagged')}</div>}
                    </th>
                    <td>{x.self ? <StatusBadge status={x.self} /> : w('none')}</td>
                    <td>{x.rating ? <StatusBadge status={x.rating} /> : w('none')}</td>
                    <td>{x.score === null ? w('none') : fmt(x.score, 1)}</td>
                    <td className="narrative" style={{ minWidth: '10em' }}>
                      {x.findings ?? w('none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <strong>{w('disagreements', t.disagreements.length)}</strong>
          </p>
          {t.disagreements.length === 0 ? (
            <p className="muted small">{w('noDisagreement')}</p>
          ) : (
            <ul data-testid="disagreements">
              {t.disagreements.map((d) => (
                <li key={d.region}>{w('disagreement', name(d.region), st(d.self), st(d.rating), st(d.computed))}</li>
              ))}
            </ul>
          )}
        </article>
      ))}
      <h4>{w('byCity')}</h4>
      {c.cities.map((x) => (
        <CityCard key={x.region} city={x} w={w} />
      ))}
      <details>
        <summary>{w('evidence', c.evidence.length)}</summary>
        <ul>
          {c.evidence.map((e) => (
            <li key={e.id}>
              {name(e.region)} · {e.itemId} ·{' '}
              <a href={`/api/rounds/${e.round}/evidence/${e.id}`} download={e.fileName}>
                {e.fileName}
              </a>{' '}
              <span className="muted small" style={{ overflowWrap: 'anywhere' }}>
                SHA-256 {e.sha256}
              </span>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>{w('sources', c.sources.length)}</summary>
        <ul>
          {c.sources.map((s) => (
            <li key={s.observation} style={{ overflowWrap: 'anywhere' }}>
              {s.indicator} · {cities.includes(s.region) ? name(s.region) : s.region} · {s.year} · {fmt(s.value)} · {s.source} ({code('grade_', s.sourceGrade)})
            </li>
          ))}
        </ul>
      </details>
    </section>
  )
}

function CityCard({ city, w }: { city: ConsolidatedRound['cities'][number]; w: W }) {
  const { pick } = useI18n()
  return (
    <article className="card round-item" data-testid={`cons-city-${city.region}`} aria-labelledby={`cons-c-${city.region}`}>
      <h5 id={`cons-c-${city.region}`}>{pick(city.name, city.nameEn)}</h5>
      <p className="small">{w('progress', city.submitted, city.items, city.accepted)}</p>
      <p>
        {w('selfSummary')}:{' '}
        {city.selfSummary.map((s) => (
          <span key={s.status} className="nowrap">
            <StatusBadge status={s.status} /> {s.count}{' '}
          </span>
        ))}
      </p>
      <p>
        {w('index')}: {city.index.rank === null ? w('none') : w('rank', city.index.rank, city.index.rankLow ?? w('none'), city.index.rankHigh ?? w('none'))}
        {city.index.score !== null && ` · ${w('indexScore', fmt(city.index.score, 1))}`}
      </p>
      {city.survey.length === 0 ? (
        <p className="muted small">
          {w('survey')}: {w('noSurvey')}
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid={`survey-${city.region}`}>
            <caption>{w('survey')}</caption>
            <thead>
              <tr>
                <th scope="col">{w('dimension')}</th>
                <th scope="col">{w('n')}</th>
                <th scope="col">{w('mean')}</th>
                <th scope="col">{w('ci')}</th>
              </tr>
            </thead>
            <tbody>
              {city.survey.map((d) => (
                <tr key={d.dimension}>
                  <th scope="row">{pick(d.name, d.nameEn)}</th>
                  <td>{d.n}</td>
                  {d.shown ? (
                    <>
                      <td>{fmt(d.mean)}</td>
                      <td className="nowrap">
                        [{fmt(d.ciLow)}, {fmt(d.ciHigh)}]
                      </td>
                    </>
                  ) : (
                    <td colSpan={2} className="muted">
                      {w('belowMin')}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  )
}
