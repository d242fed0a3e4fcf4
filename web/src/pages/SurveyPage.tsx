/**
 * The public satisfaction survey (issue 16): the form at #/survey/{id}/{region} (no sign-in; it fetches its
 * single-use token on load) and the results at #/survey/{id}/results (per city × dimension: mean with its 95 %
 * interval and n; below the minimum sample only the count).
 */
import { useEffect, useMemo, useState } from 'react'

import {
  surveyCountsReply,
  surveyFormReply,
  surveyResponseReply,
  surveyResultsReply,
  questionnaireReply,
  type DimensionResultReply,
  type SurveyFormReply,
  type SurveyProblem,
} from '../../../src/contract/index.js'
import { api, ApiError, fmt, regionsReply, useApi } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { Async, ErrorBox } from '../ui'

const useWords = defineMessages(
  {
    formTitle: '{0} · {1}',
    required: '必答',
    requiredNote: '带 * 的为必答题。',
    chars: '已输入 {0} / {1} 字',
    submit: '提交问卷',
    sending: '正在提交…',
    thanks: '感谢您的参与！您的回答已记录。',
    thanksNote: '问卷匿名，不记录您的姓名、电话、IP 地址等个人信息。',
    again: '查看调查结果',
    fix: '请修改以下问题后再提交：',
    resultsTitle: '{0}：调查结果',
    resultsAbout: '各市各维度的平均满意度（量表 {0}–{1}），括号内为 95% 置信区间（t 分布），n 为样本量。样本少于 {2} 份的城市不显示结果。',
    city: '城市',
    tooFew: '样本不足（n={0}，至少需要 {1}）',
    cell: '{0}（{1}–{2}），n={3}',
    none: '尚无回答。',
    chartLabel: '各市满意度均值（{0}）',
    dimension: '维度',
    pickForm: '填写问卷：',
    loadingForm: '正在载入问卷…',
  },
  {
    formTitle: '{0} · {1}',
    required: 'required',
    requiredNote: 'Questions marked * must be answered.',
    chars: '{0} / {1} characters',
    submit: 'Submit',
    sending: 'Submitting…',
    thanks: 'Thank you for taking part! Your answers have been recorded.',
    thanksNote: 'The survey is anonymous: no name, telephone number, IP address or other personal data is kept.',
    again: 'See the results',
    fix: 'Please correct these questions and submit again:',
    resultsTitle: '{0}: results',
    resultsAbout:
      'Mean satisfaction per city and dimension (scale {0}–{1}), with the 95 % confidence interval (Student t) in brackets; n is the sample size. Cities with fewer than {2} responses are not shown.',
    city: 'City',
    tooFew: 'Too few responses (n={0}, at least {1} needed)',
    cell: '{0} ({1}–{2}), n={3}',
    none: 'No responses yet.',
    chartLabel: 'Mean satisfaction per city ({0})',
    dimension: 'Dimension',
    pickForm: 'Answer the survey for:',
    loadingForm: 'Loading the questionnaire…',
  },
)

/** `#/survey/{id}/{region}` or `#/survey/{id}/results`. */
function surveyRoute(): { id: string; rest: string } | null {
  const parts =
    location.hash
      .replace(/^#\/survey\/?/, '')
      .split('?')[0]
      ?.split('/') ?? []
  const [id, rest] = parts.map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return ''
    }
  })
  return id ? { id, rest: rest ?? 'results' } : null
}

export function SurveyPage() {
  const [route, setRoute] = useState(surveyRoute)
  useEffect(() => {
    const on = () => setRoute(surveyRoute())
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  const id = route?.id ?? 'jiangsu-satisfaction'
  if (!route || route.rest === 'results') return <SurveyResults id={id} />
  return <SurveyForm key={`${id}/${route.rest}`} id={id} region={route.rest} />
}

type Answer = number | string

function SurveyForm({ id, region }: { id: string; region: string }) {
  const { pick } = useI18n()
  const w = useWords()
  const [form, setForm] = useState<SurveyFormReply | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [answers, setAnswers] = useState<Record<string, Answer>>({})
  const [problems, setProblems] = useState<SurveyProblem[]>([])
  const [error, setError] = useState<ApiError | null>(null)
  const [sending, setSending] = useState(false)
  const [done, setDone] = useState(false)
  const load = () => {
    setLoadError(null)
    api(`/api/surveys/${encodeURIComponent(id)}/form?region=${encodeURIComponent(region)}`, surveyFormReply).then(setForm, (e: unknown) =>
      setLoadError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), String(e), null)),
    )
  }
  useEffect(load, [id, region])

  if (loadError) return <ErrorBox error={loadError} onRetry={load} />
  if (!form)
    return (
      <div className="state" role="status">
        {w('loadingForm')}
      </div>
    )
  const q = form.questionnaire
  const problemOf = (qid: string) => problems.find((p) => p.question === qid)

  const send = async (e: React.FormEvent) => {
    e.preventDefault()
    setSending(true)
    setProblems([])
    setError(null)
    try {
      await api(`/api/surveys/${encodeURIComponent(id)}/responses`, surveyResponseReply, { method: 'POST', json: { region: form.region.code, token: form.token, answers } })
      setDone(true)
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'unknown', String(err), String(err), null)
      const details = (apiErr.body as { error?: { details?: { problems?: SurveyProblem[] } } } | null)?.error?.details?.problems
      if (details?.length) {
        setProblems(details)
        document.getElementById(`q-${details[0]?.question ?? ''}`)?.focus()
      } else setError(apiErr)
    } finally {
      setSending(false)
    }
  }

  if (done)
    return (
      <section aria-labelledby="h-survey" className="survey">
        <h2 id="h-survey">{pick(q.name, q.nameEn)}</h2>
        <div className="state state-ok" role="status" data-testid="survey-thanks">
          <strong>{w('thanks')}</strong>
          <p>{w('thanksNote')}</p>
        </div>
        <p>
          <a href={`#/survey/${encodeURIComponent(id)}/results`}>{w('again')}</a>
        </p>
      </section>
    )

  return (
    <section aria-labelledby="h-survey" className="survey">
      <h2 id="h-survey">{w('formTitle', pick(q.name, q.nameEn), pick(form.region.name, form.region.nameEn))}</h2>
      {(q.intro ?? q.introEn) && <p>{pick(q.intro ?? '', q.introEn ?? q.intro ?? '')}</p>}
      <p className="muted">{w('requiredNote')}</p>
      {problems.length > 0 && (
        <div className="state state-error" role="alert" data-testid="survey-problems">
          <strong>{w('fix')}</strong>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{pick(p.message, p.messageEn)}</li>
            ))}
          </ul>
        </div>
      )}
      {error && <ErrorBox error={error} {...(error.code === 'survey.token_used' || error.code === 'survey.token_expired' ? { onRetry: load } : {})} />}
      <form onSubmit={(e) => void send(e)} noValidate>
        {q.questions.map((question, n) => {
          const fault = problemOf(question.id)
          const legendId = `q-${question.id}-legend`
          return (
            <fieldset
              key={question.id}
              id={`q-${question.id}`}
              tabIndex={-1}
              className="survey-question"
              aria-invalid={fault ? true : undefined}
              aria-describedby={fault ? `q-${question.id}-err` : undefined}
            >
              <legend id={legendId}>
                {n + 1}. {pick(question.text, question.textEn)}
                {question.required && (
                  <span className="required" aria-label={w('required')} title={w('required')}>
                    {' '}
                    *
                  </span>
                )}
              </legend>
              {question.kind === 'likert' && (
                <div className="survey-scale" role="radiogroup" aria-labelledby={legendId} aria-required={question.required}>
                  {q.scale.labels.map((label, i) => {
                    const value = q.scale.min + i
                    return (
                      <label key={value}>
                        <input
                          type="radio"
                          name={question.id}
                          value={value}
                          checked={answers[question.id] === value}
                          onChange={() => setAnswers({ ...answers, [question.id]: value })}
                        />{' '}
                        {value} {pick(label, q.scale.labelsEn[i] ?? label)}
                      </label>
                    )
                  })}
                </div>
              )}
              {question.kind === 'choice' && (
                <div className="survey-scale" role="radiogroup" aria-labelledby={legendId} aria-required={question.required}>
                  {question.options.map((o) => (
                    <label key={o.id}>
                      <input
                        type="radio"
                        name={question.id}
                        value={o.id}
                        checked={answers[question.id] === o.id}
                        onChange={() => setAnswers({ ...answers, [question.id]: o.id })}
                      />{' '}
                      {pick(o.text, o.textEn)}
                    </label>
                  ))}
                </div>
              )}
              {question.kind === 'text' && (
                <>
                  <textarea
                    aria-labelledby={legendId}
                    aria-describedby={`q-${question.id}-count`}
                    rows={3}
                    maxLength={question.maxLength}
                    value={typeof answers[question.id] === 'string' ? answers[question.id] : ''}
                    onChange={(e) => setAnswers({ ...answers, [question.id]: e.target.value })}
                  />
                  <div className="muted" id={`q-${question.id}-count`} aria-live="polite">
                    {w('chars', [...String(answers[question.id] ?? '')].length, question.maxLength)}
                  </div>
                </>
              )}
              {fault && (
                <p className="field-error" id={`q-${question.id}-err`}>
                  {pick(fault.message, fault.messageEn)}
                </p>
              )}
            </fieldset>
          )
        })}
        <button type="submit" disabled={sending} data-testid="survey-submit">
          {sending ? w('sending') : w('submit')}
        </button>
      </form>
    </section>
  )
}

function SurveyResults({ id }: { id: string }) {
  const { pick, lang } = useI18n()
  const w = useWords()
  const questionnaire = useApi(`/api/surveys/${encodeURIComponent(id)}`, questionnaireReply)
  const results = useApi(`/api/surveys/${encodeURIComponent(id)}/results`, surveyResultsReply)
  const counts = useApi(`/api/surveys/${encodeURIComponent(id)}/counts`, surveyCountsReply)
  const regions = useApi('/api/regions', regionsReply)
  // The plan's own cities: the prefectures of the province with the most of them (neighbours' cities are listed too).
  const cities = useMemo(() => {
    const prefectures = (regions.data ?? []).filter((r) => r.level === 'prefecture')
    const per = new Map<string, number>()
    for (const r of prefectures) if (r.parent) per.set(r.parent, (per.get(r.parent) ?? 0) + 1)
    const home = [...per].sort((a, b) => b[1] - a[1])[0]?.[0]
    return prefectures.filter((r) => r.parent === home)
  }, [regions.data])
  const name = (code: string) => {
    const r = regions.data?.find((x) => x.code === code)
    return r ? pick(r.name, r.nameEn) : code
  }
  return (
    <Async state={questionnaire}>
      {(q) => (
        <section aria-labelledby="h-survey-results" className="survey">
          <h2 id="h-survey-results">{w('resultsTitle', pick(q.name, q.nameEn))}</h2>
          <p>{w('resultsAbout', q.scale.min, q.scale.max, q.minSample)}</p>
          <Async state={results} isEmpty={(d) => d.length === 0} empty={w('none')}>
            {(rows) => {
              const byRegion = new Map<string, DimensionResultReply[]>()
              for (const r of rows) byRegion.set(r.region, [...(byRegion.get(r.region) ?? []), r])
              return (
                <>
                  <ResultChart
                    rows={rows}
                    dimension={q.dimensions[0]?.id ?? ''}
                    label={w('chartLabel', pick(q.dimensions[0]?.name, q.dimensions[0]?.nameEn))}
                    name={name}
                    min={q.scale.min}
                    max={q.scale.max}
                  />
                  <div className="table-wrap">
                    <table data-testid="survey-results">
                      <thead>
                        <tr>
                          <th scope="col">{w('city')}</th>
                          {q.dimensions.map((d) => (
                            <th scope="col" key={d.id}>
                              {pick(d.name, d.nameEn)}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {[...byRegion].map(([code, list]) => (
                          <tr key={code}>
                            <th scope="row">{name(code)}</th>
                            {q.dimensions.map((d) => {
                              const r = list.find((x) => x.dimension === d.id)
                              if (!r || !r.shown || r.mean === null)
                                return (
                                  <td key={d.id} className="muted">
                                    {w('tooFew', r?.n ?? 0, q.minSample)}
                                  </td>
                                )
                              return <td key={d.id}>{w('cell', fmt(r.mean), fmt(r.ciLow), fmt(r.ciHigh), r.n)}</td>
                            })}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )
            }}
          </Async>
          <nav aria-label={w('pickForm')} className="survey-links">
            {w('pickForm')}{' '}
            {cities.map((c, i) => (
              <span key={c.code}>
                {i > 0 && (lang === 'zh' ? '、' : ', ')}
                <a href={`#/survey/${encodeURIComponent(id)}/${c.code}`}>{pick(c.name, c.nameEn)}</a>
                {counts.data?.find((x) => x.region === c.code) ? ` (${counts.data.find((x) => x.region === c.code)?.n ?? 0})` : ''}
              </span>
            ))}
          </nav>
        </section>
      )}
    </Async>
  )
}

/** A plain bar per city of one dimension's mean with its interval drawn as a line (SVG: no chart library needed). */
function ResultChart({
  rows,
  dimension,
  label,
  name,
  min,
  max,
}: {
  rows: DimensionResultReply[]
  dimension: string
  label: string
  name: (c: string) => string
  min: number
  max: number
}) {
  const shown = rows.filter((r) => r.dimension === dimension && r.shown && r.mean !== null)
  if (shown.length === 0) return null
  const width = 320
  const rowH = 22
  const x = (v: number) => 90 + ((v - min) / (max - min)) * (width - 100)
  return (
    <figure className="survey-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${shown.length * rowH + 10}`} width="100%" style={{ maxWidth: 560 }}>
        {shown.map((r, i) => (
          <g key={r.region} transform={`translate(0 ${i * rowH + 5})`}>
            <text x={0} y={14} fontSize={11}>
              {name(r.region)}
            </text>
            <rect x={90} y={4} width={Math.max(1, x(r.mean ?? min) - 90)} height={12} fill="#3b6ea5" />
            <line x1={x(r.ciLow ?? min)} x2={x(r.ciHigh ?? min)} y1={10} y2={10} stroke="#222" strokeWidth={1.5} />
          </g>
        ))}
      </svg>
      <figcaption className="muted">{label}</figcaption>
    </figure>
  )
}
