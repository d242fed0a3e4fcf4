/**
 * 完整性与及时性 / Completeness and timeliness (issue 15): for one year, what each region is expected to report,
 * how far each figure got (entered, submitted, approved, published, or missing) and what is late against the
 * plan's data calendar. All indicators: regions × chapters with counts; one chapter or section: regions ×
 * indicators with each cell's state. A region's row opens the list of its indicators. Missing and late cells link
 * to the entry grid for that region and year.
 * @module
 */
import { useMemo, useState } from 'react'

import { completenessReply, type CompletenessCounts, type CompletenessReply, type CompletenessStateName } from '../../../src/contract/index.js'
import { planReply, useApi, type SessionUser } from '../api'
import { defineMessages, sectionNumber, useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async } from '../ui'

const useWords = defineMessages(
  {
    title: '完整性与及时性',
    intro:
      '应报范围：规划中需要采集的每项指标（由公式计算的派生指标除外，它们由其组成指标算出）× 全省及各设区市 × 所选年份。每格取最靠后的状态：已发布、已审核、已提交、已填报，没有数值为缺报。截止日期按规划的数据日历（Y 年数据于 Y+1 年的规定日期前报送），过了截止日期仍未发布即为逾期（按 {0} 计）。',
    noCalendar: '规划未设数据日历：没有截止日期，也不计逾期。',
    year: '年份',
    section: '章节',
    allSections: '全部指标（按章汇总）',
    lateOnly: '只看逾期',
    csv: '下载 CSV',
    legend: '图例',
    legendLabel: '图例：',
    dueLabel: '截止日期：',
    published: '已发布',
    approved: '已审核',
    submitted: '已提交',
    entered: '已填报（未提交）',
    missing: '缺报',
    late: '逾期',
    summary: '{0}/{1} 已发布',
    lateCount: '{0} 项逾期',
    counts: '已审核 {0} · 已提交 {1} · 已填报 {2} · 缺报 {3}',
    due: '截止日期',
    dueList: '{0} 前：{1}',
    others: '其余 {0} 项指标',
    region: '地区',
    total: '合计',
    other: '其他',
    details: '明细',
    sep: '、',
    detailsOf: '{0}：{1}',
    hide: '收起',
    detailTitle: '{0} {1} 年各指标',
    indicator: '指标',
    state: '状态',
    enter: '去填报',
    derived: '不计入（派生指标，由公式计算）：{0}',
    nothingLate: '没有逾期的数据。',
    noRegions: '没有可查看的地区。',
    matrixCaption: '{0} 年各地区 × 指标的报送状态',
    chapterCaption: '{0} 年各地区 × 章的报送情况（已发布/应报）',
    perIndicator: '各指标已发布',
    notLate: '未逾期',
  },
  {
    title: 'Completeness and timeliness',
    intro:
      "Expected: every indicator the plan collects (derived indicators, computed from a formula, are left out: they come from their inputs) × the province and each prefecture-level city × the chosen year. Each cell shows how far its figure got: published, approved, submitted, entered, or missing when there is no value. Due dates come from the plan's data calendar (figures for year Y are due on a set date of Y+1); a figure not published after its due date is late (as of {0}).",
    noCalendar: 'The plan has no data calendar: no due dates, and nothing is late.',
    year: 'Year',
    section: 'Chapter or section',
    allSections: 'All indicators (by chapter)',
    lateOnly: 'Late only',
    csv: 'Download CSV',
    legend: 'Legend',
    legendLabel: 'Legend: ',
    dueLabel: 'Due dates:',
    published: 'Published',
    approved: 'Approved',
    submitted: 'Submitted',
    entered: 'Entered (not submitted)',
    missing: 'Missing',
    late: 'Late',
    summary: '{0}/{1} published',
    lateCount: '{0} late',
    counts: 'approved {0} · submitted {1} · entered {2} · missing {3}',
    due: 'Due dates',
    dueList: 'By {0}: {1}',
    others: 'the other {0} indicators',
    region: 'Region',
    total: 'Total',
    other: 'Other',
    details: 'Details',
    sep: ', ',
    detailsOf: '{0}: {1}',
    hide: 'Hide',
    detailTitle: '{0}, {1}: each indicator',
    indicator: 'Indicator',
    state: 'State',
    enter: 'Enter data',
    derived: 'Not counted (derived, computed from a formula): {0}',
    nothingLate: 'Nothing is late.',
    noRegions: 'No region for you to see.',
    matrixCaption: 'State of each region × indicator, {0}',
    chapterCaption: 'Each region × chapter, {0} (published / expected)',
    perIndicator: 'Published per indicator',
    notLate: 'not late',
  },
)

type Words = ReturnType<typeof useWords>
type Row = CompletenessReply['rows'][number]

const ICON: Record<CompletenessStateName, string> = { published: '✓', approved: '✔', submitted: '⇧', entered: '✎', missing: '✗' }
const STATES: ReadonlyArray<CompletenessStateName> = ['published', 'approved', 'submitted', 'entered', 'missing']

const sticky = { position: 'sticky', left: 0, background: '#fff', zIndex: 1 } as const

const entryLink = (region: string, year: number, indicator?: string) =>
  `#/data?${indicator ? `indicator=${encodeURIComponent(indicator)}&` : ''}region=${encodeURIComponent(region)}&year=${year}`

/** One cell's state as icon and words (the words for screen readers and as a tooltip), late marked too. */
function StateMark({ row, w }: { row: Row; w: Words }) {
  const words = `${w(row.state)}${row.late ? ` · ${w('late')}` : ''}`
  return (
    <span title={words} className="wstatus" style={row.late ? { color: '#a3141b' } : undefined}>
      <span aria-hidden="true">
        {ICON[row.state]}
        {row.late ? ' ⚠' : ''}
      </span>
      <span className="sr-only">{words}</span>
    </span>
  )
}

function Totals({ t, w }: { t: CompletenessCounts; w: Words }) {
  return (
    <span>
      <span className="nowrap">{w('summary', t.published, t.expected)}</span>
      {t.late > 0 && (
        <>
          {', '}
          <strong style={{ color: '#a3141b' }} className="nowrap">
            <span aria-hidden="true">⚠ </span>
            {w('lateCount', t.late)}
          </strong>
        </>
      )}
    </span>
  )
}

/** Counts in a narrow cell: ✓ published/expected, ⚠ late (late only: just the late count). */
function Short({ t, lateOnly, w }: { t: CompletenessCounts; lateOnly: boolean; w: Words }) {
  const late =
    t.late > 0 ? (
      <span style={{ color: '#a3141b' }}>
        <span aria-hidden="true">⚠</span>
        <span className="sr-only">{w('late')}</span>
        {t.late}
      </span>
    ) : null
  if (lateOnly) return late
  return (
    <span className="nowrap">
      <span aria-hidden="true">✓ </span>
      <span className="sr-only">{w('published')} </span>
      {t.published}/{t.expected} {late}
    </span>
  )
}

function Legend({ w }: { w: Words }) {
  return (
    <p className="small" aria-label={w('legend')} data-testid="completeness-legend">
      <strong>{w('legendLabel')}</strong>
      {STATES.map((s) => (
        <span key={s} className="nowrap" style={{ marginRight: 12 }}>
          <span aria-hidden="true">{ICON[s]} </span>
          {w(s)}
        </span>
      ))}
      <span className="nowrap">
        <span aria-hidden="true">⚠ </span>
        {w('late')}
      </span>
    </p>
  )
}

function DueDates({ c, w }: { c: CompletenessReply; w: Words }) {
  const { pick } = useI18n()
  if (!c.calendar) return <p className="small muted">{w('noCalendar')}</p>
  const byDue = new Map<string, string[]>()
  for (const i of c.indicators) if (i.due) byDue.set(i.due, [...(byDue.get(i.due) ?? []), pick(i.name, i.nameEn)])
  const groups = [...byDue.entries()].sort((a, b) => a[0].localeCompare(b[0]))
  // The largest group is "the rest": named by its count, the others by their indicators.
  const largest = groups.reduce((m, g) => Math.max(m, g[1].length), 0)
  return (
    <div className="small" data-testid="completeness-due">
      <strong>{w('dueLabel')}</strong>
      <ul style={{ margin: '2px 0 8px', paddingLeft: 20 }}>
        {groups.map(([due, names]) => (
          <li key={due}>{w('dueList', due, groups.length > 1 && names.length === largest && names.length > 4 ? w('others', names.length) : names.join(w('sep')))}</li>
        ))}
      </ul>
    </div>
  )
}

/** A region's indicators, each with its state, due date and, for those missing or late, a link to enter them. */
function RegionDetail({ c, region, lateOnly, canEnter, w }: { c: CompletenessReply; region: string; lateOnly: boolean; canEnter: boolean; w: Words }) {
  const { pick } = useI18n()
  const r = c.regions.find((x) => x.code === region)
  const rows = c.rows.filter((x) => x.region === region && (!lateOnly || x.late))
  const ind = new Map(c.indicators.map((i) => [i.id, i]))
  return (
    <section className="panel" aria-labelledby="cmp-detail" data-testid="completeness-detail">
      <h3 id="cmp-detail">{w('detailTitle', r ? pick(r.name, r.nameEn) : region, c.year)}</h3>
      {rows.length === 0 ? (
        <p className="muted">{w('nothingLate')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{w('indicator')}</th>
                <th scope="col">{w('state')}</th>
                <th scope="col">{w('due')}</th>
                {canEnter && <th scope="col">{w('enter')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => {
                const i = ind.get(x.indicator)
                return (
                  <tr key={x.indicator}>
                    <th scope="row">{i ? pick(i.name, i.nameEn) : x.indicator}</th>
                    <td className="nowrap">
                      <span aria-hidden="true">{ICON[x.state]} </span>
                      {w(x.state)}
                      {x.late && (
                        <strong style={{ color: '#a3141b' }}>
                          {' · '}
                          <span aria-hidden="true">⚠ </span>
                          {w('late')}
                        </strong>
                      )}
                    </td>
                    <td className="nowrap">{x.due ?? '—'}</td>
                    {canEnter && (
                      <td>{(x.state === 'missing' || x.late) && x.state !== 'published' ? <a href={entryLink(x.region, x.year, x.indicator)}>{w('enter')}</a> : null}</td>
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function DetailButton({ open, onToggle, name, w }: { open: boolean; onToggle: () => void; name: string; w: Words }) {
  return (
    <button type="button" className="link" aria-expanded={open} aria-controls="cmp-detail" onClick={onToggle} aria-label={w('detailsOf', open ? w('hide') : w('details'), name)}>
      {open ? w('hide') : w('details')}
    </button>
  )
}

/** Regions × the indicators of one chapter or section: each cell's state. */
function Matrix({
  c,
  lateOnly,
  canEnter,
  open,
  setOpen,
  w,
}: {
  c: CompletenessReply
  lateOnly: boolean
  canEnter: boolean
  open: string | null
  setOpen: (r: string | null) => void
  w: Words
}) {
  const { pick } = useI18n()
  const cell = new Map(c.rows.map((r) => [`${r.region}|${r.indicator}`, r]))
  const regions = lateOnly ? c.regions.filter((r) => r.totals.late > 0) : c.regions
  return (
    <div className="table-wrap">
      <table data-testid="completeness-matrix">
        <caption>{w('matrixCaption', c.year)}</caption>
        <thead>
          <tr>
            <th scope="col" style={sticky}>
              {w('region')}
            </th>
            <th scope="col">{w('total')}</th>
            {c.indicators.map((i) => (
              <th scope="col" key={i.id} style={{ minWidth: 88 }}>
                {pick(i.name, i.nameEn)}
                {i.due && <div className="muted small nowrap">{i.due}</div>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={r.code}>
              <th scope="row" style={sticky} className="nowrap">
                {pick(r.name, r.nameEn)}
              </th>
              <td style={{ minWidth: 160 }}>
                <Totals t={r.totals} w={w} /> <DetailButton open={open === r.code} onToggle={() => setOpen(open === r.code ? null : r.code)} name={pick(r.name, r.nameEn)} w={w} />
              </td>
              {c.indicators.map((i) => {
                const x = cell.get(`${r.code}|${i.id}`)
                if (!x || (lateOnly && !x.late)) return <td key={i.id} aria-label={lateOnly ? w('notLate') : undefined} />
                const mark = <StateMark row={x} w={w} />
                return <td key={i.id}>{canEnter && (x.state === 'missing' || x.late) ? <a href={entryLink(r.code, c.year, i.id)}>{mark}</a> : mark}</td>
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" style={sticky}>
              {w('perIndicator')}
            </th>
            <td style={{ minWidth: 160 }}>
              <Totals t={c.totals} w={w} />
            </td>
            {c.indicators.map((i) => (
              <td key={i.id} className="small">
                <Short t={i.totals} lateOnly={lateOnly} w={w} />
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

function add(a: CompletenessCounts, b: CompletenessCounts): CompletenessCounts {
  return {
    expected: a.expected + b.expected,
    published: a.published + b.published,
    approved: a.approved + b.approved,
    submitted: a.submitted + b.submitted,
    entered: a.entered + b.entered,
    missing: a.missing + b.missing,
    late: a.late + b.late,
  }
}
const ZERO: CompletenessCounts = { expected: 0, published: 0, approved: 0, submitted: 0, entered: 0, missing: 0, late: 0 }
const countOf = (r: Row): CompletenessCounts => ({ ...ZERO, expected: 1, [r.state]: 1, late: r.late ? 1 : 0 })

/** Regions × chapters with counts, for all indicators at once (62 columns would not fit). */
function ChapterTable({ c, lateOnly, open, setOpen, w }: { c: CompletenessReply; lateOnly: boolean; open: string | null; setOpen: (r: string | null) => void; w: Words }) {
  const { pick, lang } = useI18n()
  const chapterOf = new Map(c.indicators.map((i) => [i.id, i.chapter ?? '']))
  const rank = (ch: string) => (ch === '' ? 99 : '一二三四五六七八九十'.indexOf(ch))
  const chapters = [...new Set(c.indicators.map((i) => i.chapter ?? ''))].sort((a, b) => rank(a) - rank(b))
  const counts = new Map<string, CompletenessCounts>()
  for (const r of c.rows) {
    const k = `${r.region}|${chapterOf.get(r.indicator) ?? ''}`
    counts.set(k, add(counts.get(k) ?? ZERO, countOf(r)))
  }
  const regions = lateOnly ? c.regions.filter((r) => r.totals.late > 0) : c.regions
  const chapterTotal = (ch: string) => c.regions.reduce((t, r) => add(t, counts.get(`${r.code}|${ch}`) ?? ZERO), ZERO)
  const chapterName = (ch: string) => (ch === '' ? w('other') : lang === 'en' ? `Ch. ${sectionNumber(lang, ch)}` : `第${ch}章`)
  return (
    <div className="table-wrap">
      <table data-testid="completeness-chapters">
        <caption>{w('chapterCaption', c.year)}</caption>
        <thead>
          <tr>
            <th scope="col" style={sticky}>
              {w('region')}
            </th>
            <th scope="col">{w('total')}</th>
            {chapters.map((ch) => (
              <th scope="col" key={ch} className="nowrap">
                {chapterName(ch)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={r.code}>
              <th scope="row" style={sticky} className="nowrap">
                {pick(r.name, r.nameEn)}
              </th>
              <td style={{ minWidth: 160 }}>
                <Totals t={r.totals} w={w} /> <DetailButton open={open === r.code} onToggle={() => setOpen(open === r.code ? null : r.code)} name={pick(r.name, r.nameEn)} w={w} />
              </td>
              {chapters.map((ch) => {
                const t = counts.get(`${r.code}|${ch}`) ?? ZERO
                return (
                  <td key={ch} className="nowrap">
                    <Short t={t} lateOnly={lateOnly} w={w} />
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" style={sticky}>
              {w('total')}
            </th>
            <td style={{ minWidth: 160 }}>
              <Totals t={c.totals} w={w} />
            </td>
            {chapters.map((ch) => (
              <td key={ch} className="small">
                <Short t={chapterTotal(ch)} lateOnly={lateOnly} w={w} />
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

function CompletenessBody({ user }: { user: SessionUser }) {
  const w = useWords()
  const { pick, lang } = useI18n()
  const [year, setYear] = useState('')
  const [section, setSection] = useState('')
  const [lateOnly, setLateOnly] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  const plan = useApi('/api/plan', planReply)
  const query = useMemo(() => {
    const q = new URLSearchParams()
    if (year) q.set('year', year)
    if (section) q.set('section', section)
    return q.toString()
  }, [year, section])
  const state = useApi(`/api/completeness?${query}`, completenessReply)
  const canEnter = user.role === 'reporter' || user.role === 'admin'
  const c = state.data
  const years = useMemo(() => {
    const p = plan.data?.period
    const all = new Set<number>(c?.yearsWithData ?? [])
    if (p) for (let y = p.baselineYear; y <= p.end; y++) all.add(y)
    if (c) all.add(c.year)
    return [...all].sort((a, b) => b - a)
  }, [plan.data, c])
  const csv = useMemo(() => {
    const q = new URLSearchParams({ format: 'csv' })
    if (c) q.set('year', String(c.year))
    if (section) q.set('section', section)
    if (lateOnly) q.set('late', 'true')
    return `/api/completeness?${q.toString()}`
  }, [c, section, lateOnly])
  const sectionLabel = (id: string, title: string, titleEn: string | undefined) => (lang === 'en' ? `${sectionNumber(lang, id)} ${titleEn ?? title}` : `${id} ${title}`)
  return (
    <>
      <p className="small">{w('intro', c?.asOf ?? '')}</p>
      <div className="filters">
        <label>
          {w('year')}
          <select value={year || (c ? String(c.year) : '')} onChange={(e) => setYear(e.target.value)} data-testid="completeness-year">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w('section')}
          <select
            value={section}
            onChange={(e) => {
              setSection(e.target.value)
              setOpen(null)
            }}
            data-testid="completeness-section"
            style={{ maxWidth: '100%' }}
          >
            <option value="">{w('allSections')}</option>
            {plan.data?.chapters.map((ch) => [
              <option key={ch.id} value={ch.id}>
                {sectionLabel(ch.id, ch.title, ch.titleEn)}
              </option>,
              ...ch.sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {'\u00a0\u00a0'}
                  {sectionLabel(s.id, s.title, s.titleEn)}
                </option>
              )),
            ])}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={lateOnly} onChange={(e) => setLateOnly(e.target.checked)} data-testid="completeness-late" /> {w('lateOnly')}
        </label>
        <a href={csv} download>
          {w('csv')}
        </a>
      </div>
      <Async state={state}>
        {(c) => (
          <>
            <p data-testid="completeness-total">
              <strong>
                <Totals t={c.totals} w={w} />
              </strong>
              <span className="muted"> · {w('counts', c.totals.approved, c.totals.submitted, c.totals.entered, c.totals.missing)}</span>
            </p>
            <Legend w={w} />
            <DueDates c={c} w={w} />
            {c.derived.length > 0 && <p className="small muted">{w('derived', c.derived.map((d) => pick(d.name, d.nameEn)).join(w('sep')))}</p>}
            {c.regions.length === 0 ? (
              <p className="state">{w('noRegions')}</p>
            ) : lateOnly && c.totals.late === 0 ? (
              <p className="state state-ok">{w('nothingLate')}</p>
            ) : section ? (
              <Matrix c={c} lateOnly={lateOnly} canEnter={canEnter} open={open} setOpen={setOpen} w={w} />
            ) : (
              <ChapterTable c={c} lateOnly={lateOnly} open={open} setOpen={setOpen} w={w} />
            )}
            {open && <RegionDetail c={c} region={open} lateOnly={lateOnly} canEnter={canEnter} w={w} />}
          </>
        )}
      </Async>
    </>
  )
}

export function CompletenessPage() {
  const w = useWords()
  return (
    <Workplace title={w('title')} roles={['admin', 'reviewer', 'reporter']}>
      {(user) => <CompletenessBody user={user} />}
    </Workplace>
  )
}
